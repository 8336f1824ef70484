/**
 * Catalog benchmark: cold load of the whole bundled catalog from providers/catalog-index.json (median of N
 * fresh child processes), heap and RSS after the load, the in-memory build from providers/data for comparison,
 * and lookups per second of offerings(), egress() and latency().
 *
 * Run: `npx tsc -p tsconfig.json && node dist/providers/catalog/build-index.js && node --expose-gc dist/benchmarks/catalog-load.js [--runs N]`
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LocationRef } from '../src/catalog/types.js';
import { mulberry32 } from '../src/util/prng.js';

/** What one child process measured. */
interface ChildResult {
  readonly importMs: number;
  readonly loadMs: number;
  readonly from: string;
  readonly heapDeltaMiB: number;
  readonly heapUsedMiB: number;
  readonly rssMiB: number;
  /** Time to make every site's Offering objects after the load (the index path makes them on demand). */
  readonly materializeMs: number;
  readonly heapAllMiB: number;
  readonly rssAllMiB: number;
  readonly offerings: number;
}

const MIB = 1024 * 1024;

/** JS heap plus ArrayBuffer memory (the index's typed arrays live outside the JS heap). */
function retained(m: NodeJS.MemoryUsage): number {
  return m.heapUsed + m.arrayBuffers;
}

function collect(): void {
  globalThis.gc?.();
}

/** Child mode: import the loader, load the catalog once, report timings and memory as one JSON line. */
async function runChild(mode: 'index' | 'data', indexPath: string): Promise<void> {
  collect();
  const before = process.memoryUsage();
  const t0 = performance.now();
  const mod = await import('../providers/catalog/load-catalog.js');
  const t1 = performance.now();
  const loaded = mod.loadBundledCatalogWithInfo({ indexPath, from: mode });
  const t2 = performance.now();
  collect();
  const after = process.memoryUsage();
  const t3 = performance.now();
  let count = 0;
  for (const s of loaded.catalog.sites()) count += loaded.catalog.offerings(s.platform, s.region).length;
  const t4 = performance.now();
  collect();
  const all = process.memoryUsage();
  if (count !== loaded.catalog.offeringCount) throw new Error('offering count mismatch');
  const result: ChildResult = {
    importMs: t1 - t0,
    loadMs: t2 - t1,
    from: loaded.from,
    heapDeltaMiB: (retained(after) - retained(before)) / MIB,
    heapUsedMiB: retained(after) / MIB,
    rssMiB: after.rss / MIB,
    materializeMs: t4 - t3,
    heapAllMiB: (retained(all) - retained(before)) / MIB,
    rssAllMiB: all.rss / MIB,
    offerings: loaded.catalog.offeringCount,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function spawnChild(mode: 'index' | 'data', indexPath: string): ChildResult & { processMs: number } {
  const started = performance.now();
  const out = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--child', mode, indexPath], { encoding: 'utf8' });
  const processMs = performance.now() - started;
  if (out.status !== 0) throw new Error(`child failed: ${out.stderr}`);
  return { ...(JSON.parse(out.stdout.trim()) as ChildResult), processMs };
}

/** Deterministic PRNG, so every run queries the same pairs. */
const prng = mulberry32;

/** Calls `op(i)` for `n` iterations after a warm-up, returns calls per second. */
function rate(n: number, op: (i: number) => number): { perSec: number; sink: number } {
  let sink = 0;
  for (let i = 0; i < Math.min(n, 200_000); i++) sink += op(i);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) sink += op(i);
  const ms = performance.now() - t0;
  return { perSec: (n / ms) * 1000, sink };
}

function row(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
}

async function runParent(runs: number): Promise<void> {
  const { bundledIndexPath, loadBundledCatalog } = await import('../providers/catalog/load-catalog.js');
  const { writeCatalogIndex } = await import('../providers/catalog/build-index.js');
  let indexPath = bundledIndexPath();
  if (!existsSync(indexPath)) {
    indexPath = join(mkdtempSync(join(tmpdir(), 'skycluster-bench-')), 'catalog-index.json');
    writeCatalogIndex(indexPath);
    process.stdout.write(`(no providers/catalog-index.json: wrote a temporary one at ${indexPath})\n`);
  }
  const cold = Array.from({ length: runs }, () => spawnChild('index', indexPath));
  if (cold.some((c) => c.from !== 'index')) throw new Error('a child did not load from the index');
  const slow = Array.from({ length: 3 }, () => spawnChild('data', indexPath));

  const catalog = loadBundledCatalog({ indexPath, from: 'index' });
  const sites = catalog.sites();
  const rnd = prng(42);
  const K = 1 << 16;
  const pick = (): number => Math.floor(rnd() * sites.length);
  const siteOf = Array.from({ length: K }, pick);
  const refs: LocationRef[] = Array.from({ length: K }, () => {
    const s = sites[pick()]!;
    return { platform: s.platform, region: s.region, zone: s.zones[Math.floor(rnd() * s.zones.length)]!.name };
  });
  const volumes = Array.from({ length: K }, () => Math.floor(rnd() * 300_000));
  const mask = K - 1;
  const offerings = rate(5_000_000, (i) => {
    const s = sites[siteOf[i & mask]!]!;
    return catalog.offerings(s.platform, s.region).length;
  });
  const egress = rate(3_000_000, (i) => catalog.egress(refs[i & mask]!, refs[(i * 7 + 3) & mask]!, volumes[i & mask]!).costUsd);
  const latency = rate(5_000_000, (i) => {
    const a = refs[i & mask]!;
    const b = refs[(i * 7 + 3) & mask]!;
    return catalog.latency(a.platform, a.region, b.platform, b.region)?.rttMs ?? 0;
  });

  const w = [44, 12];
  const lines = [
    `catalog benchmark: ${sites.length} sites, ${catalog.offeringCount} offerings; node ${process.version}; ${runs} cold runs`,
    row(['measure', 'value'], w),
    row(['load from index, median (ms)', median(cold.map((c) => c.loadMs)).toFixed(1)], w),
    row(
      [
        'load from index, min / max (ms)',
        `${Math.min(...cold.map((c) => c.loadMs)).toFixed(1)} / ${Math.max(...cold.map((c) => c.loadMs)).toFixed(1)}`,
      ],
      w,
    ),
    row(['import of the loader modules, median (ms)', median(cold.map((c) => c.importMs)).toFixed(1)], w),
    row(['whole child process, median (ms)', median(cold.map((c) => c.processMs)).toFixed(0)], w),
    row(['heap+buffers retained by the catalog (MiB)', median(cold.map((c) => c.heapDeltaMiB)).toFixed(1)], w),
    row(['heap+buffers used after load (MiB)', median(cold.map((c) => c.heapUsedMiB)).toFixed(1)], w),
    row(['RSS after load (MiB)', median(cold.map((c) => c.rssMiB)).toFixed(1)], w),
    row(['then every offerings() object made (ms)', median(cold.map((c) => c.materializeMs)).toFixed(1)], w),
    row(['heap+buffers retained, all offerings (MiB)', median(cold.map((c) => c.heapAllMiB)).toFixed(1)], w),
    row(['RSS, all offerings made (MiB)', median(cold.map((c) => c.rssAllMiB)).toFixed(1)], w),
    row(['build from providers/data, median of 3 (ms)', median(slow.map((c) => c.loadMs)).toFixed(0)], w),
    row(['offerings() lookups/s', Math.round(offerings.perSec).toLocaleString('en-US')], w),
    row(['egress() quotes/s', Math.round(egress.perSec).toLocaleString('en-US')], w),
    row(['latency() lookups/s', Math.round(latency.perSec).toLocaleString('en-US')], w),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (!Number.isFinite(offerings.sink + egress.sink + latency.sink)) process.stdout.write('(non-finite checksum)\n');
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  await runChild(args[1] === 'data' ? 'data' : 'index', args[2] ?? '');
} else {
  const at = args.indexOf('--runs');
  const runs = at >= 0 ? Number(args[at + 1]) : 9;
  await runParent(Number.isInteger(runs) && runs > 0 ? runs : 9);
}

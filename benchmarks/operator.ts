/**
 * The operator process (`skycluster controller run`, every controller) against a real kube-apiserver started
 * for the run (test/kube/kube-server.ts; no controller manager), measuring:
 * 1. apply → Plan Ready latency for the 10-component synthetic app (benchmarks/synthetic-app.ts, the dry-run
 *    benchmark's), from the first policy create to the Plan's Ready=True seen by polling every 20 ms; with the
 *    default debounce (1 s quiet time before a solve) and with spec.planning.debounceSeconds: 0;
 * 2. with N single-component policies (default 1,000, each with its Deployment) created at once: the time until
 *    every one is Planned (each reconcile solves), reconciles per second over it, and the operator's RSS then;
 * 3. the operator restarted over those N planned policies: the time until every key was reconciled once (no
 *    solve: the inputs' hash is recorded), reconciles per second, solves seen (should be 0), RSS then.
 * `node dist/benchmarks/operator.js [--runs 5] [--policies 1000] [--out benchmarks/results/operator.json]`
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { cpus, homedir, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILTIN, type KubeClient, type KubeObject } from '../controllers/runtime/index.js';
import { DATAFLOW_POLICY_REF, DEPLOYMENT_POLICY_REF, PLAN_REF } from '../controllers/skycluster-refs.js';
import { CLI_BUNDLE_ENTRY } from '../src/build/cli-bundle.js';
import type { DeploymentPolicy } from '../src/api/policy.js';
import { clientFor } from '../test/kube/kube-client-helpers.js';
import { startKubeServer, type KubeServer } from '../test/kube/kube-server.js';
import { syntheticApp } from './synthetic-app.js';
import { writeResults } from './write-results.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const RUNS = Number(flag('--runs', '5'));
const POLICIES = Number(flag('--policies', '1000'));
const OUT = flag('--out', 'benchmarks/results/operator.json');
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = path.join(ROOT, CLI_BUNDLE_ENTRY);

interface Operator {
  readonly child: ChildProcess;
  readonly port: Promise<number>;
  solves: number;
  /** Solves by key and input hash: a count above 1 is the same inputs solved again. */
  readonly solved: Map<string, number>;
}

function startOperator(kubeconfig: string): Operator {
  const child = spawn(
    process.execPath,
    [CLI, 'controller', 'run', `--kubeconfig=${kubeconfig}`, '--no-leader-elect', '--metrics-port=0', '--metrics-bind-address=127.0.0.1'],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, POD_NAME: 'bench' } },
  );
  const op: Operator = { child, port: Promise.resolve(0), solves: 0, solved: new Map() };
  let buffered = '';
  (op as { port: Promise<number> }).port = new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`operator exited (${code})`)));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        const l = JSON.parse(line) as { msg?: string; port?: number; key?: string; hash?: string };
        if (l.msg === 'caches synced' && typeof l.port === 'number') resolve(l.port);
        if (l.msg === 'solved') {
          op.solves++;
          const k = `${l.key} ${l.hash}`;
          op.solved.set(k, (op.solved.get(k) ?? 0) + 1);
        }
      }
    });
  });
  return op;
}

async function stopOperator(op: Operator): Promise<void> {
  const exited = new Promise((r) => op.child.once('exit', r));
  op.child.kill('SIGTERM');
  await exited;
}

async function metric(op: Operator, name: string, label = ''): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${await op.port}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n'))
    if (line.startsWith(name) && line.includes(label) && !line.startsWith('#')) sum += Number(line.split(' ').pop());
  return sum;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const must = <T>(r: { ok: true; body: T } | { ok: false; status: number; message: string }, what: string): T => {
  if (!r.ok) throw new Error(`${what}: ${r.status} ${r.message}`);
  return r.body;
};

/** A Deployment with the replicas and per-pod requests a policy item states. */
function deploymentFor(ns: string, item: DeploymentPolicy['spec']['deploymentPolicies'][number]): KubeObject {
  const name = item.componentRef.name;
  const labels = { app: name };
  const requests = { cpu: String(item.resources?.cpu ?? '500m'), memory: String(item.resources?.memory ?? '512Mi') };
  return {
    metadata: { name, namespace: ns, labels },
    spec: {
      replicas: item.replicas ?? 1,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name, image: 'registry.example/app:1', resources: { requests } }] } },
    },
  };
}

async function createNamespace(client: KubeClient, name: string): Promise<void> {
  must(await client.create(BUILTIN.namespace, { metadata: { name } }), `namespace ${name}`);
}

const isReady = (o: KubeObject | undefined): boolean =>
  ((o?.['status'] as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some(
    (c) => c.type === 'Ready' && c.status === 'True',
  );

/** Apply → Plan Ready for the 10-component app in a fresh namespace; seconds. */
async function latencyRun(client: KubeClient, ns: string, debounceSeconds: number | undefined): Promise<number> {
  await createNamespace(client, ns);
  const app = syntheticApp({ components: 10, edges: 15 });
  for (const item of app.deploymentPolicy.spec.deploymentPolicies)
    must(await client.create(BUILTIN.deployment, deploymentFor(ns, item)), 'deployment');
  const meta = { ...app.deploymentPolicy.metadata, namespace: ns };
  const spec = debounceSeconds === undefined ? app.deploymentPolicy.spec : { ...app.deploymentPolicy.spec, planning: { debounceSeconds } };
  const t0 = performance.now();
  must(await client.create(DEPLOYMENT_POLICY_REF, { ...app.deploymentPolicy, metadata: meta, spec } as unknown as KubeObject), 'DeploymentPolicy');
  must(await client.create(DATAFLOW_POLICY_REF, { ...app.dataflowPolicy, metadata: meta } as unknown as KubeObject), 'DataflowPolicy');
  for (;;) {
    const p = await client.get<KubeObject>(PLAN_REF, ns, `${meta.name}-plan`);
    if (p.ok && isReady(p.body)) return (performance.now() - t0) / 1000;
    if (performance.now() - t0 > 60_000) throw new Error(`no Ready Plan in ${ns} after 60 s`);
    await sleep(20);
  }
}

/** N single-component applications (policy + Deployment each), created `parallel` at a time. */
async function createMany(client: KubeClient, ns: string, n: number, parallel = 8): Promise<void> {
  let next = 0;
  const one = async (i: number): Promise<void> => {
    const name = `app-${String(i).padStart(4, '0')}`;
    const item = {
      componentRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      replicas: 1 + (i % 3),
      resources: { cpu: ['250m', '500m', '1', '2'][i % 4]!, memory: ['512Mi', '1Gi', '2Gi', '4Gi'][i % 4]! },
      residency: { continents: [i % 3 === 0 ? 'europe' : 'north-america'] },
    };
    must(await client.create(BUILTIN.deployment, deploymentFor(ns, item as never)), name);
    const dp = {
      apiVersion: 'policy.skycluster.io/v1alpha1',
      kind: 'DeploymentPolicy',
      metadata: { name, namespace: ns, labels: { 'skycluster.io/app-id': name } },
      spec: { deploymentPolicies: [item] },
    };
    must(await client.create(DEPLOYMENT_POLICY_REF, dp), `policy ${name}`);
  };
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let i = next++; i < n; i = next++) await one(i);
    }),
  );
}

async function plannedCount(client: KubeClient, ns: string): Promise<number> {
  let count = 0;
  let cont: string | undefined;
  do {
    const page = must(await client.list<KubeObject>(DEPLOYMENT_POLICY_REF, ns, { limit: 500, ...(cont ? { continue: cont } : {}) }), 'list');
    count += page.items.filter((p) => (p['status'] as { phase?: string } | undefined)?.phase === 'Planned').length;
    cont = page.metadata?.continue || undefined;
  } while (cont);
  return count;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const mib = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;

async function main(): Promise<void> {
  const crdDir = path.join(ROOT, 'crds');
  const crdFiles = fs
    .readdirSync(crdDir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => path.join(crdDir, f));
  // Compiled, kube-server.js sits in dist/test/kube without the KUBE_VERSION beside it: name the cache here.
  if (!process.env['SKYCLUSTER_KUBE_BIN_DIR']) {
    const version = fs.readFileSync(path.join(ROOT, 'test', 'kube', 'KUBE_VERSION'), 'utf8').trim();
    const cache = process.env['SKYCLUSTER_KUBE_CACHE'] ?? path.join(homedir(), '.cache', 'skycluster-kube');
    process.env['SKYCLUSTER_KUBE_BIN_DIR'] = path.join(cache, `v${version}`);
  }
  const server: KubeServer = await startKubeServer({ name: 'bench-operator', crdFiles, controllerManager: false });
  try {
    const client = clientFor(server.info, server.info.adminToken);
    let op = startOperator(server.info.kubeconfigPath);
    await op.port;
    const rssIdle = await metric(op, 'process_resident_memory_bytes');

    const withDebounce: number[] = [];
    const noDebounce: number[] = [];
    // One warm-up run (catalog load, first solve) not counted, then the measured runs.
    await latencyRun(client, 'bench-warm', 0);
    for (let r = 0; r < RUNS; r++) {
      withDebounce.push(await latencyRun(client, `bench-lat-d-${r}`, undefined));
      noDebounce.push(await latencyRun(client, `bench-lat-0-${r}`, 0));
    }
    console.log(
      `apply → Plan Ready, 10 components: median ${median(withDebounce).toFixed(2)} s (default 1 s debounce), ${median(noDebounce).toFixed(2)} s (debounce 0)`,
    );

    await createNamespace(client, 'bench-scale');
    const reconcilesBefore = await metric(op, 'controller_runtime_reconcile_total', 'controller="policy"');
    const solvesBefore = op.solves;
    const t0 = performance.now();
    await createMany(client, 'bench-scale', POLICIES);
    const createdSec = (performance.now() - t0) / 1000;
    while ((await plannedCount(client, 'bench-scale')) < POLICIES) await sleep(1000);
    const coldSec = (performance.now() - t0) / 1000;
    const coldReconciles = (await metric(op, 'controller_runtime_reconcile_total', 'controller="policy"')) - reconcilesBefore;
    const coldSolves = op.solves - solvesBefore;
    const repeated = [...op.solved.values()].filter((c) => c > 1).length;
    const rssCold = await metric(op, 'process_resident_memory_bytes');
    const heapCold = await metric(op, 'nodejs_heap_size_used_bytes');
    console.log(
      `${POLICIES} policies: created in ${createdSec.toFixed(1)} s, all Planned after ${coldSec.toFixed(1)} s; ${coldReconciles} policy reconciles (${(coldReconciles / coldSec).toFixed(1)}/s), ${coldSolves} solves (${repeated} of the same inputs again); RSS ${mib(rssCold)} MiB`,
    );

    await stopOperator(op);
    op = startOperator(server.info.kubeconfigPath);
    await op.port;
    const t1 = performance.now();
    const keys = POLICIES + 1 + RUNS * 2; // every DeploymentPolicy in the cluster
    let steady = 0;
    while ((steady = await metric(op, 'controller_runtime_reconcile_total', 'controller="policy"')) < keys) await sleep(100);
    const steadySec = (performance.now() - t1) / 1000;
    const rssSteady = await metric(op, 'process_resident_memory_bytes');
    console.log(
      `restart over ${keys} planned policies: every key reconciled ${steadySec.toFixed(1)} s after the caches synced (${(steady / steadySec).toFixed(0)} reconciles/s), ${op.solves} solves; RSS ${mib(rssSteady)} MiB`,
    );
    await stopOperator(op);

    const result = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg: loadavg() },
      latency10: {
        runs: RUNS,
        defaultDebounceSec: withDebounce,
        noDebounceSec: noDebounce,
        medianDefaultSec: median(withDebounce),
        medianNoDebounceSec: median(noDebounce),
      },
      scale: {
        policies: POLICIES,
        createSec: createdSec,
        allPlannedSec: coldSec,
        reconciles: coldReconciles,
        reconcilesPerSec: coldReconciles / coldSec,
        solves: coldSolves,
        sameInputsSolvedAgain: repeated,
        rssMiB: mib(rssCold),
        heapUsedMiB: mib(heapCold),
      },
      restart: { keys, sec: steadySec, reconciles: steady, reconcilesPerSec: steady / steadySec, solves: op.solves, rssMiB: mib(rssSteady) },
      idleRssMiB: mib(rssIdle),
    };
    console.log(JSON.stringify(result, null, 2));
    console.log(writeResults(OUT, result));
  } finally {
    await server.stop();
  }
}

await main();

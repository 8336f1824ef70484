/**
 * `skycluster atlas preview|render` end to end on the bundled examples' plans, and a Plan failing its schema. The
 * table preview and the refusal run the real process; the plans, the JSON preview and the render run the same
 * commands in this process (test/cli-in-process.ts), sparing a Node start and module load each.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { AtlasSchema } from '../src/api/atlas.js';
import { runCliInProcess } from './cli-in-process.js';
import { CLI } from './cli-path.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'skycluster-atlas-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
}

async function planOf(example: string, extra: string[] = []): Promise<string> {
  const r = await runCliInProcess(['optimize', '-f', `policies/${example}.yaml`, ...extra, '--time-limit', '20s', '-o', 'yaml']);
  expect(r.code, r.stderr).toBe(0);
  const file = join(dir, `${example}.plan.yaml`);
  writeFileSync(file, r.stdout);
  return file;
}

describe('skycluster atlas', () => {
  it.each([
    ['gpu-pipeline', [], 'aws:eks/NodeGroup'],
    ['three-tier-web', [], 'azure-native:containerservice/AgentPool'],
  ])('preview of the %s plan lists every stack resource', async (example, extra, type) => {
    const plan = await planOf(example, extra);
    const r = run(['atlas', 'preview', '-f', plan]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Atlas \S+ for /);
    expect(r.stdout).toContain(type);
    expect(r.stdout).toContain('10.0.0.0/16');
    expect(r.stdout).toContain('kubeconfig=[secret]');
    const json = await runCliInProcess(['atlas', 'preview', '-f', plan, '-o', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const stacks = (JSON.parse(json.stdout) as { stacks: { resources: unknown[] }[] }).stacks;
    expect(stacks.length).toBeGreaterThan(0);
    const rendered = await runCliInProcess(['atlas', 'render', '-f', plan]);
    expect(AtlasSchema.safeParse(parse(rendered.stdout)).success).toBe(true);
  });

  it('rejects a Plan failing its schema, naming the object and field', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'apiVersion: core.skycluster.io/v1alpha1\nkind: Plan\nmetadata: {name: p}\nspec: {application: a}\n');
    const r = run(['atlas', 'preview', '-f', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('(Plan/p)');
    expect(r.stderr).toContain('spec.');
    expect(r.stdout).toBe('');
  });
});

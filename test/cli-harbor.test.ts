/**
 * `skycluster harbor render` end to end: prints every object per cluster (Secret values redacted) or writes
 * a kustomize tree per cluster; refuses an unapproved plan and a plan without its DeploymentPolicy.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { CLI } from './cli-path.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const FIXTURES = join(ROOT, 'test', 'fixtures', 'harbor');
const dir = mkdtempSync(join(tmpdir(), 'harbor-render-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'harbor', 'render', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('skycluster harbor render', () => {
  it('prints every object per cluster, Secret values redacted', () => {
    const r = run('-f', FIXTURES);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('czNjcjN0');
    expect(r.stderr).not.toContain('czNjcjN0');
    const docs = r.stdout.split(/^---$/m).map((d) => parse(d) as { kind: string; metadata: { name: string } });
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toContain('ServiceImport/api');
    expect(r.stdout.match(/^# cluster: (.*)$/gm)?.filter((l, i, all) => all.indexOf(l) === i)).toEqual([
      '# cluster: shop-aws-us-east-1',
      '# cluster: shop-gcp-us-central1',
    ]);
    expect(r.stderr).toBe(
      'note: node pool of trainer@aws/us-east-1/us-east-1a on shop-aws-us-east-1 needs taint skyhook.nvidia.com=runtime-required:NoSchedule (runtimeRequired host packages)\n',
    );
  });

  it('writes a kustomize tree per cluster with --out', () => {
    const out = join(dir, 'tree');
    const r = run('-f', FIXTURES, '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`wrote 19 file(s) for 2 cluster(s) under ${out}: shop-aws-us-east-1 (10 objects), shop-gcp-us-central1 (7 objects)\n`);
    for (const cluster of readdirSync(out)) {
      const k = parse(readFileSync(join(out, cluster, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
      expect(k.resources.sort()).toEqual(
        readdirSync(join(out, cluster))
          .filter((f) => f !== 'kustomization.yaml')
          .sort(),
      );
    }
    // The LoadBalancer SkyShift Service lands where api runs, as its primary.
    const lb = parse(readFileSync(join(out, 'shop-aws-us-east-1', '070-service-shop-api-public.yaml'), 'utf8')) as { spec: { type: string } };
    expect(lb.spec.type).toBe('LoadBalancer');
  });

  it('renders NodeWright objects for the clusters named with --nodewright', () => {
    const r = run('-f', FIXTURES, '--nodewright', 'shop-aws-us-east-1');
    expect(r.stdout).toContain('apiVersion: nodewright.nvidia.com/v1alpha1\nkind: NodeWright');
    expect(r.stderr).toContain('taint nodewright.nvidia.com=runtime-required:NoSchedule');
  });

  it('refuses an unapproved plan unless asked for a preview', () => {
    const plan = parse(readFileSync(join(FIXTURES, 'plan.yaml'), 'utf8')) as { spec: { revision: number } };
    plan.spec.revision = 2; // the approval was given for revision 1
    const p = join(dir, 'plan-r2.yaml');
    writeFileSync(p, stringify(plan));
    const files = ['-f', p, join(FIXTURES, 'deployment-policy.yaml'), join(FIXTURES, 'app.yaml')];
    const r = run(...files);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'spec.approval: the plan is not approved for its current inputs and revision; approve it first (or pass --allow-unapproved for a preview)\n',
    );
    expect(run(...files, '--allow-unapproved').code).toBe(0);
  });

  it('names the missing DeploymentPolicy', () => {
    const r = run('-f', join(FIXTURES, 'plan.yaml'), join(FIXTURES, 'app.yaml'));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `${join(FIXTURES, 'plan.yaml')} document 1 (Plan/shop-plan): spec.policyRefs.deploymentPolicy: the plan was made from DeploymentPolicy "shop", which is not among the inputs (components' manifests and host packages come from it)\n`,
    );
  });
});

/**
 * `skycluster provider` against an API server without skycluster's CRDs (the most common first mistake): list
 * and register say to install them, in one line, and register writes nothing. Shares the CRD-less server
 * `harbor-target` (same request as test/kube-harbor-dry-run.test.ts), so a full run starts no extra server.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli, type Run } from './cli-kube-run.js';
import { freshNamespace } from './kube/kube-client-helpers.js';
import { useKubeServer, type KubeTestEnv } from './kube/kube-test-env.js';

let kube: KubeTestEnv;
let ns: string;
let tmp = '';
let kubeconfig = '';

function cli(args: string[]): Promise<Run> {
  return runCli(['provider', ...args, '--kubeconfig', kubeconfig, '-n', ns], tmp);
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build`);
  kube = await useKubeServer('harbor-target', { crds: false, controllerManager: false });
  ns = await freshNamespace(kube.admin, 'provider-nocrds');
  tmp = mkdtempSync(join(tmpdir(), 'skycluster-provider-nocrds-'));
  kubeconfig = join(tmp, 'admin.kubeconfig');
  writeFileSync(kubeconfig, kube.kubeconfig(kube.info.adminToken));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('skycluster provider on a cluster without the CRDs', () => {
  it('list and register say to install the CRDs; nothing is written', async () => {
    const [list, register] = await Promise.all([cli(['list']), cli(['register', 'aws', '--region', 'us-east-1', '--zones', 'use1-az1'])]);
    const message = `cluster ${kube.info.name}, namespace ${ns}: the cluster does not serve core.skycluster.io/v1alpha1 ProviderProfile: install skycluster's CRDs (crds/ or the Helm chart) first\n`;
    for (const r of [list, register]) {
      expect(r).toMatchObject({ code: 1, stdout: '', stderr: message });
    }
  });
});

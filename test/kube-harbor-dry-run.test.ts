/**
 * The GitOps tree of `skycluster harbor render --out` against a real kube-apiserver: with Skyhook's CRD and
 * the MCS CRDs installed, `kubectl apply --dry-run=server -k <cluster dir>` accepts every cluster's tree
 * (schemas, required fields, the Skyhook and ServiceExport/ServiceImport objects included).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { KubeObject } from '../controllers/runtime/index.js';
import { installCrdObjects, installCrds } from './kube/kube-client-helpers.js';
import { useKubeServer, type KubeTestEnv } from './kube/kube-test-env.js';
import { CLI } from './cli-path.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'harbor-dry-run-'));
let env: KubeTestEnv;
let kubeconfig: string;

beforeAll(async () => {
  env = await useKubeServer('harbor-target', { crds: false, controllerManager: false });
  await installCrds(env.admin, [
    join(ROOT, 'test', 'fixtures', 'mcs', 'multicluster.x-k8s.io_serviceexports.yaml'),
    join(ROOT, 'test', 'fixtures', 'mcs', 'multicluster.x-k8s.io_serviceimports.yaml'),
  ]);
  kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, env.kubeconfig(env.info.adminToken));
  // Skyhook's CRD as published, but for one default: kube-apiserver v1.20 (the test server) reads the empty-string
  // default of status.packageList as null and refuses the whole CRD; current servers accept it. Status only.
  const crd = parse(readFileSync(join(ROOT, 'test', 'fixtures', 'skyhook', 'skyhook.nvidia.com_skyhooks.crd.yaml'), 'utf8')) as KubeObject;
  const status = (
    crd as unknown as {
      spec: { versions: { schema: { openAPIV3Schema: { properties: { status: { properties: Record<string, { default?: unknown }> } } } } }[] };
    }
  ).spec.versions[0]!.schema.openAPIV3Schema.properties.status.properties;
  expect(status['packageList']?.default).toBe('');
  delete status['packageList']!.default;
  await installCrdObjects(env.admin, [crd]);
  // A server-side dry run persists nothing, so the tree's namespace must exist for its namespaced objects.
  const ns = spawnSync('kubectl', ['--kubeconfig', kubeconfig, 'create', 'namespace', 'shop', '--save-config'], { encoding: 'utf8' });
  expect(ns.status, ns.stderr).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('harbor render --out against a real API server', () => {
  it('every cluster tree is accepted by kubectl apply --dry-run=server -k', () => {
    const out = join(dir, 'tree');
    const r = spawnSync(process.execPath, [CLI, 'harbor', 'render', '-f', join(ROOT, 'test', 'fixtures', 'harbor'), '--out', out], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    const clusters = readdirSync(out).sort();
    expect(clusters).toEqual(['shop-aws-us-east-1', 'shop-gcp-us-central1']);
    for (const cluster of clusters) {
      const k = spawnSync('kubectl', ['--kubeconfig', kubeconfig, 'apply', '--dry-run=server', '-k', join(out, cluster)], { encoding: 'utf8' });
      expect(k.stderr).toBe('');
      expect(k.status).toBe(0);
      const files = readdirSync(join(out, cluster)).filter((f) => f !== 'kustomization.yaml');
      // One line per object: "<kind>/<name> created (server dry run)" (or "configured" for the namespace).
      expect(k.stdout.trim().split('\n')).toHaveLength(files.length);
      expect(k.stdout).toMatch(/serviceexport|serviceimport/);
    }
  });
});

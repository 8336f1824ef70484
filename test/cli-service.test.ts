/**
 * `skycluster service create|get|delete` end to end across a process boundary: with --local DIR (files that
 * `harbor render -f DIR` reads) and against a real management API server (labelled ConfigMaps the Harbor
 * controller reads), including `get --watch`; every bad input prints the message a user sees and exits 1.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { refFor } from '../controllers/harbor/resource-refs.js';
import type { KubeObject } from '../controllers/runtime/index.js';
import { eventually, freshNamespace } from './kube/kube-client-helpers.js';
import { useKubeServer, type KubeTestEnv } from './kube/kube-test-env.js';
import { CLI } from './cli-path.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const STACK = /^\s+at .+:\d+:\d+|node:internal|internal error/m;
let tmp = '';
let dir = '';

function cli(args: string[], env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'service', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    input: '',
    env: { ...process.env, HOME: tmp, KUBECONFIG: '', ...env },
  });
  expect(r.stdout).not.toMatch(STACK);
  expect(r.stderr).not.toMatch(STACK);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build`);
  tmp = mkdtempSync(join(tmpdir(), 'skycluster-service-'));
  dir = join(tmp, 'services');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('skycluster service --local', () => {
  it('creates from skyctl-style flags a SkyShift Service file, replaces it, lists it and prints it as YAML', () => {
    const c = cli([
      'create',
      'web',
      '-t',
      'NodePort',
      '-s',
      'app=web',
      '-p',
      '80:8080:30080',
      '-p',
      '53:53/udp',
      '-c',
      'shop-gcp-us-central1',
      '--local',
      dir,
    ]);
    expect(c).toMatchObject({ code: 0, stdout: `service default/web created in directory ${dir}\n`, stderr: '' });
    expect(readdirSync(dir)).toEqual(['default_web.service.yaml']);
    expect(parse(readFileSync(join(dir, 'default_web.service.yaml'), 'utf8'))).toEqual({
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        type: 'NodePort',
        selector: { app: 'web' },
        ports: [
          { port: 80, target_port: 8080, protocol: 'TCP', node_port: 30080 },
          { port: 53, target_port: 53, protocol: 'UDP' },
        ],
        primary_cluster: 'shop-gcp-us-central1',
      },
    });
    expect(cli(['create', 'web', '-s', 'app=web', '-p', '80:8080', '--local', dir]).stdout).toBe(
      `service default/web replaced in directory ${dir}\n`,
    );
    expect(cli(['create', 'api', '-n', 'shop', '-s', 'app=api', '-p', '80:8080', '--local', dir]).code).toBe(0);
    const all = cli(['get', '-A', '--local', dir]);
    expect(all).toMatchObject({ code: 0, stderr: '' });
    expect(all.stdout).toBe(
      [
        'NAME  NAMESPACE  TYPE       CLUSTER-IP  PORTS        PRIMARY  SELECTOR',
        'web   default    ClusterIP  -           80:8080/TCP  auto     app=web',
        'api   shop       ClusterIP  -           80:8080/TCP  auto     app=api',
        '',
      ].join('\n'),
    );
    const one = cli(['get', 'api', '-n', 'shop', '-o', 'yaml', '--local', dir]);
    expect(parse(one.stdout)).toEqual({
      kind: 'Service',
      metadata: { name: 'api', namespace: 'shop' },
      spec: { type: 'ClusterIP', selector: { app: 'api' }, ports: [{ port: 80, target_port: 8080, protocol: 'TCP' }], primary_cluster: 'auto' },
    });
  });

  it('reads the SkyShift examples unchanged with -f (also under --strict)', () => {
    const r = cli(['create', '-f', 'test/fixtures/skyshift/nginx-demo__service.yaml', '--local', dir]);
    expect(r).toMatchObject({ code: 0, stdout: `service default/servicedemo created in directory ${dir}\n`, stderr: '' });
    expect(cli(['get', 'servicedemo', '--local', dir]).stdout).toContain(
      'servicedemo  default    LoadBalancer  -           8080:80/TCP  remote   app=nginx',
    );
    const nodePort = cli(['create', '-f', 'test/fixtures/skyshift/load-balancing__cluster1-service.yaml', '--strict', '--local', dir]);
    expect(nodePort.code).toBe(0);
  });

  it('refuses bad input with the message a user sees, writing nothing', () => {
    const before = readdirSync(dir).sort();
    expect(cli(['create', 'x', '-p', '80', '-s', 'app=x', '--local', dir])).toMatchObject({
      code: 1,
      stdout: '',
      stderr: '(Service/x): --port: expected PORT:TARGET[:NODE_PORT][/TCP|UDP] (e.g. 80:8080 or 53:53/UDP), got "80"\n',
    });
    // Every other rule (SkyShift's and the flags'): controllers/harbor/service-flags.test.ts, in-process.
    expect(cli(['create', 'x', '-p', '80:80', '-s', 'a=b', '-n', 'Not_A_Namespace', '--local', dir]).stderr).toBe(
      '--namespace: "Not_A_Namespace" is not a namespace name (lower-case letters, digits and "-", at most 63)\n',
    );
    const bad = join(tmp, 'bad.yaml');
    writeFileSync(bad, 'kind: Service\nmetadata: {name: ""}\n');
    expect(cli(['create', '-f', bad, '--local', dir]).stderr).toContain(`${bad} document 1: metadata.name: Object name cannot be empty.`);
    expect(cli(['create', 'x', '-p', '80:80', '-s', 'a=b'])).toMatchObject({
      code: 1,
      stderr: '--local: no target: give --local DIR, or a cluster with --kubeconfig FILE or KUBECONFIG\n',
    });
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(cli(['get', '--watch', '--local', dir]).stderr).toBe('--watch: --watch follows a cluster; a --local directory has nothing to watch\n');
    expect(cli(['get', 'nope', '--local', dir])).toMatchObject({
      code: 1,
      stderr: `name: service "nope" not found in namespace "default" (directory ${dir})\n`,
    });
  });

  it('deletes; deleting again is an error', () => {
    expect(cli(['delete', 'api', '-n', 'shop', '--local', dir])).toMatchObject({
      code: 0,
      stdout: `service shop/api deleted from directory ${dir}\n`,
    });
    expect(cli(['delete', 'api', '-n', 'shop', '--local', dir])).toMatchObject({
      code: 1,
      stderr: `name: service "api" not found in namespace "shop" (directory ${dir})\n`,
    });
  });
});

describe('skycluster service on a management cluster', () => {
  let env: KubeTestEnv;
  let ns = '';
  const CM = refFor('v1', 'ConfigMap')!;
  beforeAll(async () => {
    env = await useKubeServer('mgmt', { crds: true });
    ns = await freshNamespace(env.admin, 'svc');
  });

  it('create writes a labelled ConfigMap holding the SkyShift YAML; get lists it; --watch prints changes; delete removes it', async () => {
    const kc = ['--kubeconfig', env.info.kubeconfigPath, '-n', ns];
    const c = cli(['create', 'api', '-t', 'LoadBalancer', '-s', 'app=api', '-p', '80:8080', ...kc]);
    expect(c).toMatchObject({ code: 0, stdout: `service ${ns}/api created in cluster ${env.info.server}\n` });
    const cm = await env.admin.get<KubeObject>(CM, ns, 'api');
    expect(cm.ok && cm.body.metadata?.labels).toMatchObject({ 'skycluster.io/skyshift-service': 'true' });
    expect(parse((cm.ok ? (cm.body['data'] as Record<string, string>) : {})['service.yaml'] ?? '')).toMatchObject({
      kind: 'Service',
      metadata: { name: 'api', namespace: ns },
      spec: { type: 'LoadBalancer' },
    });
    expect(cli(['get', ...kc]).stdout.split('\n')[1]).toBe(`api   ${ns}  LoadBalancer  -           80:8080/TCP  auto     app=api`);

    // A ConfigMap of the same name that is not a service is never overwritten nor deleted.
    expect((await env.admin.create(CM, { metadata: { name: 'plain', namespace: ns }, data: { a: 'b' } })).ok).toBe(true);
    expect(cli(['create', 'plain', '-s', 'app=x', '-p', '80:80', ...kc]).stderr).toBe(
      `(Service/plain): metadata.name: ConfigMap ${ns}/plain exists on cluster ${env.info.server} and holds no SkyShift Service: it is left alone; choose another name\n`,
    );
    expect(cli(['delete', 'plain', ...kc]).code).toBe(1);
    expect((await env.admin.get(CM, ns, 'plain')).ok).toBe(true);

    const watcher = spawn(process.execPath, [CLI, 'service', 'get', '--watch', ...kc], {
      cwd: ROOT,
      env: { ...process.env, HOME: tmp, KUBECONFIG: '' },
    });
    let out = '';
    watcher.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => watcher.on('exit', (code) => resolve(code)));
    await eventually('the listed table', () => (out.includes('app=api') ? true : undefined), 20_000);
    expect(cli(['create', 'web', '-s', 'app=web', '-p', '80:8080', ...kc]).code).toBe(0);
    await eventually('the new row', () => (out.includes(`web  ${ns}`) ? true : undefined), 20_000);
    expect(cli(['delete', 'web', ...kc]).code).toBe(0);
    await eventually('the deleted row', () => (out.includes('(deleted)') ? true : undefined), 20_000);
    watcher.kill('SIGINT');
    expect(await exited).toBe(0);

    expect(cli(['delete', 'api', ...kc])).toMatchObject({ code: 0, stdout: `service ${ns}/api deleted from cluster ${env.info.server}\n` });
    expect((await env.admin.get(CM, ns, 'api')).status).toBe(404);
    expect(cli(['create', 'x', '-s', 'a=b', '-p', '80:80', '--kubeconfig', env.info.kubeconfigPath, '-n', 'no-such-ns'])).toMatchObject({
      code: 1,
      stderr: `(Service/x): metadata.namespace: namespace "no-such-ns" does not exist on cluster ${env.info.server}\n`,
    });
  });
});

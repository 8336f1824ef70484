/**
 * The Atlas controller on the real kube-apiserver, driving the RECORDING TEST DOUBLE of the engine interface
 * (atlas-recording-engine.ts: no Pulumi, no cloud). Create (initiators before acceptors, links converge,
 * kubeconfig Secrets owned by the Atlas, Ready=True), update (only the changed stack runs; a removed stack is
 * destroyed after its peer dropped the link), a failing up retried with backoff then reported, a stack killed
 * mid-up resumed by a new controller (cancel, refresh, up), delete (dependents destroyed first, then the
 * finalizer goes), a missing credentials Secret named in a condition, an invalid spec terminal, and no secret
 * value in any status, Event or log line.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAtlasController, ATLAS_FINALIZER, automationEngineFromSecret, kubeconfigSecretName, SECRET_REF } from '../../controllers/atlas/index.js';
import type { ControllerDeps } from '../../controllers/controller-deps.js';
import {
  BUILTIN,
  Controller,
  createLogger,
  createMetrics,
  EventRecorder,
  findCondition,
  Manager,
  OperatorConfigSchema,
  type KubeClient,
  type KubeObject,
} from '../../controllers/runtime/index.js';
import { ATLAS_REF } from '../../controllers/skycluster-refs.js';
import type { Atlas, AtlasCluster, Link } from '../../src/api/atlas.js';
import { eventually, freshNamespace } from '../kube/kube-client-helpers.js';
import { useKubeServer, type KubeTestEnv } from '../kube/kube-test-env.js';
import { wireguardPublicKey } from '../../providers/pulumi/wireguard.js';
import { RecordingEngine } from './atlas-recording-engine.js';

const AWS_SECRET = 'aws-secret-value-9f8e7d6c5b4a';
const GCP_PRIVATE_KEY = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n';
const AZURE_SECRET = 'azure-client-secret-0a1b2c3d';
const WG_KEY = Buffer.from('wg-private-key-of-web-c-32-bytes').toString('base64');
const SECRET_VALUES = [AWS_SECRET, 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', AZURE_SECRET, WG_KEY, 'secret-marker-'];

let kube: KubeTestEnv;
let ns: string;
let controller: Controller;
const engine = new RecordingEngine();
// A careless engine echoes a credential in its output: the controller must redact it before logging.
engine.logLine = (stack, ctx) => `${stack}: using ${Object.values(ctx.secrets.env).join(' ')}`;
const logLines: string[] = [];
/** WireGuard private keys the controller generated (read back from their Secrets). */
const generatedKeys: string[] = [];
const managers: Manager[] = [];

function sink(): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, cb) {
      logLines.push(chunk.toString());
      cb();
    },
  });
}

/** A manager running only the Atlas controller on `namespace` with `eng`. */
async function startController(namespace: string, eng: RecordingEngine): Promise<{ manager: Manager; controller: Controller }> {
  const log = createLogger('debug', sink());
  const metrics = createMetrics(false);
  const m = new Manager({ client: kube.admin, log, metrics });
  const config = OperatorConfigSchema.parse({
    namespaces: [namespace],
    leaderElection: { enabled: false, identity: 'test' },
    workers: 2,
    shutdownGraceSeconds: 0.2,
  });
  const deps: ControllerDeps = { client: kube.admin, manager: m, log, metrics, config, events: new EventRecorder(kube.admin, log, 'test') };
  const c = addAtlasController(deps, { engine: eng, parallelism: 4, secretPollMs: 300, inFlightPollMs: 100, resyncMs: 400 });
  await m.start();
  managers.push(m);
  return { manager: m, controller: c };
}

async function secret(client: KubeClient, namespace: string, name: string, data: Record<string, string>): Promise<void> {
  const body = {
    metadata: { name, namespace },
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  };
  const r = await client.create(SECRET_REF, body);
  if (!r.ok) throw new Error(`secret ${name}: ${r.message}`);
}

async function credentials(namespace: string): Promise<void> {
  await secret(kube.admin, namespace, 'aws-creds', { accessKeyId: 'AKIAEXAMPLE0001', secretAccessKey: AWS_SECRET });
  await secret(kube.admin, namespace, 'gcp-creds', {
    credentials: JSON.stringify({ type: 'service_account', project_id: 'demo-project', private_key: GCP_PRIVATE_KEY }),
  });
  await secret(kube.admin, namespace, 'azure-creds', { clientId: 'cid', clientSecret: AZURE_SECRET, tenantId: 'tid', subscriptionId: 'sid' });
}

let block = 0;
function cluster(name: string, platform: string, pools: readonly string[], extra: Partial<AtlasCluster> = {}): AtlasCluster {
  const i = block++;
  return {
    name,
    platform,
    region: `${platform}-region`,
    siteKind: 'cloud',
    credentialsSecretRef: { name: `${platform}-creds` },
    network: { cidr: `10.${2 * i}.0.0/16`, podsCidr: `10.${2 * i + 1}.0.0/17`, servicesCidr: `10.${2 * i + 1}.128.0/20`, subnets: [] },
    nodePools: pools.map((p) => ({
      name: p,
      placementId: `${p}-placement`,
      component: p,
      zone: 'z1',
      flavor: 'm5.large',
      nodes: 1,
      spot: false,
      labels: { 'skycluster.io/component': p },
      taints: [],
    })),
    instances: [],
    ...extra,
  };
}

function gateway(name: string): AtlasCluster['gateway'] {
  return { flavor: 't3.small', zone: 'z1', privateKeySecretRef: { name: `${name}-wg`, key: 'privateKey' } };
}

function atlas(name: string, namespace: string, clusters: AtlasCluster[], links: Link[] = []): KubeObject {
  return {
    apiVersion: 'core.skycluster.io/v1alpha1',
    kind: 'Atlas',
    metadata: { name, namespace },
    spec: { planRef: { name: `${name}-plan` }, application: name, executionEnvironment: 'Kubernetes', clusters, links },
  };
}

async function getAtlas(namespace: string, name: string): Promise<Atlas | undefined> {
  const r = await kube.admin.get<Atlas & KubeObject>(ATLAS_REF, namespace, name);
  return r.ok ? r.body : undefined;
}

async function readyAtlas(namespace: string, name: string, generation?: number): Promise<Atlas> {
  return eventually(
    `${name} Ready`,
    async () => {
      const a = await getAtlas(namespace, name);
      const c = findCondition(a?.status?.conditions, 'Ready');
      return c?.status === 'True' && (generation === undefined || c.observedGeneration === generation) ? a : undefined;
    },
    10_000,
  );
}

beforeAll(async () => {
  kube = await useKubeServer();
  ns = await freshNamespace(kube.admin, 'atlas');
  await credentials(ns);
  // web-c brings its own WireGuard key; web-a's is generated by the controller.
  await secret(kube.admin, ns, 'web-c-wg', { privateKey: WG_KEY });
  ({ controller } = await startController(ns, engine));
}, 30_000);
afterAll(async () => {
  for (const m of managers) await m.stop();
});

describe('Atlas controller with the recording engine double', () => {
  it('create: initiators before acceptors, links converge, kubeconfig Secrets owned by the Atlas, Ready=True', async () => {
    // web-a and web-b: AWS peering (web-a requests, web-b accepts); web-a and web-c: WireGuard across clouds.
    const clusters = [
      cluster('web-a', 'aws', ['api'], { gateway: gateway('web-a') }),
      cluster('web-b', 'aws', ['db']),
      cluster('web-c', 'gcp', ['cache'], { gateway: gateway('web-c') }),
    ];
    const links: Link[] = [
      { from: 'web-a', to: 'web-b', transport: 'peering', components: ['api->db'] },
      { from: 'web-a', to: 'web-c', transport: 'wireguard', components: ['api->cache'] },
    ];
    expect((await kube.admin.create(ATLAS_REF, atlas('web', ns, clusters, links))).ok).toBe(true);
    const a = await readyAtlas(ns, 'web');

    const ups = engine.stacksOf('up');
    // The acceptor's first up comes after the initiator's; every stack ran; web-a ran again when its peers became Ready.
    expect(ups.indexOf('web-b')).toBeGreaterThan(ups.indexOf('web-a'));
    expect(new Set(ups)).toEqual(new Set(['web-a', 'web-b', 'web-c']));
    const stacks = a.status?.stacks ?? [];
    expect(stacks.map((s) => [s.name, s.phase, s.peersSeen])).toEqual([
      ['web-a', 'Ready', ['web-b', 'web-c']],
      ['web-b', 'Ready', ['web-a']],
      ['web-c', 'Ready', ['web-a']],
    ]);
    expect(stacks[0]).toMatchObject({
      endpoint: 'https://web-a.test.invalid',
      caCertificate: Buffer.from('CA of web-a').toString('base64'),
      kubeconfigSecretRef: { name: kubeconfigSecretName('web-a'), key: 'kubeconfig' },
      platform: 'aws',
      credentialsSecretRef: { name: 'aws-creds' },
      resourceCount: 7, // the double counts 3 + pools + gateway + peers
    });
    // Credentials reached the engine as the provider plugin's variables.
    expect(engine.calls.find((c) => c.op === 'up' && c.stack === 'web-a')?.envKeys).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']);
    expect(engine.calls.find((c) => c.op === 'up' && c.stack === 'web-c')?.envKeys).toEqual(['GOOGLE_CREDENTIALS']);
    expect(findCondition(a.status?.conditions, 'Ready')).toMatchObject({ reason: 'Provisioned', message: '3 stack(s) ready', observedGeneration: 1 });
    expect(findCondition(a.status?.conditions, 'Provisioning')).toMatchObject({ status: 'False', reason: 'Provisioned' });
    const obj = await kube.admin.get<KubeObject>(ATLAS_REF, ns, 'web');
    expect(obj.ok && obj.body.metadata?.finalizers).toEqual([ATLAS_FINALIZER]);

    const s = await kube.admin.get<KubeObject & { data: Record<string, string> }>(SECRET_REF, ns, kubeconfigSecretName('web-b'));
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    expect(Buffer.from(s.body.data['kubeconfig'] ?? '', 'base64').toString()).toBe(RecordingEngine.kubeconfigOf('web-b'));
    expect(s.body.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Atlas', name: 'web', controller: true });

    // web-a had no WireGuard key Secret: the controller made a key pair, owned by the Atlas; web-c's was kept.
    const wg = await kube.admin.get<KubeObject & { data: Record<string, string> }>(SECRET_REF, ns, 'web-a-wg');
    expect(wg.ok).toBe(true);
    if (!wg.ok) return;
    const priv = Buffer.from(wg.body.data['privateKey'] ?? '', 'base64').toString();
    generatedKeys.push(priv);
    expect(Buffer.from(wg.body.data['publicKey'] ?? '', 'base64').toString()).toBe(wireguardPublicKey(priv));
    expect(wg.body.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Atlas', name: 'web' });
    const wgC = await kube.admin.get<KubeObject & { data: Record<string, string> }>(SECRET_REF, ns, 'web-c-wg');
    expect(wgC.ok && Buffer.from(wgC.body.data['privateKey'] ?? '', 'base64').toString()).toBe(WG_KEY);

    // A deleted kubeconfig Secret is written again on the periodic resync, without an up.
    const upsBefore = engine.stacksOf('up').length;
    await kube.admin.delete(SECRET_REF, ns, kubeconfigSecretName('web-c'));
    await eventually('kubeconfig Secret restored', async () =>
      (await kube.admin.get(SECRET_REF, ns, kubeconfigSecretName('web-c'))).ok ? true : undefined,
    );
    expect(engine.stacksOf('up').length).toBe(upsBefore);
  });

  it('update: a node pool added and one removed runs only that stack; a removed stack is destroyed after its peer dropped the link', async () => {
    const x = cluster('upd-x', 'aws', ['front', 'old']);
    const y = cluster('upd-y', 'azure', ['back']);
    const z = cluster('upd-z', 'azure', ['batch']);
    const links: Link[] = [{ from: 'upd-y', to: 'upd-z', transport: 'peering', components: ['back->batch'] }];
    await kube.admin.create(ATLAS_REF, atlas('upd', ns, [x, y, z], links));
    const first = await readyAtlas(ns, 'upd');
    const hashY = first.status?.stacks?.find((s) => s.name === 'upd-y')?.appliedHash;
    const mark = engine.calls.length;

    const x2 = cluster('upd-x', 'aws', ['front', 'extra']);
    const r = await kube.admin.patch(ATLAS_REF, ns, 'upd', { spec: { clusters: [{ ...x2, network: x.network }, y, z] } });
    expect(r.ok).toBe(true);
    await readyAtlas(ns, 'upd', 2);
    const after = engine.calls.slice(mark).filter((c) => c.op === 'up');
    expect(after.map((c) => [c.stack, c.pools])).toEqual([['upd-x', ['front', 'extra']]]);

    // upd-z leaves the plan: upd-y runs again without the link, then upd-z is destroyed and its Secret removed.
    const mark2 = engine.calls.length;
    await kube.admin.patch(ATLAS_REF, ns, 'upd', { spec: { clusters: [{ ...x2, network: x.network }, y], links: [] } });
    const done = await readyAtlas(ns, 'upd', 3);
    const ops = engine.calls.slice(mark2).filter((c) => c.op !== 'secretOutput');
    expect(ops.map((c) => `${c.op} ${c.stack}`)).toEqual(['up upd-y', 'destroy upd-z']);
    expect(done.status?.stacks?.map((s) => s.name)).toEqual(['upd-x', 'upd-y']);
    expect(done.status?.stacks?.find((s) => s.name === 'upd-y')?.appliedHash).not.toBe(hashY);
    expect((await kube.admin.get(SECRET_REF, ns, kubeconfigSecretName('upd-z'))).status).toBe(404);
    expect(engine.deployed.has('upd-z')).toBe(false);
  });

  it('a failing up is retried with backoff and recovers; a lasting failure is reported as Failed with the redacted error', async () => {
    engine.failNext('up', 'flaky-f', 2, (ctx) => `AccessDenied: signature of ${ctx.secrets.env['AWS_SECRET_ACCESS_KEY']} does not match`);
    await kube.admin.create(ATLAS_REF, atlas('flaky', ns, [cluster('flaky-f', 'aws', ['w'])]));
    const a = await readyAtlas(ns, 'flaky');
    expect(engine.stacksOf('up').filter((s) => s === 'flaky-f')).toHaveLength(3);
    expect(a.status?.stacks?.[0]).not.toHaveProperty('lastError');

    engine.failNext('up', 'broken-g', 1000, (ctx) => `quota exceeded (key ${ctx.secrets.env['AWS_SECRET_ACCESS_KEY']})`);
    await kube.admin.create(ATLAS_REF, atlas('broken', ns, [cluster('broken-g', 'aws', ['w'])]));
    const failed = await eventually('broken Failed', async () => {
      const b = await getAtlas(ns, 'broken');
      const st = b?.status?.stacks?.[0];
      return (st?.failures ?? 0) >= 3 && st?.phase === 'Failed' ? b : undefined;
    });
    expect(failed.status?.stacks?.[0]).toMatchObject({ phase: 'Failed', lastError: 'quota exceeded (key [redacted])' });
    expect(findCondition(failed.status?.conditions, 'Ready')).toMatchObject({
      status: 'False',
      reason: 'PulumiError',
      message: 'stack broken-g: quota exceeded (key [redacted])',
    });
    // The pass ends transient, so the runtime's per-key exponential backoff (5 ms doubling to 1000 s, unit-tested
    // in controllers/runtime) spaces the retries: a few attempts a second at first, not a hot loop.
    expect(controller.lastResult(`${ns}/broken`)).toEqual({ kind: 'transient', message: 'stack broken-g: quota exceeded (key [redacted])' });
    const count = (): number => engine.stacksOf('up').filter((s) => s === 'broken-g').length;
    const n0 = count();
    await new Promise((r) => setTimeout(r, 1500));
    expect(count() - n0).toBeLessThanOrEqual(8);
    const events = await kube.admin.list<KubeObject & { reason?: string; message?: string }>(BUILTIN.event, ns);
    const pulumiErrors = events.ok ? events.body.items.filter((e) => e.reason === 'PulumiError') : [];
    expect(pulumiErrors.map((e) => e.message)).toContain('stack broken-g: quota exceeded (key [redacted])');
    expect(pulumiErrors.map((e) => e.message)).toContain('stack flaky-f: AccessDenied: signature of [redacted] does not match');
  });

  it('a missing credentials Secret is named in a condition; creating it lets the stack run', async () => {
    await kube.admin.create(ATLAS_REF, atlas('nocreds', ns, [cluster('nocreds-n', 'aws', ['w'], { credentialsSecretRef: { name: 'late-creds' } })]));
    const a = await eventually('CredentialsMissing', async () => {
      const x = await getAtlas(ns, 'nocreds');
      return findCondition(x?.status?.conditions, 'Ready')?.reason === 'CredentialsMissing' ? x : undefined;
    });
    expect(findCondition(a.status?.conditions, 'Ready')?.message).toBe('cluster nocreds-n: Secret late-creds not found');
    expect(a.status?.stacks?.[0]).toMatchObject({ name: 'nocreds-n', phase: 'Pending', lastError: 'cluster nocreds-n: Secret late-creds not found' });
    expect(engine.stacksOf('up')).not.toContain('nocreds-n');
    await secret(kube.admin, ns, 'late-creds', { accessKeyId: 'AKIALATE', secretAccessKey: AWS_SECRET });
    await readyAtlas(ns, 'nocreds');
  });

  it('an invalid spec is terminal: a condition names the field and the engine is not called', async () => {
    const c = cluster('bad-k', 'aws', ['w']);
    await kube.admin.create(ATLAS_REF, atlas('bad', ns, [c], [{ from: 'bad-k', to: 'nowhere', transport: 'peering', components: [] }]));
    const a = await eventually('InvalidSpec', async () => {
      const x = await getAtlas(ns, 'bad');
      return findCondition(x?.status?.conditions, 'Ready')?.reason === 'InvalidSpec' ? x : undefined;
    });
    expect(findCondition(a.status?.conditions, 'Ready')?.message).toBe('invalid spec: spec.links[0].to: cluster nowhere is not in spec.clusters');
    expect(engine.calls.some((x) => x.stack === 'bad-k')).toBe(false);

    // Credentials from another application's namespace are refused.
    const stolen = cluster('steal-s', 'aws', ['w'], { credentialsSecretRef: { namespace: 'other-team', name: 'aws-creds' } });
    await kube.admin.create(ATLAS_REF, atlas('steal', ns, [stolen]));
    const b = await eventually('InvalidSpec', async () => {
      const x = await getAtlas(ns, 'steal');
      return findCondition(x?.status?.conditions, 'Ready')?.reason === 'InvalidSpec' ? x : undefined;
    });
    expect(findCondition(b.status?.conditions, 'Ready')?.message).toBe(
      `invalid spec: spec.clusters[0].credentialsSecretRef.namespace: Secrets are read only from namespace ${ns} or skycluster-system, not other-team`,
    );
    expect(engine.calls.some((x) => x.stack === 'steal-s')).toBe(false);
  });

  it('crash and resume: a stack killed mid-up is found Updating by a new controller, which cancels, refreshes and runs up', async () => {
    const ns2 = await freshNamespace(kube.admin, 'atlas-crash');
    await credentials(ns2);
    const backend = new RecordingEngine();
    const first = await startController(ns2, backend);
    const started = backend.hangNext('up', 'crash-k');
    await kube.admin.create(ATLAS_REF, atlas('crash', ns2, [cluster('crash-k', 'aws', ['w'])]));
    await started;
    await first.manager.stop(); // the process dies with the up unfinished: Pulumi keeps the stack locked
    const left = await getAtlas(ns2, 'crash');
    expect(left?.status?.stacks?.[0]?.phase).toBe('Updating');
    expect(backend.locked.has('crash-k')).toBe(true);

    const mark = backend.calls.length;
    await startController(ns2, backend);
    const a = await readyAtlas(ns2, 'crash');
    expect(
      backend.calls
        .slice(mark)
        .filter((c) => c.op !== 'secretOutput')
        .map((c) => `${c.op} ${c.stack}`),
    ).toEqual(['cancel crash-k', 'refresh crash-k', 'up crash-k']);
    expect(a.status?.stacks?.[0]).toMatchObject({ phase: 'Ready', kubeconfigSecretRef: { name: kubeconfigSecretName('crash-k') } });
  });

  it('delete: the finalizer destroys dependents before the stacks they depend on, then the Atlas is gone', async () => {
    const mark = engine.calls.length;
    expect((await kube.admin.delete(ATLAS_REF, ns, 'web')).ok).toBe(true);
    await eventually('web gone', async () => ((await getAtlas(ns, 'web')) === undefined ? true : undefined));
    const destroys = engine.calls
      .slice(mark)
      .filter((c) => c.op === 'destroy')
      .map((c) => c.stack);
    expect(new Set(destroys)).toEqual(new Set(['web-a', 'web-b', 'web-c']));
    expect(destroys.indexOf('web-b')).toBeLessThan(destroys.indexOf('web-a'));
    for (const s of ['web-a', 'web-b', 'web-c']) expect((await kube.admin.get(SECRET_REF, ns, kubeconfigSecretName(s))).status).toBe(404);
    expect(['web-a', 'web-b', 'web-c'].some((s) => engine.deployed.has(s))).toBe(false);
  });

  it('the engine settings Secret: missing or incomplete is named, no value shown', async () => {
    const source = automationEngineFromSecret(kube.admin, ns, 'pulumi-settings');
    expect(await source()).toEqual({
      ok: false,
      message: `Pulumi engine not configured: Secret ${ns}/pulumi-settings not found (keys backendUrl, passphrase)`,
    });
    await secret(kube.admin, ns, 'pulumi-settings', { backendUrl: 'file:///var/lib/skycluster/pulumi' });
    expect(await source()).toEqual({ ok: false, message: `Pulumi engine not configured: Secret ${ns}/pulumi-settings has no key passphrase` });
  });

  it('no secret value in any Atlas status, Event or log line', async () => {
    const atlases = await kube.admin.list<KubeObject>(ATLAS_REF, ns);
    const events = await kube.admin.list<KubeObject>(BUILTIN.event, ns);
    const texts = [JSON.stringify(atlases.ok && atlases.body.items), JSON.stringify(events.ok && events.body.items), logLines.join('')];
    expect(logLines.length).toBeGreaterThan(10);
    expect(logLines.join('')).toContain('[redacted]');
    expect(generatedKeys).toHaveLength(1);
    for (const t of texts) for (const v of [...SECRET_VALUES, ...generatedKeys]) expect(t).not.toContain(v);
  });
});

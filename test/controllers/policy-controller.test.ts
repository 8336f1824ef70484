/**
 * The policy controller on a real API server (kube-apiserver + kube-controller-manager, CRDs from crds/):
 * SkyCluster's air-quality policies, unchanged, next to their Deployments → a Plan with its costs and
 * Ready=True, owned by both policies and garbage-collected with them; a small on-prem app re-planned after a
 * latency bound, a price in an InstanceType and a replica count change, each time with its diff; after an
 * approval, a saving below the migration cost keeps the placement and one above it moves; an invalid and an
 * infeasible policy get their conditions and are not retried in a loop.
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../src/api/plan.js';
import { addPolicyController } from '../../controllers/policy/index.js';
import {
  BUILTIN,
  createMetrics,
  EventRecorder,
  findCondition,
  Manager,
  OperatorConfigSchema,
  silentLogger,
  type Controller,
  type KubeClient,
  type KubeObject,
} from '../../controllers/runtime/index.js';
import { DATAFLOW_POLICY_REF, DEPLOYMENT_POLICY_REF, INSTANCE_TYPE_REF, PLAN_REF, PROVIDER_PROFILE_REF } from '../../controllers/skycluster-refs.js';
import { eventually, freshNamespace, installCrds } from '../kube/kube-client-helpers.js';
import { useKubeServer, type KubeTestEnv } from '../kube/kube-test-env.js';
import { readdirSync } from 'node:fs';

let kube: KubeTestEnv;
let client: KubeClient;
let sys: string;
let manager: Manager;
let controller: Controller;

const REF_OF: Record<string, typeof DEPLOYMENT_POLICY_REF> = {
  DeploymentPolicy: DEPLOYMENT_POLICY_REF,
  DataflowPolicy: DATAFLOW_POLICY_REF,
  ProviderProfile: PROVIDER_PROFILE_REF,
  InstanceType: INSTANCE_TYPE_REF,
};

const docs = (file: string): KubeObject[] =>
  parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJS() as KubeObject | null)
    .filter((o): o is KubeObject => o !== null);

async function create(obj: KubeObject, namespace?: string): Promise<void> {
  const ref = obj.kind === 'Deployment' ? BUILTIN.deployment : REF_OF[obj.kind ?? ''];
  if (!ref) throw new Error(`no ref for ${obj.kind}`);
  const body = namespace ? { ...obj, metadata: { ...obj.metadata, namespace } } : obj;
  const r = await client.create(ref, body);
  if (!r.ok) throw new Error(`create ${obj.kind}/${obj.metadata?.name}: ${r.status} ${r.message}`);
}

/** A Deployment with one container asking for `cpu` and `memory`. */
function deployment(name: string, replicas = 1, cpu = '1', memory = '1Gi'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'main', image: 'example/app:1', resources: { requests: { cpu, memory } } }] },
      },
    },
  };
}

async function getPlan(namespace: string, name: string): Promise<Plan | undefined> {
  const r = await client.get<KubeObject>(PLAN_REF, namespace, name);
  return r.ok ? (r.body as unknown as Plan) : undefined;
}

/** Waits for the Plan to satisfy `ready` (its latest write), returning it. */
function planWhen(namespace: string, name: string, what: string, ready: (p: Plan) => boolean, timeoutMs = 15_000): Promise<Plan> {
  return eventually(
    what,
    async () => {
      const p = await getPlan(namespace, name);
      return p && ready(p) ? p : undefined;
    },
    timeoutMs,
  );
}

const placementsOf = (p: Plan, component: string): string[] =>
  p.spec.placements.filter((x) => x.component === component).map((x) => `${x.region}:${x.nodes}`);

beforeAll(async () => {
  kube = await useKubeServer();
  client = kube.admin;
  // The server installs crds/ when it starts; applying them again makes a shared server current.
  await installCrds(
    client,
    readdirSync('crds').map((f) => `crds/${f}`),
  );
  sys = await freshNamespace(client, 'sys');
  const log = silentLogger();
  const metrics = createMetrics(false);
  const config = OperatorConfigSchema.parse({ systemNamespace: sys, leaderElection: { enabled: false, identity: 'policy-test' }, metricsPort: 0 });
  manager = new Manager({ client, log, metrics });
  controller = addPolicyController(
    { client, manager, log, metrics, config, events: new EventRecorder(client, log, 'policy-test') },
    { debounceMs: 200 },
  );
  await manager.start();
}, 60_000);
afterAll(async () => {
  await manager?.stop();
});

describe('policy controller: SkyCluster air-quality', () => {
  it('its unchanged policies next to their Deployments get a Plan with costs and Ready=True; deleting the policies removes it', async () => {
    const nsExists = await client.get(BUILTIN.namespace, undefined, 'air-quality');
    if (!nsExists.ok) await client.create(BUILTIN.namespace, { metadata: { name: 'air-quality' } });
    for (const site of docs('test/fixtures/air-quality/savi-sites.yaml')) await create(site, sys);
    for (const name of ['collector-edge', 'collector', 'ingestor', 'local-storage', 'processor', 'central-storage', 'dashboard']) {
      // SkyCluster's example Deployments ask for no resources: the plan sizes nodes by the policies' profiles.
      const d = deployment(name);
      const spec = d['spec'] as { template: { spec: { containers: { resources?: unknown }[] } } };
      delete spec.template.spec.containers[0]?.resources;
      await create(d, 'air-quality');
    }
    const started = performance.now();
    for (const p of docs('test/fixtures/skycluster/air-quality-policies.yaml')) await create(p);
    const plan = await planWhen(
      'air-quality',
      'testcase2-plan',
      'air-quality Plan Ready',
      (p) => findCondition(p.status?.conditions, 'Ready')?.status === 'True',
      30_000,
    );
    const seconds = (performance.now() - started) / 1000;
    // The same figure `skycluster optimize -f policies/air-quality.yaml --providers test/fixtures/air-quality/savi-sites.yaml` prints.
    expect(plan.spec.costs.totalUsd).toBeCloseTo(1412.7617, 3);
    expect(plan.status?.monthlyCostUsd).toBeCloseTo(1412.76, 2);
    expect(plan.status?.solver?.status).toBe('Optimal');
    expect(plan.status?.phase).toBe('AwaitingApproval');
    expect(
      plan.spec.placements
        .filter((p) => p.component === 'collector-edge')
        .map((p) => p.region)
        .sort(),
    ).toEqual(['SCINET', 'VAUGHAN', 'toronto']);
    expect(plan.metadata.labels?.['skycluster.io/app-id']).toBe('testcase2');
    const owners = (plan.metadata as { ownerReferences?: { kind: string; name: string; controller?: boolean }[] }).ownerReferences ?? [];
    expect(owners.map((o) => `${o.kind}/${o.name}/${o.controller === true}`)).toEqual([
      'DeploymentPolicy/pipeline-testcase2/true',
      'DataflowPolicy/pipeline-testcase2/false',
    ]);
    const dp = await client.get<KubeObject & { status?: { phase?: string; planRef?: { name: string } } }>(
      DEPLOYMENT_POLICY_REF,
      'air-quality',
      'pipeline-testcase2',
    );
    expect(dp.ok && dp.body.status?.phase).toBe('Planned');
    expect(dp.ok && dp.body.status?.planRef).toEqual({ name: 'testcase2-plan' });
    console.log(`air-quality: apply → Plan Ready in ${seconds.toFixed(2)} s (debounce 0.2 s, solve ${plan.status?.solver?.wallSec} s)`);

    await client.delete(DEPLOYMENT_POLICY_REF, 'air-quality', 'pipeline-testcase2');
    await client.delete(DATAFLOW_POLICY_REF, 'air-quality', 'pipeline-testcase2');
    await eventually(
      'air-quality Plan garbage-collected',
      async () => ((await getPlan('air-quality', 'testcase2-plan')) === undefined ? true : undefined),
      20_000,
    );
  }, 60_000);
});

/**
 * The application the fault tests plan: the bundled three-tier-web example (policies/three-tier-web.yaml,
 * unchanged but for its namespace) with the Deployments and StatefulSet its componentRefs name, carrying the
 * same replicas and requests as the policy. Helpers wait for its Plan and check that the namespace holds
 * exactly what one converged Plan should: one Plan, owned by both policies, nothing else of ours.
 */
import fs from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { BUILTIN, type KubeClient, type KubeObject, type ResourceRef } from '../../controllers/runtime/index.js';
import { ATLAS_REF, DATAFLOW_POLICY_REF, DEPLOYMENT_POLICY_REF, HARBOR_REF, PLAN_REF } from '../../controllers/skycluster-refs.js';
import type { Plan } from '../../src/api/plan.js';
import { eventually } from '../kube/kube-client-helpers.js';
import { REPO_ROOT } from '../kube/kube-server.js';

/** The application id of the example. */
export const APP = 'three-tier-web';
/** Its Plan's name. */
export const PLAN = `${APP}-plan`;

const STATEFUL_SETS: ResourceRef = { group: 'apps', version: 'v1', kind: 'StatefulSet', plural: 'statefulsets', namespaced: true };

/** Workloads of the example: kind, name, replicas, requests (as the policy states them). */
const WORKLOADS = [
  { ref: BUILTIN.deployment, name: 'frontend', replicas: 3, cpu: '500m', memory: '512Mi' },
  { ref: BUILTIN.deployment, name: 'api', replicas: 2, cpu: '1', memory: '2Gi' },
  { ref: BUILTIN.deployment, name: 'cache', replicas: 1, cpu: '1', memory: '4Gi' },
  { ref: STATEFUL_SETS, name: 'database', replicas: 1, cpu: '4', memory: '16Gi' },
] as const;

function workload(ns: string, w: (typeof WORKLOADS)[number], replicas: number): KubeObject {
  const labels = { app: w.name };
  const container = { name: w.name, image: 'registry.example/app:1', resources: { requests: { cpu: w.cpu, memory: w.memory } } };
  return {
    metadata: { name: w.name, namespace: ns, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      ...(w.ref === STATEFUL_SETS ? { serviceName: w.name } : {}),
      template: { metadata: { labels }, spec: { containers: [container] } },
    },
  };
}

/** The example's policies with `ns` as their namespace (and `solverMode` as the DeploymentPolicy's spec.solver.mode). */
export function examplePolicies(ns: string, solverMode?: 'Worker' | 'Job'): KubeObject[] {
  const text = fs.readFileSync(`${REPO_ROOT}/policies/${APP}.yaml`, 'utf8');
  return parseAllDocuments(text)
    .map((d) => d.toJS() as KubeObject)
    .filter((o) => o?.kind === 'DeploymentPolicy' || o?.kind === 'DataflowPolicy')
    .map((o) => ({ ...o, metadata: { ...o.metadata, namespace: ns } }))
    .map((o) => (solverMode && o.kind === 'DeploymentPolicy' ? { ...o, spec: { ...(o['spec'] as object), solver: { mode: solverMode } } } : o));
}

/** Creates the workloads (replicas as the policy says unless `replicas` overrides them by name), then the policies, in `ns`. */
export async function createApp(
  client: KubeClient,
  ns: string,
  replicas: Readonly<Record<string, number>> = {},
  solverMode?: 'Worker' | 'Job',
): Promise<void> {
  for (const w of WORKLOADS) {
    const r = await client.create(w.ref, workload(ns, w, replicas[w.name] ?? w.replicas));
    if (!r.ok) throw new Error(`${w.name}: ${r.status} ${r.message}`);
  }
  for (const p of examplePolicies(ns, solverMode)) {
    const r = await client.create(p.kind === 'DeploymentPolicy' ? DEPLOYMENT_POLICY_REF : DATAFLOW_POLICY_REF, p);
    if (!r.ok) throw new Error(`${p.kind}: ${r.status} ${r.message}`);
  }
}

/** Scales a Deployment of the example (a change that must re-plan). */
export async function scale(client: KubeClient, ns: string, name: string, replicas: number): Promise<void> {
  const r = await client.patch(BUILTIN.deployment, ns, name, { spec: { replicas } });
  if (!r.ok) throw new Error(`scale ${name}: ${r.status} ${r.message}`);
}

/** The Plan if it exists. */
export async function getPlan(client: KubeClient, ns: string): Promise<Plan | undefined> {
  const r = await client.get<KubeObject>(PLAN_REF, ns, PLAN);
  return r.ok ? (r.body as unknown as Plan) : undefined;
}

/**
 * Ready for the Plan as it is now: after a new spec is applied, the previous pass's Ready condition (of the
 * older generation) stands until the status write of this pass lands, so only a Ready of the current
 * generation counts.
 */
const isReady = (p: Plan): boolean =>
  (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True' && c.observedGeneration === p.metadata.generation);

/**
 * Waits for a Ready Plan of both policies that satisfies `accept` (e.g. a given api replica count). The two
 * policies arrive on separate watches, so a Plan of the DeploymentPolicy alone may come first (the example's
 * flows cost nothing at the chosen sites, so its placements and costs alone cannot tell): the example is
 * converged only once the Plan names its DataflowPolicy too.
 */
export async function waitForPlan(client: KubeClient, ns: string, accept: (p: Plan) => boolean = () => true, timeoutMs = 30_000): Promise<Plan> {
  return eventually(
    `Plan ${ns}/${PLAN} Ready with both policies`,
    async () => {
      const p = await getPlan(client, ns);
      return p && isReady(p) && p.spec.policyRefs.dataflowPolicy === APP && accept(p) ? p : undefined;
    },
    timeoutMs,
  );
}

/** Nodes of component `component` over its placements (the replica count shows through). */
export function nodesOf(plan: Plan, component: string): number {
  return plan.spec.placements.filter((p) => p.component === component).reduce((s, p) => s + p.nodes, 0);
}

/**
 * What must be equal between two Plans of the same inputs in different namespaces: placements and costs (not
 * names, hashes, times or run data).
 */
export function planEssence(plan: Plan): unknown {
  return {
    placements: plan.spec.placements.map((p) => ({ id: p.id, flavor: p.flavor, nodes: p.nodes })),
    totalUsd: plan.spec.costs.totalUsd,
  };
}

/**
 * Checks the namespace holds exactly one Plan, controller-owned by the DeploymentPolicy and owned by the
 * DataflowPolicy, and no Atlas or Harbor (nothing was approved). Returns a description of what is wrong, or
 * undefined when all is as it should be.
 */
export async function strayObjects(client: KubeClient, ns: string): Promise<string | undefined> {
  const plans = await client.list<KubeObject>(PLAN_REF, ns);
  const atlases = await client.list<KubeObject>(ATLAS_REF, ns);
  const harbors = await client.list<KubeObject>(HARBOR_REF, ns);
  if (!plans.ok || !atlases.ok || !harbors.ok) return 'cannot list';
  const names = plans.body.items.map((p) => p.metadata?.name);
  if (names.length !== 1 || names[0] !== PLAN) return `Plans: ${names.join(', ')}`;
  const owners = (plans.body.items[0]!.metadata?.ownerReferences ?? []).map((o) => `${o.kind}/${o.name}${o.controller ? '*' : ''}`).sort();
  if (owners.join(',') !== `DataflowPolicy/${APP},DeploymentPolicy/${APP}*`) return `Plan owners: ${owners.join(', ')}`;
  if (atlases.body.items.length + harbors.body.items.length > 0) return 'an Atlas or Harbor exists without an approval';
  return undefined;
}

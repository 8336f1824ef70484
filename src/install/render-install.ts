/**
 * What `skycluster install` puts in a cluster: the CRDs, the operator's namespace, its ServiceAccount,
 * least-privilege RBAC and the operator Deployment (with a metrics Service). Pure: options in, objects out,
 * in apply order. The Helm chart under chart/skycluster is generated from the same objects
 * (src/install/render-chart.ts), so the two never disagree.
 *
 * RBAC is written out resource by resource, verb by verb: no wildcard, no cluster-admin. What each rule is for:
 * - policies (policy.skycluster.io): read, and update for the finalizer; their status is written.
 * - plans, atlases, harbors (core.skycluster.io): owned by the operator, so full lifecycle and status.
 * - providerprofiles, instancetypes, devicenodes: read; profiles and instance types get status and finalizers.
 * - workloads the policies reference (apps Deployments/StatefulSets, batch Jobs): read; Jobs are also
 *   created and deleted for solves that run as Kubernetes Jobs.
 * - Services, ConfigMaps, Secrets of applications: read (Harbor copies what a workload references); Secrets
 *   get only (no list or watch across namespaces), and write access only inside the operator's namespace
 *   (kubeconfig Secrets from Atlas).
 * - events: create and patch; leases: the leader-election Lease in the operator's namespace only.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/
 */
import { KINDS, type KindDefinition } from '../api/kinds.js';
import { generateCrd } from '../api/crd.js';

/** A Kubernetes object as plain data. */
export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
} & Record<string, unknown>;

/** Settings of an installation. */
export interface InstallOptions {
  /** Namespace of the operator, its Lease and the Secrets it writes. @default 'skycluster-system' */
  readonly namespace?: string;
  /** Operator image. @default DEFAULT_IMAGE */
  readonly image?: string;
  /** Operator replicas; more than one run leader election (one active). @default 2 */
  readonly replicas?: number;
  /** Port of /metrics. @default 8080 */
  readonly metricsPort?: number;
  /** Port of /healthz and /readyz. @default 8081 */
  readonly healthPort?: number;
  /** Namespaces whose policies are watched; empty means all. @default [] */
  readonly watchNamespaces?: readonly string[];
}

/** The default namespace of the operator. */
export const OPERATOR_NAMESPACE = 'skycluster-system';
/** Name of the operator's ServiceAccount, ClusterRole, bindings and Deployment. */
export const OPERATOR_NAME = 'skycluster-operator';
/**
 * The image the Deployment runs unless told otherwise. This project publishes no image (nothing can be pushed
 * from here): build one from this repository and pass `--image`.
 */
export const DEFAULT_IMAGE = 'skycluster:0.1.0';

const LABELS = { 'app.kubernetes.io/name': 'skycluster', 'app.kubernetes.io/component': 'operator' } as const;

interface Rule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
}

const READ = ['get', 'list', 'watch'] as const;
const OWN = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] as const;
const STATUS = ['get', 'update', 'patch'] as const;

const pluralsOf = (group: string, kinds: readonly string[]): string[] =>
  KINDS.filter((k) => k.group === group && kinds.includes(k.kind)).map((k) => k.plural);

/** The cluster-wide rules of the operator. */
export function clusterRules(): Rule[] {
  const policyGroup = KINDS.find((k) => k.kind === 'DeploymentPolicy')?.group ?? 'policy.skycluster.io';
  const coreGroup = KINDS.find((k) => k.kind === 'Plan')?.group ?? 'core.skycluster.io';
  const policies = pluralsOf(policyGroup, ['DeploymentPolicy', 'DataflowPolicy']);
  const owned = pluralsOf(coreGroup, ['Plan', 'Atlas', 'Harbor']);
  const providers = pluralsOf(coreGroup, ['ProviderProfile', 'InstanceType']);
  const devices = pluralsOf(coreGroup, ['DeviceNode']);
  return [
    { apiGroups: [policyGroup], resources: policies, verbs: [...READ, 'update', 'patch'] },
    { apiGroups: [policyGroup], resources: policies.map((p) => `${p}/status`), verbs: [...STATUS] },
    { apiGroups: [coreGroup], resources: owned, verbs: [...OWN] },
    { apiGroups: [coreGroup], resources: owned.map((p) => `${p}/status`), verbs: [...STATUS] },
    { apiGroups: [coreGroup], resources: [...providers, ...devices], verbs: [...READ, 'update', 'patch'] },
    { apiGroups: [coreGroup], resources: providers.map((p) => `${p}/status`), verbs: [...STATUS] },
    { apiGroups: ['apps'], resources: ['deployments', 'statefulsets'], verbs: [...READ] },
    { apiGroups: ['batch'], resources: ['jobs'], verbs: [...READ, 'create', 'delete'] },
    { apiGroups: [''], resources: ['services', 'configmaps', 'namespaces'], verbs: [...READ] },
    { apiGroups: [''], resources: ['secrets'], verbs: ['get'] },
    { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
    { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['create', 'patch'] },
  ];
}

/** The rules inside the operator's own namespace: its Lease, the Secrets and ConfigMaps it writes. */
export function namespaceRules(): Rule[] {
  return [
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] },
    { apiGroups: [''], resources: ['secrets', 'configmaps'], verbs: [...OWN] },
  ];
}

/** Every object of an installation, in apply order (CRDs and namespace first, the Deployment last). */
export function renderInstall(options: InstallOptions = {}): KubeObject[] {
  const ns = options.namespace ?? OPERATOR_NAMESPACE;
  const metricsPort = options.metricsPort ?? 8080;
  const healthPort = options.healthPort ?? 8081;
  const args = ['controller', 'run', '--leader-elect', `--metrics-port=${metricsPort}`, `--health-port=${healthPort}`, `--namespace=${ns}`];
  for (const w of options.watchNamespaces ?? []) args.push(`--watch-namespace=${w}`);
  const meta = (name: string, namespaced: boolean) => ({ name, ...(namespaced ? { namespace: ns } : {}), labels: { ...LABELS } });
  const crds = KINDS.map((k: KindDefinition) => generateCrd(k) as KubeObject);
  return [
    ...crds,
    { apiVersion: 'v1', kind: 'Namespace', metadata: meta(ns, false) },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(OPERATOR_NAME, true) },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: meta(OPERATOR_NAME, false), rules: clusterRules() },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: meta(OPERATOR_NAME, false),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: OPERATOR_NAME },
      subjects: [{ kind: 'ServiceAccount', name: OPERATOR_NAME, namespace: ns }],
    },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta(OPERATOR_NAME, true), rules: namespaceRules() },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta(OPERATOR_NAME, true),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: OPERATOR_NAME },
      subjects: [{ kind: 'ServiceAccount', name: OPERATOR_NAME, namespace: ns }],
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(OPERATOR_NAME, true),
      spec: {
        replicas: options.replicas ?? 2,
        selector: { matchLabels: { ...LABELS } },
        template: {
          metadata: { labels: { ...LABELS } },
          spec: {
            serviceAccountName: OPERATOR_NAME,
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: 'operator',
                image: options.image ?? DEFAULT_IMAGE,
                args,
                ports: [
                  { name: 'metrics', containerPort: metricsPort },
                  { name: 'health', containerPort: healthPort },
                ],
                livenessProbe: { httpGet: { path: '/healthz', port: 'health' }, periodSeconds: 10 },
                readinessProbe: { httpGet: { path: '/readyz', port: 'health' }, periodSeconds: 5 },
                resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { memory: '2Gi' } },
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              },
            ],
            terminationGracePeriodSeconds: 60,
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(`${OPERATOR_NAME}-metrics`, true),
      spec: { selector: { ...LABELS }, ports: [{ name: 'metrics', port: metricsPort, targetPort: 'metrics' }] },
    },
  ];
}

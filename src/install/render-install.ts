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
 * - workloads (apps Deployments/StatefulSets/DaemonSets, batch Jobs/CronJobs): read — the policy controller
 *   reads the ones componentRefs name, Harbor the application's manifests it deploys.
 * - Services, ConfigMaps, Secrets of applications: read (Harbor copies what a workload references). Secrets
 *   are never listed or watched across namespaces: get, and create/update/patch/delete for the kubeconfig
 *   Secret Atlas writes per cluster in the Atlas's (the application's) namespace.
 * - events: create and patch.
 * - In the operator's namespace only (a Role): the leader-election Lease, its ConfigMaps and Secrets, the
 *   Jobs of solves that run as Kubernetes Jobs (controllers/policy/solve-job.ts), and creating InstanceTypes
 *   (the ProviderProfile controller fills in a cloud profile's offerings).
 * - The solve Job's own ServiceAccount (SOLVER_NAME) may only read the input ConfigMap and create the result
 *   ConfigMap in the operator's namespace; it runs `skycluster controller solve`.
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
  /** Port of /metrics, /healthz and /readyz (one server, `controller run --metrics-port`). @default 8080 */
  readonly metricsPort?: number;
  /** Namespaces whose policies are watched; empty means all. @default [] */
  readonly watchNamespaces?: readonly string[];
}

/** The default namespace of the operator. */
export const OPERATOR_NAMESPACE = 'skycluster-system';
/** Name of the operator's ServiceAccount, ClusterRole, bindings and Deployment. */
export const OPERATOR_NAME = 'skycluster-operator';
/** Name of the ServiceAccount, Role and RoleBinding of solve Jobs. */
export const SOLVER_NAME = 'skycluster-solver';
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

const coreGroupOf = (): string => KINDS.find((k) => k.kind === 'Plan')?.group ?? 'core.skycluster.io';

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
    { apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'daemonsets'], verbs: [...READ] },
    { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: [...READ] },
    { apiGroups: [''], resources: ['services', 'configmaps', 'namespaces'], verbs: [...READ] },
    { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'create', 'update', 'patch', 'delete'] },
    { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
    { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['create', 'patch'] },
  ];
}

/** The rules inside the operator's own namespace: its Lease, the Secrets and ConfigMaps it writes, solve Jobs. */
export function namespaceRules(): Rule[] {
  return [
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] },
    { apiGroups: [''], resources: ['secrets', 'configmaps'], verbs: [...OWN] },
    { apiGroups: ['batch'], resources: ['jobs'], verbs: [...OWN] },
    // The ProviderProfile controller fills in the InstanceType of a cloud profile from the bundled catalog.
    { apiGroups: [coreGroupOf()], resources: pluralsOf(coreGroupOf(), ['InstanceType']), verbs: ['create'] },
  ];
}

/** The rules of a solve Job (in the operator's namespace): read its inputs, write its result. */
export function solverRules(): Rule[] {
  return [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'create'] }];
}

/** Every object of an installation, in apply order (CRDs and namespace first, the Deployment last). */
export function renderInstall(options: InstallOptions = {}): KubeObject[] {
  const ns = options.namespace ?? OPERATOR_NAMESPACE;
  const metricsPort = options.metricsPort ?? 8080;
  const image = options.image ?? DEFAULT_IMAGE;
  const args = ['controller', 'run', '--leader-elect', `--metrics-port=${metricsPort}`, `--system-namespace=${ns}`];
  if (options.watchNamespaces?.length) args.push(`--namespaces=${options.watchNamespaces.join(',')}`);
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
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(SOLVER_NAME, true) },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta(SOLVER_NAME, true), rules: solverRules() },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta(SOLVER_NAME, true),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: SOLVER_NAME },
      subjects: [{ kind: 'ServiceAccount', name: SOLVER_NAME, namespace: ns }],
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
                image,
                args,
                env: [
                  // Each replica's leader-election identity, and the image solve Jobs run (the same one).
                  { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                  { name: 'SKYCLUSTER_SOLVER_IMAGE', value: image },
                ],
                // protocol spelled out: server-side apply keys these lists by (port, protocol), and kube-apiserver
                // 1.20 refuses an element without it ("omits key field protocol"; seen in rbac-operator.test.ts).
                ports: [{ name: 'metrics', containerPort: metricsPort, protocol: 'TCP' }],
                livenessProbe: { httpGet: { path: '/healthz', port: 'metrics' }, periodSeconds: 10 },
                readinessProbe: { httpGet: { path: '/readyz', port: 'metrics' }, periodSeconds: 5 },
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
      spec: { selector: { ...LABELS }, ports: [{ name: 'metrics', port: metricsPort, targetPort: 'metrics', protocol: 'TCP' }] },
    },
  ];
}

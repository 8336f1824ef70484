/**
 * Names the controllers write into the cluster, spelled once: the server-side-apply field manager, finalizers,
 * label and annotation keys, the leader-election Lease and the Event source.
 */

/** The field manager of every server-side apply and update the operator makes. */
export const FIELD_MANAGER = 'skycluster-controller';

/** The component name on Kubernetes Events the operator records. */
export const EVENT_SOURCE = 'skycluster-controller';

/** Finalizers the operator puts on objects it must clean up after. */
export const FINALIZERS = {
  /** On DeploymentPolicy/DataflowPolicy: the Plan and what it owns are removed before the policy goes. */
  policy: 'skycluster.io/policy-cleanup',
  /** On Plan: Atlas and Harbor objects are removed first. */
  plan: 'skycluster.io/plan-cleanup',
} as const;

/** Label keys. */
export const LABELS = {
  /** Joins the DeploymentPolicy and DataflowPolicy of one application (SkyCluster's own label). */
  appId: 'skycluster.io/app-id',
  /** Marks objects the operator created. */
  managedBy: 'app.kubernetes.io/managed-by',
  /** Names the Plan an object was derived from. */
  plan: 'skycluster.io/plan',
} as const;

/** The value of LABELS.managedBy on objects the operator created. */
export const MANAGED_BY_VALUE = 'skycluster';

/** Annotation keys. */
export const ANNOTATIONS = {
  /** Hash of the inputs an object was computed from (never solve twice for the same inputs). */
  inputHash: 'skycluster.io/input-hash',
} as const;

/** Leader election defaults (client-go's: 15 s lease, 10 s renew deadline, 2 s retry period). */
export const LEADER_ELECTION = {
  leaseName: 'skycluster-controller',
  namespace: 'skycluster-system',
  leaseDurationSeconds: 15,
  renewDeadlineSeconds: 10,
  retryPeriodSeconds: 2,
} as const;

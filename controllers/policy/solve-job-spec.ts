/**
 * The Kubernetes objects of a solve that runs as a Job (issue 12, "solves that outgrow the operator"), as pure
 * functions: the batch/v1 Job running the operator's own image with `skycluster controller solve`, the
 * ConfigMap holding its inputs, and how to read the result ConfigMap the Job writes back.
 *
 * Shape of one solve, all in the operator's (system) namespace, all named after the application and the hash
 * of its inputs (so a reconcile after a crash finds the same objects instead of starting another solve):
 * - Job `solve-<hash of app and inputs>`: ServiceAccount skycluster-solver (src/install), CPU/memory requests
 *   of its own, activeDeadlineSeconds = time limit + a margin, backoffLimit 1, env JOB_NAME and JOB_UID from
 *   the pod's own labels (downward API; the API server labels every Job pod `job-name` and `controller-uid`).
 * - ConfigMap `<job>-inputs` (created after the Job, controller-owned by it): `inputs.json`.
 * - ConfigMap `<job>-result` (written by the Job's process, owned by the Job): `result.json`.
 * Deleting the Job (the runner does once it has read the result, or when the inputs changed) lets the garbage
 * collector remove both ConfigMaps.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/
 */
import { shortHash, stableName } from '../../src/util/names.js';
import { controllerReference, LABELS, MANAGED_BY_VALUE, type KubeObject } from '../runtime/index.js';

/** Labels of solve Jobs and their ConfigMaps (spelled once). */
export const SOLVE_LABELS = {
  /** Marks a solve Job and its ConfigMaps. */
  solve: 'skycluster.io/solve',
  /** Namespace of the application the solve is for (the Job lives in the system namespace). */
  appNamespace: 'skycluster.io/app-namespace',
  /** Short hash of the inputs; a Job whose hash is not the application's current one is stale. */
  inputHash: 'skycluster.io/input-hash',
} as const;

/** The data key of the inputs and of the result. */
export const INPUTS_KEY = 'inputs.json';
/** The data key of the result ConfigMap. */
export const RESULT_KEY = 'result.json';
/** Name of the solve container (the kubelet-acting test looks it up). */
export const SOLVE_CONTAINER = 'solve';
/** Seconds a Job may run beyond the solve's time limit (image pull, start, catalog build, write-back). */
export const DEADLINE_MARGIN_SECONDS = 120;

/** Requests and limits of the solve container. */
export interface SolveResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits?: { readonly cpu?: string; readonly memory?: string };
}

/** Defaults: one core and 1 GiB requested, memory bounded at 4 GiB (a large MILP's working set). */
export const DEFAULT_SOLVE_RESOURCES: SolveResources = { requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '4Gi' } };

/** What a solve Job is built from. */
export interface SolveJobInput {
  /** Namespace of the Job (the operator's). */
  readonly namespace: string;
  /** The application: its namespace and app id (DeploymentPolicy name or the app-id label). */
  readonly app: { readonly namespace: string; readonly name: string };
  /** Hash of the solve inputs (the Plan's inputHash). */
  readonly inputHash: string;
  /** The operator's own image. */
  readonly image: string;
  readonly serviceAccountName: string;
  /** The solve's time limit, s. */
  readonly timeLimitSeconds: number;
  readonly resources?: SolveResources;
}

/** Name of the Job of an application's solve for `inputHash` (DNS label, stable). */
export function solveJobName(app: SolveJobInput['app'], inputHash: string): string {
  return stableName(['solve', app.namespace, app.name, inputHash], 52);
}

/** Name of the inputs ConfigMap of a Job. */
export const inputsConfigMapName = (jobName: string): string => `${jobName}-inputs`;
/** Name of the result ConfigMap of a Job. */
export const resultConfigMapName = (jobName: string): string => `${jobName}-result`;

/** Labels identifying the solves of one application (the runner lists stale Jobs by them). */
export function solveSelector(app: SolveJobInput['app']): Record<string, string> {
  return { [SOLVE_LABELS.solve]: 'true', [SOLVE_LABELS.appNamespace]: app.namespace, [LABELS.appId]: app.name };
}

/** The label selector string of solveSelector. */
export function solveSelectorString(app: SolveJobInput['app']): string {
  return Object.entries(solveSelector(app))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** Short form of an input hash for a label value. */
export const hashLabel = (inputHash: string): string => shortHash(inputHash);

/** The arguments of the solve container (after the image's entrypoint, the `skycluster` CLI). */
export function solveArgs(namespace: string, jobName: string): string[] {
  return ['controller', 'solve', `--namespace=${namespace}`, `--inputs=${inputsConfigMapName(jobName)}`, `--result=${resultConfigMapName(jobName)}`];
}

/** The Job of a solve. */
export function renderSolveJob(input: SolveJobInput): KubeObject {
  const name = solveJobName(input.app, input.inputHash);
  const labels = { ...solveSelector(input.app), [SOLVE_LABELS.inputHash]: hashLabel(input.inputHash), [LABELS.managedBy]: MANAGED_BY_VALUE };
  const resources = input.resources ?? DEFAULT_SOLVE_RESOURCES;
  const fromLabel = (label: string) => ({ valueFrom: { fieldRef: { fieldPath: `metadata.labels['${label}']` } } });
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: input.namespace, labels },
    spec: {
      backoffLimit: 1,
      activeDeadlineSeconds: Math.ceil(input.timeLimitSeconds) + DEADLINE_MARGIN_SECONDS,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          serviceAccountName: input.serviceAccountName,
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: SOLVE_CONTAINER,
              image: input.image,
              args: solveArgs(input.namespace, name),
              env: [
                { name: 'JOB_NAME', ...fromLabel('job-name') },
                { name: 'JOB_UID', ...fromLabel('controller-uid') },
              ],
              resources,
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
            },
          ],
        },
      },
    },
  };
}

/** The inputs ConfigMap of a created Job (controller-owned by it). */
export function renderInputsConfigMap(job: KubeObject, inputsJson: string): KubeObject {
  const meta = job.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: inputsConfigMapName(meta.name ?? ''),
      namespace: meta.namespace,
      labels: { ...(meta.labels ?? {}) },
      ownerReferences: [controllerReference({ apiVersion: 'batch/v1', kind: 'Job', ...job })],
    },
    data: { [INPUTS_KEY]: inputsJson },
  };
}

/** The result ConfigMap the solve process writes (owned by its Job; JOB_NAME and JOB_UID from the env). */
export function renderResultConfigMap(
  namespace: string,
  name: string,
  job: { name: string; uid: string } | undefined,
  resultJson: string,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name,
      namespace,
      labels: { [SOLVE_LABELS.solve]: 'true' },
      ...(job
        ? { ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: job.name, uid: job.uid, controller: true, blockOwnerDeletion: true }] }
        : {}),
    },
    data: { [RESULT_KEY]: resultJson },
  };
}

/** Where a Job stands, from its status (batch/v1 JobStatus). */
export type JobState = { readonly kind: 'running' } | { readonly kind: 'succeeded' } | { readonly kind: 'failed'; readonly message: string };

/** Reads a Job's state from its conditions (Complete / Failed). Pure. */
export function jobState(job: KubeObject): JobState {
  const status = job['status'] as { conditions?: { type?: string; status?: string; reason?: string; message?: string }[] } | undefined;
  for (const c of status?.conditions ?? []) {
    if (c.type === 'Failed' && c.status === 'True')
      return { kind: 'failed', message: `${c.reason ?? 'Failed'}: ${c.message ?? 'the solve Job failed'}` };
    if (c.type === 'Complete' && c.status === 'True') return { kind: 'succeeded' };
  }
  return { kind: 'running' };
}

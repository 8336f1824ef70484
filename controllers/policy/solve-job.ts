/**
 * Runs a solve as a Kubernetes Job and reads its result back (the objects: solve-job-spec.ts). One call is
 * one level-triggered step, safe to repeat after a crash or from another replica: it finds or creates the
 * Job for these inputs, makes sure its inputs ConfigMap exists, and answers
 * - `done` with the decoded result once the Job wrote its result ConfigMap (the Job is then deleted, and with
 *   it, by garbage collection, both ConfigMaps),
 * - `failed` when the Job failed (its pod errors or the deadline passed) — the Job is deleted so that the
 *   next step starts a fresh one,
 * - `pending` otherwise: requeue and ask again.
 * Jobs of the same application with other inputs are stale (the policy changed meanwhile) and are deleted.
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { canonicalJson } from '../../optimizer/plan/input-hash.js';
import { PlanSchema } from '../../src/api/plan.js';
import { BUILTIN, LABELS, type KubeClient, type KubeObject, type ResourceRef } from '../runtime/index.js';
import {
  hashLabel,
  inputsConfigMapName,
  jobState,
  renderInputsConfigMap,
  renderSolveJob,
  resultConfigMapName,
  RESULT_KEY,
  SOLVE_LABELS,
  solveJobName,
  solveSelectorString,
  type SolveJobInput,
  type SolveResources,
} from './solve-job-spec.js';
import type { SolveOutcome, SolveRequest, SolveRunner } from './solve-runner.js';

/** batch/v1 Job. */
export const JOB_REF: ResourceRef = { group: 'batch', version: 'v1', kind: 'Job', plural: 'jobs', namespaced: true };

/** How solve Jobs are run (from `controller run` flags: --system-namespace, --solver-image). */
export interface SolveJobSettings {
  /** Namespace of the Jobs (the operator's). */
  readonly namespace: string;
  /** The operator's own image. */
  readonly image: string;
  /** @default 'skycluster-solver' (src/install SOLVER_NAME) */
  readonly serviceAccountName?: string;
  readonly resources?: SolveResources;
  /** How long `pending` asks to wait before the next step, ms. @default 2000 */
  readonly pollMs?: number;
}

/** One step's answer. */
export type SolveJobStep<T> =
  | { readonly kind: 'pending'; readonly retryAfterMs: number; readonly job: string }
  | { readonly kind: 'done'; readonly result: T; readonly job: string }
  | { readonly kind: 'failed'; readonly message: string; readonly job: string };

/** One solve to run as a Job. */
export interface SolveJobRequest<T> {
  readonly app: SolveJobInput['app'];
  readonly inputHash: string;
  /** The inputs as the Job's process reads them (`controller solve`). */
  readonly inputsJson: string;
  readonly timeLimitSeconds: number;
  /** Decodes result.json; a message when it is not a result. */
  readonly decode: (json: unknown) => { ok: true; value: T } | { ok: false; message: string };
}

/** Runs solves as Jobs in `settings.namespace`. */
export class SolveJobRunner {
  constructor(
    private readonly client: KubeClient,
    private readonly settings: SolveJobSettings,
    private readonly log: Logger,
  ) {}

  /** Advances the Job of `req` by one step (see the module comment). Network and API errors throw nothing: `failed` or `pending`. */
  async step<T>(req: SolveJobRequest<T>): Promise<SolveJobStep<T>> {
    const ns = this.settings.namespace;
    const name = solveJobName(req.app, req.inputHash);
    const pending: SolveJobStep<T> = { kind: 'pending', retryAfterMs: this.settings.pollMs ?? 2000, job: name };
    await this.deleteStale(req.app, req.inputHash);

    let job = await this.client.get<KubeObject>(JOB_REF, ns, name);
    if (job.status === 404) {
      const intent = renderSolveJob({
        namespace: ns,
        app: req.app,
        inputHash: req.inputHash,
        image: this.settings.image,
        serviceAccountName: this.settings.serviceAccountName ?? 'skycluster-solver',
        timeLimitSeconds: req.timeLimitSeconds,
        ...(this.settings.resources ? { resources: this.settings.resources } : {}),
      });
      const created = await this.client.create<KubeObject>(JOB_REF, intent);
      job = created.ok || created.status !== 409 ? created : await this.client.get<KubeObject>(JOB_REF, ns, name);
      if (created.ok) this.log.info({ job: name, app: `${req.app.namespace}/${req.app.name}` }, 'solve job created');
    }
    if (!job.ok) return { kind: 'failed', message: `solve job ${ns}/${name}: ${job.status} ${job.reason}: ${job.message}`, job: name };

    const inputs = await this.client.get(BUILTIN.configMap, ns, inputsConfigMapName(name));
    if (inputs.status === 404) {
      const made = await this.client.create(BUILTIN.configMap, renderInputsConfigMap(job.body, req.inputsJson));
      if (!made.ok && made.status !== 409)
        return { kind: 'failed', message: `inputs of solve job ${ns}/${name}: ${made.status} ${made.reason}: ${made.message}`, job: name };
    } else if (!inputs.ok) return pending;

    const result = await this.client.get<KubeObject & { data?: Record<string, string> }>(BUILTIN.configMap, ns, resultConfigMapName(name));
    if (result.ok) {
      const text = result.body.data?.[RESULT_KEY];
      let decoded: ReturnType<SolveJobRequest<T>['decode']>;
      try {
        decoded = text === undefined ? { ok: false, message: `no ${RESULT_KEY}` } : req.decode(JSON.parse(text));
      } catch (err) {
        decoded = { ok: false, message: `${RESULT_KEY} is not JSON: ${(err as Error).message}` };
      }
      await this.deleteJob(name);
      return decoded.ok
        ? { kind: 'done', result: decoded.value, job: name }
        : { kind: 'failed', message: `result of solve job ${ns}/${name}: ${decoded.message}`, job: name };
    }
    const state = jobState(job.body);
    if (state.kind === 'failed') {
      await this.deleteJob(name);
      return { kind: 'failed', message: `solve job ${ns}/${name}: ${state.message}`, job: name };
    }
    return pending;
  }

  /** Deletes every solve Job of `app` (the policy is gone). */
  async forget(app: SolveJobInput['app']): Promise<void> {
    await this.deleteStale(app, undefined);
  }

  private async deleteStale(app: SolveJobInput['app'], inputHash: string | undefined): Promise<void> {
    const jobs = await this.client.list<KubeObject>(JOB_REF, this.settings.namespace, { labelSelector: solveSelectorString(app) });
    if (!jobs.ok) return;
    const current = inputHash === undefined ? undefined : hashLabel(inputHash);
    for (const j of jobs.body.items) {
      if (j.metadata?.labels?.[SOLVE_LABELS.inputHash] === current) continue;
      this.log.info({ job: j.metadata?.name }, 'deleting a stale solve job');
      await this.deleteJob(j.metadata?.name ?? '');
    }
  }

  /** Jobs default to orphaning their pods on delete: ask for background propagation explicitly. */
  private async deleteJob(name: string): Promise<void> {
    await this.client.delete(JOB_REF, this.settings.namespace, name, { propagationPolicy: 'Background' });
  }
}

const OUTCOME_KINDS = new Set(['planned', 'invalid', 'infeasible', 'no-solution']);

/** Checks the result a Job wrote: an outcome of a known kind, a planned one carrying a valid Plan. */
export function decodeSolveOutcome(json: unknown): { ok: true; value: SolveOutcome } | { ok: false; message: string } {
  const o = json as { kind?: unknown; plan?: unknown; issues?: unknown; notes?: unknown } | null;
  if (typeof o !== 'object' || o === null || typeof o.kind !== 'string' || !OUTCOME_KINDS.has(o.kind))
    return { ok: false, message: 'expected an outcome with kind planned, invalid, infeasible or no-solution' };
  if (o.kind === 'planned') {
    const plan = PlanSchema.safeParse(o.plan);
    if (!plan.success) return { ok: false, message: `plan: ${plan.error.issues[0]?.path.join('.')}: ${plan.error.issues[0]?.message}` };
    if (!Array.isArray(o.notes)) return { ok: false, message: 'notes: expected a list' };
  } else if (!Array.isArray(o.issues)) return { ok: false, message: 'issues: expected a list' };
  return { ok: true, value: json as SolveOutcome };
}

/** The hash naming the Job of a request: sha256 of its canonical JSON (same request, same Job). */
export function solveRequestHash(request: SolveRequest): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

/** The application a request is for: its namespace and app id (the app-id label, else the policy's name). */
export function applicationOf(request: SolveRequest): { namespace: string; name: string } {
  const meta = request.deploymentPolicy.metadata;
  return { namespace: meta.namespace ?? 'default', name: meta.labels?.[LABELS.appId] ?? meta.name };
}

/**
 * The SolveRunner of `spec.solver.mode: Job` (controllers/policy/solve-runner.ts): each solve is a Job of the
 * operator's image; `solve` steps it every `pollMs` until it answers. When `signal` aborts (shutdown, lost
 * leadership) it stops waiting and rejects; the Job goes on, and the next leader's reconcile of the same
 * inputs finds it by name instead of starting another.
 */
export function jobSolveRunner(
  client: KubeClient,
  settings: SolveJobSettings,
  log: Logger,
): SolveRunner & { forget(app: SolveJobInput['app']): Promise<void> } {
  const jobs = new SolveJobRunner(client, settings, log);
  return {
    mode: 'Job',
    async solve(request, signal) {
      const req: SolveJobRequest<SolveOutcome> = {
        app: applicationOf(request),
        inputHash: solveRequestHash(request),
        inputsJson: JSON.stringify(request),
        timeLimitSeconds: request.timeLimitSec,
        decode: decodeSolveOutcome,
      };
      for (;;) {
        if (signal.aborted) throw new Error('solve job: stopped waiting (shutdown)');
        const step = await jobs.step(req);
        if (step.kind === 'done') return step.result;
        if (step.kind === 'failed')
          return {
            kind: 'no-solution',
            issues: [{ severity: 'error', object: `Job/${step.job}`, path: '', message: step.message }],
            solverStatus: 'Error',
          };
        await pause(step.retryAfterMs, signal);
      }
    },
    forget: (app) => jobs.forget(app),
  };
}

/** Waits `ms`, or less when `signal` aborts (its listener removed either way). */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The size threshold of issue 12: a runner that hands applications of at least `minComponents` components to
 * `job` and the others to `worker`. It sits in the Worker slot, so it also routes a policy that says
 * `mode: Worker` explicitly (the request carries no controller settings); its `mode` stays Worker for logs.
 */
export function sizeRoutedRunner(worker: SolveRunner, job: SolveRunner, minComponents: number): SolveRunner {
  return {
    mode: 'Worker',
    solve: (request, signal) => (request.deploymentPolicy.spec.deploymentPolicies.length >= minComponents ? job : worker).solve(request, signal),
  };
}

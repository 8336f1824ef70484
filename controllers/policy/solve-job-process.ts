/**
 * The inside of a solve Job (`skycluster controller solve`, run by the Job's pod): read the SolveRequest the
 * operator wrote into the inputs ConfigMap, solve it with the same in-process runner the operator uses in
 * Worker mode, and write the SolveOutcome into the result ConfigMap, owned by the Job (JOB_NAME/JOB_UID from
 * the pod's labels) so that deleting the Job removes it.
 */
import { BUILTIN, systemClock, type KubeClient, type KubeObject } from '../runtime/index.js';
import { INPUTS_KEY, renderResultConfigMap, RESULT_KEY } from './solve-job-spec.js';
import type { SolveOutcome, SolveRequest } from './solve-runner.js';

/** Where the Job reads and writes. */
export interface SolveJobProcessOptions {
  readonly namespace: string;
  /** Name of the inputs ConfigMap. */
  readonly inputs: string;
  /** Name of the result ConfigMap. */
  readonly result: string;
  /** The Job running this process (owner of the result). */
  readonly job?: { readonly name: string; readonly uid: string };
  /** How long to wait for the inputs ConfigMap (the operator creates it right after the Job), ms. @default 60000 */
  readonly waitForInputsMs?: number;
}

/** What the process did. */
export type SolveJobProcessResult =
  | { readonly ok: true; readonly kind: SolveOutcome['kind']; readonly written: 'created' | 'exists' }
  | { readonly ok: false; readonly message: string };

/** Reads the inputs, solves with `solve`, writes the result. Never throws for an API or input problem. */
export async function runSolveJobProcess(
  client: KubeClient,
  opts: SolveJobProcessOptions,
  solve: (request: SolveRequest) => Promise<SolveOutcome>,
): Promise<SolveJobProcessResult> {
  const where = `${opts.namespace}/${opts.inputs}`;
  const deadline = systemClock.now() + (opts.waitForInputsMs ?? 60_000);
  let inputs: KubeObject & { data?: Record<string, string> };
  for (;;) {
    const got = await client.get<KubeObject & { data?: Record<string, string> }>(BUILTIN.configMap, opts.namespace, opts.inputs);
    if (got.ok) {
      inputs = got.body;
      break;
    }
    // 404: not written yet; 0: the network; anything else is final.
    if ((got.status !== 404 && got.status !== 0) || systemClock.now() > deadline)
      return { ok: false, message: `ConfigMap ${where}: ${got.status} ${got.reason}: ${got.message}` };
    await new Promise((r) => setTimeout(r, 500));
  }
  const text = inputs.data?.[INPUTS_KEY];
  if (text === undefined) return { ok: false, message: `ConfigMap ${where}: no ${INPUTS_KEY}` };
  let request: SolveRequest;
  try {
    request = JSON.parse(text) as SolveRequest;
  } catch (err) {
    return { ok: false, message: `ConfigMap ${where}: ${INPUTS_KEY} is not JSON: ${(err as Error).message}` };
  }
  if (typeof request !== 'object' || request === null || typeof request.deploymentPolicy !== 'object')
    return { ok: false, message: `ConfigMap ${where}: ${INPUTS_KEY} holds no solve request (deploymentPolicy missing)` };
  const outcome = await solve(request);
  const cm = renderResultConfigMap(opts.namespace, opts.result, opts.job, JSON.stringify(outcome));
  const made = await client.create(BUILTIN.configMap, cm);
  if (made.ok) return { ok: true, kind: outcome.kind, written: 'created' };
  // A retried pod of the same Job finds the first attempt's result: the same inputs gave it, keep it.
  if (made.status === 409) return { ok: true, kind: outcome.kind, written: 'exists' };
  return { ok: false, message: `ConfigMap ${opts.namespace}/${opts.result} (${RESULT_KEY}): ${made.status} ${made.reason}: ${made.message}` };
}

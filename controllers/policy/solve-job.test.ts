import { describe, expect, it } from 'vitest';
import { decodeSolveOutcome, sizeRoutedRunner } from './solve-job.js';
import type { SolveOutcome, SolveRequest, SolveRunner } from './solve-runner.js';

/** A runner that records which requests it got and answers `invalid` (only the routing is under test). */
function recording(name: string, seen: string[]): SolveRunner {
  return {
    mode: 'Worker',
    solve: async (request) => {
      seen.push(`${name}:${request.deploymentPolicy.spec.deploymentPolicies.length}`);
      return { kind: 'invalid', issues: [] } satisfies SolveOutcome;
    },
  };
}

const requestOf = (components: number): SolveRequest =>
  ({ deploymentPolicy: { spec: { deploymentPolicies: Array.from({ length: components }, () => ({})) } } }) as unknown as SolveRequest;

describe('sizeRoutedRunner', () => {
  it('sends applications of at least the threshold to the Job runner, smaller ones to the worker', async () => {
    const seen: string[] = [];
    const runner = sizeRoutedRunner(recording('worker', seen), recording('job', seen), 40);
    const signal = new AbortController().signal;
    for (const n of [1, 39, 40, 200]) await runner.solve(requestOf(n), signal);
    expect(seen).toEqual(['worker:1', 'worker:39', 'job:40', 'job:200']);
  });
});

describe('decodeSolveOutcome', () => {
  it.each([
    // not an outcome
    [null, 'expected an outcome with kind planned, invalid, infeasible or no-solution'],
    [{ kind: 'maybe' }, 'expected an outcome with kind planned, invalid, infeasible or no-solution'],
    // a failure needs its issues
    [{ kind: 'infeasible' }, 'issues: expected a list'],
  ])('refuses %j: %s', (json, message) => {
    expect(decodeSolveOutcome(json)).toEqual({ ok: false, message });
  });

  it('takes a failure with its issues as it is', () => {
    const outcome = { kind: 'no-solution', issues: [{ severity: 'error', object: 'x', path: '', message: 'm' }], solverStatus: 'TimedOut' };
    expect(decodeSolveOutcome(outcome)).toEqual({ ok: true, value: outcome });
  });
});

import { describe, expect, it } from 'vitest';
import {
  DEADLINE_MARGIN_SECONDS,
  jobState,
  renderInputsConfigMap,
  renderSolveJob,
  resultConfigMapName,
  solveArgs,
  solveJobName,
  type SolveJobInput,
} from './solve-job-spec.js';

const INPUT: SolveJobInput = {
  namespace: 'skycluster-system',
  app: { namespace: 'shop', name: 'web' },
  inputHash: 'a'.repeat(64),
  image: 'registry.example/skycluster:1',
  serviceAccountName: 'skycluster-solver',
  timeLimitSeconds: 30,
};

interface Container {
  name: string;
  image: string;
  args: string[];
  env: { name: string; valueFrom: { fieldRef: { fieldPath: string } } }[];
  resources: { requests: { cpu: string; memory: string } };
}
interface JobSpec {
  backoffLimit: number;
  activeDeadlineSeconds: number;
  template: { spec: { restartPolicy: string; serviceAccountName: string; containers: Container[] } };
}

describe('renderSolveJob', () => {
  const job = renderSolveJob(INPUT);
  const spec = job['spec'] as JobSpec;
  const c = spec.template.spec.containers[0]!;

  it('runs the operator image with `controller solve` on its inputs and result ConfigMaps, as the solver ServiceAccount', () => {
    const name = job.metadata?.name ?? '';
    expect(c.image).toBe(INPUT.image);
    expect(c.args).toEqual(solveArgs('skycluster-system', name));
    expect(c.args).toContain(`--result=${resultConfigMapName(name)}`);
    expect(spec.template.spec.serviceAccountName).toBe('skycluster-solver');
    expect(spec.template.spec.restartPolicy).toBe('Never');
  });

  it('has requests of its own, a deadline past the time limit, and the Job identity from its pod labels', () => {
    expect(c.resources.requests).toEqual({ cpu: '1', memory: '1Gi' });
    expect(spec.activeDeadlineSeconds).toBe(30 + DEADLINE_MARGIN_SECONDS);
    expect(c.env.map((e) => [e.name, e.valueFrom.fieldRef.fieldPath])).toEqual([
      ['JOB_NAME', "metadata.labels['job-name']"],
      ['JOB_UID', "metadata.labels['controller-uid']"],
    ]);
  });

  it('is named after the application and the inputs: same inputs, same Job; other inputs or app, another', () => {
    const name = solveJobName(INPUT.app, INPUT.inputHash);
    expect(job.metadata?.name).toBe(name);
    expect(name.length).toBeLessThanOrEqual(52); // + "-result" and the pod suffix stay within 63
    expect(solveJobName(INPUT.app, 'b'.repeat(64))).not.toBe(name);
    expect(solveJobName({ namespace: 'shop', name: 'api' }, INPUT.inputHash)).not.toBe(name);
  });

  it('puts the inputs into a ConfigMap controller-owned by the created Job', () => {
    const created = { ...job, metadata: { ...job.metadata, uid: 'u-1' } };
    const cm = renderInputsConfigMap(created, '{"x":1}');
    expect(cm.metadata?.ownerReferences).toEqual([
      { apiVersion: 'batch/v1', kind: 'Job', name: job.metadata?.name, uid: 'u-1', controller: true, blockOwnerDeletion: true },
    ]);
    expect(cm['data']).toEqual({ 'inputs.json': '{"x":1}' });
  });
});

describe('jobState', () => {
  it.each([
    // no status yet
    [{}, { kind: 'running' }],
    [{ status: { conditions: [{ type: 'Complete', status: 'True' }] } }, { kind: 'succeeded' }],
    // the deadline passed
    [
      {
        status: {
          conditions: [{ type: 'Failed', status: 'True', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' }],
        },
      },
      { kind: 'failed', message: 'DeadlineExceeded: Job was active longer than specified deadline' },
    ],
  ])('%j → %j', (job, state) => {
    expect(jobState(job)).toEqual(state);
  });
});

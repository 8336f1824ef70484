import { describe, expect, it } from 'vitest';
import { workloadFacts } from './workload-resources.js';

const deployment = (spec: Record<string, unknown>, kind = 'Deployment') => ({ apiVersion: 'apps/v1', kind, metadata: { name: 'w' }, spec });
const pod = (containers: unknown[], initContainers?: unknown[]) => ({
  template: { spec: { containers, ...(initContainers ? { initContainers } : {}) } },
});

describe('workloadFacts', () => {
  it.each([
    // replicas as written; requests summed over containers
    [
      'two containers',
      deployment({
        replicas: 3,
        ...pod([{ resources: { requests: { cpu: '500m', memory: '512Mi' } } }, { resources: { requests: { cpu: '1', memory: '1Gi' } } }]),
      }),
      { replicas: 3, requests: { cpuCores: 1.5, memoryGiB: 1.5, gpus: 0 }, problems: [] },
    ],
    // a limit without a request is the request (Kubernetes defaulting); GPUs from nvidia.com/gpu
    [
      'limits only, GPU',
      deployment({ replicas: 1, ...pod([{ resources: { limits: { cpu: '2', memory: '4Gi', 'nvidia.com/gpu': '1' } } }]) }),
      { replicas: 1, requests: { cpuCores: 2, memoryGiB: 4, gpus: 1 }, problems: [] },
    ],
    // the largest init container wins when it asks for more than the app containers together
    [
      'init container larger',
      deployment({
        ...pod([{ resources: { requests: { cpu: '250m', memory: '128Mi' } } }], [{ resources: { requests: { cpu: '2', memory: '64Mi' } } }]),
      }),
      { replicas: 1, requests: { cpuCores: 2, memoryGiB: 0.125, gpus: 0 }, problems: [] },
    ],
    // no requests at all: the policy's own figures stay
    ['no requests', deployment({ replicas: 2, ...pod([{ image: 'x' }]) }), { replicas: 2, problems: [] }],
    // Job parallelism is its replica count
    ['job', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { parallelism: 4, ...pod([]) } }, { replicas: 4, problems: [] }],
    // kilo is spelled k in Kubernetes quantities
    [
      'decimal kilo memory',
      deployment({ replicas: 1, ...pod([{ resources: { requests: { memory: '1048576k' } } }]) }),
      { replicas: 1, requests: { cpuCores: 0, memoryGiB: 1048576e3 / 1024 ** 3, gpus: 0 }, problems: [] },
    ],
  ])('%s', (_name, workload, expected) => {
    expect(workloadFacts(workload)).toEqual(expected);
  });

  it('names an unreadable quantity with its field', () => {
    const f = workloadFacts(deployment({ replicas: 1, ...pod([{ resources: { requests: { cpu: 'lots' } } }]) }));
    expect(f.problems).toEqual(['spec.template.spec.containers[0].resources.requests.cpu: expected a CPU quantity like 2, 0.5 or 500m, got "lots"']);
  });
});

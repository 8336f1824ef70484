/**
 * What a workload object (Deployment, StatefulSet, Job, ...) says about the model: its replica count and the
 * per-replica requests of its pod template. Pure. Kubernetes' own rules for a pod's effective request apply:
 * the sum over containers, at least the largest init container; a container without a request but with a
 * limit requests its limit; GPUs are the `nvidia.com/gpu` extended resource (requests equal limits).
 * @see https://kubernetes.io/docs/concepts/workloads/pods/init-containers/#resource-sharing-within-containers
 */
import { parseCpu, parseMemory } from '../../src/api/units.js';
import { podTemplateOf } from '../../src/harbor/app-manifests.js';
import type { KubeObject as ManifestObject } from '../../src/harbor/kube-object.js';
import type { KubeObject } from '../runtime/index.js';

/** The extended resource name of NVIDIA GPUs (device plugin). */
export const GPU_RESOURCE = 'nvidia.com/gpu';

/** What a workload contributes to its component. Fields are absent when the workload does not say. */
export interface WorkloadFacts {
  /** Pods the workload asks for (Deployment/StatefulSet spec.replicas, Job parallelism). */
  readonly replicas?: number;
  /** Per-pod requests: cores, GiB and GPUs, when at least one container states CPU or memory. */
  readonly requests?: { readonly cpuCores: number; readonly memoryGiB: number; readonly gpus: number };
  /** Quantities that could not be read, as `containers[1].resources.requests.cpu: message`. */
  readonly problems: readonly string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter(isRecord) : []);

interface Amount {
  cpuCores: number;
  memoryGiB: number;
  gpus: number;
  /** Whether CPU or memory was stated at all. */
  stated: boolean;
}

/** One container's request of one resource: requests first, else limits (Kubernetes defaults requests to limits). */
function quantityOf(container: Record<string, unknown>, resource: string): { text: string; from: 'requests' | 'limits' } | undefined {
  const res = isRecord(container['resources']) ? container['resources'] : {};
  for (const from of ['requests', 'limits'] as const) {
    const block = res[from];
    if (isRecord(block) && (typeof block[resource] === 'string' || typeof block[resource] === 'number'))
      return { text: String(block[resource]), from };
  }
  return undefined;
}

function containerAmount(container: Record<string, unknown>, at: string, problems: string[]): Amount {
  const out: Amount = { cpuCores: 0, memoryGiB: 0, gpus: 0, stated: false };
  const cpu = quantityOf(container, 'cpu');
  if (cpu) {
    const r = parseCpu(cpu.text);
    if (r.ok) out.cpuCores = r.value;
    else problems.push(`${at}.resources.${cpu.from}.cpu: ${r.message}`);
    out.stated = true;
  }
  const mem = quantityOf(container, 'memory');
  if (mem) {
    // Kubernetes memory quantities: Ki/Mi/Gi (binary), k/M/G (decimal), plain bytes; Kubernetes spells kilo `k`.
    const r = parseMemory(mem.text.replace(/k$/, 'K'));
    if (r.ok) out.memoryGiB = r.value;
    else problems.push(`${at}.resources.${mem.from}.memory: ${r.message}`);
    out.stated = true;
  }
  const gpu = quantityOf(container, GPU_RESOURCE);
  if (gpu) {
    const n = Number(gpu.text);
    if (Number.isFinite(n) && n >= 0) out.gpus = n;
    else problems.push(`${at}.resources.${gpu.from}["${GPU_RESOURCE}"]: expected a GPU count, got ${JSON.stringify(gpu.text)}`);
  }
  return out;
}

/** The replica count a workload asks for, by kind. */
function replicasOf(workload: KubeObject): number | undefined {
  const spec = isRecord(workload['spec']) ? workload['spec'] : {};
  const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);
  switch (workload.kind) {
    case 'Deployment':
    case 'StatefulSet':
      // The API server defaults spec.replicas to 1; an object read before defaulting may lack it.
      return int(spec['replicas']) ?? 1;
    case 'Job':
      return int(spec['parallelism']) ?? 1;
    case 'CronJob': {
      const job = isRecord(spec['jobTemplate']) && isRecord(spec['jobTemplate']['spec']) ? spec['jobTemplate']['spec'] : {};
      return int(job['parallelism']) ?? 1;
    }
    default:
      // DaemonSet: one pod per node of the placement, which the node count decides.
      return undefined;
  }
}

/** Reads replicas and per-pod requests from a workload object. */
export function workloadFacts(workload: KubeObject): WorkloadFacts {
  const problems: string[] = [];
  const replicas = replicasOf(workload);
  // The pod template is read by kind and spec alone (one reader for Harbor and the planner).
  const podSpec = podTemplateOf(workload as ManifestObject)?.spec;
  const containers = list(podSpec?.['containers']).map((c, i) => containerAmount(c, `spec.template.spec.containers[${i}]`, problems));
  const inits = list(podSpec?.['initContainers']).map((c, i) => containerAmount(c, `spec.template.spec.initContainers[${i}]`, problems));
  const sum = containers.reduce(
    (a, c) => ({ cpuCores: a.cpuCores + c.cpuCores, memoryGiB: a.memoryGiB + c.memoryGiB, gpus: a.gpus + c.gpus, stated: a.stated || c.stated }),
    { cpuCores: 0, memoryGiB: 0, gpus: 0, stated: false },
  );
  // Init containers run one at a time before the others: the pod needs the largest of them, if that is more.
  const effective = inits.reduce(
    (a, c) => ({
      cpuCores: Math.max(a.cpuCores, c.cpuCores),
      memoryGiB: Math.max(a.memoryGiB, c.memoryGiB),
      gpus: Math.max(a.gpus, c.gpus),
      stated: a.stated || c.stated,
    }),
    sum,
  );
  return {
    ...(replicas !== undefined ? { replicas } : {}),
    ...(effective.stated ? { requests: { cpuCores: effective.cpuCores, memoryGiB: effective.memoryGiB, gpus: effective.gpus } } : {}),
    problems,
  };
}

/**
 * Flavor rules of a component: compute-profile groups and per-replica resources, and from them the number
 * of nodes a placement needs. Rule 3 of docs/placement-semantics.md.
 */
import { flavorSatisfies, globToRegExp, parseVirtualService, type FlavorRequirement, type FlavorShape } from '../../src/api/compute-profile.js';
import type { DeploymentPolicyItem } from '../../src/api/policy.js';
import { parseCpu, parseMemory } from '../../src/api/units.js';

/** Tolerance on the per-node fit quotients, so that 2.9999999999999996 replicas per node count as 3. */
const FIT_EPS = 1e-9;

/** One parsed alternative of a virtualServiceConstraint group. */
interface Alternative {
  readonly requirement: FlavorRequirement;
}

/** Per-replica requests in base units (cores, GiB, GPUs). */
interface ReplicaRequest {
  readonly cpu: number;
  readonly memoryGiB: number;
  readonly gpus: number;
  readonly gpuModel?: RegExp;
  readonly gpuModelText?: string;
}

/** The flavor rules of one component, parsed once. */
export interface FlavorRules {
  /** Parsed alternatives per group (alternatives that failed to parse are left out). */
  readonly groups: readonly (readonly Alternative[])[];
  readonly request?: ReplicaRequest;
  /** Replicas per placement (default 1). */
  readonly replicas: number;
  /** Policy fields that could not be read, as `path: message`. */
  readonly errors: readonly string[];
}

/** Parses a component's virtualServiceConstraint and resources. */
export function flavorRules(item: DeploymentPolicyItem): FlavorRules {
  const errors: string[] = [];
  const groups = (item.virtualServiceConstraint ?? []).map((g, gi) => {
    const alts: Alternative[] = [];
    g.anyOf.forEach((vs, ai) => {
      const r = parseVirtualService(vs);
      if (r.ok) alts.push({ requirement: r.requirement });
      else errors.push(`virtualServiceConstraint[${gi}].anyOf[${ai}].${r.path}: ${r.message}`);
    });
    return alts;
  });
  let request: ReplicaRequest | undefined;
  if (item.resources !== undefined) {
    const cpu = parseCpu(item.resources.cpu);
    const mem = parseMemory(item.resources.memory);
    if (!cpu.ok) errors.push(`resources.cpu: ${cpu.message}`);
    if (!mem.ok) errors.push(`resources.memory: ${mem.message}`);
    const gpu = item.resources.gpu;
    request = {
      cpu: cpu.ok ? cpu.value : 0,
      memoryGiB: mem.ok ? mem.value : 0,
      gpus: gpu?.count ?? 0,
      ...(gpu?.model !== undefined ? { gpuModel: globToRegExp(gpu.model), gpuModelText: gpu.model } : {}),
    };
  }
  return { groups, replicas: item.replicas ?? 1, errors, ...(request ? { request } : {}) };
}

/** The result of sizing a flavor: broken profile rules, or the nodes one placement needs. */
export type Sizing =
  | { readonly ok: true; readonly neededNodes: number; readonly replicasPerNode: number }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Replicas of the request that fit on one node of the flavor (Infinity when the request is empty). */
export function replicasPerNode(req: ReplicaRequest, flavor: FlavorShape): number {
  const fits: number[] = [];
  if (req.cpu > 0) fits.push(Math.floor((flavor.vcpus - 0.1) / req.cpu + FIT_EPS));
  if (req.memoryGiB > 0) fits.push(Math.floor((0.9 * flavor.ramGiB) / req.memoryGiB + FIT_EPS));
  if (req.gpus > 0) {
    const modelOk = req.gpuModel === undefined || (flavor.gpuModel !== undefined && req.gpuModel.test(flavor.gpuModel));
    fits.push(modelOk ? Math.floor(flavor.gpuCount / req.gpus + FIT_EPS) : 0);
  }
  return fits.length === 0 ? Infinity : Math.max(0, Math.min(...fits));
}

/**
 * Checks a flavor against a component's rules. The flavor must satisfy one alternative of every group;
 * profileNodes = max over groups of the smallest `count` among the alternatives it satisfies (1 without
 * groups). With resources, at least one replica must fit on a node and
 * needed = max(profileNodes, ceil(replicas / replicasPerNode)).
 */
export function sizeFlavor(rules: FlavorRules, flavorName: string, flavor: FlavorShape): Sizing {
  const problems: string[] = [];
  let profileNodes = 1;
  rules.groups.forEach((alts, gi) => {
    const nodes = alts.filter((a) => flavorSatisfies(a.requirement, flavor)).map((a) => a.requirement.nodes);
    if (nodes.length === 0) {
      const texts = alts.map((a) => a.requirement.text).join(' | ') || '(no readable alternative)';
      problems.push(`flavor ${flavorName} (${flavor.nameLabel}) satisfies no alternative of virtualServiceConstraint[${gi}]: ${texts}`);
    } else {
      profileNodes = Math.max(profileNodes, Math.min(...nodes));
    }
  });
  let perNode = Infinity;
  if (rules.request !== undefined) {
    const req = rules.request;
    perNode = replicasPerNode(req, flavor);
    if (perNode < 1) {
      const gpuText = req.gpus > 0 ? `, ${req.gpus} GPU${req.gpuModelText !== undefined ? ` ${req.gpuModelText}` : ''}` : '';
      const have = `${flavor.vcpus} vCPU, ${flavor.ramGiB} GiB${flavor.gpuCount > 0 ? `, ${flavor.gpuCount} ${flavor.gpuModel ?? 'GPU'}` : ''}`;
      problems.push(`flavor ${flavorName} (${have}) cannot hold one replica (${req.cpu} CPU, ${req.memoryGiB} GiB${gpuText})`);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const replicaNodes = Number.isFinite(perNode) ? Math.ceil(rules.replicas / perNode) : 0;
  return { ok: true, neededNodes: Math.max(profileNodes, replicaNodes), replicasPerNode: perNode };
}

/**
 * The one CIDR allocator: gives every cluster of every application a network block, a pod range and a
 * service range, none overlapping any other cluster's. Pure and deterministic.
 *
 * Layout: the pool (default 10.0.0.0/8) is cut into /15 cluster blocks. Block i gives the network its first
 * /16, the pods the first /17 of the second /16 and the services the /20 after the pods. Stability: every
 * block in `previous` (the allocations recorded in the Atlas objects of all applications) stays reserved,
 * a cluster found there keeps its blocks, and a new cluster takes the lowest free block, new clusters taken
 * in name order — so a re-plan that adds or removes clusters never moves one that stays.
 */
import type { Issue } from '../validate/issue.js';
import { formatCidr, isCidrError, overlaps, parseCidr, subBlock, type Cidr } from './ipv4.js';

/** The three ranges of one cluster, as CIDR text. */
export interface ClusterCidrs {
  readonly network: string;
  readonly pods: string;
  readonly services: string;
}

/** The ranges a user fixed for one cluster (any of the three), and where they were written. */
export interface UserCidrs {
  readonly cluster: string;
  readonly network?: string;
  readonly pods?: string;
  readonly services?: string;
  /** `Kind/name` of the object that holds them, for the issue. */
  readonly object: string;
  /** Field path of the cluster's entry in that object, e.g. `clusters.shop-aws-us-east-1`. */
  readonly path: string;
}

/** Input of allocateCidrs. */
export interface AllocateCidrsInput {
  /** Names of the clusters to allocate now (unique across applications). */
  readonly clusters: readonly string[];
  /** Allocations already made (all applications); a cluster listed here keeps its blocks. @default none */
  readonly previous?: Readonly<Record<string, ClusterCidrs>>;
  /** User-given ranges; they win over `previous` and must not overlap any other cluster's. @default none */
  readonly user?: readonly UserCidrs[];
  /** Pool the blocks come from. @default 10.0.0.0/8 */
  readonly pool?: string;
}

/** The result: every requested cluster's ranges, or the issues that prevent a safe allocation. */
export interface CidrAllocation {
  readonly allocation: Readonly<Record<string, ClusterCidrs>>;
  readonly issues: readonly Issue[];
}

/** Default pool of cluster blocks. */
export const DEFAULT_CIDR_POOL = '10.0.0.0/8';
const CLUSTER_BLOCK_PREFIX = 15;
const ROLES = ['network', 'pods', 'services'] as const;
type Role = (typeof ROLES)[number];

/** The three ranges of cluster block `block` (a /15). */
function rangesOf(block: Cidr): Record<Role, Cidr> {
  const second = subBlock(block, 16, 1);
  return { network: subBlock(block, 16, 0), pods: subBlock(second, 17, 0), services: subBlock(second, 20, 8) };
}

interface Taken {
  readonly owner: string;
  readonly role: Role;
  readonly cidr: Cidr;
}

/**
 * Allocates the ranges of `input.clusters`. Nothing is allocated when any issue is found (an invalid or
 * overlapping user range, an exhausted pool): a half-applied allocation could renumber a live network.
 */
export function allocateCidrs(input: AllocateCidrsInput): CidrAllocation {
  const issues: Issue[] = [];
  const poolParsed = parseCidr(input.pool ?? DEFAULT_CIDR_POOL);
  if (isCidrError(poolParsed)) return { allocation: {}, issues: [{ severity: 'error', path: 'pool', message: poolParsed.error }] };
  if (poolParsed.prefix > CLUSTER_BLOCK_PREFIX)
    return { allocation: {}, issues: [{ severity: 'error', path: 'pool', message: `the pool must be /${CLUSTER_BLOCK_PREFIX} or larger` }] };
  const pool = poolParsed;
  const wanted = new Set(input.clusters);
  const taken: Taken[] = [];
  const fixed = new Map<string, Partial<Record<Role, Cidr>>>();

  // User ranges first: parsed, then checked against each other and against every other cluster's record.
  for (const u of input.user ?? []) {
    const mine: Partial<Record<Role, Cidr>> = {};
    for (const role of ROLES) {
      const text = u[role];
      if (text === undefined) continue;
      const c = parseCidr(text);
      if (isCidrError(c)) {
        issues.push({ severity: 'error', object: u.object, path: `${u.path}.${role}`, message: c.error });
        continue;
      }
      const clash = taken.find((t) => overlaps(t.cidr, c));
      if (clash)
        issues.push({
          severity: 'error',
          object: u.object,
          path: `${u.path}.${role}`,
          message: `${text} overlaps ${formatCidr(clash.cidr)}, the ${clash.role} range of cluster ${clash.owner}`,
        });
      else {
        taken.push({ owner: u.cluster, role, cidr: c });
        mine[role] = c;
      }
    }
    fixed.set(u.cluster, { ...fixed.get(u.cluster), ...mine });
  }
  for (const [cluster, prev] of Object.entries(input.previous ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    for (const role of ROLES) {
      if (fixed.get(cluster)?.[role]) continue;
      const c = parseCidr(prev[role]);
      if (isCidrError(c)) {
        issues.push({ severity: 'error', path: `previous.${cluster}.${role}`, message: c.error });
        continue;
      }
      const clash = taken.find((t) => t.owner !== cluster && overlaps(t.cidr, c));
      if (clash) {
        const u = (input.user ?? []).find((x) => x.cluster === clash.owner);
        issues.push({
          severity: 'error',
          ...(u ? { object: u.object } : {}),
          path: u ? `${u.path}.${clash.role}` : `previous.${cluster}.${role}`,
          message: `${formatCidr(clash.cidr)} overlaps ${prev[role]}, the ${role} range cluster ${cluster} already has`,
        });
        continue;
      }
      taken.push({ owner: cluster, role, cidr: c });
      if (wanted.has(cluster)) fixed.set(cluster, { ...fixed.get(cluster), [role]: c });
    }
  }
  if (issues.length > 0) return { allocation: {}, issues };

  const allocation: Record<string, ClusterCidrs> = {};
  const blocks = 2 ** (CLUSTER_BLOCK_PREFIX - pool.prefix);
  let next = 0;
  for (const cluster of [...wanted].sort()) {
    const have = fixed.get(cluster) ?? {};
    let ranges: Partial<Record<Role, Cidr>> = have;
    if (ROLES.some((r) => have[r] === undefined)) {
      // The lowest block none of whose three ranges touches anything taken.
      while (next < blocks && taken.some((t) => overlaps(t.cidr, subBlock(pool, CLUSTER_BLOCK_PREFIX, next)))) next++;
      if (next >= blocks) {
        issues.push({
          severity: 'error',
          path: 'pool',
          message: `the pool ${formatCidr(pool)} has no free /${CLUSTER_BLOCK_PREFIX} block left for cluster ${cluster}`,
        });
        return { allocation: {}, issues };
      }
      const fresh = rangesOf(subBlock(pool, CLUSTER_BLOCK_PREFIX, next));
      next++;
      ranges = { network: have.network ?? fresh.network, pods: have.pods ?? fresh.pods, services: have.services ?? fresh.services };
      for (const role of ROLES) if (have[role] === undefined) taken.push({ owner: cluster, role, cidr: fresh[role] });
    }
    allocation[cluster] = { network: formatCidr(ranges.network!), pods: formatCidr(ranges.pods!), services: formatCidr(ranges.services!) };
  }
  return { allocation, issues };
}

/**
 * Reads a Skyhook's status as the operator writes it (Harbor never writes it) and sums it up per node pool:
 * complete, in progress or blocked, with the reason a user can act on (a package failing on a node, a taint
 * the packages do not tolerate, the interruption budget, a pause). Pure.
 * @see NVIDIA/skyhook operator/config/crd/bases/skyhook.nvidia.com_skyhooks.yaml (status), docs/ on blocked nodes
 */

/** Harbor's verdict for one pool's Skyhook. */
export interface PoolPackagesState {
  readonly state: 'Complete' | 'InProgress' | 'Blocked' | 'Unknown';
  readonly reason: string;
  /** `complete/total` nodes as the operator counts them, when it says. */
  readonly completeNodes?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const sorted = <T>(r: Record<string, T>): [string, T][] => Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1));

/** Packages in state `erroring` per node: `nvidia-driver 550.54.15 on node-a (stage apply, 3 restarts)`. */
function failingPackages(status: Record<string, unknown>): string[] {
  const out: string[] = [];
  const nodeState = isRecord(status['nodeState']) ? status['nodeState'] : {};
  for (const [node, packages] of sorted(nodeState)) {
    if (!isRecord(packages)) continue;
    for (const [, p] of sorted(packages)) {
      if (!isRecord(p) || p['state'] !== 'erroring') continue;
      const restarts = typeof p['restarts'] === 'number' && p['restarts'] > 0 ? `, ${p['restarts']} restarts` : '';
      out.push(`${String(p['name'])} ${String(p['version'])} on ${node} (stage ${String(p['stage'])}${restarts})`);
    }
  }
  return out;
}

/** The messages of conditions that are True (the operator sets e.g. skyhook.nvidia.com/TaintNotTolerable). */
function trueConditions(status: Record<string, unknown>): string[] {
  const list = Array.isArray(status['conditions']) ? status['conditions'].filter(isRecord) : [];
  return list
    .filter((c) => c['status'] === 'True' && typeof c['type'] === 'string' && !/(^|\/)(Complete|Ready|Available)$/.test(c['type']))
    .map((c) => `${String(c['reason'] ?? c['type'])}${typeof c['message'] === 'string' && c['message'] !== '' ? `: ${c['message']}` : ''}`);
}

/**
 * Sums up one Skyhook object's status.
 * @param skyhook the object as read from the target cluster (metadata.generation and status are read)
 */
export function summarizeSkyhookStatus(skyhook: { metadata?: { generation?: number }; status?: unknown }): PoolPackagesState {
  const status = isRecord(skyhook.status) ? skyhook.status : undefined;
  if (status === undefined) return { state: 'Unknown', reason: 'the Skyhook operator has not reported yet (is it installed on this cluster?)' };
  const completeNodes = typeof status['completeNodes'] === 'string' ? { completeNodes: status['completeNodes'] } : {};
  const generation = skyhook.metadata?.generation;
  const observed = status['observedGeneration'];
  if (typeof generation === 'number' && typeof observed === 'number' && observed < generation) {
    return { state: 'InProgress', reason: `the operator has not yet seen generation ${generation} (last saw ${observed})`, ...completeNodes };
  }
  const failing = failingPackages(status);
  const conditions = trueConditions(status);
  switch (status['status']) {
    case 'complete':
      return { state: 'Complete', reason: 'every package is applied on every selected node', ...completeNodes };
    case 'erroring':
      return {
        state: 'Blocked',
        reason: failing.length > 0 ? `package failing: ${failing.join('; ')}` : conditions.join('; ') || 'a package is failing',
        ...completeNodes,
      };
    case 'blocked':
      return { state: 'Blocked', reason: conditions.join('; ') || 'nodes are blocked (a taint the packages do not tolerate?)', ...completeNodes };
    case 'paused':
    case 'disabled':
      return {
        state: 'Blocked',
        reason: `the Skyhook is ${status['status']} (annotation skyhook.nvidia.com/${status['status'] === 'paused' ? 'pause' : 'disable'})`,
        ...completeNodes,
      };
    case 'waiting':
      return {
        state: 'InProgress',
        reason: conditions.join('; ') || 'waiting: the interruption budget or a higher-priority Skyhook holds the next nodes',
        ...completeNodes,
      };
    case 'in_progress':
      return {
        state: 'InProgress',
        reason: failing.length > 0 ? `applying; failing so far: ${failing.join('; ')}` : 'applying packages',
        ...completeNodes,
      };
    default:
      return { state: 'Unknown', reason: `status ${JSON.stringify(status['status'] ?? '')} not reported yet`, ...completeNodes };
  }
}

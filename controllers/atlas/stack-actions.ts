/**
 * What the Atlas controller does next with each stack, decided from the desired stacks (the spec) and the
 * observed ones (status.stacks[]). Pure: no client, engine or clock. Level-triggered: the same inputs give
 * the same actions, so a pass interrupted anywhere is continued by the next one.
 *
 * Order. A peering link is requested by the lower-named cluster and accepted by the other, whose program
 * reads the request's id from the initiator's stack: the acceptor depends on the initiator. Ups run
 * initiators first; destroys run dependents first (reverse dependency order). Inside one stack Pulumi's own
 * graph orders node pools, gateways and link resources before the cluster and the cluster before the network.
 * WireGuard peers read each other's gateway address and key: each stack records the peers that were Ready
 * when it ran (`peersSeen`), and a peer Ready since then gives it one more up, so links converge.
 */
import { createHash } from 'node:crypto';
import type { StackStatus } from '../../src/api/atlas.js';
import type { StackDefinition } from '../../providers/pulumi/stacks.js';

/** A stack of the spec, reduced to what the decision needs. */
export interface DesiredStack {
  readonly name: string;
  /** Hash of the stack definition (cluster, peers, application, mode). */
  readonly hash: string;
  /** On-prem sites provision nothing: they are never run. */
  readonly siteKind: 'cloud' | 'onprem';
  /** Stacks that must be Ready before this one runs (the initiators of its peering links). */
  readonly dependsOn: readonly string[];
  /** Linked cloud stacks whose outputs enter this stack's configuration. */
  readonly peers: readonly string[];
}

/** One engine operation to run now. */
export type StackAction =
  /** `up`; `resume`: a killed run left the stack Updating or Destroying: cancel its pending operation and refresh first. */
  | { readonly kind: 'up'; readonly stack: string; readonly resume: boolean; readonly peersSeen: readonly string[] }
  /** `destroy`; `resume`: cancel a pending operation first. */
  | { readonly kind: 'destroy'; readonly stack: string; readonly resume: boolean }
  /** Drop the status entry of a stack that left the spec before it ever ran (nothing to destroy). */
  | { readonly kind: 'forget'; readonly stack: string };

/** A stack with work to do that cannot start yet, and why. */
export interface WaitingStack {
  readonly stack: string;
  readonly reason: string;
}

/** The decision of one pass. */
export interface StackDecision {
  readonly actions: readonly StackAction[];
  readonly waiting: readonly WaitingStack[];
}

/** Inputs of decideStackActions. */
export interface DecisionInput {
  readonly desired: readonly DesiredStack[];
  readonly observed: readonly StackStatus[];
  /** Stacks with an engine operation running in this process (never resumed, never started twice). */
  readonly inFlight: ReadonlySet<string>;
  /** Stacks to leave alone in this pass (failed or without credentials earlier in the pass). */
  readonly skip?: ReadonlySet<string>;
  /** The Atlas is being deleted: destroy everything. */
  readonly deleting: boolean;
  /** At most this many engine operations at once (in flight included). */
  readonly parallelism: number;
}

/** Canonical JSON (keys sorted), so equal definitions hash equally. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** Hash of what a stack's program is built from; a change means the stack needs an up. */
export function stackHash(def: StackDefinition, application: string, executionEnvironment: string): string {
  const text = canonical({ application, executionEnvironment, cluster: def.cluster, peers: def.peers });
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** The decision view of a stack definition. */
export function desiredStack(def: StackDefinition, application: string, executionEnvironment: string): DesiredStack {
  return {
    name: def.name,
    hash: stackHash(def, application, executionEnvironment),
    siteKind: def.cluster.siteKind,
    dependsOn: def.peers.filter((p) => p.transport === 'peering' && !p.initiator && p.stackRef).map((p) => p.name),
    peers: def.peers.filter((p) => p.stackRef).map((p) => p.name),
  };
}

/** Whether a status entry records a stack that may own cloud resources (it ran, or was running). */
export function hasRun(s: StackStatus): boolean {
  return s.phase !== 'Pending' || s.appliedHash !== undefined;
}

/** Decides the engine operations of one pass (see the file comment for the rules). */
export function decideStackActions(input: DecisionInput): StackDecision {
  const observed = new Map(input.observed.map((s) => [s.name, s]));
  const desired = new Map(input.desired.map((d) => [d.name, d]));
  const skip = input.skip ?? new Set<string>();
  const candidates: StackAction[] = [];
  const waiting: WaitingStack[] = [];
  const current = (name: string): boolean => {
    const o = observed.get(name);
    return o?.phase === 'Ready' && o.appliedHash === desired.get(name)?.hash;
  };

  if (!input.deleting) {
    // A stack that still has to run (Failed ones are not waited for: their dependents go on without them).
    const due = (name: string): boolean => !current(name) && observed.get(name)?.phase !== 'Failed' && desired.get(name)?.siteKind === 'cloud';
    for (const d of [...input.desired].sort((a, b) => a.name.localeCompare(b.name))) {
      if (d.siteKind !== 'cloud' || skip.has(d.name)) continue;
      const o = observed.get(d.name);
      const readyPeers = d.peers.filter(current);
      if (input.inFlight.has(d.name)) {
        waiting.push({ stack: d.name, reason: 'operation in progress' });
        continue;
      }
      if (o?.phase === 'Updating' || o?.phase === 'Destroying') {
        candidates.push({ kind: 'up', stack: d.name, resume: true, peersSeen: readyPeers });
        continue;
      }
      const seen = new Set(o?.peersSeen ?? []);
      const needsUp = !current(d.name) || readyPeers.some((p) => !seen.has(p));
      if (!needsUp) continue;
      const blockers = d.dependsOn.filter(due);
      if (blockers.length) waiting.push({ stack: d.name, reason: `waiting for ${blockers.join(', ')}` });
      else candidates.push({ kind: 'up', stack: d.name, resume: false, peersSeen: readyPeers });
    }
    for (const o of input.observed) {
      if (desired.has(o.name) || skip.has(o.name)) continue;
      if (input.inFlight.has(o.name)) waiting.push({ stack: o.name, reason: 'operation in progress' });
      else if (!hasRun(o)) candidates.push({ kind: 'forget', stack: o.name });
      else {
        // Stacks that linked to it drop the link in their next up; destroy it only after that.
        const users = input.observed.filter((x) => desired.has(x.name) && (x.peersSeen ?? []).includes(o.name)).map((x) => x.name);
        if (users.length) waiting.push({ stack: o.name, reason: `waiting for ${users.join(', ')} to drop the link` });
        else candidates.push({ kind: 'destroy', stack: o.name, resume: o.phase === 'Updating' || o.phase === 'Destroying' });
      }
    }
  } else {
    const remaining = new Set(input.observed.filter(hasRun).map((o) => o.name));
    for (const o of [...input.observed].sort((a, b) => b.name.localeCompare(a.name))) {
      if (skip.has(o.name)) continue;
      if (input.inFlight.has(o.name)) waiting.push({ stack: o.name, reason: 'operation in progress' });
      else if (!hasRun(o)) candidates.push({ kind: 'forget', stack: o.name });
      else {
        const dependents = [...remaining].filter((x) => x !== o.name && (desired.get(x)?.dependsOn ?? []).includes(o.name));
        if (dependents.length) waiting.push({ stack: o.name, reason: `waiting for ${dependents.join(', ')} to be destroyed` });
        else candidates.push({ kind: 'destroy', stack: o.name, resume: o.phase === 'Updating' || o.phase === 'Destroying' });
      }
    }
  }

  let slots = Math.max(0, input.parallelism - input.inFlight.size);
  const actions: StackAction[] = [];
  for (const a of candidates) {
    if (a.kind === 'forget') actions.push(a);
    else if (slots > 0) {
      actions.push(a);
      slots--;
    } else waiting.push({ stack: a.stack, reason: `parallelism bound ${input.parallelism}` });
  }
  return { actions, waiting };
}

/**
 * The Atlas status the controller writes, computed from the stack entries and what the pass found. Pure:
 * the time comes in as `now`. Conditions: Ready (every stack of the spec Ready at its current definition,
 * nothing left to destroy) and Provisioning (engine work remains). No secret value is ever part of it:
 * stack entries hold references and public outputs (endpoint, CA) only, and every message was redacted.
 */
import type { Atlas, StackStatus } from '../../src/api/atlas.js';
import { ATLAS_REASONS } from '../../src/api/atlas.js';
import { setCondition, type Condition } from '../runtime/index.js';
import type { DesiredStack, WaitingStack } from './stack-actions.js';

/** A condition of the Atlas kind. */
export type AtlasCondition = Condition<'Ready' | 'Provisioning', (typeof ATLAS_REASONS)[number]>;

/** The status block of an Atlas. */
export type AtlasStatus = NonNullable<Atlas['status']>;

/** What a pass knows besides the stack entries. */
export interface StatusFacts {
  readonly generation: number | undefined;
  readonly desired: readonly DesiredStack[];
  readonly stacks: readonly StackStatus[];
  readonly deleting: boolean;
  readonly waiting: readonly WaitingStack[];
  /** Stacks whose credentials (or other input) Secret is missing, with the message naming it. */
  readonly missingSecrets: readonly { readonly stack: string; readonly message: string }[];
  /** The spec is invalid: the message names the field. */
  readonly invalid?: string;
  /** The Pulumi engine is not configured: the message names the Secret. */
  readonly engineUnavailable?: string;
  /** Operations still running in this pass. */
  readonly running: readonly string[];
  /** The pass has decided there is nothing more to run (only then can Ready become True). */
  readonly settled: boolean;
}

type ConditionInput = Omit<AtlasCondition, 'lastTransitionTime'>;

/** The Ready and Provisioning conditions for `facts`. */
export function atlasConditions(facts: StatusFacts): { ready: ConditionInput; provisioning: ConditionInput } {
  const g = facts.generation;
  const mk = (type: AtlasCondition['type'], status: AtlasCondition['status'], reason: AtlasCondition['reason'], message: string): ConditionInput => ({
    type,
    status,
    reason,
    message,
    ...(g !== undefined ? { observedGeneration: g } : {}),
  });
  const byName = new Map(facts.stacks.map((s) => [s.name, s]));
  const failed = facts.stacks.filter((s) => s.phase === 'Failed');
  const failedText = failed.map((s) => `stack ${s.name}: ${s.lastError ?? 'failed'}`).join('; ');
  const missing = facts.missingSecrets.map((m) => m.message).join('; ');
  const busy = facts.running.length + facts.waiting.length > 0;
  const progress = (): string => {
    const parts: string[] = [];
    if (facts.running.length) parts.push(`running: ${facts.running.join(', ')}`);
    if (facts.waiting.length) parts.push(`waiting: ${facts.waiting.map((w) => `${w.stack} (${w.reason})`).join(', ')}`);
    return parts.join('; ');
  };

  if (facts.invalid !== undefined) {
    const m = `invalid spec: ${facts.invalid}`;
    return { ready: mk('Ready', 'False', 'InvalidSpec', m), provisioning: mk('Provisioning', 'False', 'InvalidSpec', m) };
  }
  if (facts.deleting) {
    const left = facts.stacks.length;
    const m = failed.length ? failedText : missing || `destroying ${left} stack(s)${busy ? `; ${progress()}` : ''}`;
    const reason = failed.length ? 'PulumiError' : missing ? 'CredentialsMissing' : 'Deleting';
    return { ready: mk('Ready', 'False', reason, m), provisioning: mk('Provisioning', 'True', 'Deleting', m) };
  }
  if (facts.engineUnavailable !== undefined) {
    const m = facts.engineUnavailable;
    return { ready: mk('Ready', 'False', 'EngineUnavailable', m), provisioning: mk('Provisioning', 'False', 'EngineUnavailable', m) };
  }
  if (failed.length) {
    return {
      ready: mk('Ready', 'False', 'PulumiError', failedText),
      provisioning: busy ? mk('Provisioning', 'True', 'InProgress', progress()) : mk('Provisioning', 'False', 'PulumiError', failedText),
    };
  }
  if (missing) {
    return {
      ready: mk('Ready', 'False', 'CredentialsMissing', missing),
      provisioning: busy ? mk('Provisioning', 'True', 'InProgress', progress()) : mk('Provisioning', 'False', 'CredentialsMissing', missing),
    };
  }
  const allReady =
    facts.desired.every((d) => byName.get(d.name)?.phase === 'Ready' && byName.get(d.name)?.appliedHash === d.hash) &&
    facts.stacks.length === facts.desired.length &&
    facts.settled &&
    !busy;
  if (allReady) {
    const m = `${facts.desired.length} stack(s) ready`;
    return { ready: mk('Ready', 'True', 'Provisioned', m), provisioning: mk('Provisioning', 'False', 'Provisioned', m) };
  }
  const m = progress() || 'provisioning';
  return { ready: mk('Ready', 'False', 'InProgress', m), provisioning: mk('Provisioning', 'True', 'InProgress', m) };
}

/** The whole status block: stack entries in name order, both conditions, the observed generation. */
export function atlasStatus(previous: AtlasStatus | undefined, facts: StatusFacts, now: string): AtlasStatus {
  const { ready, provisioning } = atlasConditions(facts);
  let conditions = setCondition(previous?.conditions as AtlasCondition[] | undefined, ready, now);
  conditions = setCondition(conditions, provisioning, now);
  return {
    ...(facts.generation !== undefined ? { observedGeneration: facts.generation } : {}),
    conditions: conditions as AtlasStatus['conditions'],
    stacks: [...facts.stacks].sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** Whether two statuses are equal as written (so an unchanged status is not written again). */
export function sameStatus(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

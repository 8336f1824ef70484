/**
 * The approval gate's reconcile pass for one Plan key: read the Plan, decide (approval-decision.ts, pure),
 * apply the Atlas and the Harbor by server-side apply when approved, then write the Approved condition once
 * (other conditions of the Plan — Ready, written by the policy controller — are kept). An unapproved Plan
 * touches nothing but its condition. A deleted Plan needs nothing here: its Atlas and Harbor carry a
 * controller ownerReference, so the garbage collector removes them.
 */
import {
  applyObject,
  conditionsEqual,
  done,
  isBeingDeleted,
  parseObjectKey,
  setCondition,
  terminal,
  transient,
  updateStatus,
  type Condition,
  type EventRecorder,
  type KubeClient,
  type KubeObject,
  type OperationResult,
  type Reconciler,
} from '../runtime/index.js';
import { ATLAS_REF, HARBOR_REF, PLAN_REF } from '../skycluster-refs.js';
import type { SiteSecrets } from '../../src/atlas/render-atlas.js';
import type { Catalog } from '../../src/catalog/types.js';
import type { Issue } from '../../src/validate/issue.js';
import { decideApproval } from './approval-decision.js';

/** What the reconciler reads besides the Plan itself (caches, at the edge). */
export interface ApprovalReconcilerOptions {
  readonly client: KubeClient;
  /** Every Atlas in the cluster (informer cache plus what this controller applied since). */
  readonly atlases: () => readonly KubeObject[];
  /** The bundled + registered catalog. */
  readonly catalog: () => { catalog?: Pick<Catalog, 'offerings'>; issues: readonly Issue[] };
  /** Secret references per site, from the registered ProviderProfiles. */
  readonly secrets: () => (platform: string, region: string) => SiteSecrets | undefined;
  readonly events: EventRecorder;
  /** RFC 3339 now, read at the edge. */
  readonly now: () => string;
  /** Called with each applied Atlas (to keep CIDR blocks reserved before the cache sees it). */
  readonly onAtlasApplied?: (atlas: KubeObject) => void;
  /** Collects the apply results (tests assert on them). */
  readonly applied?: { kind: 'Atlas' | 'Harbor'; key: string; operation: OperationResult }[];
}

type PlanObject = KubeObject & { status?: { conditions?: Condition[] } };

/** Builds the approval gate's reconciler. */
export function approvalReconciler(opts: ApprovalReconcilerOptions): Reconciler {
  const { client } = opts;
  return {
    async reconcile(key) {
      const { namespace, name } = parseObjectKey(key);
      const got = await client.get<PlanObject>(PLAN_REF, namespace, name);
      if (got.status === 404) return done;
      if (!got.ok) return transient(`reading Plan ${key}: ${got.status} ${got.reason}: ${got.message}`);
      const plan = got.body;
      if (isBeingDeleted(plan)) return done;

      const cat = opts.catalog();
      const decision = decideApproval({
        plan,
        atlases: opts.atlases(),
        catalog: cat.catalog,
        catalogIssues: cat.issues,
        secrets: opts.secrets(),
      });

      if (decision.kind === 'apply') {
        for (const [ref, intent] of [
          [ATLAS_REF, decision.atlas],
          [HARBOR_REF, decision.harbor],
        ] as const) {
          const res = await applyObject(client, ref, intent);
          if (!res.ok) return transient(`applying ${ref.kind} ${namespace}/${intent.metadata?.name}: ${res.status} ${res.reason}: ${res.message}`);
          opts.applied?.push({ kind: ref.kind as 'Atlas' | 'Harbor', key: `${namespace}/${intent.metadata?.name}`, operation: res.operation });
          if (ref === ATLAS_REF) opts.onAtlasApplied?.(res.object);
          if (res.operation !== 'unchanged')
            await opts.events.record(plan, 'Normal', `${ref.kind}Applied`, `${ref.kind} ${intent.metadata?.name} ${res.operation}`);
        }
      }

      const generation = plan.metadata?.generation;
      const written = await updateStatus<PlanObject>(client, PLAN_REF, plan, (latest) => {
        // The spec may have moved since the decision (a re-plan): write nothing for a generation not decided on.
        if (latest.metadata?.generation !== generation) return undefined;
        const conditions = setCondition(latest.status?.conditions, decision.condition, opts.now());
        if (conditionsEqual(conditions, latest.status?.conditions)) return undefined;
        return { ...(latest.status ?? {}), conditions };
      });
      if (!written.ok) return transient(`writing the status of Plan ${key}: ${written.status} ${written.reason}: ${written.message}`);
      if (decision.kind === 'invalid') {
        if (written.operation === 'updated') await opts.events.record(plan, 'Warning', 'InvalidPlan', decision.condition.message);
        return terminal('InvalidPlan', decision.condition.message);
      }
      return done;
    },
  };
}

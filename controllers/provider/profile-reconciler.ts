/**
 * The ProviderProfile reconciler: reads the profile and its kubeconfig Secret, asks profile-decision.ts what to
 * do, server-side applies the InstanceType the catalog fills (owned by the profile, so it goes with it) and
 * writes the status once. Invalid specs end terminal (retried only when the object changes); a missing
 * Secret is looked at again after a minute (Secrets are not watched).
 */
import type { InMemoryCatalog } from '../../providers/catalog/in-memory-catalog.js';
import type { ProviderProfileStatus } from '../../src/api/provider.js';
import {
  applyObject,
  conditionsEqual,
  done,
  isBeingDeleted,
  LABELS,
  MANAGED_BY_VALUE,
  parseObjectKey,
  requeueAfter,
  setCondition,
  terminal,
  transient,
  updateStatus,
  type EventRecorder,
  type KubeClient,
  type KubeObject,
  type Reconciler,
  type ResourceRef,
} from '../runtime/index.js';
import { INSTANCE_TYPE_REF, PROVIDER_PROFILE_REF } from '../skycluster-refs.js';
import { decideProfile, type SecretState } from './profile-decision.js';

/** core/v1 Secret. */
const SECRET_REF: ResourceRef = { group: '', version: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true };

/** A ProviderProfile as read from the API server. */
type ProfileObject = KubeObject & { spec?: { kubeconfigSecretRef?: { namespace?: string; name?: string } }; status?: ProviderProfileStatus };

/** What the reconciler needs. */
export interface ProfileReconcilerDeps {
  readonly client: KubeClient;
  readonly events: EventRecorder;
  readonly catalog: InMemoryCatalog;
  /** InstanceTypes of a namespace (the informer's cache). */
  readonly instanceTypes: (namespace: string) => readonly KubeObject[];
  /** RFC 3339 now, read at the edge. */
  readonly now: () => string;
}

/** JSON with sorted keys: two statuses compare equal whatever order their fields were written in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

function sameStatus(a: ProviderProfileStatus | undefined, b: ProviderProfileStatus): boolean {
  const { conditions: ca, ...ra } = a ?? {};
  const { conditions: cb, ...rb } = b;
  return conditionsEqual(ca, cb) && canonical(ra) === canonical(rb);
}

async function secretState(client: KubeClient, profile: ProfileObject): Promise<SecretState | { error: string }> {
  const ref = profile.spec?.kubeconfigSecretRef;
  if (!ref?.namespace || !ref.name) return 'none';
  const got = await client.get(SECRET_REF, ref.namespace, ref.name);
  if (got.ok) return 'exists';
  if (got.status === 404) return 'missing';
  if (got.status === 403) return 'unknown';
  return { error: `reading Secret ${ref.namespace}/${ref.name}: ${got.message}` };
}

/** Builds the reconciler of ProviderProfiles. */
export function profileReconciler(deps: ProfileReconcilerDeps): Reconciler {
  const { client, events } = deps;
  return {
    async reconcile(key) {
      const { namespace, name } = parseObjectKey(key);
      const got = await client.get<ProfileObject>(PROVIDER_PROFILE_REF, namespace, name);
      if (got.status === 404) return done;
      if (!got.ok) return transient(got.message);
      const profile = got.body;
      // The filled InstanceType is owned by the profile: the garbage collector removes it.
      if (isBeingDeleted(profile)) return done;
      const secret = await secretState(client, profile);
      if (typeof secret === 'object') return transient(secret.error);
      const decision = decideProfile({
        profile,
        instanceTypes: deps.instanceTypes(namespace ?? ''),
        catalog: deps.catalog,
        secret,
        managedBy: { key: LABELS.managedBy, value: MANAGED_BY_VALUE },
      });
      if (decision.fill) {
        const applied = await applyObject(client, INSTANCE_TYPE_REF, decision.fill);
        if (!applied.ok) return transient(`applying InstanceType/${decision.fill.metadata?.name}: ${applied.message}`);
        if (applied.operation !== 'unchanged')
          await events.record(
            profile,
            'Normal',
            'InstanceTypeFilled',
            `InstanceType/${decision.fill.metadata?.name} ${applied.operation} from the bundled catalog (${decision.status.offerings} offerings)`,
          );
      }
      const written = await updateStatus<ProfileObject>(client, PROVIDER_PROFILE_REF, profile, (latest) => {
        const next: ProviderProfileStatus = {
          ...decision.status,
          conditions: setCondition(latest.status?.conditions, decision.ready, deps.now()),
        };
        return sameStatus(latest.status, next) ? undefined : next;
      });
      if (!written.ok) return written.status === 404 ? done : transient(`writing the status: ${written.message}`);
      if (written.operation === 'updated' && decision.ready.status === 'False')
        await events.record(profile, 'Warning', decision.ready.reason, decision.ready.message);
      const outcome = decision.outcome;
      if (outcome.kind === 'terminal') return terminal(outcome.reason, outcome.message);
      if (outcome.kind === 'requeue') return requeueAfter(outcome.afterMs);
      return done;
    },
  };
}

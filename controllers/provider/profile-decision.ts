/**
 * What the ProviderProfile controller does with one profile, as a pure function of the profile, the
 * InstanceTypes of its namespace, the bundled catalog and whether its kubeconfig Secret exists: the status to
 * report (zones, offering count, InstanceTypes, price source and date, Ready condition), the InstanceType to
 * apply when a cloud region has none (filled from the catalog, controller-owned by the profile) and how the
 * reconcile ends. The reconciler (profile-reconciler.ts) reads and writes; this file decides.
 */
import type { InstanceType, ProviderProfile, ProviderProfileStatus } from '../../src/api/provider.js';
import type { InMemoryCatalog } from '../../providers/catalog/in-memory-catalog.js';
import { isCloud, registerCloudRegion } from '../../providers/registration/cloud-region.js';
import { PRICE_DATE_ANNOTATION, PRICE_SOURCE_ANNOTATION } from '../../providers/registration/constants.js';
import { semanticChecks } from '../../src/validate/semantic-checks.js';
import { validateDocument, type ValidObject } from '../../src/validate/validate-object.js';
import type { Issue } from '../../src/validate/issue.js';
import type { ConditionInput, KubeObject, OwnerReference } from '../runtime/index.js';

/** Reason of the Ready condition. */
export type ProfileReason = NonNullable<ProviderProfileStatus['conditions']>[number]['reason'];

/** The Ready condition to set (lastTransitionTime is the status writer's). */
export type ReadyInput = ConditionInput<'Ready', ProfileReason>;

/** Whether the profile's kubeconfig Secret exists, as the reconciler read it (`none`: the profile names none). */
export type SecretState = 'none' | 'exists' | 'missing' | 'unknown';

/** Everything the decision reads. */
export interface ProfileInputs {
  /** The profile as read from the API server. */
  readonly profile: KubeObject;
  /** InstanceTypes of the profile's namespace (the informer's cache). */
  readonly instanceTypes: readonly KubeObject[];
  readonly catalog: InMemoryCatalog;
  readonly secret: SecretState;
  /** Label and value the controller puts on what it writes. */
  readonly managedBy: { readonly key: string; readonly value: string };
}

/** How the reconcile ends. */
export type ProfileOutcome =
  | { readonly kind: 'done' }
  /** Invalid spec: nothing to retry until the object changes. */
  | { readonly kind: 'terminal'; readonly reason: ProfileReason; readonly message: string }
  /** Waiting for something the controller does not watch (a Secret): look again later. */
  | { readonly kind: 'requeue'; readonly afterMs: number };

/** The decision. */
export interface ProfileDecision {
  /** Status fields other than conditions. */
  readonly status: Omit<ProviderProfileStatus, 'conditions'>;
  readonly ready: ReadyInput;
  /** An InstanceType to server-side apply (owned by the profile), when the catalog fills or refills it. */
  readonly fill?: KubeObject;
  readonly outcome: ProfileOutcome;
}

/** How often a profile whose Secret is missing is looked at again (Secrets are not watched). */
export const SECRET_RECHECK_MS = 60_000;

/** The registration code names flags (`--region`); on a profile they are spec fields. */
const FLAG_PATHS: Record<string, string> = { '--region': 'spec.region', '--zones': 'spec.zones', cloud: 'spec.platform' };

const line = (i: Issue): string => `${i.path === '' ? '' : `${i.path}: `}${i.message}`;

/** The first error as a condition message, naming the object when it is not the profile, and how many more. */
function errorMessage(errors: readonly Issue[], profileObject: string): string {
  const first = errors[0] as Issue;
  const head = first.object !== undefined && first.object !== profileObject ? `${first.object} ${line(first)}` : line(first);
  return errors.length > 1 ? `${head} (and ${errors.length - 1} more)` : head;
}

function validate(obj: KubeObject, file: string): { valid?: ValidObject; errors: Issue[] } {
  const r = validateDocument({ file, document: 1, value: obj });
  return { ...(r.valid ? { valid: r.valid } : {}), errors: r.issues.filter((i) => i.severity === 'error') };
}

function isOwnedBy(it: KubeObject, owner: KubeObject): boolean {
  const uid = owner.metadata?.uid;
  return uid !== undefined && (it.metadata?.ownerReferences ?? []).some((r: OwnerReference) => r.controller === true && r.uid === uid);
}

/** The InstanceType of a cloud region from the bundled catalog, for exactly the profile's zones; or the issues. */
function catalogFill(
  profile: ProviderProfile,
  owner: KubeObject,
  inputs: ProfileInputs,
): { ok: true; fill: InstanceType } | { ok: false; errors: Issue[] } {
  const built = registerCloudRegion(inputs.catalog, {
    cloud: profile.spec.platform,
    region: profile.spec.region,
    zones: profile.spec.zones.map((z) => z.name),
    name: profile.metadata.name,
    ...(owner.metadata?.namespace ? { namespace: owner.metadata.namespace } : {}),
  });
  if (!built.ok) return { ok: false, errors: built.issues.map((i) => ({ ...i, path: FLAG_PATHS[i.path] ?? i.path })) };
  const it = built.value.instanceType;
  if (!it)
    return {
      ok: false,
      errors: [
        {
          severity: 'error',
          path: 'spec.region',
          message: `the bundled catalog lists no offerings for ${profile.spec.platform}/${profile.spec.region}`,
        },
      ],
    };
  const meta = it.metadata;
  const ownerRef: OwnerReference = {
    apiVersion: owner.apiVersion ?? 'core.skycluster.io/v1alpha1',
    kind: 'ProviderProfile',
    name: profile.metadata.name,
    uid: owner.metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
  const fill = {
    ...it,
    metadata: { ...meta, labels: { ...(meta.labels ?? {}), [inputs.managedBy.key]: inputs.managedBy.value }, ownerReferences: [ownerRef] },
  } as InstanceType;
  return { ok: true, fill };
}

const sameZones = (it: InstanceType, profile: ProviderProfile): boolean =>
  JSON.stringify(it.spec.offerings.map((o) => o.zone).sort()) === JSON.stringify(profile.spec.zones.map((z) => z.name).sort());

/** The status figures of a valid profile and its InstanceTypes. */
export function profileStatus(
  profile: ProviderProfile,
  instanceTypes: readonly InstanceType[],
  filled: boolean,
): Omit<ProviderProfileStatus, 'conditions'> {
  const on = profile.spec.enabled !== false;
  const perZone = new Map<string, number>();
  for (const it of instanceTypes) for (const o of it.spec.offerings) perZone.set(o.zone, (perZone.get(o.zone) ?? 0) + o.zoneOfferings.length);
  const first = instanceTypes[0];
  const annotation = (key: string): string => first?.metadata.annotations?.[key] ?? profile.metadata.annotations?.[key] ?? 'unknown';
  return {
    zones: profile.spec.zones.map((z) => ({
      name: z.name,
      enabled: on && z.enabled !== false,
      defaultZone: z.defaultZone === true,
      type: z.type ?? 'cloud',
      offerings: perZone.get(z.name) ?? 0,
    })),
    offerings: [...perZone.values()].reduce((a, b) => a + b, 0),
    instanceTypes: instanceTypes.map((it) => it.metadata.name).sort(),
    filledFromCatalog: filled,
    priceSource: annotation(PRICE_SOURCE_ANNOTATION),
    priceDate: annotation(PRICE_DATE_ANNOTATION),
  };
}

/** Decides status, fill-in and outcome for one profile. Pure. */
export function decideProfile(inputs: ProfileInputs): ProfileDecision {
  const raw = inputs.profile;
  const meta = raw.metadata ?? {};
  const generation = meta.generation;
  const observed = generation !== undefined ? { observedGeneration: generation } : {};
  const objectName = `ProviderProfile/${meta.name ?? '?'}`;
  const file = `${meta.namespace ?? ''}/${meta.name ?? ''}`;
  const invalid = (errors: readonly Issue[]): ProfileDecision => {
    const message = errorMessage(errors, objectName);
    return {
      status: observed,
      ready: { type: 'Ready', status: 'False', reason: 'InvalidSpec', message, ...observed },
      outcome: { kind: 'terminal', reason: 'InvalidSpec', message },
    };
  };

  const checked = validate(raw, file);
  if (!checked.valid) return invalid(checked.errors);
  const profile = checked.valid.object as ProviderProfile;
  const mine = inputs.instanceTypes.filter((it) => (it['spec'] as { providerRef?: unknown } | undefined)?.providerRef === profile.metadata.name);
  const valid: ValidObject[] = [checked.valid];
  const errors: Issue[] = [];
  for (const it of mine) {
    const r = validate(it, file);
    if (r.valid) valid.push(r.valid);
    errors.push(...r.errors);
  }
  errors.push(...semanticChecks(valid).filter((i) => i.severity === 'error'));
  if (errors.length > 0) return invalid(errors);
  let instanceTypes = valid.slice(1).map((v) => v.object as InstanceType);

  // A cloud region with no InstanceType, or with the controller's own whose zones no longer match: the catalog fills it.
  const own = mine.find((it) => isOwnedBy(it, raw));
  const needsFill =
    isCloud(profile.spec.platform) &&
    (mine.length === 0 || (own !== undefined && mine.length === 1 && !sameZones(instanceTypes[0] as InstanceType, profile)));
  let fill: InstanceType | undefined;
  if (needsFill) {
    const taken = inputs.instanceTypes.find((it) => it.metadata?.name === profile.metadata.name && !mine.includes(it));
    if (taken) {
      const other = String((taken['spec'] as { providerRef?: unknown } | undefined)?.providerRef ?? '?');
      const message = `no InstanceType names this provider, and InstanceType/${profile.metadata.name} (the name the catalog fill-in would take) belongs to provider ${other}`;
      return {
        status: { ...observed, ...profileStatus(profile, [], false) },
        ready: { type: 'Ready', status: 'False', reason: 'NoOfferings', message, ...observed },
        outcome: { kind: 'done' },
      };
    }
    const filled = catalogFill(profile, raw, inputs);
    if (!filled.ok) return invalid(filled.errors.map((e) => ({ ...e, object: objectName })));
    fill = filled.fill;
    instanceTypes = [fill];
  }
  const status = { ...observed, ...profileStatus(profile, instanceTypes, fill !== undefined || own !== undefined) };
  const ready = (status_: 'True' | 'False', reason: ProfileReason, message: string): ReadyInput => ({
    type: 'Ready',
    status: status_,
    reason,
    message,
    ...observed,
  });
  const base = { status, ...(fill ? { fill: fill as unknown as KubeObject } : {}) };
  const zones = status.zones ?? [];
  const enabledZones = zones.filter((z) => z.enabled);
  if (profile.spec.enabled === false)
    return {
      ...base,
      ready: ready('False', 'Disabled', `disabled: drops out of every solve (skycluster provider enable ${profile.metadata.name})`),
      outcome: { kind: 'done' },
    };
  if (enabledZones.length === 0)
    return { ...base, ready: ready('False', 'Disabled', 'every zone is disabled: the provider drops out of every solve'), outcome: { kind: 'done' } };
  if ((status.offerings ?? 0) === 0 || enabledZones.every((z) => z.offerings === 0)) {
    const message =
      instanceTypes.length === 0
        ? `no InstanceType has spec.providerRef ${profile.metadata.name}: register the offerings (skycluster provider register onprem --offerings FILE) or apply an InstanceType`
        : `no flavor is offered in an enabled zone (${instanceTypes.map((it) => `InstanceType/${it.metadata.name}`).join(', ')})`;
    return { ...base, ready: ready('False', 'NoOfferings', message), outcome: { kind: 'done' } };
  }
  const ref = profile.spec.kubeconfigSecretRef;
  if (ref && inputs.secret === 'missing')
    return {
      ...base,
      ready: ready('False', 'SecretMissing', `spec.kubeconfigSecretRef: Secret ${ref.namespace}/${ref.name} does not exist`),
      outcome: { kind: 'requeue', afterMs: SECRET_RECHECK_MS },
    };
  const off = zones.length - enabledZones.length;
  const message =
    `${status.offerings} offerings in ${enabledZones.length} enabled zone${enabledZones.length === 1 ? '' : 's'}` +
    `${
      off > 0
        ? ` (${off} disabled: ${zones
            .filter((z) => !z.enabled)
            .map((z) => z.name)
            .join(', ')})`
        : ''
    }` +
    `; prices: ${status.priceSource}, ${status.priceDate}${fill ? '; InstanceType filled from the bundled catalog' : ''}`;
  return { ...base, ready: ready('True', 'Registered', message), outcome: { kind: 'done' } };
}

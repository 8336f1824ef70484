/**
 * Checks over the whole set of objects, the ones `optimize` would otherwise only meet after validation:
 * an object defined twice, two DeploymentPolicies or DataflowPolicies for one application, a DataflowPolicy
 * without its DeploymentPolicy (or in another namespace), an InstanceType of a disabled ProviderProfile.
 * Each finding names both objects (file and document). Objects whose schema failed are passed in as
 * `rejected`, so that their one error is the only one: no "no DeploymentPolicy" for a DataflowPolicy whose
 * DeploymentPolicy had a field error. Pure.
 */
import type { DataflowPolicy, DeploymentPolicy } from '../api/policy.js';
import type { InstanceType, ProviderProfile } from '../api/provider.js';
import { shown, type Issue } from './issue.js';
import type { SourceDocument } from './documents.js';
import type { ValidObject } from './validate-object.js';

/** The label that ties a DeploymentPolicy and its DataflowPolicy together. */
export const APP_LABEL = 'skycluster.io/app-id';

/** Application key of a policy: its app-id label, else namespace/name. */
export function applicationKey(meta: { name: string; namespace?: string | undefined; labels?: Record<string, string> | undefined }): string {
  return meta.labels?.[APP_LABEL] ?? `${meta.namespace ?? 'default'}/${meta.name}`;
}

/** What can be read of a document whose schema failed: enough to not blame its partners for it. */
export interface RejectedObject {
  readonly kind?: string;
  readonly name?: string;
  /** Application key, for policies whose metadata could be read. */
  readonly appKey?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Kind, name and application key of a raw document, as far as they can be read. */
export function rejectedObject(doc: SourceDocument): RejectedObject {
  const v = doc.value;
  if (!isRecord(v)) return {};
  const kind = typeof v['kind'] === 'string' ? v['kind'] : undefined;
  const meta = isRecord(v['metadata']) ? v['metadata'] : {};
  const name = typeof meta['name'] === 'string' ? meta['name'] : undefined;
  const namespace = typeof meta['namespace'] === 'string' ? meta['namespace'] : undefined;
  const labels = isRecord(meta['labels']) ? meta['labels'] : {};
  const label = typeof labels[APP_LABEL] === 'string' ? labels[APP_LABEL] : undefined;
  const appKey = label ?? (name !== undefined ? `${namespace ?? 'default'}/${name}` : undefined);
  return { ...(kind !== undefined ? { kind } : {}), ...(name !== undefined ? { name } : {}), ...(appKey !== undefined ? { appKey } : {}) };
}

function where(v: ValidObject): Pick<Issue, 'file' | 'document' | 'object'> {
  return { file: v.source.file, document: v.source.document, object: `${v.kind}/${v.name}` };
}

/** `a.yaml document 2`, how a message names the other object's place. */
function place(v: ValidObject): string {
  return `${v.source.file} document ${v.source.document}`;
}

const metaOf = (v: ValidObject): DeploymentPolicy['metadata'] => (v.object as { metadata: DeploymentPolicy['metadata'] }).metadata;

/** The path of the field that decides the application: the label when there is one, else the name. */
function appPath(v: ValidObject): string {
  return metaOf(v).labels?.[APP_LABEL] !== undefined ? `metadata.labels["${APP_LABEL}"]` : 'metadata.name';
}

/** Every object set check; `rejected` are the documents that failed their schema. */
export function objectSetChecks(objects: readonly ValidObject[], rejected: readonly RejectedObject[]): Issue[] {
  const issues: Issue[] = [];
  // One object per kind, namespace and name: a second one would silently replace the first.
  const byId = new Map<string, ValidObject>();
  for (const v of objects) {
    const id = `${v.kind}|${metaOf(v).namespace ?? ''}|${v.name}`;
    const first = byId.get(id);
    if (first) {
      issues.push({
        ...where(v),
        severity: 'error',
        path: 'metadata.name',
        message: `${v.kind}/${v.name} is defined twice: here and in ${place(first)}; one would replace the other (rename or remove one)`,
      });
    } else byId.set(id, v);
  }
  return [...issues, ...pairingChecks(objects, rejected), ...instanceTypeRefs(objects)];
}

/** One DeploymentPolicy and at most one DataflowPolicy per application, in one namespace. */
function pairingChecks(objects: readonly ValidObject[], rejected: readonly RejectedObject[]): Issue[] {
  const issues: Issue[] = [];
  const dps = new Map<string, ValidObject>();
  const dfs = new Map<string, ValidObject>();
  for (const v of objects) {
    if (v.kind !== 'DeploymentPolicy' && v.kind !== 'DataflowPolicy') continue;
    const key = applicationKey(metaOf(v));
    const seen = v.kind === 'DeploymentPolicy' ? dps : dfs;
    const first = seen.get(key);
    if (first) {
      if (first.name === v.name && (metaOf(first).namespace ?? '') === (metaOf(v).namespace ?? '')) continue; // reported as defined twice
      issues.push({
        ...where(v),
        severity: 'error',
        path: appPath(v),
        message: `a second ${v.kind} for application ${shown(key)} (the first is ${first.kind}/${first.name} in ${place(first)}); ${v.kind === 'DataflowPolicy' ? 'merge the edges into one' : 'an application has one DeploymentPolicy'}`,
      });
    } else seen.set(key, v);
  }
  const rejectedApps = new Set(rejected.filter((r) => r.kind === 'DeploymentPolicy' && r.appKey !== undefined).map((r) => r.appKey));
  for (const [key, df] of dfs) {
    const dp = dps.get(key);
    const ns = metaOf(df).namespace ?? 'default';
    if (dp) {
      const dpNs = metaOf(dp).namespace ?? 'default';
      if (dpNs !== ns) {
        issues.push({
          ...where(df),
          severity: 'error',
          path: 'metadata.namespace',
          message: `namespace ${shown(ns)} differs from namespace ${shown(dpNs)} of DeploymentPolicy/${dp.name} (${place(dp)}) of the same application ${shown(key)}`,
        });
      }
      continue;
    }
    // Its DeploymentPolicy was read but failed its schema: that error is the cause, and it is already reported.
    if (rejectedApps.has(key)) continue;
    const sameName = [...dps.values()].find((d) => d.name === df.name);
    const hint = sameName
      ? `; DeploymentPolicy/${sameName.name} (${place(sameName)}) is in namespace ${shown(metaOf(sameName).namespace ?? 'default')}, this DataflowPolicy in ${shown(ns)}`
      : '';
    issues.push({
      ...where(df),
      severity: 'error',
      path: sameName ? 'metadata.namespace' : appPath(df),
      message: `no DeploymentPolicy for application ${shown(key)} (match by label ${APP_LABEL}, or by namespace/name)${hint}`,
    });
  }
  return issues;
}

/** An InstanceType of a disabled ProviderProfile is not registered: said in a note, not as an unknown profile. */
function instanceTypeRefs(objects: readonly ValidObject[]): Issue[] {
  const profiles = new Map<string, ValidObject>();
  for (const v of objects) if (v.kind === 'ProviderProfile') profiles.set(v.name, v);
  const issues: Issue[] = [];
  for (const v of objects) {
    if (v.kind !== 'InstanceType') continue;
    const ref = (v.object as InstanceType).spec.providerRef;
    const pp = profiles.get(ref);
    if (pp && (pp.object as ProviderProfile).spec.enabled === false) {
      issues.push({
        ...where(v),
        severity: 'note',
        path: 'spec.providerRef',
        message: `ProviderProfile ${shown(ref)} (${place(pp)}) is disabled (spec.enabled: false): these offerings are not registered`,
      });
    }
  }
  return issues;
}

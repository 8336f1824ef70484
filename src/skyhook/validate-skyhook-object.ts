/**
 * The Skyhook part of `skycluster validate`: user-written `kind: Skyhook` (or NodeWright) documents are read
 * unchanged against the CRD schema and then checked as the operator's webhook does, plus the run-time
 * failures it misses; DeploymentPolicy components' hostPackages get the same package checks. Pure.
 */
import { NodeWrightSchema, NODEWRIGHT_GROUP, SKYHOOK_GROUP, SkyhookSchema, type Skyhook } from '../api/skyhook.js';
import type { DeploymentPolicy } from '../api/policy.js';
import type { SourceDocument } from '../validate/documents.js';
import { shown, type Issue } from '../validate/issue.js';
import { zodIssuesToIssues, type ValidObject } from '../validate/validate-object.js';
import { checkSkyhookSpec, type SkyhookCheckOptions } from './validate-skyhook.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when a parsed document is a Skyhook or NodeWright object (by its apiVersion group). */
export function isSkyhookDocument(value: unknown): boolean {
  if (!isRecord(value) || typeof value['apiVersion'] !== 'string') return false;
  const group = value['apiVersion'].split('/')[0];
  return group === SKYHOOK_GROUP || group === NODEWRIGHT_GROUP;
}

/**
 * Validates one Skyhook/NodeWright document: schema first (every field error), then, if it parsed, the
 * webhook rules and the warnings of {@link checkSkyhookSpec}. The object is valid unless an error remains.
 */
export function validateSkyhookDocument(doc: SourceDocument, options: SkyhookCheckOptions = {}): { valid?: ValidObject; issues: Issue[] } {
  const value = doc.value as Record<string, unknown>;
  const meta = value['metadata'];
  const name = isRecord(meta) && typeof meta['name'] === 'string' ? meta['name'] : '?';
  const kind = typeof value['kind'] === 'string' ? value['kind'] : '?';
  const base = { file: doc.file, document: doc.document, object: `${shown(kind)}/${shown(name)}` };
  const schema = String(value['apiVersion']).startsWith(NODEWRIGHT_GROUP) ? NodeWrightSchema : SkyhookSchema;
  const parsed = schema.safeParse(value, { reportInput: true });
  if (!parsed.success) return { issues: zodIssuesToIssues(parsed.error, base) };
  const skyhook = parsed.data as Skyhook;
  const issues: Issue[] = checkSkyhookSpec(skyhook.spec, ['spec'], options).map((i) => ({ ...base, ...i }));
  const valid = issues.some((i) => i.severity === 'error') ? undefined : { source: doc, kind, name, object: skyhook };
  return valid ? { valid, issues } : { issues };
}

/** The package checks on every DeploymentPolicy component's hostPackages (its nodeSelectors come from the plan). */
export function checkHostPackages(objects: readonly ValidObject[], options: SkyhookCheckOptions = {}): Issue[] {
  const out: Issue[] = [];
  for (const v of objects) {
    if (v.kind !== 'DeploymentPolicy') continue;
    const dp = v.object as DeploymentPolicy;
    const base = { file: v.source.file, document: v.source.document, object: `DeploymentPolicy/${shown(v.name)}` };
    dp.spec.deploymentPolicies.forEach((item, i) => {
      const host = (item as { hostPackages?: Parameters<typeof checkSkyhookSpec>[0] }).hostPackages;
      if (host === undefined) return;
      for (const issue of checkSkyhookSpec(host, ['spec', 'deploymentPolicies', i, 'hostPackages'], options, false)) out.push({ ...base, ...issue });
    });
  }
  return out;
}

/**
 * The hash of everything a plan is made from. Two solves with the same hash must give the same plan, so a
 * controller never solves twice for the same inputs, and an approval given for one hash does not carry over
 * to a plan made from other inputs. Pure (node:crypto's SHA-256 is computation, not I/O).
 */
import { createHash } from 'node:crypto';
import type { DataflowPolicy, DeploymentPolicy } from '../../src/api/policy.js';
import type { Catalog } from '../../src/catalog/types.js';

/** What goes into the input hash. */
export interface PlanInputs {
  readonly deploymentPolicy: Pick<DeploymentPolicy, 'metadata' | 'spec'>;
  readonly dataflowPolicy?: Pick<DataflowPolicy, 'metadata' | 'spec'> | undefined;
  /** Version of the catalog: see catalogVersion(). */
  readonly catalogVersion: string;
  /** Solve options that change the result (horizon override, formulation, mip gap, ...). */
  readonly options?: Readonly<Record<string, string | number | boolean | undefined>>;
}

/** JSON with object keys sorted at every level, so that equal values always serialise alike. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The default catalog version: the ids and dates of its price sources. A caller whose catalog can change
 * without new sources (ProviderProfiles edited in a cluster) passes its own version, e.g. the profiles'
 * resourceVersions.
 */
export function catalogVersion(catalog: Pick<Catalog, 'provenance'>): string {
  return catalog.provenance.map((p) => `${p.id}@${p.date}`).join(',');
}

/** The identity of a policy for hashing: name, namespace and spec (labels and server-set fields do not count). */
function policyIdentity(p: Pick<DeploymentPolicy | DataflowPolicy, 'metadata' | 'spec'>): unknown {
  return { name: p.metadata.name, namespace: p.metadata.namespace, spec: p.spec };
}

/** SHA-256 (hex) of the plan inputs. */
export function planInputHash(inputs: PlanInputs): string {
  const doc = {
    deploymentPolicy: policyIdentity(inputs.deploymentPolicy),
    dataflowPolicy: inputs.dataflowPolicy ? policyIdentity(inputs.dataflowPolicy) : null,
    catalog: inputs.catalogVersion,
    options: inputs.options ?? {},
  };
  return createHash('sha256').update(canonicalJson(doc)).digest('hex');
}

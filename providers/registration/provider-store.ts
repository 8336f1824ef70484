/**
 * Where registered providers live: a directory of YAML files (`--local DIR`, read by `optimize --providers DIR`)
 * or a cluster (server-side apply). Both implement this interface, so the operations are written once.
 */
import type { Issue } from '../../src/validate/issue.js';
import type { ProviderEntry } from './provider-entry.js';

/** An entry as stored, with where it is (file path, or namespace/name on the cluster). */
export interface StoredEntry extends ProviderEntry {
  readonly where: string;
  /** The ProviderProfile controller's Ready condition, when the store is a cluster and the controller wrote one. */
  readonly ready?: ReadySummary;
}

/** A Ready condition in short. */
export interface ReadySummary {
  readonly status: string;
  readonly reason: string;
  readonly message: string;
}

/**
 * A Secret reference, and whether it exists: `unchecked` when the store cannot tell (a local directory),
 * `forbidden` when the user may not read Secrets there (the register goes on with a warning).
 */
export type SecretCheck = 'exists' | 'missing' | 'unchecked' | 'forbidden';

/** A place registered providers are read from and written to. */
export interface ProviderStore {
  /** Human name of the target, e.g. `directory ./providers` or `cluster kind-dev, namespace skycluster-system`. */
  readonly target: string;
  /** Every registered entry, and issues about unreadable files or objects. */
  list(): Promise<{ entries: StoredEntry[]; issues: Issue[] }>;
  /** Writes new entries: all of them or none (checked first, then written). */
  create(entries: readonly ProviderEntry[]): Promise<Issue[]>;
  /** The checks of create() without writing, where the store can make them (a cluster's server-side dry run). */
  checkCreate?(entries: readonly ProviderEntry[]): Promise<Issue[]>;
  /** Replaces stored entries with changed ones (same names), all or none. */
  update(changes: readonly { readonly before: StoredEntry; readonly after: ProviderEntry }[]): Promise<Issue[]>;
  /** Deletes an entry (its ProviderProfile and InstanceType). */
  remove(entry: StoredEntry): Promise<Issue[]>;
  /** Whether a Secret exists. */
  secretExists(namespace: string, name: string): Promise<SecretCheck>;
}

/**
 * A store held in memory: what `register --dry-run` checks against when no directory or cluster is named (it
 * holds nothing), and a store for tests of the operations (with the Secrets it is told exist).
 */
import type { Issue } from '../../src/validate/issue.js';
import type { ProviderEntry } from './provider-entry.js';
import type { ProviderStore, SecretCheck, StoredEntry } from './provider-store.js';

/** Entries in a map; Secrets `unchecked` unless a list of existing ones is given. */
export class MemoryStore implements ProviderStore {
  readonly target = 'memory';
  private readonly entries = new Map<string, StoredEntry>();

  /** @param secrets `namespace/name` of the Secrets that exist; undefined: Secrets are not checked */
  constructor(private readonly secrets?: ReadonlySet<string>) {}

  async list(): Promise<{ entries: StoredEntry[]; issues: Issue[] }> {
    return { entries: [...this.entries.values()], issues: [] };
  }

  async create(entries: readonly ProviderEntry[]): Promise<Issue[]> {
    for (const e of entries) this.entries.set(e.profile.metadata.name, { ...e, where: 'memory' });
    return [];
  }

  async update(changes: readonly { readonly before: StoredEntry; readonly after: ProviderEntry }[]): Promise<Issue[]> {
    for (const { after } of changes) this.entries.set(after.profile.metadata.name, { ...after, where: 'memory' });
    return [];
  }

  async remove(entry: StoredEntry): Promise<Issue[]> {
    this.entries.delete(entry.profile.metadata.name);
    return [];
  }

  async secretExists(namespace: string, name: string): Promise<SecretCheck> {
    if (this.secrets === undefined) return 'unchecked';
    return this.secrets.has(`${namespace}/${name}`) ? 'exists' : 'missing';
  }
}

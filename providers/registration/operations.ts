/**
 * The `provider` operations over a store: register (checks names and Secret references before anything is
 * written), list, show, enable/disable, remove and refresh. Each returns a value (entries, a report, issues);
 * none prints or exits.
 */
import type { Issue } from '../../src/validate/issue.js';
import { unknownNameMessage } from './closest-names.js';
import { planRefresh, type PriceFile, type RefreshPlan } from './price-refresh.js';
import type { ProviderEntry } from './provider-entry.js';
import type { ProviderStore, StoredEntry } from './provider-store.js';
import { setEnabled } from './profile-edit.js';

/** Result of an operation: a value, or the issues that stopped it (nothing written then). */
export type OperationResult<T> = { readonly ok: true; readonly value: T; readonly notes: Issue[] } | { readonly ok: false; readonly issues: Issue[] };

function stopped<T>(issues: Issue[]): OperationResult<T> {
  return { ok: false, issues };
}

/** Reads the store; unreadable objects stop a write (it could clash with them), not a read. */
async function readStore(store: ProviderStore): Promise<{ entries: StoredEntry[]; issues: Issue[] }> {
  return store.list();
}

/**
 * Writes new entries after checking that no name is taken (in the store or twice in the request) and that every
 * kubeconfig Secret named exists (a Secret the user may not read is a warning). With `dryRun` nothing is written;
 * a cluster store still dry-runs the objects on the server.
 */
export async function registerEntries(
  store: ProviderStore,
  entries: readonly ProviderEntry[],
  dryRun: boolean,
): Promise<OperationResult<ProviderEntry[]>> {
  const { entries: existing, issues: readIssues } = await readStore(store);
  if (readIssues.length > 0) return stopped(readIssues);
  const issues: Issue[] = [];
  const notes: Issue[] = [];
  const taken = new Map(existing.map((e) => [e.profile.metadata.name, e.where]));
  const sites = new Map(existing.map((e) => [`${e.profile.spec.platform}/${e.profile.spec.region}`, e.profile.metadata.name]));
  for (const e of entries) {
    const name = e.profile.metadata.name;
    const object = `ProviderProfile/${name}`;
    const where = taken.get(name);
    if (where !== undefined)
      issues.push({
        severity: 'error',
        object,
        path: '--name',
        message: `a provider named ${name} is registered already (${where}); remove it first or choose another --name`,
      });
    taken.set(name, 'this command');
    const site = `${e.profile.spec.platform}/${e.profile.spec.region}`;
    const other = sites.get(site);
    if (other !== undefined && other !== name)
      issues.push({ severity: 'error', object, path: '--region', message: `${site} is registered already as ${other}` });
    sites.set(site, name);
    const ref = e.profile.spec.kubeconfigSecretRef;
    if (ref) {
      try {
        const check = await store.secretExists(ref.namespace, ref.name);
        if (check === 'missing')
          issues.push({
            severity: 'error',
            object,
            path: '--kubeconfig-secret',
            message: `Secret ${ref.namespace}/${ref.name} does not exist in ${store.target}`,
          });
        if (check === 'forbidden')
          notes.push({
            severity: 'warning',
            object,
            path: '--kubeconfig-secret',
            message: `cannot check Secret ${ref.namespace}/${ref.name}: this user may not read Secrets there; registered anyway (Atlas and Harbor read it with their own permissions)`,
          });
        if (check === 'unchecked')
          notes.push({
            severity: 'note',
            object,
            path: '--kubeconfig-secret',
            message: `Secret ${ref.namespace}/${ref.name} not checked (${store.target} is not a cluster)`,
          });
      } catch (err) {
        issues.push({
          severity: 'error',
          object,
          path: '--kubeconfig-secret',
          message: `cannot check Secret ${ref.namespace}/${ref.name}: ${(err as Error).message}`,
        });
      }
    }
  }
  if (issues.length > 0) return stopped(issues);
  const written = dryRun ? ((await store.checkCreate?.(entries)) ?? []) : await store.create(entries);
  if (written.length > 0) return stopped(written);
  return { ok: true, value: [...entries], notes };
}

/** Every registered entry, sorted by name. */
export async function listEntries(store: ProviderStore): Promise<OperationResult<StoredEntry[]>> {
  const { entries, issues } = await readStore(store);
  const sorted = [...entries].sort((a, b) => (a.profile.metadata.name < b.profile.metadata.name ? -1 : 1));
  return { ok: true, value: sorted, notes: issues };
}

/** One entry by name; an unknown name names the closest registered ones. */
export async function findEntry(store: ProviderStore, name: string): Promise<OperationResult<StoredEntry>> {
  const { entries, issues } = await readStore(store);
  const hit = entries.find((e) => e.profile.metadata.name === name);
  if (hit) return { ok: true, value: hit, notes: issues };
  const names = entries.map((e) => e.profile.metadata.name);
  return stopped([
    ...issues,
    {
      severity: 'error',
      path: 'NAME',
      message:
        names.length === 0 ? `no provider is registered in ${store.target}` : `${unknownNameMessage('provider', name, names)} (in ${store.target})`,
    },
  ]);
}

/** Removes an entry by name. */
export async function removeEntry(store: ProviderStore, name: string): Promise<OperationResult<StoredEntry>> {
  const found = await findEntry(store, name);
  if (!found.ok) return found;
  const issues = await store.remove(found.value);
  return issues.length > 0 ? stopped(issues) : found;
}

/** Enables or disables a provider or one of its zones. */
export async function setEntryEnabled(store: ProviderStore, name: string, enabled: boolean, zone?: string): Promise<OperationResult<ProviderEntry>> {
  const found = await findEntry(store, name);
  if (!found.ok) return found;
  const changed = setEnabled(found.value, enabled, zone);
  if (!changed.ok) return stopped(changed.issues);
  const issues = await store.update([{ before: found.value, after: changed.value }]);
  return issues.length > 0 ? stopped(issues) : { ok: true, value: changed.value, notes: [] };
}

/** Compares a price file with the registered cloud regions and (unless dryRun) writes the changed InstanceTypes. */
export async function refreshEntries(
  store: ProviderStore,
  prices: PriceFile,
  fileName: string,
  dryRun: boolean,
): Promise<OperationResult<RefreshPlan>> {
  const { entries, issues } = await readStore(store);
  if (issues.length > 0) return stopped(issues);
  const plan = planRefresh(entries, prices, fileName);
  if (!dryRun && plan.updated.length > 0) {
    const byName = new Map(entries.map((e) => [e.profile.metadata.name, e]));
    const written = await store.update(plan.updated.map((after) => ({ before: byName.get(after.profile.metadata.name) as StoredEntry, after })));
    if (written.length > 0) return stopped(written);
  }
  return { ok: true, value: plan, notes: [] };
}

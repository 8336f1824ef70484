import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/validate/issue.js';
import { loadBundledCatalog } from '../catalog/load-catalog.js';
import { registerCloudRegion } from './cloud-region.js';
import { MemoryStore } from './memory-store.js';
import { findEntry, registerEntries, removeEntry, setEntryEnabled } from './operations.js';
import { registerOnpremSite } from './onprem-site.js';
import type { ProviderEntry } from './provider-entry.js';

const catalog = loadBundledCatalog();
const offerings = { zones: [{ zone: 'default', flavors: [{ name: 'm1', vcpus: 2, ram: '4GB', price: '0.02' }] }] };

function site(name: string, secret?: { namespace: string; name: string }): ProviderEntry {
  const r = registerOnpremSite(catalog, {
    name,
    region: name,
    offerings,
    offeringsFile: 'f.yaml',
    near: 'aws/ca-central-1',
    ...(secret ? { kubeconfigSecret: secret } : {}),
  });
  if (!r.ok) throw new Error('not ok');
  return r.value;
}

describe('provider operations', () => {
  it('a duplicate name is refused and nothing of the request is written', async () => {
    const store = new MemoryStore();
    expect((await registerEntries(store, [site('lab')], false)).ok).toBe(true);
    const r = await registerEntries(store, [site('other'), site('lab')], false);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.issues.map(formatIssue)).toEqual([
        '(ProviderProfile/lab): --name: a provider named lab is registered already (memory); remove it first or choose another --name',
      ]);
    expect((await store.list()).entries.map((e) => e.profile.metadata.name)).toEqual(['lab']);
  });

  it('a region registered under another name is refused', async () => {
    const store = new MemoryStore();
    const a = registerCloudRegion(catalog, { cloud: 'gcp', region: 'us-east1' });
    const b = registerCloudRegion(catalog, { cloud: 'gcp', region: 'us-east1', name: 'second' });
    if (!a.ok || !b.ok) throw new Error('not ok');
    await registerEntries(store, [a.value], false);
    const r = await registerEntries(store, [b.value], false);
    expect(!r.ok && r.issues.map(formatIssue)).toEqual(['(ProviderProfile/second): --region: gcp/us-east1 is registered already as gcp-us-east1']);
  });

  it('a kubeconfig Secret that does not exist is refused; one that exists is accepted', async () => {
    const store = new MemoryStore(new Set(['skycluster-system/lab-kubeconfig']));
    const missing = await registerEntries(store, [site('edge', { namespace: 'skycluster-system', name: 'nope' })], false);
    expect(!missing.ok && missing.issues.map(formatIssue)).toEqual([
      '(ProviderProfile/edge): --kubeconfig-secret: Secret skycluster-system/nope does not exist in memory',
    ]);
    expect((await store.list()).entries).toEqual([]);
    const there = await registerEntries(store, [site('edge', { namespace: 'skycluster-system', name: 'lab-kubeconfig' })], false);
    expect(there.ok).toBe(true);
  });

  it('a store that cannot check Secrets says so in a note', async () => {
    const r = await registerEntries(new MemoryStore(), [site('edge', { namespace: 'ns', name: 'kc' })], true);
    expect(r.ok && r.notes.map(formatIssue)).toEqual([
      '(ProviderProfile/edge): note: --kubeconfig-secret: Secret ns/kc not checked (memory is not a cluster)',
    ]);
  });

  it('a dry run writes nothing', async () => {
    const store = new MemoryStore();
    expect((await registerEntries(store, [site('lab')], true)).ok).toBe(true);
    expect((await store.list()).entries).toEqual([]);
  });

  it('show, disable and remove name the closest registered provider for an unknown name', async () => {
    const store = new MemoryStore();
    await registerEntries(store, [site('toronto'), site('vaughan')], false);
    for (const r of [await findEntry(store, 'toronot'), await removeEntry(store, 'toronot'), await setEntryEnabled(store, 'toronot', false)]) {
      expect(!r.ok && r.issues.map(formatIssue)).toEqual(['NAME: unknown provider "toronot"; closest: toronto, vaughan (in memory)']);
    }
    const off = await setEntryEnabled(store, 'toronto', false);
    expect(off.ok && off.value.profile.spec.enabled).toBe(false);
    expect((await removeEntry(store, 'toronto')).ok).toBe(true);
    expect((await store.list()).entries.map((e) => e.profile.metadata.name)).toEqual(['vaughan']);
  });
});

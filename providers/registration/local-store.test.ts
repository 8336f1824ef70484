import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { formatIssue } from '../../src/validate/issue.js';
import { LocalStore } from './local-store.js';
import { setEnabled } from './profile-edit.js';
import type { ProviderEntry } from './provider-entry.js';

const FIXTURES = 'test/fixtures/skycluster';
let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'skycluster-local-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function entry(name: string): ProviderEntry {
  return {
    profile: {
      apiVersion: 'core.skycluster.io/v1alpha1',
      kind: 'ProviderProfile',
      metadata: { name },
      spec: { platform: 'baremetal', region: name, zones: [{ name: 'default', type: 'edge', defaultZone: true }] },
    },
    instanceType: {
      apiVersion: 'core.skycluster.io/v1alpha1',
      kind: 'InstanceType',
      metadata: { name },
      spec: { providerRef: name, offerings: [{ zone: 'default', zoneOfferings: [{ name: 'm1', vcpus: 1, ram: '2GB', price: '0.01' }] }] },
    },
  };
}

describe('LocalStore', () => {
  it('writes NAME.yaml per entry, lists it back, updates and removes it', async () => {
    const store = new LocalStore(join(dir, 'providers'));
    expect(await store.create([entry('a'), entry('b')])).toEqual([]);
    expect(readdirSync(join(dir, 'providers')).sort()).toEqual(['a.yaml', 'b.yaml']);
    const listed = await store.list();
    expect(listed.issues).toEqual([]);
    expect(listed.entries.map((e) => [e.profile.metadata.name, e.instanceType?.spec.providerRef, e.where])).toEqual([
      ['a', 'a', join(dir, 'providers', 'a.yaml')],
      ['b', 'b', join(dir, 'providers', 'b.yaml')],
    ]);
    const a = listed.entries[0]!;
    const off = setEnabled(a, false);
    if (!off.ok) throw new Error('not ok');
    expect(await store.update([{ before: a, after: off.value }])).toEqual([]);
    const again = await new LocalStore(join(dir, 'providers')).list();
    expect(again.entries[0]?.profile.spec.enabled).toBe(false);
    expect(await store.remove(again.entries[1]!)).toEqual([]);
    expect(readdirSync(join(dir, 'providers'))).toEqual(['a.yaml']);
  });

  it('a create that would overwrite a file writes nothing at all', async () => {
    const store = new LocalStore(dir);
    writeFileSync(join(dir, 'b.yaml'), '# mine\n');
    const issues = await store.create([entry('a'), entry('b')]);
    expect(issues.map(formatIssue)).toEqual([`${join(dir, 'b.yaml')}: the file exists already; nothing was written`]);
    expect(readdirSync(dir)).toEqual(['b.yaml']);
  });

  it('a write that fails half-way leaves neither the target nor a temporary file', async () => {
    // DIR/c is a file, so nothing can be created under DIR/c: the first write fails and nothing is left behind.
    writeFileSync(join(dir, 'c'), 'not a directory');
    const failed = await new LocalStore(join(dir, 'c')).create([entry('x'), entry('y')]);
    expect(failed.map((i) => i.message)).toEqual([expect.stringMatching(/^cannot write: .*; nothing was written$/)]);
    expect(readdirSync(dir)).toEqual(['c']);
  });

  it('when the second of two files cannot be written, the first is not written either', async () => {
    // Something in the way of y's temporary file: x's temporary is written first and must be removed again.
    const blocker = join(dir, `.y.yaml.tmp-${process.pid}`);
    writeFileSync(blocker, 'in the way');
    const failed = await new LocalStore(dir).create([entry('x'), entry('y')]);
    expect(failed.map((i) => i.message)).toEqual([expect.stringMatching(/^cannot write: EEXIST.*; nothing was written$/)]);
    expect(readdirSync(dir)).toEqual([`.y.yaml.tmp-${process.pid}`]);
  });

  it("reads SkyCluster's bare profiles and multi-object files unchanged, and edits one document in place", async () => {
    for (const f of ['providerprofile-aws-us-east-1.yaml', 'providerprofile-savi-toronto-edge.yaml', 'instancetype-savi-scinet.yaml'])
      copyFileSync(join(FIXTURES, f), join(dir, f));
    copyFileSync('test/fixtures/air-quality/savi-sites.yaml', join(dir, 'savi-sites.yaml'));
    const store = new LocalStore(dir);
    const listed = await store.list();
    expect(listed.issues).toEqual([]);
    const names = listed.entries.map((e) => e.profile.metadata.name).sort();
    expect(names).toEqual(['aws-us-east-1', 'baremetal-toronto', 'savi-scinet-default', 'savi-toronto-edge', 'savi-vaughan-default']);
    // Disabling a zone of a bare profile keeps it bare (no apiVersion/kind added).
    const aws = listed.entries.find((e) => e.profile.metadata.name === 'aws-us-east-1')!;
    const off = setEnabled(aws, false, 'us-east-1f');
    if (!off.ok) throw new Error('not ok');
    expect(await store.update([{ before: aws, after: off.value }])).toEqual([]);
    const text = readFileSync(join(dir, 'providerprofile-aws-us-east-1.yaml'), 'utf8');
    expect(text.startsWith('platform: aws\n')).toBe(true);
    expect(text).not.toContain('apiVersion');
    // Removing one site of a three-site file keeps the other two documents pairs as written.
    const before = readFileSync(join(dir, 'savi-sites.yaml'), 'utf8');
    const vaughan = (await store.list()).entries.find((e) => e.profile.metadata.name === 'savi-vaughan-default')!;
    expect(await store.remove(vaughan)).toEqual([]);
    const after = parseAllDocuments(readFileSync(join(dir, 'savi-sites.yaml'), 'utf8'));
    const docs = (Array.isArray(after) ? after : [after]).map((d) => d.toJS() as { metadata?: { name?: string } } | null);
    expect(docs.filter((d) => d !== null).map((d) => d.metadata?.name)).toEqual([
      'savi-toronto-edge',
      'savi-toronto-edge-instance-types',
      'savi-scinet-default',
      'savi-scinet-default-instance-types',
    ]);
    expect(before).toContain('savi-vaughan-default');
    expect(existsSync(join(dir, 'savi-sites.yaml'))).toBe(true);
  });
});

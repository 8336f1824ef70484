/**
 * The `--local DIR` store: one YAML file per registered provider (`DIR/NAME.yaml`: the ProviderProfile, then its
 * InstanceType), the layout `optimize --providers DIR` reads. Other YAML files in DIR (SkyCluster's bare profiles,
 * multi-object files) are read too, and changed document by document, leaving the others as written.
 * Every write goes to a temporary file in DIR first, then is renamed over the target: a failed run leaves
 * no half-written file.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import type { InstanceType, ProviderProfile } from '../../src/api/provider.js';
import { parseDocuments } from '../../src/validate/documents.js';
import type { Issue } from '../../src/validate/issue.js';
import { validateDocument } from '../../src/validate/validate-object.js';
import { pairEntries, type ProviderEntry } from './provider-entry.js';
import type { ProviderStore, SecretCheck, StoredEntry } from './provider-store.js';

const YAML_FILE = /\.(ya?ml|json)$/i;

/** Serialises objects as one multi-document YAML text (no anchors: every zone's list is written out). */
export function toYaml(objects: readonly unknown[]): string {
  return objects.map((o) => stringify(o, { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n');
}

/** The objects of an entry in file order. */
function objectsOf(e: ProviderEntry): unknown[] {
  return e.instanceType ? [e.profile, e.instanceType] : [e.profile];
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : YAML_FILE.test(e.name) && !e.name.startsWith('.') ? [join(dir, e.name)] : []));
}

interface Located {
  readonly file: string;
  /** 1-based document index; undefined for an item of a `kind: List` document (not rewritten). */
  readonly document?: number;
  /** True for a SkyCluster bare spec document (rewritten bare). */
  readonly bare: boolean;
}

/** Writes files as a group: every temporary first (any failure removes them all), then the renames over the targets. */
function writeAll(files: readonly { path: string; text: string }[]): Issue[] {
  const temps: string[] = [];
  try {
    for (const f of files) {
      mkdirSync(dirname(f.path), { recursive: true });
      const tmp = join(dirname(f.path), `.${basename(f.path)}.tmp-${process.pid}`);
      writeFileSync(tmp, f.text, { flag: 'wx' });
      temps.push(tmp);
    }
  } catch (err) {
    for (const t of temps) rmSync(t, { force: true });
    return [
      { severity: 'error', file: files[temps.length]?.path ?? '', path: '', message: `cannot write: ${(err as Error).message}; nothing was written` },
    ];
  }
  files.forEach((f, i) => renameSync(temps[i] as string, f.path));
  return [];
}

/** A directory of provider YAML files. */
export class LocalStore implements ProviderStore {
  readonly target: string;
  private readonly where = new Map<object, Located>();

  /** @param dir the directory (created on the first write) */
  constructor(private readonly dir: string) {
    this.target = `directory ${dir}`;
  }

  /** Reads every YAML file of the directory (recursively); a missing directory holds no providers. */
  async list(): Promise<{ entries: StoredEntry[]; issues: Issue[] }> {
    const issues: Issue[] = [];
    const profiles: ProviderProfile[] = [];
    const instanceTypes: InstanceType[] = [];
    if (!existsSync(this.dir)) return { entries: [], issues };
    if (!statSync(this.dir).isDirectory())
      return { entries: [], issues: [{ severity: 'error', file: this.dir, path: '', message: 'not a directory' }] };
    for (const file of listFiles(this.dir)) {
      const parsed = parseDocuments(readFileSync(file, 'utf8'), file);
      issues.push(...parsed.issues.filter((i) => i.severity === 'error'));
      for (const doc of parsed.documents) {
        if (doc.value === null) continue;
        const r = validateDocument(doc);
        issues.push(...r.issues.filter((i) => i.severity === 'error'));
        if (!r.valid) continue;
        const at: Located = {
          file,
          // `item` is set for an object inside a `kind: List` document.
          ...((doc as { item?: number }).item === undefined ? { document: doc.document } : {}),
          bare: typeof doc.value === 'object' && !('kind' in (doc.value as object)),
        };
        if (r.valid.kind === 'ProviderProfile') profiles.push(r.valid.object as ProviderProfile);
        else if (r.valid.kind === 'InstanceType') instanceTypes.push(r.valid.object as InstanceType);
        else continue;
        this.where.set(r.valid.object as object, at);
      }
    }
    const seen = new Map<string, string>();
    for (const p of profiles) {
      const file = this.where.get(p)?.file ?? '';
      const first = seen.get(p.metadata.name);
      if (first !== undefined)
        issues.push({
          severity: 'error',
          file,
          object: `ProviderProfile/${p.metadata.name}`,
          path: 'metadata.name',
          message: `defined twice (also in ${first})`,
        });
      else seen.set(p.metadata.name, file);
    }
    const { entries } = pairEntries(profiles, instanceTypes);
    return { entries: entries.map((e) => ({ ...e, where: this.where.get(e.profile)?.file ?? this.dir })), issues };
  }

  /** Where an entry's objects are: from the last list(), else read again and matched by name. */
  private async locate(entry: ProviderEntry): Promise<{ profile?: Located; instanceType?: Located }> {
    if (!this.where.has(entry.profile)) {
      const fresh = (await this.list()).entries.find((e) => e.profile.metadata.name === entry.profile.metadata.name);
      if (fresh)
        return { profile: this.where.get(fresh.profile), ...(fresh.instanceType ? { instanceType: this.where.get(fresh.instanceType) } : {}) };
      return {};
    }
    return { profile: this.where.get(entry.profile), ...(entry.instanceType ? { instanceType: this.where.get(entry.instanceType) } : {}) };
  }

  /** Writes DIR/NAME.yaml per entry; refuses when such a file exists. */
  async create(entries: readonly ProviderEntry[]): Promise<Issue[]> {
    const files = entries.map((e) => ({ path: join(this.dir, `${e.profile.metadata.name}.yaml`), text: toYaml(objectsOf(e)) }));
    const taken = files.filter((f) => existsSync(f.path));
    if (taken.length > 0)
      return taken.map((f) => ({ severity: 'error', file: f.path, path: '', message: 'the file exists already; nothing was written' }));
    return writeAll(files);
  }

  /** Rewrites the documents of the changed entries in their files, keeping every other document as written. */
  async update(changes: readonly { readonly before: StoredEntry; readonly after: ProviderEntry }[]): Promise<Issue[]> {
    const texts = new Map<string, ReturnType<typeof parseAllDocuments>>();
    const issues: Issue[] = [];
    const docsOf = (file: string) => {
      let docs = texts.get(file);
      if (!docs) texts.set(file, (docs = parseAllDocuments(readFileSync(file, 'utf8'))));
      return Array.isArray(docs) ? docs : [docs];
    };
    const appendTo = new Map<string, unknown[]>();
    for (const { before, after } of changes) {
      const at = await this.locate(before);
      if (at.profile === undefined) {
        issues.push({
          severity: 'error',
          file: before.where,
          object: `ProviderProfile/${before.profile.metadata.name}`,
          path: '',
          message: 'no longer in the directory',
        });
        continue;
      }
      const pairs: [Located | undefined, unknown][] = [
        [at.profile, after.profile],
        [at.instanceType, after.instanceType],
      ];
      for (const [loc, next] of pairs) {
        if (next === undefined) continue;
        if (loc === undefined) {
          appendTo.set(at.profile.file, [...(appendTo.get(at.profile.file) ?? []), next]);
          continue;
        }
        if (loc.document === undefined) {
          issues.push({ severity: 'error', file: loc.file, path: '', message: 'the object is an item of a List document; edit it by hand' });
          continue;
        }
        const doc = docsOf(loc.file)[loc.document - 1];
        if (!doc) continue;
        const value = loc.bare ? (next as ProviderProfile).spec : next;
        doc.contents = doc.createNode(value, { aliasDuplicateObjects: false }) as typeof doc.contents;
      }
    }
    if (issues.length > 0) return issues;
    const files = [...new Set([...texts.keys(), ...appendTo.keys()])].map((path) => {
      const docs = texts.has(path) ? docsOf(path) : parseAllDocuments(readFileSync(path, 'utf8'));
      const list = Array.isArray(docs) ? docs : [docs];
      const parts = list.map((d) => d.toString({ lineWidth: 0 }).replace(/^---\n/, ''));
      parts.push(...(appendTo.get(path) ?? []).map((o) => toYaml([o])));
      return { path, text: parts.join('---\n') };
    });
    return writeAll(files);
  }

  /** Deletes the entry's documents; a file left with no document is deleted. */
  async remove(entry: StoredEntry): Promise<Issue[]> {
    const at = await this.locate(entry);
    if (at.profile === undefined)
      return [
        {
          severity: 'error',
          file: entry.where,
          object: `ProviderProfile/${entry.profile.metadata.name}`,
          path: '',
          message: 'no longer in the directory',
        },
      ];
    const targets = [at.profile, at.instanceType].filter((t): t is Located => t !== undefined);
    if (targets.some((t) => t.document === undefined)) {
      return [{ severity: 'error', file: entry.where, path: '', message: 'the object is an item of a List document; edit it by hand' }];
    }
    const byFile = new Map<string, Set<number>>();
    for (const t of targets) byFile.set(t.file, (byFile.get(t.file) ?? new Set()).add(t.document as number));
    const writes: { path: string; text: string }[] = [];
    const deletes: string[] = [];
    for (const [file, drop] of byFile) {
      const parsed = parseAllDocuments(readFileSync(file, 'utf8'));
      const docs = (Array.isArray(parsed) ? parsed : [parsed]).filter((_, i) => !drop.has(i + 1));
      if (docs.every((d) => d.contents === null)) deletes.push(file);
      else writes.push({ path: file, text: docs.map((d) => d.toString({ lineWidth: 0 }).replace(/^---\n/, '')).join('---\n') });
    }
    const issues = writeAll(writes);
    if (issues.length > 0) return issues;
    for (const f of deletes) unlinkSync(f);
    return [];
  }

  /** A directory cannot tell whether a cluster's Secret exists. */
  async secretExists(): Promise<SecretCheck> {
    return 'unchecked';
  }
}

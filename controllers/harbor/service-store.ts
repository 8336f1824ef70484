/**
 * Where `skycluster service create|get|delete` keeps SkyShift Services: a directory (`--local DIR`: one
 * `<namespace>_<name>.service.yaml` file each, in SkyShift's own format, read by `harbor render -f DIR`), or a
 * management cluster (a labelled ConfigMap each, skyshift-store.ts, read by the Harbor controller). Every
 * failure is an issue naming the file or the object, never a stack trace. The cluster store is
 * kube-service-store.ts (loaded only for a cluster, so `--local` never loads the Kubernetes client).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { SkyShiftService } from '../../src/api/skyshift-service.js';
import { readSkyShiftService } from '../../src/harbor/skyshift-service.js';
import type { Issue } from '../../src/validate/issue.js';

/** A stored service as read back, with the problems of its stored form. */
export interface StoredService {
  readonly service: SkyShiftService;
  /** File or `ConfigMap/namespace/name`. */
  readonly source: string;
}

/** A store's answer. */
export type StoreResult<T> = { readonly ok: true; readonly value: T; readonly issues: Issue[] } | { readonly ok: false; readonly issues: Issue[] };

/** What the service commands need from a store. */
export interface ServiceStore {
  /** Where it writes, for messages (`directory D`, `cluster https://...`). */
  readonly target: string;
  /** Creates or replaces a service; value: whether it was new. */
  put(document: Record<string, unknown>, namespace: string, name: string): Promise<StoreResult<boolean>>;
  /** The services of a namespace (all namespaces when undefined), by namespace then name. */
  list(namespace?: string): Promise<StoreResult<StoredService[]>>;
  /** Deletes a service; value: whether it existed. */
  remove(namespace: string, name: string): Promise<StoreResult<boolean>>;
}

/** Services by namespace, then name. */
export const byNamespaceAndName = (a: StoredService, b: StoredService): number =>
  a.service.metadata.namespace === b.service.metadata.namespace
    ? a.service.metadata.name < b.service.metadata.name
      ? -1
      : 1
    : a.service.metadata.namespace < b.service.metadata.namespace
      ? -1
      : 1;

/** Services as files in a directory. */
export class LocalServiceStore implements ServiceStore {
  readonly target: string;
  constructor(private readonly dir: string) {
    this.target = `directory ${dir}`;
  }

  private file(namespace: string, name: string): string {
    // Names and namespaces are DNS labels (no "_"): the file name is unambiguous.
    return join(this.dir, `${namespace}_${name}.service.yaml`);
  }

  async put(document: Record<string, unknown>, namespace: string, name: string): Promise<StoreResult<boolean>> {
    const file = this.file(namespace, name);
    try {
      const existed = existsSync(file);
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(file, stringify(document));
      return { ok: true, value: !existed, issues: [] };
    } catch (err) {
      return { ok: false, issues: [{ severity: 'error', file, path: '', message: `cannot write: ${(err as Error).message}` }] };
    }
  }

  async list(namespace?: string): Promise<StoreResult<StoredService[]>> {
    if (!existsSync(this.dir)) return { ok: true, value: [], issues: [] };
    const out: StoredService[] = [];
    const issues: Issue[] = [];
    for (const f of readdirSync(this.dir)
      .filter((x) => x.endsWith('.service.yaml'))
      .sort()) {
      const file = join(this.dir, f);
      let value: unknown;
      try {
        value = parse(readFileSync(file, 'utf8'));
      } catch (err) {
        issues.push({ severity: 'error', file, path: '', message: `not YAML: ${(err as Error).message.split('\n')[0]}` });
        continue;
      }
      const r = readSkyShiftService(value);
      issues.push(...r.issues.map((i) => ({ ...i, file })));
      if (r.service && (namespace === undefined || r.service.metadata.namespace === namespace)) out.push({ service: r.service, source: file });
    }
    return { ok: true, value: out.sort(byNamespaceAndName), issues };
  }

  async remove(namespace: string, name: string): Promise<StoreResult<boolean>> {
    const file = this.file(namespace, name);
    if (!existsSync(file)) return { ok: true, value: false, issues: [] };
    try {
      rmSync(file);
      return { ok: true, value: true, issues: [] };
    } catch (err) {
      return { ok: false, issues: [{ severity: 'error', file, path: '', message: `cannot remove: ${(err as Error).message}` }] };
    }
  }
}

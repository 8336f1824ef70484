/**
 * The cluster store of `skycluster service`: SkyShift Services as labelled ConfigMaps on the management cluster
 * (skyshift-store.ts), written by server-side apply under the `skycluster-service-cli` field manager; a
 * ConfigMap of the same name that holds no SkyShift Service is never overwritten nor deleted.
 */
import { stringify } from 'yaml';
import type { Issue } from '../../src/validate/issue.js';
import { applyObject, Informer, type KubeClient, type KubeObject } from '../runtime/index.js';
import { refFor } from './resource-refs.js';
import { byNamespaceAndName, type ServiceStore, type StoredService, type StoreResult } from './service-store.js';
import { serviceFromConfigMap, SKYSHIFT_SERVICE_LABEL, skyshiftServiceConfigMap } from './skyshift-store.js';

/** The CLI's server-side-apply field manager for the ConfigMaps it writes. */
export const SERVICE_CLI_MANAGER = 'skycluster-service-cli';

const CONFIG_MAPS = refFor('v1', 'ConfigMap')!;
const SELECTOR = `${SKYSHIFT_SERVICE_LABEL}=true`;

/** Services as labelled ConfigMaps on a management cluster. */
export class KubeServiceStore implements ServiceStore {
  readonly target: string;
  constructor(readonly client: KubeClient) {
    this.target = `cluster ${client.connection.server}`;
  }

  private failure(object: string, r: { status: number; reason: string; message: string }): StoreResult<never> {
    const message =
      r.status === 0 ? `cannot reach the cluster ${this.client.connection.server}: ${r.message}` : `${r.status} ${r.reason}: ${r.message}`;
    return { ok: false, issues: [{ severity: 'error', ...(r.status === 0 ? {} : { object }), path: '', message }] };
  }

  async put(document: Record<string, unknown>, namespace: string, name: string): Promise<StoreResult<boolean>> {
    const cm = skyshiftServiceConfigMap(name, namespace, stringify(document));
    const before = await this.client.get<KubeObject>(CONFIG_MAPS, namespace, name);
    if (before.ok && before.body.metadata?.labels?.[SKYSHIFT_SERVICE_LABEL] !== 'true')
      return {
        ok: false,
        issues: [
          {
            severity: 'error',
            object: `Service/${name}`,
            path: 'metadata.name',
            message: `ConfigMap ${namespace}/${name} exists on ${this.target} and holds no SkyShift Service: it is left alone; choose another name`,
          },
        ],
      };
    const r = await applyObject(this.client, CONFIG_MAPS, cm, { fieldManager: SERVICE_CLI_MANAGER });
    if (!r.ok) {
      if (r.status === 404)
        return {
          ok: false,
          issues: [
            {
              severity: 'error',
              object: `Service/${name}`,
              path: 'metadata.namespace',
              message: `namespace ${JSON.stringify(namespace)} does not exist on ${this.target}`,
            },
          ],
        };
      return this.failure(`ConfigMap/${namespace}/${name}`, r);
    }
    return { ok: true, value: r.operation === 'created', issues: [] };
  }

  async list(namespace?: string): Promise<StoreResult<StoredService[]>> {
    const r = await this.client.list<KubeObject>(CONFIG_MAPS, namespace, { labelSelector: SELECTOR });
    if (!r.ok) return this.failure('ConfigMap', r);
    return { ok: true, ...servicesOf(r.body.items) };
  }

  async remove(namespace: string, name: string): Promise<StoreResult<boolean>> {
    const got = await this.client.get<KubeObject>(CONFIG_MAPS, namespace, name);
    if (!got.ok) return got.status === 404 ? { ok: true, value: false, issues: [] } : this.failure(`ConfigMap/${namespace}/${name}`, got);
    // Only a ConfigMap that holds a SkyShift Service: never someone else's ConfigMap of the same name.
    if (got.body.metadata?.labels?.[SKYSHIFT_SERVICE_LABEL] !== 'true') return { ok: true, value: false, issues: [] };
    const d = await this.client.delete(
      CONFIG_MAPS,
      namespace,
      name,
      got.body.metadata.resourceVersion ? { resourceVersion: got.body.metadata.resourceVersion } : {},
    );
    if (!d.ok && d.status !== 404) return this.failure(`ConfigMap/${namespace}/${name}`, d);
    return { ok: true, value: d.ok, issues: [] };
  }

  /** An informer over the service ConfigMaps (namespace, or all), for `get --watch`. */
  informer(namespace?: string): Informer<KubeObject> {
    return new Informer<KubeObject>(this.client, CONFIG_MAPS, { ...(namespace !== undefined ? { namespace } : {}), labelSelector: SELECTOR });
  }
}

/** The services held by ConfigMaps, with their problems. */
export function servicesOf(items: readonly KubeObject[]): { value: StoredService[]; issues: Issue[] } {
  const value: StoredService[] = [];
  const issues: Issue[] = [];
  for (const cm of items) {
    const r = serviceFromConfigMap(cm);
    issues.push(...r.issues);
    if (r.service) value.push({ service: r.service, source: `ConfigMap/${cm.metadata?.namespace ?? ''}/${cm.metadata?.name ?? ''}` });
  }
  return { value: value.sort(byNamespaceAndName), issues };
}

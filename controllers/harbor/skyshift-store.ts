/**
 * Where SkyShift-format Services live on a management cluster: SkyShift's Service is a foreign kind (no
 * apiVersion, snake_case), so it is kept unchanged as YAML text in a ConfigMap of the service's namespace,
 * named like the service and labelled `skycluster.io/skyshift-service: "true"` (key `service.yaml`).
 * `skycluster service create` writes them; the Harbor controller reads every such ConfigMap in its
 * application's namespaces and renders them with SkyShift's rules (src/harbor/skyshift-service.ts).
 */
import { parse } from 'yaml';
import type { SkyShiftService } from '../../src/api/skyshift-service.js';
import { readSkyShiftService } from '../../src/harbor/skyshift-service.js';
import type { Issue } from '../../src/validate/issue.js';
import type { KubeObject } from '../runtime/index.js';

/** Label marking a ConfigMap that holds a SkyShift Service. */
export const SKYSHIFT_SERVICE_LABEL = 'skycluster.io/skyshift-service';
/** The ConfigMap key holding the service's YAML. */
export const SKYSHIFT_SERVICE_KEY = 'service.yaml';

/** The ConfigMap holding `yamlText` (a SkyShift Service named `name` in `namespace`). */
export function skyshiftServiceConfigMap(name: string, namespace: string, yamlText: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, labels: { [SKYSHIFT_SERVICE_LABEL]: 'true', 'app.kubernetes.io/managed-by': 'skycluster' } },
    data: { [SKYSHIFT_SERVICE_KEY]: yamlText },
  };
}

/** Reads the SkyShift Service a ConfigMap holds, with SkyShift's rules; issues name the ConfigMap. */
export function serviceFromConfigMap(cm: KubeObject, strict = false): { service?: SkyShiftService; issues: Issue[] } {
  const object = `ConfigMap/${cm.metadata?.namespace ?? ''}/${cm.metadata?.name ?? ''}`;
  const text = (cm['data'] as Record<string, unknown> | undefined)?.[SKYSHIFT_SERVICE_KEY];
  if (typeof text !== 'string')
    return { issues: [{ severity: 'error', object, path: `data.${SKYSHIFT_SERVICE_KEY}`, message: 'no SkyShift Service in this ConfigMap' }] };
  let value: unknown;
  try {
    value = parse(text);
  } catch (err) {
    return {
      issues: [{ severity: 'error', object, path: `data.${SKYSHIFT_SERVICE_KEY}`, message: `not YAML: ${(err as Error).message.split('\n')[0]}` }],
    };
  }
  const r = readSkyShiftService(value, { strict });
  return { ...(r.service ? { service: r.service } : {}), issues: r.issues.map((i) => ({ ...i, object })) };
}

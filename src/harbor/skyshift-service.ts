/**
 * Reads a SkyShift Service unchanged and validates it: first SkyShift's own rejection rules (same meaning,
 * messages in SkyShift's words so skyctl users recognise them), then warnings for what SkyShift admits and
 * the Kubernetes API server later refuses or silently mishandles, each saying why. Pure.
 * @see src/api/skyshift-service.ts for the format and its sources
 */
import {
  SKYSHIFT_PROTOCOLS,
  SKYSHIFT_SERVICE_TYPES,
  type SkyShiftService,
  type SkyShiftServicePort,
  type SkyShiftServiceType,
} from '../api/skyshift-service.js';
import { formatPath, type Issue, type Severity } from '../validate/issue.js';
import { labelKeyProblem, labelValueProblem } from './k8s-labels.js';

/** The issue fields this module fills; the caller adds file, document and object. */
export type ServiceIssue = Pick<Issue, 'severity' | 'path' | 'message'>;

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** The API server's default NodePort range (kube-apiserver --service-node-port-range). */
export const NODE_PORT_RANGE = [30000, 32767] as const;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when a parsed document is a SkyShift Service: `kind: Service` with no apiVersion (a Kubernetes Service has `v1`). */
export function isSkyShiftService(value: unknown): boolean {
  return isRecord(value) && value['apiVersion'] === undefined && value['kind'] === 'Service';
}

/** pydantic's lax int: an integer, an integral float, or a string holding one. */
function laxInt(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) return Number(v.trim());
  return undefined;
}

/** Python's ipaddress.IPv4Address: four decimal octets 0-255, no leading zeros. */
function isIPv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

/** A str → str map as pydantic reads it: every value must already be a string. */
function stringMap(v: unknown, path: PropertyKey[], errors: ServiceIssue[]): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (!isRecord(v)) {
    errors.push({ severity: 'error', path: formatPath(path), message: 'Input should be a valid dictionary' });
    return {};
  }
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val === 'string') out[k] = val;
    else
      errors.push({
        severity: 'error',
        path: formatPath([...path, k]),
        message: `Input should be a valid string (got ${JSON.stringify(val)}; quote it)`,
      });
  }
  return out;
}

/** Options of {@link readSkyShiftService}. */
export interface ReadServiceOptions {
  /** Report warnings as errors. @default false */
  readonly strict?: boolean;
}

/**
 * Reads and validates one SkyShift Service document. `service` is set when SkyShift would accept it
 * (warnings do not remove it unless strict).
 */
export function readSkyShiftService(value: unknown, options: ReadServiceOptions = {}): { service?: SkyShiftService; issues: ServiceIssue[] } {
  const issues: ServiceIssue[] = [];
  const warn: Severity = options.strict ? 'error' : 'warning';
  const error = (path: PropertyKey[], message: string): void => void issues.push({ severity: 'error', path: formatPath(path), message });
  const warning = (path: PropertyKey[], message: string): void => void issues.push({ severity: warn, path: formatPath(path), message });
  const doc = value as Record<string, unknown>;
  const meta = isRecord(doc['metadata']) ? doc['metadata'] : {};
  const spec = isRecord(doc['spec']) ? doc['spec'] : {};
  for (const key of Object.keys(doc)) if (!['kind', 'metadata', 'spec', 'status'].includes(key)) warning([key], 'unknown field: SkyShift ignores it');

  // metadata (object_template.py ObjectMeta / NamespacedObjectMeta)
  const name = typeof meta['name'] === 'string' ? meta['name'] : '';
  if (name === '') error(['metadata', 'name'], 'Object name cannot be empty.');
  else if (!NAME.test(name) || name.length > 63) {
    error(
      ['metadata', 'name'],
      'Invalid object name. Object names must follow regex pattern, ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$, and must be no more than 63 characters long.',
    );
  } else if (!DNS_1035.test(name)) {
    warning(
      ['metadata', 'name'],
      `SkyShift admits ${JSON.stringify(name)}, but a Kubernetes Service name must start with a letter (DNS-1035): the API server refuses it`,
    );
  }
  const namespace = meta['namespace'] === undefined ? 'default' : meta['namespace'];
  if (typeof namespace !== 'string' || namespace === '') error(['metadata', 'namespace'], 'Namespace cannot be empty.');
  const labels = stringMap(meta['labels'], ['metadata', 'labels'], issues);
  const annotations = stringMap(meta['annotations'], ['metadata', 'annotations'], issues);
  for (const [k, v] of Object.entries(labels)) {
    const p = labelKeyProblem(k) ?? labelValueProblem(v);
    if (p) warning(['metadata', 'labels', k], `SkyShift admits this label, but the API server refuses it: ${p}`);
  }

  // spec (service_template.py ServiceSpec)
  for (const key of Object.keys(spec)) {
    if (!['type', 'selector', 'ports', 'cluster_ip', 'primary_cluster'].includes(key))
      warning(['spec', key], 'unknown field: SkyShift ignores it (check its spelling: fields are snake_case)');
  }
  const type = spec['type'] === undefined ? 'ClusterIP' : spec['type'];
  const typeOk = typeof type === 'string' && (SKYSHIFT_SERVICE_TYPES as readonly string[]).includes(type);
  if (!typeOk) error(['spec', 'type'], `Invalid service type: ${typeof type === 'string' ? type : JSON.stringify(type)}.`);
  const selector = stringMap(spec['selector'], ['spec', 'selector'], issues);
  if (Object.keys(selector).length === 0 && type !== 'ExternalName') {
    warning(['spec', 'selector'], 'no selector: the Service selects no pods, so it gets no endpoints on any cluster');
  }
  for (const [k, v] of Object.entries(selector)) {
    const p = labelKeyProblem(k) ?? labelValueProblem(v);
    if (p) warning(['spec', 'selector', k], `SkyShift admits this selector, but the API server refuses it: ${p}`);
  }
  if (type === 'ExternalName') {
    warning(
      ['spec', 'type'],
      "type ExternalName needs an external DNS name, which SkyShift's format has no field for: the API server refuses the Service, and Harbor does not render it",
    );
  }

  const ports: SkyShiftServicePort[] = [];
  const rawPorts = spec['ports'] === undefined ? [] : spec['ports'];
  if (!Array.isArray(rawPorts)) error(['spec', 'ports'], 'Input should be a valid list');
  else {
    rawPorts.forEach((raw: unknown, i) => {
      const at = ['spec', 'ports', i];
      if (!isRecord(raw)) return error(at, 'Input should be a valid dictionary');
      const port = laxInt(raw['port']);
      const target = laxInt(raw['target_port']);
      const protocol = raw['protocol'] === undefined ? 'TCP' : raw['protocol'];
      let ok = true;
      if (port === undefined) (error([...at, 'port'], 'Input should be a valid integer'), (ok = false));
      else if (!(port > 0 && port <= 65535)) (error([...at, 'port'], `Invalid port number: ${port}`), (ok = false));
      if (target === undefined) (error([...at, 'target_port'], 'Input should be a valid integer'), (ok = false));
      else if (!(target > 0 && target <= 65535)) (error([...at, 'target_port'], `Invalid target port number: ${target}`), (ok = false));
      if (typeof protocol !== 'string' || !(SKYSHIFT_PROTOCOLS as readonly string[]).includes(protocol)) {
        error([...at, 'protocol'], `Unsupported protocol: ${typeof protocol === 'string' ? protocol : JSON.stringify(protocol)}`);
        ok = false;
      }
      let nodePort: number | undefined;
      if (raw['node_port'] !== undefined && raw['node_port'] !== null) {
        nodePort = laxInt(raw['node_port']);
        if (nodePort === undefined) (error([...at, 'node_port'], 'Input should be a valid integer'), (ok = false));
        else if (type === 'ClusterIP' || type === 'ExternalName') {
          warning(
            [...at, 'node_port'],
            `node_port has no meaning for type ${String(type)}: SkyShift copies it and the API server refuses the Service; Harbor leaves it out`,
          );
          nodePort = undefined;
        } else if (nodePort < NODE_PORT_RANGE[0] || nodePort > NODE_PORT_RANGE[1]) {
          warning(
            [...at, 'node_port'],
            `node_port ${nodePort} is outside the API server's default NodePort range ${NODE_PORT_RANGE[0]}-${NODE_PORT_RANGE[1]}: SkyShift admits it and the API server refuses the Service`,
          );
        }
      }
      for (const key of Object.keys(raw)) {
        if (!['port', 'target_port', 'protocol', 'node_port'].includes(key))
          warning([...at, key], 'unknown field: SkyShift ignores it (check its spelling: fields are snake_case)');
      }
      if (ok)
        ports.push({
          port: port as number,
          target_port: target as number,
          protocol: protocol as 'TCP' | 'UDP',
          ...(nodePort !== undefined ? { node_port: nodePort } : {}),
        });
    });
  }
  if (Array.isArray(rawPorts) && rawPorts.length === 0 && type !== 'ExternalName') {
    warning(['spec', 'ports'], 'no ports: SkyShift admits it, but the API server refuses a Service without ports');
  }
  const seen = new Map<string, number>();
  const seenNode = new Map<number, number>();
  ports.forEach((p, i) => {
    const key = `${p.port}/${p.protocol}`;
    const first = seen.get(key);
    if (first !== undefined)
      warning(['spec', 'ports', i, 'port'], `port ${key} repeats ports[${first}]: SkyShift admits it and the API server refuses the duplicate`);
    else seen.set(key, i);
    if (p.node_port !== undefined) {
      const n = seenNode.get(p.node_port);
      if (n !== undefined)
        warning(['spec', 'ports', i, 'node_port'], `node_port ${p.node_port} repeats ports[${n}]: the API server refuses the duplicate`);
      else seenNode.set(p.node_port, i);
    }
  });

  const clusterIp = spec['cluster_ip'] ?? '';
  if (typeof clusterIp !== 'string') error(['spec', 'cluster_ip'], 'Input should be a valid string');
  else if (clusterIp !== '' && !isIPv4(clusterIp)) error(['spec', 'cluster_ip'], `Invalid IPv4 address: ${clusterIp}`);
  else if (clusterIp !== '') {
    warning(
      ['spec', 'cluster_ip'],
      "SkyShift never applies cluster_ip; Harbor sets it on the primary cluster only, and it must lie in that cluster's service CIDR or the API server refuses it",
    );
  }
  const primary = spec['primary_cluster'] ?? '';
  if (typeof primary !== 'string') error(['spec', 'primary_cluster'], 'Input should be a valid string');

  if (issues.some((i) => i.severity === 'error')) return { issues };
  return {
    service: {
      kind: 'Service',
      metadata: { name, namespace: namespace as string, labels, annotations },
      spec: { type: type as SkyShiftServiceType, selector, ports, cluster_ip: clusterIp as string, primary_cluster: primary as string },
    },
    issues,
  };
}

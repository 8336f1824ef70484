import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { isSkyShiftService, readSkyShiftService } from './skyshift-service.js';

const FIXTURES = new URL('../../test/fixtures/skyshift/', import.meta.url);
const svc = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'web' }) => ({ kind: 'Service', metadata, spec });
const PORT = { port: 80, target_port: 8080 };

describe("SkyShift's examples are read unchanged", () => {
  it.each(['load-balancing__cluster1-service.yaml', 'nginx-demo__service.yaml'])('%s', (file) => {
    const value: unknown = parse(readFileSync(new URL(file, FIXTURES), 'utf8'));
    expect(isSkyShiftService(value)).toBe(true);
    const r = readSkyShiftService(value);
    expect(r.issues).toEqual([]);
    expect(r.service?.metadata.namespace).toBe('default');
  });
  it('tells a SkyShift Service from a Kubernetes one', () => {
    expect(isSkyShiftService({ apiVersion: 'v1', kind: 'Service' })).toBe(false);
  });
});

describe("SkyShift's rejection rules, with the message a user sees", () => {
  it.each([
    [svc({ ports: [PORT] }, { name: '' }), 'metadata.name', 'Object name cannot be empty.'],
    [
      svc({ ports: [PORT] }, { name: 'Web_1' }),
      'metadata.name',
      'Invalid object name. Object names must follow regex pattern, ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$, and must be no more than 63 characters long.',
    ],
    [
      svc({ ports: [PORT] }, { name: 'a'.repeat(64) }),
      'metadata.name',
      'Invalid object name. Object names must follow regex pattern, ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$, and must be no more than 63 characters long.',
    ],
    [svc({ ports: [PORT] }, { name: 'web', namespace: '' }), 'metadata.namespace', 'Namespace cannot be empty.'],
    [svc({ type: 'Ingress', selector: { app: 'web' }, ports: [PORT] }), 'spec.type', 'Invalid service type: Ingress.'],
    [svc({ selector: { app: 'web' }, ports: [{ port: 0, target_port: 80 }] }), 'spec.ports[0].port', 'Invalid port number: 0'],
    [svc({ selector: { app: 'web' }, ports: [{ port: 80, target_port: 70000 }] }), 'spec.ports[0].target_port', 'Invalid target port number: 70000'],
    [svc({ selector: { app: 'web' }, ports: [{ port: 80 }] }), 'spec.ports[0].target_port', 'Input should be a valid integer'],
    [svc({ selector: { app: 'web' }, ports: [{ port: 'http', target_port: 80 }] }), 'spec.ports[0].port', 'Input should be a valid integer'],
    [svc({ selector: { app: 'web' }, ports: [{ ...PORT, protocol: 'SCTP' }] }), 'spec.ports[0].protocol', 'Unsupported protocol: SCTP'],
    [svc({ selector: { app: 'web' }, ports: [PORT], cluster_ip: '10.0.0.300' }), 'spec.cluster_ip', 'Invalid IPv4 address: 10.0.0.300'],
    [svc({ selector: { app: 'web' }, ports: [PORT], cluster_ip: '10.00.0.1' }), 'spec.cluster_ip', 'Invalid IPv4 address: 10.00.0.1'],
    [svc({ selector: { enabled: true }, ports: [PORT] }), 'spec.selector.enabled', 'Input should be a valid string (got true; quote it)'],
  ])('%#: %s', (value, path, message) => {
    const r = readSkyShiftService(value);
    expect(r.service).toBeUndefined();
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([{ severity: 'error', path, message }]);
  });

  it('reads ports written as numeric strings, as pydantic does', () => {
    const r = readSkyShiftService(svc({ selector: { app: 'web' }, ports: [{ port: '80', target_port: '8080' }] }));
    expect(r.service?.spec.ports).toEqual([{ port: 80, target_port: 8080, protocol: 'TCP' }]);
  });
});

describe('what SkyShift admits and then breaks: warnings saying why (errors with strict)', () => {
  const sel = { app: 'web' };
  it.each([
    [
      svc({ selector: sel, ports: [PORT] }, { name: '1web' }),
      'metadata.name',
      'SkyShift admits "1web", but a Kubernetes Service name must start with a letter (DNS-1035): the API server refuses it',
    ],
    [
      svc({ selector: sel, ports: [{ ...PORT, node_port: 30001 }] }),
      'spec.ports[0].node_port',
      'node_port has no meaning for type ClusterIP: SkyShift copies it and the API server refuses the Service; Harbor leaves it out',
    ],
    [
      svc({ type: 'NodePort', selector: sel, ports: [{ ...PORT, node_port: 8080 }] }),
      'spec.ports[0].node_port',
      "node_port 8080 is outside the API server's default NodePort range 30000-32767: SkyShift admits it and the API server refuses the Service",
    ],
    [
      svc({ selector: sel, ports: [PORT, { port: 80, target_port: 9090 }] }),
      'spec.ports[1].port',
      'port 80/TCP repeats ports[0]: SkyShift admits it and the API server refuses the duplicate',
    ],
    [
      svc({
        type: 'NodePort',
        selector: sel,
        ports: [
          { ...PORT, node_port: 30001 },
          { port: 81, target_port: 81, node_port: 30001 },
        ],
      }),
      'spec.ports[1].node_port',
      'node_port 30001 repeats ports[0]: the API server refuses the duplicate',
    ],
    [svc({ ports: [PORT] }), 'spec.selector', 'no selector: the Service selects no pods, so it gets no endpoints on any cluster'],
    [svc({ selector: sel }), 'spec.ports', 'no ports: SkyShift admits it, but the API server refuses a Service without ports'],
    [
      svc({ type: 'ExternalName', selector: sel, ports: [PORT] }),
      'spec.type',
      "type ExternalName needs an external DNS name, which SkyShift's format has no field for: the API server refuses the Service, and Harbor does not render it",
    ],
    [
      svc({ selector: sel, ports: [{ port: 80, targetPort: 8080, target_port: 8080 }] }),
      'spec.ports[0].targetPort',
      'unknown field: SkyShift ignores it (check its spelling: fields are snake_case)',
    ],
    [
      svc({ selector: sel, ports: [PORT], clusterIP: '10.0.0.1' }),
      'spec.clusterIP',
      'unknown field: SkyShift ignores it (check its spelling: fields are snake_case)',
    ],
    [
      svc({ selector: sel, ports: [PORT], cluster_ip: '10.96.0.20' }),
      'spec.cluster_ip',
      "SkyShift never applies cluster_ip; Harbor sets it on the primary cluster only, and it must lie in that cluster's service CIDR or the API server refuses it",
    ],
    [
      svc({ selector: { app: '-web' }, ports: [PORT] }),
      'spec.selector.app',
      "SkyShift admits this selector, but the API server refuses it: a label value must consist of alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric",
    ],
    [
      svc({ selector: sel, ports: [PORT] }, { name: 'web', labels: { tier: 'x'.repeat(64) } }),
      'metadata.labels.tier',
      'SkyShift admits this label, but the API server refuses it: a label value must be at most 63 characters',
    ],
  ])('%#: %s', (value, path, message) => {
    const lax = readSkyShiftService(value);
    expect(lax.issues).toEqual([{ severity: 'warning', path, message }]);
    expect(lax.service).toBeDefined();
    const strict = readSkyShiftService(value, { strict: true });
    expect(strict.issues).toEqual([{ severity: 'error', path, message }]);
    expect(strict.service).toBeUndefined();
  });
});

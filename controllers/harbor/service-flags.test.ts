import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatIssue } from '../../src/validate/issue.js';
import { serviceDocument, type ServiceFlags } from './service-flags.js';
import { renderServiceTable, serviceYaml } from './service-table.js';
import { readSkyShiftService } from '../../src/harbor/skyshift-service.js';

const lines = (flags: ServiceFlags): string[] => serviceDocument(flags).issues.map(formatIssue);

describe('serviceDocument (service create flags)', () => {
  it('builds the SkyShift document skyctl would, with its defaults (namespace default, ClusterIP, TCP, auto)', () => {
    const r = serviceDocument({ name: 'api', selector: ['app=api', 'tier=be'], port: ['80:8080', '53:53/udp', '443:8443:30443'] });
    expect(r.issues.map(formatIssue)).toEqual([
      '(Service/api): warning: spec.ports[2].node_port: node_port has no meaning for type ClusterIP: SkyShift copies it and the API server refuses the Service; Harbor leaves it out',
    ]);
    expect(r.document).toEqual({
      kind: 'Service',
      metadata: { name: 'api', namespace: 'default' },
      spec: {
        type: 'ClusterIP',
        selector: { app: 'api', tier: 'be' },
        ports: [
          { port: 80, target_port: 8080, protocol: 'TCP' },
          { port: 53, target_port: 53, protocol: 'UDP' },
          { port: 443, target_port: 8443, protocol: 'TCP', node_port: 30443 },
        ],
        primary_cluster: 'auto',
      },
    });
  });

  it('refuses flags that do not parse, with only their own message', () => {
    expect(lines({ name: 'x', port: ['80'], selector: ['a=b'] })).toEqual([
      '(Service/x): --port: expected PORT:TARGET[:NODE_PORT][/TCP|UDP] (e.g. 80:8080 or 53:53/UDP), got "80"',
    ]);
    expect(lines({ name: 'x', port: ['80:80'], selector: ['app'] })).toEqual([
      '(Service/x): --selector: expected KEY=VALUE (e.g. app=web), got "app"',
    ]);
    expect(lines({ name: 'x', port: ['80:80'], selector: ['a=b', 'a=c'] })).toEqual(['(Service/x): --selector: selector key "a" given twice']);
  });

  it("applies SkyShift's rules as the YAML path does (errors refuse, warnings admit unless strict)", () => {
    expect(lines({ name: 'x', port: ['70000:80'], selector: ['a=b'] })).toEqual(['(Service/x): spec.ports[0].port: Invalid port number: 70000']);
    expect(lines({ name: 'x', port: ['80:0'], selector: ['a=b'] })).toEqual([
      '(Service/x): spec.ports[0].target_port: Invalid target port number: 0',
    ]);
    expect(lines({ name: 'x', port: ['80:80/SCTP'], selector: ['a=b'] })).toEqual([
      '(Service/x): spec.ports[0].protocol: Unsupported protocol: SCTP',
    ]);
    expect(lines({ name: 'Bad_Name', port: ['80:80'], selector: ['a=b'] })).toEqual([
      '(Service/Bad_Name): metadata.name: Invalid object name. Object names must follow regex pattern, ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$, and must be no more than 63 characters long.',
    ]);
    expect(serviceDocument({ name: 'x', port: ['80:80'], clusterIp: '10.0.0.300', selector: ['a=b'] }).document).toBeUndefined();
    const noSelector = serviceDocument({ name: 'x', port: ['80:80'] });
    expect(noSelector.document).toBeDefined();
    expect(noSelector.issues.map((i) => i.severity)).toEqual(['warning']);
    const strict = serviceDocument({ name: 'x', port: ['80:80'], strict: true });
    expect(strict.document).toBeUndefined();
    expect(strict.issues.map(formatIssue)).toEqual([
      '(Service/x): spec.selector: no selector: the Service selects no pods, so it gets no endpoints on any cluster',
    ]);
  });

  it('prints the table and YAML of what it built (the YAML reads back to the same service)', () => {
    const doc = serviceDocument({ name: 'web', type: 'NodePort', selector: ['app=web'], port: ['80:8080:30080'], cluster: 'east' }).document;
    const svc = readSkyShiftService(doc).service!;
    expect(renderServiceTable([svc])).toBe(
      [
        'NAME  NAMESPACE  TYPE      CLUSTER-IP  PORTS              PRIMARY  SELECTOR',
        'web   default    NodePort  -           80:8080:30080/TCP  east     app=web',
      ].join('\n'),
    );
    expect(readSkyShiftService(parse(serviceYaml(svc))).service).toEqual(svc);
  });
});

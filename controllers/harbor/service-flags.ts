/**
 * `skycluster service create NAME -t TYPE -s KEY=VALUE -p PORT:TARGET -c CLUSTER` → a SkyShift Service document,
 * validated with the same rules as a SkyShift YAML file (src/harbor/skyshift-service.ts). The flags follow
 * SkyShift's `skyctl create service` (sky-shift/skyshift skyshift/cli/cli.py: `--namespace` default `default`,
 * `-t/--service_type` default ClusterIP, `-s/--selector`, `-p/--ports` port and target port, TCP by default,
 * `-c/--cluster` default `auto`), written in kubectl's `key=value` and `port:target` forms. Pure.
 */
import { AUTO_PRIMARY } from '../../src/api/skyshift-service.js';
import { readSkyShiftService } from '../../src/harbor/skyshift-service.js';
import type { Issue } from '../../src/validate/issue.js';

/** The flags of `service create`. */
export interface ServiceFlags {
  readonly name: string;
  /** @default default */
  readonly namespace?: string;
  /** @default ClusterIP */
  readonly type?: string;
  /** `key=value`, repeatable. */
  readonly selector?: readonly string[];
  /** `PORT:TARGET[:NODE_PORT][/TCP|UDP]`, repeatable. */
  readonly port?: readonly string[];
  /** The primary cluster. @default auto */
  readonly cluster?: string;
  readonly clusterIp?: string;
  /** Warnings are errors. */
  readonly strict?: boolean;
}

const PORT = /^(\d+):(\d+)(?::(\d+))?(?:\/([A-Za-z]+))?$/;

/** The SkyShift Service document the flags describe, when valid, and every problem (SkyShift's rules and ours). */
export function serviceDocument(flags: ServiceFlags): { document?: Record<string, unknown>; issues: Issue[] } {
  const object = `Service/${flags.name}`;
  const issues: Issue[] = [];
  const selector: Record<string, string> = {};
  for (const s of flags.selector ?? []) {
    const eq = s.indexOf('=');
    if (eq <= 0) {
      issues.push({ severity: 'error', object, path: '--selector', message: `expected KEY=VALUE (e.g. app=web), got ${JSON.stringify(s)}` });
      continue;
    }
    const key = s.slice(0, eq);
    if (key in selector) issues.push({ severity: 'error', object, path: '--selector', message: `selector key ${JSON.stringify(key)} given twice` });
    selector[key] = s.slice(eq + 1);
  }
  const ports: Record<string, unknown>[] = [];
  for (const p of flags.port ?? []) {
    const m = PORT.exec(p);
    if (m === null) {
      issues.push({
        severity: 'error',
        object,
        path: '--port',
        message: `expected PORT:TARGET[:NODE_PORT][/TCP|UDP] (e.g. 80:8080 or 53:53/UDP), got ${JSON.stringify(p)}`,
      });
      continue;
    }
    ports.push({
      port: Number(m[1]),
      target_port: Number(m[2]),
      // SkyShift checks the protocol itself (TCP or UDP); an upper-cased value is what a user means.
      protocol: (m[4] ?? 'TCP').toUpperCase(),
      ...(m[3] !== undefined ? { node_port: Number(m[3]) } : {}),
    });
  }
  // A flag that does not parse: its own message only (SkyShift's rules would then report a port as missing).
  if (issues.length > 0) return { issues };
  const document = {
    kind: 'Service',
    metadata: { name: flags.name, namespace: flags.namespace ?? 'default' },
    spec: {
      type: flags.type ?? 'ClusterIP',
      selector,
      ports,
      primary_cluster: flags.cluster ?? AUTO_PRIMARY,
      ...(flags.clusterIp !== undefined ? { cluster_ip: flags.clusterIp } : {}),
    },
  };
  const read = readSkyShiftService(document, { strict: flags.strict === true });
  issues.push(...read.issues.map((i) => ({ ...i, object })));
  return issues.some((i) => i.severity === 'error') ? { issues } : { document, issues };
}

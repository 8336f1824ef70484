/**
 * The table `skycluster service get` prints, in the columns of SkyShift's `skyctl get service` where they
 * exist (name, type, cluster IP, ports, primary cluster) plus namespace and selector. Pure.
 */
import { stringify } from 'yaml';
import type { SkyShiftService } from '../../src/api/skyshift-service.js';

/** The column heads. */
export const SERVICE_COLUMNS = ['NAME', 'NAMESPACE', 'TYPE', 'CLUSTER-IP', 'PORTS', 'PRIMARY', 'SELECTOR'] as const;

/** One row's cells for a service. */
export function serviceRow(s: SkyShiftService): string[] {
  const ports = s.spec.ports.map((p) => `${p.port}:${p.target_port}${p.node_port !== undefined ? `:${p.node_port}` : ''}/${p.protocol}`).join(',');
  const selector = Object.entries(s.spec.selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return [
    s.metadata.name,
    s.metadata.namespace,
    s.spec.type,
    s.spec.cluster_ip || '-',
    ports || '-',
    s.spec.primary_cluster || 'auto',
    selector || '-',
  ];
}

/** Rows padded into columns (the widths of the widest cell, two spaces apart), without trailing blanks. */
export function formatRows(rows: readonly (readonly string[])[]): string {
  const widths = rows.reduce<number[]>((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, c.length)), []);
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')).join('\n');
}

/** The whole table, header first. */
export function renderServiceTable(services: readonly SkyShiftService[]): string {
  return formatRows([[...SERVICE_COLUMNS], ...services.map(serviceRow)]);
}

/** A service as SkyShift YAML, as read (defaults applied: type, namespace, primary_cluster). */
export function serviceYaml(s: SkyShiftService): string {
  const meta = s.metadata;
  return stringify({
    kind: 'Service',
    metadata: {
      name: meta.name,
      namespace: meta.namespace,
      ...(Object.keys(meta.labels).length > 0 ? { labels: meta.labels } : {}),
      ...(Object.keys(meta.annotations).length > 0 ? { annotations: meta.annotations } : {}),
    },
    spec: {
      type: s.spec.type,
      selector: s.spec.selector,
      ports: s.spec.ports,
      primary_cluster: s.spec.primary_cluster || 'auto',
      ...(s.spec.cluster_ip !== '' ? { cluster_ip: s.spec.cluster_ip } : {}),
    },
  });
}

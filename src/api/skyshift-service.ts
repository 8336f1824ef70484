/**
 * SkyShift's Service object, read unchanged (a foreign kind: no apiVersion, `kind: Service`, snake_case
 * fields). It spans clusters: the primary cluster gets the declared type, the others a ClusterIP.
 * Parsing follows SkyShift's pydantic models (ints may be written as numeric strings; unknown fields are
 * ignored); its rejection rules and our warnings are in src/harbor/skyshift-service.ts.
 * @see sky-shift/skyshift skyshift/templates/service_template.py and object_template.py (041fa43),
 *   skyshift/cluster_manager/kubernetes/k8_service.j2 (eb960a1, node_port), examples/ (b6af541)
 */

/** Service types SkyShift accepts. */
export const SKYSHIFT_SERVICE_TYPES = ['ClusterIP', 'LoadBalancer', 'NodePort', 'ExternalName'] as const;
export type SkyShiftServiceType = (typeof SKYSHIFT_SERVICE_TYPES)[number];

/** Protocols SkyShift accepts. */
export const SKYSHIFT_PROTOCOLS = ['TCP', 'UDP'] as const;

/** A primary_cluster value that leaves the choice to the placement (SkyShift's docs write `auto`). */
export const AUTO_PRIMARY = 'auto';

/** One port of a SkyShift Service. */
export interface SkyShiftServicePort {
  readonly port: number;
  readonly target_port: number;
  readonly protocol: 'TCP' | 'UDP';
  readonly node_port?: number;
}

/** A SkyShift Service as read (defaults applied: type ClusterIP, namespace default, empty selector and ports). */
export interface SkyShiftService {
  readonly kind: 'Service';
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly labels: Readonly<Record<string, string>>;
    readonly annotations: Readonly<Record<string, string>>;
  };
  readonly spec: {
    readonly type: SkyShiftServiceType;
    readonly selector: Readonly<Record<string, string>>;
    readonly ports: readonly SkyShiftServicePort[];
    readonly cluster_ip: string;
    readonly primary_cluster: string;
  };
}

/** Renders an Atlas preview (the resources each stack would create) as the table `atlas preview` prints. Pure. */
import Table from 'cli-table3';
import type { Atlas } from '../api/atlas.js';
import type { PreviewStack } from '../../providers/pulumi/mock-preview.js';

const COLUMNS = ['zone', 'flavor', 'nodes', 'spot', 'gpu', 'cidr', 'pool', 'via', 'peer'] as const;

/** Short type: `aws:ec2/subnet:Subnet` → `aws:ec2/Subnet`. */
function shortType(type: string): string {
  const m = /^([^:]+):([^:/]+)(?:\/[^:]*)?:(.+)$/.exec(type);
  return m ? `${m[1]}:${m[2]}/${m[3]}` : type;
}

/** One block per stack: a header (site, resource count, outputs) and the table of cloud resources. */
export function renderAtlasPreviewTable(atlas: Atlas, stacks: readonly PreviewStack[], options: { color?: boolean } = {}): string {
  const style = options.color ? {} : { head: [], border: [] };
  const lines: string[] = [];
  const s = atlas.spec;
  lines.push(`Atlas ${atlas.metadata.name} for ${s.application} (plan ${s.planRef.name}, ${s.executionEnvironment}): ${stacks.length} stack(s)`);
  for (const st of stacks) {
    const cluster = s.clusters.find((c) => c.name === st.stack);
    if (st.siteKind === 'onprem') {
      const ref = cluster?.kubeconfigSecretRef?.name;
      lines.push(`\nStack ${st.stack} (${st.platform} ${st.region}, on-prem): nothing to provision; kubeconfig Secret ${ref ?? 'MISSING'}`);
      continue;
    }
    const custom = st.resources.filter((r) => r.custom);
    const components = st.resources.length - custom.length;
    lines.push(`\nStack ${st.stack} (${st.platform} ${st.region}): ${custom.length} resources in ${components} components`);
    const pools = new Map((cluster?.nodePools ?? []).map((p) => [p.name, p]));
    const rows = custom.map((r) => {
      const props: Record<string, string> = { ...r.properties };
      // The GPU of an EKS or AKS pool comes with its flavor; show the planned one beside it.
      const planned = pools.get(props['pool'] ?? '');
      if (!props['gpu'] && planned?.gpu) props['gpu'] = `${planned.gpu.count}x ${planned.gpu.model}`;
      if (props['pool'] === props['name']) delete props['pool'];
      const local = r.name.startsWith(`${st.stack}-`) ? r.name.slice(st.stack.length + 1) : r.name === st.stack ? '' : r.name;
      return { type: shortType(r.type), name: props['name'] ?? local, props };
    });
    const used = COLUMNS.filter((k) => rows.some((r) => r.props[k] !== undefined));
    const table = new Table({ head: ['type', 'name', ...used], style: { ...style, compact: true } });
    for (const r of rows) table.push([r.type, r.name, ...used.map((k) => r.props[k] ?? '')]);
    lines.push(table.toString());
    const outs = Object.entries(st.outputs).map(([k, v]) => `${k}=${v}`);
    if (outs.length > 0) lines.push(`outputs (placeholders under mocks): ${outs.join('  ')}`);
    if (cluster?.gateway?.usdPerHour !== undefined)
      lines.push(
        `WireGuard gateway ${cluster.gateway.flavor}: ${cluster.gateway.usdPerHour.toFixed(4)} USD/h (in the plan's cluster fee of this site)`,
      );
  }
  if (s.links.length > 0) {
    lines.push('\nLinks:');
    for (const l of s.links) lines.push(`  ${l.from} <-> ${l.to}: ${l.transport} (${l.components.join(', ')})`);
  }
  return lines.join('\n');
}

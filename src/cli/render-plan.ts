/** Renders a Plan as the tables the CLI prints. Pure: returns text. */
import Table from 'cli-table3';
import type { Plan } from '../api/plan.js';
import { money } from './money.js';

/** `within 0.0042 % of optimal`: a nonzero gap never prints as 0.00 %. */
const within = (g: number | undefined): string => {
  if (g === undefined) return 'gap unknown (no lower bound)';
  const p = g * 100;
  return `within ${p >= 0.01 ? p.toFixed(2) : p.toPrecision(2)} % of optimal`;
};

/** The human-readable plan: placements, transfers, totals, solver verdict and explanations. */
export function renderPlanTable(plan: Plan, options: { maxTransfers?: number; color?: boolean } = {}): string {
  const s = plan.spec;
  const solver = plan.status?.solver;
  const explanations = plan.status?.explanations ?? [];
  const style = options.color ? {} : { head: [], border: [] };
  const lines: string[] = [];
  const verdict = solver === undefined ? 'no solver verdict' : solver.provenOptimal ? 'optimal' : `not proven optimal, ${within(solver.gap)}`;
  const how = solver === undefined ? '' : ` ${solver.status} — ${verdict}; solver ${solver.name}, ${solver.wallSec.toFixed(2)} s;`;
  lines.push(`Plan ${plan.metadata.name} (revision ${s.revision}) for ${s.application}:${how} horizon ${s.horizonHours} h; USD`);
  const placements = new Table({
    head: ['component', 'provider', 'region', 'zone', 'flavor', 'nodes', 'spot', 'compute', 'cluster fee share'],
    style,
  });
  for (const p of s.placements) {
    placements.push([
      p.component,
      p.platform,
      p.region,
      p.zone,
      `${p.flavor} (${p.nameLabel})`,
      p.nodes,
      p.spot ? 'yes' : '',
      money(p.computeUsd),
      money(p.clusterFeeShareUsd),
    ]);
  }
  lines.push(placements.toString());
  const max = options.maxTransfers ?? 15;
  if (s.transfers.length > 0) {
    const sorted = [...s.transfers].sort((a, b) => b.costUsd - a.costUsd);
    const transfers = new Table({ head: ['edge', 'from site', 'to site', 'GB', 'USD/GB', 'cost', 'RTT ms', 'bound ms'], style });
    for (const t of sorted.slice(0, max)) {
      transfers.push([
        `${t.from} → ${t.to}`,
        t.fromSite,
        t.toSite,
        t.volumeGB.toFixed(1),
        t.usdPerGB.toFixed(4),
        money(t.costUsd),
        `${t.rttMs.toFixed(1)}${t.rttEstimated ? ' (est.)' : ''}`,
        t.latencyBoundMs ?? '',
      ]);
    }
    lines.push(transfers.toString());
    if (sorted.length > max) lines.push(`(${sorted.length - max} more transfers; -o yaml lists all)`);
  }
  const c = s.costs;
  const gateways = s.clusters.filter((k) => (k.gatewayUsd ?? 0) > 0);
  const gatewayNote =
    gateways.length > 0 ? `, ${gateways.length} WireGuard gateway(s) ${money(gateways.reduce((sum, k) => sum + (k.gatewayUsd ?? 0), 0))}` : '';
  lines.push(
    `Total ${money(c.totalUsd)} USD = compute ${money(c.computeUsd)} + cluster fees ${money(c.clusterFeesUsd)} (${s.clusters.length} cluster(s)${gatewayNote}) + transfer ${money(c.transferUsd)}${c.migrationUsd !== undefined ? ` + migration ${money(c.migrationUsd)}` : ''}`,
  );
  if (explanations.length > 0) {
    lines.push('Why:');
    for (const e of explanations) lines.push(`  ${e.message}`);
  }
  lines.push(`Prices: ${s.catalogSources.map((p) => `${p.id} (${p.date})`).join(', ')}`);
  return lines.join('\n');
}

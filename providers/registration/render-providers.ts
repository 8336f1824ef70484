/** Text renderings of registered providers and refresh reports for `-o table`. Pure. */
import type { InMemoryCatalog } from '../catalog/in-memory-catalog.js';
import { FEE_SOURCE_ANNOTATION, PRICE_DATE_ANNOTATION, PRICE_SOURCE_ANNOTATION } from './constants.js';
import { nearestCloudRegions } from './location-estimate.js';
import { offeringCount, type ProviderEntry } from './provider-entry.js';
import type { RefreshPlan } from './price-refresh.js';
import type { ReadySummary } from './provider-store.js';

/** Left-aligned columns separated by two spaces. */
export function renderColumns(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [header, ...rows].map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] as number))).join('  ')).join('\n');
}

function enabledZones(e: ProviderEntry): string {
  return e.profile.spec.zones.map((z) => (z.enabled === false ? `${z.name}(off)` : z.name)).join(',');
}

/** One line per provider: name, platform, region, zones, enabled, offerings, fee, price date. */
export function renderProviderList(entries: readonly ProviderEntry[]): string {
  if (entries.length === 0) return 'no providers registered';
  return renderColumns(
    ['NAME', 'PLATFORM', 'REGION', 'ZONES', 'ENABLED', 'OFFERINGS', 'FEE/H', 'PRICES'],
    entries.map((e) => [
      e.profile.metadata.name,
      e.profile.spec.platform,
      e.profile.spec.region,
      enabledZones(e),
      e.profile.spec.enabled === false ? 'no' : 'yes',
      String(offeringCount(e)),
      String(e.profile.spec.clusterFeeUsdHr ?? '-'),
      e.profile.metadata.annotations?.[PRICE_DATE_ANNOTATION] ?? '-',
    ]),
  );
}

/**
 * Everything about one provider (with the controller's Ready condition when read from a cluster), and for a site
 * with coordinates the estimated RTT to the nearest cloud regions.
 */
export function renderProviderDetail(e: ProviderEntry & { readonly ready?: ReadySummary }, where: string, catalog?: InMemoryCatalog): string {
  const s = e.profile.spec;
  const a = e.profile.metadata.annotations ?? {};
  const lines = [
    `Name:        ${e.profile.metadata.name}`,
    `Stored in:   ${where}`,
    `Platform:    ${s.platform}`,
    `Region:      ${s.region}${s.country ? ` (${s.country}, ${s.continent ?? '?'})` : s.continent ? ` (${s.continent})` : ''}`,
    `Enabled:     ${s.enabled === false ? 'no' : 'yes'}`,
    `Zones:       ${s.zones.map((z) => `${z.name} [${z.type ?? 'cloud'}${z.defaultZone ? ', default' : ''}${z.enabled === false ? ', disabled' : ''}]`).join(', ')}`,
    `Offerings:   ${offeringCount(e)}${e.instanceType ? ` (InstanceType ${e.instanceType.metadata.name})` : ' (no InstanceType)'}`,
    `Prices:      ${a[PRICE_SOURCE_ANNOTATION] ?? 'not recorded'}, ${a[PRICE_DATE_ANNOTATION] ?? 'date unknown'}`,
    `Cluster fee: ${s.clusterFeeUsdHr ?? 'catalog default'} USD/h${a[FEE_SOURCE_ANNOTATION] ? ` (${a[FEE_SOURCE_ANNOTATION]})` : ''}`,
  ];
  if (e.ready) lines.push(`Ready:       ${e.ready.status} (${e.ready.reason}): ${e.ready.message}`);
  if (s.quotas) lines.push(`Quotas:      ${s.quotas.vcpus ?? '-'} vCPUs, ${s.quotas.gpus ?? '-'} GPUs`);
  if (s.location) lines.push(`Location:    ${s.location.lat}, ${s.location.lon}`);
  if (s.egress) lines.push(`Egress:      ${s.egress.map((t) => `from ${t.fromGB} GB ${t.usdPerGB} USD/GB`).join('; ')}`);
  if (s.kubeconfigSecretRef) lines.push(`Kubeconfig:  Secret ${s.kubeconfigSecretRef.namespace}/${s.kubeconfigSecretRef.name}`);
  if (s.estimates) lines.push(`Estimated:   ${s.estimates.fields.join(', ')} (${s.estimates.basis})`);
  if (catalog && s.location && !['aws', 'gcp', 'azure'].includes(s.platform)) {
    const near = nearestCloudRegions(catalog, s.location.lat, s.location.lon, 3);
    lines.push(`Nearest:     ${near.map((n) => `${n.site.key} ${Math.round(n.km)} km ~${n.rttMs.toFixed(1)} ms RTT (estimated)`).join('; ')}`);
  }
  return lines.join('\n');
}

/** Per region: offerings added and removed, prices changed, median change; then what was left alone. */
export function renderRefreshReport(plan: RefreshPlan, dryRun: boolean): string {
  if (plan.changes.length === 0) return `no registered cloud region is in the price file (${plan.untouched.length} provider(s) left as they are)`;
  const table = renderColumns(
    ['PROVIDER', 'REGION', 'ADDED', 'REMOVED', 'CHANGED', 'SAME', 'MEDIAN CHANGE'],
    plan.changes.map((c) => [
      c.provider,
      c.site,
      String(c.added.length),
      String(c.removed.length),
      String(c.changed),
      String(c.unchanged),
      c.medianChangePct === undefined ? '-' : `${c.medianChangePct > 0 ? '+' : ''}${c.medianChangePct}%`,
    ]),
  );
  const detail = plan.changes.flatMap((c) => [
    ...(c.added.length > 0
      ? [`${c.provider}: added ${c.added.slice(0, 10).join(', ')}${c.added.length > 10 ? `, ... (${c.added.length})` : ''}`]
      : []),
    ...(c.removed.length > 0
      ? [`${c.provider}: removed ${c.removed.slice(0, 10).join(', ')}${c.removed.length > 10 ? `, ... (${c.removed.length})` : ''}`]
      : []),
  ]);
  const verb = dryRun ? 'would update' : 'updated';
  return [table, ...detail, `${verb} ${plan.updated.length} provider(s); ${plan.untouched.length} not in the price file`].join('\n');
}

/**
 * Constants of the catalog's own rules (not data from a price list): the latency estimate and the provenance
 * entries of the rule-based figures, so that every quote names where its figure comes from.
 */
import type { Provenance } from '../../src/catalog/types.js';

/** Provenance ids of rule-based figures. */
export const RULE_SOURCES = {
  sameZone: 'rule-same-zone',
  onpremFree: 'rule-onprem-free',
  greatCircle: 'estimate-great-circle',
  intraSite: 'estimate-intra-site',
  userRegistered: 'user-registered',
} as const;

/** Speed of light in fibre, km per ms. */
export const FIBRE_KM_PER_MS = 200;
/** Ratio of route length to great-circle distance (calibrated on the bundled measurements, see docs/catalog.md). */
export const ROUTE_FACTOR = 1.5;
/** Fixed overhead added to every estimate (switching, last mile), ms. */
export const ESTIMATE_OVERHEAD_MS = 5;
/** RTT assumed inside one site when no intra-region measurement exists, ms. */
export const INTRA_SITE_RTT_MS = 1;
/** Mean Earth radius, km (IUGG). */
export const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in km between two points given in degrees (haversine formula). */
export function greatCircleKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Distance-based RTT estimate: `2 * distanceKm / FIBRE_KM_PER_MS * ROUTE_FACTOR + ESTIMATE_OVERHEAD_MS`,
 * i.e. 0.015 ms per km plus 5 ms.
 */
export function estimateRttMs(distanceKm: number): number {
  return ((2 * distanceKm) / FIBRE_KM_PER_MS) * ROUTE_FACTOR + ESTIMATE_OVERHEAD_MS;
}

/** Provenance entries of the rule-based figures. */
export const RULE_PROVENANCE: readonly Provenance[] = [
  {
    id: RULE_SOURCES.sameZone,
    date: '2026-11-23',
    description: 'Rule: a transfer inside one zone is free (no provider charges traffic within an availability zone on private addresses).',
  },
  {
    id: RULE_SOURCES.onpremFree,
    date: '2026-11-23',
    description: 'Rule: egress out of an on-prem or edge site that registered no egress tiers is free (ProviderProfile egress @default free).',
  },
  {
    id: RULE_SOURCES.greatCircle,
    date: '2026-11-23',
    description: `Estimate where no RTT was measured: 2 x great-circle km / ${FIBRE_KM_PER_MS} km/ms x ${ROUTE_FACTOR} route factor + ${ESTIMATE_OVERHEAD_MS} ms; calibrated on the bundled intra-cloud measurements (median error about 14 %).`,
  },
  {
    id: RULE_SOURCES.intraSite,
    date: '2026-11-23',
    description: `Assumption: ${INTRA_SITE_RTT_MS} ms RTT inside one site when the data has no intra-region figure.`,
  },
];

/**
 * `skycluster plan diff`: the Plan's placements against the revision that was last approved. That revision's
 * placements are recorded in the Atlas the approval gate derived from it (spec.planRef.revision, one node
 * pool or instance per placement), so the diff needs no history store. The policy controller's status.diff
 * (what the last re-solve changed against the plan it replaced, with the cost delta) is shown beside it.
 * Pure: objects in, text out.
 */
import type { KubeObject } from '../../../controllers/runtime/kube-object.js';
import type { PlanSpec } from '../../api/plan.js';

/** status.diff as the policy controller writes it (PlanRevisionDiffSchema in src/api/plan.ts). */
export interface StatusDiff {
  readonly fromRevision: number;
  readonly moved: readonly string[];
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly costDeltaUsd: number;
  readonly migrationUsd?: number;
}
import { usd } from './columns.js';

/** One placement as both sides can state it. */
export interface PlacedUnit {
  readonly id: string;
  readonly component: string;
  readonly flavor: string;
  readonly nodes: number;
  readonly spot: boolean;
}

/** What changed per component between the approved placements and the current ones. */
export interface PlacementDiff {
  readonly fromRevision: number | undefined;
  readonly added: readonly { component: string; to: readonly PlacedUnit[] }[];
  readonly removed: readonly { component: string; from: readonly PlacedUnit[] }[];
  /** Placed elsewhere (a placement id changed). */
  readonly moved: readonly { component: string; from: readonly PlacedUnit[]; to: readonly PlacedUnit[] }[];
  /** Same places, other flavor, node count or capacity type. */
  readonly resized: readonly { component: string; from: readonly PlacedUnit[]; to: readonly PlacedUnit[] }[];
}

interface AtlasSpecLike {
  planRef?: { name?: string; revision?: number };
  clusters?: {
    nodePools?: { placementId: string; component: string; flavor: string; nodes: number; spot: boolean }[];
    instances?: { placementId: string; component: string; flavor: string; spot: boolean }[];
  }[];
}

/** The placements an Atlas was rendered from (a VM instance counts as one node of its placement). */
export function placementsOfAtlas(atlas: KubeObject): PlacedUnit[] {
  const spec = (atlas['spec'] as AtlasSpecLike | undefined) ?? {};
  const byId = new Map<string, PlacedUnit>();
  for (const c of spec.clusters ?? []) {
    for (const p of c.nodePools ?? [])
      byId.set(p.placementId, { id: p.placementId, component: p.component, flavor: p.flavor, nodes: p.nodes, spot: p.spot });
    for (const i of c.instances ?? []) {
      const prev = byId.get(i.placementId);
      byId.set(i.placementId, { id: i.placementId, component: i.component, flavor: i.flavor, nodes: (prev?.nodes ?? 0) + 1, spot: i.spot });
    }
  }
  return [...byId.values()];
}

const sameUnits = (a: readonly PlacedUnit[], b: readonly PlacedUnit[]): boolean =>
  JSON.stringify([...a].sort((x, y) => x.id.localeCompare(y.id))) === JSON.stringify([...b].sort((x, y) => x.id.localeCompare(y.id)));

/** Compares placements component by component. */
export function diffPlacements(from: readonly PlacedUnit[], to: readonly PlacedUnit[], fromRevision: number | undefined): PlacementDiff {
  const group = (units: readonly PlacedUnit[]) => {
    const m = new Map<string, PlacedUnit[]>();
    for (const u of [...units].sort((a, b) => a.id.localeCompare(b.id))) m.set(u.component, [...(m.get(u.component) ?? []), u]);
    return m;
  };
  const a = group(from);
  const b = group(to);
  const components = [...new Set([...a.keys(), ...b.keys()])].sort();
  const diff: {
    added: PlacementDiff['added'][number][];
    removed: PlacementDiff['removed'][number][];
    moved: PlacementDiff['moved'][number][];
    resized: PlacementDiff['resized'][number][];
  } = {
    added: [],
    removed: [],
    moved: [],
    resized: [],
  };
  for (const component of components) {
    const x = a.get(component);
    const y = b.get(component);
    if (!x && y) diff.added.push({ component, to: y });
    else if (x && !y) diff.removed.push({ component, from: x });
    else if (x && y && !sameUnits(x, y)) {
      const sameIds = x.map((u) => u.id).join(',') === y.map((u) => u.id).join(',');
      (sameIds ? diff.resized : diff.moved).push({ component, from: x, to: y });
    }
  }
  return { fromRevision, ...diff };
}

const unit = (u: PlacedUnit): string => `${u.id.slice(u.id.indexOf('@') + 1)} ${u.flavor} x${u.nodes}${u.spot ? ' spot' : ''}`;
const units = (us: readonly PlacedUnit[]): string => us.map(unit).join(', ');

/** The current placements of a Plan spec as units. */
export function placementsOfPlan(spec: Pick<PlanSpec, 'placements'>): PlacedUnit[] {
  return spec.placements.map((p) => ({ id: p.id, component: p.component, flavor: p.flavor, nodes: p.nodes, spot: p.spot }));
}

/** The text of `plan diff`: against the approved revision (from `atlas`, when there is one), then status.diff. */
export function renderPlanDiff(
  plan: { name: string; namespace: string; spec: Pick<PlanSpec, 'placements' | 'revision' | 'application'>; statusDiff?: StatusDiff },
  atlas: KubeObject | undefined,
): string {
  const lines: string[] = [];
  const head = `Plan ${plan.namespace}/${plan.name} revision ${plan.spec.revision}`;
  if (!atlas) {
    lines.push(`${head}: no approved revision recorded (no Atlas ${plan.spec.application} owned by the plan); every placement would be new:`);
    for (const p of placementsOfPlan(plan.spec)) lines.push(`  + ${p.component}: ${unit(p)}`);
  } else {
    const fromRevision = (atlas['spec'] as AtlasSpecLike | undefined)?.planRef?.revision;
    const d = diffPlacements(placementsOfAtlas(atlas), placementsOfPlan(plan.spec), fromRevision);
    const changes = d.added.length + d.removed.length + d.moved.length + d.resized.length;
    lines.push(
      `${head} against the approved revision ${fromRevision ?? '?'} (Atlas ${atlas.metadata?.name}): ${changes === 0 ? 'no placement changed' : `${changes} component(s) changed`}`,
    );
    for (const x of d.moved) lines.push(`  ~ ${x.component} moved: ${units(x.from)} -> ${units(x.to)}`);
    for (const x of d.resized) lines.push(`  ~ ${x.component} resized: ${units(x.from)} -> ${units(x.to)}`);
    for (const x of d.added) lines.push(`  + ${x.component}: ${units(x.to)}`);
    for (const x of d.removed) lines.push(`  - ${x.component}: ${units(x.from)}`);
  }
  const sd = plan.statusDiff;
  if (sd) {
    const parts = [
      sd.moved.length > 0 ? `moved ${sd.moved.join(', ')}` : '',
      sd.added.length > 0 ? `added ${sd.added.join(', ')}` : '',
      sd.removed.length > 0 ? `removed ${sd.removed.join(', ')}` : '',
    ].filter((p) => p !== '');
    const delta = `${sd.costDeltaUsd >= 0 ? '+' : ''}${usd(sd.costDeltaUsd)}`;
    lines.push(
      `Last re-solve against revision ${sd.fromRevision}: ${parts.length > 0 ? parts.join('; ') : 'no component moved'}; cost ${delta} over the horizon${sd.migrationUsd !== undefined ? ` (migration ${usd(sd.migrationUsd)} included)` : ''}`,
    );
  }
  return lines.join('\n');
}

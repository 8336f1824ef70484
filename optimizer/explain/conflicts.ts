/**
 * When no placement satisfies the policies, a deletion filter finds a small set of policy lines that cannot
 * hold together, and every answer is checked before it is printed.
 *
 * Candidates for the set: every row of the model that comes from a policy line (maxLocations, required
 * groups, spread, latency, quotas, budget) and every filter applied before the model (permitted and its zone
 * parts, residency, compute profiles, GPU model; optimizer/explain/relaxations.ts). A check relaxes the
 * constraints outside the active set, rebuilds the candidates when a filter is among them, and asks the solver
 * whether the model is feasible. Checks always use the price-ladder ('aggregated') form: it is exact for any
 * number of placements, whereas the transportation form assumes the single placement that relaxing
 * maxLocations removes (it would keep a relaxed maxLocations in force and blame the wrong line).
 *
 * The filter starts from all constraints and drops each one for good when the rest stay infeasible; what
 * remains is irreducible. Then each member is relaxed alone against everything else: the members for which
 * that makes the app feasible are the fixes. When none is (the policies hold more than one conflict), the
 * first member is relaxed for good and the search repeats, so the report ends with a set of lines whose
 * relaxation together was checked to make the app feasible. Every check shares the caller's deadline.
 */
import type { Catalog } from '../../src/catalog/types.js';
import type { Issue } from '../../src/validate/issue.js';
import type { Application } from '../model/application.js';
import { buildCandidates, type CandidateSet } from '../model/candidates.js';
import { PairTable } from '../model/pair-table.js';
import { buildPlacementModel, type PolicyConstraintId } from '../model/placement-model.js';
import type { SolverBackend } from '../solvers/types.js';
import { changesCandidates, filterConstraints, relaxFilters, requiredGroupConstraints } from './relaxations.js';

export interface ConflictSearch {
  readonly solver: SolverBackend;
  readonly catalog: Catalog;
  /** Keep dominated options in rebuilt candidate sets (as the caller's). @default true */
  readonly prune?: boolean;
  /** Absolute deadline on `now()`, milliseconds: no check starts after it, and none runs past it. */
  readonly deadlineMs: number;
  readonly now: () => number;
}

/** One policy line in a conflict. */
export interface ConflictMember {
  readonly id: PolicyConstraintId;
  readonly description: string;
}

/**
 * One irreducible conflict: its members; those that, relaxed alone (with every earlier group's pick relaxed),
 * were checked to make the app feasible (`fixes`) or to leave it infeasible (`notEnough`). A member in neither
 * was not checked in time.
 */
export interface ConflictGroup {
  readonly members: readonly ConflictMember[];
  readonly fixes: readonly PolicyConstraintId[];
  readonly notEnough: readonly PolicyConstraintId[];
}

/** What the search found. */
export interface ConflictSet {
  readonly groups: readonly ConflictGroup[];
  /** Constraints whose relaxation together was checked to make the app feasible; empty when no check confirmed one. */
  readonly resolution: readonly PolicyConstraintId[];
  /** False when a check timed out or the deadline stopped the search: the groups may not be minimal. */
  readonly complete: boolean;
}

type Verdict = 'infeasible' | 'feasible' | 'unknown';

/**
 * Runs the search for an application whose model (with the given candidates) is infeasible. `rows` is the
 * policyConstraints map of that model (its ids do not depend on the formulation).
 */
export async function findConflicts(
  app: Application,
  cands: CandidateSet,
  pairs: PairTable,
  rows: ReadonlyMap<PolicyConstraintId, string>,
  search: ConflictSearch,
): Promise<ConflictSet> {
  return searchConflicts(app, { cands, pairs }, rows, search);
}

/**
 * The same search for an application rejected before any model was built (a component or a required group
 * without a candidate). Undefined when no policy line explains it: with every filter and required group
 * relaxed some component still fits no flavor anywhere.
 */
export async function findConflictsBeforeModel(app: Application, search: ConflictSearch): Promise<ConflictSet | undefined> {
  const everything = new Set([...filterConstraints(app).keys(), ...requiredGroupConstraints(app).keys()]);
  const relaxedApp = relaxFilters(app, everything);
  const cr = buildCandidates(relaxedApp, search.catalog, { prune: search.prune ?? true });
  if (!cr.ok) return undefined;
  const pairs = new PairTable(relaxedApp, cr.candidates, search.catalog);
  // The rows of the model without filters, with the required groups described as the user wrote them.
  const rows = new Map(buildPlacementModel(relaxedApp, cr.candidates, pairs, { formulation: 'aggregated' }).policyConstraints);
  for (const [id, description] of requiredGroupConstraints(app)) rows.set(id, description);
  return searchConflicts(app, null, rows, search);
}

async function searchConflicts(
  app: Application,
  base: { cands: CandidateSet; pairs: PairTable } | null,
  rows: ReadonlyMap<PolicyConstraintId, string>,
  search: ConflictSearch,
): Promise<ConflictSet> {
  const { now } = search;
  const all = new Map<PolicyConstraintId, string>([...filterConstraints(app), ...rows]);
  const ids = [...all.keys()];
  const describe = (id: PolicyConstraintId): ConflictMember => ({ id, description: all.get(id) ?? id });
  const built = new Map<string, { cands: CandidateSet; pairs: PairTable } | null>([['', base]]);
  let complete = true;

  const check = async (relaxed: ReadonlySet<PolicyConstraintId>): Promise<Verdict> => {
    if (now() >= search.deadlineMs) return 'unknown';
    const filters = [...relaxed].filter(changesCandidates).sort();
    const key = filters.join(',');
    let current = built.get(key);
    if (current === undefined) {
      const relaxedApp = relaxFilters(app, new Set(filters));
      const cr = buildCandidates(relaxedApp, search.catalog, { prune: search.prune ?? true });
      current = cr.ok ? { cands: cr.candidates, pairs: new PairTable(relaxedApp, cr.candidates, search.catalog) } : null;
      built.set(key, current);
    }
    if (current === null) return 'infeasible';
    const relaxedApp = relaxFilters(app, new Set(filters));
    const pm = buildPlacementModel(relaxedApp, current.cands, current.pairs, { formulation: 'aggregated', relax: relaxed });
    // Feasibility only: a zero objective lets the solver stop at the first integer point.
    const feasibility = { ...pm.model, objective: { constant: 0, vars: [], coefs: [] } };
    // Building the candidates and the model took time too: the solve gets what is left of the deadline.
    const remainingSec = (search.deadlineMs - now()) / 1000;
    if (remainingSec <= 0) return 'unknown';
    const r = await search.solver.solve(feasibility, { timeLimitSec: remainingSec, mipRelGap: 1 });
    if (r.status === 'infeasible') return 'infeasible';
    if (r.status === 'optimal' || r.status === 'feasible') return 'feasible';
    return 'unknown';
  };
  const relaxedExcept = (active: ReadonlySet<PolicyConstraintId>) => new Set(ids.filter((id) => !active.has(id)));

  const groups: ConflictGroup[] = [];
  const forced = new Set<PolicyConstraintId>();
  let resolution: PolicyConstraintId[] = [];
  // With every constraint relaxed the app must be feasible, else the conflict is structural.
  const floor = await check(new Set(ids));
  if (floor === 'unknown') complete = false;
  // Rejected before the model: a component's candidates depend on its own filters and required groups only,
  // so its conflicts are found by rebuilding that component's candidates alone, without the solver.
  if (base === null && floor === 'feasible')
    complete = localConflicts(app, ids, search, forced, (g) => groups.push({ ...g, members: g.members.map(describe) })) && complete;
  const localGroups = groups.length;
  // Whether the app with `forced` relaxed is known to be infeasible (true at the start: the caller found it so).
  let forcedInfeasible = forced.size === 0;
  while (floor === 'feasible' && complete && groups.length < ids.length) {
    if (!forcedInfeasible) {
      const verdict = await check(forced);
      if (verdict === 'feasible') resolution = [...forced];
      if (verdict === 'unknown') complete = false;
      if (verdict !== 'infeasible') break;
    }
    const candidates = ids.filter((id) => !forced.has(id));
    const keep = new Set(candidates);
    for (const id of candidates) {
      if (now() >= search.deadlineMs) {
        complete = false;
        break;
      }
      keep.delete(id);
      const verdict = await check(relaxedExcept(keep));
      if (verdict !== 'infeasible') keep.add(id);
      if (verdict === 'unknown') complete = false;
    }
    if (keep.size === 0) break;
    const members = candidates.filter((id) => keep.has(id));
    const fixes: PolicyConstraintId[] = [];
    const notEnough: PolicyConstraintId[] = [];
    for (const id of members) {
      const verdict = await check(new Set([...forced, id]));
      if (verdict === 'feasible') fixes.push(id);
      if (verdict === 'infeasible') notEnough.push(id);
      if (verdict === 'unknown') complete = false;
    }
    groups.push({ members: members.map(describe), fixes, notEnough });
    if (fixes.length > 0) {
      resolution = [...forced, fixes[0] as PolicyConstraintId];
      break;
    }
    if (!complete) break;
    forced.add(members[0] as PolicyConstraintId);
    forcedInfeasible = notEnough.includes(members[0] as PolicyConstraintId);
  }
  // One conflict found before the model: say which of its lines, relaxed alone, make the app feasible.
  const [only] = groups;
  if (groups.length === 1 && localGroups === 1 && only && resolution.length > 0) {
    const fixes: PolicyConstraintId[] = [];
    const notEnough: PolicyConstraintId[] = [];
    for (const m of only.members) {
      const verdict = await check(new Set([m.id]));
      if (verdict === 'feasible') fixes.push(m.id);
      if (verdict === 'infeasible') notEnough.push(m.id);
      if (verdict === 'unknown') complete = false;
    }
    groups[0] = { ...only, fixes, notEnough };
  }
  return { groups, resolution, complete };
}

/**
 * Conflicts of the components that have no candidate: for each, a deletion filter over its own filters and
 * required groups, with "has candidates" as the test; one line of each conflict is relaxed (added to `forced`)
 * until the component has candidates. Returns false when the deadline stopped it.
 */
function localConflicts(
  app: Application,
  ids: readonly PolicyConstraintId[],
  search: ConflictSearch,
  forced: Set<PolicyConstraintId>,
  report: (g: { members: readonly PolicyConstraintId[]; fixes: []; notEnough: [] }) => void,
): boolean {
  const componentOf = (id: PolicyConstraintId) => Number(id.split(':')[1]);
  const hasCandidates = (i: number, relaxed: ReadonlySet<PolicyConstraintId>): boolean => {
    const relaxedApp = relaxFilters(app, relaxed);
    const component = relaxedApp.components[i];
    if (!component) return true;
    return buildCandidates({ ...relaxedApp, components: [component], edges: [] }, search.catalog, { prune: search.prune ?? true }).ok;
  };
  for (let i = 0; i < app.components.length; i += 1) {
    const local = ids.filter((id) => changesCandidates(id) && componentOf(id) === i);
    while (!hasCandidates(i, forced)) {
      if (search.now() >= search.deadlineMs) return false;
      const candidates = local.filter((id) => !forced.has(id));
      const keep = new Set(candidates);
      for (const id of candidates) {
        keep.delete(id);
        const relaxed = new Set([...forced, ...candidates.filter((c) => !keep.has(c))]);
        if (hasCandidates(i, relaxed)) keep.add(id);
      }
      const members = candidates.filter((id) => keep.has(id));
      // Nothing of the component's own lines explains it (its requests fit no flavor): leave it to the caller.
      if (members.length === 0) break;
      report({ members, fixes: [], notEnough: [] });
      forced.add(members[0] as PolicyConstraintId);
    }
  }
  return true;
}

const objectOf = (app: Application) => `DeploymentPolicy/${app.deploymentPolicy}`;

/** Turns the search's answer into the issues a user reads. */
export function conflictIssues(app: Application, set: ConflictSet): Issue[] {
  const object = objectOf(app);
  const partial = set.complete ? '' : ' (the search stopped at the time limit; the set may not be minimal)';
  if (set.groups.length === 0) {
    return [
      { severity: 'error', object, path: '', message: `no placement satisfies the policies, and no set of policy constraints explains it${partial}` },
    ];
  }
  // Each member says what was checked of it: nothing when relaxing it alone fixes the app.
  const mark = (g: ConflictGroup, m: ConflictMember): string =>
    g.fixes.includes(m.id) ? '' : g.notEnough.includes(m.id) ? ' (not enough alone: another conflict remains)' : ' (not checked in time)';
  const [first] = set.groups;
  if (set.groups.length === 1 && first) {
    const n = first.members.length;
    const k = first.fixes.length;
    const advice =
      k === n
        ? 'relax one of them'
        : k === 1
          ? 'relaxing the unmarked one makes the app feasible'
          : k > 1
            ? `relaxing one of the ${k} unmarked ones makes the app feasible`
            : 'no single one was confirmed to make the app feasible';
    return [
      { severity: 'error', object, path: '', message: `no placement satisfies these ${n} constraint(s) together${partial}; ${advice}:` },
      ...first.members.map((m): Issue => ({ severity: 'error', path: '', message: `  - ${m.description}${mark(first, m)}` })),
    ];
  }
  const names = set.resolution.map((id) => set.groups.flatMap((g) => g.members).find((m) => m.id === id)?.description ?? id);
  const head: Issue = {
    severity: 'error',
    object,
    path: '',
    message:
      set.resolution.length > 0
        ? `no placement satisfies the policies: ${set.groups.length} separate conflicts${partial}; relaxing these ${names.length} together makes the app feasible (checked): ${names.join('; ')}`
        : `no placement satisfies the policies: at least ${set.groups.length} separate conflicts${partial}`,
  };
  const out: Issue[] = [head];
  set.groups.forEach((g, i) => {
    out.push({ severity: 'error', path: '', message: `  conflict ${i + 1}: these ${g.members.length} constraint(s) cannot hold together:` });
    out.push(...g.members.map((m): Issue => ({ severity: 'error', path: '', message: `    - ${m.description}` })));
  });
  return out;
}

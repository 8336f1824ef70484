/**
 * The policy reconciler: key = a DeploymentPolicy's namespace/name. Read (the policy and its Plan fresh from
 * the API server, everything else from the informer caches), gather and validate the inputs (pure), then:
 * invalid → Ready=False InvalidSpec on the policy, terminal; a referenced workload missing → Ready=False
 * UnknownComponent, done (the workload's event brings the key back); inputs whose hash the Plan (annotation
 * skycluster.io/input-hash) or the policy status already records → nothing to solve; otherwise wait out the
 * debounce, solve (churn term against an approved Plan), apply the Plan, write both statuses once.
 */
import { PlanSchema, type Plan, type PlanStatus } from '../../src/api/plan.js';
import type { Catalog } from '../../src/catalog/types.js';
import type { Issue } from '../../src/validate/issue.js';
import type { SolveMode } from '../../src/api/policy.js';
import { canonicalJson, planInputHash } from '../../optimizer/plan/input-hash.js';
import { planName } from '../../optimizer/plan/build-plan.js';
import {
  ANNOTATIONS,
  applyObject,
  done,
  isBeingDeleted,
  parseObjectKey,
  requeueAfter,
  terminal,
  transient,
  updateStatus,
  type EventRecorder,
  type KubeClient,
  type KubeObject,
  type OperatorMetrics,
  type ReconcileContext,
  type ReconcileResult,
  type Reconciler,
} from '../runtime/index.js';
import { DEPLOYMENT_POLICY_REF, PLAN_REF } from '../skycluster-refs.js';
import { Debouncer } from './debounce.js';
import { gatherInputs, type ClusterSnapshot, type PlanningInputs } from './gather-inputs.js';
import {
  describeIssues,
  failedPlanStatus,
  monthlyCostUsd,
  planIntent,
  planOwners,
  planPhase,
  policyStatusFor,
  revisePlan,
  solvedPlanStatus,
  type PolicyStatus,
  type PolicyVerdict,
} from './plan-outcome.js';
import { combinedCatalogVersion, registeredCatalog, type RegisteredCatalog } from './registered-catalog.js';
import { CONTROLLER_SOLVER, type SolveRequest, type SolveRunner } from './solve-runner.js';

/** What the reconciler reads besides the API server: the informer caches. */
export interface PolicyCaches {
  deploymentPolicies(): readonly KubeObject[];
  dataflowPolicies(): readonly KubeObject[];
  /** Workloads with apiVersion and kind filled in. */
  workloads(): readonly KubeObject[];
  profiles(): readonly KubeObject[];
  instanceTypes(): readonly KubeObject[];
  plans(): readonly KubeObject[];
}

/** Dependencies of the policy reconciler. */
export interface PolicyReconcilerDeps {
  readonly client: KubeClient;
  readonly caches: PolicyCaches;
  readonly events: EventRecorder;
  readonly metrics: OperatorMetrics;
  /** Runners by mode; Worker is required. */
  readonly runners: { readonly Worker: SolveRunner } & Partial<Record<SolveMode, SolveRunner>>;
  /** The bundled catalog (its provenance is part of the catalog version). */
  readonly baseCatalog: () => Catalog;
  /** Quiet time when the policy sets none, ms. */
  readonly debounceMs: number;
  readonly mipGap: number;
  /** Milliseconds clock (debounce) and RFC 3339 time (conditions). */
  readonly nowMs: () => number;
  readonly nowIso: () => string;
}

const same = (a: unknown, b: unknown): boolean => canonicalJson(a ?? null) === canonicalJson(b ?? null);

/** Builds the reconciler. It keeps per-key debounce state and the plan names it exported metrics for. */
export function policyReconciler(deps: PolicyReconcilerDeps): Reconciler & { solves(): number } {
  const debouncer = new Debouncer();
  /** Solves whose Plan was applied but whose status write failed (e.g. 409 after every retry), by policy key. */
  const unwritten = new Map<string, { hash: string; solved: Plan; revised: ReturnType<typeof revisePlan>; operation: string }>();
  const gauges = new Map<string, string>();
  let solves = 0;
  let base: Catalog | undefined;
  // The registered catalog is the same for every policy: validated once per set of (uid, resourceVersion).
  let registered: { key: string; value: RegisteredCatalog } | undefined;
  const registeredNow = (profiles: readonly KubeObject[], instanceTypes: readonly KubeObject[]): RegisteredCatalog => {
    const key = [...profiles, ...instanceTypes].map((o) => `${o.metadata?.uid}@${o.metadata?.resourceVersion}`).join(',');
    if (registered?.key !== key) registered = { key, value: registeredCatalog(profiles, instanceTypes) };
    return registered.value;
  };

  async function writePolicyStatus(dp: KubeObject, verdict: PolicyVerdict): Promise<{ ok: boolean; changed: boolean; message?: string }> {
    const before = dp['status'] as PolicyStatus | undefined;
    const r = await updateStatus(deps.client, DEPLOYMENT_POLICY_REF, dp, (latest) => {
      const current = latest['status'] as PolicyStatus | undefined;
      const next = policyStatusFor(current, verdict, latest.metadata?.generation, deps.nowIso());
      return same(current, next) ? undefined : next;
    });
    if (!r.ok) return { ok: false, changed: false, message: r.message };
    const after = r.object['status'] as PolicyStatus | undefined;
    const reason = (s: PolicyStatus | undefined) => s?.conditions?.find((c) => c.type === 'Ready')?.reason;
    const changed = r.operation === 'updated' && (reason(before) !== reason(after) || before?.inputHash !== after?.inputHash);
    return { ok: true, changed };
  }

  async function writePlanStatus(plan: KubeObject, compute: (current: PlanStatus | undefined, generation: number | undefined) => PlanStatus) {
    return updateStatus(deps.client, PLAN_REF, plan, (latest) => {
      const current = latest['status'] as PlanStatus | undefined;
      const next = compute(current, latest.metadata?.generation);
      return same(current, next) ? undefined : next;
    });
  }

  /** The hash of what a solve depends on, without the previous Plan: the controller's dedupe key. */
  function inputsHashOf(inputs: PlanningInputs): { hash: string; catalogVersion: string } {
    base ??= deps.baseCatalog();
    const catalogVersion = combinedCatalogVersion(base, inputs.catalog);
    const hash = planInputHash({
      deploymentPolicy: inputs.deploymentPolicy,
      dataflowPolicy: inputs.dataflowPolicy,
      catalogVersion,
      options: {
        solver: CONTROLLER_SOLVER,
        mipGap: deps.mipGap,
        timeLimitSec: inputs.settings.timeLimitSec,
        migrationCostUsd: inputs.settings.migrationCostUsd,
      },
    });
    return { hash, catalogVersion };
  }

  /** The current Plan as a typed value, or undefined when it does not parse (it is then replaced). */
  function parsedPlan(obj: KubeObject | undefined): Plan | undefined {
    if (!obj) return undefined;
    const { metadata, ...rest } = obj;
    const r = PlanSchema.safeParse({ ...rest, metadata: { name: metadata?.name, namespace: metadata?.namespace, labels: metadata?.labels } });
    return r.success ? r.data : undefined;
  }

  async function reconcile(key: string, ctx: ReconcileContext): Promise<ReconcileResult> {
    const { namespace, name } = parseObjectKey(key);
    const got = await deps.client.get<KubeObject>(DEPLOYMENT_POLICY_REF, namespace, name);
    if (got.status === 404) return forget(key, namespace, name);
    if (!got.ok) return transient(`read DeploymentPolicy ${key}: ${got.message}`);
    const dp = got.body;
    if (isBeingDeleted(dp)) return done;
    const c = deps.caches;
    const profiles = c.profiles();
    const instanceTypes = c.instanceTypes();
    const snapshot: ClusterSnapshot = {
      policy: { ...dp, apiVersion: dp.apiVersion ?? 'policy.skycluster.io/v1alpha1', kind: 'DeploymentPolicy' },
      deploymentPolicies: [dp, ...c.deploymentPolicies().filter((d) => !(d.metadata?.namespace === namespace && d.metadata?.name === name))],
      dataflowPolicies: c.dataflowPolicies(),
      workloads: c.workloads(),
      profiles,
      instanceTypes,
      registered: registeredNow(profiles, instanceTypes),
    };
    const gathered = gatherInputs(snapshot);
    const application = dp.metadata?.labels?.['skycluster.io/app-id'] ?? name;
    const plan = planName({ name: application });
    if (gathered.kind === 'invalid') {
      const w = await writePolicyStatus(dp, { kind: 'invalid', issues: gathered.issues });
      if (!w.ok) return transient(`status of DeploymentPolicy ${key}: ${w.message}`);
      const message = describeIssues(gathered.issues);
      if (w.changed) await deps.events.record(dp, 'Warning', 'InvalidSpec', message);
      return terminal('InvalidSpec', message);
    }
    if (gathered.kind === 'waiting') {
      const w = await writePolicyStatus(dp, { kind: 'waiting', issues: gathered.issues });
      if (!w.ok) return transient(`status of DeploymentPolicy ${key}: ${w.message}`);
      if (w.changed) await deps.events.record(dp, 'Normal', 'UnknownComponent', describeIssues(gathered.issues));
      return done;
    }
    const inputs = gathered.inputs;
    const { hash, catalogVersion } = inputsHashOf(inputs);
    const current = await deps.client.get<KubeObject>(PLAN_REF, namespace, plan);
    if (!current.ok && current.status !== 404) return transient(`read Plan ${namespace}/${plan}: ${current.message}`);
    const planObject = current.ok ? current.body : undefined;

    if (planObject?.metadata?.annotations?.[ANNOTATIONS.inputHash] === hash) {
      // Solved for exactly these inputs: only the approval may have moved (the phase follows it).
      return syncUnchanged(key, dp, planObject, hash);
    }
    const status = dp['status'] as PolicyStatus | undefined;
    if (status?.inputHash === hash && (status.phase === 'Infeasible' || status.phase === 'NoSolution')) {
      return terminal(status.phase, status.conditions?.find((x) => x.type === 'Ready')?.message ?? status.phase);
    }
    const decision = debouncer.decide(key, hash, deps.nowMs(), inputs.settings.debounceMs ?? deps.debounceMs);
    if (decision.kind === 'wait') return requeueAfter(decision.afterMs);

    const previous = parsedPlan(planObject);
    const approvedPrevious = previous && previous.spec.approval.approved && isCurrentApproval(previous) ? previous : undefined;
    const request: SolveRequest = {
      deploymentPolicy: inputs.deploymentPolicy,
      ...(inputs.dataflowPolicy ? { dataflowPolicy: inputs.dataflowPolicy } : {}),
      registered: inputs.catalog,
      catalogVersion,
      solver: CONTROLLER_SOLVER,
      timeLimitSec: inputs.settings.timeLimitSec,
      mipGap: deps.mipGap,
      ...(approvedPrevious ? { migration: { previous: approvedPrevious, costPerMoveUsd: inputs.settings.migrationCostUsd } } : {}),
    };
    const runner = deps.runners[inputs.settings.mode] ?? deps.runners.Worker;
    const runnerNotes: Issue[] =
      runner.mode === inputs.settings.mode
        ? []
        : [
            {
              severity: 'warning',
              object: `DeploymentPolicy/${name}`,
              path: 'spec.solver.mode',
              message: `this operator runs no ${inputs.settings.mode} solves; solved in the operator's worker instead`,
            },
          ];
    const started = deps.nowMs();
    solves++;
    const outcome = await runner.solve(request, ctx.signal);
    debouncer.clear(key);
    const seconds = (deps.nowMs() - started) / 1000;
    const solverStatus =
      outcome.kind === 'planned'
        ? (outcome.plan.status?.solver?.status ?? 'Optimal')
        : outcome.kind === 'infeasible'
          ? 'Infeasible'
          : outcome.kind === 'no-solution'
            ? outcome.solverStatus
            : 'Error';
    deps.metrics.solveSeconds.labels(CONTROLLER_SOLVER, solverStatus).observe(seconds);
    if (ctx.signal.aborted) return transient('shutting down: the solve was abandoned');
    ctx.log.info({ hash: hash.slice(0, 12), seconds, outcome: outcome.kind, mode: runner.mode, churn: approvedPrevious !== undefined }, 'solved');

    if (outcome.kind === 'invalid') {
      const w = await writePolicyStatus(dp, { kind: 'invalid', issues: outcome.issues });
      if (!w.ok) return transient(`status of DeploymentPolicy ${key}: ${w.message}`);
      const message = describeIssues(outcome.issues);
      if (w.changed) await deps.events.record(dp, 'Warning', 'InvalidSpec', message);
      return terminal('InvalidSpec', message);
    }
    if (outcome.kind === 'infeasible' || outcome.kind === 'no-solution') {
      if (planObject) {
        const ps = await writePlanStatus(planObject, (cur, gen) =>
          failedPlanStatus(cur, outcome.kind as 'infeasible' | 'no-solution', outcome.issues, gen, deps.nowIso()),
        );
        if (!ps.ok) return transient(`status of Plan ${namespace}/${plan}: ${ps.message}`);
      }
      const w = await writePolicyStatus(dp, { kind: outcome.kind, issues: outcome.issues, inputsHash: hash, planName: plan });
      if (!w.ok) return transient(`status of DeploymentPolicy ${key}: ${w.message}`);
      const reason = outcome.kind === 'infeasible' ? 'Infeasible' : 'NoSolution';
      const message = describeIssues(outcome.issues);
      if (w.changed) await deps.events.record(dp, 'Warning', reason, message);
      return terminal(reason, message);
    }

    const solved: Plan = {
      ...outcome.plan,
      status: { ...outcome.plan.status, issues: planNotes(outcome.plan, [...inputs.notes, ...outcome.notes, ...runnerNotes]) },
    };
    const revised = revisePlan(previous, solved, inputs.settings);
    const applied = await applyObject<KubeObject>(deps.client, PLAN_REF, planIntent(revised.plan, planOwners(dp, inputs.dataflowObject), hash));
    if (!applied.ok) return transient(`apply Plan ${namespace}/${plan}: ${applied.message}`);
    // Until its status is written, the solve's run data lives here: the next pass finds the Plan's input hash
    // current and must write that status rather than solve again or leave the Plan without it.
    unwritten.set(key, { hash, solved, revised, operation: applied.operation });
    return finishPlanned(key, dp, applied.object, hash);
  }

  /** Writes the Plan's status from the solve kept in `unwritten`, then the policy's status and an Event. */
  async function finishPlanned(key: string, dp: KubeObject, planObject: KubeObject, hash: string): Promise<ReconcileResult> {
    const { namespace } = parseObjectKey(key);
    const plan = planObject.metadata?.name ?? '';
    const pending = unwritten.get(key);
    if (!pending || pending.hash !== hash) return transient(`no solve of Plan ${namespace}/${plan} is waiting for its status`);
    const { solved, revised, operation } = pending;
    const ps = await writePlanStatus(planObject, (cur, gen) => solvedPlanStatus(cur, solved, revised, gen, deps.nowIso()));
    if (!ps.ok) return transient(`status of Plan ${namespace}/${plan}: ${ps.message}`);
    unwritten.delete(key);
    const monthly = monthlyCostUsd(revised.plan.spec);
    deps.metrics.planCost.labels(namespace ?? '', plan).set(monthly);
    gauges.set(key, plan);
    const summary = `Plan ${plan} revision ${revised.plan.spec.revision}: ${monthly.toFixed(2)} USD/month${
      revised.diff ? `; moved: ${revised.diff.moved.join(', ') || 'none'}, cost delta ${revised.diff.costDeltaUsd.toFixed(2)} USD` : ''
    }${revised.autoApproved ? '; auto-approved' : ''}`;
    const w = await writePolicyStatus(dp, { kind: 'planned', planName: plan, monthlyCostUsd: monthly, inputsHash: hash, message: summary });
    if (!w.ok) return transient(`status of DeploymentPolicy ${key}: ${w.message}`);
    if (operation !== 'unchanged') await deps.events.record(dp, 'Normal', operation === 'created' ? 'PlanCreated' : 'PlanUpdated', summary);
    return done;
  }

  /** Inputs already planned: the Plan's phase follows its approval; the policy says Planned. */
  async function syncUnchanged(key: string, dp: KubeObject, planObject: KubeObject, hash: string): Promise<ReconcileResult> {
    debouncer.clear(key);
    if (unwritten.get(key)?.hash === hash) return finishPlanned(key, dp, planObject, hash);
    const parsed = parsedPlan(planObject);
    if (parsed) {
      const phase = planPhase(parsed);
      // Only the approval can have changed the spec (a new generation): the status is current for it.
      const ps = await writePlanStatus(planObject, (cur, gen) => ({ ...cur, ...(gen !== undefined ? { observedGeneration: gen } : {}), phase }));
      if (!ps.ok) return transient(`status of Plan ${key}: ${ps.message}`);
      const monthly = monthlyCostUsd(parsed.spec);
      const name = planObject.metadata?.name ?? '';
      deps.metrics.planCost.labels(planObject.metadata?.namespace ?? '', name).set(monthly);
      gauges.set(key, name);
      const status = dp['status'] as PolicyStatus | undefined;
      const message =
        status?.phase === 'Planned' && status.inputHash === hash
          ? (status.conditions?.find((c) => c.type === 'Ready')?.message ?? '')
          : `Plan ${name} revision ${parsed.spec.revision}: ${monthly.toFixed(2)} USD/month`;
      const w = await writePolicyStatus(dp, { kind: 'planned', planName: name, monthlyCostUsd: monthly, inputsHash: hash, message });
      if (!w.ok) return transient(`status of DeploymentPolicy ${key}: ${w.message}`);
    }
    return done;
  }

  /** The policy is gone: its Plan goes too (garbage collection waits for every owner; the DataflowPolicy may stay). */
  async function forget(key: string, namespace: string | undefined, name: string): Promise<ReconcileResult> {
    debouncer.clear(key);
    unwritten.delete(key);
    const plan = gauges.get(key);
    if (plan !== undefined) deps.metrics.planCost.remove(namespace ?? '', plan);
    gauges.delete(key);
    for (const p of deps.caches.plans()) {
      const owner = p.metadata?.ownerReferences?.find((r) => r.controller && r.kind === 'DeploymentPolicy');
      if (p.metadata?.namespace !== namespace || owner?.name !== name) continue;
      const r = await deps.client.delete(PLAN_REF, namespace, p.metadata?.name ?? '');
      if (!r.ok && r.status !== 404) return transient(`delete Plan ${namespace}/${p.metadata?.name}: ${r.message}`);
    }
    return done;
  }

  return { reconcile, solves: () => solves };
}

/** Whether the Plan's approval was given for its current inputs and revision (the plan in force). */
function isCurrentApproval(plan: Plan): boolean {
  const a = plan.spec.approval;
  return a.inputHash === plan.spec.inputHash && a.revision === plan.spec.revision;
}

/** The Plan's own issues plus the input notes (workloads not read, catalog objects left out), each once. */
function planNotes(plan: Plan, notes: readonly Issue[]): NonNullable<PlanStatus['issues']> {
  const all = [
    ...(plan.status?.issues ?? []),
    ...notes.map((i) => ({ severity: i.severity, object: i.object ?? '', path: i.path, message: i.message })),
  ];
  const seen = new Set<string>();
  return all.filter((i) => {
    const k = `${i.object}|${i.path}|${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * `skycluster plan show|diff|approve|reject NAME` against the cluster (NAME: the Plan's name or its
 * application's). show: placements, costs, approval, conditions and the diff; diff: the placements against the
 * approved revision (recorded in the Plan's Atlas) and the last re-solve's status.diff; approve/reject: a merge
 * patch of spec.approval bound to the current inputHash and revision (src/cli/kube/plan-approval.ts), by
 * --by or the kubeconfig user. Exit codes: 0 done; 1 not found, refused, a connection problem or a conflict.
 */
import { Command, Option } from 'commander';
import { stringify } from 'yaml';
import { derivedObjectName } from '../../../controllers/approval/derived-name.js';
import { PLAN_REF } from '../../../controllers/skycluster-refs.js';
import type { KubeObject } from '../../../controllers/runtime/kube-object.js';
import type { Plan } from '../../api/plan.js';
import { connect, withKubeFlags, type KubeConnection, type KubeFlags } from '../kube/kube-connect.js';
import { explainFailure } from '../kube/kube-errors.js';
import { approvalPatch } from '../kube/plan-approval.js';
import { renderPlanDiff, type StatusDiff } from '../kube/plan-diff.js';
import { fetchOwnedAtlas, fetchPlan } from '../kube/plan-fetch.js';
import { renderPlanShow } from '../kube/plan-show.js';

interface ShowFlags extends KubeFlags {
  output?: 'table' | 'json' | 'yaml';
}
interface ApproveFlags extends KubeFlags {
  by?: string;
}

type Loaded = { ok: true; kube: KubeConnection; plan: KubeObject; atlas?: KubeObject } | { ok: false };

/** Connects, reads the plan (and, when asked, its Atlas); prints the problem otherwise. */
async function load(sub: string, name: string, flags: KubeFlags, withAtlas: boolean): Promise<Loaded> {
  const fail = (message: string): Loaded => {
    console.error(`skycluster plan ${sub}: ${message}`);
    return { ok: false };
  };
  const conn = connect(flags);
  if (!conn.ok) return fail(conn.message);
  const got = await fetchPlan(conn.kube, name);
  if (!got.ok) return fail(got.message);
  if (!withAtlas) return { ok: true, kube: conn.kube, plan: got.plan };
  const app = (got.plan['spec'] as Plan['spec'] | undefined)?.application ?? '';
  const atlas = await fetchOwnedAtlas(conn.kube, got.plan, derivedObjectName(app));
  if (!atlas.ok) return fail(atlas.message);
  return { ok: true, kube: conn.kube, plan: got.plan, ...(atlas.atlas ? { atlas: atlas.atlas } : {}) };
}

async function runShow(name: string, flags: ShowFlags): Promise<number> {
  const r = await load('show', name, flags, flags.output === 'table' || flags.output === undefined);
  if (!r.ok) return 1;
  const { managedFields: _m, ...metadata } = r.plan.metadata ?? {};
  const plan = { ...r.plan, metadata };
  if (flags.output === 'json') console.log(JSON.stringify(plan, null, 2));
  else if (flags.output === 'yaml') console.log(stringify(plan, { lineWidth: 0 }).trimEnd());
  else console.log(renderPlanShow(r.plan, r.atlas));
  return 0;
}

async function runDiff(name: string, flags: KubeFlags): Promise<number> {
  const r = await load('diff', name, flags, true);
  if (!r.ok) return 1;
  const spec = r.plan['spec'] as Plan['spec'];
  const statusDiff = (r.plan['status'] as { diff?: StatusDiff } | undefined)?.diff;
  const meta = r.plan.metadata ?? {};
  console.log(renderPlanDiff({ name: meta.name ?? name, namespace: meta.namespace ?? '', spec, ...(statusDiff ? { statusDiff } : {}) }, r.atlas));
  return 0;
}

async function runApproval(sub: 'approve' | 'reject', name: string, flags: ApproveFlags): Promise<number> {
  const r = await load(sub, name, flags, false);
  if (!r.ok) return 1;
  const by = flags.by ?? r.kube.user;
  if (!by) {
    console.error(`skycluster plan ${sub}: the kubeconfig names no user; say who decides with --by NAME`);
    return 1;
  }
  const decided = approvalPatch(r.plan, sub === 'approve', by);
  if (decided.kind === 'refused') {
    console.error(`skycluster plan ${sub}: ${decided.message}`);
    return 1;
  }
  if (decided.kind === 'unchanged') {
    console.log(decided.message);
    return 0;
  }
  const meta = r.plan.metadata ?? {};
  const res = await r.kube.client.patch(PLAN_REF, meta.namespace, meta.name ?? name, decided.patch);
  if (!res.ok) {
    const message =
      res.status === 409
        ? `Plan ${meta.namespace}/${meta.name} changed while it was being read (a re-plan?); look at it again (skycluster plan show ${meta.name}) and ${sub} again`
        : await explainFailure(r.kube.client, res, { ref: PLAN_REF, namespace: meta.namespace ?? '', name: meta.name ?? name });
    console.error(`skycluster plan ${sub}: ${message}`);
    return 1;
  }
  console.log(decided.message);
  return 0;
}

/** The `plan` command with show, diff, approve and reject. */
export function planCommand(): Command {
  const show = withKubeFlags(
    new Command('show')
      .description('placements, costs, approval, conditions and diff of a Plan')
      .argument('<name>', 'Plan name (or the application id)')
      .addOption(new Option('-o, --output <format>', 'output format').choices(['table', 'json', 'yaml']).default('table')),
  ).action(async (name: string, flags: ShowFlags) => {
    process.exitCode = await runShow(name, flags);
  });
  const diff = withKubeFlags(
    new Command('diff')
      .description('the placements against the approved revision, and what the last re-solve changed')
      .argument('<name>', 'Plan name (or the application id)'),
  ).action(async (name: string, flags: KubeFlags) => {
    process.exitCode = await runDiff(name, flags);
  });
  const approval = (sub: 'approve' | 'reject', description: string): Command =>
    withKubeFlags(
      new Command(sub)
        .description(description)
        .argument('<name>', 'Plan name (or the application id)')
        .option('--by <name>', 'who decides (default: the kubeconfig user)'),
    ).action(async (name: string, flags: ApproveFlags) => {
      process.exitCode = await runApproval(sub, name, flags);
    });
  return new Command('plan')
    .description('show, diff, approve or reject the Plans in the cluster')
    .addCommand(show)
    .addCommand(diff)
    .addCommand(approval('approve', "approve the Plan's current revision: the operator then applies its Atlas and Harbor"))
    .addCommand(approval('reject', "reject the Plan's current revision: its Atlas and Harbor stay as they were"));
}

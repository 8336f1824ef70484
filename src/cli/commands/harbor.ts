/**
 * `skycluster harbor render -f FILE|DIR... [--out DIR]`: Harbor's GitOps mode. Renders every object an
 * approved Plan puts on its target clusters and either prints them (dry-run, Secret values redacted) or
 * writes one kustomize tree per cluster under DIR for Argo CD or Flux (`kubectl apply -k DIR/<cluster>`).
 * Exit codes: 0 rendered; 1 invalid or incomplete input, an unapproved plan, or an unwritable --out.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Command } from 'commander';
import { collectHarborInputs } from '../../harbor/harbor-inputs.js';
import { kustomizeTree, renderedYaml } from '../../harbor/kustomize-tree.js';
import { renderHarbor } from '../../harbor/render-harbor.js';
import { formatIssue, hasErrors } from '../../validate/issue.js';
import { readInputs, readStdin } from '../read-inputs.js';

interface RenderOptions {
  filename?: string[];
  out?: string;
  nodewright?: string[];
  allowUnapproved?: boolean;
  strict?: boolean;
}

function renderAction(opts: RenderOptions): void {
  if (!opts.filename || opts.filename.length === 0) {
    console.error('skycluster harbor render: give the plan, its DeploymentPolicy and the app manifests with -f');
    process.exitCode = 1;
    return;
  }
  const read = readInputs(opts.filename, readStdin);
  const collected = collectHarborInputs(read.documents, { strict: opts.strict === true });
  const issues = [...read.issues, ...collected.issues];
  if (collected.inputs !== undefined && !collected.approved && !opts.allowUnapproved) {
    issues.push({
      severity: 'error',
      path: 'spec.approval',
      message: 'the plan is not approved for its current inputs and revision; approve it first (or pass --allow-unapproved for a preview)',
    });
  }
  const nodewright = new Set(opts.nodewright ?? []);
  const render = collected.inputs
    ? renderHarbor({ ...collected.inputs, skyhookFlavorOf: (c) => (nodewright.has(c) ? 'nodewright' : 'skyhook') })
    : undefined;
  if (render) issues.push(...render.issues);
  for (const i of issues) console.error(formatIssue(i));
  if (render === undefined || hasErrors(issues) || (opts.strict && issues.some((i) => i.severity === 'warning'))) {
    process.exitCode = 1;
    return;
  }
  if (opts.out === undefined) {
    process.stdout.write(renderedYaml(render));
  } else {
    const files = kustomizeTree(render);
    try {
      for (const f of files) {
        mkdirSync(dirname(join(opts.out, f.path)), { recursive: true });
        writeFileSync(join(opts.out, f.path), f.text);
      }
    } catch (err) {
      console.error(`skycluster harbor render: cannot write ${opts.out}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      process.exitCode = 1;
      return;
    }
    console.log(
      `wrote ${files.length} file(s) for ${render.clusters.length} cluster(s) under ${opts.out}: ${render.clusters.map((c) => `${c.cluster} (${c.objects.length} objects)`).join(', ')}`,
    );
  }
  for (const t of render.poolTaints)
    console.error(`note: node pool of ${t.placementId} on ${t.cluster} needs taint ${t.key}=${t.value}:${t.effect} (runtimeRequired host packages)`);
  process.exitCode = 0;
}

/** The `harbor` command group. */
export function harborCommand(): Command {
  const harbor = new Command('harbor').description('deploy the components of an approved plan onto their clusters');
  harbor
    .command('render')
    .description('render every object per target cluster; print them (dry-run) or write a kustomize tree per cluster with --out')
    .option('-f, --filename <path...>', 'the Plan, its DeploymentPolicy, the app manifests and SkyShift Services (files, directories or -)')
    .option('-o, --out <dir>', 'write <dir>/<cluster>/kustomization.yaml and one file per object instead of printing')
    .option('--nodewright <cluster...>', "clusters that serve NodeWright's CRD (nodewright.nvidia.com) instead of Skyhook's")
    .option('--allow-unapproved', 'render a plan that is not approved (preview only)')
    .option('--strict', 'treat warnings (SkyShift Services that break later) as errors')
    .action(renderAction);
  return harbor;
}

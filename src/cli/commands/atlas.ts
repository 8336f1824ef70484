/**
 * `skycluster atlas render|preview`: the Atlas objects of Plans (from `skycluster optimize -o yaml`), and
 * the resources their Pulumi programs would create, built under Pulumi's mocks — no cloud, no Pulumi CLI.
 */
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { parse, stringify } from 'yaml';
import type { Atlas } from '../../api/atlas.js';
import type { Plan } from '../../api/plan.js';
import type { InstanceType, ProviderProfile } from '../../api/provider.js';
import type { UserCidrs } from '../../atlas/cidr-allocator.js';
import { renderAtlases } from '../../atlas/render-atlas.js';
import { previousCidrs, secretsFromProfiles } from '../../atlas/site-secrets.js';
import { formatIssue, type Issue } from '../../validate/issue.js';
import { validateDocuments } from '../../validate/validate-documents.js';
import { readInputs, readStdin } from '../read-inputs.js';
import { buildCatalog } from './optimize.js';

interface AtlasFlags {
  filename: string[];
  providers?: string[];
  cidrs?: string;
  dedicatedPools?: boolean;
  output: 'table' | 'json' | 'yaml';
}

function fail(issues: readonly Issue[]): number {
  for (const i of issues) console.error(formatIssue(i));
  return 1;
}

/** Reads a `--cidrs` file: `{ <cluster>: { network?, pods?, services? } }`. */
function readUserCidrs(file: string): { user: UserCidrs[]; issues: Issue[] } {
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (err) {
    return { user: [], issues: [{ severity: 'error', file, path: '', message: `cannot read: ${(err as Error).message}` }] };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    return { user: [], issues: [{ severity: 'error', file, path: '', message: 'expected a mapping of cluster name to {network, pods, services}' }] };
  const user: UserCidrs[] = [];
  const issues: Issue[] = [];
  for (const [cluster, v] of Object.entries(doc as Record<string, unknown>)) {
    const e = (v ?? {}) as Record<string, unknown>;
    const pick = (k: string) => (typeof e[k] === 'string' ? { [k]: e[k] as string } : {});
    for (const k of Object.keys(e))
      if (!['network', 'pods', 'services'].includes(k) || typeof e[k] !== 'string')
        issues.push({ severity: 'error', file, path: `${cluster}.${k}`, message: 'expected network, pods or services with a CIDR string' });
    user.push({ cluster, ...pick('network'), ...pick('pods'), ...pick('services'), object: file, path: cluster });
  }
  return { user, issues };
}

/** Reads the Plans (and existing Atlases) and renders the Atlases; issues instead when anything is wrong. */
function renderFromFlags(flags: AtlasFlags): { atlases?: readonly Atlas[]; issues: Issue[] } {
  const read = readInputs(flags.filename, readStdin);
  const checked = validateDocuments(read.documents);
  const errors = [...read.issues, ...checked.issues].filter((i) => i.severity === 'error');
  if (errors.length > 0) return { issues: errors };
  const plans = checked.objects.filter((o) => o.kind === 'Plan').map((o) => o.object as Plan);
  const existing = checked.objects.filter((o) => o.kind === 'Atlas').map((o) => o.object as Atlas);
  if (plans.length === 0)
    return {
      issues: [
        { severity: 'error', file: flags.filename.join(', '), path: '', message: 'no Plan found (make one with skycluster optimize -o yaml)' },
      ],
    };
  const provRead = validateDocuments(readInputs(flags.providers ?? [], readStdin).documents);
  const profiles = provRead.objects.filter((o) => o.kind === 'ProviderProfile').map((o) => o.object as ProviderProfile);
  const provIssues = provRead.issues.filter((i) => i.severity === 'error');
  if (provIssues.length > 0) return { issues: provIssues };
  const instanceTypes = provRead.objects.filter((o) => o.kind === 'InstanceType').map((o) => o.object as InstanceType);
  const cat = buildCatalog({ profiles, instanceTypes });
  if (!cat.catalog) return { issues: cat.issues };
  const user = flags.cidrs ? readUserCidrs(flags.cidrs) : { user: [], issues: [] };
  if (user.issues.length > 0) return { issues: user.issues };
  const r = renderAtlases(plans, {
    catalog: cat.catalog,
    previous: previousCidrs(existing),
    userCidrs: user.user,
    secrets: secretsFromProfiles(profiles),
    ...(flags.dedicatedPools ? { dedicatedPools: true } : {}),
  });
  for (const i of r.issues.filter((x) => x.severity !== 'error')) console.error(formatIssue(i));
  const bad = r.issues.filter((i) => i.severity === 'error');
  return bad.length > 0 ? { issues: bad } : { atlases: r.atlases, issues: [] };
}

function common(cmd: Command, formats: readonly string[], def: string): Command {
  return cmd
    .requiredOption('-f, --filename <path...>', 'Plan files (skycluster optimize -o yaml), or - ; existing Atlas objects there keep their CIDRs')
    .option('--providers <path...>', 'ProviderProfile / InstanceType files: registered sites and their Secret annotations')
    .option('--cidrs <file>', 'user-given ranges: YAML mapping of cluster name to {network, pods, services}')
    .option('--dedicated-pools', 'taint every pool with skycluster.io/component=<component>:NoSchedule')
    .addOption(new Option('-o, --output <format>', 'output format').choices([...formats]).default(def));
}

/** The `atlas` command with its `render` and `preview` subcommands. */
export function atlasCommand(): Command {
  const render = common(new Command('render').description('print the Atlas object of each Plan'), ['yaml', 'json'], 'yaml').action(
    (flags: AtlasFlags) => {
      const r = renderFromFlags(flags);
      if (!r.atlases) {
        process.exitCode = fail(r.issues);
        return;
      }
      if (flags.output === 'json') console.log(JSON.stringify(r.atlases.length === 1 ? r.atlases[0] : r.atlases, null, 2));
      else console.log(r.atlases.map((a) => stringify(a, { lineWidth: 0 })).join('---\n'));
    },
  );
  const preview = common(
    new Command('preview').description("list every resource each stack would create, built under Pulumi's mocks (no cloud account, no Pulumi CLI)"),
    ['table', 'json', 'yaml'],
    'table',
  ).action(async (flags: AtlasFlags) => {
    const r = renderFromFlags(flags);
    if (!r.atlases) {
      process.exitCode = fail(r.issues);
      return;
    }
    // Loaded here: the Pulumi SDK and the cloud packages take a second to import, which `--help` should not pay.
    const { previewAtlas } = await import('../../../providers/pulumi/mock-preview.js');
    const { renderAtlasPreviewTable } = await import('../render-atlas-preview.js');
    const all = [];
    for (const atlas of r.atlases) {
      const stacks = await previewAtlas(atlas);
      if (flags.output === 'table') console.log(renderAtlasPreviewTable(atlas, stacks, { color: process.stdout.isTTY === true }));
      all.push({ atlas: atlas.metadata.name, stacks });
    }
    if (flags.output === 'json') console.log(JSON.stringify(all.length === 1 ? all[0] : all, null, 2));
    if (flags.output === 'yaml') console.log(all.map((a) => stringify(a, { lineWidth: 0 })).join('---\n'));
  });
  return new Command('atlas')
    .description('infrastructure of approved Plans: render the Atlas, preview its Pulumi resources')
    .addCommand(render)
    .addCommand(preview);
}

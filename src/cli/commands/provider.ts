/**
 * `skycluster provider register | list | show | remove | enable | disable | refresh`: registers cloud regions
 * (from the bundled catalog) and on-prem or edge sites as ProviderProfile + InstanceType objects, in a directory
 * (`--local DIR`, read by `optimize --providers DIR`) or on a cluster (server-side apply; `--kubeconfig`,
 * `--context`, KUBECONFIG). Each action is one library call in providers/registration; this file parses flags,
 * picks the store and prints.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Command, Option } from 'commander';
import { stringify } from 'yaml';
import { formatIssue, type Issue } from '../../validate/issue.js';
import { loadBundledCatalog } from '../../../providers/catalog/load-catalog.js';
import {
  DEFAULT_NAMESPACE,
  buildRegistration,
  findEntry,
  listEntries,
  openProviderStore,
  readPriceFile,
  refreshEntries,
  registerEntries,
  removeEntry,
  renderProviderDetail,
  renderProviderList,
  renderRefreshReport,
  setEntryEnabled,
  toYaml,
  type ProviderEntry,
  type ProviderStore,
  type ReadText,
  type RegisterFlags,
} from '../../../providers/registration/index.js';

interface TargetFlags {
  local?: string;
  kubeconfig?: string;
  context?: string;
  namespace: string;
  output: 'table' | 'json' | 'yaml';
  dryRun?: boolean;
}

const readText: ReadText = (path) => {
  try {
    return { ok: true, text: readFileSync(path, 'utf8') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, message: `cannot read: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}` };
  }
};

/** The store the flags name (providers/registration/open-store.ts); undefined with the issue when there is none. */
function openStore(flags: TargetFlags, optional: boolean): { store?: ProviderStore; issue?: Issue } {
  const r = openProviderStore(flags, process.env, optional);
  return r.ok ? { store: r.store } : { issue: r.issue };
}

function fail(issues: readonly Issue[]): number {
  for (const i of issues) console.error(formatIssue(i));
  return 1;
}

function notes(issues: readonly Issue[]): void {
  for (const i of issues) console.error(formatIssue(i));
}

function printObjects(entries: readonly ProviderEntry[], output: 'json' | 'yaml'): void {
  const objects = entries.flatMap((e) => (e.instanceType ? [e.profile, e.instanceType] : [e.profile]));
  if (output === 'json') console.log(JSON.stringify(objects.length === 1 ? objects[0] : { apiVersion: 'v1', kind: 'List', items: objects }, null, 2));
  else console.log(toYaml(objects).trimEnd());
}

/** Adds the target and output options every subcommand takes. */
function withTarget(cmd: Command): Command {
  return cmd
    .option('--local <dir>', 'read and write YAML files in DIR (what optimize --providers DIR reads) instead of a cluster')
    .option('--kubeconfig <file>', 'kubeconfig of the cluster (default: KUBECONFIG, then ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context to use')
    .option('-n, --namespace <ns>', 'namespace of the objects on the cluster', DEFAULT_NAMESPACE)
    .addOption(new Option('-o, --output <format>', 'output format').choices(['table', 'json', 'yaml']).default('table'));
}

function run(action: () => Promise<number>): () => Promise<void> {
  return async () => {
    process.exitCode = await action();
  };
}

function registerCommand(): Command {
  return withTarget(new Command('register'))
    .description('register a cloud region (aws|gcp|azure) from the bundled catalog, or an on-prem / edge site (onprem)')
    .argument('<provider>', 'aws, gcp, azure or onprem')
    .option('--region <region>', 'cloud region, or the on-prem site name (e.g. toronto)')
    .option('--zones <a,b>', 'zones to register (cloud; default every zone, the first is the default zone)')
    .option('--name <name>', 'object name (default CLOUD-REGION; required for onprem)')
    .option('--spot', 'include spot prices (cloud)')
    .option('--quota-vcpu <n>', 'vCPU quota shared by every component in the region')
    .option('--quota-gpu <n>', 'GPU quota shared by every component in the region')
    .option('--cluster-fee <usd>', "USD per hour per cluster (default: the cloud's managed-Kubernetes fee; 0 for onprem)")
    .option('--all-regions', 'register every region of the cloud')
    .option('--offerings <file>', 'onprem: YAML or CSV flavors with prices, or a SkyCluster InstanceType')
    .option('--platform <platform>', 'onprem: baremetal or openstack (default baremetal)')
    .option('--zone-type <type>', 'onprem: edge or nte (default edge)')
    .option('--lat <deg>', 'onprem: latitude of the site')
    .option('--lon <deg>', 'onprem: longitude of the site')
    .option('--near <cloud/region>', 'onprem: take the location (and country) of this cloud region')
    .option('--country <CC>', 'onprem: ISO 3166-1 alpha-2 country code of the site')
    .option('--egress <estimate|free|usd>', "onprem: USD per GB out of the site (default estimate: the nearest cloud region's internet tiers)")
    .option('--kubeconfig-secret <ns/name>', "onprem: Secret holding the kubeconfig of the site's existing cluster")
    .option('--dry-run', 'print the objects (-o yaml|json) without writing them')
    .action(async (provider: string, flags: RegisterFlags & TargetFlags) => {
      process.exitCode = await (async () => {
        const target = openStore(flags, flags.dryRun === true);
        if (!target.store) return fail([target.issue as Issue]);
        const built = buildRegistration(loadBundledCatalog(), provider, flags, readText);
        if (!built.ok) return fail(built.issues);
        const r = await registerEntries(target.store, built.value, flags.dryRun === true);
        if (!r.ok) return fail(r.issues);
        // Notes only when the register went through: next to an error they would hide it.
        notes([...built.notes, ...r.notes]);
        if (flags.output !== 'table') printObjects(r.value, flags.output);
        else if (flags.dryRun) printObjects(r.value, 'yaml');
        else console.log(`registered ${r.value.map((e) => e.profile.metadata.name).join(', ')} in ${target.store.target}`);
        return 0;
      })();
    });
}

function listCommand(): Command {
  return withTarget(new Command('list'))
    .description('list the registered providers')
    .action(async (flags: TargetFlags) => {
      await run(async () => {
        const target = openStore(flags, false);
        if (!target.store) return fail([target.issue as Issue]);
        const r = await listEntries(target.store);
        if (!r.ok) return fail(r.issues);
        notes(r.notes);
        // Nothing read and an error said why: "no providers registered" would be wrong.
        if (r.value.length === 0 && r.notes.some((n) => n.severity === 'error')) return 1;
        if (flags.output === 'table') console.log(renderProviderList(r.value));
        else printObjects(r.value, flags.output);
        return r.notes.some((n) => n.severity === 'error') ? 1 : 0;
      })();
    });
}

function showCommand(): Command {
  return withTarget(new Command('show'))
    .description('show one registered provider')
    .argument('<name>')
    .action(async (name: string, flags: TargetFlags) => {
      await run(async () => {
        const target = openStore(flags, false);
        if (!target.store) return fail([target.issue as Issue]);
        const r = await findEntry(target.store, name);
        if (!r.ok) return fail(r.issues);
        if (flags.output === 'table') console.log(renderProviderDetail(r.value, r.value.where, loadBundledCatalog()));
        else printObjects([r.value], flags.output);
        return 0;
      })();
    });
}

function removeCommand(): Command {
  return withTarget(new Command('remove'))
    .description('remove a registered provider (its ProviderProfile and InstanceType)')
    .argument('<name>')
    .action(async (name: string, flags: TargetFlags) => {
      await run(async () => {
        const target = openStore(flags, false);
        if (!target.store) return fail([target.issue as Issue]);
        const r = await removeEntry(target.store, name);
        if (!r.ok) return fail(r.issues);
        console.log(`removed ${name} from ${target.store.target}`);
        return 0;
      })();
    });
}

function enableCommand(enabled: boolean): Command {
  const verb = enabled ? 'enable' : 'disable';
  return withTarget(new Command(verb))
    .description(`${verb} a registered provider, or one zone of it (a disabled provider or zone drops out of every later solve)`)
    .argument('<name>')
    .option('--zone <zone>', `${verb} only this zone`)
    .action(async (name: string, flags: TargetFlags & { zone?: string }) => {
      await run(async () => {
        const target = openStore(flags, false);
        if (!target.store) return fail([target.issue as Issue]);
        const r = await setEntryEnabled(target.store, name, enabled, flags.zone);
        if (!r.ok) return fail(r.issues);
        if (flags.output === 'table') console.log(`${verb}d ${name}${flags.zone ? ` zone ${flags.zone}` : ''} in ${target.store.target}`);
        else printObjects([r.value], flags.output);
        return 0;
      })();
    });
}

function refreshCommand(): Command {
  return withTarget(new Command('refresh'))
    .description("read a newer price file (the bundled catalog's CSV columns), print what changed per region and update the registered cloud regions")
    .requiredOption(
      '--catalog <file>',
      'CSV price file: cloud,region,instance_type,vcpus,memory_gib,gpu_model,gpu_count,ondemand_usd_hr,spot_usd_hr,source',
    )
    .option('--dry-run', 'print what would change without writing')
    .action(async (flags: TargetFlags & { catalog: string }) => {
      await run(async () => {
        const target = openStore(flags, false);
        if (!target.store) return fail([target.issue as Issue]);
        const text = readText(flags.catalog);
        if (!text.ok) return fail([{ severity: 'error', file: flags.catalog, path: '--catalog', message: text.message }]);
        const prices = readPriceFile(text.text, flags.catalog);
        if (!prices.ok) return fail(prices.issues);
        const r = await refreshEntries(target.store, prices.value, basename(flags.catalog), flags.dryRun === true);
        if (!r.ok) return fail(r.issues);
        if (flags.output === 'table') console.log(renderRefreshReport(r.value, flags.dryRun === true));
        else if (flags.output === 'json') console.log(JSON.stringify(r.value.changes, null, 2));
        else console.log(stringify(r.value.changes).trimEnd());
        return 0;
      })();
    });
}

/** The `provider` command and its subcommands. */
export function providerCommand(): Command {
  return new Command('provider')
    .description('register, list, show, enable, disable, remove and refresh providers (ProviderProfile + InstanceType)')
    .addCommand(registerCommand())
    .addCommand(listCommand())
    .addCommand(showCommand())
    .addCommand(removeCommand())
    .addCommand(enableCommand(true))
    .addCommand(enableCommand(false))
    .addCommand(refreshCommand());
}

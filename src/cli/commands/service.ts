/**
 * `skycluster service create | get | delete`: SkyShift-format Services (what SkyShift's `skyctl create/get/delete
 * service` do), kept in a directory (`--local DIR`, read by `harbor render -f DIR`) or on the management cluster
 * (labelled ConfigMaps the Harbor controller reads; `--kubeconfig`, `--context`, KUBECONFIG). Validation is the
 * YAML path's (SkyShift's rules and Harbor's warnings). This file parses flags, picks the store and prints.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { parseAllDocuments } from 'yaml';
import { serviceDocument } from '../../../controllers/harbor/service-flags.js';
import type { KubeServiceStore } from '../../../controllers/harbor/kube-service-store.js';
import { LocalServiceStore, type ServiceStore } from '../../../controllers/harbor/service-store.js';
import { renderServiceTable, serviceRow, serviceYaml } from '../../../controllers/harbor/service-table.js';
import { readSkyShiftService } from '../../harbor/skyshift-service.js';
import { formatIssue, hasErrors, type Issue } from '../../validate/issue.js';

interface TargetFlags {
  local?: string;
  kubeconfig?: string;
  context?: string;
  namespace: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function print(issues: readonly Issue[]): void {
  for (const i of issues) console.error(formatIssue(i));
}

function fail(issues: readonly Issue[]): number {
  print(issues);
  return 1;
}

/** The store the flags name, or the issue (the Kubernetes client is loaded only for a cluster). */
async function openStore(flags: TargetFlags): Promise<{ store?: ServiceStore; kube?: KubeServiceStore; issue?: Issue }> {
  const issue = (path: string, message: string): { issue: Issue } => ({ issue: { severity: 'error', path, message } });
  if (!DNS_LABEL.test(flags.namespace) || flags.namespace.length > 63)
    return issue('--namespace', `${JSON.stringify(flags.namespace)} is not a namespace name (lower-case letters, digits and "-", at most 63)`);
  if (flags.local !== undefined) {
    if (flags.kubeconfig !== undefined || flags.context !== undefined)
      return issue('--local', 'give either --local DIR or a cluster (--kubeconfig/--context), not both');
    return { store: new LocalServiceStore(flags.local) };
  }
  if (flags.kubeconfig !== undefined && !existsSync(flags.kubeconfig)) return issue('--kubeconfig', `no such file: ${flags.kubeconfig}`);
  const any =
    flags.kubeconfig !== undefined ||
    !!process.env['KUBECONFIG'] ||
    existsSync(join(homedir(), '.kube', 'config')) ||
    !!process.env['KUBERNETES_SERVICE_HOST'];
  if (!any) return issue('--local', 'no target: give --local DIR, or a cluster with --kubeconfig FILE or KUBECONFIG');
  const [{ kubeClientFor }, { KubeServiceStore }] = await Promise.all([
    import('../../../controllers/runtime/kube-config.js'),
    import('../../../controllers/harbor/kube-service-store.js'),
  ]);
  const r = kubeClientFor({ kubeconfig: flags.kubeconfig, context: flags.context });
  if (!r.ok) return issue(`--${r.issue.path}`, r.issue.message);
  const kube = new KubeServiceStore(r.client);
  return { store: kube, kube };
}

/** Adds the target options every subcommand takes. */
function withTarget(cmd: Command): Command {
  return cmd
    .option('--local <dir>', 'keep the services as SkyShift YAML files in DIR (what harbor render -f DIR reads) instead of a cluster')
    .option('--kubeconfig <file>', 'kubeconfig of the management cluster (default: KUBECONFIG, then ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context to use')
    .option('-n, --namespace <ns>', "the service's namespace", 'default');
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function createCommand(): Command {
  return withTarget(new Command('create'))
    .description('create (or replace) a SkyShift Service, from flags as skyctl create service takes them, or from SkyShift YAML (-f)')
    .argument('[name]', 'service name (not with -f)')
    .option('-t, --type <type>', 'ClusterIP, LoadBalancer, NodePort or ExternalName', 'ClusterIP')
    .option('-s, --selector <key=value>', 'pod label the service selects (repeatable)', collect)
    .option('-p, --port <port:target>', 'PORT:TARGET[:NODE_PORT][/TCP|UDP] (repeatable; TCP by default)', collect)
    .option('-c, --cluster <name>', 'primary cluster (gets the declared type); auto: where most clients run', 'auto')
    .option('--cluster-ip <ip>', 'cluster IP on the primary cluster')
    .option('-f, --file <file>', 'SkyShift Service YAML (one or more documents), read unchanged')
    .option('--strict', 'treat warnings as errors')
    .action(async (name: string | undefined, flags: TargetFlags & Record<string, unknown>) => {
      process.exitCode = await (async () => {
        const docs: { document: Record<string, unknown>; issues: Issue[] }[] = [];
        if (flags['file'] !== undefined) {
          if (name !== undefined) return fail([{ severity: 'error', path: '--file', message: 'give a NAME with flags, or -f FILE, not both' }]);
          const file = String(flags['file']);
          let text: string;
          try {
            text = readFileSync(file, 'utf8');
          } catch (err) {
            return fail([
              {
                severity: 'error',
                file,
                path: '',
                message: `cannot read: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
              },
            ]);
          }
          const parsed = parseAllDocuments(text);
          for (const [i, d] of parsed.entries()) {
            if (d.errors.length > 0)
              return fail([
                { severity: 'error', file, document: i + 1, path: '', message: `not YAML: ${d.errors[0]?.message.split('\n')[0] ?? ''}` },
              ]);
            const value = d.toJS() as unknown;
            const r = readSkyShiftService(value, { strict: flags['strict'] === true });
            const issues = r.issues.map((x) => ({ ...x, file, document: i + 1 }));
            if (!r.service || hasErrors(issues)) return fail(issues);
            docs.push({ document: value as Record<string, unknown>, issues });
          }
          if (docs.length === 0) return fail([{ severity: 'error', file, path: '', message: 'no document in the file' }]);
        } else {
          if (name === undefined) return fail([{ severity: 'error', path: 'name', message: 'give the service NAME (or -f FILE)' }]);
          const r = serviceDocument({
            name,
            namespace: flags.namespace,
            type: String(flags['type']),
            selector: (flags['selector'] as string[] | undefined) ?? [],
            port: (flags['port'] as string[] | undefined) ?? [],
            cluster: String(flags['cluster']),
            ...(flags['clusterIp'] !== undefined ? { clusterIp: String(flags['clusterIp']) } : {}),
            strict: flags['strict'] === true,
          });
          if (r.document === undefined) return fail(r.issues);
          docs.push({ document: r.document, issues: r.issues });
        }
        const target = await openStore(flags);
        if (!target.store) return fail([target.issue as Issue]);
        for (const d of docs) {
          const meta = (d.document['metadata'] ?? {}) as { name: string; namespace?: string };
          const namespace = meta.namespace ?? 'default';
          const put = await target.store.put(d.document, namespace, meta.name);
          if (!put.ok) return fail(put.issues);
          print(d.issues);
          console.log(`service ${namespace}/${meta.name} ${put.value ? 'created' : 'replaced'} in ${target.store.target}`);
        }
        return 0;
      })();
    });
}

function getCommand(): Command {
  return withTarget(new Command('get'))
    .description('list SkyShift Services (one by NAME), as a table or YAML; --watch follows changes on a cluster')
    .argument('[name]', 'service name')
    .option('-A, --all-namespaces', 'every namespace')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['table', 'yaml']).default('table'))
    .option('-w, --watch', 'after the list, print a row for every change until interrupted (cluster only)')
    .action(async (name: string | undefined, flags: TargetFlags & { allNamespaces?: boolean; output: 'table' | 'yaml'; watch?: boolean }) => {
      process.exitCode = await (async () => {
        const target = await openStore(flags);
        if (!target.store) return fail([target.issue as Issue]);
        const store = target.store;
        if (flags.watch && target.kube === undefined)
          return fail([{ severity: 'error', path: '--watch', message: '--watch follows a cluster; a --local directory has nothing to watch' }]);
        const namespace = flags.allNamespaces ? undefined : flags.namespace;
        const r = await store.list(namespace);
        if (!r.ok) return fail(r.issues);
        print(r.issues);
        const found = r.value.filter((s) => name === undefined || s.service.metadata.name === name);
        if (name !== undefined && found.length === 0 && !flags.watch)
          return fail([
            {
              severity: 'error',
              path: 'name',
              message: `service ${JSON.stringify(name)} not found in ${namespace === undefined ? 'any namespace' : `namespace ${JSON.stringify(namespace)}`} (${store.target})`,
            },
          ]);
        if (flags.output === 'yaml')
          console.log(
            found
              .map((s) => serviceYaml(s.service))
              .join('---\n')
              .trimEnd(),
          );
        else if (found.length > 0 || flags.watch) console.log(renderServiceTable(found.map((s) => s.service)));
        else
          console.error(`no services in ${namespace === undefined ? 'any namespace' : `namespace ${JSON.stringify(namespace)}`} (${store.target})`);
        if (!flags.watch || target.kube === undefined) return 0;
        return watch(target.kube, namespace, name);
      })();
    });
}

/** Prints a row per change of the services until SIGINT/SIGTERM (the listed state was printed before). */
async function watch(store: KubeServiceStore, namespace: string | undefined, name: string | undefined): Promise<number> {
  const { servicesOf } = await import('../../../controllers/harbor/kube-service-store.js');
  const informer = store.informer(namespace);
  let seeded = false;
  informer.onObject((e) => {
    if (!seeded) return;
    const r = servicesOf([e.object]);
    print(r.issues);
    for (const s of r.value) {
      if (name !== undefined && s.service.metadata.name !== name) continue;
      console.log(`${serviceRow(s.service).join('  ')}${e.type === 'deleted' ? '  (deleted)' : ''}`);
    }
  });
  informer.start();
  await informer.waitForSync();
  seeded = true;
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  informer.stop();
  return 0;
}

function deleteCommand(): Command {
  return withTarget(new Command('delete'))
    .description('delete a SkyShift Service')
    .argument('<name>', 'service name')
    .action(async (name: string, flags: TargetFlags) => {
      process.exitCode = await (async () => {
        const target = await openStore(flags);
        if (!target.store) return fail([target.issue as Issue]);
        const r = await target.store.remove(flags.namespace, name);
        if (!r.ok) return fail(r.issues);
        if (!r.value)
          return fail([
            {
              severity: 'error',
              path: 'name',
              message: `service ${JSON.stringify(name)} not found in namespace ${JSON.stringify(flags.namespace)} (${target.store.target})`,
            },
          ]);
        console.log(`service ${flags.namespace}/${name} deleted from ${target.store.target}`);
        return 0;
      })();
    });
}

/** The `service` command. */
export function serviceCommand(): Command {
  return new Command('service')
    .description('create, get and delete SkyShift-format Services (skyctl create/get/delete service)')
    .addCommand(createCommand())
    .addCommand(getCommand())
    .addCommand(deleteCommand());
}

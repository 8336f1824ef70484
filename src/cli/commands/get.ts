/**
 * `skycluster get policies|plans|atlases|harbors [NAME] [-n NS | -A] [-l SELECTOR] [-o table|json|yaml]`:
 * lists skycluster's objects in the cluster, kubectl style (tables in src/cli/kube/get-tables.ts).
 * Exit codes: 0 listed (also when there is nothing to list); 1 an unknown resource, a connection problem,
 * a refused request or a named object not found.
 */
import { Command, Option } from 'commander';
import { stringify } from 'yaml';
import type { KubeObject } from '../../../controllers/runtime/kube-object.js';
import type { ResourceRef } from '../../../controllers/runtime/resource.js';
import { ATLAS_REF, DATAFLOW_POLICY_REF, DEPLOYMENT_POLICY_REF, HARBOR_REF, PLAN_REF } from '../../../controllers/skycluster-refs.js';
import { renderGetTable, type GetResource } from '../kube/get-tables.js';
import { connect, withKubeFlags, type KubeFlags } from '../kube/kube-connect.js';
import { explainFailure } from '../kube/kube-errors.js';

interface GetFlags extends KubeFlags {
  allNamespaces?: boolean;
  selector?: string;
  output: 'table' | 'json' | 'yaml';
}

/** The resources and the names they answer to (singular, plural, kind). */
const RESOURCES: readonly { resource: GetResource; names: readonly string[]; refs: readonly ResourceRef[] }[] = [
  { resource: 'policies', names: ['policies', 'policy'], refs: [DEPLOYMENT_POLICY_REF, DATAFLOW_POLICY_REF] },
  { resource: 'plans', names: ['plans', 'plan'], refs: [PLAN_REF] },
  { resource: 'atlases', names: ['atlases', 'atlas'], refs: [ATLAS_REF] },
  { resource: 'harbors', names: ['harbors', 'harbor'], refs: [HARBOR_REF] },
];

/** The object without managedFields (noise in an answer meant for people). */
function shown(o: KubeObject): KubeObject {
  if (!o.metadata?.managedFields) return o;
  const { managedFields: _m, ...metadata } = o.metadata;
  return { ...o, metadata };
}

async function runGet(what: string, name: string | undefined, flags: GetFlags): Promise<number> {
  const fail = (message: string): number => {
    console.error(`skycluster get: ${message}`);
    return 1;
  };
  const entry = RESOURCES.find((r) => r.names.includes(what.toLowerCase()));
  if (!entry) return fail(`unknown resource "${what}" (one of ${RESOURCES.map((r) => r.resource).join(', ')})`);
  if (name !== undefined && flags.allNamespaces) return fail('a NAME cannot be used with --all-namespaces');
  const conn = connect(flags);
  if (!conn.ok) return fail(conn.message);
  const { client, namespace } = conn.kube;
  const ns = flags.allNamespaces ? undefined : namespace;
  const objects: KubeObject[] = [];
  for (const ref of entry.refs) {
    if (name !== undefined) {
      const got = await client.get<KubeObject>(ref, ns, name);
      if (got.ok) objects.push(got.body);
      else if (got.status !== 404 || entry.refs.length === 1) return fail(await explainFailure(client, got, { ref, namespace, name }));
      continue;
    }
    let cont: string | undefined;
    do {
      const page = await client.list<KubeObject>(ref, ns, {
        limit: 500,
        ...(flags.selector ? { labelSelector: flags.selector } : {}),
        ...(cont ? { continue: cont } : {}),
      });
      if (!page.ok) return fail(await explainFailure(client, page, { ref, ...(ns ? { namespace: ns } : {}) }));
      for (const o of page.body.items) objects.push({ apiVersion: `${ref.group}/${ref.version}`, kind: ref.kind, ...o });
      cont = page.body.metadata?.continue || undefined;
    } while (cont);
  }
  if (name !== undefined && objects.length === 0) return fail(`no DeploymentPolicy or DataflowPolicy "${name}" in namespace "${namespace}"`);
  const out = objects.map(shown);
  if (flags.output === 'json' || flags.output === 'yaml') {
    const doc = name !== undefined && out.length === 1 ? out[0] : { apiVersion: 'v1', kind: 'List', items: out };
    console.log(flags.output === 'json' ? JSON.stringify(doc, null, 2) : stringify(doc, { lineWidth: 0 }).trimEnd());
    return 0;
  }
  if (out.length === 0) {
    console.error(flags.allNamespaces ? 'No resources found' : `No resources found in ${namespace} namespace.`);
    return 0;
  }
  console.log(renderGetTable(entry.resource, out, Date.now(), flags.allNamespaces === true));
  return 0;
}

/** The `get` command. */
export function getCommand(): Command {
  return withKubeFlags(
    new Command('get')
      .description('list policies, plans, atlases or harbors in the cluster')
      .argument('<resource>', 'policies, plans, atlases or harbors')
      .argument('[name]', 'one object by name')
      .option('-A, --all-namespaces', 'list across all namespaces')
      .option('-l, --selector <selector>', 'label selector, e.g. skycluster.io/app-id=shop')
      .addOption(new Option('-o, --output <format>', 'output format').choices(['table', 'json', 'yaml']).default('table')),
  ).action(async (what: string, name: string | undefined, flags: GetFlags) => {
    process.exitCode = await runGet(what, name, flags);
  });
}

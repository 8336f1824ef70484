/**
 * `skycluster apply -f FILE|DIR|- [--kubeconfig F] [--context C] [-n NS] [--force-conflicts]`: validates every
 * object locally first (any error: exit 1, each naming file, object and field, nothing applied), then applies
 * the policies, provider profiles and instance types by server-side apply (src/cli/kube/apply-objects.ts).
 * Exit codes: 0 all applied; 1 invalid input, a connection problem or an object the server refused.
 */
import { Command } from 'commander';
import { formatIssue, hasErrors } from '../../validate/issue.js';
import { validateDocuments } from '../../validate/validate-documents.js';
import { readInputs, readStdin } from '../read-inputs.js';
import { applyAll, applyIntents, intentName } from '../kube/apply-objects.js';
import { connect, withKubeFlags, type KubeFlags } from '../kube/kube-connect.js';

interface ApplyFlags extends KubeFlags {
  filename: string[];
  forceConflicts?: boolean;
}

async function runApply(flags: ApplyFlags): Promise<number> {
  const read = readInputs(flags.filename, readStdin);
  const checked = validateDocuments(read.documents);
  const issues = [...read.issues, ...checked.issues].filter((i) => i.severity !== 'note');
  for (const i of issues) console.error(formatIssue(i));
  if (hasErrors(issues)) {
    console.error(`skycluster apply: ${issues.filter((i) => i.severity === 'error').length} error(s); nothing applied`);
    return 1;
  }
  const conn = connect(flags);
  if (!conn.ok) {
    console.error(`skycluster apply: ${conn.message}`);
    return 1;
  }
  const { kube } = conn;
  const planned = applyIntents(checked.objects, { namespace: kube.namespace, fromFlag: kube.namespaceFromFlag });
  for (const i of planned.issues) console.error(formatIssue(i));
  if (planned.issues.length > 0) {
    console.error(`skycluster apply: ${planned.issues.length} error(s); nothing applied`);
    return 1;
  }
  if (planned.intents.length === 0) {
    console.error(`skycluster apply: no object in ${flags.filename.join(', ')}`);
    return 1;
  }
  const outcomes = await applyAll(kube.client, planned.intents, { force: flags.forceConflicts === true });
  let failed = 0;
  for (const o of outcomes) {
    if (o.ok) console.log(`${intentName(o.intent)} ${o.operation}`);
    else {
      failed++;
      console.error(formatIssue(o.issue));
    }
  }
  if (failed > 0) console.error(`skycluster apply: ${failed} of ${outcomes.length} object(s) not applied`);
  return failed > 0 ? 1 : 0;
}

/** The `apply` command. */
export function applyCommand(): Command {
  return withKubeFlags(
    new Command('apply')
      .description('validate, then server-side apply policies, provider profiles and instance types to the cluster')
      .requiredOption('-f, --filename <path...>', 'file, directory or - for standard input (repeatable)')
      .option('--force-conflicts', 'take over fields another field manager owns (server-side apply force)'),
  ).action(async (flags: ApplyFlags) => {
    process.exitCode = await runApply(flags);
  });
}

/** `skycluster validate -f FILE|DIR|-`: schema and semantic validation of every object; exit code 0 or 1. */
import { Command } from 'commander';
import { formatIssue, hasErrors } from '../../validate/issue.js';
import { validateDocuments } from '../../validate/validate-documents.js';
import { readInputs, readStdin } from '../read-inputs.js';
import { bundledPath } from '../bundled-paths.js';
import { configureShortRun } from '../short-run.js';

export function validateCommand(): Command {
  return new Command('validate')
    .description('validate policies, provider profiles and instance types against the schemas')
    .option('-f, --filename <path...>', 'file, directory or - for standard input (repeatable)')
    .option('-q, --quiet', 'print only errors and warnings, not notes')
    .option('--strict', 'treat warnings (admitted, but breaks later, e.g. a Skyhook dependency cycle) as errors')
    .action((opts: { filename?: string[]; quiet?: boolean; strict?: boolean }) => {
      configureShortRun();
      const paths = opts.filename ?? [bundledPath('policies')];
      const read = readInputs(paths, readStdin);
      const checked = validateDocuments(read.documents, { strict: opts.strict === true });
      const issues = [...read.issues, ...checked.issues].filter((i) => !opts.quiet || i.severity !== 'note');
      for (const issue of issues) console.log(formatIssue(issue));
      const errors = issues.filter((i) => i.severity === 'error').length;
      const warnings = issues.filter((i) => i.severity === 'warning').length;
      console.log(
        `${checked.objects.length} object(s) read from ${paths.join(', ')}; ${errors} error(s)${warnings > 0 ? `, ${warnings} warning(s)` : ''}`,
      );
      process.exitCode = hasErrors(issues) ? 1 : 0;
    });
}

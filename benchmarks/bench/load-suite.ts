/**
 * Reads one benchmark suite file (benchmarks/suites/<name>.yaml): its DeploymentPolicy and DataflowPolicy, and
 * the ProviderProfile/InstanceType objects it registers on top of the bundled catalog. I/O (reads the file);
 * used by `skycluster bench` and by the tests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { DataflowPolicy, DeploymentPolicy } from '../../src/api/policy.js';
import { registrationFromObjects } from '../../src/catalog/from-profiles.js';
import type { Catalog } from '../../src/catalog/types.js';
import { sortInputs } from '../../src/cli/inputs.js';
import { parseDocuments } from '../../src/validate/documents.js';
import { formatIssue } from '../../src/validate/issue.js';
import { validateDocuments } from '../../src/validate/validate-documents.js';
import { extendCatalog } from '../../providers/catalog/load-catalog.js';

export interface LoadedSuite {
  readonly name: string;
  readonly file: string;
  /** The header comment of the file (assumptions), without the leading `# `. */
  readonly description: string;
  readonly deploymentPolicy: DeploymentPolicy;
  readonly dataflowPolicy?: DataflowPolicy;
  readonly catalog: Catalog;
  /** Sites the suite registers (platform/region). */
  readonly registeredSites: readonly string[];
}

/** Suite names found in a directory (files *.yaml), sorted. */
export function listSuites(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => basename(f, '.yaml'))
    .sort();
}

/** The leading comment block of a YAML text. */
export function headerComment(text: string): string {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('#')) break;
    lines.push(line.replace(/^# ?/, ''));
  }
  return lines.join('\n').trim();
}

/** Loads a suite; throws an Error naming every problem when the file is invalid. */
export function loadSuite(file: string, base: Catalog): LoadedSuite {
  const text = readFileSync(file, 'utf8');
  const parsed = parseDocuments(text, file);
  const checked = validateDocuments(parsed.documents);
  const sorted = sortInputs(checked.objects);
  const errors = [...parsed.issues, ...checked.issues].filter((i) => i.severity === 'error');
  if (errors.length > 0) throw new Error(`${file}: invalid suite:\n${errors.map(formatIssue).join('\n')}`);
  const app = sorted.applications[0];
  if (!app || sorted.applications.length !== 1)
    throw new Error(`${file}: a suite holds exactly one DeploymentPolicy (found ${sorted.applications.length})`);
  let catalog = base;
  const reg = registrationFromObjects(sorted.profiles, sorted.instanceTypes, (p, r) => base.site(p, r));
  if (reg.issues.some((i) => i.severity === 'error'))
    throw new Error(`${file}: cannot register providers:\n${reg.issues.map(formatIssue).join('\n')}`);
  if (reg.sites.length > 0 || reg.offerings.length > 0) catalog = extendCatalog(base, reg.sites, reg.offerings, reg.egressTiers, reg.latencies);
  return {
    name: basename(file).replace(/\.ya?ml$/, ''),
    file,
    description: headerComment(text),
    deploymentPolicy: app.deploymentPolicy,
    ...(app.dataflowPolicy ? { dataflowPolicy: app.dataflowPolicy } : {}),
    catalog,
    registeredSites: reg.sites.map((s) => s.key),
  };
}

/** Path of a suite file in a directory. */
export const suitePath = (dir: string, name: string): string => join(dir, `${name}.yaml`);

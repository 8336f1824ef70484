/**
 * Validation of Skyhook packages and settings beyond the CRD schema (src/api/skyhook.ts), in two tiers:
 *
 * - errors: every rule of the Skyhook operator's admission webhook, with its meaning (which versions its
 *   semver check admits, how configInterrupts globs match configMap keys, that a zero resource counts as
 *   unset, that a dependency must name an existing package at exactly that version);
 * - warnings (errors with `strict`): what the operator admits and then fails on at run time: dependency
 *   cycles, an image tag or registry port its decoder cuts off at the first `:`, a malformed containerSHA,
 *   invalid podNonInterruptLabels selectors, configMap keys no ConfigMap can hold, no nodeSelectors at all.
 *
 * Pure; the same checks run on user-written `kind: Skyhook` objects and on DeploymentPolicy hostPackages.
 * @see NVIDIA/skyhook operator/api/v1alpha1/skyhook_webhook.go (Validate, validateResourceOverrides)
 */
import type { LabelSelector, SkyhookPackage, SkyhookSpec } from '../api/skyhook.js';
import { formatPath, type Issue, type Severity } from '../validate/issue.js';
import { labelSelectorProblems } from '../harbor/k8s-labels.js';
import { findCycles } from './dependency-cycles.js';
import { goGlobMatch } from './go-glob.js';
import { compareQuantity, formatQuantity, parseQuantity, signOf, type Quantity } from './quantity.js';
import { isSkyhookVersion } from './semver.js';

/** Options of {@link checkSkyhookSpec}. */
export interface SkyhookCheckOptions {
  /** Report what the operator admits but fails on later as errors instead of warnings. @default false */
  readonly strict?: boolean;
}

/** The issue fields this module fills; the caller adds file, document and object. */
export type SkyhookIssue = Pick<Issue, 'severity' | 'path' | 'message'>;

/** The parts of a Skyhook spec the checks read (a Skyhook's spec, or a component's hostPackages). */
export type SkyhookSpecLike = Pick<SkyhookSpec, 'interruptionBudget' | 'podNonInterruptLabels' | 'packages'> & {
  readonly nodeSelectors?: LabelSelector;
};

const PACKAGE_NAME = /^[a-z][-a-z0-9]{0,41}[a-z]$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const SHA256 = /^sha256:[0-9a-f]{64}$/;
const RESOURCE_FIELDS = ['cpuRequest', 'cpuLimit', 'memoryRequest', 'memoryLimit'] as const;

const byKey = <T>(record: Readonly<Record<string, T>> | undefined): [string, T][] =>
  Object.entries(record ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

const listKeys = (record: Readonly<Record<string, unknown>> | undefined): string => {
  const keys = Object.keys(record ?? {}).sort();
  return keys.length === 0 ? 'it has no configMap' : `keys: ${keys.join(', ')}`;
};

/** The webhook's name check: Go's `(?m)^…$` matches when any one line of the key has the right shape. */
function operatorAcceptsName(key: string): boolean {
  return key.split('\n').some((line) => PACKAGE_NAME.test(line));
}

/**
 * Checks one Skyhook spec (or hostPackages block) and returns every problem, errors first by path.
 * @param spec the parsed spec
 * @param prefix path of the spec in its object, e.g. ['spec'] or ['spec', 'deploymentPolicies', 2, 'hostPackages']
 * @param options strictness
 * @param checkNodeSelectors false for hostPackages, whose selector is rendered from the plan. @default true
 */
export function checkSkyhookSpec(
  spec: SkyhookSpecLike,
  prefix: readonly PropertyKey[],
  options: SkyhookCheckOptions = {},
  checkNodeSelectors = true,
): SkyhookIssue[] {
  const out: SkyhookIssue[] = [];
  const warn: Severity = options.strict ? 'error' : 'warning';
  const at = (...path: PropertyKey[]): string => formatPath([...prefix, ...path]);
  const error = (message: string, ...path: PropertyKey[]): void => void out.push({ severity: 'error', path: at(...path), message });
  const warning = (message: string, ...path: PropertyKey[]): void => void out.push({ severity: warn, path: at(...path), message });

  const budget = spec.interruptionBudget;
  if (budget && budget.percent != null && budget.count != null) {
    error('percent and count cannot both be set; give one of them', 'interruptionBudget');
  }
  if (checkNodeSelectors) {
    if (
      spec.nodeSelectors === undefined ||
      (Object.keys(spec.nodeSelectors.matchLabels ?? {}).length === 0 && (spec.nodeSelectors.matchExpressions ?? []).length === 0)
    ) {
      warning('no nodeSelectors: the packages go on every node of the cluster', 'nodeSelectors');
    }
    for (const p of labelSelectorProblems(spec.nodeSelectors ?? {})) error(`node selectors are not valid: ${p.message}`, 'nodeSelectors', ...p.path);
  }
  for (const p of labelSelectorProblems(spec.podNonInterruptLabels ?? {})) {
    warning(
      `${p.message}; the operator admits this but cannot build the selector when it checks which pods may be interrupted`,
      'podNonInterruptLabels',
      ...p.path,
    );
  }

  const packages = byKey(spec.packages);
  for (const [key, pkg] of packages)
    checkPackage(
      key,
      pkg,
      (m, ...p) => error(m, 'packages', key, ...p),
      (m, ...p) => warning(m, 'packages', key, ...p),
    );
  checkDependencies(packages, error, warning);
  return out;
}

type Report = (message: string, ...path: PropertyKey[]) => void;

function checkPackage(key: string, pkg: SkyhookPackage, error: Report, warning: Report): void {
  if (pkg.name !== undefined && pkg.name !== key) {
    error(
      `package ${JSON.stringify(key)} sets name ${JSON.stringify(pkg.name)}; leave name out (it comes from the key) or set it to the key`,
      'name',
    );
  }
  if (!operatorAcceptsName(key)) {
    error(`package name ${JSON.stringify(key)} is not valid: 2-43 lower-case letters, digits and "-", starting and ending with a letter`);
  } else if (key.includes('\n')) {
    warning(
      `package name ${JSON.stringify(key)} spans lines: the operator's check reads one line of it and admits it, but the names it builds from it are invalid`,
    );
  }
  if (!isSkyhookVersion(pkg.version)) {
    error(
      `version ${JSON.stringify(pkg.version)} is not a version the operator accepts: semver like 1.2.3 (also v1.2.3, 1.2, 1, 1.2.3-rc.1)`,
      'version',
    );
  }

  for (const [pattern] of byKey(pkg.configInterrupts)) {
    if (pkg.configMap !== undefined && Object.hasOwn(pkg.configMap, pattern)) continue;
    if (pattern.includes('*')) {
      if (!Object.keys(pkg.configMap ?? {}).some((k) => goGlobMatch(pattern, k))) {
        error(
          `configInterrupts glob ${JSON.stringify(pattern)} matches no configMap key of this package (${listKeys(pkg.configMap)})`,
          'configInterrupts',
          pattern,
        );
      }
    } else {
      error(
        `configInterrupts key ${JSON.stringify(pattern)} is not a configMap key of this package (${listKeys(pkg.configMap)}); only "*" makes a glob`,
        'configInterrupts',
        pattern,
      );
    }
  }
  for (const [k] of byKey(pkg.configMap)) {
    if (!CONFIG_KEY.test(k) || k.length > 253) {
      warning(
        `configMap key ${JSON.stringify(k)} cannot be a ConfigMap key (letters, digits, "-", "_", "." up to 253 characters): the operator admits it and then fails to create the package's ConfigMap`,
        'configMap',
        k,
      );
    }
  }

  checkResources(pkg, error);
  checkImage(pkg, warning);
  if (pkg.containerSHA !== undefined && !SHA256.test(pkg.containerSHA)) {
    warning(
      `containerSHA ${JSON.stringify(pkg.containerSHA)} is not a digest of the form sha256:<64 lower-case hex digits>; the operator admits it and the image pull fails on the node`,
      'containerSHA',
    );
  }
  if (pkg.agentImageOverride !== undefined && imageTag(pkg.agentImageOverride) === undefined) {
    warning(
      `agentImageOverride ${JSON.stringify(pkg.agentImageOverride)} has no tag; the operator expects a full image with its tag (like alpine:3.21.0)`,
      'agentImageOverride',
    );
  }
}

function checkResources(pkg: SkyhookPackage, error: Report): void {
  const res = pkg.resources;
  if (res === undefined) return;
  const values = new Map<(typeof RESOURCE_FIELDS)[number], Quantity>();
  for (const field of RESOURCE_FIELDS) {
    const raw = res[field];
    if (raw === undefined) continue;
    const q = parseQuantity(raw);
    if (!q.ok) {
      error(q.message, 'resources', field);
      return;
    }
    // resource.Quantity.IsZero: a zero value is indistinguishable from an unset one.
    if (signOf(q.value) !== 0) values.set(field, q.value);
  }
  if (values.size === 0) return;
  if (values.size < RESOURCE_FIELDS.length) {
    const missing = RESOURCE_FIELDS.filter((f) => !values.has(f));
    error(
      `set all of cpuRequest, cpuLimit, memoryRequest and memoryLimit, or none (unset: ${missing.join(', ')}; a zero value counts as unset)`,
      'resources',
    );
    return;
  }
  const get = (f: (typeof RESOURCE_FIELDS)[number]): Quantity => values.get(f) as Quantity;
  if (compareQuantity(get('cpuLimit'), get('cpuRequest')) < 0) {
    error(`cpuLimit (${formatQuantity(get('cpuLimit'))}) must be >= cpuRequest (${formatQuantity(get('cpuRequest'))})`, 'resources', 'cpuLimit');
  }
  if (compareQuantity(get('memoryLimit'), get('memoryRequest')) < 0) {
    error(
      `memoryLimit (${formatQuantity(get('memoryLimit'))}) must be >= memoryRequest (${formatQuantity(get('memoryRequest'))})`,
      'resources',
      'memoryLimit',
    );
  }
  for (const f of RESOURCE_FIELDS) {
    if (signOf(get(f)) < 0) error(`all resource values must be positive; ${f} is ${formatQuantity(get(f))}`, 'resources', f);
  }
}

/** The tag of an image reference (after the last `:` of its last path segment), if any. */
function imageTag(image: string): string | undefined {
  const noDigest = image.split('@')[0] as string;
  const last = noDigest.slice(noDigest.lastIndexOf('/') + 1);
  const i = last.lastIndexOf(':');
  return i < 0 ? undefined : last.slice(i + 1);
}

/**
 * The operator's decoder keeps only what precedes the first `:` of `image` and appends `:<version>` (or
 * `@<containerSHA>`); its webhook's tag check never sees the cut part. Say what would actually be pulled.
 */
function checkImage(pkg: SkyhookPackage, warning: Report): void {
  const image = pkg.image;
  const colon = image.indexOf(':');
  if (colon < 0) return;
  const kept = image.slice(0, colon);
  const pulled = `${kept}:${pkg.version}`;
  const slash = image.indexOf('/');
  if (image.includes('@')) {
    warning(
      `image ${JSON.stringify(image)} carries a digest: the operator cuts the image at the first ":" and pulls ${JSON.stringify(pulled)}; give the digest in containerSHA instead`,
      'image',
    );
  } else if (slash > colon) {
    warning(
      `image ${JSON.stringify(image)} has a registry port: the operator cuts the image at the first ":" and pulls ${JSON.stringify(pulled)}, which is not this image; use a registry address without a port`,
      'image',
    );
  } else {
    const tag = imageTag(image) as string;
    if (tag !== pkg.version) {
      warning(
        `image ${JSON.stringify(image)} carries tag ${JSON.stringify(tag)} but the version is ${JSON.stringify(pkg.version)}: the operator drops the tag and pulls ${JSON.stringify(pulled)}; leave the tag out, the version is the tag`,
        'image',
      );
    }
  }
}

function checkDependencies(packages: [string, SkyhookPackage][], error: Report, warning: Report): void {
  const byName = new Map(packages.map(([k, p]) => [k, p]));
  const edges = new Map<string, string[]>();
  for (const [key, pkg] of packages) {
    const resolved: string[] = [];
    for (const [dep, version] of byKey(pkg.dependsOn)) {
      if (version === '') {
        error(`dependsOn ${JSON.stringify(dep)} has no version`, 'packages', key, 'dependsOn', dep);
        continue;
      }
      const target = byName.get(dep);
      if (target === undefined) {
        error(
          `depends on ${JSON.stringify(dep)} version ${JSON.stringify(version)}, but this Skyhook has no package ${JSON.stringify(dep)}`,
          'packages',
          key,
          'dependsOn',
          dep,
        );
      } else if (target.version !== version) {
        error(
          `depends on ${JSON.stringify(dep)} version ${JSON.stringify(version)}, but this Skyhook has ${JSON.stringify(dep)} version ${JSON.stringify(target.version)} (versions must be equal strings)`,
          'packages',
          key,
          'dependsOn',
          dep,
        );
      } else {
        resolved.push(dep);
      }
    }
    edges.set(key, resolved);
  }
  for (const cycle of findCycles([...byName.keys()], edges)) {
    const first = cycle[0] as string;
    const what = cycle.length === 2 ? 'package depends on itself' : 'dependency cycle';
    warning(`${what}: ${cycle.join(' → ')}; the operator admits it, and these packages never become ready to apply`, 'packages', first, 'dependsOn');
  }
}

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { SkyhookSchema, type SkyhookSpec } from '../api/skyhook.js';
import { checkSkyhookSpec } from './validate-skyhook.js';
import { validateSkyhookDocument } from './validate-skyhook-object.js';

const FIXTURES = new URL('../../test/fixtures/skyhook/', import.meta.url);
const SELECT = { matchLabels: { 'skycluster.io/pool': 'gpu' } };
const pkg = (extra: Record<string, unknown> = {}) => ({ version: '1.0.0', image: 'ghcr.io/nvidia/skyhook/agentless', ...extra });
const spec = (packages: Record<string, unknown>, extra: Record<string, unknown> = {}): SkyhookSpec =>
  SkyhookSchema.parse({
    apiVersion: 'skyhook.nvidia.com/v1alpha1',
    kind: 'Skyhook',
    metadata: { name: 't' },
    spec: { nodeSelectors: SELECT, packages, ...extra },
  }).spec;
const check = (s: SkyhookSpec, strict = false) => checkSkyhookSpec(s, ['spec'], { strict });

describe('Skyhook examples are accepted unchanged', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.startsWith('example-'));
  it.each(files)('%s', (file) => {
    const docs = parseAllDocuments(readFileSync(new URL(file, FIXTURES), 'utf8'));
    for (const [i, d] of docs.entries()) {
      const r = validateSkyhookDocument({ file, document: i + 1, value: d.toJS() });
      expect(r.issues).toEqual([]);
      expect(r.valid?.kind).toBe('Skyhook');
    }
  });
});

describe('the operator webhook rules: errors with the message a user sees', () => {
  it.each([
    // both budget forms at once
    [
      { pa: pkg() },
      { interruptionBudget: { percent: 10, count: 1 } },
      'spec.interruptionBudget',
      'percent and count cannot both be set; give one of them',
    ],
    // an invalid node selector key
    [
      { pa: pkg() },
      { nodeSelectors: { matchLabels: { '-foo': 'bar' } } },
      'spec.nodeSelectors.matchLabels.-foo',
      "node selectors are not valid: invalid label key \"-foo\": the name part must consist of alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric",
    ],
    // a selector value too long
    [
      { pa: pkg() },
      { nodeSelectors: { matchLabels: { foo: 'x'.repeat(64) } } },
      'spec.nodeSelectors.matchLabels.foo',
      `node selectors are not valid: invalid label value "${'x'.repeat(64)}": a label value must be at most 63 characters`,
    ],
    // an unknown operator
    [
      { pa: pkg() },
      { nodeSelectors: { matchExpressions: [{ key: 'a', operator: 'Has' }] } },
      'spec.nodeSelectors.matchExpressions[0].operator',
      'node selectors are not valid: "Has" is not a valid label selector operator (In, NotIn, Exists, DoesNotExist)',
    ],
    // In without values
    [
      { pa: pkg() },
      { nodeSelectors: { matchExpressions: [{ key: 'a', operator: 'In' }] } },
      'spec.nodeSelectors.matchExpressions[0].values',
      'node selectors are not valid: operator In needs at least one value',
    ],
    // Exists with values
    [
      { pa: pkg() },
      { nodeSelectors: { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] } },
      'spec.nodeSelectors.matchExpressions[0].values',
      'node selectors are not valid: operator Exists takes no values',
    ],
    // name set and different from the key
    [
      { foo: pkg({ name: 'changed' }) },
      {},
      'spec.packages.foo.name',
      'package "foo" sets name "changed"; leave name out (it comes from the key) or set it to the key',
    ],
    // a key that is not a package name (digits only, as the operator's own test)
    [
      { '11': pkg() },
      {},
      'spec.packages.11',
      'package name "11" is not valid: 2-43 lower-case letters, digits and "-", starting and ending with a letter',
    ],
    // one letter is too short for the pattern
    [
      { a: pkg() },
      {},
      'spec.packages.a',
      'package name "a" is not valid: 2-43 lower-case letters, digits and "-", starting and ending with a letter',
    ],
    // not semver
    [
      { pa: pkg({ version: '2024/07/06' }) },
      {},
      'spec.packages.pa.version',
      'version "2024/07/06" is not a version the operator accepts: semver like 1.2.3 (also v1.2.3, 1.2, 1, 1.2.3-rc.1)',
    ],
    // configInterrupts key missing from configMap
    [
      { pa: pkg({ configMap: { key: 'v', dog: 'v' }, configInterrupts: { cat: { type: 'reboot' } } }) },
      {},
      'spec.packages.pa.configInterrupts.cat',
      'configInterrupts key "cat" is not a configMap key of this package (keys: dog, key); only "*" makes a glob',
    ],
    // a glob that matches nothing
    [
      { pa: pkg({ configMap: { 'config.yaml': 'v' }, configInterrupts: { '*.sh': { type: 'reboot' } } }) },
      {},
      'spec.packages.pa.configInterrupts.*.sh',
      'configInterrupts glob "*.sh" matches no configMap key of this package (keys: config.yaml)',
    ],
    // '?' alone does not make a glob for the operator
    [
      { pa: pkg({ configMap: { ab: 'v' }, configInterrupts: { 'a?': { type: 'reboot' } } }) },
      {},
      'spec.packages.pa.configInterrupts.a?',
      'configInterrupts key "a?" is not a configMap key of this package (keys: ab); only "*" makes a glob',
    ],
    // configInterrupts without any configMap
    [
      { pa: pkg({ configInterrupts: { x: { type: 'noop' } } }) },
      {},
      'spec.packages.pa.configInterrupts.x',
      'configInterrupts key "x" is not a configMap key of this package (it has no configMap); only "*" makes a glob',
    ],
    // some resources but not all
    [
      { pa: pkg({ resources: { cpuRequest: '100m', memoryRequest: '128Mi', memoryLimit: '256Mi' } }) },
      {},
      'spec.packages.pa.resources',
      'set all of cpuRequest, cpuLimit, memoryRequest and memoryLimit, or none (unset: cpuLimit; a zero value counts as unset)',
    ],
    // a zero counts as unset
    [
      { pa: pkg({ resources: { cpuRequest: '0', cpuLimit: '200m', memoryRequest: '128Mi', memoryLimit: '256Mi' } }) },
      {},
      'spec.packages.pa.resources',
      'set all of cpuRequest, cpuLimit, memoryRequest and memoryLimit, or none (unset: cpuRequest; a zero value counts as unset)',
    ],
    // cpu limit below request
    [
      { pa: pkg({ resources: { cpuRequest: '100m', cpuLimit: '50m', memoryRequest: '128Mi', memoryLimit: '256Mi' } }) },
      {},
      'spec.packages.pa.resources.cpuLimit',
      'cpuLimit (50m) must be >= cpuRequest (100m)',
    ],
    // memory limit below request, compared across suffixes
    [
      { pa: pkg({ resources: { cpuRequest: '0.1', cpuLimit: '0.2', memoryRequest: '1Gi', memoryLimit: '1G' } }) },
      {},
      'spec.packages.pa.resources.memoryLimit',
      'memoryLimit (1G) must be >= memoryRequest (1Gi)',
    ],
    // dependsOn with an empty version
    [{ pa: pkg({ dependsOn: { pb: '' } }), pb: pkg() }, {}, 'spec.packages.pa.dependsOn.pb', 'dependsOn "pb" has no version'],
    // dependsOn a package that is not there (the operator's own test)
    [
      { foobar: pkg({ dependsOn: { CATS: '2.3' } }) },
      {},
      'spec.packages.foobar.dependsOn.CATS',
      'depends on "CATS" version "2.3", but this Skyhook has no package "CATS"',
    ],
    // dependsOn a version that is not there: versions are compared as strings
    [
      { foobar: pkg({ dependsOn: { cats: '1.0' } }), cats: pkg() },
      {},
      'spec.packages.foobar.dependsOn.cats',
      'depends on "cats" version "1.0", but this Skyhook has "cats" version "1.0.0" (versions must be equal strings)',
    ],
  ])('%#: %s', (packages, extra, path, message) => {
    const issues = check(spec(packages, extra));
    expect(issues).toContainEqual({ severity: 'error', path, message });
    expect(issues.filter((i) => i.severity === 'error')).toHaveLength(1);
  });

  it('reports negative resources as not positive (and the limit check that then fails)', () => {
    const issues = check(spec({ pa: pkg({ resources: { cpuRequest: '100m', cpuLimit: '200m', memoryRequest: '128Mi', memoryLimit: '-1Mi' } }) }));
    expect(issues).toEqual([
      { severity: 'error', path: 'spec.packages.pa.resources.memoryLimit', message: 'memoryLimit (-1Mi) must be >= memoryRequest (128Mi)' },
      { severity: 'error', path: 'spec.packages.pa.resources.memoryLimit', message: 'all resource values must be positive; memoryLimit is -1Mi' },
    ]);
  });

  it('admits what the operator admits: exact configMap keys, matching globs, all resources, short versions', () => {
    const s = spec({
      pa: pkg({
        version: '0.15',
        configMap: { 'config.yaml': 'x', 'run.sh': 'y' },
        configInterrupts: { 'config.yaml': { type: 'service', services: ['cron'] }, '*.sh': { type: 'reboot' } },
      }),
      pb: pkg({
        version: 'v2.1.1',
        dependsOn: { pa: '0.15' },
        resources: { cpuRequest: '100m', cpuLimit: '200m', memoryRequest: '128Mi', memoryLimit: '256Mi' },
      }),
      pc: pkg({ resources: { cpuRequest: '0', cpuLimit: '0', memoryRequest: '0Mi', memoryLimit: 0 } }), // all zero = all unset
      pd: pkg({ image: 'ghcr.io/x/y:1.0.0' }), // a tag equal to the version is harmless
    });
    expect(check(s)).toEqual([]);
  });

  it('a CRD-level mistake (version written as a number) is a schema error', () => {
    const r = validateSkyhookDocument({
      file: 'x.yaml',
      document: 1,
      value: {
        apiVersion: 'skyhook.nvidia.com/v1alpha1',
        kind: 'Skyhook',
        metadata: { name: 'x' },
        spec: { packages: { pa: { version: 1.2, image: 'i' } } },
      },
    });
    expect(r.valid).toBeUndefined();
    expect(r.issues).toEqual([
      {
        file: 'x.yaml',
        document: 1,
        object: 'Skyhook/x',
        severity: 'error',
        path: 'spec.packages.pa.version',
        message: 'expected string, got number 1.2',
      },
    ]);
  });
});

describe('what the operator admits and then fails on: warnings, errors with --strict', () => {
  it.each([
    // a package depending on itself
    [
      { pa: pkg({ dependsOn: { pa: '1.0.0' } }) },
      {},
      'spec.packages.pa.dependsOn',
      'package depends on itself: pa → pa; the operator admits it, and these packages never become ready to apply',
    ],
    // a two-package cycle, printed with its path
    [
      { aa: pkg({ dependsOn: { bb: '1.0.0' } }), bb: pkg({ dependsOn: { aa: '1.0.0' } }) },
      {},
      'spec.packages.aa.dependsOn',
      'dependency cycle: aa → bb → aa; the operator admits it, and these packages never become ready to apply',
    ],
    // a tag that disagrees with the version
    [
      { pa: pkg({ image: 'nvcr.io/nvidia/driver:550.54' }) },
      {},
      'spec.packages.pa.image',
      'image "nvcr.io/nvidia/driver:550.54" carries tag "550.54" but the version is "1.0.0": the operator drops the tag and pulls "nvcr.io/nvidia/driver:1.0.0"; leave the tag out, the version is the tag',
    ],
    // a registry port: the cut breaks the image
    [
      { pa: pkg({ image: 'registry.local:5000/driver' }) },
      {},
      'spec.packages.pa.image',
      'image "registry.local:5000/driver" has a registry port: the operator cuts the image at the first ":" and pulls "registry.local:1.0.0", which is not this image; use a registry address without a port',
    ],
    // a digest in the image
    [
      { pa: pkg({ image: `ghcr.io/x@sha256:${'a'.repeat(64)}` }) },
      {},
      'spec.packages.pa.image',
      `image "ghcr.io/x@sha256:${'a'.repeat(64)}" carries a digest: the operator cuts the image at the first ":" and pulls "ghcr.io/x@sha256:1.0.0"; give the digest in containerSHA instead`,
    ],
    // a malformed containerSHA
    [
      { pa: pkg({ containerSHA: 'sha256:abc' }) },
      {},
      'spec.packages.pa.containerSHA',
      'containerSHA "sha256:abc" is not a digest of the form sha256:<64 lower-case hex digits>; the operator admits it and the image pull fails on the node',
    ],
    // upper-case hex is not a digest either
    [
      { pa: pkg({ containerSHA: `sha256:${'A'.repeat(64)}` }) },
      {},
      'spec.packages.pa.containerSHA',
      `containerSHA "sha256:${'A'.repeat(64)}" is not a digest of the form sha256:<64 lower-case hex digits>; the operator admits it and the image pull fails on the node`,
    ],
    // an invalid podNonInterruptLabels selector
    [
      { pa: pkg() },
      { podNonInterruptLabels: { matchLabels: { app: '-bad' } } },
      'spec.podNonInterruptLabels.matchLabels.app',
      "invalid label value \"-bad\": a label value must consist of alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric; the operator admits this but cannot build the selector when it checks which pods may be interrupted",
    ],
    // a configMap key no ConfigMap can hold
    [
      { pa: pkg({ configMap: { 'my file': 'x' } }) },
      {},
      'spec.packages.pa.configMap["my file"]',
      'configMap key "my file" cannot be a ConfigMap key (letters, digits, "-", "_", "." up to 253 characters): the operator admits it and then fails to create the package\'s ConfigMap',
    ],
    // an agent image without a tag
    [
      { pa: pkg({ agentImageOverride: 'alpine' }) },
      {},
      'spec.packages.pa.agentImageOverride',
      'agentImageOverride "alpine" has no tag; the operator expects a full image with its tag (like alpine:3.21.0)',
    ],
    // no selector at all: every node
    [{ pa: pkg() }, { nodeSelectors: {} }, 'spec.nodeSelectors', 'no nodeSelectors: the packages go on every node of the cluster'],
  ])('%#: %s', (packages, extra, path, message) => {
    expect(check(spec(packages, extra))).toEqual([{ severity: 'warning', path, message }]);
    expect(check(spec(packages, extra), true)).toEqual([{ severity: 'error', path, message }]);
  });
});

/**
 * SkyCluster's own reference inputs (copied to test/fixtures/skycluster, see PROVENANCE.md there) and the
 * bundled example policies (policies/) validate unchanged, with the notes the reader prints for them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readInputs } from '../cli/read-inputs.js';
import { parseDocuments } from './documents.js';
import { formatIssue, type Issue } from './issue.js';
import { validateDocuments } from './validate-documents.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = `${ROOT}test/fixtures/skycluster/`;
const POLICIES = `${ROOT}policies/`;

function validateFile(path: string, shownAs: string): { kinds: string[]; issues: Issue[] } {
  const parsed = parseDocuments(readFileSync(path, 'utf8'), shownAs);
  const checked = validateDocuments(parsed.documents);
  return { kinds: checked.objects.map((o) => `${o.kind}/${o.name}`), issues: [...parsed.issues, ...checked.issues] };
}
const errorsOf = (issues: Issue[]) => issues.filter((i) => i.severity === 'error').map(formatIssue);
const notesOf = (issues: Issue[]) => issues.filter((i) => i.severity === 'note').map(formatIssue);

const SERVED =
  'policy.skycluster.io/v1alpha1 DeploymentPolicy, policy.skycluster.io/v1alpha1 DataflowPolicy, ' +
  'core.skycluster.io/v1alpha1 ProviderProfile, core.skycluster.io/v1alpha1 InstanceType, core.skycluster.io/v1alpha1 DeviceNode, ' +
  'core.skycluster.io/v1alpha1 Plan, core.skycluster.io/v1alpha1 Atlas, core.skycluster.io/v1alpha1 Harbor';

const LOADTEST = ['DataflowPolicy/loadtest-policies', 'DeploymentPolicy/loadtest-policies'];
const MICRO_PIPELINE = ['DataflowPolicy/redis-pipeline-policies', 'DeploymentPolicy/redis-pipeline-policies'];

describe('SkyCluster reference inputs validate unchanged', () => {
  it.each<[string, string[]]>([
    // the air-quality DataflowPolicy and DeploymentPolicy
    ['air-quality-policies.yaml', ['DataflowPolicy/pipeline-testcase2', 'DeploymentPolicy/pipeline-testcase2']],
    // ProviderProfile spec bodies, written bare
    ['providerprofile-aws-us-east-1.yaml', ['ProviderProfile/aws-us-east-1']],
    ['providerprofile-gcp-us-east1.yaml', ['ProviderProfile/gcp-us-east1']],
    ['providerprofile-azure-eastus.yaml', ['ProviderProfile/azure-eastus']],
    ['providerprofile-savi-toronto-edge.yaml', ['ProviderProfile/baremetal-toronto']],
    // an on-prem InstanceType with string prices
    ['instancetype-savi-scinet.yaml', ['InstanceType/savi-scinet-default-instance-types']],
    // SkyCluster's examples/apps loadtest and micro-pipeline-redis
    ['loadtest-policies.yaml', LOADTEST],
    ['micro-pipeline-redis-policies.yaml', MICRO_PIPELINE],
  ])('%s: 0 errors', (file, kinds) => {
    const r = validateFile(`${FIXTURES}${file}`, file);
    expect(errorsOf(r.issues)).toEqual([]);
    expect(r.kinds).toEqual(kinds);
  });

  it('the DeviceNode validates; its trailing metadata-only document is reported as missing apiVersion/kind', () => {
    const file = 'devicenode-savi-toronto-edge-gw.yaml';
    const r = validateFile(`${FIXTURES}${file}`, file);
    expect(r.kinds).toEqual(['DeviceNode/savi-toronto-edge-gw']);
    expect(r.issues.map(formatIssue)).toEqual([
      `devicenode-savi-toronto-edge-gw.yaml document 2 (?/?): missing apiVersion and kind; expected one of: ${SERVED}`,
    ]);
  });

  it('every fixture file is covered above', () => {
    expect(
      readdirSync(FIXTURES)
        .filter((f) => f.endsWith('.yaml'))
        .sort(),
    ).toEqual([
      'air-quality-policies.yaml',
      'devicenode-savi-toronto-edge-gw.yaml',
      'instancetype-savi-scinet.yaml',
      'loadtest-policies.yaml',
      'micro-pipeline-redis-policies.yaml',
      'providerprofile-aws-us-east-1.yaml',
      'providerprofile-azure-eastus.yaml',
      'providerprofile-gcp-us-east1.yaml',
      'providerprofile-savi-toronto-edge.yaml',
    ]);
  });
});

describe("the notes the reader prints for SkyCluster's lagging examples", () => {
  it.each<[string, string]>([
    // bare spec bodies get a derived name
    [
      'providerprofile-aws-us-east-1.yaml',
      'providerprofile-aws-us-east-1.yaml document 1 (ProviderProfile/aws-us-east-1): note: no apiVersion/kind: read as a bare ProviderProfile spec named aws-us-east-1',
    ],
    [
      'providerprofile-savi-toronto-edge.yaml',
      'providerprofile-savi-toronto-edge.yaml document 1 (ProviderProfile/baremetal-toronto): note: no apiVersion/kind: read as a bare ProviderProfile spec named baremetal-toronto',
    ],
  ])('%s', (file, note) => {
    expect(notesOf(validateFile(`${FIXTURES}${file}`, file).issues)).toEqual([note]);
  });

  it('air-quality: ManagedKubernetes (six components) is read as a service name; 4vCPU-*GB* is a label glob, no note', () => {
    const file = 'air-quality-policies.yaml';
    const notes = notesOf(validateFile(`${FIXTURES}${file}`, file).issues);
    expect(notes).toEqual(
      [1, 2, 3, 4, 5, 6].map(
        (i) =>
          `air-quality-policies.yaml document 2 (DeploymentPolicy/pipeline-testcase2): note: spec.deploymentPolicies[${i}].virtualServiceConstraint[0].anyOf[0].name: "ManagedKubernetes" is not a compute profile like 4vCPU-16GB; read as a service name that constrains no flavor`,
      ),
    );
  });

  it('the whole fixture folder, read as a directory, has exactly one error (the DeviceNode trailer)', () => {
    const read = readInputs([FIXTURES], () => '');
    const checked = validateDocuments(read.documents);
    expect(read.issues).toEqual([]);
    expect(checked.objects).toHaveLength(8 + LOADTEST.length + MICRO_PIPELINE.length);
    expect(errorsOf(checked.issues)).toHaveLength(1);
  });
});

describe('bundled example policies (policies/)', () => {
  it.each<[string, string[]]>([
    // SkyCluster's air-quality example, unchanged
    ['air-quality.yaml', ['DataflowPolicy/pipeline-testcase2', 'DeploymentPolicy/pipeline-testcase2']],
    // our examples: a DeploymentPolicy and a DataflowPolicy each
    ['three-tier-web.yaml', ['DeploymentPolicy/three-tier-web', 'DataflowPolicy/three-tier-web']],
    ['gpu-pipeline.yaml', ['DeploymentPolicy/gpu-pipeline', 'DataflowPolicy/gpu-pipeline']],
  ])('%s: 0 errors', (file, kinds) => {
    const r = validateFile(`${POLICIES}${file}`, file);
    expect(errorsOf(r.issues)).toEqual([]);
    expect(r.kinds).toEqual(kinds);
  });

  it("policies/air-quality.yaml is SkyCluster's file byte for byte", () => {
    expect(readFileSync(`${POLICIES}air-quality.yaml`, 'utf8')).toBe(readFileSync(`${FIXTURES}air-quality-policies.yaml`, 'utf8'));
  });

  it('our examples print no note at all', () => {
    for (const file of ['three-tier-web.yaml', 'gpu-pipeline.yaml']) expect(notesOf(validateFile(`${POLICIES}${file}`, file).issues)).toEqual([]);
  });

  it('the whole policies/ folder validates with 0 errors, and every file is labelled with its app-id', () => {
    const read = readInputs([POLICIES], () => '');
    const checked = validateDocuments(read.documents);
    expect([...read.issues, ...checked.issues].filter((i) => i.severity === 'error').map(formatIssue)).toEqual([]);
    expect(checked.objects.length).toBeGreaterThanOrEqual(6);
    for (const o of checked.objects) {
      const meta = (o.object as { metadata: { labels?: Record<string, string> } }).metadata;
      expect(meta.labels?.['skycluster.io/app-id'], `${o.kind}/${o.name}`).toBeTruthy();
    }
  });
});

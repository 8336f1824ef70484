/**
 * SkyCluster's own example applications (test/fixtures/skycluster, copied unchanged with provenance) validate
 * and optimize on the bundled catalog; every field of SkyCluster's current DeploymentPolicy CRD is accepted;
 * and `executionEnvironment: VirtualMachine` plans plain instances without any control-plane fee.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DeploymentPolicy } from '../src/api/policy.js';
import { sortInputs } from '../src/cli/inputs.js';
import { parseDocuments } from '../src/validate/documents.js';
import { formatIssue } from '../src/validate/issue.js';
import { validateDocuments } from '../src/validate/validate-documents.js';
import { evaluatePlan } from '../optimizer/evaluate/index.js';
import { optimize } from '../optimizer/optimize.js';
import { getSolver } from '../optimizer/solvers/index.js';
import { loadBundledCatalog } from '../providers/catalog/load-catalog.js';

const catalog = loadBundledCatalog();

function check(text: string, file: string) {
  const docs = parseDocuments(text, file).documents;
  return validateDocuments(docs);
}

function load(file: string) {
  const checked = check(readFileSync(file, 'utf8'), file);
  expect(checked.issues.filter((i) => i.severity === 'error').map(formatIssue)).toEqual([]);
  const app = sortInputs(checked.objects).applications[0];
  if (!app) throw new Error(`no application in ${file}`);
  return app;
}

async function solve(deploymentPolicy: DeploymentPolicy, dataflowPolicy: Parameters<typeof optimize>[0]['dataflowPolicy']) {
  const outcome = await optimize({
    deploymentPolicy,
    ...(dataflowPolicy ? { dataflowPolicy } : {}),
    catalog,
    solver: getSolver('highs'),
    timeLimitSec: 60,
    mipGap: 1e-6,
    now: () => performance.now(),
  });
  if (outcome.kind !== 'planned') throw new Error(`${outcome.kind}: ${outcome.issues.map(formatIssue).join('\n')}`);
  return outcome;
}

describe("SkyCluster's example applications", () => {
  it.each([
    // skycluster-operator examples/apps/loadtest: two components, each required in us-east-1 and us-east1
    ['test/fixtures/skycluster/loadtest-policies.yaml', 4],
    // skycluster-operator examples/apps/micro-pipeline-redis: four components, five flows
    ['test/fixtures/skycluster/micro-pipeline-redis-policies.yaml', 7],
  ])(
    '%s validates and optimizes unchanged',
    async (file, requiredPlacements) => {
      const app = load(file);
      const out = await solve(app.deploymentPolicy, app.dataflowPolicy);
      const spec = out.plan.spec;
      expect(spec.executionEnvironment).toBe('Kubernetes');
      // At least one placement per required group (the evaluator checks which); more only where they pay off.
      expect(spec.placements.length).toBeGreaterThanOrEqual(requiredPlacements);
      const ev = evaluatePlan({
        deploymentPolicy: app.deploymentPolicy,
        ...(app.dataflowPolicy ? { dataflowPolicy: app.dataflowPolicy } : {}),
        placements: spec.placements,
        catalog,
        horizonHours: spec.horizonHours,
      });
      expect(ev.violations).toEqual([]);
      expect(ev.costs.totalUsd).toBeCloseTo(spec.costs.totalUsd, 3);
      expect(spec.costs.clusterFeesUsd).toBeGreaterThan(0);
    },
    120_000,
  );

  it('air-quality validates unchanged (its optimization is test/air-quality.test.ts, with its SAVI sites)', () => {
    load('test/fixtures/skycluster/air-quality-policies.yaml');
  });
});

/** A DeploymentPolicy that uses every field SkyCluster's current CRD defines. */
const EVERY_FIELD = `apiVersion: policy.skycluster.io/v1alpha1
kind: DeploymentPolicy
metadata:
  name: every-field
  namespace: demo
spec:
  executionEnvironment: VirtualMachine
  deploymentPolicies:
    - componentRef:
        apiVersion: svc.skycluster.io/v1alpha1
        kind: XInstance
        name: worker
        namespace: demo
        fieldPath: spec
        resourceVersion: "42"
        uid: 0b6a2d1e-0000-4000-8000-000000000001
      virtualServiceConstraint:
        - anyOf:
            - apiVersion: core.skycluster.io/v1alpha1
              kind: ComputeProfile
              name: small
              spec: "cpu: 2\\nram: 4GB"
              count: 1
      performanceConstraint:
        responseTime: 100ms
        customMetrics:
          - name: p99-latency
            endpoint: http://metrics.demo.svc:9090/p99
      locationConstraint:
        permitted:
          - platform: aws
            region: us-east-1
            configName: aws-us-east-1
        required:
          - anyOf:
              - platform: aws
                configName: aws-us-east-1
`;

describe("SkyCluster's DeploymentPolicy fields", () => {
  it('every field of the current CRD is accepted', () => {
    const checked = check(EVERY_FIELD, 'every-field.yaml');
    expect(checked.issues.filter((i) => i.severity === 'error').map(formatIssue)).toEqual([]);
  });

  it('VirtualMachine allows one ComputeProfile per component; the second is named', () => {
    const twoProfiles = EVERY_FIELD.replace('              count: 1\n', '              count: 1\n            - name: 4vCPU-16GB\n');
    const checked = check(twoProfiles, 'two.yaml');
    expect(checked.issues.filter((i) => i.severity === 'error').map(formatIssue)).toEqual([
      'two.yaml document 1 (DeploymentPolicy/every-field): spec.deploymentPolicies[0].virtualServiceConstraint[0].anyOf[1]: executionEnvironment VirtualMachine allows at most one ComputeProfile per component; the first is virtualServiceConstraint[0].anyOf[0]',
    ]);
  });
});

describe('executionEnvironment VirtualMachine', () => {
  it('plans the same components as plain instances: no control-plane fee, in the plan and in the evaluation', async () => {
    const app = load('test/fixtures/skycluster/loadtest-policies.yaml');
    const vm: DeploymentPolicy = { ...app.deploymentPolicy, spec: { ...app.deploymentPolicy.spec, executionEnvironment: 'VirtualMachine' } };
    const k8s = await solve(app.deploymentPolicy, app.dataflowPolicy);
    const out = await solve(vm, app.dataflowPolicy);
    const spec = out.plan.spec;
    expect(spec.executionEnvironment).toBe('VirtualMachine');
    // No control plane: a site's fee is only the WireGuard gateway its cross-cloud link needs (docs/atlas.md).
    const gateways = (clusters: typeof spec.clusters): number => clusters.reduce((sum, c) => sum + (c.gatewayUsd ?? 0), 0);
    expect(spec.clusters.every((c) => c.feeUsd === (c.gatewayUsd ?? 0))).toBe(true);
    expect(spec.costs.clusterFeesUsd).toBeCloseTo(gateways(spec.clusters), 6);
    // Kubernetes pays the control-plane fee of the two sites on top of the same compute and the same gateways.
    const controlPlanes = k8s.plan.spec.costs.clusterFeesUsd - gateways(k8s.plan.spec.clusters);
    expect(controlPlanes).toBeGreaterThan(0);
    expect(spec.costs.computeUsd).toBeCloseTo(k8s.plan.spec.costs.computeUsd, 6);
    expect(spec.costs.totalUsd).toBeCloseTo(k8s.plan.spec.costs.totalUsd - controlPlanes, 6);
    const ev = evaluatePlan({
      deploymentPolicy: vm,
      ...(app.dataflowPolicy ? { dataflowPolicy: app.dataflowPolicy } : {}),
      placements: spec.placements,
      catalog,
      horizonHours: spec.horizonHours,
    });
    expect(ev.violations).toEqual([]);
    expect(ev.costs.clusterFeesUsd).toBeCloseTo(spec.costs.clusterFeesUsd, 3);
    expect(ev.costs.totalUsd).toBeCloseTo(spec.costs.totalUsd, 3);
  }, 120_000);
});

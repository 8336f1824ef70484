/**
 * The optimizer and Atlas agree on gateways: a cluster's gatewayUsd in the Plan (the part of its fee the
 * optimizer minimised) is there exactly when renderAtlas gives it a WireGuard gateway, and equals that gateway's
 * hourly price times the horizon. Checked on a three-site plan on the bundled catalog and on air-quality's plan
 * (cloud sites linked to the SAVI on-prem sites).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../src/api/plan.js';
import { renderAtlases } from '../src/atlas/render-atlas.js';
import { registrationFromObjects } from '../src/catalog/from-profiles.js';
import type { Catalog } from '../src/catalog/types.js';
import { sortInputs } from '../src/cli/inputs.js';
import { parseDocuments } from '../src/validate/documents.js';
import { validateDocuments } from '../src/validate/validate-documents.js';
import { optimize } from '../optimizer/optimize.js';
import { getSolver } from '../optimizer/solvers/index.js';
import { component, dataflowPolicy, deploymentPolicy } from '../optimizer/testing/policy-builders.js';
import { extendCatalog, loadBundledCatalog } from '../providers/catalog/load-catalog.js';
import type { DataflowPolicy, DeploymentPolicy } from '../src/api/policy.js';

async function planOf(dp: DeploymentPolicy, df: DataflowPolicy | undefined, catalog: Catalog): Promise<Plan> {
  const out = await optimize({
    deploymentPolicy: dp,
    ...(df ? { dataflowPolicy: df } : {}),
    catalog,
    solver: getSolver('highs'),
    timeLimitSec: 60,
    mipGap: 0,
    now: () => performance.now(),
  });
  if (out.kind !== 'planned') throw new Error(`not planned: ${out.kind}`);
  return out.plan;
}

/** Per cluster name: [the plan's gatewayUsd, the Atlas gateway's USD/h × horizon], undefined where absent. */
function gatewaysBothWays(plan: Plan, catalog: Catalog): Map<string, [number | undefined, number | undefined]> {
  const rendered = renderAtlases([plan], { catalog });
  expect(rendered.issues.filter((i) => i.severity === 'error')).toEqual([]);
  const atlas = rendered.atlases[0];
  const out = new Map<string, [number | undefined, number | undefined]>();
  for (const c of plan.spec.clusters) {
    const a = atlas?.spec.clusters.find((x) => x.name === c.name);
    const usdHr = a?.gateway?.usdPerHour;
    out.set(c.name, [c.gatewayUsd, a?.gateway ? (usdHr ?? Number.NaN) * plan.spec.horizonHours : undefined]);
  }
  return out;
}

describe('gateway cost: Plan and Atlas agree', () => {
  const catalog = loadBundledCatalog();

  it('charges gateways only to the two clusters joined by a tunnel, not to the one peered inside AWS', async () => {
    const dp = deploymentPolicy([
      component('a', { locationConstraint: { required: [{ anyOf: [{ platform: 'aws', region: 'us-east-1' }] }] } }),
      component('b', { locationConstraint: { required: [{ anyOf: [{ platform: 'gcp', region: 'us-central1' }] }] } }),
      component('c', { locationConstraint: { required: [{ anyOf: [{ platform: 'aws', region: 'us-west-2' }] }] } }),
    ]);
    const df = dataflowPolicy([
      { from: { name: 'a' }, to: { name: 'b' }, totalDataTransfer: '10GB' },
      { from: { name: 'a' }, to: { name: 'c' }, totalDataTransfer: '10GB' },
    ]);
    const plan = await planOf(dp, df, catalog);
    const bySite = new Map(plan.spec.clusters.map((c) => [c.site, c]));
    // From the bundled catalog: t3.small in us-east-1 and e2-small in us-central1, on demand.
    const t3 = catalog.offerings('aws', 'us-east-1').find((o) => o.name === 't3.small')?.priceUsdHr ?? Number.NaN;
    const e2 = catalog.offerings('gcp', 'us-central1').find((o) => o.name === 'e2-small')?.priceUsdHr ?? Number.NaN;
    expect(bySite.get('aws/us-east-1')?.gatewayUsd).toBeCloseTo(t3 * plan.spec.horizonHours, 2);
    expect(bySite.get('gcp/us-central1')?.gatewayUsd).toBeCloseTo(e2 * plan.spec.horizonHours, 2);
    expect(bySite.get('aws/us-west-2')?.gatewayUsd).toBeUndefined();
    // The fee holds the gateway, and the total holds the fee.
    const fees = plan.spec.clusters.reduce((s, c) => s + c.feeUsd, 0);
    expect(plan.spec.costs.clusterFeesUsd).toBeCloseTo(fees, 2);
    for (const [name, [planned, provisioned]] of gatewaysBothWays(plan, catalog)) {
      expect(provisioned === undefined, name).toBe(planned === undefined);
      if (planned !== undefined) expect(provisioned, name).toBeCloseTo(planned, 2);
    }
  });

  it('on air-quality, every cloud cluster linked to a SAVI site has the gateway the plan priced, and no other does', async () => {
    const docs = ['policies/air-quality.yaml', 'test/fixtures/air-quality/savi-sites.yaml'].flatMap(
      (f) => parseDocuments(readFileSync(f, 'utf8'), f).documents,
    );
    const inputs = sortInputs(validateDocuments(docs).objects);
    const reg = registrationFromObjects(inputs.profiles, inputs.instanceTypes);
    const extended = extendCatalog(catalog, reg.sites, reg.offerings, reg.egressTiers, reg.latencies);
    const app = inputs.applications[0];
    if (!app) throw new Error('no application');
    const plan = await planOf(app.deploymentPolicy, app.dataflowPolicy, extended);
    const both = gatewaysBothWays(plan, extended);
    let gateways = 0;
    for (const [name, [planned, provisioned]] of both) {
      expect(provisioned === undefined, name).toBe(planned === undefined);
      if (planned !== undefined) {
        expect(provisioned, name).toBeCloseTo(planned, 2);
        gateways++;
      }
    }
    // The plan runs collectors on the on-prem SAVI sites and the rest in a cloud: at least one tunnel.
    expect(gateways).toBeGreaterThan(0);
  });
});

/** renderPlanTable's total line: the WireGuard gateways inside the cluster fees are counted and summed. */
import { describe, expect, it } from 'vitest';
import { fixturePlan } from '../atlas/fixtures.js';
import { renderPlanTable } from './render-plan.js';

const base = fixturePlan(
  'shop',
  [
    { component: 'api', platform: 'aws', region: 'us-east-1', zone: 'use1-az1', flavor: 'm5.large' },
    { component: 'db', platform: 'gcp', region: 'us-central1', zone: 'us-central1-a', flavor: 'n2-standard-2' },
  ],
  [['api', 'db']],
);
const totalLine = (text: string): string => text.split('\n').find((l) => l.startsWith('Total ')) ?? '';

describe('renderPlanTable', () => {
  it('names the gateways and their sum in the total line when clusters run one', () => {
    const gateways = [15.18, 12.23];
    const plan = { ...base, spec: { ...base.spec, clusters: base.spec.clusters.map((c, i) => ({ ...c, gatewayUsd: gateways[i] })) } };
    expect(totalLine(renderPlanTable(plan))).toContain('(2 cluster(s), 2 WireGuard gateway(s) 27.41)');
  });

  it('says nothing of gateways when no cluster runs one', () => {
    const line = totalLine(renderPlanTable(base));
    expect(line).toContain('(2 cluster(s))');
    expect(line).not.toContain('WireGuard');
  });
});

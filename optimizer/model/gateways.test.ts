/**
 * The size rules of the gateway rows (gateways.ts): the per-platform rows go into the models HiGHS solves without
 * presolve and stay out of the larger ones, where they were measured to slow the proof (their threshold is the
 * solver's own); the rows over the transportation columns replace the P/Q rows up to 20 components and not at 30
 * or 100, as measured by benchmarks/gateway-rows.ts; a presence that is a single x column is substituted in the
 * former models only (measured on the 1,000-component run: gateways.ts).
 */
import { describe, expect, it } from 'vitest';
import { syntheticApp } from '../../benchmarks/synthetic-app.js';
import { loadBundledCatalog } from '../../providers/catalog/load-catalog.js';
import { SMALL_MODEL_NONZEROS } from '../solvers/backend-common.js';
import { buildApplication } from './application.js';
import { buildCandidates } from './candidates.js';
import { AGGREGATE_ROWS_MAX_NONZEROS, type GatewayRows } from './gateways.js';
import { PairTable } from './pair-table.js';
import { buildPlacementModel } from './placement-model.js';

const catalog = loadBundledCatalog();

function model(components: number, gatewayRows: GatewayRows = 'auto') {
  const app = syntheticApp({ components, edges: components + components / 2 });
  const built = buildApplication(app.deploymentPolicy, app.dataflowPolicy);
  if (!built.ok) throw new Error('synthetic app rejected');
  const cr = buildCandidates(built.app, catalog, { prune: true });
  if (!cr.ok) throw new Error('no candidates');
  return buildPlacementModel(built.app, cr.candidates, new PairTable(built.app, cr.candidates, catalog), { formulation: 'auto', gatewayRows }).model;
}

const rowsNamed = (m: ReturnType<typeof model>, prefix: string): number => m.constraints.filter((r) => r.name.startsWith(prefix)).length;
const platformRows = (m: ReturnType<typeof model>): number => rowsNamed(m, 'gwp_');
const nonzeros = (m: ReturnType<typeof model>): number => m.constraints.reduce((s, r) => s + r.vars.length, 0);

describe('per-platform gateway rows', () => {
  it('use the size up to which HiGHS runs without presolve', () => {
    expect(AGGREGATE_ROWS_MAX_NONZEROS).toBe(SMALL_MODEL_NONZEROS);
  });

  it('are in the 10-component model (P/Q form) and not in the 100-component one', () => {
    const small = model(10, 'presence');
    expect(nonzeros(small)).toBeLessThan(AGGREGATE_ROWS_MAX_NONZEROS);
    expect(platformRows(small)).toBeGreaterThan(0);
    const large = model(100);
    expect(nonzeros(large)).toBeGreaterThan(AGGREGATE_ROWS_MAX_NONZEROS);
    expect(large.constraints.some((r) => r.name.startsWith('gw_'))).toBe(true);
    expect(platformRows(large)).toBe(0);
  });

  it('over the pair columns replace the P/Q rows at 10 and 20 components, not at 30 or 100', () => {
    for (const n of [10, 20]) {
      const m = model(n);
      expect(rowsNamed(m, 'gwy_'), `${n} components`).toBeGreaterThan(0);
      // Every edge of the synthetic apps is single-placement: no P/Q row is left.
      expect(rowsNamed(m, 'gw_'), `${n} components`).toBe(0);
    }
    for (const n of [30, 100]) {
      const m = model(n);
      expect(rowsNamed(m, 'gwy_'), `${n} components`).toBe(0);
      expect(rowsNamed(m, 'gw_'), `${n} components`).toBeGreaterThan(0);
    }
  });

  it('take a presence that is one x column as that column in the models without presolve, not in the large ones', () => {
    const columns = (m: ReturnType<typeof model>, prefix: string): number => m.variables.filter((v) => v.name.startsWith(prefix)).length;
    // The synthetic apps' sites have one zone and one option per component: every P is a single x column there.
    for (const n of [10, 30]) {
      const m = model(n, 'presence');
      expect(rowsNamed(m, 'gw_'), `${n} components`).toBeGreaterThan(0);
      expect(columns(m, 'gp_'), `${n} components`).toBe(0);
      expect(rowsNamed(m, 'gpr_'), `${n} components`).toBe(0);
    }
    const large = model(100, 'presence');
    expect(columns(large, 'gp_')).toBeGreaterThan(0);
    expect(rowsNamed(large, 'gpr_')).toBe(columns(large, 'gp_'));
  });

  it('over the pair columns are the forced form when asked for, whatever the size', () => {
    expect(rowsNamed(model(30, 'pairs'), 'gwy_')).toBeGreaterThan(0);
    expect(rowsNamed(model(10, 'presence'), 'gwy_')).toBe(0);
  });
});

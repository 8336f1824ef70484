/**
 * The per-platform gateway rows (gateways.ts) go into the models HiGHS solves without presolve and stay out of
 * the larger ones, where they were measured to slow the proof; their threshold is the solver's own.
 */
import { describe, expect, it } from 'vitest';
import { syntheticApp } from '../../benchmarks/synthetic-app.js';
import { loadBundledCatalog } from '../../providers/catalog/load-catalog.js';
import { SMALL_MODEL_NONZEROS } from '../solvers/backend-common.js';
import { buildApplication } from './application.js';
import { buildCandidates } from './candidates.js';
import { AGGREGATE_ROWS_MAX_NONZEROS } from './gateways.js';
import { PairTable } from './pair-table.js';
import { buildPlacementModel } from './placement-model.js';

const catalog = loadBundledCatalog();

function model(components: number) {
  const app = syntheticApp({ components, edges: components + components / 2 });
  const built = buildApplication(app.deploymentPolicy, app.dataflowPolicy);
  if (!built.ok) throw new Error('synthetic app rejected');
  const cr = buildCandidates(built.app, catalog, { prune: true });
  if (!cr.ok) throw new Error('no candidates');
  return buildPlacementModel(built.app, cr.candidates, new PairTable(built.app, cr.candidates, catalog), { formulation: 'auto' }).model;
}

const platformRows = (m: ReturnType<typeof model>): number => m.constraints.filter((r) => r.name.startsWith('gwp_')).length;
const nonzeros = (m: ReturnType<typeof model>): number => m.constraints.reduce((s, r) => s + r.vars.length, 0);

describe('per-platform gateway rows', () => {
  it('use the size up to which HiGHS runs without presolve', () => {
    expect(AGGREGATE_ROWS_MAX_NONZEROS).toBe(SMALL_MODEL_NONZEROS);
  });

  it('are in the 10-component model and not in the 100-component one', () => {
    const small = model(10);
    expect(nonzeros(small)).toBeLessThan(AGGREGATE_ROWS_MAX_NONZEROS);
    expect(platformRows(small)).toBeGreaterThan(0);
    const large = model(100);
    expect(nonzeros(large)).toBeGreaterThan(AGGREGATE_ROWS_MAX_NONZEROS);
    expect(large.constraints.some((r) => r.name.startsWith('gw_'))).toBe(true);
    expect(platformRows(large)).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { syntheticApp } from '../../benchmarks/synthetic-app.js';
import { loadBundledCatalog } from '../../providers/catalog/load-catalog.js';
import type { Catalog } from '../../src/catalog/types.js';
import type { DataflowPolicy, DeploymentPolicy } from '../../src/api/policy.js';
import { randomInstance } from '../testing/random-instances.js';
import { buildApplication } from './application.js';
import { buildCandidates } from './candidates.js';
import { estimatedNonzeros } from './model-size.js';
import { PairTable } from './pair-table.js';
import { buildPlacementModel, type Formulation } from './placement-model.js';

const FORMULATIONS: readonly Formulation[] = ['auto', 'transport', 'aggregated', 'pairwise'];

/** Measured ceiling of nonzeros / estimate per formulation (model-size.ts). */
const CEILING: Record<Formulation, number> = { auto: 1, transport: 1, aggregated: 1, pairwise: 1.05 };

/** [estimate, nonzeros of each formulation], or null when the instance has no model. */
function sizes(dp: DeploymentPolicy, df: DataflowPolicy, catalog: Catalog): [number, number[]] | null {
  const built = buildApplication(dp, df);
  if (!built.ok) return null;
  const cr = buildCandidates(built.app, catalog, { prune: true });
  if (!cr.ok) return null;
  const pairs = new PairTable(built.app, cr.candidates, catalog);
  const nonzeros = FORMULATIONS.map((formulation) =>
    buildPlacementModel(built.app, cr.candidates, pairs, { formulation }).model.constraints.reduce((s, r) => s + r.vars.length, 0),
  );
  return [estimatedNonzeros(built.app, cr.candidates), nonzeros];
}

describe('estimatedNonzeros', () => {
  it('holds its measured ceiling for every formulation on seeded random instances of more than 5,000 nonzeros', () => {
    let checked = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const inst = randomInstance(seed, {
        components: 10 + ((seed * 7) % 25),
        sites: 6 + (seed % 8),
        offeringsPerSite: 4,
        multiPlacementChance: 0.3,
        features: seed % 2 === 0 ? 'all' : 'basic',
      });
      const s = sizes(inst.deploymentPolicy, inst.dataflowPolicy, inst.catalog);
      if (s === null) continue;
      const [estimate, nonzeros] = s;
      nonzeros.forEach((nz, i) => {
        if (nz > 5000) {
          expect(nz, `seed ${seed} ${FORMULATIONS[i]}`).toBeLessThanOrEqual(estimate * CEILING[FORMULATIONS[i] as Formulation]);
          checked++;
        }
      });
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('holds its measured ceiling for every formulation on the 10- and 20-component synthetic apps (bundled catalog)', () => {
    const catalog = loadBundledCatalog();
    for (const components of [10, 20]) {
      const app = syntheticApp({ components, edges: Math.round(components * 1.5) }, 7);
      const s = sizes(app.deploymentPolicy, app.dataflowPolicy, catalog);
      expect(s).not.toBeNull();
      if (s === null) return;
      const [estimate, nonzeros] = s;
      nonzeros.forEach((nz, i) =>
        expect(nz, `${components} components ${FORMULATIONS[i]}`).toBeLessThanOrEqual(estimate * CEILING[FORMULATIONS[i] as Formulation]),
      );
    }
  });
});

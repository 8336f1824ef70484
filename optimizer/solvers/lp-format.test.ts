import type { Highs } from 'highs';
import { describe, expect, it } from 'vitest';
import { getSolver } from './index.js';
import { writeCplexLp } from './lp-format.js';
import { randomMilp } from './random-models.js';
import { assignment, knapsack, mixed, wideModel } from './test-models.js';
import type { LinearModel, Variable } from './types.js';

const MIXED_LP = `\\ Model: mixed
\\ 4 variables, 3 constraints
\\ The objective constant 10 is carried by obj_constant, fixed to 1
Minimize
 obj: + 2 x + 3 y - z + w + 10 obj_constant
Subject To
 total: + x + y + z = 10
 spread_lo: + x - y >= 2
 spread_hi: + x - y <= 4
 excess: + w - x >= -6
Bounds
 0 <= x <= 8
 -inf <= z <= 3.5
 w free
 obj_constant = 1
General
 x
End
`;

/** Odd corners: duplicates, an unused variable, a fixed binary, an empty satisfied row, tiny and huge numbers. */
function corners(): LinearModel {
  const variables: Variable[] = [
    { name: 'a', type: 'binary', lb: 0, ub: 1 },
    { name: 'b', type: 'binary', lb: 1, ub: 1 },
    { name: 'c', type: 'continuous', lb: 0, ub: Infinity },
    { name: 'unused', type: 'continuous', lb: 0, ub: Infinity },
    { name: 'd', type: 'integer', lb: -3, ub: 7 },
  ];
  return {
    name: 'corners',
    variables,
    objective: { vars: [0, 0, 1, 2, 4], coefs: [1, 1.25, 3, 1e-7, 0.5], constant: -2.5 },
    constraints: [
      { name: 'dup', vars: [2, 2, 0], coefs: [1, 1, 1], lb: 1.000000000001, ub: Infinity },
      { name: 'empty', vars: [], coefs: [], lb: -1, ub: 1 },
      { name: 'big', vars: [4, 2], coefs: [1e6, 1], lb: -2.5e6, ub: 1.5e21 },
      { name: 'free_row', vars: [0, 1], coefs: [1, 1], lb: -Infinity, ub: Infinity },
    ],
  };
}

let highsRuntime: Promise<Highs> | null = null;

/** highs' typings describe a CommonJS module while Node loads its ESM build: find the loader either way. */
function loadHighs(): Promise<Highs> {
  type Loader = () => Promise<Highs>;
  highsRuntime ??= import('highs').then((m) => {
    const d = (m as unknown as { default: Loader | { default: Loader } }).default;
    return typeof d === 'function' ? d() : d.default();
  });
  return highsRuntime;
}

async function highsOptimumFromText(text: string): Promise<number> {
  const highs = await loadHighs();
  const m = highs.createModel({ format: 'lp', data: text });
  try {
    m.options.set({ output_flag: false, mip_rel_gap: 0 });
    m.run();
    expect(m.getModelStatus()).toBe(highs.constants.modelStatus.optimal);
    return m.getObjectiveValue();
  } finally {
    m.dispose();
  }
}

describe('writeCplexLp', () => {
  it('writes the exact text of a tiny model', () => {
    expect(writeCplexLp(mixed())).toBe(MIXED_LP);
  });

  it('wraps long expressions and keeps every line short', () => {
    const text = writeCplexLp(assignment(), { maxLineLength: 40 });
    for (const line of text.split('\n')) if (!line.startsWith('\\')) expect(line.length).toBeLessThanOrEqual(40);
    // The sense and right-hand side stay on the row's last line (GLPK requires nothing after them).
    expect(text).toMatch(/\+ assign_2_0 = 1\n/);
  });

  it('handles duplicates, unused and fixed variables, empty and free rows', () => {
    const text = writeCplexLp(corners());
    expect(text).toContain(' obj: + 2.25 a + 3 b + 1e-7 c + 0.5 d - 2.5 obj_constant');
    expect(text).toContain(' dup: + 2 c + a >= 1.000000000001');
    expect(text).toContain(' empty_lo: 0 a >= -1');
    expect(text).toContain(' big_hi: + 1000000 d + c <= 1.5e+21');
    expect(text).not.toContain('free_row');
    expect(text).toContain(' unused >= 0');
    expect(text).toMatch(/General\n b d\nBinary\n a\n/);
    expect(text).toContain(' b = 1');
  });

  it.each([
    ['mixed', mixed()],
    ['knapsack', knapsack()],
    ['assignment', assignment()],
    ['corners', corners()],
    ['random 7', randomMilp(7, { variables: 25, constraints: 12 })],
    ['random 8', randomMilp(8, { variables: 20, constraints: 10, binaryShare: 0.3 })],
  ])('round-trips through the HiGHS LP reader: %s', async (_name, model) => {
    const structured = await getSolver('highs').solve(model, { timeLimitSec: 20, mipRelGap: 0 });
    if (structured.status !== 'optimal') throw new Error(`structured solve: ${structured.status}`);
    const fromText = await highsOptimumFromText(writeCplexLp(model));
    expect(fromText).toBeCloseTo(structured.objective, 7);
  });

  it('writes a model of 108k variables whole: every row, bound and binary once (its speed: benchmarks/lp-export.ts)', () => {
    const model = wideModel(108_000, 20_000);
    const text = writeCplexLp(model);
    const lines = text.split('\n');
    expect(lines[1]).toBe('\\ 108000 variables, 20000 constraints');
    const section = (from: string, to: string): string[] => lines.slice(lines.indexOf(from) + 1, lines.indexOf(to));
    // Every row by name, in order; a ranged row (every fourth) is written as two.
    const rowNames = lines.filter((l) => /^ row_\d+(_lo|_hi)?:/.test(l)).map((l) => l.slice(1, l.indexOf(':')));
    expect(rowNames.length).toBe(20_000 + 5_000);
    expect(rowNames.slice(0, 3)).toEqual(['row_0_lo', 'row_0_hi', 'row_1']);
    expect(rowNames.at(-1)).toBe('row_19999');
    const binaries = section('Binary', 'End').join(' ').trim().split(/\s+/);
    expect(binaries.length).toBe(72_000);
    expect(new Set(binaries).size).toBe(72_000);
    expect(binaries.slice(0, 3)).toEqual(['x_1_region_1', 'x_2_region_2', 'x_4_region_4']);
    // Binaries are [0, 1] and the continuous variables [0, inf), both the defaults: no bound lines.
    expect(section('Bounds', 'Binary')).toEqual([]);
  });

  it('rejects invalid models with a RangeError', () => {
    const bad: LinearModel = { ...knapsack(), objective: { vars: [0], coefs: [Number.NaN], constant: 0 } };
    expect(() => writeCplexLp(bad)).toThrow(RangeError);
  });
});

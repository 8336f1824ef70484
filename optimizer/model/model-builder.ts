/** Accumulates columns, rows and objective terms into a {@link LinearModel}. Knows nothing about placement. */
import type { Constraint, LinearModel, Variable, VariableType } from '../solvers/types.js';

export class ModelBuilder {
  private readonly variables: Variable[] = [];
  private readonly constraints: Constraint[] = [];
  private readonly objective = new Map<number, number>();

  constructor(private readonly name: string) {}

  /** Adds a column and returns its index. */
  addVariable(name: string, type: VariableType, lb: number, ub: number, cost = 0): number {
    this.variables.push({ name, type, lb, ub });
    const index = this.variables.length - 1;
    if (cost !== 0) this.objective.set(index, cost);
    return index;
  }

  /** Adds `cost` to a column's objective coefficient. */
  addCost(index: number, cost: number): void {
    if (cost !== 0) this.objective.set(index, (this.objective.get(index) ?? 0) + cost);
  }

  /** Adds a row lb <= sum coefs*vars <= ub (duplicate columns are merged) and returns its index. */
  addConstraint(name: string, vars: readonly number[], coefs: readonly number[], lb: number, ub: number): number {
    if (distinct(vars)) {
      // The common case, without a map: the same columns in the same order, zero coefficients dropped.
      const keep = vars.flatMap((v, i) => ((coefs[i] as number) !== 0 ? [i] : []));
      this.constraints.push({ name, vars: keep.map((i) => vars[i] as number), coefs: keep.map((i) => coefs[i] as number), lb, ub });
      return this.constraints.length - 1;
    }
    const merged = new Map<number, number>();
    vars.forEach((v, i) => merged.set(v, (merged.get(v) ?? 0) + (coefs[i] as number)));
    const keys = [...merged.keys()].filter((k) => merged.get(k) !== 0);
    this.constraints.push({ name, vars: keys, coefs: keys.map((k) => merged.get(k) as number), lb, ub });
    return this.constraints.length - 1;
  }

  /** The objective as a row expression (used for a budget row). */
  objectiveTerms(): { vars: number[]; coefs: number[] } {
    const vars = [...this.objective.keys()].sort((a, b) => a - b);
    return { vars, coefs: vars.map((v) => this.objective.get(v) as number) };
  }

  get variableCount(): number {
    return this.variables.length;
  }

  /** Nonzeros of the rows so far. */
  get nonzeroCount(): number {
    return this.constraints.reduce((n, r) => n + r.vars.length, 0);
  }

  build(): LinearModel {
    const { vars, coefs } = this.objectiveTerms();
    return { name: this.name, variables: this.variables, objective: { constant: 0, vars, coefs }, constraints: this.constraints };
  }
}

/** True when no column occurs twice (pairwise for short rows, a set for long ones). */
function distinct(vars: readonly number[]): boolean {
  if (vars.length > 16) return new Set(vars).size === vars.length;
  for (let i = 1; i < vars.length; i++) for (let j = 0; j < i; j++) if (vars[i] === vars[j]) return false;
  return true;
}

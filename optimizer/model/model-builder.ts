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

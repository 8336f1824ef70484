/**
 * CPLEX LP text writer for a {@link LinearModel} (for `--export-lp` and for cross-checking with any solver).
 *
 * The output is the common subset that the HiGHS, GLPK, CPLEX and CBC readers all accept:
 * - Ranged rows (finite lb < ub) are written as two rows, `<name>_lo: ... >= lb` and `<name>_hi: ... <= ub`:
 *   GLPK's reader has no double-inequality rows and HiGHS 1.15's wasm build aborts on `-R <= expr <= R`.
 *   Free rows are omitted.
 * - A non-zero objective constant is carried by a variable fixed to 1 (`obj_constant`, renamed if taken),
 *   because GLPK's reader rejects constants in the objective.
 * - Binaries whose bounds are not [0, 1] are written as General with their bounds intersected with [0, 1].
 * - Variables that occur in no row and not in the objective get an explicit Bounds line, so that no
 *   column disappears. Duplicate terms are merged (GLPK rejects them; HiGHS would drop one).
 * - Numbers use JavaScript's shortest round-trip form (full precision); long expressions are wrapped.
 * Names must already be LP-safe (types.ts: [A-Za-z0-9_.]); they are not checked or escaped.
 */
import { columnBounds, constraintMatrix, denseObjective, validateModel } from './model-matrix.js';
import type { LinearModel } from './types.js';

/** Options of {@link writeCplexLp}. */
export interface WriteLpOptions {
  /** Lines are wrapped before a term that would make them longer than this (default 200). */
  readonly maxLineLength?: number;
}

const fmt = (x: number): string => (x === Infinity ? 'inf' : x === -Infinity ? '-inf' : String(x));

/** Accumulates one wrapped expression line by line. */
class LineWriter {
  private line = '';
  constructor(
    private readonly out: string[],
    private readonly max: number,
  ) {}

  start(head: string): void {
    this.line = head;
  }

  add(piece: string): void {
    if (this.line.length + piece.length > this.max && this.line.trim() !== '') {
      this.out.push(this.line);
      this.line = ' ';
    }
    this.line += piece;
  }

  addTerm(coef: number, name: string): void {
    if (coef === 1) this.add(` + ${name}`);
    else if (coef === -1) this.add(` - ${name}`);
    else if (coef < 0) this.add(` - ${fmt(-coef)} ${name}`);
    else this.add(` + ${fmt(coef)} ${name}`);
  }

  end(): void {
    this.out.push(this.line);
    this.line = '';
  }
}

function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  while (taken.has(name)) name += '_';
  taken.add(name);
  return name;
}

/**
 * Writes `model` (a minimisation) as CPLEX LP text. Throws a RangeError for a structurally invalid model
 * (index out of range, non-finite coefficient, NaN bound); see the module comment for the conventions.
 */
export function writeCplexLp(model: LinearModel, options: WriteLpOptions = {}): string {
  const invalid = validateModel(model);
  if (invalid !== null) throw new RangeError(`cannot write model ${model.name}: ${invalid}`);
  const max = options.maxLineLength ?? 200;
  const vars = model.variables;
  const names = vars.map((v) => v.name);
  const cost = denseObjective(model);
  const matrix = constraintMatrix(model);
  const used = new Uint8Array(vars.length);
  for (let j = 0; j < vars.length; j++) if (cost[j] !== 0) used[j] = 1;
  for (let p = 0; p < matrix.indices.length; p++) used[matrix.indices[p] as number] = 1;
  const taken = new Set<string>([...names, ...model.constraints.map((c) => c.name)]);
  const constant = model.objective.constant;
  const constName = constant !== 0 || vars.length === 0 ? uniqueName('obj_constant', taken) : null;

  const out: string[] = [`\\ Model: ${model.name}`, `\\ ${vars.length} variables, ${model.constraints.length} constraints`];
  if (constName !== null) out.push(`\\ The objective constant ${fmt(constant)} is carried by ${constName}, fixed to 1`);
  out.push('Minimize');
  const w = new LineWriter(out, max);
  w.start(` ${uniqueName('obj', taken)}:`);
  let terms = 0;
  for (let j = 0; j < vars.length; j++) {
    const c = cost[j] as number;
    if (c !== 0) {
      w.addTerm(c, names[j] as string);
      terms++;
    }
  }
  if (constName !== null) {
    w.add(` + ${fmt(constant)} ${constName}`);
    terms++;
  }
  if (terms === 0) w.add(` 0 ${names[0] as string}`);
  w.end();

  out.push('Subject To');
  const emptyTerm = ` 0 ${names[0] ?? (constName as string)}`;
  const writeRow = (name: string, i: number, sense: string, rhs: number): void => {
    w.start(` ${name}:`);
    const from = matrix.starts[i] as number;
    const to = matrix.starts[i + 1] as number;
    for (let p = from; p < to; p++) w.addTerm(matrix.values[p] as number, names[matrix.indices[p] as number] as string);
    if (from === to) w.add(emptyTerm);
    w.add(` ${sense} ${fmt(rhs)}`);
    w.end();
  };
  let rows = 0;
  model.constraints.forEach((row, i) => {
    const hasLb = Number.isFinite(row.lb);
    const hasUb = Number.isFinite(row.ub);
    if (hasLb && hasUb && row.lb === row.ub) writeRow(row.name, i, '=', row.lb);
    else if (hasLb && hasUb) {
      writeRow(uniqueName(`${row.name}_lo`, taken), i, '>=', row.lb);
      writeRow(uniqueName(`${row.name}_hi`, taken), i, '<=', row.ub);
      rows++;
    } else if (hasLb) writeRow(row.name, i, '>=', row.lb);
    else if (hasUb) writeRow(row.name, i, '<=', row.ub);
    else return;
    rows++;
  });
  // GLPK's reader needs at least one row.
  if (rows === 0) out.push(` ${uniqueName('no_constraints', taken)}:${emptyTerm} >= -1`);

  out.push('Bounds');
  const generals: string[] = [];
  const binaries: string[] = [];
  for (let j = 0; j < vars.length; j++) {
    const v = vars[j];
    const name = names[j] as string;
    const [lb, ub] = columnBounds(model, j);
    if (v?.type === 'binary' && lb === 0 && ub === 1) {
      binaries.push(name);
      continue;
    }
    if (v?.type !== 'continuous') generals.push(name);
    if (lb === 0 && ub === Infinity && used[j] === 1) continue; // the default
    if (lb === -Infinity && ub === Infinity) out.push(` ${name} free`);
    else if (lb === ub) out.push(` ${name} = ${fmt(lb)}`);
    else if (ub === Infinity) out.push(` ${name} >= ${fmt(lb)}`);
    else out.push(` ${fmt(lb)} <= ${name} <= ${fmt(ub)}`);
  }
  if (constName !== null) out.push(` ${constName} = 1`);
  const section = (title: string, list: string[]): void => {
    if (list.length === 0) return;
    out.push(title);
    for (let k = 0; k < list.length; k += 10) out.push(` ${list.slice(k, k + 10).join(' ')}`);
  };
  section('General', generals);
  section('Binary', binaries);
  out.push('End', '');
  return out.join('\n');
}

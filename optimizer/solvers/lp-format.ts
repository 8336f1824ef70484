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

/**
 * Writes the text as bytes into a growing buffer and wraps expressions. Building megabytes of LP text
 * from many small strings is dominated by string flattening and GC; bytes are several times faster.
 */
class TextWriter {
  private buf = new Uint8Array(1 << 16);
  private len = 0;
  private col = 0;
  /** Whether the current line holds anything but indentation (a line is never broken before that). */
  private filled = false;
  constructor(private readonly max: number) {}

  private put(s: string): void {
    if (this.len + 3 * s.length > this.buf.length) {
      const next = new Uint8Array(Math.max(2 * this.buf.length, this.len + 3 * s.length));
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
    }
    const b = this.buf;
    let k = this.len;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        // Not expected in names (they are LP-safe ASCII), but keep free text such as model names intact.
        k += encoder.encodeInto(s.slice(i), b.subarray(k)).written;
        break;
      }
      b[k++] = c;
    }
    this.len = k;
  }

  /** A whole line. */
  line(text: string): void {
    this.put(text);
    this.put('\n');
  }

  /** Starts a wrapped expression line. */
  start(head: string): void {
    this.put(head);
    this.col = head.length;
    this.filled = head.trim() !== '';
  }

  private wrapFor(width: number): void {
    if (this.filled && this.col + width > this.max) {
      this.put('\n ');
      this.col = 1;
    }
    this.col += width;
    this.filled = true;
  }

  /** Appends a piece, breaking the line first if the piece would make it too long. */
  add(piece: string): void {
    this.wrapFor(piece.length);
    this.put(piece);
  }

  /** Appends " + 3 x", " - x", ... */
  addTerm(coef: number, name: string): void {
    const num = coef === 1 || coef === -1 ? '' : fmt(Math.abs(coef));
    this.wrapFor(3 + (num === '' ? 0 : num.length + 1) + name.length);
    this.put(coef < 0 ? ' - ' : ' + ');
    if (num !== '') {
      this.put(num);
      this.put(' ');
    }
    this.put(name);
  }

  /** Ends the current expression line. */
  end(): void {
    this.put('\n');
  }

  toString(): string {
    return decoder.decode(this.buf.subarray(0, this.len));
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Every name this writer makes up is one of these bases followed by zero or more underscores. */
const MADE_UP = /(?:_lo|_hi|^obj_constant|^no_constraints|^obj)_*$/;

/** Hands out names not used by any variable or row. */
class NameSource {
  private taken: Set<string> | null = null;
  constructor(private readonly model: LinearModel) {}

  unique(base: string): string {
    // Only existing names that could collide with a made-up one need remembering.
    this.taken ??= new Set([...this.model.variables.map((v) => v.name), ...this.model.constraints.map((c) => c.name)].filter((n) => MADE_UP.test(n)));
    let name = base;
    while (this.taken.has(name)) name += '_';
    this.taken.add(name);
    return name;
  }
}

/**
 * Writes `model` (a minimisation) as CPLEX LP text. Throws a RangeError for a structurally invalid model
 * (index out of range, non-finite coefficient, NaN bound); see the module comment for the conventions.
 */
export function writeCplexLp(model: LinearModel, options: WriteLpOptions = {}): string {
  const invalid = validateModel(model);
  if (invalid !== null) throw new RangeError(`cannot write model ${model.name}: ${invalid}`);
  const vars = model.variables;
  const names = vars.map((v) => v.name);
  const cost = denseObjective(model);
  const matrix = constraintMatrix(model);
  const used = new Uint8Array(vars.length);
  for (let j = 0; j < vars.length; j++) if (cost[j] !== 0) used[j] = 1;
  for (let p = 0; p < matrix.indices.length; p++) used[matrix.indices[p] as number] = 1;
  const fresh = new NameSource(model);
  const constant = model.objective.constant;
  const constName = constant !== 0 || vars.length === 0 ? fresh.unique('obj_constant') : null;
  const w = new TextWriter(options.maxLineLength ?? 200);

  w.line(`\\ Model: ${model.name.replace(/\s+/g, ' ')}`);
  w.line(`\\ ${vars.length} variables, ${model.constraints.length} constraints`);
  if (constName !== null) w.line(`\\ The objective constant ${fmt(constant)} is carried by ${constName}, fixed to 1`);
  w.line('Minimize');
  const objName = fresh.unique('obj');
  w.start(` ${objName}:`);
  let terms = 0;
  for (let j = 0; j < vars.length; j++) {
    const c = cost[j] as number;
    if (c !== 0) {
      w.addTerm(c, names[j] as string);
      terms++;
    }
  }
  if (constName !== null) {
    w.addTerm(constant, constName);
    terms++;
  }
  if (terms === 0) w.add(` 0 ${names[0] as string}`);
  w.end();

  w.line('Subject To');
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
      writeRow(fresh.unique(`${row.name}_lo`), i, '>=', row.lb);
      writeRow(fresh.unique(`${row.name}_hi`), i, '<=', row.ub);
      rows++;
    } else if (hasLb) writeRow(row.name, i, '>=', row.lb);
    else if (hasUb) writeRow(row.name, i, '<=', row.ub);
    else return;
    rows++;
  });
  // GLPK's reader needs at least one row.
  if (rows === 0) w.line(` ${fresh.unique('no_constraints')}:${emptyTerm} >= -1`);

  w.line('Bounds');
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
    if (lb === -Infinity && ub === Infinity) w.line(` ${name} free`);
    else if (lb === ub) w.line(` ${name} = ${fmt(lb)}`);
    else if (ub === Infinity) w.line(` ${name} >= ${fmt(lb)}`);
    else w.line(` ${fmt(lb)} <= ${name} <= ${fmt(ub)}`);
  }
  if (constName !== null) w.line(` ${constName} = 1`);
  const section = (title: string, list: string[]): void => {
    if (list.length === 0) return;
    w.line(title);
    w.start('');
    for (const name of list) w.add(` ${name}`);
    w.end();
  };
  section('General', generals);
  section('Binary', binaries);
  w.line('End');
  return w.toString();
}

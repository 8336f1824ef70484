/** A small typed view over csv-parse output: rows addressed by column name, checked against the header. */
import { parse } from 'csv-parse/sync';

/** Rows of one CSV file, with a getter per required column. */
export interface CsvTable<C extends string> {
  readonly rowCount: number;
  /** The value of `column` in row `row` (the empty string for an empty cell). */
  get(row: number, column: C): string;
}

/**
 * Parses CSV text with a header line and checks that every required column is present.
 * @param text the whole file
 * @param file the file name, used in error messages
 * @param columns the columns the caller reads
 * @throws Error naming the file and the missing column
 */
export function parseCsvTable<C extends string>(text: string, file: string, columns: readonly C[]): CsvTable<C> {
  const records = parse(text, { skip_empty_lines: true, relax_column_count: true });
  const header = records[0];
  if (header === undefined) throw new Error(`${file}: empty file`);
  const index = new Map<C, number>();
  for (const column of columns) {
    const at = header.indexOf(column);
    if (at < 0) throw new Error(`${file}: missing column "${column}" (header: ${header.join(',')})`);
    index.set(column, at);
  }
  return {
    rowCount: records.length - 1,
    get(row: number, column: C): string {
      return records[row + 1]?.[index.get(column) ?? -1] ?? '';
    },
  };
}

/**
 * Parses a number cell.
 * @returns undefined for an empty cell
 * @throws Error naming the file, row and column for a non-numeric cell
 */
export function parseOptionalNumber(value: string, file: string, row: number, column: string): number | undefined {
  if (value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`${file}: row ${row + 2}, column ${column}: not a number: "${value}"`);
  return n;
}

/** Parses a required number cell; throws (naming the cell) when it is empty or not a number. */
export function parseRequiredNumber(value: string, file: string, row: number, column: string): number {
  const n = parseOptionalNumber(value, file, row, column);
  if (n === undefined) throw new Error(`${file}: row ${row + 2}, column ${column}: empty`);
  return n;
}

/** kubectl-style plain columns (upper-case heads, two spaces apart, no borders) and ages. Pure. */
import { money } from '../money.js';

/** Aligns `rows` under `head`; the last column is not padded. */
export function formatColumns(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('   ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

/** kubectl's short age: 45s, 12m, 3h, 5d (from an RFC 3339 timestamp and now in ms). */
export function age(timestamp: string | undefined, nowMs: number): string {
  if (!timestamp) return '<unknown>';
  const s = Math.max(0, Math.floor((nowMs - Date.parse(timestamp)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

/** USD with two decimals and thousands separators: $1,234.50. */
export function usd(n: number): string {
  const sign = n < 0 ? '-' : '';
  return `${sign}$${money(Math.abs(n))}`;
}

/**
 * Money as the CLI prints it: two decimals and thousands separators (1,234.50), exactly as the en-US ICU formatter
 * prints it (half-up rounding of the shortest decimal form, so 0.045 → 0.05; a negative amount keeps its sign even
 * when it rounds to zero), without Intl: `toLocaleString` with options builds an ICU number formatter on every
 * call, which took 88 ms of a cold air-quality table (docs/optimizer.md, "Fourth round").
 */
export function money(n: number): string {
  const digits = String(Math.abs(n));
  // Non-finite amounts and the exponent forms (below 1e-6 or from 1e21) go to the formatter itself.
  if (!/^\d+(\.\d+)?$/.test(digits)) return n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const [whole = '0', fraction = ''] = digits.split('.');
  const cents = BigInt(whole + fraction.slice(0, 2).padEnd(2, '0')) + (fraction.charCodeAt(2) >= 53 ? 1n : 0n);
  const text = cents.toString().padStart(3, '0');
  const grouped = text.slice(0, -2).replace(/\B(?=(\d{3})+$)/g, ',');
  const sign = n < 0 || Object.is(n, -0) ? '-' : '';
  return `${sign}${grouped}.${text.slice(-2)}`;
}

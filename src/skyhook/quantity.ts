/**
 * Kubernetes resource quantities (`500m`, `256Mi`, `1e3`), read exactly: parse, compare, sign, zero test and
 * the canonical form that `resource.Quantity.String()` prints, so that messages name a value as the operator
 * would (`0.5` prints as `500m`, `1024Ki` as `1Mi`).
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */

/** The pattern of a quantity string, as in every CRD that declares one (int-or-string with this pattern). */
export const QUANTITY_PATTERN = /^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$/;

/** A quantity as an exact number: ±mantissa × 10^exp10 × 2^exp2, plus the suffix family it was written in. */
export interface Quantity {
  readonly negative: boolean;
  readonly mantissa: bigint;
  readonly exp10: number;
  readonly exp2: number;
  readonly format: 'BinarySI' | 'DecimalSI' | 'DecimalExponent';
}

const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/** Result of {@link parseQuantity}: the value, or why the API server would refuse it. */
export type QuantityResult = { ok: true; value: Quantity } | { ok: false; message: string };

/**
 * Parses a quantity the way the API server does for an int-or-string quantity field: a whole number, or a
 * string matching {@link QUANTITY_PATTERN} whose `e` exponent, if any, is a whole number.
 */
export function parseQuantity(input: unknown): QuantityResult {
  if (typeof input === 'number') {
    if (!Number.isInteger(input)) return { ok: false, message: `expected a whole number or a quantity string like 500m, got ${input}` };
    return parseQuantity(String(input));
  }
  if (typeof input !== 'string') return { ok: false, message: 'expected a quantity like 500m or 256Mi' };
  if (!QUANTITY_PATTERN.test(input)) return { ok: false, message: `${JSON.stringify(input)} is not a quantity (like 500m, 2 or 256Mi)` };
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/.exec(input) as RegExpExecArray;
  const [, sign, whole = '', fraction = '', suffix = ''] = m;
  let exp10 = -fraction.length;
  let exp2 = 0;
  let format: Quantity['format'] = 'DecimalSI';
  if (suffix in BINARY) {
    exp2 = BINARY[suffix] as number;
    format = 'BinarySI';
  } else if (suffix in DECIMAL) {
    exp10 += DECIMAL[suffix] as number;
  } else {
    const e = /^[eE]([+-]?[0-9]+)$/.exec(suffix);
    if (e === null) return { ok: false, message: `${JSON.stringify(input)}: unable to parse the quantity's suffix` };
    exp10 += Number(e[1]);
    format = 'DecimalExponent';
  }
  const mantissa = BigInt(`${whole}${fraction}` === '' ? '0' : `${whole}${fraction}`);
  return { ok: true, value: { negative: sign === '-' && mantissa !== 0n, mantissa, exp10, exp2, format } };
}

/** The signed value scaled so that two quantities share exponents: [a, b] as bigints comparable directly. */
function aligned(a: Quantity, b: Quantity): [bigint, bigint] {
  const e10 = Math.min(a.exp10, b.exp10);
  const e2 = Math.min(a.exp2, b.exp2);
  const scale = (q: Quantity): bigint => {
    const v = q.mantissa * 10n ** BigInt(q.exp10 - e10) * 2n ** BigInt(q.exp2 - e2);
    return q.negative ? -v : v;
  };
  return [scale(a), scale(b)];
}

/** -1, 0 or 1 as a is less than, equal to or greater than b (exact). */
export function compareQuantity(a: Quantity, b: Quantity): number {
  const [x, y] = aligned(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** -1, 0 or 1: the sign of the quantity. */
export function signOf(q: Quantity): number {
  return q.mantissa === 0n ? 0 : q.negative ? -1 : 1;
}

/** Rounds a positive rational n / d up to a whole number. */
function ceilDiv(n: bigint, d: bigint): bigint {
  return (n + d - 1n) / d;
}

/**
 * The canonical text of a quantity, as `resource.Quantity.String()` prints it: binary suffixes kept only
 * for whole multiples of 1024, otherwise the value rounded up to nano units in a decimal suffix (or an `e`
 * exponent when written that way) with the exponent a multiple of three.
 */
export function formatQuantity(q: Quantity): string {
  const sign = q.negative ? '-' : '';
  // Exact value as a fraction num/den (both positive).
  let num = q.mantissa * (q.exp10 > 0 ? 10n ** BigInt(q.exp10) : 1n) * (q.exp2 > 0 ? 2n ** BigInt(q.exp2) : 1n);
  const den = (q.exp10 < 0 ? 10n ** BigInt(-q.exp10) : 1n) * (q.exp2 < 0 ? 2n ** BigInt(-q.exp2) : 1n);
  if (num === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI' && (num < 1024n * den || num % den !== 0n)) format = 'DecimalSI';
  if (format === 'BinarySI') {
    let whole = num / den;
    let power = 0;
    while (power < 60 && whole % 1024n === 0n) {
      whole /= 1024n;
      power += 10;
    }
    const suffix = Object.entries(BINARY).find(([, p]) => p === power)?.[0] ?? '';
    return `${sign}${whole}${suffix}`;
  }
  // In nano units, rounded away from zero as the API server does for values finer than 1n.
  num = ceilDiv(num * 10n ** 9n, den);
  let exponent = -9;
  while (num % 10n === 0n) {
    num /= 10n;
    exponent += 1;
  }
  const r = ((exponent % 3) + 3) % 3;
  num *= 10n ** BigInt(r);
  exponent -= r;
  if (format === 'DecimalExponent') return `${sign}${num}${exponent === 0 ? '' : `e${exponent}`}`;
  const suffix = Object.entries(DECIMAL).find(([, p]) => p === exponent)?.[0];
  return `${sign}${num}${suffix ?? `e${exponent}`}`;
}

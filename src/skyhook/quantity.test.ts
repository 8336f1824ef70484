import { describe, expect, it } from 'vitest';
import { compareQuantity, formatQuantity, parseQuantity, signOf, type Quantity } from './quantity.js';

const q = (text: string | number): Quantity => {
  const r = parseQuantity(text);
  if (!r.ok) throw new Error(r.message);
  return r.value;
};

describe('quantities', () => {
  it.each([
    ['500m', '500m'], // milli stays
    ['0.5', '500m'], // decimal fraction → milli, as resource.Quantity prints it
    ['1', '1'],
    [2, '2'], // YAML integer
    ['1000m', '1'], // trailing zeros folded
    ['256Mi', '256Mi'], // binary kept
    ['1024Ki', '1Mi'], // binary folded
    ['1.5Gi', '1536Mi'], // whole multiple of 1024 stays binary
    ['512', '512'], // small plain number
    ['100Ki', '100Ki'],
    ['0.5Ki', '512'], // below 1024: decimal
    ['1e3', '1e3'], // exponent notation kept
    ['1k', '1k'],
    ['1500', '1500'],
    ['-1Mi', '-1Mi'],
    ['0', '0'],
    ['1n', '1n'],
  ])('%s prints as %s', (text, canonical) => {
    expect(formatQuantity(q(text))).toBe(canonical);
  });

  it('compares exactly across suffix families', () => {
    expect(compareQuantity(q('1Gi'), q('1G'))).toBe(1); // 1073741824 > 1e9
    expect(compareQuantity(q('0.1'), q('100m'))).toBe(0);
    expect(compareQuantity(q('50m'), q('100m'))).toBe(-1);
    expect(compareQuantity(q('-1'), q('0'))).toBe(-1);
  });

  it('knows the sign, and that every spelling of zero is zero', () => {
    expect(signOf(q('0m'))).toBe(0);
    expect(signOf(q('0Mi'))).toBe(0);
    expect(signOf(q('-0'))).toBe(0);
    expect(signOf(q('-5m'))).toBe(-1);
  });

  it.each([
    ['abc', '"abc" is not a quantity (like 500m, 2 or 256Mi)'],
    ['1e1.5', '"1e1.5": unable to parse the quantity\'s suffix'], // the CRD pattern admits it; ParseQuantity does not
    [1.5, 'expected a whole number or a quantity string like 500m, got 1.5'],
  ])('refuses %s', (text, message) => {
    const r = parseQuantity(text);
    expect(r).toEqual({ ok: false, message });
  });
});

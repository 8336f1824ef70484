import { describe, expect, it } from 'vitest';
import { money } from './money.js';

/** The reference: what the en-US ICU formatter prints, as the CLI did before. */
const icu = (n: number): string => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

describe('money', () => {
  it('prints two decimals and thousands separators', () => {
    expect(money(0)).toBe('0.00');
    expect(money(1234.5)).toBe('1,234.50');
    expect(money(1621.62711)).toBe('1,621.63');
    expect(money(999.995)).toBe(icu(999.995));
    expect(money(1_000_000)).toBe('1,000,000.00');
    expect(money(-42.1)).toBe('-42.10');
    expect(money(-0.001)).toBe(icu(-0.001));
    expect(money(Number.POSITIVE_INFINITY)).toBe(icu(Number.POSITIVE_INFINITY));
    expect(money(-0)).toBe(icu(-0));
    expect(money(1e-7)).toBe(icu(1e-7));
    expect(money(2e21)).toBe(icu(2e21));
  });

  it('agrees with the en-US formatter on 20,000 random amounts from cents to billions, both signs', () => {
    let seed = 7;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const differ: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const n = ((rnd() < 0.2 ? -1 : 1) * Math.round(10 ** (rnd() * 11 - 2) * 1000)) / 1000;
      if (money(n) !== icu(n)) differ.push(`${n}: ${money(n)} vs ${icu(n)}`);
    }
    expect(differ.slice(0, 5)).toEqual([]);
  });
});

/**
 * IPv4 CIDR blocks as numbers: parse, format, overlap and carve. Pure arithmetic, no I/O; the CIDR allocator
 * and the network layout are built on it.
 */

/** An IPv4 block: its first address as an unsigned 32-bit number and its prefix length. */
export interface Cidr {
  readonly base: number;
  readonly prefix: number;
}

const CIDR_TEXT = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Number of addresses in a block of this prefix length. */
export function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

/**
 * Parses `10.1.0.0/16`. Returns a message instead when the text is not an IPv4 CIDR or has host bits set
 * (`10.1.2.3/16`), because a block given with host bits is almost always a typo for another block.
 */
export function parseCidr(text: string): Cidr | { error: string } {
  const m = CIDR_TEXT.exec(text.trim());
  if (!m) return { error: `expected an IPv4 CIDR like 10.1.0.0/16, got ${JSON.stringify(text)}` };
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return { error: `expected an IPv4 CIDR like 10.1.0.0/16, got ${JSON.stringify(text)}` };
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  if (base % blockSize(prefix) !== 0)
    return { error: `${text} has host bits set; the block starting there is ${formatCidr({ base: base - (base % blockSize(prefix)), prefix })}` };
  return { base, prefix };
}

/** True when parseCidr failed. */
export function isCidrError(c: Cidr | { error: string }): c is { error: string } {
  return 'error' in c;
}

/** `10.1.0.0/16`. */
export function formatCidr(c: Cidr): string {
  const o = [24, 16, 8, 0].map((shift) => Math.floor(c.base / 2 ** shift) % 256);
  return `${o.join('.')}/${c.prefix}`;
}

/** True when the two blocks share at least one address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  const aEnd = a.base + blockSize(a.prefix);
  const bEnd = b.base + blockSize(b.prefix);
  return a.base < bEnd && b.base < aEnd;
}

/** True when `inner` lies entirely inside `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && inner.base >= outer.base && inner.base + blockSize(inner.prefix) <= outer.base + blockSize(outer.prefix);
}

/**
 * The `index`-th block of prefix length `prefix` inside `parent` (0 is the first). Throws a RangeError when
 * it does not fit: callers compute indices from counts they checked, so this is a bug, not bad input.
 */
export function subBlock(parent: Cidr, prefix: number, index: number): Cidr {
  const count = blockSize(parent.prefix) / blockSize(prefix);
  if (prefix < parent.prefix || index < 0 || index >= count)
    throw new RangeError(`subBlock: /${prefix} #${index} does not fit in ${formatCidr(parent)}`);
  return { base: parent.base + index * blockSize(prefix), prefix };
}

/** The address at `offset` from the start of a block, as text (`10.0.0.10` for offset 10 of 10.0.0.0/16). */
export function addressAt(cidrText: string, offset: number): string {
  const c = parseCidr(cidrText);
  if (isCidrError(c) || offset < 0 || offset >= blockSize(c.prefix)) throw new RangeError(`addressAt: offset ${offset} outside ${cidrText}`);
  return formatCidr({ base: c.base + offset, prefix: 32 }).replace(/\/32$/, '');
}

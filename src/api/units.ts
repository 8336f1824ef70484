/**
 * The one place where quantities written by users are parsed: durations (`15ms`, `730h`), data sizes
 * (`0.5GB`, `10Gi`), data rates (`0.01GB/s`, `100Mbps`), CPU and memory requests (`500m`, `512Mi`),
 * counts (`2`) and prices (`"0.0015"`, USD per hour).
 *
 * Each unit has a regular expression (used by the zod schemas, and so by the CRDs' openAPIV3Schema, to
 * reject malformed values early) and a parser returning a number in one base unit:
 * durations in milliseconds, sizes in GB (10^9 bytes), rates in GB per second, memory in GiB, CPU in cores.
 * Parsers return a {@link UnitResult} instead of throwing, so callers can name the field that was wrong.
 */

/**
 * The largest value each quantity may have (docs/policies.md, "Limits"). Far above any real deployment, and
 * low enough that every cost the optimizer derives (volume x USD/GB, price x hours x nodes) stays a finite
 * number the solvers handle without losing precision: `averageDataRate: 1e300GB/s` is refused here, naming
 * its field, instead of reaching the solver as a NaN coefficient.
 */
export const QUANTITY_LIMITS = {
  /** 10 years, in milliseconds. */
  durationMs: 10 * 8760 * 3_600_000,
  /** 1 EB (10^9 GB). */
  dataSizeGB: 1e9,
  /** 1,000 GB/s (8 Tbit/s). */
  dataRateGBps: 1000,
  /** 1 PiB of memory, in GiB. */
  memoryGiB: 1024 ** 2,
  /** 100,000 cores. */
  cpuCores: 100_000,
  /** Counts (nodes, GPUs, replicas). */
  count: 1_000_000,
  /** USD (an hourly price, a budget). */
  priceUsd: 1e9,
} as const;

/** Result of parsing a quantity: the value in base units, or the reason it was rejected. */
export type UnitResult = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly message: string };

const NUMBER = String.raw`(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?`;

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };
const SIZE_UNITS: Record<string, number> = {
  B: 1e-9,
  KB: 1e-6,
  MB: 1e-3,
  GB: 1,
  TB: 1e3,
  PB: 1e6,
  Ki: 1024 / 1e9,
  Mi: 1024 ** 2 / 1e9,
  Gi: 1024 ** 3 / 1e9,
  Ti: 1024 ** 4 / 1e9,
  Pi: 1024 ** 5 / 1e9,
  KiB: 1024 / 1e9,
  MiB: 1024 ** 2 / 1e9,
  GiB: 1024 ** 3 / 1e9,
  TiB: 1024 ** 4 / 1e9,
  PiB: 1024 ** 5 / 1e9,
};
/** Bit rates, in GB per second per unit. */
const BIT_RATE_UNITS: Record<string, number> = { bps: 1.25e-10, Kbps: 1.25e-7, Mbps: 1.25e-4, Gbps: 0.125, Tbps: 125 };
const PER_UNITS: Record<string, number> = { s: 1, sec: 1, m: 1 / 60, min: 1 / 60, h: 1 / 3600, d: 1 / 86_400 };
/** Memory units, in GiB per unit (Kubernetes quantities; `GB` is read as 10^9 bytes). */
const MEMORY_UNITS: Record<string, number> = {
  '': 1 / 1024 ** 3,
  Ki: 1 / 1024 ** 2,
  Mi: 1 / 1024,
  Gi: 1,
  Ti: 1024,
  K: 1e3 / 1024 ** 3,
  M: 1e6 / 1024 ** 3,
  G: 1e9 / 1024 ** 3,
  T: 1e12 / 1024 ** 3,
  KB: 1e3 / 1024 ** 3,
  MB: 1e6 / 1024 ** 3,
  GB: 1e9 / 1024 ** 3,
  TB: 1e12 / 1024 ** 3,
  KiB: 1 / 1024 ** 2,
  MiB: 1 / 1024,
  GiB: 1,
  TiB: 1024,
};

const alternatives = (units: Record<string, number>): string =>
  Object.keys(units)
    .filter((u) => u !== '')
    .sort((a, b) => b.length - a.length)
    .join('|');

/** `15ms`, `2s`, `1.5m`, `730h`, `30d`. */
export const DURATION_PATTERN = new RegExp(`^(${NUMBER})\\s*(${alternatives(DURATION_UNITS)})$`);
/** `0.5GB`, `200MB`, `10Gi`, `1TiB`. */
export const DATA_SIZE_PATTERN = new RegExp(`^(${NUMBER})\\s*(${alternatives(SIZE_UNITS)})$`);
/** `0.01GB/s`, `5MB/s`, `100GB/h`, `100Mbps`. */
export const DATA_RATE_PATTERN = new RegExp(
  `^(${NUMBER})\\s*(?:(${alternatives(SIZE_UNITS)})\\s*/\\s*(${alternatives(PER_UNITS)})|(${alternatives(BIT_RATE_UNITS)}))$`,
);
/** Kubernetes memory quantity or SkyCluster's `16GB`: `512Mi`, `16Gi`, `2GB`, `1073741824`. */
export const MEMORY_PATTERN = new RegExp(`^(${NUMBER})\\s*(${alternatives(MEMORY_UNITS)})?$`);
/** Kubernetes CPU quantity: `2`, `0.5`, `500m`. */
export const CPU_PATTERN = new RegExp(`^(${NUMBER})(m?)$`);
/** A non-negative decimal number written as a string: `"0.0015"`, `"12"`. */
export const DECIMAL_PATTERN = new RegExp(`^${NUMBER}$`);

const fail = (message: string): UnitResult => ({ ok: false, message });
/** A value as a message shows it: strings quoted, numbers (NaN, Infinity too) as written. */
const show = (v: unknown): string => (typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? String(v)));
const ok = (value: number): UnitResult => ({ ok: true, value });

function finiteOrFail(value: number, text: string, what: string, max: number, limit: string): UnitResult {
  if (!Number.isFinite(value)) return fail(`${what} ${JSON.stringify(text)} is out of range (at most ${limit})`);
  return value <= max ? ok(value) : fail(`${what} ${JSON.stringify(text)} is above the limit of ${limit}`);
}

/** Parses a duration into milliseconds. */
export function parseDuration(text: string): UnitResult {
  const m = DURATION_PATTERN.exec(text.trim());
  if (!m) return fail(`expected a duration like 15ms, 2s or 730h, got ${JSON.stringify(text)}`);
  return finiteOrFail(Number(m[1]) * (DURATION_UNITS[m[2] as string] as number), text, 'duration', QUANTITY_LIMITS.durationMs, '87600h (10 years)');
}

/** Parses a data size into GB (10^9 bytes). */
export function parseDataSize(text: string): UnitResult {
  const m = DATA_SIZE_PATTERN.exec(text.trim());
  if (!m) return fail(`expected a data size like 0.5GB, 200MB or 10Gi, got ${JSON.stringify(text)}`);
  return finiteOrFail(Number(m[1]) * (SIZE_UNITS[m[2] as string] as number), text, 'data size', QUANTITY_LIMITS.dataSizeGB, '1e9GB (1 EB)');
}

/** Parses a data rate into GB per second. */
export function parseDataRate(text: string): UnitResult {
  const m = DATA_RATE_PATTERN.exec(text.trim());
  if (!m) return fail(`expected a data rate like 0.01GB/s, 5MB/s or 100Mbps, got ${JSON.stringify(text)}`);
  const n = Number(m[1]);
  const value =
    m[4] !== undefined ? n * (BIT_RATE_UNITS[m[4]] as number) : n * (SIZE_UNITS[m[2] as string] as number) * (PER_UNITS[m[3] as string] as number);
  return finiteOrFail(value, text, 'data rate', QUANTITY_LIMITS.dataRateGBps, '1000GB/s');
}

/** Parses a memory quantity into GiB. A bare number is bytes, as in Kubernetes. */
export function parseMemory(text: string | number): UnitResult {
  const s = String(text).trim();
  const m = MEMORY_PATTERN.exec(s);
  if (!m) return fail(`expected a memory size like 512Mi, 16Gi or 16GB, got ${JSON.stringify(text)}`);
  return finiteOrFail(Number(m[1]) * (MEMORY_UNITS[m[2] ?? ''] as number), s, 'memory size', QUANTITY_LIMITS.memoryGiB, '1Pi');
}

/** Parses a CPU quantity into cores (`500m` = 0.5). */
export function parseCpu(text: string | number): UnitResult {
  const s = String(text).trim();
  const m = CPU_PATTERN.exec(s);
  if (!m) return fail(`expected a CPU quantity like 2, 0.5 or 500m, got ${JSON.stringify(text)}`);
  return finiteOrFail(Number(m[1]) / (m[2] === 'm' ? 1000 : 1), s, 'CPU quantity', QUANTITY_LIMITS.cpuCores, '100000 cores');
}

/** Parses a non-negative count (`2` or `"2"`). */
export function parseCount(text: string | number): UnitResult {
  // Callers may hand over unchecked YAML values (a list, an object): reject them instead of throwing.
  const n = typeof text === 'number' ? text : typeof text === 'string' && /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n) || n < 0) return fail(`expected a whole number like 2, got ${show(text)}`);
  if (n > QUANTITY_LIMITS.count) return fail(`${show(text)} is above the limit of ${QUANTITY_LIMITS.count}`);
  return ok(n);
}

/** Parses a price (USD) given as a number or a decimal string (`"0.0015"`). */
export function parsePrice(text: string | number): UnitResult {
  const n = typeof text === 'number' ? text : typeof text === 'string' && DECIMAL_PATTERN.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isFinite(n) || n < 0) return fail(`expected a non-negative price like "0.0015" (USD), got ${show(text)}`);
  if (n > QUANTITY_LIMITS.priceUsd) return fail(`price ${show(text)} is above the limit of 1e9 USD`);
  return ok(n);
}

/** Formats milliseconds as the shortest readable duration (`15ms`, `2s`, `730h`). */
export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000}h`;
  if (ms % 1000 === 0 && ms > 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  parseCount,
  parseCpu,
  parseDataRate,
  parseDataSize,
  parseDuration,
  parseMemory,
  parsePrice,
  type UnitResult,
} from './units.js';

type Parser = (text: never) => UnitResult;
const PARSERS: Record<string, Parser> = {
  parseDuration,
  parseDataSize,
  parseDataRate,
  parseMemory,
  parseCpu,
  parseCount,
  parsePrice,
};

const GiB = 1024 ** 3;

describe('unit parsers accept their documented forms', () => {
  it.each<[string, string | number, number]>([
    // durations are milliseconds
    ['parseDuration', '15ms', 15], // SkyCluster's latency bound
    ['parseDuration', '730h', 2_628_000_000], // one month, the default cost horizon
    ['parseDuration', '2s', 2000], // seconds
    ['parseDuration', '1.5m', 90_000], // m is minutes for durations
    ['parseDuration', '10min', 600_000], // min spelled out
    ['parseDuration', '30d', 2_592_000_000], // days
    ['parseDuration', '15 ms', 15], // a space between number and unit is allowed
    ['parseDuration', ' 15ms ', 15], // surrounding blanks are trimmed
    ['parseDuration', '.5s', 500], // leading-dot decimal
    ['parseDuration', '1e3ms', 1000], // exponent
    // data sizes are GB (10^9 bytes)
    ['parseDataSize', '0.5GB', 0.5], // SkyCluster's totalDataTransfer
    ['parseDataSize', '10Gi', (10 * GiB) / 1e9], // binary unit
    ['parseDataSize', '200MB', 0.2], // decimal megabytes
    ['parseDataSize', '1TiB', 1024 ** 4 / 1e9], // binary with B suffix
    ['parseDataSize', '1PB', 1e6], // petabyte
    // data rates are GB per second
    ['parseDataRate', '0.01GB/s', 0.01], // SkyCluster's averageDataRate
    ['parseDataRate', '0.002GB/s', 0.002], // the three-tier example's rate
    ['parseDataRate', '100Mbps', 0.0125], // bit rate: 100 Mbit/s = 12.5 MB/s
    ['parseDataRate', '1Gbps', 0.125], // gigabit
    ['parseDataRate', '5MB/s', 0.005], // megabytes per second
    ['parseDataRate', '36GB/h', 0.01], // per hour
    ['parseDataRate', '1Gi/sec', GiB / 1e9], // binary size, sec spelled out
    ['parseDataRate', '1 GB / min', 1 / 60], // blanks around the slash
    // memory is GiB
    ['parseMemory', '16GB', 16e9 / GiB], // SkyCluster's ram: 16GB is 10^9 bytes
    ['parseMemory', '16Gi', 16], // Kubernetes quantity
    ['parseMemory', '512Mi', 0.5], // mebibytes
    ['parseMemory', '2TiB', 2048], // tebibytes
    ['parseMemory', '1073741824', 1], // bare number is bytes, as in Kubernetes
    ['parseMemory', 1073741824, 1], // a YAML number too
    // CPU is cores
    ['parseCpu', '500m', 0.5], // millicores
    ['parseCpu', '2', 2], // whole cores as a string
    ['parseCpu', 2, 2], // whole cores as a number
    ['parseCpu', '0.5', 0.5], // fractional cores
    // counts and prices
    ['parseCount', '2', 2], // SkyCluster writes count: "1"
    ['parseCount', 8, 8], // a YAML number
    ['parseCount', '0', 0], // zero is a count
    ['parsePrice', '0.0015', 0.0015], // SkyCluster's InstanceType price string
    ['parsePrice', 0.25, 0.25], // a YAML number
    ['parsePrice', '12', 12], // whole dollars
  ])('%s(%j) = %d', (parser, input, expected) => {
    expect(PARSERS[parser]!(input as never)).toEqual({ ok: true, value: expected });
  });
});

describe('unit parsers reject bad input with the exact message', () => {
  it.each<[string, unknown, string]>([
    ['parseDuration', '15 parsecs', 'expected a duration like 15ms, 2s or 730h, got "15 parsecs"'], // unknown unit
    ['parseDuration', '15', 'expected a duration like 15ms, 2s or 730h, got "15"'], // no unit
    ['parseDuration', '-5ms', 'expected a duration like 15ms, 2s or 730h, got "-5ms"'], // negative
    ['parseDuration', '15MS', 'expected a duration like 15ms, 2s or 730h, got "15MS"'], // units are case-sensitive
    ['parseDuration', '', 'expected a duration like 15ms, 2s or 730h, got ""'], // empty
    ['parseDuration', '1e400h', 'duration "1e400h" is out of range (at most 87600h (10 years))'], // overflows to Infinity
    ['parseDuration', '87601h', 'duration "87601h" is above the limit of 87600h (10 years)'], // the bound: 10 years
    ['parseDataSize', '0.5', 'expected a data size like 0.5GB, 200MB or 10Gi, got "0.5"'], // no unit
    ['parseDataSize', '0.5gb', 'expected a data size like 0.5GB, 200MB or 10Gi, got "0.5gb"'], // lower-case unit
    ['parseDataSize', '1e999GB', 'data size "1e999GB" is out of range (at most 1e9GB (1 EB))'], // overflow
    ['parseDataSize', '1e20 GB', 'data size "1e20 GB" is above the limit of 1e9GB (1 EB)'], // finite but beyond any transfer
    ['parseDataRate', '0.01GB', 'expected a data rate like 0.01GB/s, 5MB/s or 100Mbps, got "0.01GB"'], // a size, not a rate
    ['parseDataRate', '1GB/week', 'expected a data rate like 0.01GB/s, 5MB/s or 100Mbps, got "1GB/week"'], // unknown period
    ['parseDataRate', '100mbps', 'expected a data rate like 0.01GB/s, 5MB/s or 100Mbps, got "100mbps"'], // millibits are not a thing
    ['parseDataRate', '1e999Gbps', 'data rate "1e999Gbps" is out of range (at most 1000GB/s)'], // overflow
    ['parseDataRate', '1e300GB/s', 'data rate "1e300GB/s" is above the limit of 1000GB/s'], // would be a NaN cost coefficient
    ['parseMemory', 'lots', 'expected a memory size like 512Mi, 16Gi or 16GB, got "lots"'], // words
    ['parseMemory', '16gb', 'expected a memory size like 512Mi, 16Gi or 16GB, got "16gb"'], // lower-case unit
    ['parseMemory', '-1Gi', 'expected a memory size like 512Mi, 16Gi or 16GB, got "-1Gi"'], // negative
    ['parseCpu', 'two', 'expected a CPU quantity like 2, 0.5 or 500m, got "two"'], // words
    ['parseCpu', '500M', 'expected a CPU quantity like 2, 0.5 or 500m, got "500M"'], // M is not milli
    ['parseCpu', '-1', 'expected a CPU quantity like 2, 0.5 or 500m, got "-1"'], // negative
    ['parseCpu', '1e999', 'CPU quantity "1e999" is out of range (at most 100000 cores)'], // overflow
    ['parseCpu', '1e6', 'CPU quantity "1e6" is above the limit of 100000 cores'], // a million cores
    ['parseMemory', '2048Ti', 'memory size "2048Ti" is above the limit of 1Pi'], // 2 PiB of memory
    ['parseCount', '2.5', 'expected a whole number like 2, got "2.5"'], // fraction as a string
    ['parseCount', 2.5, 'expected a whole number like 2, got 2.5'], // fraction as a number
    ['parseCount', -1, 'expected a whole number like 2, got -1'], // negative
    ['parseCount', [1], 'expected a whole number like 2, got [1]'], // an unchecked YAML list must not throw
    ['parseCount', 2_000_000, '2000000 is above the limit of 1000000'], // counts are bounded
    ['parsePrice', '1e12', 'price "1e12" is above the limit of 1e9 USD'], // prices are bounded
    ['parsePrice', '-1', 'expected a non-negative price like "0.0015" (USD), got "-1"'], // negative string
    ['parsePrice', -0.5, 'expected a non-negative price like "0.0015" (USD), got -0.5'], // negative number
    ['parsePrice', '$1', 'expected a non-negative price like "0.0015" (USD), got "$1"'], // currency sign
    ['parsePrice', Number.NaN, 'expected a non-negative price like "0.0015" (USD), got NaN'], // NaN is shown as NaN
    ['parsePrice', { usd: 1 }, 'expected a non-negative price like "0.0015" (USD), got {"usd":1}'], // an object must not throw
  ])('%s(%j) fails', (parser, input, message) => {
    expect(PARSERS[parser]!(input as never)).toEqual({ ok: false, message });
  });
});

describe('formatDuration', () => {
  it.each<[number, string]>([
    [15, '15ms'], // below a second
    [2000, '2s'], // whole seconds
    [2_628_000_000, '730h'], // whole hours
    [1500, '1500ms'], // not a whole second
    [0, '0ms'], // zero
  ])('formatDuration(%d) = %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each(['15ms', '2s', '730h'])('round-trips %s', (text) => {
    const r = parseDuration(text);
    expect(r.ok && formatDuration(r.value)).toBe(text);
  });
});

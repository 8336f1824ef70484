/**
 * Reading the numeric and name values of `provider` flags into typed values or issues (path = the flag), so that
 * every bad value gets a message naming the flag and what was typed. Pure.
 */
import { parseCount, parsePrice } from '../../src/api/units.js';
import type { Issue } from '../../src/validate/issue.js';

/** DNS-1123 subdomain: what Kubernetes accepts as an object name. */
const DNS_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A value read from a flag, or the issue saying why it cannot be read. */
export type FlagValue<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issue: Issue };

function bad<T>(flag: string, message: string): FlagValue<T> {
  return { ok: false, issue: { severity: 'error', path: flag, message } };
}

/** A USD price such as `0.10` (cluster fee, egress price). */
export function priceFlag(flag: string, text: string): FlagValue<number> {
  const p = parsePrice(text);
  return p.ok ? { ok: true, value: p.value } : bad(flag, `expected a non-negative price in USD like 0.10, got ${JSON.stringify(text)}`);
}

/** A whole number ≥ 0 (quotas). */
export function countFlag(flag: string, text: string): FlagValue<number> {
  const c = parseCount(text);
  return c.ok ? { ok: true, value: c.value } : bad(flag, `expected a whole number like 64, got ${JSON.stringify(text)}`);
}

/** A coordinate in degrees within [-limit, limit]. */
export function degreesFlag(flag: string, text: string, limit: 90 | 180): FlagValue<number> {
  const n = /^\s*-?(\d+(\.\d*)?|\.\d+)\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(n) || Math.abs(n) > limit) return bad(flag, `expected degrees between -${limit} and ${limit}, got ${JSON.stringify(text)}`);
  return { ok: true, value: n };
}

/** An object name (DNS-1123 subdomain, at most 253 characters). */
export function nameFlag(flag: string, text: string): FlagValue<string> {
  if (text.length > 0 && text.length <= 253 && DNS_NAME.test(text)) return { ok: true, value: text };
  return bad(
    flag,
    `expected a DNS-1123 name (lower-case letters, digits, "-" and ".", starting and ending with a letter or digit), got ${JSON.stringify(text)}`,
  );
}

/** The default object name of a region: `aws-us-east-1`, `baremetal-toronto`. */
export function defaultName(platform: string, region: string): string {
  return `${platform}-${region}`
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** A `NAMESPACE/NAME` reference (the kubeconfig Secret of a site). */
export function secretRefFlag(flag: string, text: string): FlagValue<{ namespace: string; name: string }> {
  const m = /^([^/\s]+)\/([^/\s]+)$/.exec(text);
  if (m && DNS_NAME.test(m[1]!) && DNS_NAME.test(m[2]!)) return { ok: true, value: { namespace: m[1]!, name: m[2]! } };
  return bad(flag, `expected NAMESPACE/NAME of a Secret, like skycluster-system/toronto-kubeconfig, got ${JSON.stringify(text)}`);
}

/**
 * What a virtual-service (compute profile) alternative asks of a flavor.
 *
 * Semantics (documented in docs/policies.md):
 * - `name: 4vCPU-16GB` matches flavors whose label (`<vcpus>vCPU-<ram>GB`) equals it; `*` is a wildcard
 *   (`4vCPU-*GB*` = any flavor with exactly 4 vCPUs). Case-insensitive.
 * - `kind: ComputeProfile` with `spec: {cpu, ram, gpu: {model, count}}` (an object or a YAML string) asks for
 *   at least that many vCPUs, that much RAM, and that GPU model (glob) and count.
 * - A name that looks like a profile but does not parse (`4vCPU-16G`, `8vCPU-32GiB`, `4 vCPU - 16 GB`) is an
 *   error with the closest valid spelling: read as a service name it would silently constrain nothing.
 * - Any other name (SkyCluster's `ManagedKubernetes`, ...) names a service, not a flavor: it constrains no
 *   flavor, and the reader says so in a note.
 * - `kind` is `ComputeProfile` (exactly) or absent; a near miss (`ComputeProfil`, `computeprofile`) is an error.
 * - `count` is the number of nodes of that flavor the component needs, at least 1. @default 1
 */
import { parse as parseYaml } from 'yaml';
import { closestSpelling } from '../util/closest.js';
import type { VirtualService } from './policy.js';
import { parseCount, parseCpu, parseMemory } from './units.js';

/** A flavor requirement derived from one alternative. */
export type FlavorRequirement =
  | { readonly kind: 'label'; readonly pattern: RegExp; readonly text: string; readonly nodes: number }
  | {
      readonly kind: 'minimum';
      readonly minVcpus: number;
      readonly minRamGiB: number;
      readonly gpuModel?: RegExp;
      readonly gpuModelText?: string;
      readonly minGpus: number;
      readonly nodes: number;
      readonly text: string;
    }
  | { readonly kind: 'any'; readonly text: string; readonly nodes: number };

/** The resources of a flavor a requirement is checked against. */
export interface FlavorShape {
  readonly nameLabel: string;
  readonly vcpus: number;
  readonly ramGiB: number;
  readonly gpuModel?: string;
  readonly gpuCount: number;
}

export type ProfileParse = { ok: true; requirement: FlavorRequirement; note?: string } | { ok: false; path: string; message: string };

const LABEL_LIKE = /^[0-9*.]+vcpu-[0-9*.]+gb\*?$/i;
/** What a profile label attempt contains: `cpu`, or is a bare memory size (`16G`, `32GiB`). */
const PROFILE_ATTEMPT = /cpu|^\W*\d+(?:\.\d+)?\s*(?:g|gb|gi|gib)\W*$/i;
const PROFILE_KIND = 'ComputeProfile';

/** The valid label closest to a near miss: the number before `cpu` and the one before `G` in `<vcpus>vCPU-<ram>GB`. */
function closestLabel(name: string): string {
  const cpu = /(\d+(?:\.\d+)?|\*)\s*v?cpu/i.exec(name)?.[1];
  const ram = /(\d+(?:\.\d+)?|\*)\s*g/i.exec(name)?.[1];
  const numbers = name.match(/\d+(?:\.\d+)?/g) ?? [];
  return `${cpu ?? (ram === undefined ? (numbers[0] ?? '4') : '*')}vCPU-${ram ?? (cpu === undefined ? (numbers[1] ?? '16') : '*')}GB`;
}

/** A profile's requirement, as messages show it: `ComputeProfile cpu 4, ram 16Gi, gpu A100 x1`. */
function describeSpec(text: string, spec: Record<string, unknown>): string {
  const parts: string[] = [];
  const cpu = spec['cpu'] ?? spec['vcpus'];
  const ram = spec['ram'] ?? spec['memory'];
  if (cpu !== undefined) parts.push(`cpu ${String(cpu)}`);
  if (ram !== undefined) parts.push(`ram ${String(ram)}`);
  const gpu = spec['gpu'];
  if (isRecord(gpu)) parts.push(`gpu ${typeof gpu['model'] === 'string' ? `${gpu['model']} ` : ''}x${String(gpu['count'] ?? 1)}`);
  return parts.length === 0 ? text : `${text} ${parts.join(', ')}`;
}

/** Turns a glob (`*` wildcard) into an anchored, case-insensitive regular expression. */
export function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses one alternative; paths in errors are relative to the alternative. */
export function parseVirtualService(vs: VirtualService): ProfileParse {
  const countParse = vs.count === undefined ? { ok: true as const, value: 1 } : parseCount(vs.count);
  if (!countParse.ok) return { ok: false, path: 'count', message: countParse.message };
  if (countParse.value < 1) return { ok: false, path: 'count', message: `expected at least 1 node, got ${String(vs.count)}` };
  const nodes = countParse.value;
  if (
    vs.kind !== undefined &&
    vs.kind !== PROFILE_KIND &&
    (vs.kind.toLowerCase() === PROFILE_KIND.toLowerCase() || closestSpelling(vs.kind, [PROFILE_KIND]))
  ) {
    return { ok: false, path: 'kind', message: `unknown kind ${JSON.stringify(vs.kind)}; did you mean ${PROFILE_KIND}?` };
  }
  if (vs.spec !== undefined) return parseSpec(vs.spec, nodes, vs.name ?? vs.kind ?? PROFILE_KIND);
  const name = vs.name;
  if (name === undefined || name === '') {
    return { ok: false, path: 'name', message: 'an alternative needs a name (e.g. 4vCPU-16GB) or a kind: ComputeProfile with a spec' };
  }
  if (LABEL_LIKE.test(name)) return { ok: true, requirement: { kind: 'label', pattern: globToRegExp(name), text: name, nodes } };
  if (PROFILE_ATTEMPT.test(name)) {
    const shownName = JSON.stringify(name.length > 60 ? `${name.slice(0, 57)}...` : name);
    return {
      ok: false,
      path: 'name',
      message: `${shownName} looks like a compute profile but is not one (<vcpus>vCPU-<ram>GB, * as wildcard); did you mean ${closestLabel(name)}?`,
    };
  }
  return {
    ok: true,
    requirement: { kind: 'any', text: name, nodes },
    note: `${JSON.stringify(name.length > 60 ? `${name.slice(0, 57)}...` : name)} is not a compute profile like 4vCPU-16GB; read as a service name that constrains no flavor`,
  };
}

function parseSpec(raw: unknown, nodes: number, text: string): ProfileParse {
  let spec: unknown = raw;
  if (typeof raw === 'string') {
    try {
      spec = parseYaml(raw, { prettyErrors: false, logLevel: 'error' });
    } catch (err) {
      return { ok: false, path: 'spec', message: `spec is a string but not valid YAML: ${(err as Error).message.split('\n')[0]}` };
    }
  }
  if (!isRecord(spec)) return { ok: false, path: 'spec', message: 'expected a compute profile spec with cpu, ram and/or gpu' };
  const known = new Set(['cpu', 'vcpus', 'ram', 'memory', 'gpu']);
  for (const key of Object.keys(spec)) {
    if (!known.has(key)) return { ok: false, path: `spec.${key}`, message: 'unknown field (expected cpu, ram or gpu)' };
  }
  const num = (v: unknown, path: string, parser: (t: string | number) => { ok: true; value: number } | { ok: false; message: string }) => {
    if (v === undefined || v === '*' || v === 'any') return { ok: true as const, value: 0 };
    if (typeof v !== 'string' && typeof v !== 'number') return { ok: false as const, path, message: 'expected a number or a quantity string' };
    const r = parser(v);
    return r.ok ? r : { ok: false as const, path, message: r.message };
  };
  const cpu = num(spec['cpu'] ?? spec['vcpus'], 'spec.cpu', parseCpu);
  if (!cpu.ok) return cpu;
  const ramRaw = spec['ram'] ?? spec['memory'];
  const ram = num(typeof ramRaw === 'number' ? `${ramRaw}Gi` : ramRaw, 'spec.ram', parseMemory);
  if (!ram.ok) return ram;
  let minGpus = 0;
  let gpuModel: RegExp | undefined;
  let gpuModelText: string | undefined;
  const gpu = spec['gpu'];
  if (gpu !== undefined) {
    if (!isRecord(gpu)) return { ok: false, path: 'spec.gpu', message: 'expected an object with model and count' };
    const count = gpu['count'] === undefined ? { ok: true as const, value: 1 } : parseCount(gpu['count'] as string | number);
    if (!count.ok) return { ok: false, path: 'spec.gpu.count', message: count.message };
    if (count.value < 1)
      return { ok: false, path: 'spec.gpu.count', message: `expected at least 1 GPU (leave gpu out for none), got ${String(gpu['count'])}` };
    minGpus = count.value;
    if (gpu['model'] !== undefined) {
      if (typeof gpu['model'] !== 'string') return { ok: false, path: 'spec.gpu.model', message: 'expected a GPU model like A100' };
      gpuModelText = gpu['model'];
      gpuModel = globToRegExp(gpu['model']);
    }
  }
  return {
    ok: true,
    requirement: {
      kind: 'minimum',
      minVcpus: cpu.value,
      minRamGiB: ram.value,
      minGpus,
      nodes,
      text: describeSpec(text, spec),
      ...(gpuModel ? { gpuModel, gpuModelText } : {}),
    },
  };
}

/** True when a flavor satisfies the requirement. */
export function flavorSatisfies(req: FlavorRequirement, flavor: FlavorShape): boolean {
  switch (req.kind) {
    case 'any':
      return true;
    case 'label':
      return req.pattern.test(flavor.nameLabel);
    case 'minimum':
      return (
        flavor.vcpus >= req.minVcpus &&
        flavor.ramGiB >= req.minRamGiB - 1e-9 &&
        flavor.gpuCount >= req.minGpus &&
        (req.gpuModel === undefined || (flavor.gpuModel !== undefined && req.gpuModel.test(flavor.gpuModel)))
      );
  }
}

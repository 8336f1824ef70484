import { describe, expect, it } from 'vitest';
import { flavorSatisfies, globToRegExp, parseVirtualService, type FlavorRequirement, type FlavorShape } from './compute-profile.js';
import type { VirtualService } from './policy.js';

const GB_IN_GIB = 1e9 / 1024 ** 3;

/** Parses an alternative that must be accepted. */
function requirementOf(vs: VirtualService): FlavorRequirement {
  const r = parseVirtualService(vs);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(vs)} to parse, got ${r.path}: ${r.message}`);
  return r.requirement;
}

const flavor = (nameLabel: string, vcpus: number, ramGiB: number, gpuCount = 0, gpuModel?: string): FlavorShape => ({
  nameLabel,
  vcpus,
  ramGiB,
  gpuCount,
  ...(gpuModel ? { gpuModel } : {}),
});

describe('globToRegExp', () => {
  it.each<[string, string, boolean]>([
    ['4vCPU-*GB*', '4vCPU-16GB', true], // SkyCluster's wildcard: any RAM
    ['4vCPU-*GB*', '4vcpu-8gb', true], // case-insensitive
    ['4vCPU-*GB*', '14vCPU-16GB', false], // anchored at the start
    ['A100', 'A100-80GB', false], // anchored at the end: A100 is not A100-80GB
    ['A100*', 'A100-80GB', true], // a trailing * takes the 80GB variant too
    ['m1.small', 'm1xsmall', false], // the dot is literal
    ['a+b', 'a+b', true], // regex metacharacters are escaped
  ])('%s matches %s: %s', (glob, text, expected) => {
    expect(globToRegExp(glob).test(text)).toBe(expected);
  });
});

describe('parseVirtualService accepts', () => {
  it.each<[VirtualService, Partial<Record<string, unknown>>]>([
    // label globs
    [{ name: '4vCPU-*GB*' }, { kind: 'label', text: '4vCPU-*GB*', nodes: 1 }], // SkyCluster's air-quality selector
    [{ name: '4vCPU-16GB' }, { kind: 'label', text: '4vCPU-16GB', nodes: 1 }], // an exact label
    [
      { name: '2vCPU-4GB', count: '3' },
      { kind: 'label', nodes: 3 },
    ], // count as a string, as SkyCluster writes it
    [{ name: '*vCPU-32GB' }, { kind: 'label', text: '*vCPU-32GB' }], // wildcard on the CPU side
    // spec objects
    [
      { kind: 'ComputeProfile', spec: { cpu: 4, ram: '16GB' } },
      { kind: 'minimum', minVcpus: 4, minRamGiB: 16 * GB_IN_GIB, minGpus: 0 },
    ], // GB is 10^9 bytes
    [
      { kind: 'ComputeProfile', spec: { cpu: '500m', ram: '512Mi' } },
      { kind: 'minimum', minVcpus: 0.5, minRamGiB: 0.5 },
    ], // Kubernetes quantities
    [
      { kind: 'ComputeProfile', spec: { vcpus: 8, memory: '32Gi' } },
      { kind: 'minimum', minVcpus: 8, minRamGiB: 32 },
    ], // vcpus/memory aliases
    [
      { kind: 'ComputeProfile', spec: { ram: 8 } },
      { kind: 'minimum', minVcpus: 0, minRamGiB: 8 },
    ], // a bare ram number is GiB
    [
      { kind: 'ComputeProfile', spec: { cpu: '*', ram: 'any' } },
      { kind: 'minimum', minVcpus: 0, minRamGiB: 0 },
    ], // * and any ask for nothing
    // GPU model and count
    [
      { kind: 'ComputeProfile', spec: { gpu: { model: 'A100', count: 8 } } },
      { kind: 'minimum', minGpus: 8, gpuModelText: 'A100' },
    ], // 8 x A100
    [
      { kind: 'ComputeProfile', spec: { gpu: { model: 'H100', count: '1' } } },
      { kind: 'minimum', minGpus: 1, gpuModelText: 'H100' },
    ], // count as a string
    [
      { kind: 'ComputeProfile', spec: { gpu: { model: 'L4' } } },
      { kind: 'minimum', minGpus: 1, gpuModelText: 'L4' },
    ], // count defaults to 1
    [
      { kind: 'ComputeProfile', spec: { gpu: { count: 2 } } },
      { kind: 'minimum', minGpus: 2 },
    ], // any model (no gpuModel)
    // YAML-string specs (SkyCluster's examples write the spec as a string)
    [
      { kind: 'ComputeProfile', spec: 'cpu: 4\nram: 16Gi\ngpu:\n  model: A100\n  count: "8"' },
      { kind: 'minimum', minVcpus: 4, minRamGiB: 16, minGpus: 8, gpuModelText: 'A100' },
    ], // block YAML
    [
      { kind: 'ComputeProfile', spec: '{cpu: 2, ram: 4GB}' },
      { kind: 'minimum', minVcpus: 2, minRamGiB: 4 * GB_IN_GIB },
    ], // flow YAML
    // node count and text
    [
      { kind: 'ComputeProfile', name: 'trainer', spec: { gpu: { model: 'H100' } }, count: 2 },
      { kind: 'minimum', nodes: 2, text: 'trainer gpu H100 x1' },
    ], // name and spec are the text (an unknown GPU model is named in messages)
    [
      { kind: 'ComputeProfile', spec: { cpu: 1 } },
      { text: 'ComputeProfile cpu 1', nodes: 1 },
    ], // no name: the kind and the spec are the text
  ])('%j', (vs, expected) => {
    expect(requirementOf(vs)).toMatchObject(expected);
  });

  it.each<[VirtualService, string]>([
    [{ name: 'ManagedKubernetes' }, '"ManagedKubernetes" is not a compute profile like 4vCPU-16GB; read as a service name that constrains no flavor'], // SkyCluster's service name
    [
      { kind: 'ComputeProfile', name: 'big-box' },
      '"big-box" is not a compute profile like 4vCPU-16GB; read as a service name that constrains no flavor',
    ], // a name without a spec
  ])('%j is a service name with a note', (vs, note) => {
    expect(parseVirtualService(vs)).toEqual({ ok: true, requirement: { kind: 'any', text: vs.name, nodes: 1 }, note });
  });

  it('a label or spec carries no note', () => {
    expect(parseVirtualService({ name: '4vCPU-*GB*' })).not.toHaveProperty('note');
    expect(parseVirtualService({ kind: 'ComputeProfile', spec: { cpu: 2 } })).not.toHaveProperty('note');
  });
});

describe('parseVirtualService rejects', () => {
  it.each<[unknown, string, string]>([
    [{}, 'name', 'an alternative needs a name (e.g. 4vCPU-16GB) or a kind: ComputeProfile with a spec'], // nothing at all
    [{ name: '' }, 'name', 'an alternative needs a name (e.g. 4vCPU-16GB) or a kind: ComputeProfile with a spec'], // empty name
    [{ kind: 'ComputeProfile' }, 'name', 'an alternative needs a name (e.g. 4vCPU-16GB) or a kind: ComputeProfile with a spec'], // kind without spec or name
    [{ name: 'a', count: 'x' }, 'count', 'expected a whole number like 2, got "x"'], // bad node count
    [{ name: '4vCPU-16GB', count: 0 }, 'count', 'expected at least 1 node, got 0'], // zero nodes is not a placement
    [
      { kind: 'ComputeProfile', spec: { gpu: { model: 'A100', count: 0 } } },
      'spec.gpu.count',
      'expected at least 1 GPU (leave gpu out for none), got 0',
    ], // zero GPUs
    [{ kind: 'ComputeProfil', spec: { cpu: 2 } }, 'kind', 'unknown kind "ComputeProfil"; did you mean ComputeProfile?'], // a typo in kind
    [{ kind: 'computeprofile', spec: { cpu: 2 } }, 'kind', 'unknown kind "computeprofile"; did you mean ComputeProfile?'], // kinds are case-sensitive
    // near-miss labels: errors with the closest valid spelling, never a silent service name
    ...(
      [
        ['4vCPU-16G', '4vCPU-16GB'], // G without B
        ['8vCPU-32GiB', '8vCPU-32GB'], // GiB: labels are nominal GB
        ['[4vCPU-16GB', '4vCPU-16GB'], // a stray bracket
        ['vCPU-GB', '4vCPU-16GB'], // no numbers: an example
        ['4 vCPU - 16 GB', '4vCPU-16GB'], // blanks
        ['16GB-4vCPU', '4vCPU-16GB'], // reversed
        ['4vcpu', '4vCPU-*GB'], // no memory part: any
        ['16G', '*vCPU-16GB'], // a bare memory size
      ] as const
    ).map(([name, closest]): [unknown, string, string] => [
      { name },
      'name',
      `${JSON.stringify(name)} looks like a compute profile but is not one (<vcpus>vCPU-<ram>GB, * as wildcard); did you mean ${closest}?`,
    ]),
    [{ spec: 5 }, 'spec', 'expected a compute profile spec with cpu, ram and/or gpu'], // a number
    [{ spec: [1, 2] }, 'spec', 'expected a compute profile spec with cpu, ram and/or gpu'], // a list
    [{ spec: 'just words' }, 'spec', 'expected a compute profile spec with cpu, ram and/or gpu'], // a string that is YAML but not a mapping
    [
      { spec: 'cpu: [1' },
      'spec',
      'spec is a string but not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ], // broken YAML
    [{ spec: { cpu: 4, disk: '1Ti' } }, 'spec.disk', 'unknown field (expected cpu, ram or gpu)'], // unknown field
    [{ spec: { cpu: 'fast' } }, 'spec.cpu', 'expected a CPU quantity like 2, 0.5 or 500m, got "fast"'], // bad cpu
    [{ spec: { cpu: [4] } }, 'spec.cpu', 'expected a number or a quantity string'], // cpu is a list
    [{ spec: { ram: 'lots' } }, 'spec.ram', 'expected a memory size like 512Mi, 16Gi or 16GB, got "lots"'], // bad ram
    [{ spec: { ram: { gb: 4 } } }, 'spec.ram', 'expected a number or a quantity string'], // ram is an object
    [{ spec: { gpu: 'A100' } }, 'spec.gpu', 'expected an object with model and count'], // gpu as a bare string
    [{ spec: { gpu: { model: 7 } } }, 'spec.gpu.model', 'expected a GPU model like A100'], // model is a number
    [{ spec: { gpu: { model: 'A100', count: -1 } } }, 'spec.gpu.count', 'expected a whole number like 2, got -1'], // negative count
    [{ spec: { gpu: { count: [1] } } }, 'spec.gpu.count', 'expected a whole number like 2, got [1]'], // count is a list (used to throw)
  ])('%j → %s: %s', (vs, path, message) => {
    expect(parseVirtualService(vs as VirtualService)).toEqual({ ok: false, path, message });
  });
});

describe('flavorSatisfies', () => {
  it.each<[VirtualService, FlavorShape, boolean]>([
    [{ name: '4vCPU-*GB*' }, flavor('4vCPU-16GB', 4, 16), true], // label glob, any RAM
    [{ name: '4vCPU-*GB*' }, flavor('8vCPU-16GB', 8, 16), false], // label glob, wrong CPU count
    [{ name: '4vCPU-16GB' }, flavor('4vcpu-16gb', 4, 16), true], // labels compare case-insensitively
    [{ name: 'ManagedKubernetes' }, flavor('1vCPU-2GB', 1, 2), true], // a service name constrains nothing
    [{ spec: { cpu: 4, ram: '16Gi' } }, flavor('4vCPU-16GB', 4, 16), true], // exactly the minimum
    [{ spec: { cpu: 4, ram: '16Gi' } }, flavor('8vCPU-32GB', 8, 32), true], // more is fine
    [{ spec: { cpu: 4, ram: '16Gi' } }, flavor('2vCPU-32GB', 2, 32), false], // too few vCPUs
    [{ spec: { cpu: 4, ram: '16Gi' } }, flavor('4vCPU-8GB', 4, 8), false], // too little RAM
    [{ spec: { ram: '16GB' } }, flavor('x', 4, 16 * GB_IN_GIB), true], // 16GB flavor meets a 16GB ask despite float error
    [{ spec: { gpu: { model: 'A100', count: 8 } } }, flavor('p4d', 96, 1152, 8, 'A100'), true], // 8 x A100
    [{ spec: { gpu: { model: 'A100', count: 8 } } }, flavor('p4d', 96, 1152, 4, 'A100'), false], // too few GPUs
    [{ spec: { gpu: { model: 'A100', count: 1 } } }, flavor('p4de', 96, 1152, 8, 'A100-80GB'), false], // A100 does not match A100-80GB
    [{ spec: { gpu: { model: 'A100*', count: 1 } } }, flavor('p4de', 96, 1152, 8, 'A100-80GB'), true], // A100* does
    [{ spec: { gpu: { model: 'h100' } } }, flavor('p5', 192, 2048, 8, 'H100'), true], // model is case-insensitive
    [{ spec: { gpu: { model: 'T4' } } }, flavor('c5', 4, 8), false], // no GPU at all
    [{ spec: { gpu: { count: 1 } } }, flavor('g6', 4, 16, 1, 'L4'), true], // any model
  ])('%j on %j: %s', (vs, shape, expected) => {
    expect(flavorSatisfies(requirementOf(vs), shape)).toBe(expected);
  });
});

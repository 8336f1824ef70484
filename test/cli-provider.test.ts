/**
 * `skycluster provider` end to end with --local: register a cloud region and an
 * on-prem edge site, list, show, disable/enable, refresh, remove; a plan made with the registered site places the
 * edge component there; SkyCluster's provider profiles are read unchanged; every bad input prints the message a
 * user sees, exits 1 and leaves the directory as it was. Two tests run the real process (exit status as the
 * shell sees it, no stack trace from Node); the rest run the same commands in this process (test/cli-in-process.ts).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { runCliInProcess } from './cli-in-process.js';
import { CLI } from './cli-path.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const STACK = /^\s+at .+:\d+:\d+|node:internal|internal error/m;
const SAVI = 'test/fixtures/skycluster/instancetype-savi-scinet.yaml';
let tmp = '';
let dir = '';

/** A real `skycluster` process: exit status, output, and no stack trace printed by Node. */
function cliProcess(args: string[], env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    input: '',
    env: { ...process.env, HOME: tmp, KUBECONFIG: '', ...env },
  });
  expect(r.stdout).not.toMatch(STACK);
  expect(r.stderr).not.toMatch(STACK);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const providerProcess = (...args: string[]) => cliProcess(['provider', ...args]);
/** The same command run in this process (test/cli-in-process.ts): same output and exit code, no Node start. */
const cli = (args: string[]) => runCliInProcess(args, { HOME: tmp, KUBECONFIG: '' });
const provider = (...args: string[]) => cli(['provider', ...args]);
const files = () => readdirSync(dir).sort();

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build`);
  tmp = mkdtempSync(join(tmpdir(), 'skycluster-provider-'));
  dir = join(tmp, 'providers');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('skycluster provider --local', () => {
  // A real process: the exit status and output of the one command family run here, as a shell sees them.
  it('registers a cloud region from the catalog and an on-prem edge site from a SkyCluster InstanceType', () => {
    const aws = providerProcess('register', 'aws', '--region', 'us-east-1', '--zones', 'use1-az1,use1-az2', '--quota-vcpu', '64', '--local', dir);
    expect(aws).toMatchObject({ code: 0, stdout: `registered aws-us-east-1 in directory ${dir}\n` });
    const edge = providerProcess(
      'register',
      'onprem',
      '--name',
      'toronto-edge',
      '--region',
      'toronto',
      '--offerings',
      SAVI,
      '--near',
      'gcp/northamerica-northeast2',
      '--local',
      dir,
    );
    expect(edge.code).toBe(0);
    expect(edge.stderr).toBe(
      `${SAVI}: note: spec.providerRef: read as the offerings of toronto-edge (the file names providerRef savi-scinet-default)\n`,
    );
    expect(files()).toEqual(['aws-us-east-1.yaml', 'toronto-edge.yaml']);
    const docs = parseAllDocuments(readFileSync(join(dir, 'toronto-edge.yaml'), 'utf8')).map(
      (d) => d.toJS() as { kind: string; spec: Record<string, unknown> },
    );
    expect(docs.map((d) => d.kind)).toEqual(['ProviderProfile', 'InstanceType']);
    expect(docs[0]?.spec['estimates']).toMatchObject({ fields: ['location', 'egress'] });
  });

  it('lists and shows them (table and json)', async () => {
    const list = await provider('list', '--local', dir);
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n')[0]).toMatch(/^NAME +PLATFORM +REGION +ZONES +ENABLED +OFFERINGS +FEE\/H +PRICES$/);
    expect(list.stdout).toMatch(/^aws-us-east-1 +aws +us-east-1 +use1-az1,use1-az2 +yes +\d+ +0\.1 +2026-07-20$/m);
    expect(list.stdout).toMatch(/^toronto-edge +baremetal +toronto +default +yes +13 +0 +unknown$/m);
    const json = JSON.parse((await provider('list', '--local', dir, '-o', 'json')).stdout) as { kind: string; items: { kind: string }[] };
    expect(json.kind).toBe('List');
    expect(json.items.map((i) => i.kind)).toEqual(['ProviderProfile', 'InstanceType', 'ProviderProfile', 'InstanceType']);
    const show = await provider('show', 'toronto-edge', '--local', dir);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('Zones:       default [edge, default]');
    expect(show.stdout).toMatch(
      /^Estimated: +location, egress \(location: coordinates, country and continent of gcp\/northamerica-northeast2; egress: /m,
    );
    expect(show.stdout).toMatch(/^Nearest: +gcp\/northamerica-northeast2 0 km ~5\.0 ms RTT \(estimated\)/m);
  });

  it('a plan made with the registered site places the edge component there, with estimated latency and source', async () => {
    const r = await cli(['optimize', '-f', 'test/fixtures/registration/edge-app.yaml', '--providers', dir, '-o', 'yaml']);
    expect(r.code).toBe(0);
    const plan = parse(r.stdout) as {
      spec: {
        placements: { component: string; platform: string; region: string }[];
        transfers: { rttEstimated: boolean }[];
        catalogSources: { id: string }[];
      };
    };
    expect(plan.spec.placements.find((p) => p.component === 'sensor-gateway')).toMatchObject({ platform: 'baremetal', region: 'toronto' });
    expect(plan.spec.transfers.every((t) => t.rttEstimated)).toBe(true);
    expect(plan.spec.catalogSources.map((s) => s.id)).toContain('estimated:ProviderProfile/toronto-edge');
  }, 120_000);

  it('a disabled site drops out of the next solve; enabled again it is back', async () => {
    expect(await provider('disable', 'toronto-edge', '--local', dir)).toMatchObject({
      code: 0,
      stdout: `disabled toronto-edge in directory ${dir}\n`,
    });
    const r = await cli(['optimize', '-f', 'test/fixtures/registration/edge-app.yaml', '--providers', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('sensor-gateway: required type edge matches no registered location');
    expect((await provider('enable', 'toronto-edge', '--local', dir)).code).toBe(0);
    expect((await provider('list', '--local', dir)).stdout).toMatch(/^toronto-edge .* yes /m);
  }, 120_000);

  it('disables and enables one zone; the last enabled zone is refused', async () => {
    expect((await provider('disable', 'aws-us-east-1', '--zone', 'use1-az1', '--local', dir)).stdout).toBe(
      `disabled aws-us-east-1 zone use1-az1 in directory ${dir}\n`,
    );
    expect((await provider('list', '--local', dir)).stdout).toMatch(/^aws-us-east-1 +aws +us-east-1 +use1-az1\(off\),use1-az2 /m);
    const last = await provider('disable', 'aws-us-east-1', '--zone', 'use1-az2', '--local', dir);
    expect(last).toMatchObject({
      code: 1,
      stderr:
        '(ProviderProfile/aws-us-east-1): --zone: use1-az2 is the last enabled zone of aws-us-east-1; disable the provider instead (provider disable aws-us-east-1)\n',
    });
    expect((await provider('enable', 'aws-us-east-1', '--zone', 'use1-az1', '--local', dir)).code).toBe(0);
  });

  it('refresh prints what changed per region and updates the registered InstanceType', async () => {
    const csv = join(tmp, 'prices-2026-12.csv');
    writeFileSync(
      csv,
      [
        'cloud,region,instance_type,vcpus,memory_gib,gpu_model,gpu_count,ondemand_usd_hr,spot_usd_hr,source',
        'aws,us-east-1,m5.large,2,8,,0,0.1,,list-2026-12-01',
        'aws,us-east-1,m9.huge,96,384,,0,5,,list-2026-12-01',
      ].join('\n'),
    );
    const dry = await provider('refresh', '--catalog', csv, '--local', dir, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^aws-us-east-1 +aws\/us-east-1 +1 +\d+ +1 +0 +\+4\.17%$/m);
    expect(dry.stdout).toContain('aws-us-east-1: added m9.huge');
    expect(dry.stdout).toContain('would update 1 provider(s); 1 not in the price file');
    const real = await provider('refresh', '--catalog', csv, '--local', dir);
    expect(real.stdout).toContain('updated 1 provider(s); 1 not in the price file');
    const list = await provider('list', '--local', dir);
    expect(list.stdout).toMatch(/^aws-us-east-1 +aws +us-east-1 +use1-az1,use1-az2 +yes +4 +0\.1 +2026-12-01$/m);
  });

  it('--dry-run -o yaml prints the objects and writes nothing', async () => {
    const before = files();
    const r = await provider('register', 'gcp', '--region', 'us-east1', '--zones', 'us-east1-b', '--spot', '--dry-run', '-o', 'yaml', '--local', dir);
    expect(r.code).toBe(0);
    const docs = parseAllDocuments(r.stdout).map((d) => d.toJS() as { kind: string; metadata: { name: string } });
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(['ProviderProfile/gcp-us-east1', 'InstanceType/gcp-us-east1']);
    expect(files()).toEqual(before);
    // Without any target a dry run still works (nothing to check names against).
    expect((await provider('register', 'azure', '--region', 'eastus', '--dry-run', '-o', 'json')).code).toBe(0);
  });

  it('remove deletes the file', async () => {
    expect(await provider('remove', 'aws-us-east-1', '--local', dir)).toMatchObject({
      code: 0,
      stdout: `removed aws-us-east-1 from directory ${dir}\n`,
    });
    expect(files()).toEqual(['toronto-edge.yaml']);
  });

  it("reads SkyCluster's provider profiles unchanged", async () => {
    const sky = join(tmp, 'skycluster');
    mkdirSync(sky);
    for (const f of [
      'providerprofile-aws-us-east-1.yaml',
      'providerprofile-gcp-us-east1.yaml',
      'providerprofile-azure-eastus.yaml',
      'providerprofile-savi-toronto-edge.yaml',
      'instancetype-savi-scinet.yaml',
    ]) {
      copyFileSync(join('test/fixtures/skycluster', f), join(sky, f));
    }
    const r = await provider('list', '--local', sky);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^aws-us-east-1 +aws +us-east-1 +us-east-1a,us-east-1b,us-east-1c,us-east-1d,us-east-1e,us-east-1f +yes +0 /m);
    expect(r.stdout).toMatch(/^baremetal-toronto +baremetal +toronto +default +yes +0 /m);
    expect(r.stdout).toMatch(/^azure-eastus +azure +eastus /m);
    expect(r.stdout).toMatch(/^gcp-us-east1 +gcp +us-east1 /m);
  });
});

describe('skycluster provider: bad input', () => {
  const offerings = (name: string, text: string): string => {
    const f = join(tmp, name);
    writeFileSync(f, text);
    return f;
  };

  it.each([
    // unknown cloud
    [['register', 'amazon', '--region', 'us-east-1'], 'PROVIDER: unknown provider "amazon"; closest: aws, azure, gcp'],
    // unknown region
    [['register', 'aws', '--region', 'us-est-1'], '--region: unknown region of aws "us-est-1"; closest: us-east-1, us-west-1, us-east-2'],
    // unknown zone
    [
      ['register', 'gcp', '--region', 'us-east1', '--zones', 'us-east1-a'],
      '--zones: unknown zone of gcp/us-east1 "us-east1-a"; closest: us-east1-b, us-east1-c, us-east1-d',
    ],
    // negative cluster fee
    [['register', 'aws', '--region', 'us-east-1', '--cluster-fee', '-1'], '--cluster-fee: expected a non-negative price in USD like 0.10, got "-1"'],
    // non-numeric quota
    [['register', 'aws', '--region', 'us-east-1', '--quota-vcpu', 'many'], '--quota-vcpu: expected a whole number like 64, got "many"'],
    // a name Kubernetes refuses
    [
      ['register', 'aws', '--region', 'us-east-1', '--name', 'My_Region'],
      '--name: expected a DNS-1123 name (lower-case letters, digits, "-" and ".", starting and ending with a letter or digit), got "My_Region"',
    ],
    // on-prem without a location
    [
      ['register', 'onprem', '--name', 'lab', '--region', 'lab', '--offerings', SAVI],
      '--lat: give the site location: --lat and --lon, or --near CLOUD/REGION (latency and egress are estimated from it)',
    ],
    // on-prem near an unknown region
    [
      ['register', 'onprem', '--name', 'lab', '--region', 'lab', '--offerings', SAVI, '--near', 'aws/ca-centrl-1'],
      '--near: unknown region of aws "ca-centrl-1"; closest: ca-central-1, eu-central-1, il-central-1',
    ],
    // latitude out of range
    [
      ['register', 'onprem', '--name', 'lab', '--region', 'lab', '--offerings', SAVI, '--lat', '91', '--lon', '0'],
      '--lat: expected degrees between -90 and 90, got "91"',
    ],
    // malformed Secret reference
    [
      [
        'register',
        'onprem',
        '--name',
        'lab',
        '--region',
        'lab',
        '--offerings',
        SAVI,
        '--near',
        'aws/ca-central-1',
        '--kubeconfig-secret',
        'just-a-name',
      ],
      '--kubeconfig-secret: expected NAMESPACE/NAME of a Secret, like skycluster-system/toronto-kubeconfig, got "just-a-name"',
    ],
    // an offerings file that is not there
    [
      ['register', 'onprem', '--name', 'lab', '--region', 'lab', '--offerings', 'nope.yaml', '--near', 'aws/ca-central-1'],
      'nope.yaml: --offerings: cannot read: no such file',
    ],
  ])('%j', async (args, message) => {
    const before = files();
    const r = await provider(...args, '--local', dir);
    expect(r).toMatchObject({ code: 1, stdout: '', stderr: `${message}\n` });
    expect(files()).toEqual(before);
  });

  it.each([
    // negative price
    ['neg.csv', 'name,vcpus,ram,price\nm1,1,2GB,-0.5\n', ['line 2, price: expected a non-negative price in USD per hour like 0.02, got "-0.5"']],
    // non-numeric price
    ['word.csv', 'name,vcpus,ram,price\nm1,1,2GB,cheap\n', ['line 2, price: expected a non-negative price in USD per hour like 0.02, got "cheap"']],
    // zero vCPU
    ['zero.yaml', '- {name: m1, vcpus: 0, ram: 2GB, price: 0.1}\n', ['[0].vcpus: a flavor needs more than 0 vCPUs, got 0']],
    // malformed YAML
    [
      'broken.yaml',
      'flavors: [ {name: m1\n',
      [
        'document 1: YAML syntax error at line 2: Flow map in block collection must be sufficiently indented and end with a }',
        'document 1: YAML syntax error at line 2: Flow sequence in block collection must be sufficiently indented and end with a ]',
      ],
    ],
  ])('offerings file %s is refused with its line and field, and nothing is written', async (name, text, messages) => {
    const before = files();
    const f = offerings(name, text);
    const r = await provider(
      'register',
      'onprem',
      '--name',
      'lab',
      '--region',
      'lab',
      '--offerings',
      f,
      '--near',
      'aws/ca-central-1',
      '--local',
      dir,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(messages.map((m) => (m.startsWith('document') ? `${f} ${m}\n` : `${f}: ${m}\n`)).join(''));
    expect(files()).toEqual(before);
  });

  it('a duplicate name is refused and the registered file is left as it was', async () => {
    const before = readFileSync(join(dir, 'toronto-edge.yaml'), 'utf8');
    const r = await provider(
      'register',
      'onprem',
      '--name',
      'toronto-edge',
      '--region',
      'vaughan',
      '--offerings',
      SAVI,
      '--lat',
      '43.8',
      '--lon',
      '-79.5',
      '--local',
      dir,
    );
    expect(r).toMatchObject({
      code: 1,
      stderr: `(ProviderProfile/toronto-edge): --name: a provider named toronto-edge is registered already (${join(dir, 'toronto-edge.yaml')}); remove it first or choose another --name\n`,
    });
    expect(readFileSync(join(dir, 'toronto-edge.yaml'), 'utf8')).toBe(before);
  });

  it('an unknown provider name names the registered ones', async () => {
    for (const verb of ['show', 'remove', 'disable']) {
      expect(await provider(verb, 'toronto', '--local', dir)).toMatchObject({
        code: 1,
        stderr: `NAME: unknown provider "toronto"; closest: toronto-edge (in directory ${dir})\n`,
      });
    }
  });

  // A real process: exit status 1 and the message, no stack trace.
  it('without --local and without a kubeconfig there is no target', () => {
    expect(providerProcess('list')).toMatchObject({
      code: 1,
      stderr: '--local: no target: give --local DIR, or a cluster with --kubeconfig FILE or KUBECONFIG\n',
    });
    expect(providerProcess('list', '--kubeconfig', join(tmp, 'none'))).toMatchObject({
      code: 1,
      stderr: `--kubeconfig: no such file: ${join(tmp, 'none')}\n`,
    });
  });

  it('a price file with a negative price updates nothing', async () => {
    const csv = offerings(
      'bad-prices.csv',
      'cloud,region,instance_type,vcpus,memory_gib,gpu_model,gpu_count,ondemand_usd_hr,spot_usd_hr,source\naws,us-east-1,m5.large,2,8,,0,-2,,x\n',
    );
    const before = readFileSync(join(dir, 'toronto-edge.yaml'), 'utf8');
    expect(await provider('refresh', '--catalog', csv, '--local', dir)).toMatchObject({
      code: 1,
      stderr: `${csv}: line 2, ondemand_usd_hr: expected a non-negative price in USD per hour, got "-2"\n`,
    });
    expect(readFileSync(join(dir, 'toronto-edge.yaml'), 'utf8')).toBe(before);
  });
});

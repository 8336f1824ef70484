/**
 * `atlas preview` without a cloud: runs every stack program under Pulumi's own mocks
 * (pulumi.runtime.setMocks) and records each resource it would register, with its key properties, plus the
 * stack outputs (secret outputs shown as `[secret]`). Mock ids, addresses and endpoints are placeholders
 * (TEST-NET-3 addresses, `.preview.invalid` hosts); peer outputs stand for the other stacks' outputs.
 */
import * as pulumi from '@pulumi/pulumi';
import type { Atlas } from '../../src/api/atlas.js';
import { shortHash } from '../../src/util/names.js';
import { keyProperties } from './preview-properties.js';
import { stackProgram } from './program.js';
import { ATLAS_PROJECT, FILE_BACKEND_ORGANIZATION, stacksOf } from './stacks.js';

/** One resource the stack would create. */
export interface PreviewResource {
  readonly type: string;
  readonly name: string;
  /** False for ComponentResources (skycluster:*), which group the cloud resources. */
  readonly custom: boolean;
  readonly properties: Readonly<Record<string, string>>;
}

/** One stack's preview. */
export interface PreviewStack {
  readonly stack: string;
  readonly platform: string;
  readonly region: string;
  readonly siteKind: 'cloud' | 'onprem';
  readonly resources: readonly PreviewResource[];
  readonly outputs: Readonly<Record<string, string>>;
}

/** Placeholder secrets for the preview; a test checks none of a real secret's value reaches the output. */
export interface PreviewSecrets {
  readonly wireguardPrivateKey: string;
  readonly gcpProject: string;
  readonly sshPublicKey: string;
}

const DEFAULT_SECRETS: PreviewSecrets = {
  // A well-formed placeholder (32 bytes, base64): the program derives the gateway's public key from it.
  wireguardPrivateKey: Buffer.from('skycluster-preview-wireguard-key').toString('base64'),
  gcpProject: 'preview-project',
  sshPublicKey: 'ssh-ed25519 preview',
};
const CA = Buffer.from('preview CA').toString('base64');
const ip = (name: string): string => `203.0.113.${(parseInt(shortHash(name).slice(0, 2), 16) % 254) + 1}`;

/** Mock outputs the programs read back, per resource type. */
function mockState(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const physical = typeof inputs['name'] === 'string' ? inputs['name'] : name;
  const base = { ...inputs, name: physical };
  switch (type) {
    case 'aws:eks/cluster:Cluster':
      return {
        ...base,
        endpoint: `https://${physical}.eks.preview.invalid`,
        certificateAuthority: { data: CA },
        identities: [{ oidcs: [{ issuer: `https://oidc.preview.invalid/${physical}` }] }],
      };
    case 'aws:ec2/instance:Instance':
      return { ...base, privateIp: '10.255.0.10', primaryNetworkInterfaceId: `eni-${shortHash(name)}` };
    case 'aws:ec2/eip:Eip':
      return { ...base, publicIp: ip(name) };
    case 'gcp:container/cluster:Cluster':
      return { ...base, endpoint: ip(name), masterAuth: { clusterCaCertificate: CA } };
    case 'gcp:compute/address:Address':
      return { ...base, address: ip(name) };
    case 'azure-native:containerservice:ManagedCluster':
      return { ...base, fqdn: `${physical}.aks.preview.invalid` };
    case 'azure-native:network:PublicIPAddress':
      return { ...base, ipAddress: ip(name) };
    case 'azure-native:network:NetworkInterface':
      return { ...base, ipConfigurations: [{ privateIPAddress: '10.255.0.10' }] };
    case 'pulumi:pulumi:StackReference': {
      const peer =
        String(inputs['name'] ?? name)
          .split('/')
          .pop() ?? name;
      return { ...base, outputs: { networkId: `${peer}-network`, gatewayIp: ip(peer), gatewayPublicKey: `${peer}-public-key`, peeringIds: {} } };
    }
    default:
      return { ...base, selfLink: `https://preview.invalid/${physical}` };
  }
}

function mocks(recorded: PreviewResource[]): pulumi.runtime.Mocks {
  return {
    newResource(args) {
      if (!args.type.startsWith('pulumi:providers:'))
        recorded.push({ type: args.type, name: args.name, custom: args.custom !== false, properties: keyProperties(args.inputs) });
      // Ids name the resource type, so a route's target reads `InternetGateway:<name>` in the listing.
      return {
        id: `${args.type.split(':').pop() ?? 'id'}:${args.name}`,
        state: mockState(args.type, args.name, args.inputs as Record<string, unknown>),
      };
    },
    call(args) {
      if (args.token === 'azure-native:containerservice:listManagedClusterUserCredentials')
        return { kubeconfigs: [{ name: 'clusterUser', value: Buffer.from(`certificate-authority-data: ${CA}\n`).toString('base64') }] };
      return {};
    },
  };
}

async function resolve(out: pulumi.Output<unknown>): Promise<string> {
  if (await pulumi.isSecret(out)) return '[secret]';
  const v = await new Promise<unknown>((res) => out.apply((x) => res(x)));
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * Previews every stack of `atlas`, in stack order. Stacks run one after another: the mocks are
 * process-global in the Pulumi SDK.
 */
export async function previewAtlas(atlas: Atlas, secrets: PreviewSecrets = DEFAULT_SECRETS): Promise<PreviewStack[]> {
  const result: PreviewStack[] = [];
  for (const def of stacksOf(atlas)) {
    const recorded: PreviewResource[] = [];
    await pulumi.runtime.setMocks(mocks(recorded), ATLAS_PROJECT, def.name, false, FILE_BACKEND_ORGANIZATION);
    const outputs = stackProgram({
      application: atlas.spec.application,
      executionEnvironment: atlas.spec.executionEnvironment,
      cluster: def.cluster,
      // On-prem ends stand in with placeholders, as their sites' Secrets would give them.
      peers: def.peers.map((p) =>
        p.stackRef ? p : { ...p, external: { endpoint: `${p.name}.preview.invalid:51820`, publicKey: `${p.name}-public-key` } },
      ),
      gcpProject: secrets.gcpProject,
      wireguardPrivateKey: pulumi.secret(secrets.wireguardPrivateKey),
      sshPublicKey: secrets.sshPublicKey,
    });
    const shown: Record<string, string> = {};
    for (const [k, v] of Object.entries(outputs)) if (v) shown[k] = await resolve(v as pulumi.Output<unknown>);
    await pulumi.runtime.disconnect();
    result.push({
      stack: def.name,
      platform: def.cluster.platform,
      region: def.cluster.region,
      siteKind: def.cluster.siteKind,
      resources: recorded,
      outputs: shown,
    });
  }
  return result;
}

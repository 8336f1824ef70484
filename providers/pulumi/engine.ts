/**
 * The engine interface the Atlas controller drives: one `up`, `refresh`, `cancel` or `destroy` per stack.
 * The product's implementation is AutomationEngine (the Pulumi Automation API, automation-engine.ts); tests
 * replace it with a recording double. Secret values enter only through resolveStackSecrets, go to the
 * engine as environment variables and pulumi secrets, and every log line passes redact() first.
 */
import type { SecretKeyRef } from '../../src/api/atlas.js';
import { stableName } from '../../src/util/names.js';
import type { StackDefinition } from './stacks.js';
import { isWireguardKey } from './wireguard.js';

/**
 * Reads one Secret's data (decoded): from `namespace`, or the Atlas object's namespace when it is absent.
 * The controller implements it; undefined means the Secret does not exist.
 */
export type SecretReader = (name: string, namespace?: string) => Promise<Readonly<Record<string, string>> | undefined>;

/** The secret inputs of one stack, resolved. Never logged, never in status. */
export interface StackSecrets {
  /** Environment of the cloud provider plugin (credentials). */
  readonly env: Readonly<Record<string, string>>;
  readonly gcpProject?: string;
  readonly wireguardPrivateKey?: string;
  readonly sshPublicKey?: string;
  /** On-prem WireGuard peers: endpoint and public key from each site's Secret `<cluster>-wireguard`. */
  readonly externalPeers?: Readonly<Record<string, { readonly endpoint: string; readonly publicKey: string }>>;
}

/** A stack operation's result. `outputs` holds no secret value: secret outputs are reported as names only. */
export interface StackRunResult {
  readonly stack: string;
  readonly ok: boolean;
  readonly resourceCount?: number;
  readonly outputs: Readonly<Record<string, string>>;
  /** Names of the outputs Pulumi marked secret (e.g. kubeconfig); read them with secretOutput. */
  readonly secretOutputs: readonly string[];
  readonly error?: string;
}

/** What the controller needs from Pulumi. */
export interface AtlasEngine {
  up(stack: StackDefinition, context: StackContext): Promise<StackRunResult>;
  refresh(stack: StackDefinition, context: StackContext): Promise<StackRunResult>;
  /** Cancels a pending operation left by a crashed run (the state lock), so a new one can start. */
  cancel(stack: string, context: StackContext): Promise<void>;
  destroy(stack: string, context: StackContext): Promise<StackRunResult>;
  /** One secret output's value (the kubeconfig), for the controller to write to a Secret. */
  secretOutput(stack: string, name: string, context: StackContext): Promise<string | undefined>;
}

/** Per-run context: the application, the mode, the stack's secrets and a log sink. */
export interface StackContext {
  readonly application: string;
  readonly executionEnvironment: 'Kubernetes' | 'VirtualMachine';
  readonly secrets: StackSecrets;
  /** Receives engine output lines, already redacted. */
  readonly log: (line: string) => void;
}

/** Secret keys read per cloud, and the provider-plugin variables they become. */
const CREDENTIAL_ENV: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  aws: { accessKeyId: 'AWS_ACCESS_KEY_ID', secretAccessKey: 'AWS_SECRET_ACCESS_KEY', sessionToken: 'AWS_SESSION_TOKEN' },
  gcp: { credentials: 'GOOGLE_CREDENTIALS' },
  azure: { clientId: 'ARM_CLIENT_ID', clientSecret: 'ARM_CLIENT_SECRET', tenantId: 'ARM_TENANT_ID', subscriptionId: 'ARM_SUBSCRIPTION_ID' },
};

/** The Secret keys each cloud's credentials Secret must have (sessionToken is optional). */
export function credentialKeys(platform: string): readonly string[] {
  return Object.keys(CREDENTIAL_ENV[platform] ?? {}).filter((k) => k !== 'sessionToken');
}

/** Outcome of resolving a stack's secrets: the values, or which Secret or key is missing. */
export type ResolvedSecrets =
  | { readonly ok: true; readonly secrets: StackSecrets }
  | { readonly ok: false; readonly message: string; /** The Secret at fault, as `[namespace/]name`. */ readonly secret?: string };

/** Outcome of resolving one cloud's credentials: the provider-plugin environment, or what is missing. */
export type ResolvedCredentials =
  | { readonly ok: true; readonly env: Readonly<Record<string, string>>; readonly data: Readonly<Record<string, string>> }
  | { readonly ok: false; readonly secret?: string; readonly message: string };

/**
 * Reads the credentials Secret `ref` of `cluster` on `platform` and maps its keys to the provider plugin's
 * environment variables. The message of a failure names the Secret and key, never a value.
 */
export async function resolveCredentials(
  cluster: string,
  platform: string,
  ref: SecretKeyRef | undefined,
  read: SecretReader,
): Promise<ResolvedCredentials> {
  if (!ref)
    return {
      ok: false,
      message: `cluster ${cluster}: no credentials Secret (spec.clusters[].credentialsSecretRef, from the annotation skycluster.io/credentials-secret on the ProviderProfile of its site)`,
    };
  const shown = ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
  const data = await read(ref.name, ref.namespace);
  if (!data) return { ok: false, secret: shown, message: `cluster ${cluster}: Secret ${shown} not found` };
  const env: Record<string, string> = {};
  for (const [key, variable] of Object.entries(CREDENTIAL_ENV[platform] ?? {})) {
    const v = data[key];
    if (v !== undefined) env[variable] = v;
    else if (key !== 'sessionToken') return { ok: false, secret: shown, message: `cluster ${cluster}: Secret ${shown} has no key ${key}` };
  }
  return { ok: true, env, data };
}

/**
 * Reads the Secrets a stack needs: the cloud credentials the ProviderProfile references, the gateway's
 * WireGuard key and (Azure) the SSH key Secret `sshKeySecret`. The message of a failure names the Secret
 * and key, never a value.
 */
export async function resolveStackSecrets(stack: StackDefinition, read: SecretReader, sshKeySecret?: SecretKeyRef): Promise<ResolvedSecrets> {
  const c = stack.cluster;
  if (c.siteKind === 'onprem') return { ok: true, secrets: { env: {} } };
  const creds = await resolveCredentials(c.name, c.platform, c.credentialsSecretRef, read);
  if (!creds.ok) return creds.secret ? { ok: false, secret: creds.secret, message: creds.message } : { ok: false, message: creds.message };
  const ref = c.credentialsSecretRef ?? { name: '' };
  const { env, data } = creds;
  let gcpProject: string | undefined;
  if (c.platform === 'gcp') {
    try {
      const parsed = JSON.parse(data['credentials'] ?? '') as { project_id?: unknown };
      gcpProject = typeof parsed.project_id === 'string' ? parsed.project_id : data['project'];
    } catch {
      gcpProject = data['project'];
    }
    if (!gcpProject)
      return { ok: false, secret: ref.name, message: `cluster ${c.name}: Secret ${ref.name}: no project_id in key credentials and no key project` };
  }
  let wireguardPrivateKey: string | undefined;
  if (c.gateway && stack.peers.some((p) => p.transport === 'wireguard')) {
    const g = c.gateway.privateKeySecretRef;
    wireguardPrivateKey = (await read(g.name, g.namespace))?.[g.key ?? 'privateKey'];
    if (!wireguardPrivateKey)
      return { ok: false, secret: g.name, message: `cluster ${c.name}: Secret ${g.name} has no key ${g.key ?? 'privateKey'}` };
    if (!isWireguardKey(wireguardPrivateKey))
      return {
        ok: false,
        secret: g.name,
        message: `cluster ${c.name}: Secret ${g.name} key ${g.key ?? 'privateKey'} is not a WireGuard key (32 bytes, base64)`,
      };
  }
  const externalPeers: Record<string, { endpoint: string; publicKey: string }> = {};
  for (const p of stack.peers.filter((x) => x.transport === 'wireguard' && !x.stackRef)) {
    const d = await read(externalPeerSecretName(p.name));
    // A site that has not published its key yet is left out of the config; the next run adds it.
    if (d?.['publicKey'] && d['endpoint']) externalPeers[p.name] = { endpoint: d['endpoint'], publicKey: d['publicKey'] };
  }
  let sshPublicKey: string | undefined;
  if (c.platform === 'azure' && sshKeySecret)
    sshPublicKey = (await read(sshKeySecret.name, sshKeySecret.namespace))?.[sshKeySecret.key ?? 'publicKey'];
  return {
    ok: true,
    secrets: {
      env,
      ...(gcpProject ? { gcpProject } : {}),
      ...(wireguardPrivateKey ? { wireguardPrivateKey } : {}),
      ...(sshPublicKey ? { sshPublicKey } : {}),
      ...(Object.keys(externalPeers).length ? { externalPeers } : {}),
    },
  };
}

/** Secret (keys `endpoint`, `publicKey`) in which an on-prem site publishes its WireGuard end. */
export function externalPeerSecretName(cluster: string): string {
  return stableName([cluster, 'wireguard-peer']);
}

/**
 * Every secret value of `secrets` (long enough to be one), for redaction. A value holding a JSON object (a
 * GCP service-account key) also contributes each of its string fields, so a private key quoted alone in an
 * error message is caught too.
 */
export function secretValues(secrets: StackSecrets): string[] {
  const out: string[] = [];
  for (const v of [...Object.values(secrets.env), secrets.wireguardPrivateKey ?? '']) {
    out.push(v);
    out.push(...jsonStrings(v));
  }
  return [...new Set(out)].filter((v) => v.length >= 4);
}

/** The string fields of a JSON object text with their escaped forms; none for other text. Emails and ids are kept. */
function jsonStrings(text: string): string[] {
  if (!text.trimStart().startsWith('{')) return [];
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return [];
    const secretFields = ['private_key', 'private_key_id', 'client_secret', 'refresh_token'];
    return Object.entries(parsed)
      .filter(([k, v]) => secretFields.includes(k) && typeof v === 'string')
      .flatMap(([, v]) => [v as string, JSON.stringify(v).slice(1, -1)]);
  } catch {
    return [];
  }
}

/** `text` with every occurrence of any of `values` replaced by `[redacted]`. */
export function redact(text: string, values: readonly string[]): string {
  let out = text;
  for (const v of [...values].sort((a, b) => b.length - a.length)) out = out.split(v).join('[redacted]');
  return out;
}

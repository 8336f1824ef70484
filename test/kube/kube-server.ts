/**
 * Starts a genuine etcd + kube-apiserver (+ kube-controller-manager) on loopback, built by
 * test/kube/build-kube-apiserver.sh: free ports, a token file (admin in system:masters, plus restricted users
 * for RBAC tests), RBAC authorization, self-signed serving certs, service-account signing keys. Used by the
 * vitest global setup (kube-global-setup.ts) and by benchmarks; tests reach it through kube-test-env.ts.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { clientFor, installCrds, kubeconfigYaml } from './kube-client-helpers.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The repository root. */
export const REPO_ROOT = path.resolve(HERE, '..', '..');

/** Where the build script caches kube-apiserver and kube-controller-manager. */
export function kubeBinDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['SKYCLUSTER_KUBE_BIN_DIR']) return env['SKYCLUSTER_KUBE_BIN_DIR'];
  const version = fs.readFileSync(path.join(HERE, 'KUBE_VERSION'), 'utf8').trim();
  return path.join(env['SKYCLUSTER_KUBE_CACHE'] ?? path.join(os.homedir(), '.cache', 'skycluster-kube'), `v${version}`);
}

/** A user in the static token file. */
export interface TokenUser {
  readonly name: string;
  readonly token: string;
  readonly groups: readonly string[];
}

/** Options of startKubeServer. */
export interface KubeServerOptions {
  /** Label for logs and the temp dir. @default 'kube' */
  readonly name?: string;
  /** Also start kube-controller-manager (garbage collector, namespace deletion). @default true */
  readonly controllerManager?: boolean;
  /** CRD manifests (files) to install before the controller manager starts (it discovers types every 30 s). */
  readonly crdFiles?: readonly string[];
  /** Extra users of the token file (read at startup only). A user "restricted" (no groups) is always added. */
  readonly users?: readonly Omit<TokenUser, 'token'>[];
  /** Extra kube-apiserver flags (e.g. a small --watch-cache-sizes to provoke 410 Gone). */
  readonly apiServerArgs?: readonly string[];
}

/** How to reach a running server. Serialisable (it crosses from the vitest main process to the test workers). */
export interface KubeServerInfo {
  readonly name: string;
  /** https://127.0.0.1:PORT */
  readonly server: string;
  /** PEM of the CA that signed the serving certificate (the self-signed cert itself). */
  readonly caPem: string;
  readonly adminToken: string;
  /** Token users by name: "admin", "restricted" and the requested extra users. */
  readonly users: Readonly<Record<string, TokenUser>>;
  /** A kubeconfig file for the admin user. */
  readonly kubeconfigPath: string;
  readonly dir: string;
}

/** A running server and its controls. */
export interface KubeServer {
  readonly info: KubeServerInfo;
  /** Kills kube-apiserver (SIGKILL, as a crash) and starts it again on the same port and etcd; resolves when ready. */
  restartApiServer(): Promise<void>;
  /** Kills every child and removes the temp dir. */
  stop(): Promise<void>;
}

/** A free TCP port on loopback (the OS picks; closed again before use). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

function launch(bin: string, args: string[], logFile: string): ChildProcess {
  const out = fs.openSync(logFile, 'a');
  const child = spawn(bin, args, { stdio: ['ignore', out, out] });
  fs.closeSync(out);
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
  // The watchdog kills every pid listed here when this process dies, even by SIGKILL.
  if (child.pid !== undefined) fs.appendFileSync(path.join(path.dirname(logFile), 'pids'), `${child.pid}\n`);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // When the process exits without teardown: never leave servers behind.
    process.once('exit', () => {
      for (const c of liveChildren) c.kill('SIGKILL');
    });
  }
  return child;
}

/**
 * A detached shell that waits for this process to disappear (SIGKILL, OOM: no exit hook runs), then kills
 * the pids listed in DIR/pids and removes DIR.
 */
function startWatchdog(dir: string): void {
  const script = `while kill -0 ${process.pid} 2>/dev/null && [ -d "$1" ]; do sleep 1; done; [ -f "$1/pids" ] && xargs -r kill -9 < "$1/pids" 2>/dev/null; rm -rf "$1"`;
  const dog = spawn('sh', ['-c', script, 'skycluster-kube-watchdog', dir], { detached: true, stdio: 'ignore' });
  dog.unref();
}

/** Kills a child (SIGKILL: test servers keep no state worth a graceful stop) and waits for its exit. */
async function kill(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGKILL');
  await exited;
}

function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** GET path with the CA and token; resolves the status code (0 when unreachable). */
export function probe(server: string, caPem: string, token: string, urlPath: string): Promise<number> {
  return new Promise((resolve) => {
    const req = https.get(`${server}${urlPath}`, { ca: caPem, headers: { authorization: `Bearer ${token}` }, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
  });
}

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>, died: () => string | undefined): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    const dead = died();
    if (dead) throw new Error(`${what}: ${dead}`);
    if (Date.now() > end) throw new Error(`${what}: not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function exitedMessage(child: ChildProcess, log: string): string | undefined {
  if (child.exitCode === null && child.signalCode === null) return undefined;
  return `exited (${child.exitCode ?? child.signalCode}); last log lines:\n${tail(log)}`;
}

/**
 * The API groups a test server serves (everything else is off). Used by the product:
 * core, apps, batch, RBAC, CRDs, leases (leader election), events, access reviews and token requests. Read by the
 * API server itself: apiregistration (the aggregator), admissionregistration, scheduling (system priority classes),
 * node, networking and storage (the RuntimeClass, DefaultIngressClass and DefaultStorageClass admission plugins).
 */
const SERVED_API_GROUPS = [
  'api/v1',
  'apps/v1',
  'batch/v1',
  'rbac.authorization.k8s.io/v1',
  'apiextensions.k8s.io/v1',
  'coordination.k8s.io/v1',
  'events.k8s.io/v1',
  'authorization.k8s.io/v1',
  'authentication.k8s.io/v1',
  'apiregistration.k8s.io/v1',
  'admissionregistration.k8s.io/v1',
  'scheduling.k8s.io/v1',
  'node.k8s.io/v1',
  'networking.k8s.io/v1',
  'storage.k8s.io/v1',
];

/**
 * Starts etcd, kube-apiserver and (unless disabled) kube-controller-manager. Kills what it started when a
 * step fails, and throws with the failing log's tail.
 */
export async function startKubeServer(opts: KubeServerOptions = {}): Promise<KubeServer> {
  const name = opts.name ?? 'kube';
  const binDir = kubeBinDir();
  const apiserverBin = path.join(binDir, 'kube-apiserver');
  const kcmBin = path.join(binDir, 'kube-controller-manager');
  const etcdBin = spawnSync('sh', ['-c', 'command -v etcd'], { encoding: 'utf8' }).stdout.trim() || '/usr/bin/etcd';
  for (const bin of [apiserverBin, etcdBin, ...(opts.controllerManager === false ? [] : [kcmBin])]) {
    if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: run test/kube/build-kube-apiserver.sh first (.ci/run does)`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `skycluster-${name}-`));
  const children: ChildProcess[] = [];
  startWatchdog(dir);
  let apiserver: ChildProcess | undefined;
  try {
    const [etcdPort, peerPort, apiPort, kcmPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    const etcdUrl = `http://127.0.0.1:${etcdPort}`;
    const etcdLog = path.join(dir, 'etcd.log');
    const etcd = launch(
      etcdBin,
      [
        `--name=${name}`,
        `--data-dir=${path.join(dir, 'etcd')}`,
        `--listen-client-urls=${etcdUrl}`,
        `--advertise-client-urls=${etcdUrl}`,
        `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
        `--initial-cluster=${name}=http://127.0.0.1:${peerPort}`,
        '--unsafe-no-fsync',
      ],
      etcdLog,
    );
    children.push(etcd);

    const users: Record<string, TokenUser> = {};
    const token = (): string => randomBytes(24).toString('hex');
    users['admin'] = { name: 'admin', token: token(), groups: ['system:masters'] };
    users['restricted'] = { name: 'restricted', token: token(), groups: [] };
    for (const u of opts.users ?? []) users[u.name] = { ...u, token: token() };
    const tokenFile = path.join(dir, 'tokens.csv');
    // token,user,uid,"group1,group2"
    fs.writeFileSync(
      tokenFile,
      Object.values(users)
        .map((u) => `${u.token},${u.name},${u.name}-uid${u.groups.length ? `,"${u.groups.join(',')}"` : ''}`)
        .join('\n') + '\n',
    );
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const saPub = path.join(dir, 'sa.pub');
    const saKey = path.join(dir, 'sa.key');
    fs.writeFileSync(saPub, publicKey.export({ type: 'spki', format: 'pem' }));
    fs.writeFileSync(saKey, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const certDir = path.join(dir, 'certs');
    const apiLog = path.join(dir, 'kube-apiserver.log');
    const server = `https://127.0.0.1:${apiPort}`;
    const apiArgs = [
      `--etcd-servers=${etcdUrl}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      '--insecure-port=0',
      `--cert-dir=${certDir}`,
      `--token-auth-file=${tokenFile}`,
      '--authorization-mode=RBAC',
      '--service-account-issuer=https://kubernetes.default.svc',
      `--service-account-key-file=${saPub}`,
      `--service-account-signing-key-file=${saKey}`,
      '--service-cluster-ip-range=10.0.0.0/24',
      '--endpoint-reconciler-type=none',
      '--disable-admission-plugins=ServiceAccount',
      // Less work per server (docs/testing.md, "API servers"): only the API groups the product and
      // the tests use (plus those the default admission plugins and the aggregator read), and no API priority and
      // fairness. On this machine a server's start took 5.2 s of CPU with every group and 2.7 s with these.
      `--runtime-config=api/all=false,${SERVED_API_GROUPS.map((g) => `${g}=true`).join(',')}`,
      '--enable-priority-and-fairness=false',
      ...(opts.apiServerArgs ?? []),
    ];
    const startApi = async (): Promise<void> => {
      apiserver = launch(apiserverBin, apiArgs, apiLog);
      const child = apiserver;
      const crt = path.join(certDir, 'apiserver.crt');
      await waitFor(
        `kube-apiserver (${name})`,
        60_000,
        async () => fs.existsSync(crt) && (await probe(server, fs.readFileSync(crt, 'utf8'), users['admin']!.token, '/readyz')) === 200,
        () => exitedMessage(child, apiLog) ?? exitedMessage(etcd, etcdLog),
      );
    };
    await startApi();
    const caPem = fs.readFileSync(path.join(certDir, 'apiserver.crt'), 'utf8');
    const kubeconfigPath = path.join(dir, 'admin.kubeconfig');
    const info: KubeServerInfo = { name, server, caPem, adminToken: users['admin'].token, users, kubeconfigPath, dir };
    fs.writeFileSync(kubeconfigPath, kubeconfigYaml(info, info.adminToken, 'admin'));
    if (opts.crdFiles?.length) await installCrds(clientFor(info, info.adminToken), opts.crdFiles);
    if (opts.controllerManager !== false) {
      const kcmLog = path.join(dir, 'kube-controller-manager.log');
      const kcm = launch(
        kcmBin,
        [
          `--kubeconfig=${kubeconfigPath}`,
          '--controllers=garbagecollector,namespace',
          '--leader-elect=false',
          '--port=0',
          `--secure-port=${kcmPort}`,
          `--cert-dir=${path.join(dir, 'kcm-certs')}`,
        ],
        kcmLog,
      );
      children.push(kcm);
      // Fail fast when it cannot start; it needs no readiness wait for what the tests use.
      await new Promise((r) => setTimeout(r, 300));
      const dead = exitedMessage(kcm, kcmLog);
      if (dead) throw new Error(`kube-controller-manager (${name}): ${dead}`);
    }
    return {
      info,
      async restartApiServer() {
        await kill(apiserver);
        await startApi();
      },
      async stop() {
        await kill(apiserver);
        await Promise.all(children.map(kill));
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await kill(apiserver);
    await Promise.all(children.map(kill));
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

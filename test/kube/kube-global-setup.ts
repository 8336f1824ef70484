/**
 * Vitest global setup for tests against a real API server. It starts no server itself: it opens a small
 * loopback broker and provides its URL (inject('skyclusterKubeBroker')). A test file that needs an API
 * server asks the broker (kube-test-env.ts useKubeServer) and the broker starts that named server once, in
 * this main process, on first request; pure test runs therefore never pay for etcd and kube-apiserver.
 * Teardown (and process exit) kills every child started.
 *
 * Server "default" gets the project's CRDs (crds/) installed before its controller manager starts; other
 * names (a Harbor test's target clusters) start bare unless asked for CRDs. Options are fixed by the first
 * request for a name.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { REPO_ROOT, startKubeServer, type KubeServer, type KubeServerOptions } from './kube-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the API-server broker of kube-global-setup.ts. */
    skyclusterKubeBroker: string;
  }
}

/** What a test may ask for when requesting a server (JSON body of POST /servers/NAME). */
export interface ServerRequest {
  /** @default true for "default", false otherwise */
  readonly crds?: boolean;
  /** @default true */
  readonly controllerManager?: boolean;
  /** Extra token users (name and groups); "admin" and "restricted" always exist. */
  readonly users?: KubeServerOptions['users'];
  /** Extra kube-apiserver flags. */
  readonly apiServerArgs?: readonly string[];
}

/** The project's generated CRD manifests. */
export function projectCrdFiles(): string[] {
  const dir = path.join(REPO_ROOT, 'crds');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => path.join(dir, f));
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const servers = new Map<string, Promise<KubeServer>>();
  const start = (name: string, req: ServerRequest): Promise<KubeServer> => {
    let s = servers.get(name);
    if (!s) {
      s = startKubeServer({
        name,
        controllerManager: req.controllerManager ?? true,
        ...((req.crds ?? name === 'default') ? { crdFiles: projectCrdFiles() } : {}),
        ...(req.users ? { users: req.users } : {}),
        ...(req.apiServerArgs ? { apiServerArgs: req.apiServerArgs } : {}),
      });
      // A failed start is not cached: the next request retries (and gets the error again if it persists).
      s.catch(() => servers.delete(name));
      servers.set(name, s);
    }
    return s;
  };
  const broker = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const m = /^\/servers\/([a-z0-9-]+)(\/restart)?$/.exec(req.url ?? '');
      const reply = (status: number, body: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || !m) return reply(404, { error: 'POST /servers/NAME or /servers/NAME/restart' });
      const name = m[1]!;
      const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as ServerRequest) : {};
      (async () => {
        const server = await start(name, body);
        if (m[2]) await server.restartApiServer();
        return server.info;
      })().then(
        (info) => reply(200, info),
        (err: Error) => reply(500, { error: err.message }),
      );
    });
  });
  await new Promise<void>((r) => broker.listen(0, '127.0.0.1', () => r()));
  project.provide('skyclusterKubeBroker', `http://127.0.0.1:${(broker.address() as AddressInfo).port}`);
  return async () => {
    broker.close();
    const started = await Promise.allSettled(servers.values());
    await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
  };
}

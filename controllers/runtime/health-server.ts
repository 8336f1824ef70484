/**
 * The operator's HTTP endpoint: /metrics (Prometheus text from the operator's registry), /healthz (the
 * process serves requests) and /readyz (every readiness check passes: caches synced). Each check is a named
 * function so that a failing probe says which one failed.
 * @see https://kubernetes.io/docs/reference/using-api/health-checks/
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** A named readiness or liveness check. */
export interface HealthCheck {
  readonly name: string;
  readonly check: () => boolean;
}

/** A running health server. */
export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Renders a probe answer: 200 "ok" or 503 naming the failing checks (kube-apiserver's verbose style). Pure. */
export function probeAnswer(checks: readonly HealthCheck[]): { status: number; body: string } {
  const results = checks.map((c) => ({ name: c.name, ok: safe(c.check) }));
  const failed = results.filter((r) => !r.ok);
  const lines = results.map((r) => `[${r.ok ? '+' : '-'}]${r.name} ${r.ok ? 'ok' : 'failed'}`);
  return failed.length === 0 ? { status: 200, body: 'ok\n' } : { status: 503, body: `${lines.join('\n')}\n${failed.length} check(s) failed\n` };
}

function safe(f: () => boolean): boolean {
  try {
    return f();
  } catch {
    return false;
  }
}

/**
 * Starts the server.
 * @param port 0 picks a free port (see HealthServer.port)
 */
export async function startHealthServer(opts: {
  readonly port: number;
  readonly host?: string;
  readonly registry: Registry;
  readonly liveness: readonly HealthCheck[];
  readonly readiness: readonly HealthCheck[];
}): Promise<HealthServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, body: string, type = 'text/plain; charset=utf-8'): void => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (path === '/metrics') {
      opts.registry.metrics().then(
        (text) => send(200, text, opts.registry.contentType),
        (err: Error) => send(500, err.message),
      );
    } else if (path === '/healthz' || path === '/livez') {
      const a = probeAnswer(opts.liveness);
      send(a.status, a.body);
    } else if (path === '/readyz') {
      const a = probeAnswer(opts.readiness);
      send(a.status, a.body);
    } else send(404, 'not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

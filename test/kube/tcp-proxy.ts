/**
 * A loopback TCP proxy in front of an API server, for fault tests: `cutAll()` destroys every open connection
 * (a watch cut mid-stream, as a network failure or a load balancer would), `pause()` refuses new connections
 * until `resume()`, `blackhole()` accepts new connections but never answers (a silent network). TLS passes through untouched (the server certificate covers 127.0.0.1).
 */
import net from 'node:net';

/** A running proxy. */
export interface TcpProxy {
  /** https://127.0.0.1:PORT, to use instead of the server's URL. */
  readonly url: string;
  /** Destroys every proxied connection now. */
  cutAll(): number;
  /** New connections are closed at once until resume(). */
  pause(): void;
  /** New connections are accepted and held without a byte either way until resume() (then closed). */
  blackhole(): void;
  resume(): void;
  /** Connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

/** Starts a proxy to `target` (https://host:port). */
export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const { hostname, port } = new URL(target);
  const open = new Set<net.Socket>();
  let paused = false;
  let holding = false;
  const held = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((client) => {
    accepted++;
    if (paused) {
      client.destroy();
      return;
    }
    if (holding) {
      held.add(client);
      client.on('error', () => held.delete(client));
      return;
    }
    const upstream = net.connect(Number(port), hostname);
    open.add(client);
    open.add(upstream);
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port: local } = server.address() as net.AddressInfo;
  return {
    url: `https://127.0.0.1:${local}`,
    cutAll() {
      const n = open.size / 2;
      for (const s of [...open]) s.destroy();
      open.clear();
      return n;
    },
    pause() {
      paused = true;
    },
    blackhole() {
      holding = true;
    },
    resume() {
      paused = false;
      holding = false;
      for (const s of held) s.destroy();
      held.clear();
    },
    connections: () => accepted,
    close: () =>
      new Promise<void>((r) => {
        for (const s of [...open, ...held]) s.destroy();
        server.close(() => r());
      }),
  };
}

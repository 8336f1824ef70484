/**
 * A small REST client for the Kubernetes API on top of @kubernetes/client-node's KubeConfig (which loads the
 * kubeconfig or in-cluster config and supplies TLS material and credentials). Every call returns a
 * KubeResult: the HTTP status and the body, or the metav1.Status reason of a failure. Callers branch on the
 * status code (404, 409, 410, ...), never on message text. Watches stream through `watch` (watch-stream.ts).
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/
 */
import https from 'node:https';
import http from 'node:http';
import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeList, KubeObject, KubeStatus } from './kube-object.js';
import { apiVersionOf, resourcePath, type ResourceRef } from './resource.js';

/** The outcome of one API call. status 0 means the request never got an HTTP answer (network error). */
export type KubeResult<T> =
  | { readonly ok: true; readonly status: number; readonly body: T }
  | {
      readonly ok: false;
      readonly status: number;
      /** metav1.Status reason (NotFound, Conflict, AlreadyExists, Expired, Forbidden, ...) or NetworkError. */
      readonly reason: string;
      readonly message: string;
      /** From the Retry-After header or the Status details, when the server asked to wait. */
      readonly retryAfterSeconds?: number;
    };

/** Options of one raw request. */
export interface RequestOptions {
  readonly query?: Record<string, string | number | boolean | undefined>;
  readonly body?: unknown;
  /** @default application/json when there is a body */
  readonly contentType?: string;
  /** Aborts the request (used by watches). */
  readonly signal?: AbortSignal;
  /** Gives up after this long (status 0, NetworkError). @default the client's requestTimeoutMs; none for stream() */
  readonly timeoutMs?: number;
}

/** Per-call options of the typed methods. */
export interface CallOptions {
  readonly signal?: AbortSignal;
  /** @default the client's requestTimeoutMs */
  readonly timeoutMs?: number;
  /** Field manager recorded in managedFields for a write (PUT); absent: the API server derives one from the user agent. */
  readonly fieldManager?: string;
}

/** Query parameters of list calls. */
export interface ListOptions {
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  readonly limit?: number;
  readonly continue?: string;
  readonly resourceVersion?: string;
}

/** A connection to one API server. */
export interface KubeConnection {
  /** Base URL, e.g. https://127.0.0.1:6443 */
  readonly server: string;
  /** Node request options carrying TLS material, credentials and a keep-alive agent. */
  requestOptions(): Promise<https.RequestOptions>;
}

/** Builds a connection from a loaded KubeConfig (current context). */
export function connectionFromKubeConfig(kc: KubeConfig): KubeConnection {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new TypeError('the kubeconfig has no current cluster');
  let agent: https.Agent | undefined;
  return {
    server: cluster.server.replace(/\/+$/, ''),
    async requestOptions() {
      // Called per request: exec/OIDC credentials can rotate; the TLS agent (and its keep-alive pool) stays.
      const opts: https.RequestOptions = {};
      await kc.applyToHTTPSOptions(opts);
      agent ??= new https.Agent({
        ca: opts.ca,
        cert: opts.cert,
        key: opts.key,
        keepAlive: true,
        ...(cluster.skipTLSVerify ? { rejectUnauthorized: false } : {}),
        ...(cluster.tlsServerName ? { servername: cluster.tlsServerName } : {}),
      });
      return { headers: opts.headers, auth: opts.auth, agent };
    },
  };
}

/** The streaming answer of a request: status, headers and the body as a stream. */
export interface RawResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: http.IncomingMessage;
}

/** Kubernetes REST client returning KubeResult values. */
export class KubeClient {
  /**
   * @param connection where to send requests (see connectionFromKubeConfig)
   * @param requestTimeoutMs bound of every non-streaming request, so a silent network cannot hang a reconcile
   *   or a Lease renewal @default 30_000
   */
  constructor(
    readonly connection: KubeConnection,
    readonly requestTimeoutMs = 30_000,
  ) {}

  /** Sends a request and resolves with the streaming response (or a network error as status 0). */
  async stream(method: string, path: string, opts: RequestOptions = {}): Promise<RawResponse | { status: 0; message: string }> {
    const url = new URL(this.connection.server + path);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const base = await this.connection.requestOptions();
    const payload = opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    const headers: http.OutgoingHttpHeaders = { ...((base.headers ?? {}) as http.OutgoingHttpHeaders), accept: 'application/json' };
    if (payload !== undefined) {
      headers['content-type'] = opts.contentType ?? 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    const send = url.protocol === 'http:' ? http.request : https.request;
    const signals = [opts.signal, opts.timeoutMs !== undefined ? AbortSignal.timeout(opts.timeoutMs) : undefined].filter(
      (x): x is AbortSignal => x !== undefined,
    );
    const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    return new Promise((resolve) => {
      const req = send(url, { ...base, method, headers, ...(signal ? { signal } : {}) }, (res) =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res }),
      );
      req.on('error', (err) => resolve({ status: 0, message: err.message }));
      req.end(payload);
    });
  }

  /** Sends a request and reads the whole JSON answer. */
  async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<KubeResult<T>> {
    const res = await this.stream(method, path, { ...opts, timeoutMs: opts.timeoutMs ?? this.requestTimeoutMs });
    if (!('body' in res)) return { ok: false, status: 0, reason: 'NetworkError', message: res.message };
    let text: string;
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of res.body) chunks.push(chunk as Buffer);
      text = Buffer.concat(chunks).toString('utf8');
    } catch (err) {
      return { ok: false, status: 0, reason: 'NetworkError', message: (err as Error).message };
    }
    const parsed = parseJson(text);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status, body: parsed as T };
    return failure(res.status, res.headers, parsed, text);
  }

  /** GET one object. */
  get<T extends KubeObject>(ref: ResourceRef, namespace: string | undefined, name: string, call: CallOptions = {}): Promise<KubeResult<T>> {
    return this.request<T>('GET', resourcePath(ref, { namespace, name }), call);
  }

  /** GET a collection (one page; see listAll). Without a namespace a namespaced kind lists all namespaces. */
  list<T extends KubeObject>(ref: ResourceRef, namespace?: string, opts: ListOptions = {}): Promise<KubeResult<KubeList<T>>> {
    return this.request<KubeList<T>>('GET', resourcePath(ref, { namespace }), { query: { ...opts } });
  }

  /** POST a new object (its namespace is taken from metadata). */
  create<T extends KubeObject>(ref: ResourceRef, obj: T, call: CallOptions = {}): Promise<KubeResult<T>> {
    const body = { apiVersion: apiVersionOf(ref), kind: ref.kind, ...obj };
    return this.request<T>('POST', resourcePath(ref, { namespace: obj.metadata?.namespace }), { ...call, body });
  }

  /** PUT the whole object; metadata.resourceVersion makes it conditional (409 Conflict when stale). */
  replace<T extends KubeObject>(ref: ResourceRef, obj: T, subresource?: 'status', call: CallOptions = {}): Promise<KubeResult<T>> {
    const meta = obj.metadata ?? {};
    const body = { apiVersion: apiVersionOf(ref), kind: ref.kind, ...obj };
    const { fieldManager, ...rest } = call;
    return this.request<T>('PUT', resourcePath(ref, { namespace: meta.namespace, name: meta.name, subresource }), {
      ...rest,
      body,
      ...(fieldManager ? { query: { fieldManager } } : {}),
    });
  }

  /** PATCH with a JSON merge patch (or another patch type). */
  patch<T extends KubeObject>(
    ref: ResourceRef,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    opts: { contentType?: string; subresource?: string; fieldManager?: string } = {},
  ): Promise<KubeResult<T>> {
    return this.request<T>('PATCH', resourcePath(ref, { namespace, name, subresource: opts.subresource }), {
      body: patch,
      contentType: opts.contentType ?? 'application/merge-patch+json',
      ...(opts.fieldManager ? { query: { fieldManager: opts.fieldManager } } : {}),
    });
  }

  /**
   * Server-side apply of `obj` (a full intent: only the fields this manager owns) as `fieldManager`.
   * @see https://kubernetes.io/docs/reference/using-api/server-side-apply/
   */
  applyPatch<T extends KubeObject>(
    ref: ResourceRef,
    obj: KubeObject,
    opts: { fieldManager: string; force?: boolean; subresource?: 'status' },
  ): Promise<KubeResult<T>> {
    const meta = obj.metadata ?? {};
    const path = resourcePath(ref, { namespace: meta.namespace, name: meta.name, subresource: opts.subresource });
    return this.request<T>('PATCH', path, {
      body: { apiVersion: apiVersionOf(ref), kind: ref.kind, ...obj },
      contentType: 'application/apply-patch+yaml',
      query: { fieldManager: opts.fieldManager, force: opts.force ? true : undefined },
    });
  }

  /** DELETE one object. @default propagationPolicy Background (the API server's own default) */
  delete(
    ref: ResourceRef,
    namespace: string | undefined,
    name: string,
    opts: { propagationPolicy?: 'Foreground' | 'Background' | 'Orphan'; resourceVersion?: string } = {},
  ): Promise<KubeResult<KubeObject>> {
    const body: Record<string, unknown> = { apiVersion: 'v1', kind: 'DeleteOptions' };
    if (opts.propagationPolicy) body['propagationPolicy'] = opts.propagationPolicy;
    if (opts.resourceVersion) body['preconditions'] = { resourceVersion: opts.resourceVersion };
    return this.request<KubeObject>('DELETE', resourcePath(ref, { namespace, name }), { body });
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Builds the failure value of a non-2xx answer from its metav1.Status body and headers. */
export function failure(status: number, headers: http.IncomingHttpHeaders, body: unknown, text: string): KubeResult<never> & { ok: false } {
  const st = (typeof body === 'object' && body !== null ? body : {}) as KubeStatus;
  const header = headers['retry-after'];
  const fromHeader = header !== undefined ? Number(Array.isArray(header) ? header[0] : header) : NaN;
  const retry = Number.isFinite(fromHeader) ? fromHeader : st.details?.retryAfterSeconds;
  return {
    ok: false,
    status,
    reason: st.reason ?? (http.STATUS_CODES[status] ?? 'Unknown').replace(/\s+/g, ''),
    message: st.message ?? text.slice(0, 500),
    ...(retry !== undefined ? { retryAfterSeconds: retry } : {}),
  };
}

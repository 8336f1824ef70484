/**
 * The manager ties the runtime together for one operator process: informers (shared by every controller,
 * running on every replica so that a new leader starts with warm caches), controllers (running only while
 * this replica leads), leader election, the health/metrics server and graceful shutdown (stop taking keys,
 * let in-flight reconciles finish within the grace period, release the Lease, close the watches).
 */
import type { Logger } from 'pino';
import type { Controller } from './controller.js';
import { startHealthServer, type HealthServer } from './health-server.js';
import { Informer, type InformerOptions } from './informer.js';
import type { KubeClient } from './kube-client.js';
import type { KubeObject } from './kube-object.js';
import { LeaderElector } from './leader-election.js';
import type { OperatorMetrics } from './metrics.js';
import type { ResourceRef } from './resource.js';
import type { Clock } from './clock.js';

/** What the manager needs; everything comes from the config read at startup. */
export interface ManagerOptions {
  readonly client: KubeClient;
  readonly log: Logger;
  readonly metrics: OperatorMetrics;
  /** Leader election; absent: this replica always leads (single replica, tests). */
  readonly leaderElection?: {
    readonly identity: string;
    readonly leaseName: string;
    readonly namespace: string;
    readonly leaseDurationSeconds: number;
    readonly renewDeadlineSeconds: number;
    readonly retryPeriodSeconds: number;
  };
  /** Health/metrics server; absent: none (tests). */
  readonly health?: { readonly port: number; readonly host?: string };
  readonly clock?: Clock;
}

/** One operator process. */
export class Manager {
  private readonly informers: Informer<KubeObject>[] = [];
  private readonly shared = new Map<string, Informer<KubeObject>>();
  private readonly controllers: Controller[] = [];
  private readonly abort = new AbortController();
  private elector: LeaderElector | undefined;
  private election: Promise<void> | undefined;
  private health: HealthServer | undefined;
  private leading = false;
  private started = false;
  private stopping: Promise<void> | undefined;

  constructor(private readonly opts: ManagerOptions) {}

  /**
   * The informer of `ref` in the scope `opts` names (namespace, label and field selector), created on first use
   * and shared by every controller that asks for the same scope afterwards (the first caller's other options win).
   * It starts with the manager.
   */
  informer<T extends KubeObject>(ref: ResourceRef, opts: InformerOptions = {}): Informer<T> {
    const scope = [ref.group, ref.version, ref.plural, opts.namespace ?? '', opts.labelSelector ?? '', opts.fieldSelector ?? ''].join('|');
    const shared = this.shared.get(scope);
    if (shared) return shared as unknown as Informer<T>;
    const informer = new Informer<T>(this.opts.client, ref, { ...(this.opts.clock ? { clock: this.opts.clock } : {}), ...opts });
    const restarts = this.opts.metrics.watchRestarts;
    const log = this.opts.log.child({ informer: ref.plural });
    informer.onLifecycle((e) => {
      if (e.type === 'watch-ended' && e.end.kind !== 'stopped') restarts.labels(ref.plural, e.end.kind).inc();
      if (e.type === 'gone') restarts.labels(ref.plural, 'gone').inc();
      if (e.type === 'list-failed') log.warn({ status: e.status, reason: e.reason }, 'list failed');
      else if (e.type === 'watch-ended' && e.end.kind === 'dropped') log.info({ why: e.end.message }, 'watch dropped');
      else if (e.type === 'watch-ended' && e.end.kind === 'error')
        log.info({ status: e.end.status, reason: e.end.reason }, 'watch ended with an error');
    });
    this.informers.push(informer as unknown as Informer<KubeObject>);
    this.shared.set(scope, informer as unknown as Informer<KubeObject>);
    return informer;
  }

  /** Adds a controller; it runs while this replica leads. */
  add(controller: Controller): this {
    this.controllers.push(controller);
    return this;
  }

  /** Whether this replica currently runs the controllers. */
  isLeader(): boolean {
    return this.leading;
  }

  /** The port of the health/metrics server (when configured). */
  healthPort(): number | undefined {
    return this.health?.port;
  }

  /** Starts the health server and informers, waits for the caches, then campaigns (or leads at once). */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    if (this.opts.health) {
      this.health = await startHealthServer({
        port: this.opts.health.port,
        ...(this.opts.health.host ? { host: this.opts.health.host } : {}),
        registry: this.opts.metrics.registry,
        liveness: [{ name: 'ping', check: () => true }],
        readiness: this.informers.map((i) => ({ name: `informer-${i.ref.plural}-synced`, check: () => i.hasSynced() })),
      });
    }
    for (const i of this.informers) i.start();
    await Promise.race([Promise.all(this.informers.map((i) => i.waitForSync())), new Promise((r) => this.abort.signal.addEventListener('abort', r))]);
    if (this.abort.signal.aborted) return;
    const le = this.opts.leaderElection;
    if (!le) {
      this.startLeading();
      return;
    }
    const gauge = this.opts.metrics.leader.labels(le.leaseName);
    gauge.set(0);
    this.elector = new LeaderElector(this.opts.client, {
      ...le,
      log: this.opts.log,
      ...(this.opts.clock ? { clock: this.opts.clock } : {}),
      onStartedLeading: () => {
        gauge.set(1);
        this.startLeading();
      },
      onStoppedLeading: async () => {
        gauge.set(0);
        await this.stopLeading();
      },
    });
    this.election = this.elector.run(this.abort.signal);
  }

  private startLeading(): void {
    this.leading = true;
    for (const c of this.controllers) c.start();
  }

  private async stopLeading(): Promise<void> {
    this.leading = false;
    await Promise.all(this.controllers.map((c) => c.stop()));
  }

  /**
   * Graceful shutdown: controllers stop (in-flight reconciles get their grace period), the Lease is released,
   * watches close, the health server closes. Idempotent.
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.opts.log.info('shutting down');
      this.abort.abort();
      if (this.election) await this.election;
      else await this.stopLeading();
      await Promise.all(this.informers.map((i) => i.stop()));
      for (const c of this.controllers) c.dispose();
      await this.health?.close();
      this.opts.log.info('stopped');
    })();
    return this.stopping;
  }
}

/**
 * Stops the manager on SIGTERM or SIGINT (what the kubelet sends before killing a pod) and sets the exit code.
 * @returns a function removing the handlers
 */
export function installSignalHandlers(manager: Manager, log: Logger, proc: NodeJS.Process = process): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    log.info({ signal }, 'signal received');
    manager.stop().then(
      () => {
        proc.exitCode = 0;
      },
      (err: Error) => {
        log.error({ err: err.message }, 'shutdown failed');
        proc.exitCode = 1;
      },
    );
  };
  proc.once('SIGTERM', onSignal);
  proc.once('SIGINT', onSignal);
  return () => {
    proc.off('SIGTERM', onSignal);
    proc.off('SIGINT', onSignal);
  };
}

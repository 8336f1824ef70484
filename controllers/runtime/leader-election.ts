/**
 * Leader election on a coordination.k8s.io/v1 Lease, in the manner of client-go's leaderelection package:
 * a candidate takes the Lease when it is absent, released (no holder) or not renewed within
 * leaseDurationSeconds of local observation (no comparison of clocks across machines); the leader renews it
 * every retryPeriod and gives up leading when it could not renew within renewDeadline; on shutdown it releases
 * the Lease so that a successor takes over at once. Every write is conditional on the resourceVersion read,
 * so two candidates cannot both win.
 * @see https://kubernetes.io/docs/concepts/architecture/leases/#leader-election
 */
import type { Logger } from 'pino';
import { backoffDelay } from './backoff.js';
import { sleep, systemClock, type Clock } from './clock.js';
import { LEADER_ELECTION } from './constants.js';
import type { KubeClient } from './kube-client.js';
import type { KubeObject } from './kube-object.js';
import { BUILTIN } from './resource.js';

/** The spec of a Lease. Times are metav1.MicroTime (RFC 3339 with microseconds). */
export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

/** A Lease object. */
export interface Lease extends KubeObject {
  spec?: LeaseSpec;
}

/** What a candidate should do with the Lease it just read. */
export type LeaseDecision =
  | { readonly action: 'create' }
  | { readonly action: 'renew' }
  | { readonly action: 'acquire'; readonly why: 'released' | 'expired' }
  | { readonly action: 'wait'; readonly holder: string; readonly expiresInMs: number };

/**
 * Decides from the Lease read (undefined: it does not exist), who we are, the local time now and the local
 * time at which the current holder's record was first observed in its present form. Pure.
 */
export function decideLease(lease: LeaseSpec | undefined, identity: string, nowMs: number, observedAtMs: number): LeaseDecision {
  if (lease === undefined) return { action: 'create' };
  const holder = lease.holderIdentity ?? '';
  if (holder === identity) return { action: 'renew' };
  if (holder === '') return { action: 'acquire', why: 'released' };
  const expiresAt = observedAtMs + (lease.leaseDurationSeconds ?? LEADER_ELECTION.leaseDurationSeconds) * 1000;
  if (nowMs >= expiresAt) return { action: 'acquire', why: 'expired' };
  return { action: 'wait', holder, expiresInMs: expiresAt - nowMs };
}

/** The Lease spec to write for a decision (create, renew or acquire) by `identity` at time `now`. Pure. */
export function leaseSpecFor(
  decision: LeaseDecision,
  old: LeaseSpec | undefined,
  identity: string,
  now: Date,
  leaseDurationSeconds: number,
): LeaseSpec {
  const t = microTime(now);
  const transitions = old?.leaseTransitions ?? 0;
  if (decision.action === 'renew') return { ...old, holderIdentity: identity, leaseDurationSeconds, renewTime: t };
  return {
    holderIdentity: identity,
    leaseDurationSeconds,
    acquireTime: t,
    renewTime: t,
    leaseTransitions: decision.action === 'create' ? 0 : transitions + 1,
  };
}

/** metav1.MicroTime text of a Date: RFC 3339 with exactly six fractional digits, as the API server parses it. */
export function microTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Options of a LeaderElector. */
export interface LeaderElectorOptions {
  /** This candidate's identity (pod name + random suffix); must differ between replicas. */
  readonly identity: string;
  /** @default LEADER_ELECTION.leaseName */
  readonly leaseName?: string;
  /** @default LEADER_ELECTION.namespace */
  readonly namespace?: string;
  /** @default 15 */
  readonly leaseDurationSeconds?: number;
  /** @default 10 */
  readonly renewDeadlineSeconds?: number;
  /** @default 2 */
  readonly retryPeriodSeconds?: number;
  readonly log: Logger;
  /** @default systemClock */
  readonly clock?: Clock;
  /** Called when this candidate becomes leader. */
  readonly onStartedLeading: () => void;
  /** Called when it stops leading (lost the Lease, or released it on shutdown). Awaited before release. */
  readonly onStoppedLeading: () => void | Promise<void>;
}

/** A candidate for the leader Lease. */
export class LeaderElector {
  private leading = false;
  private observed: { record: string; atMs: number } | undefined;
  private lastRenewMs = 0;
  private lease: Lease | undefined;
  private readonly clock: Clock;

  constructor(
    private readonly client: KubeClient,
    private readonly opts: LeaderElectorOptions,
  ) {
    this.clock = opts.clock ?? systemClock;
  }

  /** Whether this candidate currently leads. */
  isLeader(): boolean {
    return this.leading;
  }

  /** Campaigns until `signal` aborts; then stops leading and releases the Lease if held. */
  async run(signal: AbortSignal): Promise<void> {
    const retryMs = (this.opts.retryPeriodSeconds ?? LEADER_ELECTION.retryPeriodSeconds) * 1000;
    const deadlineMs = (this.opts.renewDeadlineSeconds ?? LEADER_ELECTION.renewDeadlineSeconds) * 1000;
    while (!signal.aborted) {
      // A leader's attempt may not outlast its renew deadline (client-go bounds it the same way): a hung request
      // must not keep a leader that can no longer renew believing it leads after the others see the lease expire.
      const left = this.lastRenewMs + deadlineMs - this.clock.now();
      const ok = await this.tryAcquireOrRenew(Math.max(1, Math.min(deadlineMs / 2, this.leading ? left : deadlineMs)));
      const now = this.clock.now();
      if (ok) {
        this.lastRenewMs = now;
        if (!this.leading) {
          this.leading = true;
          this.opts.log.info({ lease: this.leaseName(), identity: this.opts.identity }, 'became leader');
          this.opts.onStartedLeading();
        }
      } else if (this.leading && now - this.lastRenewMs >= deadlineMs) {
        this.leading = false;
        this.opts.log.warn({ lease: this.leaseName() }, 'lost leadership: could not renew within the deadline');
        await this.opts.onStoppedLeading();
      }
      // A failing leader retries no later than its deadline; followers retry with jitter (client-go's JitterFactor
      // 1.2) so that candidates do not collide.
      const wait = this.leading
        ? Math.min(retryMs, Math.max(0, this.lastRenewMs + deadlineMs - now))
        : backoffDelay(0, { baseMs: retryMs, maxMs: retryMs, jitter: 1.2 });
      await sleep(this.clock, wait, signal);
    }
    if (this.leading) {
      this.leading = false;
      await this.opts.onStoppedLeading();
      await this.release();
    }
  }

  private leaseName(): string {
    return this.opts.leaseName ?? LEADER_ELECTION.leaseName;
  }

  private async tryAcquireOrRenew(timeoutMs: number): Promise<boolean> {
    const ns = this.opts.namespace ?? LEADER_ELECTION.namespace;
    const name = this.leaseName();
    const call = { timeoutMs };
    const got = await this.client.get<Lease>(BUILTIN.lease, ns, name, call);
    if (!got.ok && got.status !== 404) {
      this.opts.log.debug({ status: got.status, reason: got.reason }, 'reading the lease failed');
      return false;
    }
    const lease = got.ok ? got.body : undefined;
    const now = this.clock.now();
    const record = JSON.stringify([lease?.spec?.holderIdentity, lease?.spec?.renewTime]);
    if (this.observed?.record !== record) this.observed = { record, atMs: now };
    const decision = decideLease(lease?.spec, this.opts.identity, now, this.observed.atMs);
    if (decision.action === 'wait') return false;
    const spec = leaseSpecFor(
      decision,
      lease?.spec,
      this.opts.identity,
      new Date(now),
      this.opts.leaseDurationSeconds ?? LEADER_ELECTION.leaseDurationSeconds,
    );
    const res =
      decision.action === 'create'
        ? await this.client.create<Lease>(BUILTIN.lease, { metadata: { name, namespace: ns }, spec }, call)
        : await this.client.replace<Lease>(BUILTIN.lease, { ...lease, spec }, undefined, call);
    if (!res.ok) {
      // 409: another candidate wrote first; read again next round.
      this.opts.log.debug({ status: res.status, reason: res.reason, action: decision.action }, 'lease write failed');
      return false;
    }
    this.lease = res.body;
    if (decision.action !== 'renew') this.opts.log.info({ lease: name, how: decision.action }, 'lease acquired');
    return true;
  }

  /** Gives the Lease up (no holder, 1 s duration) so the next candidate need not wait for expiry. */
  private async release(): Promise<void> {
    if (!this.lease) return;
    const spec: LeaseSpec = { ...this.lease.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: microTime(new Date(this.clock.now())) };
    const timeoutMs = (this.opts.renewDeadlineSeconds ?? LEADER_ELECTION.renewDeadlineSeconds) * 500;
    const res = await this.client.replace<Lease>(BUILTIN.lease, { ...this.lease, spec }, undefined, { timeoutMs });
    this.opts.log.info({ lease: this.leaseName(), ok: res.ok, status: res.status }, 'lease released');
    this.lease = undefined;
  }
}

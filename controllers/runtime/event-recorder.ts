/**
 * Records Kubernetes Events (core/v1) about objects, aggregated as client-go's recorder does: a repeat of the
 * same reason and message for the same object bumps count and lastTimestamp of the existing Event instead of
 * creating a new one. Recording never fails a reconcile: errors are logged.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/event-v1/
 */
import type { Logger } from 'pino';
import { systemClock, type Clock } from './clock.js';
import { EVENT_SOURCE } from './constants.js';
import type { KubeClient } from './kube-client.js';
import type { KubeObject } from './kube-object.js';
import { BUILTIN } from './resource.js';

/** Normal or Warning, the two Event types. */
export type EventType = 'Normal' | 'Warning';

/** The core/v1 Event body for one occurrence. Pure. */
export function eventBody(
  obj: KubeObject,
  type: EventType,
  reason: string,
  message: string,
  opts: { now: Date; name: string; count: number; firstTimestamp: string; component: string; instance: string },
): KubeObject {
  const meta = obj.metadata ?? {};
  const ts = opts.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    metadata: { name: opts.name, namespace: meta.namespace ?? 'default' },
    involvedObject: {
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      name: meta.name,
      namespace: meta.namespace,
      uid: meta.uid,
      resourceVersion: meta.resourceVersion,
    },
    type,
    reason,
    // The API server rejects longer messages.
    message: message.length > 1024 ? `${message.slice(0, 1021)}...` : message,
    source: { component: opts.component },
    reportingComponent: opts.component,
    reportingInstance: opts.instance,
    firstTimestamp: opts.firstTimestamp,
    lastTimestamp: ts,
    count: opts.count,
  };
}

/** Records Events through the API server. */
export class EventRecorder {
  private readonly seen = new Map<string, { name: string; namespace: string; count: number; first: string }>();
  private readonly clock: Clock;

  /** @param instance this replica's identity (reportingInstance) */
  constructor(
    private readonly client: KubeClient,
    private readonly log: Logger,
    private readonly instance: string,
    clock: Clock = systemClock,
    private readonly component: string = EVENT_SOURCE,
  ) {
    this.clock = clock;
  }

  /** Records one occurrence of `reason` on `obj`. */
  async record(obj: KubeObject, type: EventType, reason: string, message: string): Promise<void> {
    const meta = obj.metadata ?? {};
    const aggKey = JSON.stringify([meta.uid ?? `${meta.namespace}/${meta.name}`, type, reason, message]);
    const now = new Date(this.clock.now());
    const prev = this.seen.get(aggKey);
    if (prev) {
      const body = eventBody(obj, type, reason, message, {
        now,
        name: prev.name,
        count: prev.count + 1,
        firstTimestamp: prev.first,
        component: this.component,
        instance: this.instance,
      });
      const res = await this.client.patch(BUILTIN.event, prev.namespace, prev.name, { count: body['count'], lastTimestamp: body['lastTimestamp'] });
      if (res.ok) {
        prev.count++;
        return;
      }
      // The Event expired (1 h TTL by default) or was deleted: start a new one.
      this.seen.delete(aggKey);
    }
    const name = `${meta.name ?? 'object'}.${(BigInt(now.getTime()) * 1_000_000n + BigInt(this.seen.size)).toString(16)}`;
    const first = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const body = eventBody(obj, type, reason, message, {
      now,
      name,
      count: 1,
      firstTimestamp: first,
      component: this.component,
      instance: this.instance,
    });
    const res = await this.client.create(BUILTIN.event, body);
    if (res.ok) {
      if (this.seen.size > 4096) this.seen.clear();
      this.seen.set(aggKey, { name, namespace: meta.namespace ?? 'default', count: 1, first });
    } else this.log.warn({ reason, status: res.status, err: res.message }, 'could not record event');
  }
}

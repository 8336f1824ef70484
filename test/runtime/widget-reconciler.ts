/**
 * A reference reconciler for the test-only Widget kind, showing the runtime's contract end to end: read by
 * key, finalizer first, deletion via deletionTimestamp, pure desired state, server-side apply of an owned
 * ConfigMap, one status write with conditions, terminal result for an invalid spec. The product's
 * controllers follow the same steps.
 */
import {
  applyObject,
  BUILTIN,
  conditionsEqual,
  controllerReference,
  done,
  ensureFinalizer,
  isBeingDeleted,
  parseObjectKey,
  removeFinalizer,
  setCondition,
  terminal,
  transient,
  updateStatus,
  type Condition,
  type EventRecorder,
  type KubeClient,
  type KubeObject,
  type OperationResult,
  type Reconciler,
} from '../../controllers/runtime/index.js';
import { WIDGETS } from '../kube/kube-client-helpers.js';

/** The Widget's condition types and reasons (a product kind has them as zod enums in src/api). */
export type WidgetCondition = Condition<'Ready', 'Rendered' | 'InvalidSpec'>;

/** A Widget object. */
export interface Widget extends KubeObject {
  spec?: { size?: number };
  status?: { conditions?: WidgetCondition[]; observedGeneration?: number };
}

/** The finalizer of the reference controller. */
export const WIDGET_FINALIZER = 'test.skycluster.io/widget-cleanup';

/** Desired ConfigMap of a valid Widget, or the issue that makes it invalid. Pure. */
export function desiredConfigMap(w: Widget): { ok: true; configMap: KubeObject } | { ok: false; path: string; message: string } {
  const size = w.spec?.size;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 0)
    return { ok: false, path: 'spec.size', message: 'must be a whole number >= 0' };
  return {
    ok: true,
    configMap: {
      metadata: { name: `${w.metadata?.name}-rendered`, namespace: w.metadata?.namespace, ownerReferences: [controllerReference(w)] },
      data: { size: String(size), doubled: String(size * 2) },
    },
  };
}

/** Builds the reconciler; `applied` collects the apply results (tests assert on them). */
export function widgetReconciler(client: KubeClient, events: EventRecorder, now: () => string, applied: OperationResult[] = []): Reconciler {
  return {
    async reconcile(key) {
      const { namespace, name } = parseObjectKey(key);
      const got = await client.get<Widget>(WIDGETS, namespace, name);
      if (got.status === 404) return done;
      if (!got.ok) return transient(got.message);
      let w = got.body;
      if (isBeingDeleted(w)) {
        const del = await client.delete(BUILTIN.configMap, namespace, `${name}-rendered`);
        if (!del.ok && del.status !== 404) return transient(del.message);
        const rm = await removeFinalizer(client, WIDGETS, w, WIDGET_FINALIZER);
        return rm.ok ? done : transient(rm.message);
      }
      const fin = await ensureFinalizer(client, WIDGETS, w, WIDGET_FINALIZER);
      if (!fin.ok) return transient(fin.message);
      w = fin.body;
      const desired = desiredConfigMap(w);
      const generation = w.metadata?.generation;
      const ready: Omit<WidgetCondition, 'lastTransitionTime'> = desired.ok
        ? { type: 'Ready', status: 'True', reason: 'Rendered', message: 'ConfigMap rendered', observedGeneration: generation }
        : { type: 'Ready', status: 'False', reason: 'InvalidSpec', message: `${desired.path}: ${desired.message}`, observedGeneration: generation };
      if (desired.ok) {
        const res = await applyObject(client, BUILTIN.configMap, desired.configMap);
        if (!res.ok) return transient(res.message);
        applied.push(res.operation);
      }
      const written = await updateStatus<Widget>(client, WIDGETS, w, (latest) => {
        const conditions = setCondition(latest.status?.conditions, ready, now());
        if (conditionsEqual(conditions, latest.status?.conditions) && latest.status?.observedGeneration === generation) return undefined;
        return { conditions, observedGeneration: generation };
      });
      if (!written.ok) return transient(written.message);
      if (!desired.ok) {
        if (written.operation === 'updated') await events.record(w, 'Warning', 'InvalidSpec', ready.message);
        return terminal('InvalidSpec', ready.message);
      }
      return done;
    },
  };
}

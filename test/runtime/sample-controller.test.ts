/**
 * The reference Widget controller (widget-reconciler.ts) on a real API server, run by a Manager: a valid
 * Widget gets its ConfigMap and Ready=True; a no-op pass applies "unchanged"; an invalid spec gets a
 * condition naming the field and is not retried in a loop; fixing it recovers; deletion runs the
 * finalizer, which removes the ConfigMap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUILTIN,
  Controller,
  createMetrics,
  EventRecorder,
  findCondition,
  Manager,
  silentLogger,
  type KubeObject,
  type OperationResult,
} from '../../controllers/runtime/index.js';
import { eventually, freshNamespace, installCrdObjects, WIDGETS, widgetCrd } from '../kube/kube-client-helpers.js';
import { useKubeServer, type KubeTestEnv } from '../kube/kube-test-env.js';
import { widgetReconciler, type Widget } from './widget-reconciler.js';

let kube: KubeTestEnv;
let ns: string;
let manager: Manager;
let controller: Controller;
const applied: OperationResult[] = [];

beforeAll(async () => {
  kube = await useKubeServer();
  await installCrdObjects(kube.admin, [widgetCrd()]);
  ns = await freshNamespace(kube.admin, 'sample');
  const log = silentLogger();
  const metrics = createMetrics(false);
  manager = new Manager({ client: kube.admin, log, metrics });
  const widgets = manager.informer<Widget>(WIDGETS, { namespace: ns });
  const configMaps = manager.informer<KubeObject>(BUILTIN.configMap, { namespace: ns });
  const events = new EventRecorder(kube.admin, log, 'test');
  controller = new Controller({
    name: 'widget',
    log,
    metrics,
    reconciler: widgetReconciler(kube.admin, events, () => new Date().toISOString(), applied),
  })
    .watch(widgets)
    .watch(configMaps, (cm) =>
      (cm.metadata?.ownerReferences ?? []).filter((r) => r.kind === 'Widget').map((r) => `${cm.metadata?.namespace}/${r.name}`),
    );
  manager.add(controller);
  await manager.start();
});
afterAll(async () => {
  await manager?.stop();
});

async function widget(name: string): Promise<Widget | undefined> {
  const r = await kube.admin.get<Widget>(WIDGETS, ns, name);
  return r.ok ? r.body : undefined;
}

describe('reference controller', () => {
  it('renders a valid Widget and reports Ready=True for its generation; a repeat pass changes nothing', async () => {
    await kube.admin.create(WIDGETS, { metadata: { name: 'ok', namespace: ns }, spec: { size: 3 } });
    const w = await eventually('Ready', async () => {
      const x = await widget('ok');
      return findCondition(x?.status?.conditions, 'Ready')?.status === 'True' ? x : undefined;
    });
    expect(findCondition(w.status?.conditions, 'Ready')).toMatchObject({ reason: 'Rendered', observedGeneration: 1 });
    const cm = await kube.admin.get<KubeObject>(BUILTIN.configMap, ns, 'ok-rendered');
    expect(cm.ok && cm.body['data']).toEqual({ size: '3', doubled: '6' });
    expect(applied[0]).toBe('created');
    controller.enqueue(`${ns}/ok`);
    await eventually('a repeat pass', () => (applied.length >= 2 ? true : undefined));
    expect(applied.at(-1)).toBe('unchanged');
    const after = await widget('ok');
    expect(findCondition(after?.status?.conditions, 'Ready')?.lastTransitionTime).toBe(
      findCondition(w.status?.conditions, 'Ready')?.lastTransitionTime,
    );
  });

  it('an invalid spec gets a condition naming the field, is not retried in a loop, and recovers when fixed', async () => {
    await kube.admin.create(WIDGETS, { metadata: { name: 'bad', namespace: ns }, spec: { size: -1 } });
    await eventually('InvalidSpec', async () =>
      findCondition((await widget('bad'))?.status?.conditions, 'Ready')?.reason === 'InvalidSpec' ? true : undefined,
    );
    const bad = await widget('bad');
    expect(findCondition(bad?.status?.conditions, 'Ready')).toMatchObject({ status: 'False', message: 'spec.size: must be a whole number >= 0' });
    // The condition is written inside the pass, so the pass's result is recorded a moment after it shows.
    const result = await eventually('the InvalidSpec pass recorded', () => {
      const r = controller.lastResult(`${ns}/bad`);
      return r?.kind === 'terminal' ? r : undefined;
    });
    expect(result).toEqual({
      kind: 'terminal',
      reason: 'InvalidSpec',
      message: 'spec.size: must be a whole number >= 0',
    });
    const count = controller.reconcileCount();
    await new Promise((r) => setTimeout(r, 1500));
    // Its own status write and finalizer bring it back at most once or twice; a retry loop would show dozens.
    expect(controller.reconcileCount() - count).toBeLessThanOrEqual(2);
    const events = await kube.admin.list<KubeObject & { reason?: string; involvedObject?: { name?: string } }>(BUILTIN.event, ns);
    expect(events.ok && events.body.items.filter((e) => e.involvedObject?.name === 'bad').map((e) => e.reason)).toEqual(['InvalidSpec']);

    await kube.admin.patch(WIDGETS, ns, 'bad', { spec: { size: 2 } });
    const fixed = await eventually('recovered', async () => {
      const x = await widget('bad');
      return findCondition(x?.status?.conditions, 'Ready')?.status === 'True' ? x : undefined;
    });
    expect(findCondition(fixed.status?.conditions, 'Ready')?.observedGeneration).toBe(2);
  });

  it('deletion runs the finalizer, which removes the ConfigMap before the Widget goes', async () => {
    await kube.admin.delete(WIDGETS, ns, 'ok');
    await eventually('widget gone', async () => ((await widget('ok')) === undefined ? true : undefined));
    expect((await kube.admin.get(BUILTIN.configMap, ns, 'ok-rendered')).status).toBe(404);
  });
});

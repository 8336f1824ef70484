/**
 * Where the Atlas controller gets its engine. In the product: the Pulumi Automation API engine, configured
 * from the Secret `skycluster-pulumi` in the operator's system namespace (keys `backendUrl` — a
 * `file://` path on a PersistentVolume or a bucket URL — and `passphrase`, the state passphrase; optional
 * `workDir`, `pulumiHome`). The Secret is read when a reconcile needs the engine, so installing or rotating it
 * needs no restart; the engine module (and @pulumi/pulumi with it) is loaded only then. Tests pass an engine.
 */
import type { AtlasEngine } from '../../providers/pulumi/engine.js';
import type { KubeClient } from '../runtime/index.js';
import { readSecretData } from './secrets.js';

/** The engine, or why there is none (the message names the Secret and key, never a value). */
export type EngineLookup = { readonly ok: true; readonly engine: AtlasEngine } | { readonly ok: false; readonly message: string };

/** Gives the engine for a reconcile. */
export type EngineSource = () => Promise<EngineLookup>;

/** Default name of the engine settings Secret. */
export const ENGINE_SECRET = 'skycluster-pulumi';

/** An EngineSource that always gives `engine` (tests, or a caller that built one). */
export function fixedEngine(engine: AtlasEngine): EngineSource {
  return () => Promise.resolve({ ok: true, engine });
}

/** The Automation API engine from the settings Secret `namespace/name`, rebuilt only when the Secret changes. */
export function automationEngineFromSecret(client: KubeClient, namespace: string, name = ENGINE_SECRET): EngineSource {
  let cached: { key: string; engine: AtlasEngine } | undefined;
  return async () => {
    const data = await readSecretData(client, namespace, name);
    const where = `Secret ${namespace}/${name}`;
    if (!data) return { ok: false, message: `Pulumi engine not configured: ${where} not found (keys backendUrl, passphrase)` };
    for (const key of ['backendUrl', 'passphrase'])
      if (!data[key]) return { ok: false, message: `Pulumi engine not configured: ${where} has no key ${key}` };
    const settings = {
      backendUrl: data['backendUrl'] ?? '',
      passphrase: data['passphrase'] ?? '',
      ...(data['workDir'] ? { workDir: data['workDir'] } : {}),
      ...(data['pulumiHome'] ? { pulumiHome: data['pulumiHome'] } : {}),
    };
    const key = JSON.stringify(settings);
    if (cached?.key !== key) {
      const { AutomationEngine } = await import('../../providers/pulumi/automation-engine.js');
      cached = { key, engine: new AutomationEngine(settings) };
    }
    return { ok: true, engine: cached.engine };
  };
}

/** `provider enable|disable NAME [--zone Z]`: the changed ProviderProfile, or why it cannot change. Pure. */
import type { ProviderProfile } from '../../src/api/provider.js';
import { unknownNameMessage } from './closest-names.js';
import type { EntryResult, ProviderEntry } from './provider-entry.js';

/**
 * Enables or disables a whole profile, or one zone of it. Disabling the last enabled zone is refused (a profile
 * with no enabled zone cannot be read; disable the profile instead).
 */
export function setEnabled(entry: ProviderEntry, enabled: boolean, zone?: string): EntryResult {
  const p = entry.profile;
  const object = `ProviderProfile/${p.metadata.name}`;
  if (zone === undefined) {
    const profile: ProviderProfile = { ...p, spec: { ...p.spec, enabled } };
    return { ok: true, value: { ...entry, profile }, notes: [] };
  }
  const names = p.spec.zones.map((z) => z.name);
  if (!names.includes(zone))
    return {
      ok: false,
      issues: [{ severity: 'error', object, path: '--zone', message: unknownNameMessage(`zone of ${p.metadata.name}`, zone, names) }],
    };
  const zones = p.spec.zones.map((z) => (z.name === zone ? { ...z, enabled } : z));
  if (zones.every((z) => z.enabled === false)) {
    return {
      ok: false,
      issues: [
        {
          severity: 'error',
          object,
          path: '--zone',
          message: `${zone} is the last enabled zone of ${p.metadata.name}; disable the provider instead (provider disable ${p.metadata.name})`,
        },
      ],
    };
  }
  // The default zone must stay enabled: move the default to the first enabled zone when it is disabled.
  const def = zones.find((z) => z.defaultZone === true);
  const fixed =
    def && def.enabled === false ? zones.map((z, i) => ({ ...z, defaultZone: i === zones.findIndex((y) => y.enabled !== false) })) : zones;
  return { ok: true, value: { ...entry, profile: { ...p, spec: { ...p.spec, zones: fixed } } }, notes: [] };
}

import { describe, expect, it } from 'vitest';
import { readConfig } from './config.js';

describe('readConfig', () => {
  it('applies defaults, reads the environment, lets flags win', () => {
    const res = readConfig({ metricsPort: 9090 }, { SKYCLUSTER_NAMESPACES: 'a, b', SKYCLUSTER_METRICS_PORT: '1234', POD_NAME: 'pod-7' }, 'host-1');
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.config).toMatchObject({
      namespaces: ['a', 'b'],
      metricsPort: 9090,
      systemNamespace: 'skycluster-system',
      logLevel: 'info',
      leaderElection: { enabled: true, identity: 'pod-7', leaseName: 'skycluster-controller', leaseDurationSeconds: 15 },
    });
  });
  it('falls back to the given identity without POD_NAME', () => {
    const res = readConfig({}, {}, 'host-1');
    expect(res.ok && res.config.leaderElection.identity).toBe('host-1');
  });
  it.each([
    // flags, env, issue
    [{}, { SKYCLUSTER_METRICS_PORT: 'eighty' }, { path: 'SKYCLUSTER_METRICS_PORT', message: 'expected a number, got "eighty"' }],
    [{}, { SKYCLUSTER_LEADER_ELECT: 'yes' }, { path: 'SKYCLUSTER_LEADER_ELECT', message: 'expected true or false, got "yes"' }],
    [
      { leaderElection: { identity: 'x', leaseDurationSeconds: 5, renewDeadlineSeconds: 10 } },
      {},
      { path: 'leaderElection.renewDeadlineSeconds', message: 'renewDeadlineSeconds must be below leaseDurationSeconds' },
    ],
  ])('rejects %#', (flags, env, issue) => {
    const res = readConfig(flags, env, 'h');
    expect(res.ok).toBe(false);
    expect(!res.ok && res.issues).toEqual([issue]);
  });
  it('names an out-of-range port', () => {
    const res = readConfig({ metricsPort: 70000 }, {}, 'h');
    expect(!res.ok && res.issues.map((i) => i.path)).toEqual(['metricsPort']);
  });
});

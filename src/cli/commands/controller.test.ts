import { describe, expect, it } from 'vitest';
import { readConfig } from '../../../controllers/runtime/config.js';
import { areaNames } from '../../../controllers/operator.js';
import { controllerCommand, flagsToConfigInput, settingName } from './controller.js';

describe('controller run flags', () => {
  it('map onto the operator configuration, lists split on commas, durations in seconds', () => {
    const { input, errors } = flagsToConfigInput({
      namespaces: ['a,b', 'c'],
      systemNamespace: 'ops',
      leaderElect: false,
      leaderElectLeaseDuration: '6s',
      leaderElectRenewDeadline: '4',
      leaderElectRetryPeriod: '1',
      metricsPort: '0',
      workers: '3',
      logLevel: 'debug',
    });
    expect(errors).toEqual([]);
    const read = readConfig(input, {}, 'me');
    expect(read.ok && read.config).toMatchObject({
      namespaces: ['a', 'b', 'c'],
      systemNamespace: 'ops',
      metricsPort: 0,
      workers: 3,
      logLevel: 'debug',
      leaderElection: { enabled: false, identity: 'me', leaseDurationSeconds: 6, renewDeadlineSeconds: 4, retryPeriodSeconds: 1 },
    });
  });

  it.each([
    // not a number
    [{ metricsPort: '80a' }, '--metrics-port: expected a whole number, got "80a"'],
    [{ workers: '-1' }, '--workers: expected a whole number, got "-1"'],
    // durations take s or m
    [{ leaderElectRetryPeriod: '2h' }, '--leader-elect-retry-period: expected seconds like 15 or 15s or 2m, got "2h"'],
  ])('rejects %j naming the flag', (flags, message) => {
    expect(flagsToConfigInput(flags).errors).toEqual([message]);
  });

  it('names the variable when the bad value came from the environment, the flag when it came from the flag', () => {
    const env = { SKYCLUSTER_LOG_LEVEL: 'loud' };
    expect(settingName('logLevel', {}, env)).toBe('SKYCLUSTER_LOG_LEVEL');
    expect(settingName('logLevel', { logLevel: 'loud' }, env)).toBe('--log-level');
    expect(settingName('leaderElection.renewDeadlineSeconds', { leaderElection: { renewDeadlineSeconds: 20 } }, {})).toBe(
      '--leader-elect-renew-deadline',
    );
  });

  it('--help names every controller area of controllers/operator.ts', () => {
    const run = controllerCommand().commands.find((c) => c.name() === 'run');
    const option = run?.options.find((o) => o.long === '--controllers');
    expect(option?.description).toContain(areaNames().join(', '));
  });
});

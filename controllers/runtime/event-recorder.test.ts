import { describe, expect, it } from 'vitest';
import { eventBody } from './event-recorder.js';

describe('eventBody', () => {
  it('fills involvedObject from the object and truncates long messages', () => {
    const body = eventBody(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n', uid: 'u', resourceVersion: '9' } },
      'Warning',
      'Invalid',
      'x'.repeat(2000),
      {
        now: new Date('2026-01-01T00:00:00.123Z'),
        name: 'c.1',
        count: 3,
        firstTimestamp: '2025-12-31T00:00:00Z',
        component: 'skycluster-controller',
        instance: 'pod-1',
      },
    );
    expect(body).toMatchObject({
      metadata: { name: 'c.1', namespace: 'n' },
      involvedObject: { apiVersion: 'v1', kind: 'ConfigMap', name: 'c', namespace: 'n', uid: 'u', resourceVersion: '9' },
      type: 'Warning',
      reason: 'Invalid',
      count: 3,
      lastTimestamp: '2026-01-01T00:00:00Z',
      firstTimestamp: '2025-12-31T00:00:00Z',
    });
    expect((body['message'] as string).length).toBe(1024);
  });
});

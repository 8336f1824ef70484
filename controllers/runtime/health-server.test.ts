import { describe, expect, it } from 'vitest';
import { probeAnswer } from './health-server.js';

describe('probeAnswer', () => {
  it('is 200 ok when all checks pass, 503 naming the failing ones otherwise (a throwing check fails)', () => {
    expect(probeAnswer([{ name: 'a', check: () => true }])).toEqual({ status: 200, body: 'ok\n' });
    const bad = probeAnswer([
      { name: 'a', check: () => true },
      { name: 'informer-plans-synced', check: () => false },
      {
        name: 'boom',
        check: () => {
          throw new Error('x');
        },
      },
    ]);
    expect(bad).toEqual({ status: 503, body: '[+]a ok\n[-]informer-plans-synced failed\n[-]boom failed\n2 check(s) failed\n' });
  });
});

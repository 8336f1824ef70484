import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SHORT_RUN_V8_FLAG } from './short-run-jit.js';

/** What this Node prints when a process sets `flag` at run time (V8 reports a flag it does not know). */
function outputOfSetting(flag: string): string {
  const r = spawnSync(process.execPath, ['-e', `require('node:v8').setFlagsFromString(${JSON.stringify(flag)})`], { encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`;
}

describe('the one-shot commands’ V8 flag', () => {
  it('is a flag this Node’s V8 knows (an unknown one is reported, and the check sees it)', () => {
    expect(outputOfSetting('--interrupt-budget-no-such-flag=1')).toMatch(/unrecognized flag/);
    expect(outputOfSetting(SHORT_RUN_V8_FLAG)).toBe('');
  });
});

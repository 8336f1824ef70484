import { describe, expect, it } from 'vitest';
import { goGlobMatch } from './go-glob.js';

describe('goGlobMatch (Go filepath.Match)', () => {
  it.each([
    ['*.sh', 'install.sh', true],
    ['*.sh', 'install.yaml', false],
    ['config*', 'config.yaml', true],
    ['*', 'anything', true],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['[a-c]*', 'beta', true],
    ['[^a-c]*', 'beta', false],
    ['[^a-c]*', 'delta', true],
    ['\\*', '*', true], // escaped star matches only a star
    ['\\*', 'x', false],
    ['a.b', 'aXb', false], // a dot is literal
    ['[a-', 'a', false], // malformed: no match
    ['[]a]', 'a', false], // ']' first in a class is malformed in Go
    ['ab\\', 'ab', false], // trailing backslash is malformed
  ])('%s vs %s → %s', (pattern, name, ok) => {
    expect(goGlobMatch(pattern, name)).toBe(ok);
  });
});

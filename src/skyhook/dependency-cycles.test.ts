import { describe, expect, it } from 'vitest';
import { findCycles } from './dependency-cycles.js';

const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

describe('findCycles', () => {
  it('finds none in a DAG', () => {
    expect(findCycles(['a', 'b', 'c'], graph({ c: ['a', 'b'], b: ['a'] }))).toEqual([]);
  });
  it('finds a self loop', () => {
    expect(findCycles(['a'], graph({ a: ['a'] }))).toEqual([['a', 'a']]);
  });
  it('finds a two-cycle and a three-cycle, each once, as closed paths', () => {
    const cycles = findCycles(['a', 'b', 'x', 'y', 'z'], graph({ a: ['b'], b: ['a'], x: ['y'], y: ['z'], z: ['x'] }));
    expect(cycles).toEqual([
      ['a', 'b', 'a'],
      ['x', 'y', 'z', 'x'],
    ]);
  });
});

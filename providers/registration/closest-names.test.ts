import { describe, expect, it } from 'vitest';
import { closestNames, editDistance, unknownNameMessage } from './closest-names.js';

describe('closestNames', () => {
  it.each([
    // a one-letter typo
    ['us-est-1', ['us-east-1', 'us-west-1', 'eu-west-1', 'ap-south-1'], ['us-east-1', 'us-west-1', 'eu-west-1']],
    // a prefix is as close as a typo
    ['eastus', ['westus', 'eastus2', 'eastus', 'northeurope'], ['eastus', 'eastus2', 'westus']],
    // case does not count
    ['AWS', ['gcp', 'aws', 'azure'], ['aws', 'gcp', 'azure']],
  ])('%s', (typed, names, expected) => {
    expect(closestNames(typed, names)).toEqual(expected);
  });

  it('edit distance counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('the message quotes what was typed and lists the closest names', () => {
    expect(unknownNameMessage('region of aws', 'us-est-1', ['us-east-1', 'us-east-2', 'us-west-1'])).toBe(
      'unknown region of aws "us-est-1"; closest: us-east-1, us-west-1, us-east-2',
    );
    expect(unknownNameMessage('zone', 'x', [])).toBe('unknown zone "x"');
  });
});

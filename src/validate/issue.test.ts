import { describe, expect, it } from 'vitest';
import { formatIssue, formatPath, hasErrors, quote, shown, type Issue } from './issue.js';

describe('formatPath', () => {
  it.each<[PropertyKey[], string]>([
    [[], ''], // the whole object
    [['spec'], 'spec'], // one key
    [['spec', 'deploymentPolicies', 3, 'componentRef'], 'spec.deploymentPolicies[3].componentRef'], // indices in brackets
    [[0, 'a'], '[0].a'], // a leading index
    [['metadata', 'labels', 'skycluster.io/app-id'], 'metadata.labels.skycluster.io/app-id'], // keys are not quoted
    [['spec', 'a\nb'], 'spec["a\\nb"]'], // a key with a newline is quoted, so the line stays one line
    [['spec', ''], 'spec[""]'], // an empty key is quoted
    [['spec', 'two words'], 'spec["two words"]'], // so is a key with blanks
    [['a[0]'], '["a[0]"]'], // and one that would read as an index
  ])('%j → %s', (path, text) => {
    expect(formatPath(path)).toBe(text);
  });
});

describe('formatIssue', () => {
  it.each<[Issue, string]>([
    // everything known
    [
      { severity: 'error', file: 'p.yaml', document: 2, object: 'DeploymentPolicy/web', path: 'spec.x', message: 'bad' },
      'p.yaml document 2 (DeploymentPolicy/web): spec.x: bad',
    ],
    // a note is marked
    [
      { severity: 'note', file: 'p.yaml', document: 1, object: 'ProviderProfile/aws', path: '', message: 'read' },
      'p.yaml document 1 (ProviderProfile/aws): note: read',
    ],
    // standard input is -
    [{ severity: 'error', file: '-', document: 1, path: '', message: 'bad' }, '- document 1: bad'],
    // a file-level problem
    [
      { severity: 'error', file: 'missing.yaml', path: '', message: 'cannot read: no such file or directory' },
      'missing.yaml: cannot read: no such file or directory',
    ],
    // no location at all
    [{ severity: 'error', path: 'spec', message: 'bad' }, 'spec: bad'],
    [{ severity: 'error', path: '', message: 'bad' }, 'bad'],
  ])('%j', (issue, line) => {
    expect(formatIssue(issue)).toBe(line);
  });
});

describe('hasErrors', () => {
  it.each<[Issue[], boolean]>([
    [[], false], // nothing
    [[{ severity: 'note', path: '', message: 'n' }], false], // notes do not fail validation
    [
      [
        { severity: 'note', path: '', message: 'n' },
        { severity: 'error', path: '', message: 'e' },
      ],
      true,
    ], // one error is enough
  ])('%j → %s', (issues, expected) => {
    expect(hasErrors(issues)).toBe(expected);
  });
});

describe('quote and shown (user-written names in messages)', () => {
  it.each<[string, string, string]>([
    ['api', '"api"', 'api'], // plain names: shown bare, quoted when asked
    ['', '""', '""'], // empty
    ['two words', '"two words"', '"two words"'], // blanks
    ['a\nb', '"a\\nb"', '"a\\nb"'], // newline escaped
    ['x'.repeat(100), `"${'x'.repeat(57)}..."`, `${'x'.repeat(57)}...`], // cut to 60 characters
  ])('%j', (text, quoted, bare) => {
    expect(quote(text)).toBe(quoted);
    expect(shown(text)).toBe(bare);
  });
});

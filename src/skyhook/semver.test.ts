import { describe, expect, it } from 'vitest';
import { isSkyhookVersion } from './semver.js';

describe('isSkyhookVersion (the operator: v prefix added, then Go x/mod/semver)', () => {
  it.each([
    ['1.2.3', true], // plain semver
    ['v1.2.3', true], // the v is optional
    ['1.2', true], // Go's short form major.minor
    ['0.15', true], // as in the operator's own tests
    ['1', true], // major only
    ['1.2.3-rc.1', true], // pre-release
    ['1.2.3+build.5', true], // build metadata
    ['1.2.3-rc.1+b', true], // both
    ['2024.7.6', true], // a date written with dots is semver
    ['', false], // empty
    ['dev', false], // not a number
    ['1.2.3.4', false], // four parts
    ['2024/07/06', false], // slashes
    ['01.2.3', false], // leading zero
    ['1.02', false], // leading zero in minor
    ['1.2-rc.1', false], // pre-release needs all three numbers in Go
    ['1.2.3-', false], // empty pre-release
    ['1.2.3-01', false], // numeric pre-release identifier with leading zero
    ['1.2.3+', false], // empty build
    ['V1.2.3', false], // capital V gets another v prefixed
    ['vv1', false], // already starts with v, then not a number
    ['1.2.3-a..b', false], // empty identifier
  ])('%s → %s', (version, ok) => {
    expect(isSkyhookVersion(version)).toBe(ok);
  });
});

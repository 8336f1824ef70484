import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kubeClientFor, loadKubeConfig } from './kube-config.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeconfig-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const file = path.join(dir, 'config');
fs.writeFileSync(
  file,
  [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- {name: one, cluster: {server: "https://127.0.0.1:1111/"}}',
    '- {name: two, cluster: {server: "https://127.0.0.2:2222"}}',
    'users:',
    '- {name: u, user: {token: t}}',
    'contexts:',
    '- {name: a, context: {cluster: one, user: u}}',
    '- {name: b, context: {cluster: two, user: u}}',
    'current-context: a',
  ].join('\n'),
);

describe('loadKubeConfig', () => {
  it('uses the current context, or the one asked for', () => {
    const a = loadKubeConfig({ kubeconfig: file });
    expect(a.ok && a.kubeConfig.getCurrentContext()).toBe('a');
    const b = kubeClientFor({ kubeconfig: file, context: 'b' });
    expect(b.ok && b.client.connection.server).toBe('https://127.0.0.2:2222');
    const one = kubeClientFor({ kubeconfig: file });
    expect(one.ok && one.client.connection.server).toBe('https://127.0.0.1:1111'); // no trailing slash: paths are appended
  });
  it.each([
    // source, issue
    [
      { kubeconfig: file, context: 'c' },
      { path: 'context', message: 'no context "c" in the kubeconfig (has: a, b)' },
    ],
    [{ kubeconfig: path.join(dir, 'missing') }, { path: 'kubeconfig' }],
  ])('rejects %#', (source, issue) => {
    const res = loadKubeConfig(source);
    expect(res.ok).toBe(false);
    expect(!res.ok && res.issue).toMatchObject(issue);
  });
});

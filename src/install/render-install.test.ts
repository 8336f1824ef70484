import { describe, expect, it } from 'vitest';
import { KINDS } from '../api/kinds.js';
import { OPERATOR_NAME, SOLVER_NAME, clusterRules, namespaceRules, renderInstall, solverRules } from './render-install.js';

describe('renderInstall', () => {
  const objects = renderInstall();
  const kinds = objects.map((o) => o.kind);

  it('puts every CRD and the namespace before anything that lives in them, and the Deployment last but its Service', () => {
    const lastCrd = kinds.lastIndexOf('CustomResourceDefinition');
    expect(kinds.filter((k) => k === 'CustomResourceDefinition')).toHaveLength(KINDS.length);
    expect(kinds.indexOf('Namespace')).toBe(lastCrd + 1);
    expect(kinds.slice(lastCrd + 1)).toEqual([
      'Namespace',
      'ServiceAccount',
      'ClusterRole',
      'ClusterRoleBinding',
      'Role',
      'RoleBinding',
      'ServiceAccount',
      'Role',
      'RoleBinding',
      'Deployment',
      'Service',
    ]);
  });

  it('grants no wildcard verb, resource or group, and binds no built-in admin role', () => {
    for (const rule of [...clusterRules(), ...namespaceRules(), ...solverRules()]) {
      expect(rule.verbs).not.toContain('*');
      expect(rule.resources).not.toContain('*');
      expect(rule.apiGroups).not.toContain('*');
      expect(rule.verbs.length).toBeGreaterThan(0);
    }
    const bindings = objects.filter((o) => o.kind.endsWith('Binding')) as unknown as { roleRef: { name: string } }[];
    expect(bindings.map((b) => b.roleRef.name)).toEqual([OPERATOR_NAME, OPERATOR_NAME, SOLVER_NAME]);
  });

  it('lets the operator read every kind it serves and write the status of the ones it reconciles', () => {
    const rules = clusterRules();
    const can = (group: string, resource: string, verb: string): boolean =>
      rules.some((r) => r.apiGroups.includes(group) && r.resources.includes(resource) && r.verbs.includes(verb));
    for (const k of KINDS) {
      expect(can(k.group, k.plural, 'watch'), `${k.plural}: watch`).toBe(true);
      if (k.kind !== 'DeviceNode') expect(can(k.group, `${k.plural}/status`, 'patch'), `${k.plural}/status: patch`).toBe(true);
    }
    // Secrets across namespaces: get (Harbor copies what a workload references) and Atlas's kubeconfig Secret
    // writes, never list or watch.
    expect(can('', 'secrets', 'get')).toBe(true);
    expect(can('', 'secrets', 'list')).toBe(false);
    expect(can('', 'secrets', 'watch')).toBe(false);
    // Solve Jobs only in the operator's namespace.
    expect(can('batch', 'jobs', 'create')).toBe(false);
    expect(namespaceRules().some((r) => r.resources.includes('jobs') && r.verbs.includes('create'))).toBe(true);
  });

  it('honours the options in the namespace, image, replicas, ports and watched namespaces', () => {
    const custom = renderInstall({
      namespace: 'ops',
      image: 'registry.example/sky:1',
      replicas: 3,
      metricsPort: 9000,
      watchNamespaces: ['a', 'b'],
    });
    const dep = custom.find((o) => o.kind === 'Deployment') as unknown as {
      metadata: { namespace: string };
      spec: { replicas: number; template: { spec: { containers: { image: string; args: string[]; env: { name: string; value?: string }[] }[] } } };
    };
    expect(dep.metadata.namespace).toBe('ops');
    expect(dep.spec.replicas).toBe(3);
    const c = dep.spec.template.spec.containers[0];
    expect(c?.image).toBe('registry.example/sky:1');
    expect(c?.args).toEqual(['controller', 'run', '--leader-elect', '--metrics-port=9000', '--system-namespace=ops', '--namespaces=a,b']);
    expect(c?.env.map((e) => e.name)).toEqual(['POD_NAME', 'SKYCLUSTER_SOLVER_IMAGE']);
    expect(c?.env[1]?.value).toBe('registry.example/sky:1');
    expect(custom.find((o) => o.kind === 'Namespace')?.metadata.name).toBe('ops');
  });
});

/**
 * The subcommands of `skycluster`, each loaded only when it runs (lazy-command.ts). The descriptions are repeated
 * here so that `--help` needs no command module; command-table.test.ts checks them against the real commands.
 */
import type { LazyCommandSpec } from './lazy-command.js';

/** Every subcommand, in help order. */
export const COMMANDS: readonly LazyCommandSpec[] = [
  {
    name: 'validate',
    description: 'validate policies, provider profiles and instance types against the schemas',
    load: async () => (await import('./commands/validate.js')).validateCommand(),
  },
  {
    name: 'optimize',
    description: 'choose provider, region, zone and flavor for every component at minimal cost (dry run: no cluster, no cloud account)',
    load: async () => (await import('./commands/optimize.js')).optimizeCommand(),
  },
  {
    name: 'bench',
    description: 'compare the optimizer with baseline placement strategies on the benchmark suites and write a report',
    load: async () => (await import('./commands/bench.js')).benchCommand(),
  },
  {
    name: 'atlas',
    description: 'infrastructure of approved Plans: render the Atlas, preview its Pulumi resources',
    load: async () => (await import('./commands/atlas.js')).atlasCommand(),
  },
  {
    name: 'provider',
    description: 'register, list, show, enable, disable, remove and refresh providers (ProviderProfile + InstanceType)',
    load: async () => (await import('./commands/provider.js')).providerCommand(),
  },
  {
    name: 'apply',
    description: 'validate, then server-side apply policies, provider profiles and instance types to the cluster',
    load: async () => (await import('./commands/apply.js')).applyCommand(),
  },
  {
    name: 'get',
    description: 'list policies, plans, atlases or harbors in the cluster',
    load: async () => (await import('./commands/get.js')).getCommand(),
  },
  {
    name: 'plan',
    description: 'show, diff, approve or reject the Plans in the cluster',
    load: async () => (await import('./commands/plan.js')).planCommand(),
  },
  {
    name: 'install',
    description: 'print (or --apply) the CRDs, RBAC and operator Deployment',
    load: async () => (await import('./commands/install.js')).installCommand(),
  },
  {
    name: 'controller',
    description: 'run the operator: policy, approval, atlas, harbor and provider controllers',
    load: async () => (await import('./commands/controller.js')).controllerCommand(),
  },
  {
    name: 'harbor',
    description: 'deploy the components of an approved plan onto their clusters',
    load: async () => (await import('./commands/harbor.js')).harborCommand(),
  },
  {
    name: 'service',
    description: 'create, get and delete SkyShift-format Services (skyctl create/get/delete service)',
    load: async () => (await import('./commands/service.js')).serviceCommand(),
  },
];

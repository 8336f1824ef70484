/**
 * The operator process of `skycluster controller run`: one Manager (shared informers, leader election, the
 * /metrics + /healthz + /readyz server, graceful shutdown) with every controller area added through its
 * `add<Area>Controller(deps)` (controllers/controller-deps.ts). The configuration is read once at the edge
 * (src/cli/commands/controller.ts) and passed in; nothing here reads process.env.
 *
 * Areas are imported only when selected, so an operator started with `--controllers policy` loads neither
 * Pulumi (atlas) nor the Skyhook renderers (harbor).
 */
import type { Logger } from 'pino';
import type { ControllerDeps } from './controller-deps.js';
import {
  createLogger,
  createMetrics,
  EventRecorder,
  kubeClientFor,
  Manager,
  type Controller,
  type KubeClient,
  type OperatorConfig,
  type OperatorMetrics,
} from './runtime/index.js';

/** A controller area: its name (as `--controllers` spells it) and how to load its `add<Area>Controller`. */
export interface ControllerArea {
  readonly name: string;
  /** One line on what it reconciles (this table is the list of areas; docs/controllers.md repeats it). */
  readonly description: string;
  readonly load: () => Promise<(deps: ControllerDeps) => Controller>;
}

/**
 * Every controller area of skycluster, in the order they are added. The policy → Plan controller first; the
 * approval gate turns approved Plans into Atlas and Harbor objects; atlas, harbor and provider reconcile those.
 */
export const CONTROLLER_AREAS: readonly ControllerArea[] = [
  {
    name: 'policy',
    description: 'DeploymentPolicy + DataflowPolicy in, a live Plan out (solves in-process, or as Jobs with --solver-image)',
    load: async () => {
      const { addPolicyController } = await import('./policy/index.js');
      const { jobSolveRunner, sizeRoutedRunner } = await import('./policy/solve-job.js');
      const { inProcessSolveRunner } = await import('./policy/solve-runner.js');
      const { loadBundledCatalog } = await import('../providers/catalog/load-catalog.js');
      return (deps) => {
        const image = deps.config.solverImage;
        if (!image) return addPolicyController(deps);
        const job = jobSolveRunner(deps.client, { namespace: deps.config.systemNamespace, image }, deps.log.child({ runner: 'job' }));
        const min = deps.config.solveJobMinComponents;
        const baseCatalog = () => loadBundledCatalog();
        const worker = min === undefined ? undefined : sizeRoutedRunner(inProcessSolveRunner({ baseCatalog }), job, min);
        return addPolicyController(deps, { baseCatalog, runners: { Job: job, ...(worker ? { Worker: worker } : {}) } });
      };
    },
  },
  {
    name: 'approval',
    description: 'approved Plans → one Atlas and one Harbor each (the approval gate)',
    load: async () => {
      const { addApprovalController } = await import('./approval/index.js');
      return (deps) => addApprovalController(deps);
    },
  },
  {
    name: 'atlas',
    description: 'Atlas objects: networks and clusters through Pulumi (engine settings: Secret skycluster-pulumi)',
    load: async () => {
      const { addAtlasController } = await import('./atlas/index.js');
      return (deps) => addAtlasController(deps);
    },
  },
  {
    name: 'provider',
    description: 'ProviderProfiles and InstanceTypes: validity, credentials, status',
    load: async () => {
      const { addProviderController } = await import('./provider/index.js');
      return (deps) => addProviderController(deps);
    },
  },
  {
    name: 'harbor',
    description: 'Harbor objects: components of approved Plans deployed onto their clusters',
    load: async () => (await import('./harbor/index.js')).addHarborController,
  },
];

/** Names of the areas, in order. */
export function areaNames(areas: readonly ControllerArea[] = CONTROLLER_AREAS): string[] {
  return areas.map((a) => a.name);
}

/**
 * The areas named in `--controllers` (all when absent), or the unknown name.
 * @returns the selected areas in table order
 */
export function selectAreas(
  names: readonly string[] | undefined,
  areas: readonly ControllerArea[] = CONTROLLER_AREAS,
): { ok: true; areas: ControllerArea[] } | { ok: false; message: string } {
  if (names === undefined) return { ok: true, areas: [...areas] };
  const known = new Set(areaNames(areas));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0)
    return { ok: false, message: `unknown controller ${unknown.map((u) => `"${u}"`).join(', ')} (known: ${areaNames(areas).join(', ') || 'none'})` };
  return { ok: true, areas: areas.filter((a) => names.includes(a.name)) };
}

/** A started operator. */
export interface RunningOperator {
  readonly manager: Manager;
  readonly deps: ControllerDeps;
  /** The controllers added, by area name. */
  readonly controllers: ReadonlyMap<string, Controller>;
  /** Graceful stop (see Manager.stop). */
  stop(): Promise<void>;
}

/** What startOperator needs besides the configuration; tests pass a client or a logger of their own. */
export interface OperatorOptions {
  /** The areas to run. @default CONTROLLER_AREAS */
  readonly areas?: readonly ControllerArea[];
  /** A client; @default one built from config.kubeconfig / config.context */
  readonly client?: KubeClient;
  readonly log?: Logger;
  readonly metrics?: OperatorMetrics;
  /** Called after the manager is built and before it starts (install signal handlers here). */
  readonly beforeStart?: (manager: Manager, log: Logger) => void;
}

/**
 * Builds the manager and every selected controller, then starts the manager (health server, informers,
 * cache sync, campaign). Resolves once the caches have synced; returns the connection problem instead when
 * the kubeconfig cannot be used.
 */
export async function startOperator(
  config: OperatorConfig,
  opts: OperatorOptions = {},
): Promise<{ ok: true; operator: RunningOperator } | { ok: false; path: string; message: string }> {
  let client = opts.client;
  if (!client) {
    const built = kubeClientFor({ kubeconfig: config.kubeconfig, context: config.context });
    if (!built.ok) return { ok: false, path: built.issue.path, message: built.issue.message };
    client = built.client;
  }
  const log = opts.log ?? createLogger(config.logLevel);
  const metrics = opts.metrics ?? createMetrics();
  const le = config.leaderElection;
  const manager = new Manager({
    client,
    log,
    metrics,
    health: { port: config.metricsPort, host: config.metricsHost },
    ...(le.enabled
      ? {
          leaderElection: {
            identity: le.identity,
            leaseName: le.leaseName,
            namespace: config.systemNamespace,
            leaseDurationSeconds: le.leaseDurationSeconds,
            renewDeadlineSeconds: le.renewDeadlineSeconds,
            retryPeriodSeconds: le.retryPeriodSeconds,
          },
        }
      : {}),
  });
  const deps: ControllerDeps = { client, manager, log, metrics, config, events: new EventRecorder(client, log, le.identity) };
  const controllers = new Map<string, Controller>();
  for (const area of opts.areas ?? CONTROLLER_AREAS) {
    const add = await area.load();
    controllers.set(area.name, add(deps));
  }
  log.info(
    {
      controllers: [...controllers.keys()],
      namespaces: config.namespaces.length ? config.namespaces : 'all',
      systemNamespace: config.systemNamespace,
      leaderElection: le.enabled,
      identity: le.identity,
    },
    'starting',
  );
  opts.beforeStart?.(manager, log);
  await manager.start();
  log.info({ port: manager.healthPort(), leader: manager.isLeader() }, 'caches synced');
  return { ok: true, operator: { manager, deps, controllers, stop: () => manager.stop() } };
}

/**
 * `skycluster controller run`: the operator process (every controller area of controllers/operator.ts under
 * one Manager with leader election, /metrics, /healthz, /readyz and graceful shutdown on SIGTERM).
 *
 * Settings come from the flags, else the environment (controllers/runtime/config.ts CONFIG_ENV), else the
 * defaults; a bad flag or variable ends the command with exit 1 and a line naming it. The process then runs
 * until SIGTERM/SIGINT (exit 0 after a clean shutdown, 1 when the shutdown failed).
 */
import os from 'node:os';
import { Command } from 'commander';
import type { OperatorConfigInput } from '../../../controllers/runtime/config.js';

interface RunFlags {
  kubeconfig?: string;
  context?: string;
  namespaces?: string[];
  systemNamespace?: string;
  leaderElect?: boolean;
  leaderElectLeaseDuration?: string;
  leaderElectRenewDeadline?: string;
  leaderElectRetryPeriod?: string;
  leaderElectLeaseName?: string;
  metricsPort?: string;
  metricsBindAddress?: string;
  workers?: string;
  shutdownGrace?: string;
  logLevel?: string;
  solverImage?: string;
  solveJobMinComponents?: string;
  controllers?: string[];
}

/** Which flag (or variable) fills each configuration path, for messages. */
const FLAG_OF: Record<string, string> = {
  kubeconfig: '--kubeconfig',
  context: '--context',
  namespaces: '--namespaces',
  systemNamespace: '--system-namespace',
  'leaderElection.enabled': '--leader-elect',
  'leaderElection.leaseName': '--leader-elect-lease-name',
  'leaderElection.identity': 'POD_NAME',
  'leaderElection.leaseDurationSeconds': '--leader-elect-lease-duration',
  'leaderElection.renewDeadlineSeconds': '--leader-elect-renew-deadline',
  'leaderElection.retryPeriodSeconds': '--leader-elect-retry-period',
  metricsPort: '--metrics-port',
  metricsHost: '--metrics-bind-address',
  workers: '--workers',
  shutdownGraceSeconds: '--shutdown-grace',
  logLevel: '--log-level',
  solverImage: '--solver-image',
  solveJobMinComponents: '--solve-job-min-components',
};

/** The environment variable behind each configuration path (controllers/runtime/config.ts CONFIG_ENV). */
const ENV_OF: Record<string, string> = {
  kubeconfig: 'KUBECONFIG',
  namespaces: 'SKYCLUSTER_NAMESPACES',
  systemNamespace: 'SKYCLUSTER_SYSTEM_NAMESPACE',
  'leaderElection.enabled': 'SKYCLUSTER_LEADER_ELECT',
  metricsPort: 'SKYCLUSTER_METRICS_PORT',
  logLevel: 'SKYCLUSTER_LOG_LEVEL',
  solverImage: 'SKYCLUSTER_SOLVER_IMAGE',
};

/** Names the setting at `path` as the user gave it: the flag when given, else the variable when set. */
export function settingName(path: string, input: Readonly<Record<string, unknown>>, env: Readonly<Record<string, string | undefined>>): string {
  const [head, sub] = path.split('.');
  const given = sub === undefined ? input[path] : (input[head ?? ''] as Record<string, unknown> | undefined)?.[sub];
  const variable = ENV_OF[path];
  if (given === undefined && variable !== undefined && env[variable]) return variable;
  return FLAG_OF[path] ?? path;
}

/** A comma-separated or repeated list flag, flattened. */
function listOf(values: readonly string[] | undefined): string[] | undefined {
  return values
    ?.flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Seconds from `15`, `15s`, `2m`; undefined when absent; an error message when malformed. */
function seconds(flag: string, text: string | undefined, errors: string[]): number | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(s|m)?$/.exec(text.trim());
  if (!m) {
    errors.push(`${flag}: expected seconds like 15 or 15s or 2m, got "${text}"`);
    return undefined;
  }
  return Number(m[1]) * (m[2] === 'm' ? 60 : 1);
}

/** A whole number, or an error naming the flag. */
function whole(flag: string, text: string | undefined, errors: string[]): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim())) {
    errors.push(`${flag}: expected a whole number, got "${text}"`);
    return undefined;
  }
  return Number(text);
}

/**
 * The configuration flags as readConfig input, plus the problems found in their syntax (each naming its flag).
 * Pure.
 */
export function flagsToConfigInput(flags: RunFlags): { input: Partial<OperatorConfigInput>; errors: string[] } {
  const errors: string[] = [];
  const leaderElection: Record<string, unknown> = {
    enabled: flags.leaderElect,
    leaseName: flags.leaderElectLeaseName,
    leaseDurationSeconds: seconds('--leader-elect-lease-duration', flags.leaderElectLeaseDuration, errors),
    renewDeadlineSeconds: seconds('--leader-elect-renew-deadline', flags.leaderElectRenewDeadline, errors),
    retryPeriodSeconds: seconds('--leader-elect-retry-period', flags.leaderElectRetryPeriod, errors),
  };
  const input: Record<string, unknown> = {
    kubeconfig: flags.kubeconfig,
    context: flags.context,
    namespaces: listOf(flags.namespaces),
    systemNamespace: flags.systemNamespace,
    metricsPort: whole('--metrics-port', flags.metricsPort, errors),
    metricsHost: flags.metricsBindAddress,
    workers: whole('--workers', flags.workers, errors),
    shutdownGraceSeconds: seconds('--shutdown-grace', flags.shutdownGrace, errors),
    logLevel: flags.logLevel,
    solverImage: flags.solverImage,
    solveJobMinComponents: whole('--solve-job-min-components', flags.solveJobMinComponents, errors),
    leaderElection: Object.fromEntries(Object.entries(leaderElection).filter(([, v]) => v !== undefined)),
  };
  return { input: Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<OperatorConfigInput>, errors };
}

async function run(flags: RunFlags): Promise<number> {
  const say = (line: string): void => console.error(`skycluster controller run: ${line}`);
  const { readConfig } = await import('../../../controllers/runtime/config.js');
  const { installSignalHandlers } = await import('../../../controllers/runtime/manager.js');
  const { selectAreas, startOperator } = await import('../../../controllers/operator.js');
  const parsed = flagsToConfigInput(flags);
  if (parsed.errors.length > 0) {
    for (const e of parsed.errors) say(e);
    return 1;
  }
  const read = readConfig(parsed.input, process.env, `${os.hostname()}-${process.pid}`);
  if (!read.ok) {
    for (const i of read.issues) say(`${settingName(i.path, parsed.input, process.env)}: ${i.message}`);
    return 1;
  }
  const areas = selectAreas(listOf(flags.controllers));
  if (!areas.ok) {
    say(`--controllers: ${areas.message}`);
    return 1;
  }
  let started: Awaited<ReturnType<typeof startOperator>>;
  try {
    started = await startOperator(read.config, {
      areas: areas.areas,
      beforeStart: (manager, log) => {
        installSignalHandlers(manager, log);
        // After a graceful stop nothing of ours is left running; a stray timer (a queued addAfter, a keep-alive
        // socket) must not hold the process past its shutdown.
        const leave = (): void => {
          void manager.stop().finally(() => setTimeout(() => process.exit(process.exitCode ?? 0), 200).unref());
        };
        process.once('SIGTERM', leave);
        process.once('SIGINT', leave);
      },
    });
  } catch (err) {
    // The one start failure that is the user's to fix: the metrics port is taken or not ours to bind.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EADDRINUSE' && code !== 'EACCES' && code !== 'EADDRNOTAVAIL') throw err;
    say(`--metrics-port: cannot listen on ${read.config.metricsHost}:${read.config.metricsPort} (${code})`);
    return 1;
  }
  if (!started.ok) {
    say(`${settingName(started.path, parsed.input, process.env)}: ${started.message}`);
    return 1;
  }
  return 0;
}

interface SolveFlags {
  namespace: string;
  inputs: string;
  result: string;
  kubeconfig?: string;
}

/** `controller solve`: the process of a solve Job (controllers/policy/solve-job-process.ts). */
async function solveInJob(flags: SolveFlags): Promise<number> {
  const say = (line: string): void => console.error(`skycluster controller solve: ${line}`);
  const { kubeClientFor } = await import('../../../controllers/runtime/kube-config.js');
  const { runSolveJobProcess } = await import('../../../controllers/policy/solve-job-process.js');
  const { inProcessSolveRunner } = await import('../../../controllers/policy/solve-runner.js');
  const { loadBundledCatalog } = await import('../../../providers/catalog/load-catalog.js');
  const built = kubeClientFor({ kubeconfig: flags.kubeconfig });
  if (!built.ok) {
    say(`--${built.issue.path}: ${built.issue.message}`);
    return 1;
  }
  // The pod's own Job (downward API, solve-job-spec.ts): the result is owned by it.
  const jobName = process.env['JOB_NAME'];
  const jobUid = process.env['JOB_UID'];
  const runner = inProcessSolveRunner({ baseCatalog: () => loadBundledCatalog() });
  const controller = new AbortController();
  const done = await runSolveJobProcess(
    built.client,
    { namespace: flags.namespace, inputs: flags.inputs, result: flags.result, ...(jobName && jobUid ? { job: { name: jobName, uid: jobUid } } : {}) },
    (request) => runner.solve(request, controller.signal),
  );
  if (!done.ok) {
    say(done.message);
    return 1;
  }
  console.log(`${flags.namespace}/${flags.result}: ${done.kind} (${done.written})`);
  return 0;
}

/** The `controller` command and its `run` and `solve` subcommands. */
export function controllerCommand(): Command {
  const cmd = new Command('controller').description('run the operator: policy, approval, atlas, harbor and provider controllers');
  cmd
    .command('run')
    .description('run every controller (or --controllers) until SIGTERM, with leader election and /metrics, /healthz, /readyz')
    .option('--kubeconfig <path>', 'kubeconfig file (default: KUBECONFIG, ~/.kube/config, or the in-cluster ServiceAccount)')
    .option('--context <name>', 'kubeconfig context')
    .option('--namespaces <ns...>', 'namespaces whose policies are watched, comma-separated or repeated (default: all; env SKYCLUSTER_NAMESPACES)')
    .option('--system-namespace <ns>', 'namespace of ProviderProfiles, InstanceTypes, the Lease and solve Jobs (default: skycluster-system)')
    .option('--leader-elect', 'campaign for the leader Lease; only the leader reconciles (default; env SKYCLUSTER_LEADER_ELECT)')
    .option('--no-leader-elect', 'lead at once (a single replica)')
    .option('--leader-elect-lease-name <name>', 'name of the leader Lease (default: skycluster-controller)')
    .option('--leader-elect-lease-duration <s>', 'seconds a Lease stays valid without renewal (default: 15)')
    .option('--leader-elect-renew-deadline <s>', 'seconds the leader retries renewing before it steps down (default: 10)')
    .option('--leader-elect-retry-period <s>', 'seconds between Lease attempts (default: 2)')
    .option('--metrics-port <port>', 'port of /metrics, /healthz and /readyz; 0 picks a free one (default: 8080)')
    .option('--metrics-bind-address <host>', 'address the metrics server listens on (default: 0.0.0.0)')
    .option('--workers <n>', 'parallel reconciles per controller (default: 2)')
    .option('--shutdown-grace <s>', 'seconds in-flight reconciles get after SIGTERM (default: 10)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (default: info; env SKYCLUSTER_LOG_LEVEL)')
    .option('--solver-image <image>', "image of solve Jobs (spec.solver.mode: Job), the operator's own (env SKYCLUSTER_SOLVER_IMAGE)")
    .option('--solve-job-min-components <n>', 'with --solver-image: applications of at least n components solve as Jobs whatever their mode')
    .option(
      '--controllers <name...>',
      'only these controller areas: policy, approval, atlas, provider, harbor; comma-separated or repeated (default: all)',
    )
    .action(async (flags: RunFlags) => {
      process.exitCode = await run(flags);
    });
  cmd
    .command('solve')
    .description('the process of a solve Job: read the SolveRequest from a ConfigMap, solve, write the outcome to a ConfigMap')
    .requiredOption('--namespace <ns>', "namespace of both ConfigMaps (the operator's)")
    .requiredOption('--inputs <configmap>', 'ConfigMap holding inputs.json')
    .requiredOption('--result <configmap>', 'ConfigMap to create with result.json')
    .option('--kubeconfig <path>', 'kubeconfig file (default: KUBECONFIG, ~/.kube/config, or the in-cluster ServiceAccount)')
    .action(async (flags: SolveFlags) => {
      const code = await solveInJob(flags);
      // The solver's worker thread may linger; the result is written (or the failure printed): leave.
      process.exit(code);
    });
  return cmd;
}

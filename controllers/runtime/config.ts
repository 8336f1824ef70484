/**
 * The operator's configuration, read once at startup from flags and the environment into one typed object
 * and passed down; nothing reads process.env later. Invalid values come back as issues naming the setting.
 */
import { z } from 'zod';
import { LEADER_ELECTION } from './constants.js';
import { LOG_LEVELS } from './logger.js';

/** The settings, their defaults and meaning. */
export const OperatorConfigSchema = z.object({
  kubeconfig: z.string().optional().describe('Path of a kubeconfig; in-cluster config or ~/.kube/config when absent.'),
  context: z.string().optional().describe('kubeconfig context to use. @default the current context'),
  namespaces: z.array(z.string().min(1)).default([]).describe('Namespaces to watch; all when empty. @default []'),
  systemNamespace: z.string().min(1).default('skycluster-system').describe('Namespace of ProviderProfiles, InstanceTypes and the Lease.'),
  leaderElection: z
    .object({
      enabled: z.boolean().default(true),
      leaseName: z.string().min(1).default(LEADER_ELECTION.leaseName),
      identity: z.string().min(1).describe('This replica (pod name); must differ between replicas.'),
      leaseDurationSeconds: z.number().int().positive().default(LEADER_ELECTION.leaseDurationSeconds),
      renewDeadlineSeconds: z.number().int().positive().default(LEADER_ELECTION.renewDeadlineSeconds),
      retryPeriodSeconds: z.number().int().positive().default(LEADER_ELECTION.retryPeriodSeconds),
    })
    .refine((le) => le.renewDeadlineSeconds < le.leaseDurationSeconds, {
      error: 'renewDeadlineSeconds must be below leaseDurationSeconds',
      path: ['renewDeadlineSeconds'],
    }),
  metricsPort: z.number().int().min(0).max(65535).default(8080).describe('Port of /metrics, /healthz and /readyz; 0 picks a free one.'),
  metricsHost: z.string().default('0.0.0.0'),
  workers: z.number().int().positive().default(2).describe('Parallel reconciles per controller.'),
  shutdownGraceSeconds: z.number().nonnegative().default(10).describe('Time in-flight reconciles get after SIGTERM.'),
  logLevel: z.enum(LOG_LEVELS).default('info'),
  solverImage: z
    .string()
    .min(1)
    .optional()
    .describe("Image of solve Jobs (spec.solver.mode: Job): the operator's own; without it Job solves run in the worker. @default none"),
  solveJobMinComponents: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('With solverImage: applications of at least this many components solve as Jobs whatever their mode. @default none'),
});

/** The validated configuration. */
export type OperatorConfig = z.infer<typeof OperatorConfigSchema>;
/** The configuration before defaults. */
export type OperatorConfigInput = z.input<typeof OperatorConfigSchema>;

/** A configuration problem. */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
}

/** Environment variables the operator reads (once), and the setting each fills. */
export const CONFIG_ENV = {
  SKYCLUSTER_NAMESPACES: 'namespaces (comma-separated)',
  SKYCLUSTER_SYSTEM_NAMESPACE: 'systemNamespace',
  SKYCLUSTER_LEADER_ELECT: 'leaderElection.enabled (true|false)',
  SKYCLUSTER_METRICS_PORT: 'metricsPort',
  SKYCLUSTER_LOG_LEVEL: 'logLevel',
  SKYCLUSTER_SOLVER_IMAGE: 'solverImage',
  POD_NAME: 'leaderElection.identity',
  KUBECONFIG: 'kubeconfig',
} as const;

/**
 * Builds the configuration from explicit values (flags) over the environment. Pure given its arguments.
 * @param flags values from the command line; they win over the environment
 * @param env the environment (process.env at the edge)
 * @param fallbackIdentity identity when POD_NAME is unset (hostname + pid at the edge)
 */
export function readConfig(
  flags: Partial<OperatorConfigInput>,
  env: Readonly<Record<string, string | undefined>>,
  fallbackIdentity: string,
): { ok: true; config: OperatorConfig } | { ok: false; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const num = (name: string): number | undefined => {
    const v = env[name];
    if (v === undefined || v === '') return undefined;
    const n = Number(v);
    if (!Number.isFinite(n)) issues.push({ path: name, message: `expected a number, got "${v}"` });
    return n;
  };
  const bool = (name: string): boolean | undefined => {
    const v = env[name];
    if (v === undefined || v === '') return undefined;
    if (v === 'true' || v === 'false') return v === 'true';
    issues.push({ path: name, message: `expected true or false, got "${v}"` });
    return undefined;
  };
  const fromEnv: Record<string, unknown> = {
    kubeconfig: env['KUBECONFIG'] || undefined,
    namespaces: env['SKYCLUSTER_NAMESPACES']
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    systemNamespace: env['SKYCLUSTER_SYSTEM_NAMESPACE'] || undefined,
    metricsPort: num('SKYCLUSTER_METRICS_PORT'),
    logLevel: env['SKYCLUSTER_LOG_LEVEL'] || undefined,
    solverImage: env['SKYCLUSTER_SOLVER_IMAGE'] || undefined,
  };
  const leaderEnv = { enabled: bool('SKYCLUSTER_LEADER_ELECT'), identity: env['POD_NAME'] || fallbackIdentity };
  if (issues.length) return { ok: false, issues };
  const merged = {
    ...stripUndefined(fromEnv),
    ...stripUndefined(flags as Record<string, unknown>),
    leaderElection: { ...stripUndefined(leaderEnv), ...stripUndefined((flags.leaderElection ?? {}) as Record<string, unknown>) },
  };
  const parsed = OperatorConfigSchema.safeParse(merged);
  if (parsed.success) return { ok: true, config: parsed.data };
  return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
}

function stripUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

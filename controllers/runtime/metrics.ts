/**
 * The operator's Prometheus metrics on a registry of its own (no prom-client global), created once by the
 * manager and passed down. Names follow controller-runtime's where one exists.
 * @see https://book.kubebuilder.io/reference/metrics-reference
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The metric handles. */
export interface OperatorMetrics {
  readonly registry: Registry;
  /** Reconciles by controller and result (done, requeue_after, transient_error, terminal_error). */
  readonly reconcileTotal: Counter<'controller' | 'result'>;
  /** Reconciles that ended in an error, by controller and kind (transient, terminal). */
  readonly reconcileErrors: Counter<'controller' | 'kind'>;
  /** Reconcile wall time, s. */
  readonly reconcileSeconds: Histogram<'controller'>;
  /** Keys waiting in the work queue. */
  readonly queueDepth: Gauge<'controller'>;
  /** Requeues after a transient error. */
  readonly queueRetries: Counter<'controller'>;
  /** Optimizer wall time, s, by solver and outcome. */
  readonly solveSeconds: Histogram<'solver' | 'status'>;
  /** Monthly cost of the current Plan, USD, by namespace and plan. */
  readonly planCost: Gauge<'namespace' | 'plan'>;
  /** 1 while this replica holds the leader Lease. */
  readonly leader: Gauge<'lease'>;
  /** Watch restarts by resource and reason (closed, dropped, gone, error). */
  readonly watchRestarts: Counter<'resource' | 'reason'>;
}

/** Creates the metrics on a new registry. @param defaults also collect process metrics @default true */
export function createMetrics(defaults = true): OperatorMetrics {
  const registry = new Registry();
  if (defaults) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    reconcileTotal: new Counter({
      name: 'controller_runtime_reconcile_total',
      help: 'Reconciles by result.',
      labelNames: ['controller', 'result'],
      registers,
    }),
    reconcileErrors: new Counter({
      name: 'controller_runtime_reconcile_errors_total',
      help: 'Reconciles that returned an error.',
      labelNames: ['controller', 'kind'],
      registers,
    }),
    reconcileSeconds: new Histogram({
      name: 'controller_runtime_reconcile_time_seconds',
      help: 'Reconcile wall time.',
      labelNames: ['controller'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    queueDepth: new Gauge({ name: 'workqueue_depth', help: 'Keys waiting in the work queue.', labelNames: ['controller'], registers }),
    queueRetries: new Counter({ name: 'workqueue_retries_total', help: 'Rate-limited requeues.', labelNames: ['controller'], registers }),
    solveSeconds: new Histogram({
      name: 'skycluster_solve_seconds',
      help: 'Optimizer wall time.',
      labelNames: ['solver', 'status'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers,
    }),
    planCost: new Gauge({
      name: 'skycluster_plan_monthly_cost_usd',
      help: 'Monthly cost of the current Plan.',
      labelNames: ['namespace', 'plan'],
      registers,
    }),
    leader: new Gauge({ name: 'leader_election_master_status', help: '1 while this replica leads.', labelNames: ['lease'], registers }),
    watchRestarts: new Counter({
      name: 'skycluster_watch_restarts_total',
      help: 'Watch restarts by reason.',
      labelNames: ['resource', 'reason'],
      registers,
    }),
  };
}

/**
 * What every skycluster controller gets from `skycluster controller run` (or a test): the client, the manager
 * whose shared informers it registers on, a logger, the metrics, the operator configuration and an Event
 * recorder. Each controller area exports one `add<Area>Controller(deps): Controller` that builds its informers
 * with `deps.manager.informer(...)`, creates its Controller and calls `deps.manager.add(controller)`.
 */
import type { Logger } from 'pino';
import type { EventRecorder, KubeClient, Manager, OperatorConfig, OperatorMetrics } from './runtime/index.js';

/** Dependencies passed to every `add<Area>Controller` function. */
export interface ControllerDeps {
  readonly client: KubeClient;
  readonly manager: Manager;
  readonly log: Logger;
  readonly metrics: OperatorMetrics;
  readonly config: OperatorConfig;
  readonly events: EventRecorder;
}

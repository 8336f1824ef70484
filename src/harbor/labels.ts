/**
 * The label keys and values Harbor writes and selects on, in one place: the node-pool labels Atlas puts on
 * every planned pool (Harbor's nodeSelectors and Skyhook's nodeSelectors target them), the ownership label
 * that marks what Harbor manages (pruning touches nothing without it), and the field manager.
 */
import type { Placement } from '../api/plan.js';
import { stableName } from '../util/names.js';

/** Node label: the component a node pool was planned for. */
export const LABEL_COMPONENT = 'skycluster.io/component';
/** Node label: the planned pool (one per placement), a stable label value derived from the placement id. */
export const LABEL_POOL = 'skycluster.io/pool';
/** The application id, as on policies and plans. */
export const LABEL_APP = 'skycluster.io/app-id';
/** The placement id an object was rendered for (`component@platform/region/zone`, as an annotation). */
export const ANNOTATION_PLACEMENT = 'skycluster.io/placement';
/** Standard label naming the manager; Harbor prunes only objects carrying this value. */
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
/** Value of {@link LABEL_MANAGED_BY} on everything Harbor applies, and its server-side-apply field manager. */
export const HARBOR_MANAGER = 'skycluster-harbor';

/**
 * The labels Atlas puts on the node pool of a placement and Harbor selects: component and pool.
 * The pool value is `stableName([placement.id])`, a valid label value of at most 63 characters.
 */
export function poolLabels(placement: Pick<Placement, 'id' | 'component'>): Record<string, string> {
  return { [LABEL_COMPONENT]: stableName([placement.component]), [LABEL_POOL]: stableName([placement.id]) };
}

/** The labels on every object Harbor renders for an application. */
export function ownedLabels(application: string): Record<string, string> {
  return { [LABEL_MANAGED_BY]: HARBOR_MANAGER, [LABEL_APP]: stableName([application]) };
}

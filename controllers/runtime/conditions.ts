/**
 * metav1.Condition lists as pure values: set one condition by type, keeping lastTransitionTime when the
 * status did not change (as apimachinery's meta.SetStatusCondition does), and stamping observedGeneration.
 * The condition types and reasons of each kind are zod enums in src/api (conditionSchema).
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/object-meta/ (Condition)
 */

/** Status of a condition. */
export type ConditionStatus = 'True' | 'False' | 'Unknown';

/** One metav1-style condition with the kind's closed type and reason unions. */
export interface Condition<T extends string = string, R extends string = string> {
  readonly type: T;
  readonly status: ConditionStatus;
  readonly reason: R;
  readonly message: string;
  readonly observedGeneration?: number;
  /** RFC 3339. */
  readonly lastTransitionTime: string;
}

/** A condition to set: everything but lastTransitionTime, which setCondition decides. */
export type ConditionInput<T extends string = string, R extends string = string> = Omit<Condition<T, R>, 'lastTransitionTime'>;

/**
 * Returns a new list with `next` set: replaces the condition of the same type (or appends it).
 * lastTransitionTime stays when the status is unchanged, else becomes `now`. Other conditions keep their order.
 * @param now an RFC 3339 time read by the caller at the edge
 */
export function setCondition<T extends string, R extends string>(
  conditions: readonly Condition<T, R>[] | undefined,
  next: ConditionInput<T, R>,
  now: string,
): Condition<T, R>[] {
  const list = conditions ?? [];
  const old = list.find((c) => c.type === next.type);
  const lastTransitionTime = old && old.status === next.status ? old.lastTransitionTime : now;
  const cond: Condition<T, R> = { ...next, lastTransitionTime };
  return old ? list.map((c) => (c.type === next.type ? cond : c)) : [...list, cond];
}

/** The condition of `type`, if present. */
export function findCondition<T extends string, R extends string>(
  conditions: readonly Condition<T, R>[] | undefined,
  type: T,
): Condition<T, R> | undefined {
  return conditions?.find((c) => c.type === type);
}

/** Whether the condition of `type` is True and was computed for `generation` (when given). */
export function isConditionTrue<T extends string>(conditions: readonly Condition<T>[] | undefined, type: T, generation?: number): boolean {
  const c = conditions?.find((x) => x.type === type);
  return c?.status === 'True' && (generation === undefined || c.observedGeneration === generation);
}

/** Whether two condition lists say the same (same entries by type; order ignored). */
export function conditionsEqual(a: readonly Condition[] | undefined, b: readonly Condition[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  if (x.length !== y.length) return false;
  return x.every((c) => {
    const d = y.find((e) => e.type === c.type);
    return (
      d !== undefined &&
      d.status === c.status &&
      d.reason === c.reason &&
      d.message === c.message &&
      d.observedGeneration === c.observedGeneration &&
      d.lastTransitionTime === c.lastTransitionTime
    );
  });
}

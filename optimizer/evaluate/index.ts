/**
 * Independent plan evaluator: `evaluatePlan` recomputes a plan's costs and lists the rules it breaks,
 * following docs/placement-semantics.md, without sharing code with the optimizer's model builder.
 */
export { evaluatePlan } from './evaluate.js';
export { selectorMatches, permittedProblem, requiredGroupsMatched, residencyProblems } from './locations.js';
export { flavorRules, sizeFlavor, replicasPerNode, type FlavorRules, type Sizing } from './sizing.js';
export { edgeVolumeGB, edgeLatencyBoundMs, routeEdges, zoneKey } from './transfers.js';
export * from './types.js';

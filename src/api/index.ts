export * from './common.js';
export * from './units.js';
export * from './policy.js';
export * from './provider.js';
export * from './plan.js';
export * from './atlas.js';
export * from './harbor.js';
export * from './kinds.js';

/** Atlas, pure: Plan → Atlas spec (clusters, networks, node pools, links) and the CIDR allocator. */
export * from './ipv4.js';
export * from './cidr-allocator.js';
export * from './network-layout.js';
export * from './links.js';
export * from './gpu.js';
export * from './labels.js';
export * from './render-atlas.js';
export * from './site-secrets.js';

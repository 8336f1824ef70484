/**
 * The stacks of an Atlas: one per cluster (application, provider, region), with each stack's peers taken
 * from the Atlas links. Pure.
 */
import type { Atlas, AtlasCluster } from '../../src/api/atlas.js';
import type { PeerArgs } from './types.js';

/** Pulumi project every Atlas stack belongs to. */
export const ATLAS_PROJECT = 'skycluster-atlas';
/** Organization of file-backend stacks (the DIY backends have exactly this one). */
export const FILE_BACKEND_ORGANIZATION = 'organization';

/** One stack to run. */
export interface StackDefinition {
  /** Stack name: the cluster name. */
  readonly name: string;
  /** Fully qualified name other stacks reference. */
  readonly fullName: string;
  readonly cluster: AtlasCluster;
  readonly peers: readonly PeerArgs[];
}

/** Fully qualified stack name on a file backend. */
export function fullStackName(stack: string): string {
  return `${FILE_BACKEND_ORGANIZATION}/${ATLAS_PROJECT}/${stack}`;
}

function rangesOf(c: AtlasCluster): string[] {
  return c.network ? [c.network.cidr, c.network.podsCidr, c.network.servicesCidr] : [];
}

/** The stacks of `atlas`, in cluster-name order, with their peers. */
export function stacksOf(atlas: Atlas): StackDefinition[] {
  const byName = new Map(atlas.spec.clusters.map((c) => [c.name, c]));
  return [...atlas.spec.clusters]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((cluster) => {
      const peers: PeerArgs[] = [];
      for (const link of atlas.spec.links) {
        const other = link.from === cluster.name ? link.to : link.to === cluster.name ? link.from : undefined;
        const peer = other === undefined ? undefined : byName.get(other);
        if (!peer) continue;
        peers.push({
          name: peer.name,
          platform: peer.platform,
          region: peer.region,
          transport: link.transport,
          cidrs: rangesOf(peer),
          ...(peer.siteKind === 'cloud' ? { stackRef: fullStackName(peer.name) } : {}),
          initiator: link.from === cluster.name,
        });
      }
      return { name: cluster.name, fullName: fullStackName(cluster.name), cluster, peers };
    });
}

/** The one entry to every stack program: dispatches on the cluster's platform. */
import { isProvisionedPlatform } from '../../src/atlas/render-atlas.js';
import { awsProgram } from './aws/program.js';
import { azureProgram } from './azure/program.js';
import { gcpProgram } from './gcp/program.js';
import type { StackArgs, StackOutputs } from './types.js';

/**
 * Builds the resources of one stack. On-prem clusters provision nothing (their cluster exists and is
 * reached through its kubeconfig Secret). renderAtlases rejects every other platform before this runs;
 * reaching one here is a bug, hence the throw.
 */
export function stackProgram(args: StackArgs): StackOutputs {
  const c = args.cluster;
  if (c.siteKind === 'onprem') return {};
  if (!isProvisionedPlatform(c.platform)) throw new Error(`no Pulumi program for platform ${c.platform}`);
  switch (c.platform) {
    case 'aws':
      return awsProgram(args);
    case 'gcp':
      return gcpProgram(args);
    case 'azure':
      return azureProgram(args);
  }
}

/**
 * What a DeploymentPolicy's `spec.executionEnvironment` means to the optimizer.
 *
 * - `Kubernetes` (the default): every site the plan uses gets a managed cluster, whose control-plane fee
 *   (`SiteInfo.clusterFeeUsdHr`) is paid once per site, and each component runs on a node pool there.
 * - `VirtualMachine`: every placement is plain instances of its flavor (SkyCluster's XInstance): no cluster,
 *   so no control-plane fee. The rest of the model (flavors, node counts, transfers, latency) is unchanged.
 *
 * The optimizer applies the difference at its input: a VirtualMachine application sees the catalog with every
 * site's cluster fee at zero, so the model, the heuristic, the plan and the evaluator all price the same thing.
 */
import type { ExecutionEnvironment } from '../src/api/policy.js';
import type { Catalog, SiteInfo } from '../src/catalog/types.js';

/** The environment a policy asks for. @default 'Kubernetes' (SkyCluster's default as well) */
export function executionEnvironmentOf(spec: { readonly executionEnvironment?: ExecutionEnvironment | undefined }): ExecutionEnvironment {
  return spec.executionEnvironment ?? 'Kubernetes';
}

/** The catalog as an application in `env` sees it: unchanged for Kubernetes, without cluster fees for VirtualMachine. */
export function catalogFor(catalog: Catalog, env: ExecutionEnvironment): Catalog {
  if (env === 'Kubernetes') return catalog;
  const noFee = (s: SiteInfo): SiteInfo => (s.clusterFeeUsdHr === 0 ? s : { ...s, clusterFeeUsdHr: 0 });
  const sites = catalog.sites().map(noFee);
  return {
    provenance: catalog.provenance,
    sites: () => sites,
    site: (platform, region) => {
      const s = catalog.site(platform, region);
      return s ? noFee(s) : undefined;
    },
    offerings: (platform, region) => catalog.offerings(platform, region),
    siteOfferings: (platform, region) => catalog.siteOfferings?.(platform, region),
    egress: (src, dst, monthlyGB) => catalog.egress(src, dst, monthlyGB),
    latency: (sp, sr, dp, dr) => catalog.latency(sp, sr, dp, dr),
  };
}

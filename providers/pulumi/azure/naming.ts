/** Azure naming and value rules applied to Atlas data. Pure. */

/** Availability zones of a planned zone: `1`, `2`, `3` pin one; anything else (`default`) leaves it to Azure. */
export function azureZones(zone: string): string[] | undefined {
  return /^[1-9]$/.test(zone) ? [zone] : undefined;
}

/** AKS node taints as `key=value:Effect` strings. */
export function aksTaints(taints: readonly { key: string; value?: string; effect: string }[]): string[] {
  return taints.map((t) => `${t.key}${t.value !== undefined ? `=${t.value}` : ''}:${t.effect}`);
}

/** The certificate-authority-data of the first cluster in a kubeconfig text, or '' when there is none. */
export function caFromKubeconfig(kubeconfig: string): string {
  return /certificate-authority-data:\s*(\S+)/.exec(kubeconfig)?.[1] ?? '';
}

/** Application id of the AKS Microsoft Entra server, the audience kubelogin asks a token for. */
export const AKS_AAD_SERVER_ID = '6dae42f8-4368-4678-94ff-3960e28e3630';

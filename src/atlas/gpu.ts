/**
 * GPU models of the catalog as the clouds' APIs name them. Only GKE needs a name (node pools declare guest
 * accelerators even for machine types with built-in GPUs); EKS and AKS take the GPU with the flavor.
 * @see https://cloud.google.com/compute/docs/gpus (accelerator types per machine series)
 */

const GKE_ACCELERATORS: Readonly<Record<string, string>> = {
  T4: 'nvidia-tesla-t4',
  V100: 'nvidia-tesla-v100',
  P100: 'nvidia-tesla-p100',
  P4: 'nvidia-tesla-p4',
  A100: 'nvidia-tesla-a100',
  'A100-80GB': 'nvidia-a100-80gb',
  H100: 'nvidia-h100-80gb',
  L4: 'nvidia-l4',
  'RTX PRO 6000': 'nvidia-rtx-pro-6000',
};

/** The GKE accelerator type of a catalog GPU model, or undefined when GKE has none by that model. */
export function gkeAcceleratorType(model: string): string | undefined {
  return GKE_ACCELERATORS[model];
}

/**
 * A stand-in for the kubelet, for solve Jobs on the test API server (which has no kubelet and no Job
 * controller, so no pod ever starts): reads the Job's container (image, command, args, env), resolves the env
 * as the kubelet would (downward-API fieldRefs against the pod's labels, which the API server put on the
 * Job's template), authenticates as the pod's ServiceAccount (a TokenRequest token, handed over as a
 * kubeconfig in KUBECONFIG where a pod would have it mounted) and runs the container's args unchanged after
 * the image's entrypoint, the built `skycluster` CLI.
 */
import { spawn } from 'node:child_process';
import { SOLVE_CONTAINER } from '../../controllers/policy/solve-job-spec.js';
import type { KubeObject } from '../../controllers/runtime/index.js';
import { mintServiceAccountToken } from '../kube/kube-client-helpers.js';
import type { KubeTestEnv } from '../kube/kube-test-env.js';
import { CLI, writeKubeconfig } from './faults-operator-process.js';

/** The container of a solve Job. */
export interface Container {
  name: string;
  image: string;
  command?: string[];
  args: string[];
  env: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
  resources: { requests: Record<string, string> };
}

/** A batch/v1 Job as read back. */
export interface Job extends KubeObject {
  spec: { template: { metadata: { labels: Record<string, string> }; spec: { serviceAccountName: string; containers: Container[] } } };
}

/** The value of a downward-API fieldRef on a pod whose labels are `labels` (only what solve Jobs use). */
function fieldRef(path: string, labels: Record<string, string>): string {
  const m = /^metadata\.labels\['([^']+)'\]$/.exec(path);
  if (!m) throw new Error(`the kubelet stand-in resolves only metadata.labels fieldRefs, not ${path}`);
  return labels[m[1]!] ?? '';
}

/** Runs the container of `job` (in `namespace`) as the kubelet would; resolves the exit code and output. */
export async function actAsKubelet(
  kube: KubeTestEnv,
  namespace: string,
  job: Job,
): Promise<{ code: number | null; out: string; container: Container }> {
  const pod = job.spec.template;
  const container = pod.spec.containers.find((c) => c.name === SOLVE_CONTAINER)!;
  const env: Record<string, string> = {};
  for (const e of container.env) env[e.name] = e.value ?? fieldRef(e.valueFrom?.fieldRef?.fieldPath ?? '', pod.metadata.labels);
  const token = await mintServiceAccountToken(kube.admin, namespace, pod.spec.serviceAccountName);
  const kubeconfig = writeKubeconfig(kube.info, token);
  // The image's entrypoint is the skycluster CLI (as for the operator Deployment, which also sets only args).
  const argv = [...(container.command ?? [CLI]), ...container.args];
  const child = spawn(process.execPath, argv, { env: { PATH: process.env['PATH'] ?? '', ...env, KUBECONFIG: kubeconfig } });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  return { code, out, container };
}

/** A small application for Harbor tests: four components, their Services, a ConfigMap and a Secret (tests only). */
import type { KubeObject } from '../kube-object.js';
import { deploymentPolicy, placement, planSpec } from './plan-fixtures.js';

const deployment = (name: string, podSpec: Record<string, unknown> = {}, kind = 'Deployment', apiVersion = 'apps/v1'): KubeObject => ({
  apiVersion,
  kind,
  metadata: {
    name,
    namespace: 'shop',
    labels: { app: name },
    uid: 'u-1',
    resourceVersion: '42',
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
  },
  spec: {
    ...(kind === 'Job' ? {} : { replicas: 1, selector: { matchLabels: { app: name } } }),
    ...(kind === 'StatefulSet' ? { serviceName: name } : {}),
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name, image: `example/${name}:1` }], ...(kind === 'Job' ? { restartPolicy: 'Never' } : {}), ...podSpec },
    },
  },
  status: { readyReplicas: 1 },
});

const service = (name: string, ports: Record<string, unknown>[]): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'shop' },
  spec: { selector: { app: name }, ports, clusterIP: '10.0.0.12', clusterIPs: ['10.0.0.12'] },
});

/** The app's manifests. */
export const APP_MANIFESTS: KubeObject[] = [
  deployment('web', {
    containers: [
      {
        name: 'web',
        image: 'example/web:1',
        envFrom: [{ configMapRef: { name: 'web-config' } }],
        env: [{ name: 'PW', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } }],
      },
    ],
  }),
  deployment('api'),
  deployment('db', {}, 'StatefulSet'),
  deployment('trainer', {}, 'Job', 'batch/v1'),
  service('web', [{ port: 80, targetPort: 8080 }]),
  service('api', [
    { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' },
    { name: 'grpc', port: 9090, targetPort: 9090, protocol: 'TCP' },
  ]),
  service('db', [{ port: 5432 }]),
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-config', namespace: 'shop' }, data: { MODE: 'prod' } },
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db-credentials', namespace: 'shop' }, type: 'Opaque', data: { password: 'czNjcjN0' } },
];

/** web in GCP, api/db/trainer in AWS; web → api and api → db, trainer → db. */
export const WEB = placement('web', 'gcp/us-central1/us-central1-a');
export const API = placement('api', 'aws/us-east-1/us-east-1a');
export const DB = placement('db', 'aws/us-east-1/us-east-1b');
export const TRAINER = placement('trainer', 'aws/us-east-1/us-east-1a', { flavor: 'p3.2xlarge', gpuModel: 'V100', gpusPerNode: 1 });
export const APP_PLAN = planSpec(
  [WEB, API, DB, TRAINER],
  [
    ['web', 'api', 120],
    ['api', 'db', 40],
    ['trainer', 'db', 10],
  ],
);
export const APP_POLICY = deploymentPolicy({
  web: { replicas: 3 },
  api: { replicas: 2 },
  db: { componentRef: { name: 'db', kind: 'StatefulSet' } },
  trainer: {
    componentRef: { name: 'trainer', kind: 'Job', apiVersion: 'batch/v1' },
    hostPackages: { packages: { 'nvidia-driver': { version: '550.54.15', image: 'nvcr.io/nvidia/driver' } }, runtimeRequired: true },
  },
});

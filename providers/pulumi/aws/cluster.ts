/**
 * skycluster:aws:EksCluster — the EKS control plane with its IAM role, the node IAM role the node groups
 * share, and the cluster's IAM OIDC provider (for IAM roles of service accounts).
 */
import * as pulumi from '@pulumi/pulumi';
import * as eks from '@pulumi/aws/eks/index.js';
import * as iam from '@pulumi/aws/iam/index.js';

/** Args of AwsEksCluster. */
export interface AwsEksClusterArgs {
  /** EKS cluster name (≤ 100 characters). */
  readonly clusterName: string;
  readonly subnetIds: readonly pulumi.Input<string>[];
  readonly serviceCidr: string;
  readonly kubernetesVersion?: string;
  readonly tags: Readonly<Record<string, string>>;
}

const assumeRole = (service: string): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

const policy = (name: string): string => `arn:aws:iam::aws:policy/${name}`;

/** An EKS cluster, its roles and OIDC provider. */
export class AwsEksCluster extends pulumi.ComponentResource {
  public readonly clusterName: pulumi.Output<string>;
  public readonly endpoint: pulumi.Output<string>;
  public readonly caCertificate: pulumi.Output<string>;
  public readonly nodeRoleArn: pulumi.Output<string>;
  public readonly oidcProviderArn: pulumi.Output<string>;

  constructor(name: string, args: AwsEksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('skycluster:aws:EksCluster', name, {}, opts);
    const parent = { parent: this };
    const tags = { ...args.tags };
    const clusterRole = new iam.Role(`${name}-cluster`, { assumeRolePolicy: assumeRole('eks.amazonaws.com'), tags }, parent);
    const clusterPolicy = new iam.RolePolicyAttachment(
      `${name}-cluster`,
      { role: clusterRole.name, policyArn: policy('AmazonEKSClusterPolicy') },
      parent,
    );
    const nodeRole = new iam.Role(`${name}-node`, { assumeRolePolicy: assumeRole('ec2.amazonaws.com'), tags }, parent);
    for (const p of ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEC2ContainerRegistryReadOnly'])
      new iam.RolePolicyAttachment(`${name}-node-${p}`, { role: nodeRole.name, policyArn: policy(p) }, parent);
    const cluster = new eks.Cluster(
      name,
      {
        name: args.clusterName,
        roleArn: clusterRole.arn,
        ...(args.kubernetesVersion ? { version: args.kubernetesVersion } : {}),
        vpcConfig: { subnetIds: [...args.subnetIds], endpointPublicAccess: true, endpointPrivateAccess: true },
        kubernetesNetworkConfig: { serviceIpv4Cidr: args.serviceCidr },
        accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' },
        tags,
      },
      { parent: this, dependsOn: [clusterPolicy] },
    );
    const issuer = cluster.identities.apply((ids) => ids[0]?.oidcs?.[0]?.issuer ?? '');
    const oidc = new iam.OpenIdConnectProvider(name, { url: issuer, clientIdLists: ['sts.amazonaws.com'], tags }, parent);
    this.clusterName = cluster.name;
    this.endpoint = cluster.endpoint;
    this.caCertificate = cluster.certificateAuthority.apply((c) => c.data ?? '');
    this.nodeRoleArn = nodeRole.arn;
    this.oidcProviderArn = oidc.arn;
    this.registerOutputs({ clusterName: this.clusterName, endpoint: this.endpoint, oidcProviderArn: this.oidcProviderArn });
  }
}

import { DataAwsSubnet } from "@cdktf/provider-aws/lib/data-aws-subnet";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import { UNSUPPORTED_AZ_IDS, unsupportedAzMessage } from "../../domain/aws/availability-zones";
import type { AuraProduct } from "../../domain/aura/names";
import { endpointIngressRules } from "../../domain/aws/endpoint-ingress-rules";
import { assertPrivateLinkEndpointProps } from "../../domain/aws/endpoint-rules";

export interface PrivateLinkEndpointProps {
  /** Prefix of resource names: `<project>-aura-<region>`. */
  readonly name: string;
  readonly region: string;
  readonly product: AuraProduct;
  readonly vpcId: string;
  readonly endpointServiceName: string;
  /** Subnets keyed by AZ ID (preferred: checked at synth). */
  readonly subnetsByAzId?: Readonly<Record<string, string>>;
  /** Subnet ids without AZ IDs: checked at plan by a data source postcondition. */
  readonly subnetIds?: readonly string[];
  readonly allowedCidrs: ReadonlyArray<{ cidr: string; description: string }>;
  readonly allowedSecurityGroups: ReadonlyArray<{ id: string; description: string }>;
  readonly allowAnyIpv4Source?: boolean;
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * An interface VPC endpoint to Aura's PrivateLink service with its own security group. Private DNS on the
 * endpoint stays off: Aura's hostnames are served by the private zones of Route53PrivateDns.
 */
export class PrivateLinkEndpoint extends Construct {
  readonly endpoint: VpcEndpoint;
  readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: PrivateLinkEndpointProps) {
    super(scope, id);
    assertPrivateLinkEndpointProps(this.node.path, props);
    const tags = { ...props.tags, Name: props.name };

    this.securityGroup = new SecurityGroup(this, "security_group", {
      name: props.name,
      // A security group's description forces a replacement (which the endpoint attached to it blocks): the
      // endpoint's name from the config, never library text. Groups of earlier versions carry a description
      // written by the library; ignoring it keeps them (CHANGELOG.md).
      description: props.name,
      vpcId: props.vpcId,
      tags,
      lifecycle: { ignoreChanges: ["description"] },
    });

    for (const rule of endpointIngressRules(props)) {
      new VpcSecurityGroupIngressRule(this, rule.id, {
        securityGroupId: this.securityGroup.id,
        ipProtocol: "tcp",
        fromPort: rule.port,
        toPort: rule.port,
        cidrIpv4: rule.cidr,
        referencedSecurityGroupId: rule.securityGroupId,
        description: rule.description,
        tags: { ...props.tags, Name: `${props.name}-${rule.port}` },
      });
    }

    const subnetIds = props.subnetsByAzId
      ? Object.keys(props.subnetsByAzId)
          .sort()
          .map((az) => props.subnetsByAzId![az]!)
      : [...(props.subnetIds ?? [])];

    // Without AZ IDs in the config, only the cloud knows each subnet's AZ: check it at plan time.
    const lookups = props.subnetsByAzId ? [] : this.lookUpSubnets(props.region, subnetIds);

    this.endpoint = new VpcEndpoint(this, "endpoint", {
      vpcId: props.vpcId,
      serviceName: props.endpointServiceName,
      vpcEndpointType: "Interface",
      privateDnsEnabled: false,
      subnetIds,
      securityGroupIds: [this.securityGroup.id],
      tags,
      lifecycle:
        lookups.length > 1
          ? {
              precondition: [
                {
                  condition: `\${length(distinct([${lookups.map((l) => `data.aws_subnet.${l.friendlyUniqueId}.availability_zone_id`).join(", ")}])) == ${lookups.length}}`,
                  errorMessage: "Two of the subnets given in network.subnetIds are in the same availability zone; an interface endpoint takes at most one subnet per AZ.",
                },
              ],
            }
          : undefined,
    });
  }

  private lookUpSubnets(region: string, subnetIds: readonly string[]): DataAwsSubnet[] {
    const unsupported = UNSUPPORTED_AZ_IDS[region] ?? [];
    return subnetIds.map(
      (subnetId) =>
        new DataAwsSubnet(this, `subnet_${subnetId}`, {
          id: subnetId,
          lifecycle:
            unsupported.length > 0
              ? {
                  postcondition: [
                    {
                      // A JSON list of strings is also an HCL list literal.
                      condition: `\${!contains(${JSON.stringify(unsupported)}, self.availability_zone_id)}`,
                      errorMessage: `Subnet ${subnetId} (network.subnetIds): ${unsupportedAzMessage(region, unsupported.join(" or "))}.`,
                    },
                  ],
                }
              : undefined,
        }),
    );
  }
}

import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { AwsRegionConfig } from "../config/aws";
import { planRegionDns, type RegionDnsInput } from "../domain/aura/dns-plan";
import { PrivateLinkEndpoint } from "../constructs/aws/privatelink-endpoint";
import { Route53PrivateDns } from "../constructs/aws/route53-private-dns";
import { AuraStack } from "./aura-stack";
import { addAwsCustomerManagedKeys, type AwsReplicaKeySpec } from "./aws-keys";
import { applyBackend, type BackendConfig } from "./backend";
import { addRegionOutputs } from "./outputs";

export interface AwsRegionStackProps {
  readonly project: string;
  readonly region: AwsRegionConfig;
  readonly dns: RegionDnsInput;
  readonly tags: Readonly<Record<string, string>>;
  readonly backend?: BackendConfig;
  /** Replicas of other regions' multi-Region keys that live in this region (awsReplicaKeysFor). */
  readonly replicaKeys?: readonly AwsReplicaKeySpec[];
}

/** One AWS region: the PrivateLink endpoint to Aura, its security group and the Route53 private DNS. */
export class AwsRegionStack extends AuraStack {
  readonly endpoint: PrivateLinkEndpoint;
  readonly dns?: Route53PrivateDns;

  constructor(scope: Construct, name: string, props: AwsRegionStackProps) {
    super(scope, name);
    const r = props.region;
    const tags = { ...props.tags, ...r.tags };
    new AwsProvider(this, "aws", {
      region: r.region,
      defaultTags: [{ tags: { project: props.project, "managed-by": "cdktf-aura-secure", ...props.tags } }],
    });
    applyBackend(this, name, props.backend);

    this.endpoint = new PrivateLinkEndpoint(this, "privatelink", {
      name: `${props.project}-aura-${r.region}`,
      region: r.region,
      product: r.product,
      vpcId: r.network.vpcId,
      endpointServiceName: r.endpointServiceName,
      subnetsByAzId: r.network.subnets,
      subnetIds: r.network.subnetIds,
      allowedCidrs: r.network.allowedCidrs,
      allowedSecurityGroups: r.network.allowedSecurityGroups,
      allowAnyIpv4Source: r.network.allowAnyIpv4Source,
      tags: r.tags,
    });

    const zones = planRegionDns(props.dns);
    if (r.dns.strategy === "private-zone") {
      const entry = this.endpoint.endpoint.dnsEntry.get(0);
      this.dns = new Route53PrivateDns(this, "dns", {
        zones,
        vpcs: [{ vpcId: r.network.vpcId, region: r.region }, ...r.network.additionalVpcs],
        aliasTarget: { dnsName: entry.dnsName, zoneId: entry.hostedZoneId },
        tags,
      });
    }

    const vpce = this.endpoint.endpoint;
    new TerraformOutput(this, "endpoint_id", {
      value: vpce.id,
      description: "The VPC endpoint id (vpce-...). Accept it in the Aura console: Security > Network access.",
    });
    new TerraformOutput(this, "endpoint_dns_entries", {
      value: vpce.dnsEntry,
      description: "The endpoint's own DNS names and their Route53 zone; the Aura records alias to the first (regional) one.",
    });
    new TerraformOutput(this, "security_group_id", {
      value: this.endpoint.securityGroup.id,
      description: `Security group of the endpoint: ports ${r.product === "ds-enterprise" ? "7687, 443, 7474 and 8491" : "7687, 443 and 7474"} from the configured sources only.`,
    });
    addRegionOutputs(this, {
      cloud: "aws",
      region: r.region,
      product: r.product,
      orchestrations: r.orchestrations,
      customEndpoints: r.dns.customEndpoints,
      allowListId: r.accountId,
      zones,
      zoneIds: this.dns?.zoneIds ?? {},
      zoneIdsDescription: "Private hosted zone id by Aura domain (empty when dns.strategy is none).",
      recordsTarget: "the endpoint (alias A records)",
      console: { endpoint_id_to_accept: vpce.id },
    });

    addAwsCustomerManagedKeys(this, { project: props.project, region: r, replicas: props.replicaKeys ?? [], tags });
  }
}

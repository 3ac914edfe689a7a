import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AURA_CONSOLE } from "../domain/aura/console";
import { Annotations, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { AwsRegionConfig } from "../config/aws";
import { hiddenNameWarnings, planRegionDns, type RegionDnsInput } from "../domain/aura/dns-plan";
import { PrivateLinkEndpoint } from "../constructs/aws/privatelink-endpoint";
import { Route53PrivateDns } from "../constructs/aws/route53-private-dns";
import { VpcDnsCheck } from "../constructs/aws/vpc-dns-check";
import { AuraStack } from "./aura-stack";
import { accountProviderProps, regionAccountPin } from "./aws-account";
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
    const defaultTags = [{ tags: { project: props.project, "managed-by": "cdktf-aura-secure", ...props.tags } }];
    // Every provider pins the account it must act in: credentials of another account stop the plan.
    const own = accountProviderProps(regionAccountPin(r));
    new AwsProvider(this, "aws", { region: r.region, defaultTags, ...own });
    // More providers only where the stack must act elsewhere: reading a VPC of another region (the DNS
    // check) or associating a zone in another account (hub-and-spoke, with that account's role).
    const providers = new Map<string, AwsProvider>();
    const providerFor = (region: string, account?: { accountId: string; roleArn: string }): AwsProvider | undefined => {
      if (!account && region === r.region) return undefined;
      const alias = account ? `account_${account.accountId}_${region}` : `region_${region}`;
      let p = providers.get(alias);
      if (!p) {
        p = new AwsProvider(this, alias, {
          alias,
          region,
          defaultTags,
          ...(account ? accountProviderProps({ accountId: account.accountId, assumeRole: { roleArn: account.roleArn, sessionName: "cdktf-aura-secure-dns" } }) : own),
        });
        providers.set(alias, p);
      }
      return p;
    };
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
      for (const warning of hiddenNameWarnings(props.dns)) Annotations.of(this).addWarning(warning);
      const sameAccount = [{ vpcId: r.network.vpcId, region: r.region }, ...r.network.additionalVpcs];
      const otherAccount = r.network.otherAccountVpcs.map((v) => ({ ...v, provider: providerFor(v.region, v)! }));
      const at = props.dns.configPath;
      // Only when zones are created: an existing zone's VPCs are whoever created it's concern.
      const check =
        r.dns.checkVpcDnsSettings && zones.some((z) => !z.existingZoneId)
          ? new VpcDnsCheck(this, "vpc_dns_check", {
              vpcs: [
                { vpcId: r.network.vpcId, region: r.region, configPath: `${at}.network.vpcId` },
                ...r.network.additionalVpcs.map((v, i) => ({ ...v, provider: providerFor(v.region), configPath: `${at}.network.additionalVpcs[${i}]` })),
                ...otherAccount.map((v, i) => ({ vpcId: v.vpcId, region: v.region, provider: v.provider, configPath: `${at}.network.otherAccountVpcs[${i}]` })),
              ],
            })
          : undefined;
      const entry = this.endpoint.endpoint.dnsEntry.get(0);
      this.dns = new Route53PrivateDns(this, "dns", {
        zones,
        vpcs: sameAccount,
        otherAccountVpcs: otherAccount,
        aliasTarget: { dnsName: entry.dnsName, zoneId: entry.hostedZoneId },
        dependsOn: check?.lookups,
        tags,
      });
    }

    const vpce = this.endpoint.endpoint;
    new TerraformOutput(this, "endpoint_id", {
      value: vpce.id,
      description: `The VPC endpoint id (vpce-...). Accept it in the ${AURA_CONSOLE.acceptEndpoint.path}.`,
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

import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { TerraformIterator } from "cdktf";
import { Construct } from "constructs";
import { assertProps } from "../../domain/props";
import { route53DnsProblems } from "../../domain/construct-rules";
import type { PlannedZone } from "../../domain/aura/dns-plan";
import { zoneConstructId, zoneKey } from "../../domain/aura/dns-ids";

export interface Route53PrivateDnsProps {
  /** Zones and records decided by planRegionDns. */
  readonly zones: readonly PlannedZone[];
  /** VPCs whose resolvers see the created zones. */
  readonly vpcs: ReadonlyArray<{ vpcId: string; region: string }>;
  /** The endpoint's regional DNS name and its hosted zone: the alias target of every record. */
  readonly aliasTarget: { dnsName: string; zoneId: string };
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Route53 private hosted zones for the Aura domains with alias A records to the VPC endpoint.
 * Alias records follow the endpoint's addresses when AWS changes them, unlike A records with IPs.
 */
export class Route53PrivateDns extends Construct {
  /** Zone id by domain, for outputs. */
  readonly zoneIds: Record<string, string> = {};

  constructor(scope: Construct, id: string, props: Route53PrivateDnsProps) {
    super(scope, id);
    assertProps("Route53PrivateDns", this.node.path, route53DnsProblems(props));
    for (const zone of props.zones) {
      let zoneId = zone.existingZoneId;
      if (!zoneId) {
        const created = new Route53Zone(this, zoneConstructId(zone.domain), {
          name: zone.domain,
          comment: `Aura private endpoint DNS (${zone.purpose}); managed by cdktf-aura-secure`,
          vpc: props.vpcs.map((v) => ({ vpcId: v.vpcId, vpcRegion: v.region })),
          tags: { ...props.tags, Name: zone.domain },
        });
        zoneId = created.zoneId;
      }
      this.zoneIds[zone.domain] = zoneId;
      // One resource with for_each per zone, keyed by label: the plan reads
      // `records_endpoints["a-my-ep"]`, adding an endpoint only adds keys, and synth stays fast with
      // thousands of records (each cdktf resource object costs about a millisecond to build).
      const byLabel = Object.fromEntries(zone.records.map((r) => [r.label, r.fqdn]));
      const each = TerraformIterator.fromMap(byLabel);
      new Route53Record(this, `records_${zoneKey(zone.domain)}`, {
        forEach: each,
        zoneId,
        name: each.value,
        type: "A",
        alias: { name: props.aliasTarget.dnsName, zoneId: props.aliasTarget.zoneId, evaluateTargetHealth: false },
      });
    }
  }
}

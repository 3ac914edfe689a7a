import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Route53VpcAssociationAuthorization } from "@cdktf/provider-aws/lib/route53-vpc-association-authorization";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { Route53ZoneAssociation } from "@cdktf/provider-aws/lib/route53-zone-association";
import { TerraformIterator, type ITerraformDependable, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { assertProps } from "../../domain/props";
import { route53DnsProblems } from "../../domain/construct-rules";
import type { PlannedZone } from "../../domain/aura/dns-plan";
import { ENDPOINT_NAMES_KEY, zoneConstructId, zoneKey } from "../../domain/aura/dns-ids";

export interface Route53OtherAccountVpc {
  readonly vpcId: string;
  readonly region: string;
  readonly accountId: string;
  /** An aws provider (alias) that acts in the VPC's account: it creates the association there. */
  readonly provider: TerraformProvider;
}

export interface Route53PrivateDnsProps {
  /** Zones and records decided by planRegionDns. */
  readonly zones: readonly PlannedZone[];
  /** VPCs of this account whose resolvers see the created zones; the first is the endpoint's own. */
  readonly vpcs: ReadonlyArray<{ vpcId: string; region: string }>;
  /**
   * VPCs of other accounts (hub-and-spoke): each gets an authorization in this account and an
   * association made with its own account's provider.
   */
  readonly otherAccountVpcs?: readonly Route53OtherAccountVpc[];
  /** The endpoint's regional DNS name and its hosted zone: the alias target of every record. */
  readonly aliasTarget: { dnsName: string; zoneId: string };
  /** Checks that must hold before a zone is attached (the VPC DNS attribute checks). */
  readonly dependsOn?: readonly ITerraformDependable[];
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Route53 private hosted zones for the Aura domains with alias A records to the VPC endpoint.
 * Alias records follow the endpoint's addresses when AWS changes them, unlike A records with IPs.
 * Per-name zones of custom endpoints (apex `<label>.endpoints.neo4j.io`) are one for_each resource, so a
 * new endpoint only adds keys. Why zones per name: docs/vendor-facts.md, "Private DNS zones hide names".
 */
export class Route53PrivateDns extends Construct {
  /** Zone id by domain, for outputs. */
  readonly zoneIds: Record<string, string> = {};
  /** The zones created here (with the per-name resource last, if any). */
  readonly createdZones: Route53Zone[] = [];

  constructor(scope: Construct, id: string, props: Route53PrivateDnsProps) {
    super(scope, id);
    assertProps("Route53PrivateDns", this.node.path, route53DnsProblems(props));
    const other = props.otherAccountVpcs ?? [];
    // Inline vpc blocks are exclusive: they would remove associations made by separate resources. With
    // other accounts' VPCs, the zone keeps its first VPC inline (a private zone needs one at creation) and
    // ignores later vpc changes; every other VPC is associated by a resource of its own.
    const associateSeparately = other.length > 0;
    const inlineVpcs = associateSeparately ? props.vpcs.slice(0, 1) : props.vpcs;
    const zoneConfig = (domain: string, purpose: string) => ({
      comment: `Aura private endpoint DNS (${purpose}); managed by cdktf-aura-secure`,
      vpc: inlineVpcs.map((v) => ({ vpcId: v.vpcId, vpcRegion: v.region })),
      tags: { ...props.tags, Name: domain },
      lifecycle: associateSeparately ? { ignoreChanges: ["vpc"] } : undefined,
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
    });
    /** Zone id expressions of created zones, by a key safe in Terraform addresses. */
    const created: Array<{ key: string; zoneId: string }> = [];
    const alias = { name: props.aliasTarget.dnsName, zoneId: props.aliasTarget.zoneId, evaluateTargetHealth: false };

    const perName = props.zones.filter((z) => z.purpose === "custom-endpoint-name" && !z.existingZoneId);
    for (const zone of props.zones.filter((z) => !perName.includes(z))) {
      let zoneId = zone.existingZoneId;
      if (!zoneId) {
        const resource = new Route53Zone(this, zoneConstructId(zone.domain), { name: zone.domain, ...zoneConfig(zone.domain, zone.purpose) });
        this.createdZones.push(resource);
        zoneId = resource.zoneId;
        created.push({ key: zoneKey(zone.domain), zoneId });
      }
      this.zoneIds[zone.domain] = zoneId;
      // One resource with for_each per zone, keyed by label: the plan reads
      // `records_endpoints["a-my-ep"]`, adding an endpoint only adds keys, and synth stays fast with
      // thousands of records (each cdktf resource object costs about a millisecond to build).
      const byLabel = Object.fromEntries(zone.records.map((r) => [r.label, r.fqdn]));
      const each = TerraformIterator.fromMap(byLabel);
      new Route53Record(this, `records_${zoneKey(zone.domain)}`, { forEach: each, zoneId, name: each.value, type: "A", alias });
    }

    if (perName.length > 0) {
      // Keyed by the record's label (`a-my-ep`); the zone's apex is the record's name.
      const labelOf = (domain: string) => domain.split(".")[0]!;
      const each = TerraformIterator.fromMap(Object.fromEntries(perName.map((z) => [labelOf(z.domain), z.domain])));
      const zones = new Route53Zone(this, `zones_${ENDPOINT_NAMES_KEY}`, { forEach: each, name: each.value, ...zoneConfig("${each.value}", "custom endpoint name") });
      this.createdZones.push(zones);
      const zoneIdOf = (label: string) => `\${aws_route53_zone.${zones.friendlyUniqueId}["${label}"].zone_id}`;
      for (const z of perName) {
        this.zoneIds[z.domain] = zoneIdOf(labelOf(z.domain));
        created.push({ key: labelOf(z.domain), zoneId: zoneIdOf(labelOf(z.domain)) });
      }
      const zoneEach = TerraformIterator.fromResources(zones);
      new Route53Record(this, `records_${ENDPOINT_NAMES_KEY}`, { forEach: zoneEach, zoneId: zoneEach.getString("zone_id"), name: zoneEach.getString("name"), type: "A", alias });
    }

    if (!associateSeparately || created.length === 0) return;
    const pairs = (vpcs: ReadonlyArray<{ vpcId: string; region: string }>) =>
      Object.fromEntries(created.flatMap((z) => vpcs.map((v) => [`${z.key}/${v.vpcId}`, { zone_id: z.zoneId, vpc_id: v.vpcId, vpc_region: v.region }])));
    const sameAccount = props.vpcs.slice(1);
    if (sameAccount.length > 0) {
      const each = TerraformIterator.fromMap(pairs(sameAccount));
      new Route53ZoneAssociation(this, "associations", { forEach: each, zoneId: each.getString("zone_id"), vpcId: each.getString("vpc_id"), vpcRegion: each.getString("vpc_region") });
    }
    // Hub-and-spoke: the zone's account authorizes, the VPC's account associates (with its own provider).
    for (const account of [...new Set(other.map((v) => v.accountId))].sort()) {
      const vpcs = other.filter((v) => v.accountId === account);
      const auth = TerraformIterator.fromMap(pairs(vpcs));
      const authorization = new Route53VpcAssociationAuthorization(this, `authorizations_${account}`, {
        forEach: auth,
        zoneId: auth.getString("zone_id"),
        vpcId: auth.getString("vpc_id"),
        vpcRegion: auth.getString("vpc_region"),
      });
      const assoc = TerraformIterator.fromResources(authorization);
      new Route53ZoneAssociation(this, `associations_${account}`, {
        provider: vpcs[0]!.provider,
        forEach: assoc,
        zoneId: assoc.getString("zone_id"),
        vpcId: assoc.getString("vpc_id"),
        vpcRegion: assoc.getString("vpc_region"),
      });
    }
  }
}

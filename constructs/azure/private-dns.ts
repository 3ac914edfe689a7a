import { PrivateDnsARecord } from "@cdktf/provider-azurerm/lib/private-dns-a-record";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { TerraformIterator } from "cdktf";
import { Construct } from "constructs";
import { assertProps } from "../../domain/props";
import { azureDnsProblems } from "../../domain/construct-rules";
import type { PlannedZone } from "../../domain/aura/dns-plan";
import { ENDPOINT_NAMES_KEY, zoneConstructId, zoneKey } from "../../domain/aura/dns-ids";
import { parsePrivateDnsZoneId, vnetConstructKey, type VnetRef } from "../../domain/azure/names";

export interface AzurePrivateDnsProps {
  /** Resource group of the created zones and links. */
  readonly resourceGroupName: string;
  /** Zones and records decided by planRegionDns. */
  readonly zones: readonly PlannedZone[];
  /** VNets linked to every created zone (the endpoint's own VNet first). */
  readonly vnets: readonly VnetRef[];
  /** The endpoint's private IP: the value of every A record. */
  readonly ipAddress: string;
  readonly ttl?: number;
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Azure private DNS zones for the Aura domains, linked to the VNets without auto-registration (the zones
 * hold Aura's names only, never the VMs'), with A records at the endpoint's private IP.
 */
export class AzurePrivateDns extends Construct {
  /** Zone resource id by domain, for outputs. */
  readonly zoneIds: Record<string, string> = {};

  constructor(scope: Construct, id: string, props: AzurePrivateDnsProps) {
    super(scope, id);
    assertProps("AzurePrivateDns", this.node.path, azureDnsProblems(props));
    const tags = { ...props.tags };
    const linkName = (v: VnetRef) => `aura-${vnetConstructKey(v)}`.slice(0, 80).replace(/[-.]+$/, "");
    const perName = props.zones.filter((z) => z.purpose === "custom-endpoint-name" && !z.existingZoneId);
    for (const zone of props.zones.filter((z) => !perName.includes(z))) {
      let zoneName = zone.domain;
      let resourceGroupName = props.resourceGroupName;
      if (zone.existingZoneId) {
        // Validated by the config schema: the id of a zone named after the domain.
        const ref = parsePrivateDnsZoneId(zone.existingZoneId);
        resourceGroupName = ref?.resourceGroup ?? resourceGroupName;
        this.zoneIds[zone.domain] = zone.existingZoneId;
      } else {
        const created = new PrivateDnsZone(this, zoneConstructId(zone.domain), {
          name: zone.domain,
          resourceGroupName,
          tags,
        });
        zoneName = created.name;
        this.zoneIds[zone.domain] = created.id;
        // for_each keyed by VNet and by label, as Route53PrivateDns does: adding one only adds keys.
        const links = TerraformIterator.fromMap(Object.fromEntries(props.vnets.map((v) => [vnetConstructKey(v), { name: linkName(v), id: v.id }])));
        new PrivateDnsZoneVirtualNetworkLink(this, `links_${zoneKey(zone.domain)}`, {
          forEach: links,
          name: links.getString("name"),
          resourceGroupName,
          privateDnsZoneName: created.name,
          virtualNetworkId: links.getString("id"),
          registrationEnabled: false,
          // No resolution_policy: Azure accepts NxDomainRedirect only on links of privatelink.* zones and
          // rejects it on others, and none of Aura's zones is one (docs/vendor-facts.md, "Private DNS zones
          // hide names"). A whole endpoints.neo4j.io zone therefore hides the names it does not hold,
          // which the synth warning says.
          tags,
        });
      }
      const each = TerraformIterator.fromMap(Object.fromEntries(zone.records.map((r) => [r.label, r.fqdn])));
      new PrivateDnsARecord(this, `records_${zoneKey(zone.domain)}`, {
        forEach: each,
        name: each.key,
        zoneName,
        resourceGroupName,
        ttl: props.ttl ?? 300,
        records: [props.ipAddress],
        tags,
      });
    }

    if (perName.length === 0) return;
    // Per-name zones of custom endpoints (apex `<label>.endpoints.neo4j.io`): one for_each resource each
    // for zones, links and apex records, keyed by label (and VNet), so a new endpoint only adds keys.
    const labelOf = (domain: string) => domain.split(".")[0]!;
    const zonesEach = TerraformIterator.fromMap(Object.fromEntries(perName.map((z) => [labelOf(z.domain), z.domain])));
    const zones = new PrivateDnsZone(this, `zones_${ENDPOINT_NAMES_KEY}`, { forEach: zonesEach, name: zonesEach.value, resourceGroupName: props.resourceGroupName, tags });
    for (const z of perName) this.zoneIds[z.domain] = `\${azurerm_private_dns_zone.${zones.friendlyUniqueId}["${labelOf(z.domain)}"].id}`;
    const links = TerraformIterator.fromMap(
      Object.fromEntries(perName.flatMap((z) => props.vnets.map((v) => [`${labelOf(z.domain)}/${vnetConstructKey(v)}`, { zone: z.domain, name: linkName(v), id: v.id }]))),
    );
    new PrivateDnsZoneVirtualNetworkLink(this, `links_${ENDPOINT_NAMES_KEY}`, {
      forEach: links,
      name: links.getString("name"),
      resourceGroupName: props.resourceGroupName,
      privateDnsZoneName: links.getString("zone"),
      virtualNetworkId: links.getString("id"),
      registrationEnabled: false,
      dependsOn: [zones],
      tags,
    });
    const records = TerraformIterator.fromResources(zones);
    new PrivateDnsARecord(this, `records_${ENDPOINT_NAMES_KEY}`, {
      forEach: records,
      name: "@",
      zoneName: records.getString("name"),
      resourceGroupName: props.resourceGroupName,
      ttl: props.ttl ?? 300,
      records: [props.ipAddress],
      tags,
    });
  }
}

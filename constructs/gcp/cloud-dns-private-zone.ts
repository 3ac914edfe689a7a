import { DnsManagedZone } from "@cdktf/provider-google/lib/dns-managed-zone";
import { DnsRecordSet } from "@cdktf/provider-google/lib/dns-record-set";
import { TerraformIterator } from "cdktf";
import { Construct } from "constructs";
import { assertProps } from "../../domain/props";
import { gcpDnsProblems } from "../../domain/construct-rules";
import type { PlannedZone } from "../../domain/aura/dns-plan";
import { ENDPOINT_NAMES_KEY, zoneConstructId, zoneKey } from "../../domain/aura/dns-ids";
import { gcpResourceName, networkUrl, parseManagedZoneRef } from "../../domain/gcp/names";

export interface CloudDnsPrivateZoneProps {
  /** Prefix of zone names, e.g. `<project>-aura-<region>`, so regions of one project never clash. */
  readonly namePrefix: string;
  readonly project: string;
  /** Zones and records decided by planRegionDns. */
  readonly zones: readonly PlannedZone[];
  /** Network self links whose resolvers see the created zones. */
  readonly networks: readonly string[];
  /** The PSC endpoint's internal address: the value of every A record. */
  readonly ipAddress: string;
  readonly ttl?: number;
  readonly labels?: Readonly<Record<string, string>>;
}

/** Private Cloud DNS managed zones for the Aura domains, visible to the given networks, with A records. */
export class CloudDnsPrivateZone extends Construct {
  /** Zone id (or the existing zone given in the config) by domain, for outputs. */
  readonly zoneIds: Record<string, string> = {};

  constructor(scope: Construct, id: string, props: CloudDnsPrivateZoneProps) {
    super(scope, id);
    assertProps("CloudDnsPrivateZone", this.node.path, gcpDnsProblems(props));
    const perName = props.zones.filter((z) => z.purpose === "custom-endpoint-name" && !z.existingZoneId);
    for (const zone of props.zones.filter((z) => !perName.includes(z))) {
      let managedZone: string;
      let project = props.project;
      if (zone.existingZoneId) {
        // Validated by the config schema; a bare string is taken as a zone name of this project.
        const ref = parseManagedZoneRef(zone.existingZoneId) ?? { name: zone.existingZoneId };
        managedZone = ref.name;
        project = ref.project ?? props.project;
        this.zoneIds[zone.domain] = zone.existingZoneId;
      } else {
        const created = new DnsManagedZone(this, zoneConstructId(zone.domain), {
          name: gcpResourceName([props.namePrefix, zoneKey(zone.domain)]),
          project: props.project,
          dnsName: `${zone.domain}.`,
          visibility: "private",
          privateVisibilityConfig: { networks: props.networks.map((n) => ({ networkUrl: networkUrl(n) })) },
          description: `Aura private endpoint DNS (${zone.purpose}); managed by cdktf-aura-secure`,
          labels: { ...props.labels },
        });
        managedZone = created.name;
        this.zoneIds[zone.domain] = created.id;
      }
      // One for_each resource per zone keyed by label, as Route53PrivateDns does: adding an endpoint adds keys.
      const each = TerraformIterator.fromMap(Object.fromEntries(zone.records.map((r) => [r.label, `${r.fqdn}.`])));
      new DnsRecordSet(this, `records_${zoneKey(zone.domain)}`, {
        forEach: each,
        project,
        managedZone,
        name: each.value,
        type: "A",
        ttl: props.ttl ?? 300,
        rrdatas: [props.ipAddress],
      });
    }

    if (perName.length === 0) return;
    // Per-name zones of custom endpoints (dns name `<label>.endpoints.neo4j.io.`), one for_each resource
    // for zones and one for apex records, keyed by label: why, docs/vendor-facts.md "Private DNS zones hide names".
    const labelOf = (domain: string) => domain.split(".")[0]!;
    const each = TerraformIterator.fromMap(
      Object.fromEntries(perName.map((z) => [labelOf(z.domain), { name: gcpResourceName([props.namePrefix, "ep", labelOf(z.domain)]), dns: `${z.domain}.` }])),
    );
    const zones = new DnsManagedZone(this, `zones_${ENDPOINT_NAMES_KEY}`, {
      forEach: each,
      name: each.getString("name"),
      project: props.project,
      dnsName: each.getString("dns"),
      visibility: "private",
      privateVisibilityConfig: { networks: props.networks.map((n) => ({ networkUrl: networkUrl(n) })) },
      description: "Aura private endpoint DNS (custom endpoint name); managed by cdktf-aura-secure",
      labels: { ...props.labels },
    });
    for (const z of perName) this.zoneIds[z.domain] = `\${google_dns_managed_zone.${zones.friendlyUniqueId}["${labelOf(z.domain)}"].id}`;
    const records = TerraformIterator.fromResources(zones);
    new DnsRecordSet(this, `records_${ENDPOINT_NAMES_KEY}`, {
      forEach: records,
      project: props.project,
      managedZone: records.getString("name"),
      name: records.getString("dns_name"),
      type: "A",
      ttl: props.ttl ?? 300,
      rrdatas: [props.ipAddress],
    });
  }
}

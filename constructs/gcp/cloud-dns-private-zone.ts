import { DnsManagedZone } from "@cdktf/provider-google/lib/dns-managed-zone";
import { DnsRecordSet } from "@cdktf/provider-google/lib/dns-record-set";
import { TerraformIterator } from "cdktf";
import { Construct } from "constructs";
import { assertProps } from "../../domain/props";
import { gcpDnsProblems } from "../../domain/construct-rules";
import type { PlannedZone } from "../../domain/aura/dns-plan";
import { zoneConstructId, zoneKey } from "../../domain/aura/dns-ids";
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
    for (const zone of props.zones) {
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
  }
}

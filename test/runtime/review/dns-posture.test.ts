import type { DnsView } from "../../../domain/aura/private-resolution";
import type { ResourceChange } from "../../../runtime/review/plan-format";
import { dnsView, isAuraName, lostNames } from "../../../runtime/review/posture/dns";
import type { RuleContext } from "../../../runtime/review/rule";
import { dnsNameLost } from "../../../runtime/review/rules/dns-name-lost";
import { dnsZoneRemoved } from "../../../runtime/review/rules/dns-zone-removed";
import { changeFactory } from "../../support/hand-built-plans";

/**
 * The private DNS posture (runtime/review/posture/dns.ts) on hand-built changes in the documented plan format:
 * the view of each side of the plan per cloud (zones, networks, records, response policies, placeholders for
 * what the plan does not hold), the Aura names that stop resolving privately in a network with the changes
 * blamed for it, and the two DNS rules built on it. Every expected value is written out.
 */

type V = Record<string, unknown> | null;
const make = changeFactory("dnsp");
/** A change at a given address ("type.name"). */
const ch = (address: string, actions: string[], before: V, after: V, extra: Partial<ResourceChange> = {}): ResourceChange => {
  const [type, name] = address.split(".") as [string, string];
  return make(type, actions, before, after, { address, name, ...extra });
};
const keep = (address: string, v: V) => ch(address, ["no-op"], v, v);
const add = (address: string, v: V) => ch(address, ["create"], null, v);
const del = (address: string, v: V, extra: Partial<ResourceChange> = {}) => ch(address, ["delete"], v, null, extra);
const upd = (address: string, before: V, after: V) => ch(address, ["update"], before, after);

const ctx = (changes: ResourceChange[]): RuleContext => ({ stack: "s", stackChanges: changes, sharedNetworkStacks: () => [], now: new Date("2026-12-06T12:00:00Z") });
const lost = (changes: ResourceChange[]) =>
  lostNames(ctx(changes)).map(({ lost: l, causes }) => ({ ...l, causes: causes.map((c) => (c.deposed ? `${c.address} (deposed ${c.deposed})` : c.address)) }));

const PUBLIC = "no private zone or rule: public DNS answers";

// GCP networks, as the API's self links and as the view names them.
const NET_A = "https://www.googleapis.com/compute/v1/projects/p/global/networks/a-net";
const NET_B = "https://www.googleapis.com/compute/v1/projects/p/global/networks/b-net";
const NET_C = "https://www.googleapis.com/compute/v1/projects/p/global/networks/c-net";
const GCP_A = "gcp:projects/p/global/networks/a-net";
const GCP_B = "gcp:projects/p/global/networks/b-net";

// Azure virtual networks (mixed case as Azure returns them) and their keys (lower case).
const VNET_APPS = "/subscriptions/00000000-0000-4000-8000-00000000000A/resourceGroups/Net-RG/providers/Microsoft.Network/virtualNetworks/Apps";
const VNET_DATA = "/subscriptions/00000000-0000-4000-8000-00000000000A/resourceGroups/Net-RG/providers/Microsoft.Network/virtualNetworks/Data";
const AZ_APPS = "azure:/subscriptions/00000000-0000-4000-8000-00000000000a/resourcegroups/net-rg/providers/microsoft.network/virtualnetworks/apps";
const AZ_DATA = "azure:/subscriptions/00000000-0000-4000-8000-00000000000a/resourcegroups/net-rg/providers/microsoft.network/virtualnetworks/data";

describe("dnsView: Route53", () => {
  const rows: Array<[string, () => ResourceChange[], "before" | "after", DnsView]> = [
    [
      "a private zone with its VPCs (sorted, a VPC block without an id skipped) and the records that answer (alias or addresses)",
      () => [
        keep("aws_route53_zone.main", { zone_id: "Z1", name: "Production-Orch-0001.neo4j.io.", vpc: [{ vpc_id: "vpc-b" }, { vpc_id: "vpc-a" }, { vpc_region: "us-east-1" }] }),
        keep("aws_route53_record.api", { zone_id: "Z1", name: "api.production-orch-0001.neo4j.io", type: "A", records: ["10.0.0.5"] }),
        keep("aws_route53_record.wildcard", { zone_id: "Z1", name: "*", fqdn: "*.production-orch-0001.neo4j.io", type: "A", alias: [{ name: "vpce-1.vpce-svc.us-east-1.vpce.amazonaws.com", zone_id: "ZV", evaluate_target_health: false }] }),
        keep("aws_route53_record.pending", { zone_id: "Z1", name: "pending.production-orch-0001.neo4j.io", type: "A", records: [] }),
        keep("aws_route53_record.unnamed", { zone_id: "Z1", type: "A", records: ["10.0.0.6"] }),
      ],
      "after",
      { zones: [{ key: "Z1", domain: "production-orch-0001.neo4j.io", networks: ["aws:vpc-a", "aws:vpc-b"], records: ["*.production-orch-0001.neo4j.io", "api.production-orch-0001.neo4j.io"] }], policies: [] },
    ],
    ["a public zone (no VPC) is not private", () => [keep("aws_route53_zone.public", { zone_id: "ZP", name: "neo4j.io", vpc: [] })], "after", { zones: [], policies: [] }],
    ["a public zone without a vpc attribute", () => [keep("aws_route53_zone.public", { zone_id: "ZP", name: "neo4j.io" })], "after", { zones: [], policies: [] }],
    ...(["parent first", "child first"] as const).map((order): [string, () => ResourceChange[], "before" | "after", DnsView] => [
      `zones created (ids known after apply) take records without a zone id, the most specific zone first (${order})`,
      () => {
        const parent = add("aws_route53_zone.parent", { name: "neo4j.io", vpc: [{ vpc_id: "vpc-1" }] });
        const child = add("aws_route53_zone.child", { name: "e.neo4j.io", vpc: [{ vpc_id: "vpc-1" }] });
        return [
          ...(order === "parent first" ? [parent, child] : [child, parent]),
          add("aws_route53_record.deep", { name: "api.e.neo4j.io", type: "A", records: ["10.0.0.5"] }),
          add("aws_route53_record.apex", { name: "e.neo4j.io", type: "A", records: ["10.0.0.6"] }),
          add("aws_route53_record.top", { name: "other.neo4j.io", type: "A", records: ["10.0.0.7"] }),
          add("aws_route53_record.lookalike", { name: "api.xe.neo4j.io", type: "A", records: ["10.0.0.8"] }),
        ];
      },
      "after",
      {
        zones: (order === "parent first" ? [0, 1] : [1, 0]).map(
          (i) =>
            [
              { key: "aws_route53_zone.parent", domain: "neo4j.io", networks: ["aws:vpc-1"], records: ["api.xe.neo4j.io", "other.neo4j.io"] },
              { key: "aws_route53_zone.child", domain: "e.neo4j.io", networks: ["aws:vpc-1"], records: ["api.e.neo4j.io", "e.neo4j.io"] },
            ][i]!,
        ),
        policies: [],
      },
    ]),
    [
      "created zones and records are not in the view before",
      () => [add("aws_route53_zone.child", { name: "e.neo4j.io", vpc: [{ vpc_id: "vpc-1" }] }), add("aws_route53_record.deep", { name: "api.e.neo4j.io", type: "A", records: ["10.0.0.5"] })],
      "before",
      { zones: [], policies: [] },
    ],
    [
      "records in no zone of the plan keep a placeholder zone and network (another zone name, a wildcard, a zone id not in the plan)",
      () => [
        add("aws_route53_zone.e", { name: "e.neo4j.io", vpc: [{ vpc_id: "vpc-1" }] }),
        add("aws_route53_record.xe", { name: "api.xe.neo4j.io", type: "A", records: ["10.0.0.5"] }),
        add("aws_route53_record.wild", { name: "*.w.neo4j.io.", type: "A", records: ["10.0.0.6"] }),
        add("aws_route53_record.ext", { zone_id: "ZEXT", name: "api.e.neo4j.io", type: "A", records: ["10.0.0.7"] }),
      ],
      "after",
      {
        zones: [
          { key: "aws_route53_zone.e", domain: "e.neo4j.io", networks: ["aws:vpc-1"], records: [] },
          { key: "(zone of api.xe.neo4j.io)", domain: "api.xe.neo4j.io", networks: ["(networks of (zone of api.xe.neo4j.io), not in this plan)"], records: ["api.xe.neo4j.io"] },
          { key: "(zone of *.w.neo4j.io)", domain: "w.neo4j.io", networks: ["(networks of (zone of *.w.neo4j.io), not in this plan)"], records: ["*.w.neo4j.io"] },
          { key: "ZEXT", domain: "api.e.neo4j.io", networks: ["(networks of zone ZEXT, not in this plan)"], records: ["api.e.neo4j.io"] },
        ],
        policies: [],
      },
    ],
    [
      "zone associations add VPCs (before or after the zone), and name the zone's domain from its records when the plan does not hold it",
      () => [
        keep("aws_route53_zone_association.second", { zone_id: "Z2", vpc_id: "vpc-2" }),
        keep("aws_route53_zone.z2", { zone_id: "Z2", name: "o.neo4j.io", vpc: [{ vpc_id: "vpc-1" }] }),
        keep("aws_route53_zone_association.third", { zone_id: "Z2", vpc_id: "vpc-3" }),
        keep("aws_route53_zone_association.ext1", { zone_id: "Z3", vpc_id: "vpc-1" }),
        keep("aws_route53_zone_association.ext2", { zone_id: "Z3", vpc_id: "vpc-2" }),
        keep("aws_route53_record.ext", { zone_id: "Z3", name: "*.p.neo4j.io", type: "A", records: ["10.0.0.5"] }),
        keep("aws_route53_zone_association.bare", { zone_id: "Z4", vpc_id: "vpc-4" }),
        keep("aws_route53_zone_association.novpc", { zone_id: "Z5" }),
        keep("aws_route53_zone_association.nozone", { vpc_id: "vpc-5" }),
      ],
      "before",
      {
        zones: [
          { key: "Z2", domain: "o.neo4j.io", networks: ["aws:vpc-1", "aws:vpc-2", "aws:vpc-3"], records: [] },
          { key: "Z3", domain: "p.neo4j.io", networks: ["aws:vpc-1", "aws:vpc-2"], records: ["*.p.neo4j.io"] },
          { key: "Z4", domain: "", networks: ["aws:vpc-4"], records: [] },
        ],
        policies: [],
      },
    ],
    [
      "a deleted association is in the view before, not after",
      () => [keep("aws_route53_zone.z2", { zone_id: "Z2", name: "o.neo4j.io", vpc: [{ vpc_id: "vpc-1" }] }), del("aws_route53_zone_association.second", { zone_id: "Z2", vpc_id: "vpc-2" })],
      "after",
      { zones: [{ key: "Z2", domain: "o.neo4j.io", networks: ["aws:vpc-1"], records: [] }], policies: [] },
    ],
  ];
  test.each(rows)("%s", (_title, changes, side, expected) => {
    expect(dnsView(changes(), side)).toEqual(expected);
  });
});

describe("dnsView: Cloud DNS", () => {
  const rows: Array<[string, () => ResourceChange[], DnsView]> = [
    [
      "private zones with their networks (self links v1 and beta, sorted), records by managed zone or by domain, public zones left out",
      () => [
        keep("google_dns_managed_zone.aura", {
          name: "aura-zone",
          dns_name: "Production-Orch-0002.neo4j.io.",
          visibility: "private",
          private_visibility_config: [{ networks: [{ network_url: NET_B }, { network_url: "projects/p/global/networks/a-net" }, { network_url: "https://www.googleapis.com/compute/beta/projects/p/global/networks/c-net" }, {}] }],
        }),
        keep("google_dns_managed_zone.public", { name: "pub", dns_name: "neo4j.io.", visibility: "public" }),
        keep("google_dns_managed_zone.default", { name: "dflt", dns_name: "neo4j.io." }),
        keep("google_dns_managed_zone.bare", { name: "bare", dns_name: "bare.neo4j.io.", visibility: "private" }),
        keep("google_dns_managed_zone.proxied", {
          name: "proxied",
          dns_name: "proxied.neo4j.io.",
          visibility: "private",
          private_visibility_config: [{ networks: [{ network_url: "http://proxy/https://www.googleapis.com/compute/v1/projects/p/global/networks/x" }] }],
        }),
        keep("google_dns_record_set.wildcard", { managed_zone: "aura-zone", name: "*.production-orch-0002.neo4j.io.", type: "A", rrdatas: ["10.1.0.5"] }),
        keep("google_dns_record_set.unnamed", { managed_zone: "aura-zone", type: "A", rrdatas: ["10.1.0.6"] }),
        keep("google_dns_record_set.ext", { managed_zone: "ext-zone", name: "api.production-orch-0002.neo4j.io.", type: "A", rrdatas: ["10.1.0.7"] }),
        keep("google_dns_record_set.nozone", { name: "api.bare.neo4j.io.", type: "A", rrdatas: ["10.1.0.8"] }),
      ],
      {
        zones: [
          { key: "aura-zone", domain: "production-orch-0002.neo4j.io", networks: ["gcp:projects/p/global/networks/a-net", "gcp:projects/p/global/networks/b-net", "gcp:projects/p/global/networks/c-net"], records: ["*.production-orch-0002.neo4j.io"] },
          { key: "bare", domain: "bare.neo4j.io", networks: [], records: ["api.bare.neo4j.io"] },
          { key: "proxied", domain: "proxied.neo4j.io", networks: ["gcp:http://proxy/https://www.googleapis.com/compute/v1/projects/p/global/networks/x"], records: [] },
          { key: "ext-zone", domain: "api.production-orch-0002.neo4j.io", networks: ["(networks of zone ext-zone, not in this plan)"], records: ["api.production-orch-0002.neo4j.io"] },
        ],
        policies: [],
      },
    ],
    [
      "response policies with their networks and rules (bypass passes through; an unnamed policy is the only one; a policy not in the plan gets a placeholder)",
      () => [
        keep("google_dns_response_policy.rp1", { response_policy_name: "rp-1", networks: [{ network_url: NET_B }, { network_url: NET_A }, {}] }),
        keep("google_dns_response_policy_rule.wild", { response_policy: "rp-1", rule_name: "wild", dns_name: "*.Production-Orch-0002.neo4j.io.", local_data: [{ local_datas: [{ name: "*.production-orch-0002.neo4j.io.", type: "A", rrdatas: ["10.1.0.5"] }] }] }),
        keep("google_dns_response_policy_rule.bypass", { response_policy: "rp-1", rule_name: "bypass", dns_name: "api.neo4j.io.", behavior: "bypassResponsePolicy" }),
        keep("google_dns_response_policy_rule.pending", { response_policy: "rp-1", rule_name: "pending" }),
        keep("google_dns_response_policy_rule.orphan", { rule_name: "orphan", dns_name: "x.neo4j.io." }),
        keep("google_dns_response_policy_rule.ext1", { response_policy: "rp-ext", rule_name: "ext1", dns_name: "a.neo4j.io." }),
        keep("google_dns_response_policy_rule.ext2", { response_policy: "rp-ext", rule_name: "ext2", dns_name: "b.neo4j.io." }),
      ],
      {
        zones: [],
        policies: [
          { key: "rp-1", networks: [GCP_A, GCP_B], rules: [{ name: "*.production-orch-0002.neo4j.io" }, { name: "api.neo4j.io", passthrough: true }, { name: "x.neo4j.io" }] },
          { key: "rp-ext", networks: ["(networks of response policy rp-ext, not in this plan)"], rules: [{ name: "a.neo4j.io" }, { name: "b.neo4j.io" }] },
        ],
      },
    ],
    [
      "a rule naming no policy among two policies belongs to neither",
      () => [
        keep("google_dns_response_policy.rp1", { response_policy_name: "rp-1", networks: [{ network_url: NET_A }] }),
        keep("google_dns_response_policy.rp2", { response_policy_name: "rp-2", networks: [{ network_url: NET_B }] }),
        keep("google_dns_response_policy_rule.orphan", { rule_name: "orphan", dns_name: "x.neo4j.io." }),
      ],
      {
        zones: [],
        policies: [
          { key: "rp-1", networks: [GCP_A], rules: [] },
          { key: "rp-2", networks: [GCP_B], rules: [] },
          { key: "(response policy not in this plan)", networks: ["(networks of response policy (response policy not in this plan), not in this plan)"], rules: [{ name: "x.neo4j.io" }] },
        ],
      },
    ],
    [
      "a rule naming no policy, without any policy in the plan",
      () => [keep("google_dns_response_policy_rule.orphan", { rule_name: "orphan", dns_name: "x.neo4j.io.", behavior: "BYPASS_RESPONSE_POLICY" })],
      { zones: [], policies: [{ key: "(response policy not in this plan)", networks: ["(networks of response policy (response policy not in this plan), not in this plan)"], rules: [{ name: "x.neo4j.io", passthrough: true }] }] },
    ],
  ];
  test.each(rows)("%s", (_title, changes, expected) => {
    expect(dnsView(changes(), "after")).toEqual(expected);
  });
});

describe("dnsView: Azure Private DNS", () => {
  const zoneName = "Production-Orch-0003.neo4j.io";
  const rec = (label: string | undefined, extra: Record<string, unknown> = {}) => ({ ...(label !== undefined ? { name: label } : {}), zone_name: zoneName, resource_group_name: "DNS-RG", records: ["10.2.0.4"], ...extra });
  const rows: Array<[string, () => ResourceChange[], DnsView]> = [
    [
      "a zone with its virtual network links and A, AAAA and CNAME records (label, apex, wildcard), keyed by resource group and name in lower case",
      () => [
        keep("azurerm_private_dns_zone.aura", { name: zoneName, resource_group_name: "DNS-RG" }),
        keep("azurerm_private_dns_zone_virtual_network_link.data", { name: "data", private_dns_zone_name: zoneName, resource_group_name: "DNS-RG", virtual_network_id: `${VNET_DATA} ` }),
        keep("azurerm_private_dns_zone_virtual_network_link.apps", { name: "apps", private_dns_zone_name: zoneName, resource_group_name: "DNS-RG", virtual_network_id: VNET_APPS }),
        keep("azurerm_private_dns_zone_virtual_network_link.legacy", { name: "legacy", private_dns_zone_name: zoneName, resource_group_name: "DNS-RG", virtual_network_id: "Legacy-VNet" }),
        keep("azurerm_private_dns_zone_virtual_network_link.pending", { name: "pending", private_dns_zone_name: zoneName, resource_group_name: "DNS-RG" }),
        keep("azurerm_private_dns_a_record.wildcard", rec("*")),
        keep("azurerm_private_dns_aaaa_record.apex", rec("@", { records: ["fd00::4"] })),
        keep("azurerm_private_dns_cname_record.api", { name: "api", zone_name: zoneName, resource_group_name: "DNS-RG", record: "pe.privatelink.neo4j.io" }),
        keep("azurerm_private_dns_a_record.unnamed", rec(undefined)),
        keep("azurerm_private_dns_a_record.nozone", { name: "x", resource_group_name: "DNS-RG", records: ["10.2.0.5"] }),
      ],
      {
        zones: [
          {
            key: "dns-rg/production-orch-0003.neo4j.io",
            domain: "production-orch-0003.neo4j.io",
            networks: [AZ_APPS, AZ_DATA, "azure:legacy-vnet"],
            records: ["*.production-orch-0003.neo4j.io", "api.production-orch-0003.neo4j.io", "production-orch-0003.neo4j.io"],
          },
        ],
        policies: [],
      },
    ],
    [
      "without a resource group name (a zone, its link and record meet under ?), a zone without a name, a record in a zone not in the plan",
      () => [
        keep("azurerm_private_dns_zone.norg", { name: "e.neo4j.io" }),
        keep("azurerm_private_dns_zone_virtual_network_link.norg", { name: "apps", private_dns_zone_name: "e.neo4j.io", virtual_network_id: VNET_APPS }),
        keep("azurerm_private_dns_a_record.norg", { name: "api", zone_name: "e.neo4j.io", records: ["10.2.0.4"] }),
        keep("azurerm_private_dns_zone.Pending", { resource_group_name: "DNS-RG" }),
        keep("azurerm_private_dns_a_record.ext", { name: "api", zone_name: "Ext.neo4j.io", resource_group_name: "RG2", records: ["10.2.0.6"] }),
      ],
      {
        zones: [
          { key: "?/e.neo4j.io", domain: "e.neo4j.io", networks: [AZ_APPS], records: ["api.e.neo4j.io"] },
          { key: "dns-rg/azurerm_private_dns_zone.pending", domain: "", networks: [], records: [] },
          { key: "rg2/ext.neo4j.io", domain: "api.ext.neo4j.io", networks: ["(networks of zone rg2/ext.neo4j.io, not in this plan)"], records: ["api.ext.neo4j.io"] },
        ],
        policies: [],
      },
    ],
  ];
  test.each(rows)("%s", (_title, changes, expected) => {
    expect(dnsView(changes(), "after")).toEqual(expected);
  });
});

describe("isAuraName", () => {
  test.each([
    ["neo4j.io", true],
    ["Production-Orch-0001.neo4j.io.", true],
    ["*.endpoints.neo4j.io", true],
    ["neo4j.io.example.com", false],
    ["api.neo4j.io.corp.example.com", false],
    ["notneo4j.io", false],
  ])("%s -> %s", (name, expected) => {
    expect(isAuraName(name)).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Names lost, per cloud and change kind, with the changes blamed. An unrelated active change comes first, so a
// wrong attribution (which falls back to the first active change) shows.

const zoneVal = (vpcs: string[]) => ({ zone_id: "Z1", name: "o.neo4j.io", vpc: vpcs.map((vpc_id) => ({ vpc_id })) });
const wild = { zone_id: "Z1", name: "*.o.neo4j.io", fqdn: "*.o.neo4j.io", type: "A", alias: [{ name: "vpce-1.vpce-svc.us-east-1.vpce.amazonaws.com", zone_id: "ZV", evaluate_target_health: false }] };
const api = { zone_id: "Z1", name: "api.o.neo4j.io", fqdn: "api.o.neo4j.io", type: "A", records: ["10.0.0.5"] };
const corpAws = () => add("aws_route53_zone.corp", { name: "corp.example.com", vpc: [{ vpc_id: "vpc-9" }] });

const gz = (name: string, dns: string, nets: string[]) => ({ name, dns_name: dns, visibility: "private", private_visibility_config: [{ networks: nets.map((network_url) => ({ network_url })) }] });
const grec = { managed_zone: "aura-zone", name: "*.production-orch-0002.neo4j.io.", type: "A", rrdatas: ["10.1.0.5"] };
const grule = { response_policy: "rp-1", rule_name: "wild", dns_name: "*.production-orch-0002.neo4j.io.", local_data: [{ local_datas: [{ name: "*.production-orch-0002.neo4j.io.", type: "A", rrdatas: ["10.1.0.5"] }] }] };
const corpGcp = () => add("google_dns_managed_zone.corp", gz("corp", "corp.example.com.", [NET_C]));

const AZ_ZONE = "production-orch-0003.neo4j.io";
const azZone = { name: AZ_ZONE, resource_group_name: "dns-rg" };
const azLink = (name: string, vnet: string) => ({ name, private_dns_zone_name: AZ_ZONE, resource_group_name: "dns-rg", virtual_network_id: vnet });
const azRec = (label: string, records = ["10.2.0.4"]) => ({ name: label, zone_name: AZ_ZONE, resource_group_name: "dns-rg", records });
const corpAz = () => add("azurerm_private_dns_zone.corp", { name: "corp.example.com", resource_group_name: "dns-rg" });

interface Lost {
  name: string;
  network: string;
  before: string;
  after: string;
  causes: string[];
}

describe("lostNames: Route53", () => {
  const rows: Array<[string, () => ResourceChange[], Lost[]]> = [
    [
      "a zone detached from vpc-2 but still attached to vpc-1: lost in vpc-2 only, blamed on the zone (not the unchanged record)",
      () => [corpAws(), upd("aws_route53_zone.main", zoneVal(["vpc-1", "vpc-2"]), zoneVal(["vpc-1"])), keep("aws_route53_record.wildcard", wild)],
      [{ name: "*.o.neo4j.io", network: "aws:vpc-2", before: "zone Z1", after: PUBLIC, causes: ["aws_route53_zone.main"] }],
    ],
    [
      "an association deleted: wildcard and per-endpoint names lost in its VPC, blamed on the association (not on an endpoint change in that VPC)",
      () => [
        corpAws(),
        keep("aws_route53_zone.main", zoneVal(["vpc-1"])),
        del("aws_route53_zone_association.vpc2", { zone_id: "Z1", vpc_id: "vpc-2" }),
        keep("aws_route53_record.wildcard", wild),
        keep("aws_route53_record.api", api),
        upd("aws_vpc_endpoint.aura", { vpc_id: "vpc-2", private_dns_enabled: false }, { vpc_id: "vpc-2", private_dns_enabled: true }),
      ],
      [
        { name: "*.o.neo4j.io", network: "aws:vpc-2", before: "zone Z1", after: PUBLIC, causes: ["aws_route53_zone_association.vpc2"] },
        { name: "api.o.neo4j.io", network: "aws:vpc-2", before: "zone Z1", after: PUBLIC, causes: ["aws_route53_zone_association.vpc2"] },
      ],
    ],
    [
      "a per-endpoint record deleted (relative name, full fqdn): NXDOMAIN in the zone, blamed on the record",
      () => [corpAws(), keep("aws_route53_zone.main", zoneVal(["vpc-1"])), del("aws_route53_record.api", { zone_id: "Z1", name: "api", fqdn: "api.o.neo4j.io", type: "A", records: ["10.0.0.5"] })],
      [{ name: "api.o.neo4j.io", network: "aws:vpc-1", before: "zone Z1", after: "zone Z1 (which does not hold it: NXDOMAIN)", causes: ["aws_route53_record.api"] }],
    ],
    [
      "the wildcard record updated to no target: blamed once on the record",
      () => [corpAws(), keep("aws_route53_zone.main", zoneVal(["vpc-1"])), upd("aws_route53_record.wildcard", { zone_id: "Z1", name: "*.o.neo4j.io", type: "A", records: ["10.0.0.5"] }, { zone_id: "Z1", name: "*.o.neo4j.io", type: "A", records: [] })],
      [{ name: "*.o.neo4j.io", network: "aws:vpc-1", before: "zone Z1", after: "zone Z1 (which does not hold it: NXDOMAIN)", causes: ["aws_route53_record.wildcard"] }],
    ],
    [
      "the whole zone deleted with its record: blamed on the record",
      () => [corpAws(), del("aws_route53_zone.main", zoneVal(["vpc-1"])), del("aws_route53_record.wildcard", wild)],
      [{ name: "*.o.neo4j.io", network: "aws:vpc-1", before: "zone Z1", after: PUBLIC, causes: ["aws_route53_record.wildcard"] }],
    ],
    ["a per-endpoint record deleted while the wildcard still answers: nothing lost", () => [keep("aws_route53_zone.main", zoneVal(["vpc-1"])), keep("aws_route53_record.wildcard", wild), del("aws_route53_record.api", api)], []],
    [
      "a record of another domain deleted: not an Aura name",
      () => [keep("aws_route53_zone.corp", { zone_id: "Z9", name: "corp.example.com", vpc: [{ vpc_id: "vpc-1" }] }), del("aws_route53_record.db", { zone_id: "Z9", name: "db.corp.example.com", type: "A", records: ["10.0.0.9"] })],
      [],
    ],
    ["a zone that gains a VPC: nothing lost", () => [upd("aws_route53_zone.main", zoneVal(["vpc-1"]), zoneVal(["vpc-1", "vpc-2"])), keep("aws_route53_record.wildcard", wild)], []],
    ["only no-ops: nothing lost", () => [keep("aws_route53_zone.main", zoneVal(["vpc-1"])), keep("aws_route53_record.wildcard", wild)], []],
    [
      "a data source read (no active change): nothing lost",
      () => [ch("aws_route53_zone.main", ["read"], zoneVal(["vpc-1"]), null), keep("aws_route53_record.wildcard", wild)],
      [],
    ],
  ];
  test.each(rows)("%s", (_title, changes, expected) => {
    expect(lost(changes())).toEqual(expected);
  });
});

describe("lostNames: Cloud DNS", () => {
  const rows: Array<[string, () => ResourceChange[], Lost[]]> = [
    [
      "a zone no longer visible to b-net but still to a-net: lost in b-net, blamed on the zone",
      () => [corpGcp(), upd("google_dns_managed_zone.aura", gz("aura-zone", "production-orch-0002.neo4j.io.", [NET_A, NET_B]), gz("aura-zone", "production-orch-0002.neo4j.io.", [NET_A])), keep("google_dns_record_set.wildcard", grec)],
      [{ name: "*.production-orch-0002.neo4j.io", network: GCP_B, before: "zone aura-zone", after: PUBLIC, causes: ["google_dns_managed_zone.aura"] }],
    ],
    [
      "the record set deleted: NXDOMAIN in the zone, blamed on the record set",
      () => [corpGcp(), keep("google_dns_managed_zone.aura", gz("aura-zone", "production-orch-0002.neo4j.io.", [NET_A])), del("google_dns_record_set.wildcard", grec)],
      [{ name: "*.production-orch-0002.neo4j.io", network: GCP_A, before: "zone aura-zone", after: "zone aura-zone (which does not hold it: NXDOMAIN)", causes: ["google_dns_record_set.wildcard"] }],
    ],
    [
      "the record set moved to a zone the plan does not hold: blamed on the record set",
      () => [corpGcp(), keep("google_dns_managed_zone.aura", gz("aura-zone", "production-orch-0002.neo4j.io.", [NET_A])), upd("google_dns_record_set.wildcard", grec, { ...grec, managed_zone: "other-zone" })],
      [{ name: "*.production-orch-0002.neo4j.io", network: GCP_A, before: "zone aura-zone", after: "zone aura-zone (which does not hold it: NXDOMAIN)", causes: ["google_dns_record_set.wildcard"] }],
    ],
    [
      "a response policy rule deleted: blamed on the rule",
      () => [corpGcp(), keep("google_dns_response_policy.rp1", { response_policy_name: "rp-1", networks: [{ network_url: NET_A }] }), del("google_dns_response_policy_rule.wild", grule)],
      [{ name: "*.production-orch-0002.neo4j.io", network: GCP_A, before: "response policy rp-1", after: PUBLIC, causes: ["google_dns_response_policy_rule.wild"] }],
    ],
    [
      "a response policy rule turned to bypass: blamed on the rule",
      () => [corpGcp(), keep("google_dns_response_policy.rp1", { response_policy_name: "rp-1", networks: [{ network_url: NET_A }] }), upd("google_dns_response_policy_rule.wild", grule, { ...grule, local_data: [], behavior: "bypassResponsePolicy" })],
      [{ name: "*.production-orch-0002.neo4j.io", network: GCP_A, before: "response policy rp-1", after: PUBLIC, causes: ["google_dns_response_policy_rule.wild"] }],
    ],
    [
      "a response policy no longer applied to b-net: blamed on the policy",
      () => [
        corpGcp(),
        upd("google_dns_response_policy.rp1", { response_policy_name: "rp-1", networks: [{ network_url: NET_A }, { network_url: NET_B }] }, { response_policy_name: "rp-1", networks: [{ network_url: NET_A }] }),
        keep("google_dns_response_policy_rule.wild", grule),
      ],
      [{ name: "*.production-orch-0002.neo4j.io", network: GCP_B, before: "response policy rp-1", after: PUBLIC, causes: ["google_dns_response_policy.rp1"] }],
    ],
    [
      "a new, more specific zone hides a name of the parent zone: blamed on the new zone",
      () => [
        keep("google_dns_managed_zone.root", gz("root-zone", "neo4j.io.", [NET_A])),
        keep("google_dns_record_set.api", { managed_zone: "root-zone", name: "api.e.neo4j.io.", type: "A", rrdatas: ["10.1.0.9"] }),
        add("google_dns_managed_zone.e", gz("e-zone", "e.neo4j.io.", [NET_A])),
      ],
      [{ name: "api.e.neo4j.io", network: GCP_A, before: "zone root-zone", after: "zone e-zone (which does not hold it: NXDOMAIN)", causes: ["google_dns_managed_zone.e"] }],
    ],
    [
      "a response policy detached while the zone still answers: nothing lost",
      () => [
        upd("google_dns_response_policy.rp1", { response_policy_name: "rp-1", networks: [{ network_url: NET_A }] }, { response_policy_name: "rp-1", networks: [] }),
        keep("google_dns_response_policy_rule.wild", grule),
        keep("google_dns_managed_zone.aura", gz("aura-zone", "production-orch-0002.neo4j.io.", [NET_A])),
        keep("google_dns_record_set.wildcard", grec),
      ],
      [],
    ],
  ];
  test.each(rows)("%s", (_title, changes, expected) => {
    expect(lost(changes())).toEqual(expected);
  });
});

describe("lostNames: Azure Private DNS", () => {
  const rows: Array<[string, () => ResourceChange[], Lost[]]> = [
    [
      "the link to Apps deleted, the link to Data kept: lost in Apps only, blamed on the link",
      () => [
        corpAz(),
        keep("azurerm_private_dns_zone.aura", azZone),
        del("azurerm_private_dns_zone_virtual_network_link.apps", azLink("apps", VNET_APPS)),
        keep("azurerm_private_dns_zone_virtual_network_link.data", azLink("data", VNET_DATA)),
        keep("azurerm_private_dns_a_record.wildcard", azRec("*")),
      ],
      [{ name: "*.production-orch-0003.neo4j.io", network: AZ_APPS, before: "zone dns-rg/production-orch-0003.neo4j.io", after: PUBLIC, causes: ["azurerm_private_dns_zone_virtual_network_link.apps"] }],
    ],
    ...([
      ["the wildcard A record", "azurerm_private_dns_a_record.wildcard", azRec("*"), "*.production-orch-0003.neo4j.io"],
      ["the apex AAAA record", "azurerm_private_dns_aaaa_record.apex", azRec("@", ["fd00::4"]), "production-orch-0003.neo4j.io"],
      ["a per-endpoint CNAME record", "azurerm_private_dns_cname_record.api", { name: "api", zone_name: AZ_ZONE, resource_group_name: "dns-rg", record: "pe.privatelink.neo4j.io" }, "api.production-orch-0003.neo4j.io"],
    ] as Array<[string, string, Record<string, unknown>, string]>).map(([what, address, v, name]): [string, () => ResourceChange[], Lost[]] => [
      `${what} deleted: NXDOMAIN in the zone, blamed on the record`,
      () => [
        corpAz(),
        // A record at the apex of a zone whose name is known only after apply: in no zone yet, blamed for nothing.
        add("azurerm_private_dns_a_record.later", { name: "@", resource_group_name: "dns-rg", records: ["10.2.0.9"] }),
        keep("azurerm_private_dns_zone.aura", azZone),
        keep("azurerm_private_dns_zone_virtual_network_link.apps", azLink("apps", VNET_APPS)),
        del(address, v),
      ],
      [{ name, network: AZ_APPS, before: "zone dns-rg/production-orch-0003.neo4j.io", after: "zone dns-rg/production-orch-0003.neo4j.io (which does not hold it: NXDOMAIN)", causes: [address] }],
    ]),
    [
      "a per-endpoint record deleted while the wildcard still answers: nothing lost",
      () => [keep("azurerm_private_dns_zone.aura", azZone), keep("azurerm_private_dns_zone_virtual_network_link.apps", azLink("apps", VNET_APPS)), keep("azurerm_private_dns_a_record.wildcard", azRec("*")), del("azurerm_private_dns_a_record.api", azRec("api"))],
      [],
    ],
    [
      "a new zone (and its link) hides a name of the parent zone: blamed on both",
      () => [
        keep("azurerm_private_dns_zone.root", { name: "neo4j.io", resource_group_name: "dns-rg" }),
        keep("azurerm_private_dns_zone_virtual_network_link.root", { name: "apps-root", private_dns_zone_name: "neo4j.io", resource_group_name: "dns-rg", virtual_network_id: VNET_APPS }),
        keep("azurerm_private_dns_a_record.api", { name: "api.e", zone_name: "neo4j.io", resource_group_name: "dns-rg", records: ["10.2.0.7"] }),
        add("azurerm_private_dns_zone.e", { name: "e.neo4j.io", resource_group_name: "dns-rg" }),
        add("azurerm_private_dns_zone_virtual_network_link.e", { name: "apps-e", private_dns_zone_name: "e.neo4j.io", resource_group_name: "dns-rg", virtual_network_id: VNET_APPS }),
      ],
      [{ name: "api.e.neo4j.io", network: AZ_APPS, before: "zone dns-rg/neo4j.io", after: "zone dns-rg/e.neo4j.io (which does not hold it: NXDOMAIN)", causes: ["azurerm_private_dns_zone.e", "azurerm_private_dns_zone_virtual_network_link.e"] }],
    ],
  ];
  test.each(rows)("%s", (_title, changes, expected) => {
    expect(lost(changes())).toEqual(expected);
  });
});

describe("lostNames: which change takes a name away", () => {
  const rows: Array<[string, () => ResourceChange[], Lost[]]> = [
    [
      "an Azure record named with two labels (api.eu in neo4j.io) deleted: blamed on the record",
      () => [
        corpAz(),
        keep("azurerm_private_dns_zone.root", { name: "neo4j.io", resource_group_name: "dns-rg" }),
        keep("azurerm_private_dns_zone_virtual_network_link.root", { name: "apps-root", private_dns_zone_name: "neo4j.io", resource_group_name: "dns-rg", virtual_network_id: VNET_APPS }),
        del("azurerm_private_dns_a_record.api", { name: "api.eu", zone_name: "neo4j.io", resource_group_name: "dns-rg", records: ["10.2.0.7"] }),
      ],
      [{ name: "api.eu.neo4j.io", network: AZ_APPS, before: "zone dns-rg/neo4j.io", after: "zone dns-rg/neo4j.io (which does not hold it: NXDOMAIN)", causes: ["azurerm_private_dns_a_record.api"] }],
    ],
    [
      "an association deleted while a record of the same name is created elsewhere: blamed on the association, not the new record",
      () => [
        corpAws(),
        keep("aws_route53_zone.main", zoneVal(["vpc-1"])),
        del("aws_route53_zone_association.vpc2", { zone_id: "Z1", vpc_id: "vpc-2" }),
        add("aws_route53_record.api2", { ...api, zone_id: "Z7" }),
        keep("aws_route53_record.api", api),
      ],
      [{ name: "api.o.neo4j.io", network: "aws:vpc-2", before: "zone Z1", after: PUBLIC, causes: ["aws_route53_zone_association.vpc2"] }],
    ],
    [
      "an association deleted while the record's TTL changes: blamed on the association, not the record",
      () => [corpAws(), keep("aws_route53_zone.main", zoneVal(["vpc-1"])), del("aws_route53_zone_association.vpc2", { zone_id: "Z1", vpc_id: "vpc-2" }), upd("aws_route53_record.api", { ...api, ttl: 300 }, { ...api, ttl: 60 })],
      [{ name: "api.o.neo4j.io", network: "aws:vpc-2", before: "zone Z1", after: PUBLIC, causes: ["aws_route53_zone_association.vpc2"] }],
    ],
    [
      "a record moved to a zone no network resolves: blamed on the record",
      () => [corpAws(), keep("aws_route53_zone.main", zoneVal(["vpc-1"])), upd("aws_route53_record.api", api, { ...api, zone_id: "Z1-typo" })],
      [{ name: "api.o.neo4j.io", network: "aws:vpc-1", before: "zone Z1", after: "zone Z1 (which does not hold it: NXDOMAIN)", causes: ["aws_route53_record.api"] }],
    ],
    ["a record deleted from a PUBLIC Route53 zone of the plan: no private name lost", () => [keep("aws_route53_zone.public", { zone_id: "ZPUB", name: "o.neo4j.io" }), del("aws_route53_record.api", { ...api, zone_id: "ZPUB" })], []],
    [
      "a record deleted from a public Cloud DNS zone of the plan: no private name lost",
      () => [keep("google_dns_managed_zone.pub", { name: "pub", dns_name: "production-orch-0002.neo4j.io.", visibility: "public" }), del("google_dns_record_set.wild", { ...grec, managed_zone: "pub" })],
      [],
    ],
    [
      "a record deleted from a Route53 zone the plan does not hold: still reported, in that zone's networks",
      () => [del("aws_route53_record.api", { ...api, zone_id: "ZEXT" })],
      [{ name: "api.o.neo4j.io", network: "(networks of zone ZEXT, not in this plan)", before: "zone ZEXT", after: PUBLIC, causes: ["aws_route53_record.api"] }],
    ],
  ];
  test.each(rows)("%s", (_title, changes, expected) => {
    expect(lost(changes())).toEqual(expected);
  });
});

describe("AURA-DNS-4: one hit per cause and network", () => {
  const hits = (changes: ResourceChange[]) => dnsNameLost.checkStack!(ctx(changes)).map((h) => ({ address: h.change.address, ...(h.change.deposed ? { deposed: h.change.deposed } : {}), detail: h.detail }));
  test.each([
    [
      "two names lost in one network through one association",
      () => [keep("aws_route53_zone.main", zoneVal(["vpc-1"])), del("aws_route53_zone_association.vpc2", { zone_id: "Z1", vpc_id: "vpc-2" }), keep("aws_route53_record.wildcard", wild), keep("aws_route53_record.api", api)],
      [{ address: "aws_route53_zone_association.vpc2", detail: `in aws:vpc-2: *.o.neo4j.io (${PUBLIC}); api.o.neo4j.io (${PUBLIC})` }],
    ],
    [
      "the current and a deposed object at one address are separate hits",
      () => [
        keep("aws_route53_zone.main", zoneVal(["vpc-1"])),
        del("aws_route53_zone_association.vpc2", { zone_id: "Z1", vpc_id: "vpc-2" }),
        del("aws_route53_zone_association.vpc2", { zone_id: "Z1", vpc_id: "vpc-2" }, { deposed: "d1" }),
        keep("aws_route53_record.wildcard", wild),
      ],
      [
        { address: "aws_route53_zone_association.vpc2", detail: `in aws:vpc-2: *.o.neo4j.io (${PUBLIC})` },
        { address: "aws_route53_zone_association.vpc2", deposed: "d1", detail: `in aws:vpc-2: *.o.neo4j.io (${PUBLIC})` },
      ],
    ],
    [
      "one zone detached from two VPCs: a hit per VPC",
      () => [upd("aws_route53_zone.main", zoneVal(["vpc-1", "vpc-2", "vpc-3"]), zoneVal(["vpc-1"])), keep("aws_route53_record.wildcard", wild)],
      [
        { address: "aws_route53_zone.main", detail: `in aws:vpc-2: *.o.neo4j.io (${PUBLIC})` },
        { address: "aws_route53_zone.main", detail: `in aws:vpc-3: *.o.neo4j.io (${PUBLIC})` },
      ],
    ],
  ] as Array<[string, () => ResourceChange[], unknown[]]>)("%s", (_title, changes, expected) => {
    expect(hits(changes())).toEqual(expected);
  });
});

describe("AURA-DNS-1: kinds and look-alikes the detachment checks must not read", () => {
  const details = (c: ResourceChange) => dnsZoneRemoved.check!(c, ctx([c])).map((h) => h.detail);
  test.each([
    ["a Route53 zone forgotten (it stays, unmanaged)", ch("aws_route53_zone.main", ["forget"], zoneVal(["vpc-1"]), null), []],
    ["a response policy forgotten", ch("google_dns_response_policy.rp1", ["forget"], { response_policy_name: "rp-1", networks: [{ network_url: NET_A }] }, null), []],
    ["a Cloud DNS zone forgotten", ch("google_dns_managed_zone.aura", ["forget"], gz("aura-zone", "production-orch-0002.neo4j.io.", [NET_A]), null), []],
    [
      "a private_visibility_config on a response policy is not read",
      upd("google_dns_response_policy.rp1", { response_policy_name: "rp-1", networks: [{ network_url: NET_A }], private_visibility_config: [{ networks: [{ network_url: NET_A }] }] }, { response_policy_name: "rp-1", networks: [{ network_url: NET_A }], private_visibility_config: [] }),
      [],
    ],
    [
      "a response policy loses two networks (one without a URL is not counted)",
      upd("google_dns_response_policy.rp1", { response_policy_name: "rp-1", networks: [{ network_url: NET_A }, { network_url: NET_B }, {}] }, { response_policy_name: "rp-1", networks: [] }),
      [`rp-1: no longer applies to ${NET_A}, ${NET_B}`],
    ],
    [
      "a Cloud DNS zone loses a network (one without a URL is not counted)",
      upd("google_dns_managed_zone.aura", { name: "aura-zone", dns_name: "z.", private_visibility_config: [{ networks: [{ network_url: NET_A }, {}] }] }, { name: "aura-zone", dns_name: "z.", private_visibility_config: [] }),
      [`z: no longer visible to ${NET_A}`],
    ],
  ] as Array<[string, ResourceChange, string[]]>)("%s", (_title, change, expected) => {
    expect(details(change)).toEqual(expected);
  });
});

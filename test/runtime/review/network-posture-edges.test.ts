import type { ResourceChange } from "../../../runtime/review/plan-format";
import { addsAddresses, guardHits, guardLabel, guardWhere, networkPosture, portWasOpen, reachedBefore, rulesOf, rulesOfValues, type GuardWidening } from "../../../runtime/review/posture/network";
import type { RuleContext } from "../../../runtime/review/rule";
import { changeFactory } from "../../support/hand-built-plans";

/**
 * Edges of the network posture on hand-built changes: which change is blamed for which port and protocol (a rule
 * on another port or protocol never is), sources kept versus sources added, rules only reordered, guards created in
 * this plan, deny rules reordered, retagged or turned into allows, changes Terraform does not carry out, and the
 * helpers the rules' gates and messages rest on. Expected values are written out.
 */
const rc = changeFactory("x");
const ctx = (changes: ResourceChange[]): RuleContext => ({ stack: "s", stackChanges: changes, sharedNetworkStacks: () => [], now: new Date("2026-12-06T12:00:00Z") });
const SG = "sg-0aaaaaaaaaaaaaaa1";
const NEW = "sg:(a security group created in this plan)";
const NET = "projects/p/global/networks/apps";
const vpcRule = (cidr: string, from: number, to: number, over: Record<string, unknown> = {}) => ({ security_group_id: SG, cidr_ipv4: cidr, ip_protocol: "tcp", from_port: from, to_port: to, ...over });
const sgRule = (over: Record<string, unknown>) => ({ type: "ingress", security_group_id: SG, protocol: "tcp", from_port: 7687, to_port: 7687, ...over });
const named = (name: string) => ({ name });

/** One line per widening: guard, direction, protocol and ports, sources before and after, new guard, causes. */
const summary = (changes: ResourceChange[]) =>
  networkPosture(ctx(changes)).widenings.map(
    (g) =>
      `${g.guard} ${g.direction} ${g.widening.protocol} ${g.widening.fromPort}-${g.widening.toPort} before=[${[...g.widening.beforeCidrs, ...g.widening.beforeNamed].join(",")}] after=[${g.widening.afterCidrs.join(",")}] +named=[${g.widening.addedNamed.join(",")}] new=${g.newGuard} causes=${g.causes.map((c) => `${c.change.name}[${c.added.join(",")}]`).join(" ")}`,
  );

describe("which change is blamed for which widening", () => {
  test.each<[string, () => ResourceChange[], string[]]>([
    [
      "tcp 443 and tcp 7687 opened by two rules: each rule is blamed for its own port only",
      () => [rc("aws_vpc_security_group_ingress_rule", ["create"], null, vpcRule("10.1.0.0/16", 443, 443), named("https")), rc("aws_vpc_security_group_ingress_rule", ["create"], null, vpcRule("10.2.0.0/16", 7687, 7687), named("bolt"))],
      [
        `sg:${SG} ingress tcp 443-443 before=[] after=[10.1.0.0/16] +named=[] new=false causes=https[10.1.0.0/16]`,
        `sg:${SG} ingress tcp 7687-7687 before=[] after=[10.2.0.0/16] +named=[] new=false causes=bolt[10.2.0.0/16]`,
      ],
    ],
    [
      "udp 53 and udp 123 opened by two rules: each rule is blamed for its own port only",
      () => [
        rc("aws_security_group_rule", ["create"], null, sgRule({ protocol: "udp", from_port: 53, to_port: 53, cidr_blocks: ["10.1.0.0/16"] }), named("dns")),
        rc("aws_security_group_rule", ["create"], null, sgRule({ protocol: "udp", from_port: 123, to_port: 123, cidr_blocks: ["10.2.0.0/16"] }), named("ntp")),
      ],
      [`sg:${SG} ingress udp 53-53 before=[] after=[10.1.0.0/16] +named=[] new=false causes=dns[10.1.0.0/16]`, `sg:${SG} ingress udp 123-123 before=[] after=[10.2.0.0/16] +named=[] new=false causes=ntp[10.2.0.0/16]`],
    ],
    [
      "tcp and udp 7687 from different blocks: the udp rule is not blamed for tcp, nor the tcp rule for udp",
      () => [rc("aws_vpc_security_group_ingress_rule", ["create"], null, vpcRule("10.1.0.0/16", 7687, 7687), named("tcp")), rc("aws_vpc_security_group_ingress_rule", ["create"], null, vpcRule("10.2.0.0/16", 7687, 7687, { ip_protocol: "udp" }), named("udp"))],
      [`sg:${SG} ingress tcp 7687-7687 before=[] after=[10.1.0.0/16] +named=[] new=false causes=tcp[10.1.0.0/16]`, `sg:${SG} ingress udp 7687-7687 before=[] after=[10.2.0.0/16] +named=[] new=false causes=udp[10.2.0.0/16]`],
    ],
    [
      "a block added next to one the rule kept: only the new block is blamed",
      () => [rc("aws_security_group_rule", ["update"], sgRule({ cidr_blocks: ["10.0.0.0/16"] }), sgRule({ cidr_blocks: ["10.0.0.0/16", "10.1.0.0/16"] }), named("rule"))],
      [`sg:${SG} ingress tcp 7687-7687 before=[10.0.0.0/16] after=[10.0.0.0/16,10.1.0.0/16] +named=[] new=false causes=rule[10.1.0.0/16]`],
    ],
    [
      "a block the group allowed on another port only: new on 7687, so blamed there",
      () => [
        rc(
          "aws_security_group",
          ["update"],
          { id: SG, ingress: [{ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: ["10.0.0.0/16"] }], egress: [] },
          { id: SG, ingress: [{ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: ["10.0.0.0/16"] }, { protocol: "tcp", from_port: 7687, to_port: 7687, cidr_blocks: ["10.0.0.0/16", "10.1.0.0/16"] }], egress: [] },
          named("grp"),
        ),
      ],
      [`sg:${SG} ingress tcp 7687-7687 before=[] after=[10.0.0.0/16,10.1.0.0/16] +named=[] new=false causes=grp[10.0.0.0/16,10.1.0.0/16]`],
    ],
    [
      "a group reference already allowed by another rule, repeated next to a new block: only the block is blamed",
      () => [
        rc("aws_vpc_security_group_ingress_rule", ["no-op"], vpcRule("", 7687, 7687, { cidr_ipv4: null, referenced_security_group_id: "sg-peer" }), vpcRule("", 7687, 7687, { cidr_ipv4: null, referenced_security_group_id: "sg-peer" }), named("peer")),
        rc("aws_security_group", ["update"], { id: SG, ingress: [], egress: [] }, { id: SG, ingress: [{ protocol: "tcp", from_port: 7687, to_port: 7687, cidr_blocks: ["10.2.0.0/16"], security_groups: ["sg-peer"] }], egress: [] }, named("grp")),
      ],
      [`sg:${SG} ingress tcp 7687-7687 before=[sg-peer] after=[10.2.0.0/16] +named=[] new=false causes=grp[10.2.0.0/16]`],
    ],
    [
      "rules whose blocks are only reordered are not blamed; the rule that adds a block is",
      () => [
        rc("aws_security_group_rule", ["update"], sgRule({ cidr_blocks: ["10.1.0.0/16", "10.0.0.0/16"] }), sgRule({ cidr_blocks: ["10.0.0.0/16", "10.1.0.0/16"] }), named("sorted")),
        rc("aws_security_group_rule", ["update"], sgRule({ cidr_blocks: ["10.3.0.0/16", "10.4.0.0/16"] }), sgRule({ cidr_blocks: ["10.4.0.0/16", "10.3.0.0/16"] }), named("unsorted")),
        rc("aws_vpc_security_group_ingress_rule", ["create"], null, vpcRule("10.9.0.0/16", 7687, 7687), named("new")),
      ],
      [`sg:${SG} ingress tcp 7687-7687 before=[10.0.0.0/16,10.1.0.0/16,10.3.0.0/16,10.4.0.0/16] after=[10.0.0.0/16,10.1.0.0/16,10.3.0.0/16,10.4.0.0/16,10.9.0.0/16] +named=[] new=false causes=new[10.9.0.0/16]`],
    ],
    [
      "rules whose prefix lists are only reordered are not blamed; the rule that adds a block is",
      () => [
        rc("aws_security_group_rule", ["update"], sgRule({ prefix_list_ids: ["pl-b", "pl-a"] }), sgRule({ prefix_list_ids: ["pl-a", "pl-b"] }), named("sorted")),
        rc("aws_security_group_rule", ["update"], sgRule({ prefix_list_ids: ["pl-c", "pl-d"] }), sgRule({ prefix_list_ids: ["pl-d", "pl-c"] }), named("unsorted")),
        rc("aws_vpc_security_group_ingress_rule", ["create"], null, vpcRule("10.9.0.0/16", 7687, 7687), named("new")),
      ],
      [`sg:${SG} ingress tcp 7687-7687 before=[pl-a,pl-b,pl-c,pl-d] after=[10.9.0.0/16] +named=[] new=false causes=new[10.9.0.0/16]`],
    ],
    [
      "a range that ended at 7686 now ends exactly at 7687: port 7687 alone, blamed on the rule",
      () => [rc("aws_vpc_security_group_ingress_rule", ["update"], vpcRule("10.0.0.0/16", 7000, 7686), vpcRule("10.0.0.0/16", 7000, 7687), named("upper"))],
      [`sg:${SG} ingress tcp 7687-7687 before=[] after=[10.0.0.0/16] +named=[] new=false causes=upper[10.0.0.0/16]`],
    ],
    [
      "a range that started at 7688 now starts at 443: ports 443-7687, blamed on the rule",
      () => [rc("aws_vpc_security_group_ingress_rule", ["update"], vpcRule("10.5.0.0/16", 7688, 8000), vpcRule("10.5.0.0/16", 443, 8000), named("lower"))],
      [`sg:${SG} ingress tcp 443-7687 before=[] after=[10.5.0.0/16] +named=[] new=false causes=lower[10.5.0.0/16]`],
    ],
    [
      "::/0 added inline next to an IPv4 block: the IPv6 block is blamed",
      () => [
        rc(
          "aws_security_group",
          ["update"],
          { id: SG, ingress: [{ protocol: "tcp", from_port: 7687, to_port: 7687, cidr_blocks: ["10.0.0.0/16"], ipv6_cidr_blocks: [] }], egress: [] },
          { id: SG, ingress: [{ protocol: "tcp", from_port: 7687, to_port: 7687, cidr_blocks: ["10.0.0.0/16"], ipv6_cidr_blocks: ["::/0"] }], egress: [] },
          named("v6"),
        ),
      ],
      [`sg:${SG} ingress tcp 7687-7687 before=[10.0.0.0/16] after=[10.0.0.0/16,::/0] +named=[] new=false causes=v6[::/0]`],
    ],
    [
      "protocol -1 from 0.0.0.0/0: every protocol and port, blamed on the rule",
      () => [rc("aws_security_group_rule", ["create"], null, sgRule({ protocol: "-1", from_port: 0, to_port: 0, cidr_blocks: ["0.0.0.0/0"] }), named("all"))],
      ["tcp", "udp", "icmp", "icmpv6", "other"].map((p) => `sg:${SG} ingress ${p} 0-65535 before=[] after=[0.0.0.0/0] +named=[] new=false causes=all[0.0.0.0/0]`),
    ],
    [
      "look-alikes: a deleted rule, a no-op rule, a GCP deny from anywhere, an Azure deny: no widening",
      () => [
        rc("aws_vpc_security_group_ingress_rule", ["delete"], vpcRule("0.0.0.0/0", 7687, 7687), null),
        rc("aws_vpc_security_group_ingress_rule", ["no-op"], vpcRule("10.0.0.0/16", 7687, 7687), vpcRule("10.0.0.0/16", 7687, 7687)),
        rc("google_compute_firewall", ["create"], null, { name: "deny-all", network: NET, direction: "INGRESS", source_ranges: ["0.0.0.0/0"], deny: [{ protocol: "all" }] }),
        rc("azurerm_network_security_rule", ["create"], null, { name: "deny", network_security_group_name: "nsg-pe", resource_group_name: "rg", direction: "Inbound", access: "Deny", protocol: "*", source_address_prefix: "*", destination_port_range: "*" }),
      ],
      [],
    ],
    [
      "the same block on another group, another network and another NSG is judged per guard, listed in guard order",
      () => [
        rc("azurerm_network_security_rule", ["create"], null, { name: "r", network_security_group_name: "nsg-pe", resource_group_name: "rg", direction: "Inbound", access: "Allow", protocol: "Tcp", source_address_prefix: "10.0.0.0/16", destination_port_range: "7687" }, named("nsg")),
        rc("aws_vpc_security_group_ingress_rule", ["create"], null, vpcRule("10.0.0.0/16", 7687, 7687, { security_group_id: "sg-b" }), named("b")),
        rc("aws_vpc_security_group_egress_rule", ["create"], null, vpcRule("10.0.0.0/16", 7687, 7687, { security_group_id: "sg-a" }), named("aout")),
        rc("aws_vpc_security_group_ingress_rule", ["create"], null, vpcRule("10.0.0.0/16", 7687, 7687, { security_group_id: "sg-a" }), named("ain")),
        rc("google_compute_firewall", ["create"], null, { name: "fw", network: "other", direction: "INGRESS", source_ranges: ["10.0.0.0/16"], allow: [{ protocol: "tcp", ports: ["7687"] }] }, named("gcp")),
      ],
      [
        "gcp:other ingress tcp 7687-7687 before=[] after=[10.0.0.0/16] +named=[] new=false causes=gcp[10.0.0.0/16]",
        "nsg:rg/nsg-pe ingress tcp 7687-7687 before=[] after=[10.0.0.0/16] +named=[] new=false causes=nsg[10.0.0.0/16]",
        "sg:sg-a egress tcp 7687-7687 before=[] after=[10.0.0.0/16] +named=[] new=false causes=aout[10.0.0.0/16]",
        "sg:sg-a ingress tcp 7687-7687 before=[] after=[10.0.0.0/16] +named=[] new=false causes=ain[10.0.0.0/16]",
        "sg:sg-b ingress tcp 7687-7687 before=[] after=[10.0.0.0/16] +named=[] new=false causes=b[10.0.0.0/16]",
      ],
    ],
  ])("%s", (_name, changes, expected) => {
    expect(summary(changes())).toEqual(expected);
  });
});

describe("guards created in this plan", () => {
  test.each<[string, () => ResourceChange[], string[]]>([
    [
      "a rule on a group whose id is known only after apply, with no group in the plan: a new guard",
      () => [rc("aws_vpc_security_group_ingress_rule", ["create"], null, { cidr_ipv4: "10.0.0.0/16", ip_protocol: "tcp", from_port: 7687, to_port: 7687 }, { name: "r", afterUnknown: { security_group_id: true } })],
      [`${NEW} ingress tcp 7687-7687 before=[] after=[10.0.0.0/16] +named=[] new=true causes=r[10.0.0.0/16]`],
    ],
    [
      "an Azure NSG created with its name and resource group known only after apply: a new guard",
      () => [
        rc(
          "azurerm_network_security_group",
          ["create"],
          null,
          { security_rule: [{ name: "a", direction: "Inbound", access: "Allow", protocol: "Tcp", source_address_prefix: "10.0.0.0/16", destination_port_range: "7687" }] },
          { name: "nsg", afterUnknown: { name: true, resource_group_name: true } },
        ),
      ],
      ["nsg:?/(known after apply) ingress tcp 7687-7687 before=[] after=[10.0.0.0/16] +named=[] new=true causes=nsg[10.0.0.0/16]"],
    ],
    [
      "a group created with a known id that a rule already pointed at: not new, the rule's block was there",
      () => [
        rc("aws_security_group", ["create"], null, { id: SG, ingress: [], egress: [] }, named("grp")),
        rc("aws_vpc_security_group_ingress_rule", ["update"], vpcRule("10.0.0.0/16", 7687, 7687), vpcRule("10.0.0.0/8", 7687, 7687), named("rule")),
      ],
      [`sg:${SG} ingress tcp 7687-7687 before=[10.0.0.0/16] after=[10.0.0.0/8] +named=[] new=false causes=rule[10.0.0.0/8]`],
    ],
    [
      "an existing group (no-op) that gets its first rule is not new",
      () => [rc("aws_security_group", ["no-op"], { id: SG, ingress: [], egress: [] }, { id: SG, ingress: [], egress: [] }, named("grp")), rc("aws_vpc_security_group_ingress_rule", ["create"], null, vpcRule("10.0.0.0/16", 7687, 7687), named("rule"))],
      [`sg:${SG} ingress tcp 7687-7687 before=[] after=[10.0.0.0/16] +named=[] new=false causes=rule[10.0.0.0/16]`],
    ],
    [
      "an existing Azure NSG (no-op) that gets its first standalone rule is not new",
      () => [
        rc("azurerm_network_security_group", ["no-op"], { name: "nsg-pe", resource_group_name: "rg", security_rule: [] }, { name: "nsg-pe", resource_group_name: "rg", security_rule: [] }, named("nsg")),
        rc("azurerm_network_security_rule", ["create"], null, { name: "nsg-pe", network_security_group_name: "nsg-pe", resource_group_name: "rg", direction: "Inbound", access: "Allow", protocol: "Tcp", source_address_prefix: "10.0.0.0/16", destination_port_range: "7687" }, named("rule")),
      ],
      ["nsg:rg/nsg-pe ingress tcp 7687-7687 before=[] after=[10.0.0.0/16] +named=[] new=false causes=rule[10.0.0.0/16]"],
    ],
    [
      "an existing group whose inline ingress becomes known only after apply: every protocol, named as such",
      () => [rc("aws_security_group", ["update"], { id: SG, ingress: [], egress: [] }, { id: SG, egress: [] }, { name: "grp", afterUnknown: { ingress: true } })],
      ["tcp", "udp", "icmp", "icmpv6", "other"].map((p) => `sg:${SG} ingress ${p} 0-65535 before=[] after=[] +named=[(rules known only after apply)] new=false causes=grp[(rules known only after apply)]`),
    ],
    [
      "creates without values (after null) hold no rule",
      () => [rc("aws_security_group", ["create"], null, null), rc("azurerm_network_security_group", ["create"], null, null)],
      [],
    ],
  ])("%s", (_name, changes, expected) => {
    expect(summary(changes())).toEqual(expected);
  });

  test("the posture of one plan is worked out once", () => {
    const c = ctx([rc("aws_vpc_security_group_ingress_rule", ["create"], null, vpcRule("10.0.0.0/16", 7687, 7687))]);
    expect(networkPosture(c)).toBe(networkPosture(c));
  });
});

describe("changes Terraform does not carry out are never blamed", () => {
  const other = () => rc("aws_vpc_security_group_ingress_rule", ["update"], vpcRule("10.7.0.0/16", 22, 22, { security_group_id: "sg-other" }), vpcRule("10.7.0.0/24", 22, 22, { security_group_id: "sg-other" }), named("other"));
  const noop = () => rc("aws_security_group_rule", ["no-op"], sgRule({ cidr_blocks: ["10.0.0.0/16"] }), sgRule({ cidr_blocks: ["10.0.0.0/16", "10.1.0.0/16"] }), named("noop"));
  const narrow = () => rc("aws_vpc_security_group_ingress_rule", ["update"], vpcRule("10.5.0.0/16", 443, 443), vpcRule("10.5.0.0/24", 443, 443), named("narrow"));

  test("a widening only a no-op shows is put on the first change that acts on the same group, with nothing added", () => {
    expect(summary([other(), noop(), narrow()])).toEqual([`sg:${SG} ingress tcp 7687-7687 before=[10.0.0.0/16] after=[10.0.0.0/16,10.1.0.0/16] +named=[] new=false causes=narrow[]`]);
  });

  test("the rules' hits then name every address the port reaches", () => {
    const hits = guardHits(ctx([other(), noop(), narrow()]), () => true, (g, added) => `${g.guard} ${added.join(",")}`);
    expect(hits.map((h) => `${h.change.name}: ${h.detail}`)).toEqual([`narrow: sg:${SG} 10.0.0.0/16,10.1.0.0/16`]);
  });

  test("with no change acting on the group, nobody is blamed", () => {
    expect(summary([other(), noop()])).toEqual([`sg:${SG} ingress tcp 7687-7687 before=[10.0.0.0/16] after=[10.0.0.0/16,10.1.0.0/16] +named=[] new=false causes=`]);
  });
});

describe("deny rules removed or changed", () => {
  const fw = (over: Record<string, unknown>) => ({ name: "deny-ssh", network: NET, direction: "INGRESS", source_ranges: ["10.0.0.0/16"], deny: [{ protocol: "tcp", ports: ["22"] }], ...over });
  const az = (over: Record<string, unknown>) => ({ name: "deny-ssh", network_security_group_name: "nsg-pe", resource_group_name: "rg", direction: "Inbound", access: "Deny", protocol: "Tcp", source_address_prefix: "*", destination_port_range: "22", ...over });
  test.each<[string, () => ResourceChange, string[]]>([
    ["source ranges only reordered (sorted after)", () => rc("google_compute_firewall", ["update"], fw({ source_ranges: ["10.1.0.0/16", "10.0.0.0/16"] }), fw({ source_ranges: ["10.0.0.0/16", "10.1.0.0/16"] })), []],
    ["source ranges only reordered (sorted before)", () => rc("google_compute_firewall", ["update"], fw({ source_ranges: ["10.0.0.0/16", "10.1.0.0/16"] }), fw({ source_ranges: ["10.1.0.0/16", "10.0.0.0/16"] })), []],
    ["source tags only reordered (sorted after)", () => rc("google_compute_firewall", ["update"], fw({ source_tags: ["b", "a"] }), fw({ source_tags: ["a", "b"] })), []],
    ["source tags only reordered (sorted before)", () => rc("google_compute_firewall", ["update"], fw({ source_tags: ["a", "b"] }), fw({ source_tags: ["b", "a"] })), []],
    ["a source tag added", () => rc("google_compute_firewall", ["update"], fw({}), fw({ source_tags: ["app"] }), named("tagged")), [`tagged gcp:${NET}`]],
    ["a source tag removed", () => rc("google_compute_firewall", ["update"], fw({ source_tags: ["app"] }), fw({}), named("untagged")), [`untagged gcp:${NET}`]],
    ["the deny turned into an allow of the same ports", () => rc("google_compute_firewall", ["update"], fw({}), fw({ deny: [], allow: [{ protocol: "tcp", ports: ["22"] }] }), named("allowed")), [`allowed gcp:${NET}`]],
    ["the firewall deleted", () => rc("google_compute_firewall", ["delete"], fw({}), null, named("gone")), [`gone gcp:${NET}`]],
    ["the firewall disabled", () => rc("google_compute_firewall", ["update"], fw({}), fw({ disabled: true }), named("off")), [`off gcp:${NET}`]],
    ["a description changed only", () => rc("google_compute_firewall", ["update"], fw({}), fw({ description: "ssh" })), []],
    ["a no-op whose values differ is not carried out", () => rc("google_compute_firewall", ["no-op"], fw({}), fw({ deny: [{ protocol: "tcp", ports: ["23"] }] })), []],
    ["Azure: Deny turned into Allow", () => rc("azurerm_network_security_rule", ["update"], az({}), az({ access: "Allow" }), named("azallow")), ["azallow nsg:rg/nsg-pe"]],
    ["Azure: the deny's port moved", () => rc("azurerm_network_security_rule", ["update"], az({}), az({ destination_port_range: "23" }), named("azport")), ["azport nsg:rg/nsg-pe"]],
    ["Azure: an allow changed is no deny change", () => rc("azurerm_network_security_rule", ["update"], az({ access: "Allow" }), az({ access: "Allow", destination_port_range: "23" })), []],
    [
      "Azure: a deny inline in a group removed",
      () => rc("azurerm_network_security_group", ["update"], { name: "nsg-pe", resource_group_name: "rg", security_rule: [az({})] }, { name: "nsg-pe", resource_group_name: "rg", security_rule: [] }, named("inline")),
      ["inline nsg:rg/nsg-pe"],
    ],
  ])("%s", (_name, change, expected) => {
    expect(networkPosture(ctx([change()])).denies.map((d) => `${d.change.name} ${d.guard}`)).toEqual(expected);
  });
});

describe("what the rules' gates and messages read from a widening", () => {
  const EP = "sg-0eeeeeeeeeeeeeee1";
  const endpoint = () => rc("aws_vpc_endpoint", ["no-op"], { security_group_ids: [EP] }, { security_group_ids: [EP] });
  const facts = (changes: ResourceChange[]) => {
    const c = ctx(changes);
    return networkPosture(c).widenings.map((g: GuardWidening) => [g.widening.fromPort, addsAddresses(g), portWasOpen(g), reachedBefore(g), guardWhere(g, c)]);
  };
  test.each<[string, () => ResourceChange[], unknown[]]>([
    [
      "a group reference added on the endpoint's group, nothing before: no addresses, the port was closed",
      () => [endpoint(), rc("aws_vpc_security_group_ingress_rule", ["create"], null, vpcRule("", 7687, 7687, { security_group_id: EP, cidr_ipv4: null, referenced_security_group_id: "sg-peer" }))],
      [[7687, false, false, "nothing", ""]],
    ],
    [
      "::/0 added where a group reference reached the port: IPv6 addresses added, the port was open",
      () => [
        endpoint(),
        rc("aws_vpc_security_group_ingress_rule", ["no-op"], vpcRule("", 443, 443, { cidr_ipv4: null, referenced_security_group_id: "sg-peer" }), vpcRule("", 443, 443, { cidr_ipv4: null, referenced_security_group_id: "sg-peer" })),
        rc("aws_vpc_security_group_ingress_rule", ["create"], null, vpcRule("", 443, 443, { cidr_ipv4: null, cidr_ipv6: "::/0" })),
      ],
      [[443, true, true, "sg-peer", ` (security group ${SG})`]],
    ],
    [
      "a wider IPv4 block on the endpoint's group: addresses added, the port was open, the old block named",
      () => [endpoint(), rc("aws_vpc_security_group_ingress_rule", ["update"], vpcRule("10.0.0.0/16", 7687, 7687, { security_group_id: EP }), vpcRule("10.0.0.0/8", 7687, 7687, { security_group_id: EP }))],
      [[7687, true, true, "10.0.0.0/16", ""]],
    ],
  ])("%s", (_name, changes, expected) => {
    expect(facts(changes())).toEqual(expected);
  });
});

describe("guard labels: which groups the endpoint and the runner carry, whatever the change does", () => {
  const changes = [
    rc("aws_vpc_endpoint", ["create"], null, { security_group_ids: ["sg-ep-new"] }),
    rc("aws_vpc_endpoint", ["delete"], { security_group_ids: ["sg-ep-old"] }, null),
    rc("aws_lambda_function", ["create"], null, { function_name: "runner", vpc_config: [{ security_group_ids: ["sg-fn-new"], subnet_ids: ["subnet-1"] }] }),
    rc("aws_lambda_function", ["update"], { function_name: "other" }, { function_name: "other", vpc_config: [] }),
    rc("aws_eks_cluster", ["create"], null, { name: "k", vpc_config: [{ security_group_ids: ["sg-eks"] }] }),
    rc("aws_instance", ["create"], null, { vpc_security_group_ids: ["sg-vm"], security_group_ids: ["sg-vm"] }),
  ];
  test.each([
    ["sg:sg-ep-new", "the private endpoint's security group sg-ep-new"],
    ["sg:sg-ep-old", "the private endpoint's security group sg-ep-old"],
    ["sg:sg-fn-new", "the access runner's security group sg-fn-new"],
    ["sg:sg-eks", "security group sg-eks"],
    ["sg:sg-vm", "security group sg-vm"],
  ])("%s is %s", (guard, label) => {
    expect(guardLabel(guard, ctx(changes))).toBe(label);
  });
});

describe("reading rules: the last edges", () => {
  test("a to_port of null with a from_port: the from_port alone", () => {
    expect(rulesOfValues("aws_security_group_rule", sgRule({ from_port: 443, to_port: null, cidr_blocks: ["10.0.0.0/16"] }))).toEqual([{ direction: "ingress", guard: `sg:${SG}`, protocol: "tcp", fromPort: 443, toPort: 443, cidrs: ["10.0.0.0/16"], named: [] }]);
  });

  test("a security_group_id that is no text (a number) is a group created in this plan", () => {
    expect(rulesOfValues("aws_vpc_security_group_ingress_rule", vpcRule("10.0.0.0/16", 7687, 7687, { security_group_id: 42 }))).toEqual([{ direction: "ingress", guard: NEW, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: ["10.0.0.0/16"], named: [] }]);
  });

  test.each(["x443", "443x", "443-", "-443"])("a GCP port %s that does not parse is every port", (port) => {
    expect(rulesOfValues("google_compute_firewall", { name: "f", network: NET, source_ranges: ["10.0.0.0/16"], allow: [{ protocol: "tcp", ports: [port] }] })).toEqual([
      { direction: "ingress", guard: `gcp:${NET}`, protocol: "tcp", fromPort: 0, toPort: 65535, cidrs: ["10.0.0.0/16"], named: [], deny: false },
    ]);
  });

  test("rulesOf: inline ingress known only after apply stands for every protocol on the after side, not on the before side", () => {
    const values = { id: SG, ingress: [{ protocol: "tcp", from_port: 7687, to_port: 7687, cidr_blocks: ["10.0.0.0/16"] }], egress: [] };
    const c = rc("aws_security_group", ["update"], values, values, { afterUnknown: { ingress: true } });
    expect(rulesOf(c, values, "after")).toEqual([{ direction: "ingress", guard: `sg:${SG}`, protocol: "all", fromPort: 0, toPort: 65535, cidrs: [], named: ["(rules known only after apply)"] }]);
    expect(rulesOf(c, values, "before")).toEqual([{ direction: "ingress", guard: `sg:${SG}`, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: ["10.0.0.0/16"], named: [] }]);
  });
});

describe("Azure's Any protocol keeps its ports", () => {
  const azRule = (port: string) => ({ name: "clients", network_security_group_name: "nsg-pe", resource_group_name: "rg", direction: "Inbound", access: "Allow", protocol: "*", source_address_prefix: "10.0.0.0/16", destination_port_range: port });
  test("a rule of protocol * moved from 7687 to 22 opens port 22 for TCP and UDP", () => {
    const change = rc("azurerm_network_security_rule", ["update"], azRule("7687"), azRule("22"));
    expect(summary([change])).toEqual([
      `nsg:rg/nsg-pe ingress tcp 22-22 before=[] after=[10.0.0.0/16] +named=[] new=false causes=${change.name}[10.0.0.0/16]`,
      `nsg:rg/nsg-pe ingress udp 22-22 before=[] after=[10.0.0.0/16] +named=[] new=false causes=${change.name}[10.0.0.0/16]`,
    ]);
  });
  test("the same rule unchanged widens nothing", () => {
    expect(networkPosture(ctx([rc("azurerm_network_security_rule", ["update"], { ...azRule("7687"), description: "a" }, { ...azRule("7687"), description: "b" })])).widenings).toEqual([]);
  });
});

describe("only the change that adds a source is blamed", () => {
  test("a new rule repeating a source another rule keeps is not blamed for the whole internet added next to it", () => {
    const kept = rc("aws_vpc_security_group_ingress_rule", ["no-op"], vpcRule("10.0.0.0/16", 7687, 7687), vpcRule("10.0.0.0/16", 7687, 7687));
    const dup = rc("aws_vpc_security_group_ingress_rule", ["create"], null, vpcRule("10.0.0.0/16", 7687, 7687));
    const open = rc("aws_vpc_security_group_ingress_rule", ["create"], null, vpcRule("0.0.0.0/0", 7687, 7687));
    expect(summary([kept, dup, open])).toEqual([`sg:${SG} ingress tcp 7687-7687 before=[10.0.0.0/16] after=[0.0.0.0/0,10.0.0.0/16] +named=[] new=false causes=${open.name}[0.0.0.0/0]`]);
  });
  test("a range grown by one port is not blamed for the ports another rule opens to a new source", () => {
    const upper = rc("aws_vpc_security_group_ingress_rule", ["update"], vpcRule("10.0.0.0/16", 7000, 7686), vpcRule("10.0.0.0/16", 7000, 7687));
    const lower = rc("aws_vpc_security_group_ingress_rule", ["update"], vpcRule("10.5.0.0/16", 7688, 8000), vpcRule("10.5.0.0/16", 443, 8000));
    expect(summary([upper, lower]).filter((l) => l.includes(" 7000-7686 "))).toEqual([
      `sg:${SG} ingress tcp 7000-7686 before=[10.0.0.0/16] after=[10.0.0.0/16,10.5.0.0/16] +named=[] new=false causes=${lower.name}[10.5.0.0/16]`,
    ]);
  });
});

import { changeKind } from "../../../runtime/review/plan-format";
import { rulesOf, rulesOfValues } from "../../../runtime/review/posture/network";

/**
 * How the review reads allow and deny rules out of each provider's resources (the AWS provider 5.100.0
 * attribute names, the google and azurerm ones), one row per form and variant: the standalone
 * aws_vpc_security_group_*_rule resources, aws_security_group_rule, rules inline in aws_security_group,
 * protocol "-1" and numeric protocols, IPv6 sources, named sources, sources known only after apply; GCP firewalls
 * (disabled, egress, no ranges = 0.0.0.0/0, port ranges, deny); Azure rules alone and inside a group
 * ("*", Internet, bare addresses, service tags, port lists, Outbound, Deny). Expected rules are written out.
 */

const SG = "sg-0123456789abcdef0";
const all = { fromPort: 0, toPort: 65535 };
const unknownOf = (...attrs: string[]) => (attr: string) => attrs.includes(attr);

describe("aws_vpc_security_group_ingress_rule and _egress_rule", () => {
  test.each<[string, string, Record<string, unknown>, unknown[]]>([
    [
      "tcp 7687 from an IPv4 block",
      "aws_vpc_security_group_ingress_rule",
      { security_group_id: SG, ip_protocol: "tcp", from_port: 7687, to_port: 7687, cidr_ipv4: "10.0.0.0/16" },
      [{ direction: "ingress", guard: `sg:${SG}`, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: ["10.0.0.0/16"], named: [] }],
    ],
    [
      "protocol -1 (every protocol and port), from ::/0",
      "aws_vpc_security_group_ingress_rule",
      { security_group_id: SG, ip_protocol: "-1", cidr_ipv6: "::/0" },
      [{ direction: "ingress", guard: `sg:${SG}`, protocol: "all", ...all, cidrs: ["::/0"], named: [] }],
    ],
    [
      "udp by number (17) with a port range",
      "aws_vpc_security_group_ingress_rule",
      { security_group_id: SG, ip_protocol: "17", from_port: 53, to_port: 54, cidr_ipv4: "10.0.0.0/8" },
      [{ direction: "ingress", guard: `sg:${SG}`, protocol: "udp", fromPort: 53, toPort: 54, cidrs: ["10.0.0.0/8"], named: [] }],
    ],
    [
      "both address families at once",
      "aws_vpc_security_group_ingress_rule",
      { security_group_id: SG, ip_protocol: "tcp", from_port: 443, to_port: 443, cidr_ipv4: "10.0.0.0/16", cidr_ipv6: "fd00::/8" },
      [{ direction: "ingress", guard: `sg:${SG}`, protocol: "tcp", fromPort: 443, toPort: 443, cidrs: ["10.0.0.0/16", "fd00::/8"], named: [] }],
    ],
    [
      "a referenced group and a prefix list are named sources",
      "aws_vpc_security_group_ingress_rule",
      { security_group_id: SG, ip_protocol: "tcp", from_port: 7687, to_port: 7687, referenced_security_group_id: "sg-1111111111111111a", prefix_list_id: "pl-0123" },
      [{ direction: "ingress", guard: `sg:${SG}`, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: [], named: ["sg-1111111111111111a", "pl-0123"] }],
    ],
    [
      "no source at all (known after apply)",
      "aws_vpc_security_group_ingress_rule",
      { security_group_id: SG, ip_protocol: "tcp", from_port: 7687, to_port: 7687 },
      [{ direction: "ingress", guard: `sg:${SG}`, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: [], named: ["(a source known only after apply)"] }],
    ],
    [
      "egress to anywhere",
      "aws_vpc_security_group_egress_rule",
      { security_group_id: SG, ip_protocol: "-1", cidr_ipv4: "0.0.0.0/0" },
      [{ direction: "egress", guard: `sg:${SG}`, protocol: "all", ...all, cidrs: ["0.0.0.0/0"], named: [] }],
    ],
    [
      "icmp ignores its type/code fields as ports",
      "aws_vpc_security_group_ingress_rule",
      { security_group_id: SG, ip_protocol: "icmp", from_port: 8, to_port: 0, cidr_ipv4: "10.0.0.0/16" },
      [{ direction: "ingress", guard: `sg:${SG}`, protocol: "icmp", ...all, cidrs: ["10.0.0.0/16"], named: [] }],
    ],
    [
      "a group without an id yet (created in this plan)",
      "aws_vpc_security_group_ingress_rule",
      { security_group_id: "", ip_protocol: "tcp", from_port: 7687, to_port: 7687, cidr_ipv4: "10.0.0.0/16" },
      [{ direction: "ingress", guard: "sg:(a security group created in this plan)", protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: ["10.0.0.0/16"], named: [] }],
    ],
  ])("%s", (_name, type, values, expected) => {
    expect(rulesOfValues(type, values)).toEqual(expected);
  });

  test("a security_group_id known only after apply is a group created in this plan, whatever the value says", () => {
    expect(rulesOfValues("aws_vpc_security_group_ingress_rule", { security_group_id: SG, ip_protocol: "tcp", from_port: 1, to_port: 1, cidr_ipv4: "10.0.0.0/16" }, unknownOf("security_group_id"))[0]!.guard).toBe("sg:(a security group created in this plan)");
  });
});

describe("aws_security_group_rule", () => {
  const rule = (over: Record<string, unknown>) => ({ type: "ingress", security_group_id: SG, protocol: "tcp", from_port: 7687, to_port: 7687, ...over });
  test.each<[string, Record<string, unknown>, unknown[]]>([
    ["tcp 7687 from one block", rule({ cidr_blocks: ["10.0.0.0/16"] }), [{ direction: "ingress", guard: `sg:${SG}`, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: ["10.0.0.0/16"], named: [] }]],
    ["protocol -1 with ports 0/0 is every port", rule({ protocol: "-1", from_port: 0, to_port: 0, cidr_blocks: ["0.0.0.0/0"] }), [{ direction: "ingress", guard: `sg:${SG}`, protocol: "all", ...all, cidrs: ["0.0.0.0/0"], named: [] }]],
    ["protocol \"all\"", rule({ protocol: "all", cidr_blocks: ["10.0.0.0/8"] }), [{ direction: "ingress", guard: `sg:${SG}`, protocol: "all", ...all, cidrs: ["10.0.0.0/8"], named: [] }]],
    ["protocol 6 is tcp", rule({ protocol: "6", cidr_blocks: ["10.0.0.0/8"] }), [{ direction: "ingress", guard: `sg:${SG}`, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: ["10.0.0.0/8"], named: [] }]],
    ["upper-case TCP", rule({ protocol: "TCP", cidr_blocks: ["10.0.0.0/8"] }), [{ direction: "ingress", guard: `sg:${SG}`, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: ["10.0.0.0/8"], named: [] }]],
    ["IPv4 and IPv6 blocks, ::/0 among them", rule({ cidr_blocks: ["10.0.0.0/16"], ipv6_cidr_blocks: ["::/0"] }), [{ direction: "ingress", guard: `sg:${SG}`, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: ["10.0.0.0/16", "::/0"], named: [] }]],
    [
      "a source group, prefix lists and self",
      rule({ source_security_group_id: "sg-1111111111111111a", prefix_list_ids: ["pl-1", "pl-2"], self: true }),
      [{ direction: "ingress", guard: `sg:${SG}`, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: [], named: ["pl-1", "pl-2", "sg-1111111111111111a", "the group itself"] }],
    ],
    ["self false names nothing", rule({ self: false, cidr_blocks: ["10.0.0.0/16"] }), [{ direction: "ingress", guard: `sg:${SG}`, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: ["10.0.0.0/16"], named: [] }]],
    ["egress", rule({ type: "egress", protocol: "-1", cidr_blocks: ["0.0.0.0/0"] }), [{ direction: "egress", guard: `sg:${SG}`, protocol: "all", ...all, cidrs: ["0.0.0.0/0"], named: [] }]],
    ["ports given as strings", rule({ from_port: "443", to_port: "444", cidr_blocks: ["10.0.0.0/16"] }), [{ direction: "ingress", guard: `sg:${SG}`, protocol: "tcp", fromPort: 443, toPort: 444, cidrs: ["10.0.0.0/16"], named: [] }]],
    ["a negative from_port means every port", rule({ from_port: -1, to_port: -1, cidr_blocks: ["10.0.0.0/16"] }), [{ direction: "ingress", guard: `sg:${SG}`, protocol: "tcp", ...all, cidrs: ["10.0.0.0/16"], named: [] }]],
    ["a negative to_port runs to 65535", rule({ from_port: 1000, to_port: -1, cidr_blocks: ["10.0.0.0/16"] }), [{ direction: "ingress", guard: `sg:${SG}`, protocol: "tcp", fromPort: 1000, toPort: 65535, cidrs: ["10.0.0.0/16"], named: [] }]],
    ["no to_port: the from_port alone", rule({ from_port: 22, to_port: undefined, cidr_blocks: ["10.0.0.0/16"] }), [{ direction: "ingress", guard: `sg:${SG}`, protocol: "tcp", fromPort: 22, toPort: 22, cidrs: ["10.0.0.0/16"], named: [] }]],
    // Fail closed: ports the review cannot read are every port, not port 0.
    ["no ports: every port", rule({ from_port: null, to_port: null, cidr_blocks: ["10.0.0.0/16"] }), [{ direction: "ingress", guard: `sg:${SG}`, protocol: "tcp", ...all, cidrs: ["10.0.0.0/16"], named: [] }]],
    ["a from_port text that is not a number: every port", rule({ from_port: "22x", to_port: "80", cidr_blocks: ["10.0.0.0/16"] }), [{ direction: "ingress", guard: `sg:${SG}`, protocol: "tcp", ...all, cidrs: ["10.0.0.0/16"], named: [] }]],
    ["an unknown protocol name is another protocol", rule({ protocol: "gre", cidr_blocks: ["10.0.0.0/16"] }), [{ direction: "ingress", guard: `sg:${SG}`, protocol: "other", ...all, cidrs: ["10.0.0.0/16"], named: [] }]],
    ["icmpv6 by number", rule({ protocol: "58", cidr_blocks: [], ipv6_cidr_blocks: ["::/0"] }), [{ direction: "ingress", guard: `sg:${SG}`, protocol: "icmpv6", ...all, cidrs: ["::/0"], named: [] }]],
    ["icmp by number", rule({ protocol: "1", cidr_blocks: ["10.0.0.0/16"] }), [{ direction: "ingress", guard: `sg:${SG}`, protocol: "icmp", ...all, cidrs: ["10.0.0.0/16"], named: [] }]],
    ["udp by name", rule({ protocol: "udp", from_port: 53, to_port: 53, cidr_blocks: ["10.0.0.0/16"] }), [{ direction: "ingress", guard: `sg:${SG}`, protocol: "udp", fromPort: 53, toPort: 53, cidrs: ["10.0.0.0/16"], named: [] }]],
  ])("%s", (_name, values, expected) => {
    expect(rulesOfValues("aws_security_group_rule", values)).toEqual(expected);
  });

  test.each(["cidr_blocks", "ipv6_cidr_blocks", "source_security_group_id", "prefix_list_ids"])("a source in %s known only after apply is named as such", (attr) => {
    expect(rulesOfValues("aws_security_group_rule", rule({ cidr_blocks: ["10.0.0.0/16"] }), unknownOf(attr))[0]!.named).toEqual(["(a source known only after apply)"]);
  });

  test("another attribute known after apply (the rule's id) is no unknown source", () => {
    expect(rulesOfValues("aws_security_group_rule", rule({ cidr_blocks: ["10.0.0.0/16"] }), unknownOf("id"))[0]!.named).toEqual([]);
  });
});

describe("aws_security_group with inline rules", () => {
  const group = (over: Record<string, unknown>) => ({ id: SG, name: "aura", ingress: [], egress: [], ...over });
  test.each<[string, Record<string, unknown>, unknown[]]>([
    [
      "an ingress and an egress rule",
      group({
        ingress: [{ protocol: "tcp", from_port: 7687, to_port: 7687, cidr_blocks: ["10.0.0.0/16"], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false }],
        egress: [{ protocol: "-1", from_port: 0, to_port: 0, cidr_blocks: ["0.0.0.0/0"], ipv6_cidr_blocks: ["::/0"], prefix_list_ids: [], security_groups: [], self: false }],
      }),
      [
        { direction: "ingress", guard: `sg:${SG}`, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: ["10.0.0.0/16"], named: [] },
        { direction: "egress", guard: `sg:${SG}`, protocol: "all", ...all, cidrs: ["0.0.0.0/0", "::/0"], named: [] },
      ],
    ],
    [
      "named sources inline: prefix lists, groups, self",
      group({ ingress: [{ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: [], prefix_list_ids: ["pl-1"], security_groups: ["sg-1111111111111111a"], self: true }] }),
      [{ direction: "ingress", guard: `sg:${SG}`, protocol: "tcp", fromPort: 443, toPort: 443, cidrs: [], named: ["pl-1", "sg-1111111111111111a", "the group itself"] }],
    ],
    [
      "protocol -1 inline from ::/0 only",
      group({ ingress: [{ protocol: "-1", from_port: 0, to_port: 0, cidr_blocks: [], ipv6_cidr_blocks: ["::/0"] }] }),
      [{ direction: "ingress", guard: `sg:${SG}`, protocol: "all", ...all, cidrs: ["::/0"], named: [] }],
    ],
    ["no rules", group({}), []],
    [
      "a group not created yet",
      group({ id: null, ingress: [{ protocol: "tcp", from_port: 1, to_port: 1, cidr_blocks: ["10.0.0.0/16"] }] }),
      [{ direction: "ingress", guard: "sg:(a security group created in this plan)", protocol: "tcp", fromPort: 1, toPort: 1, cidrs: ["10.0.0.0/16"], named: [] }],
    ],
  ])("%s", (_name, values, expected) => {
    expect(rulesOfValues("aws_security_group", values)).toEqual(expected);
  });

  test("rules known only after apply stand for every protocol and port, for that direction only", () => {
    expect(rulesOfValues("aws_security_group", group({ egress: [{ protocol: "-1", from_port: 0, to_port: 0, cidr_blocks: ["10.0.0.0/8"] }] }), unknownOf("ingress"))).toEqual([
      { direction: "ingress", guard: `sg:${SG}`, protocol: "all", ...all, cidrs: [], named: ["(rules known only after apply)"] },
      { direction: "egress", guard: `sg:${SG}`, protocol: "all", ...all, cidrs: ["10.0.0.0/8"], named: [] },
    ]);
    expect(rulesOfValues("aws_security_group", group({}), unknownOf("egress"))).toEqual([{ direction: "egress", guard: `sg:${SG}`, protocol: "all", ...all, cidrs: [], named: ["(rules known only after apply)"] }]);
  });

  test("an id known only after apply makes it a group created in this plan", () => {
    expect(rulesOfValues("aws_security_group", group({ ingress: [{ protocol: "tcp", from_port: 1, to_port: 1, cidr_blocks: ["10.0.0.0/16"] }] }), unknownOf("id"))[0]!.guard).toBe("sg:(a security group created in this plan)");
  });
});

describe("google_compute_firewall", () => {
  const NET = "projects/p/global/networks/apps";
  const fw = (over: Record<string, unknown>) => ({ name: "allow-aura", network: NET, direction: "INGRESS", source_ranges: ["10.0.0.0/16"], allow: [{ protocol: "tcp", ports: ["7687"] }], ...over });
  const g = `gcp:${NET}`;
  test.each<[string, Record<string, unknown>, unknown[]]>([
    ["one port", fw({}), [{ direction: "ingress", guard: g, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: ["10.0.0.0/16"], named: [], deny: false }]],
    [
      "a port range and a single port",
      fw({ allow: [{ protocol: "tcp", ports: ["7000-7999", "443"] }] }),
      [
        { direction: "ingress", guard: g, protocol: "tcp", fromPort: 7000, toPort: 7999, cidrs: ["10.0.0.0/16"], named: [], deny: false },
        { direction: "ingress", guard: g, protocol: "tcp", fromPort: 443, toPort: 443, cidrs: ["10.0.0.0/16"], named: [], deny: false },
      ],
    ],
    ["no ports: every port", fw({ allow: [{ protocol: "tcp" }] }), [{ direction: "ingress", guard: g, protocol: "tcp", ...all, cidrs: ["10.0.0.0/16"], named: [], deny: false }]],
    ["a port text that does not parse: every port", fw({ allow: [{ protocol: "tcp", ports: ["x"] }] }), [{ direction: "ingress", guard: g, protocol: "tcp", ...all, cidrs: ["10.0.0.0/16"], named: [], deny: false }]],
    ["protocol all", fw({ allow: [{ protocol: "all" }] }), [{ direction: "ingress", guard: g, protocol: "all", ...all, cidrs: ["10.0.0.0/16"], named: [], deny: false }]],
    ["no ranges, tags or service accounts: GCP applies it to 0.0.0.0/0", fw({ source_ranges: [] }), [{ direction: "ingress", guard: g, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: ["0.0.0.0/0"], named: [], deny: false }]],
    [
      "source tags and service accounts instead of ranges",
      fw({ source_ranges: [], source_tags: ["app"], source_service_accounts: ["app@p.iam.gserviceaccount.com"] }),
      [{ direction: "ingress", guard: g, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: [], named: ["network tag app", "service account app@p.iam.gserviceaccount.com"], deny: false }],
    ],
    ["disabled: no rule", fw({ disabled: true }), []],
    ["disabled false: the rule", fw({ disabled: false }), [{ direction: "ingress", guard: g, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: ["10.0.0.0/16"], named: [], deny: false }]],
    [
      "egress reads destination ranges, never source tags",
      fw({ direction: "egress", source_ranges: ["10.9.0.0/16"], destination_ranges: ["0.0.0.0/0"], source_tags: ["app"] }),
      [{ direction: "egress", guard: g, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: ["0.0.0.0/0"], named: [], deny: false }],
    ],
    ["no direction is ingress", fw({ direction: undefined }), [{ direction: "ingress", guard: g, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: ["10.0.0.0/16"], named: [], deny: false }]],
    ["a deny rule", fw({ allow: [], deny: [{ protocol: "all" }] }), [{ direction: "ingress", guard: g, protocol: "all", ...all, cidrs: ["10.0.0.0/16"], named: [], deny: true }]],
    ["no network yet", fw({ network: undefined }), [{ direction: "ingress", guard: "gcp:(network known after apply)", protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: ["10.0.0.0/16"], named: [], deny: false }]],
  ])("%s", (_name, values, expected) => {
    expect(rulesOfValues("google_compute_firewall", values)).toEqual(expected);
  });

  test("source ranges known only after apply are named as such (and no 0.0.0.0/0 is assumed)", () => {
    expect(rulesOfValues("google_compute_firewall", fw({ source_ranges: [] }), unknownOf("source_ranges"))).toEqual([
      { direction: "ingress", guard: g, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: [], named: ["(addresses known only after apply)"], deny: false },
    ]);
  });

  test("for egress, destination ranges known only after apply are the unknown ones", () => {
    expect(rulesOfValues("google_compute_firewall", fw({ direction: "EGRESS", destination_ranges: ["10.1.0.0/16"] }), unknownOf("source_ranges"))[0]!.named).toEqual([]);
    expect(rulesOfValues("google_compute_firewall", fw({ direction: "EGRESS", destination_ranges: ["10.1.0.0/16"] }), unknownOf("destination_ranges"))[0]!.named).toEqual(["(addresses known only after apply)"]);
  });
});

describe("azurerm_network_security_rule and _group", () => {
  const rule = (over: Record<string, unknown>) => ({
    name: "allow-7687",
    network_security_group_name: "nsg-pe",
    resource_group_name: "rg",
    direction: "Inbound",
    access: "Allow",
    protocol: "Tcp",
    source_address_prefix: "10.0.0.0/16",
    destination_port_range: "7687",
    ...over,
  });
  const G = "nsg:rg/nsg-pe";
  const both = ["0.0.0.0/0", "::/0"];
  test.each<[string, Record<string, unknown>, unknown[]]>([
    ["one block, one port", rule({}), [{ direction: "ingress", guard: G, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: ["10.0.0.0/16"], named: [], deny: false }]],
    ["* is every address of both families", rule({ source_address_prefix: "*" }), [{ direction: "ingress", guard: G, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: both, named: [], deny: false }]],
    ["Internet (any case)", rule({ source_address_prefix: "INTERNET" }), [{ direction: "ingress", guard: G, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: both, named: [], deny: false }]],
    ["Any", rule({ source_address_prefix: "Any" }), [{ direction: "ingress", guard: G, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: both, named: [], deny: false }]],
    ["0.0.0.0/0 counts IPv6 too", rule({ source_address_prefix: "0.0.0.0/0" }), [{ direction: "ingress", guard: G, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: both, named: [], deny: false }]],
    ["a bare IPv4 address is a /32", rule({ source_address_prefix: "198.51.100.7" }), [{ direction: "ingress", guard: G, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: ["198.51.100.7/32"], named: [], deny: false }]],
    ["a bare IPv6 address is a /128", rule({ source_address_prefix: "2001:db8::7" }), [{ direction: "ingress", guard: G, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: ["2001:db8::7/128"], named: [], deny: false }]],
    ["a service tag is named", rule({ source_address_prefix: "VirtualNetwork" }), [{ direction: "ingress", guard: G, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: [], named: ["service tag VirtualNetwork"], deny: false }]],
    ["a hex-only word without a colon is a service tag, not an address", rule({ source_address_prefix: "cafe" }), [{ direction: "ingress", guard: G, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: [], named: ["service tag cafe"], deny: false }]],
    [
      "a list of prefixes next to the single one",
      rule({ source_address_prefix: null, source_address_prefixes: ["10.1.0.0/16", "10.2.0.0/16"] }),
      [{ direction: "ingress", guard: G, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: ["10.1.0.0/16", "10.2.0.0/16"], named: [], deny: false }],
    ],
    ["* as port is every port", rule({ destination_port_range: "*" }), [{ direction: "ingress", guard: G, protocol: "tcp", ...all, cidrs: ["10.0.0.0/16"], named: [], deny: false }]],
    ["no port at all is every port", rule({ destination_port_range: null }), [{ direction: "ingress", guard: G, protocol: "tcp", ...all, cidrs: ["10.0.0.0/16"], named: [], deny: false }]],
    ["a port range", rule({ destination_port_range: "7000-7999" }), [{ direction: "ingress", guard: G, protocol: "tcp", fromPort: 7000, toPort: 7999, cidrs: ["10.0.0.0/16"], named: [], deny: false }]],
    ["a port with spaces around", rule({ destination_port_range: " 443 " }), [{ direction: "ingress", guard: G, protocol: "tcp", fromPort: 443, toPort: 443, cidrs: ["10.0.0.0/16"], named: [], deny: false }]],
    ["a port text that does not parse: every port", rule({ destination_port_range: "https" }), [{ direction: "ingress", guard: G, protocol: "tcp", ...all, cidrs: ["10.0.0.0/16"], named: [], deny: false }]],
    [
      "a list of ports",
      rule({ destination_port_range: null, destination_port_ranges: ["443", "7687"] }),
      [
        { direction: "ingress", guard: G, protocol: "tcp", fromPort: 443, toPort: 443, cidrs: ["10.0.0.0/16"], named: [], deny: false },
        { direction: "ingress", guard: G, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: ["10.0.0.0/16"], named: [], deny: false },
      ],
    ],
    [
      "protocol * keeps the port for TCP and UDP (the others have none)",
      rule({ protocol: "*" }),
      (["tcp", "udp", "icmp", "icmpv6", "other"] as const).map((protocol) => ({ direction: "ingress", guard: G, protocol, fromPort: 7687, toPort: 7687, cidrs: ["10.0.0.0/16"], named: [], deny: false })),
    ],
    [
      "protocol * with a list of ports keeps each range for TCP and UDP",
      rule({ protocol: "*", destination_port_range: null, destination_port_ranges: ["22", "1000-2000"] }),
      (
        [
          [22, 22],
          [1000, 2000],
        ] as const
      ).flatMap(([fromPort, toPort]) => (["tcp", "udp", "icmp", "icmpv6", "other"] as const).map((protocol) => ({ direction: "ingress", guard: G, protocol, fromPort, toPort, cidrs: ["10.0.0.0/16"], named: [], deny: false }))),
    ],
    ["protocol * on every port is every protocol", rule({ protocol: "*", destination_port_range: "*" }), [{ direction: "ingress", guard: G, protocol: "all", ...all, cidrs: ["10.0.0.0/16"], named: [], deny: false }]],
    ["Deny (any case)", rule({ access: "DENY" }), [{ direction: "ingress", guard: G, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: ["10.0.0.0/16"], named: [], deny: true }]],
    ["no access given is Allow", rule({ access: undefined }), [{ direction: "ingress", guard: G, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: ["10.0.0.0/16"], named: [], deny: false }]],
    [
      "Outbound reads the destination prefixes",
      rule({ direction: "Outbound", source_address_prefix: "10.0.0.0/16", destination_address_prefix: "*" }),
      [{ direction: "egress", guard: G, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: both, named: [], deny: false }],
    ],
    [
      "Outbound with a list of destinations",
      rule({ direction: "outbound", destination_address_prefix: null, destination_address_prefixes: ["10.5.0.0/16"] }),
      [{ direction: "egress", guard: G, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: ["10.5.0.0/16"], named: [], deny: false }],
    ],
    ["no direction is Inbound", rule({ direction: undefined }), [{ direction: "ingress", guard: G, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: ["10.0.0.0/16"], named: [], deny: false }]],
    [
      "no group or resource group yet",
      rule({ network_security_group_name: undefined, resource_group_name: undefined }),
      [{ direction: "ingress", guard: "nsg:?/(known after apply)", protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: ["10.0.0.0/16"], named: [], deny: false }],
    ],
  ])("a rule: %s", (_name, values, expected) => {
    expect(rulesOfValues("azurerm_network_security_rule", values)).toEqual(expected);
  });

  test("a group's inline rules, guarded by the group's own name", () => {
    expect(
      rulesOfValues("azurerm_network_security_group", {
        name: "nsg-pe",
        resource_group_name: "rg",
        security_rule: [
          { name: "a", direction: "Inbound", access: "Allow", protocol: "Tcp", source_address_prefix: "10.0.0.0/16", destination_port_range: "7687" },
          { name: "b", direction: "Outbound", access: "Deny", protocol: "*", destination_address_prefix: "Internet", destination_port_range: "*" },
        ],
      }),
    ).toEqual([
      { direction: "ingress", guard: G, protocol: "tcp", fromPort: 7687, toPort: 7687, cidrs: ["10.0.0.0/16"], named: [], deny: false },
      { direction: "egress", guard: G, protocol: "all", ...all, cidrs: both, named: [], deny: true },
    ]);
  });
});

describe("anything else", () => {
  test.each<[string, Record<string, unknown> | null]>([
    ["aws_security_group_rule", null],
    ["aws_vpc_endpoint", { security_group_ids: [SG] }],
  ])("%s %j holds no rule", (type, values) => {
    expect(rulesOfValues(type, values)).toEqual([]);
  });
});

describe("near-misses and edges of protocols, ports and Azure prefixes", () => {
  const vpc = (over: Record<string, unknown>) => rulesOfValues("aws_vpc_security_group_ingress_rule", { security_group_id: SG, cidr_ipv4: "10.0.0.0/16", ...over });
  const one = (protocol: string, fromPort: number, toPort: number) => [{ direction: "ingress", guard: `sg:${SG}`, protocol, fromPort, toPort, cidrs: ["10.0.0.0/16"], named: [] }];
  test.each<[string, Record<string, unknown>, unknown[]]>([
    ["icmpv6 by name (any case)", { ip_protocol: "ICMPv6" }, one("icmpv6", 0, 65535)],
    ["icmpv6 by number (58)", { ip_protocol: "58" }, one("icmpv6", 0, 65535)],
    ["icmp by number (1)", { ip_protocol: "1" }, one("icmp", 0, 65535)],
    ["tcp by number (6), ports as strings", { ip_protocol: "6", from_port: "443", to_port: "443" }, one("tcp", 443, 443)],
    ["a protocol the review does not name is 'other', every port", { ip_protocol: "esp", from_port: 50, to_port: 50 }, one("other", 0, 65535)],
    ["no protocol at all is 'other'", {}, one("other", 0, 65535)],
    ["a port -1 given as a string is every port", { ip_protocol: "tcp", from_port: "-1", to_port: "-1" }, one("tcp", 0, 65535)],
    ["a to_port of -1 alone runs to 65535", { ip_protocol: "tcp", from_port: 1024, to_port: -1 }, one("tcp", 1024, 65535)],
    ["no to_port: the from_port alone", { ip_protocol: "tcp", from_port: 7687 }, one("tcp", 7687, 7687)],
    // Fail closed: a from_port the review cannot read opens every port; a to_port it cannot read runs to 65535.
    ["a from_port that is text around digits opens every port", { ip_protocol: "tcp", from_port: "x443", to_port: 443 }, one("tcp", 0, 65535)],
    ["a to_port that is text around digits runs to 65535", { ip_protocol: "tcp", from_port: 443, to_port: "443x" }, one("tcp", 443, 65535)],
    ["a from_port that is not a finite number opens every port", { ip_protocol: "tcp", from_port: Number.NaN, to_port: 443 }, one("tcp", 0, 65535)],
    ["a to_port that is not a finite number runs to 65535", { ip_protocol: "tcp", from_port: 443, to_port: Number.POSITIVE_INFINITY }, one("tcp", 443, 65535)],
    ["a from_port given as a list opens every port", { ip_protocol: "tcp", from_port: ["80"], to_port: 80 }, one("tcp", 0, 65535)],
    ["a tcp rule without ports (null) opens every port", { ip_protocol: "tcp", from_port: null, to_port: null }, one("tcp", 0, 65535)],
    ["port 0 alone is port 0", { ip_protocol: "tcp", from_port: 0, to_port: 0 }, one("tcp", 0, 0)],
  ])("%s", (_name, over, expected) => {
    expect(vpc(over)).toEqual(expected);
  });

  const nsg = (over: Record<string, unknown>) =>
    rulesOfValues("azurerm_network_security_rule", { name: "r", network_security_group_name: "nsg-pe", resource_group_name: "rg", direction: "Inbound", access: "Allow", protocol: "Tcp", source_address_prefix: "10.0.0.0/16", ...over }).map((r) => [r.fromPort, r.toPort, r.cidrs, r.named]);
  test.each<[string, Record<string, unknown>, unknown[]]>([
    ["a * among listed ports opens every port (once)", { destination_port_ranges: ["443", "*"] }, [[0, 65535, ["10.0.0.0/16"], []]]],
    ["a port range", { destination_port_range: "1000-2000" }, [[1000, 2000, ["10.0.0.0/16"], []]]],
    ["spaces around a port are trimmed", { destination_port_range: " 443 " }, [[443, 443, ["10.0.0.0/16"], []]]],
    ["text before a port is unreadable: every port", { destination_port_range: "x443" }, [[0, 65535, ["10.0.0.0/16"], []]]],
    ["text after a port is unreadable: every port", { destination_port_range: "443x" }, [[0, 65535, ["10.0.0.0/16"], []]]],
    ["no port at all is every port", {}, [[0, 65535, ["10.0.0.0/16"], []]]],
    ["an address-like word not starting like an address is a service tag", { source_address_prefix: "zz::1", destination_port_range: "443" }, [[443, 443, [], ["service tag zz::1"]]]],
    ["an IPv6 address with trailing text is a service tag, not a /128", { source_address_prefix: "::1x", destination_port_range: "443" }, [[443, 443, [], ["service tag ::1x"]]]],
  ])("Azure: %s", (_name, over, expected) => {
    expect(nsg(over)).toEqual(expected);
  });
});

describe("rulesOf: what is known only after apply concerns the after side alone", () => {
  const before = { security_group_id: SG, ip_protocol: "tcp", from_port: 7687, to_port: 7687, cidr_ipv4: "10.0.0.0/16" };
  const after = { ip_protocol: "tcp", from_port: 7687, to_port: 7687, cidr_ipv4: "10.0.0.0/16" };
  const c = { stack: "s", address: "aws_vpc_security_group_ingress_rule.r", type: "aws_vpc_security_group_ingress_rule", name: "r", kind: changeKind(["delete", "create"]), actions: ["delete", "create"], before, after, afterUnknown: { security_group_id: true }, replacePaths: [] };
  test("the before side keeps the group it had", () => {
    expect(rulesOf(c, before, "before").map((r) => r.guard)).toEqual([`sg:${SG}`]);
  });
  test("the after side is a group created in this plan", () => {
    expect(rulesOf(c, after, "after").map((r) => r.guard)).toEqual(["sg:(a security group created in this plan)"]);
  });
});

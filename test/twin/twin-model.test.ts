import { exampleConfig } from "../../config/example";
import { synthConfig } from "../support/synth";
import { lookupInZone, matchPolicyRule, publicTestAddress, resolveInView, resolvePublic, type DnsView, type ZoneData } from "./dns/resolution";
import type { IngressRuleModel } from "./model/stacks";
import { StackReader, TwinError, parseTraversal, splitTemplate, type StackJson } from "./model/terraform";
import { changeRulePort, exactNamesForWildcard, removeForEachKey, removeResource } from "./mutations";
import { endpointRuleset, ruleLines } from "./net/nftables";
import { planTwin } from "./plan";

/** The twin's pure parts, table-driven: they run everywhere, root or not. */

describe("terraform references in cdk.tf.json", () => {
  test.each([
    ["aws_vpc_endpoint.e.dns_entry[0].dns_name", { root: "resource", type: "aws_vpc_endpoint", name: "e", steps: [{ attr: "dns_entry" }, { index: 0 }, { attr: "dns_name" }] }],
    ['aws_route53_zone.z["a-x"].zone_id', { root: "resource", type: "aws_route53_zone", name: "z", steps: [{ key: "a-x" }, { attr: "zone_id" }] }],
    ["each.value.name", { root: "each", type: "each", name: "value", steps: [{ attr: "name" }] }],
    ["each.key", { root: "each", type: "each", name: "key", steps: [] }],
  ])("%s is a reference", (expr, parsed) => {
    expect(parseTraversal(expr)).toEqual(parsed);
  });

  test.each([["upper(each.value)"], ["a.b + 1"], ["each.other"], ['x.y["unterminated]'], ["var"]])("%s is not a plain reference", (expr) => {
    expect(parseTraversal(expr)).toBeNull();
  });

  test.each([
    ["plain", [{ literal: "plain" }]],
    ["${a.b}", [{ expr: "a.b" }]],
    ["x-${a.b}-y", [{ literal: "x-" }, { expr: "a.b" }, { literal: "-y" }]],
    ["$${not} %%{either}", [{ literal: "${not} %{either}" }]],
  ])("template %s", (text, parts) => {
    expect(splitTemplate(text)).toEqual(parts);
  });

  const json: StackJson = {
    resource: {
      zone: {
        z: { for_each: { a: { dns: "a.example." }, b: { dns: "b.example." } }, name: "${each.value.dns}", label: "zone-${each.key}" },
      },
      record: {
        r: { for_each: "${zone.z}", name: "${each.value.name}", zone: "${each.value.id}", target: "${thing.t.block[0].address}" },
      },
      thing: { t: { block: { kind: "x" } } },
    },
    output: { names: { value: ["${zone.z[\"a\"].label}", "${thing.t.block[0].address}"] } },
  };
  const computed = (i: { type: string; key?: string }, attribute: string, configured: unknown) => {
    if (i.type === "zone" && attribute === "id") return `Z-${i.key}`;
    if (i.type === "thing" && attribute === "block") return [{ ...(configured as object), address: "10.0.0.1" }];
    return undefined;
  };

  test("for_each over another for_each resource: each.value is that instance, its attributes evaluated or computed", () => {
    const reader = new StackReader("s", json, computed);
    expect(reader.instances("record").map((r) => [r.address, reader.attr(r, "name"), reader.attr(r, "zone"), reader.attr(r, "target")])).toEqual([
      ['record.r["a"]', "a.example.", "Z-a", "10.0.0.1"],
      ['record.r["b"]', "b.example.", "Z-b", "10.0.0.1"],
    ]);
    expect(reader.outputs()).toEqual({ names: ["zone-a", "10.0.0.1"] });
  });

  test.each([
    ["a function call", { resource: { x: { y: { v: "${upper(x.y.id)}" } } } }, "x", "v", /is not a plain reference/],
    ["a data source", { resource: { x: { y: { v: "${data.aws_vpc.v.id}" } } } }, "x", "v", /reads data\.\*, which the twin does not model/],
    ["a template directive", { resource: { x: { y: { v: "%{ if true }a%{ endif }" } } } }, "x", "v", /template directive/],
    ["an unknown resource", { resource: { x: { y: { v: "${nope.n.id}" } } } }, "x", "v", /names a resource this stack does not declare/],
    ["an attribute nobody sets", { resource: { x: { y: { v: "${x.y.missing}" } } } }, "x", "v", /attribute missing is neither configured nor known/],
  ] as const)("refuses %s instead of guessing", (_, stack, type, attr, message) => {
    const reader = new StackReader("s", stack as unknown as StackJson, () => undefined);
    expect(() => reader.attr(reader.instances(type)[0]!, attr)).toThrow(message);
  });

  test("a stack with data sources is refused (they read the cloud at plan time)", () => {
    expect(() => new StackReader("s", { data: { aws_vpc: { v: {} } } }, () => undefined)).toThrow(TwinError);
  });
});

describe("DNS resolution as each cloud documents it", () => {
  const zone = (apex: string, records: Array<[string, string]>, redirect = false): ZoneData => ({
    source: `zone ${apex}`,
    apex,
    records: records.map(([name, value]) => ({ name, type: "A", values: [value] })),
    nxdomainRedirect: redirect,
  });
  const orch = zone("production-orch-0000.neo4j.io", [["*.production-orch-0000.neo4j.io", "10.0.0.1"]]);

  test.each([
    ["db1.production-orch-0000.neo4j.io", "A", "NOERROR", ["10.0.0.1"]],
    ["p-db1-0001.production-orch-0000.neo4j.io", "A", "NOERROR", ["10.0.0.1"]],
    ["a.b.production-orch-0000.neo4j.io", "A", "NOERROR", ["10.0.0.1"]],
    ["db1.production-orch-0000.neo4j.io", "AAAA", "NOERROR", []],
    ["production-orch-0000.neo4j.io", "A", "NOERROR", []],
  ])("orchestration wildcard zone: %s %s -> %s %j", (name, type, rcode, values) => {
    const r = lookupInZone(orch, name, type);
    expect([r.rcode, r.answers.map((a) => a.value)]).toEqual([rcode, values]);
  });

  test("RFC 4592: an existing name below the wildcard's parent blocks the wildcard for names under it", () => {
    const z = zone("example", [["*.example", "10.0.0.1"], ["host.sub.example", "10.0.0.2"]]);
    expect(lookupInZone(z, "other.example", "A").answers.map((a) => a.value)).toEqual(["10.0.0.1"]);
    expect(lookupInZone(z, "sub.example", "A")).toMatchObject({ rcode: "NOERROR", answers: [] });
    expect(lookupInZone(z, "x.sub.example", "A")).toMatchObject({ rcode: "NXDOMAIN" });
  });

  /** A resolution in one line: `forward`, or `answer <rcode> <addresses>`. */
  const outcome = (view: DnsView, name: string) => {
    const r = resolveInView(view, name, "A");
    return r.kind === "forward" ? "forward" : `answer ${r.rcode} ${r.answers.map((a) => a.value).join(",")}`;
  };

  const aws: DnsView = {
    network: "aws:vpc-1",
    cloud: "aws",
    policyRules: [],
    zones: [orch, zone("endpoints.neo4j.io", [["a-ep.endpoints.neo4j.io", "10.0.0.9"]]), zone("ep.endpoints.neo4j.io", [["ep.endpoints.neo4j.io", "10.0.0.1"]])],
  };
  test.each([
    ["ep.endpoints.neo4j.io", "answer NOERROR 10.0.0.1", "the most specific private zone wins"],
    ["a-ep.endpoints.neo4j.io", "answer NOERROR 10.0.0.9", "the domain zone answers the names it holds"],
    ["other.endpoints.neo4j.io", "answer NXDOMAIN ", "inside a private zone a missing name is NXDOMAIN, never forwarded"],
    ["x.ep.endpoints.neo4j.io", "answer NXDOMAIN ", "a per-name zone hides only names under it"],
    ["neo4j.io", "forward", "outside every private zone: public resolution"],
    ["console.neo4j.io", "forward", "outside every private zone: public resolution"],
  ])("Route 53: %s -> %s (%s)", (name, result) => expect(outcome(aws, name)).toBe(result));

  const rule = (dnsName: string, value: string | null) => ({ source: `rule ${dnsName}`, dnsName, localData: value ? [{ type: "A", rrdatas: [value] }] : null, bypass: value === null });
  const gcp: DnsView = {
    network: "gcp:projects/p/global/networks/n",
    cloud: "gcp",
    policyRules: [rule("*.production-orch-0002.neo4j.io", "10.1.0.1"), rule("production-orch-0002.neo4j.io", "10.1.0.1"), rule("skip.production-orch-0002.neo4j.io", null)],
    zones: [zone("production-orch-0002.neo4j.io", [["skip.production-orch-0002.neo4j.io", "10.1.0.7"]])],
  };
  test.each([
    ["db.production-orch-0002.neo4j.io", "answer NOERROR 10.1.0.1", "the wildcard rule matches names below it"],
    ["a.b.production-orch-0002.neo4j.io", "answer NOERROR 10.1.0.1", "at any depth (longest matching suffix)"],
    ["production-orch-0002.neo4j.io", "answer NOERROR 10.1.0.1", "the apex needs its own rule"],
    ["skip.production-orch-0002.neo4j.io", "answer NOERROR 10.1.0.7", "a bypass rule falls through to the private zones"],
    ["reports.endpoints.neo4j.io", "forward", "no rule and no zone: public resolution"],
  ])("Cloud DNS: %s -> %s (%s)", (name, result) => expect(outcome(gcp, name)).toBe(result));

  test("Cloud DNS: a wildcard rule alone does not answer its apex; an exact rule beats a wildcard", () => {
    expect(matchPolicyRule([rule("*.d", "1.1.1.1")], "d")).toBeNull();
    expect(matchPolicyRule([rule("*.d", "1.1.1.1"), rule("x.d", "2.2.2.2")], "x.d")?.dnsName).toBe("x.d");
    expect(matchPolicyRule([rule("*.d", "1.1.1.1"), rule("*.x.d", "2.2.2.2")], "y.x.d")?.dnsName).toBe("*.x.d");
  });

  test("Azure: NXDOMAIN in a linked zone, unless the link sets NxDomainRedirect", () => {
    const azure = (redirect: boolean): DnsView => ({ network: "azure:v", cloud: "azure", policyRules: [], zones: [zone("endpoints.neo4j.io", [["a.endpoints.neo4j.io", "10.2.0.1"]], redirect)] });
    expect(resolveInView(azure(false), "b.endpoints.neo4j.io", "A")).toMatchObject({ kind: "answer", rcode: "NXDOMAIN" });
    expect(resolveInView(azure(true), "b.endpoints.neo4j.io", "A")).toMatchObject({ kind: "forward" });
    expect(resolveInView(azure(true), "a.endpoints.neo4j.io", "A")).toMatchObject({ kind: "answer", rcode: "NOERROR" });
  });

  test("the public side: fixed names, a public test address for Aura's names, NXDOMAIN otherwise", () => {
    expect(resolvePublic({ "vpce-1.example": ["10.0.0.1"] }, "vpce-1.example", "A").answers.map((a) => a.value)).toEqual(["10.0.0.1"]);
    const aura = resolvePublic({}, "x.endpoints.neo4j.io", "A");
    expect(aura.answers[0]!.value).toMatch(/^198\.18\.\d+\.\d+$/);
    expect(aura.answers[0]!.value).toBe(publicTestAddress("X.endpoints.neo4j.io."));
    expect(resolvePublic({}, "x.example.com", "A").rcode).toBe("NXDOMAIN");
  });
});

describe("security group rules as nftables rules", () => {
  const rule = (over: Partial<IngressRuleModel>): IngressRuleModel => ({
    stack: "s",
    resource: "aws_vpc_security_group_ingress_rule.r",
    description: "Bolt from apps",
    protocol: "tcp",
    fromPort: 7687,
    toPort: 7687,
    source: { cidr: "10.20.0.0/16" },
    ...over,
  });
  test.each([
    ["tcp from a CIDR", rule({}), "ip saddr 10.20.0.0/16 tcp dport 7687 accept"],
    ["udp, a port range", rule({ fromPort: 8000, toPort: 8010, protocol: "udp" }), "ip saddr 10.20.0.0/16 udp dport 8000-8010 accept"],
    ["every protocol (-1)", rule({ protocol: "all", fromPort: undefined, toPort: undefined }), "ip saddr 10.20.0.0/16 accept"],
    ["an IPv6 CIDR", rule({ source: { cidr6: "fd00::/8" } }), "ip6 saddr fd00::/8 tcp dport 7687 accept"],
    ["a referenced security group: its twin members", rule({ source: { securityGroup: "sg-1" } }), "ip saddr { 100.64.200.10, 100.64.200.11 } tcp dport 7687 accept"],
    ["a security group without twin members", rule({ source: { securityGroup: "sg-empty" } }), "# no twin host is in sg-empty: this rule admits nobody here"],
  ])("%s -> %s", (_, r, line) => {
    expect(ruleLines({ rules: [r], members: { "sg-1": ["100.64.200.10", "100.64.200.11"] } })[1]).toBe(line);
  });

  test("what no rule allows is dropped; a stack without a security group accepts everything", () => {
    expect(endpointRuleset({ rules: [], members: {} })).toContain("type filter hook input priority filter; policy drop;");
    expect(endpointRuleset({ rules: null, members: {} })).toContain("policy accept;");
  });
});

describe("the plan of the example's stacks", () => {
  const synth = synthConfig(exampleConfig);
  const stacks = ["aura-aws-us-east-1", "aura-aws-eu-west-1", "aura-gcp-europe-west1", "aura-azure-eastus"].map((name) => ({ name, json: synth.json(name) as StackJson }));
  const plan = planTwin({ stacks });

  test("addresses: a /16 of 100.64.0.0/10 per network, resolver at base+2, one interface per subnet", () => {
    expect(plan.networks.map((n) => [n.id, n.cidr, n.resolver])).toEqual([
      ["aws:vpc-0a1b2c3d4e5f60718", "100.64.0.0/16", "100.64.0.2"],
      ["aws:vpc-0f1e2d3c4b5a69788", "100.65.0.0/16", "100.65.0.2"],
      ["gcp:projects/acme-graph-prod/global/networks/apps", "100.66.0.0/16", "100.66.0.2"],
      ["azure:/subscriptions/00000000-1111-2222-3333-444444444444/resourcegroups/rg-acme-graph-network/providers/microsoft.network/virtualnetworks/vnet-apps-eastus", "100.67.0.0/16", "100.67.0.2"],
    ]);
    expect(plan.endpoints.map((e) => e.addresses)).toEqual([["100.64.10.10", "100.64.11.10", "100.64.12.10"], ["100.65.10.10", "100.65.11.10"], ["100.66.10.10"], ["100.67.10.10"]]);
    expect(plan.clients.map((c) => [c.label, c.address, c.dnsServer])).toEqual([
      ["10.20.0.0/16 in aws:vpc-0a1b2c3d4e5f60718", "10.20.0.10", "100.64.0.2"],
      ["member of sg-0a1b2c3d4e5f60719 in aws:vpc-0a1b2c3d4e5f60718", "100.64.200.10", "100.64.0.2"],
      ["10.30.0.0/16 in aws:vpc-0f1e2d3c4b5a69788", "10.30.0.10", "100.65.0.2"],
      ["inside gcp:projects/acme-graph-prod/global/networks/apps", "100.66.100.10", "100.66.0.2"],
      ["outside every network (for gcp:projects/acme-graph-prod/global/networks/apps)", "100.66.251.10", "198.19.0.53"],
      [`inside ${plan.networks[3]!.id}`, "100.67.100.10", "100.67.0.2"],
      [`outside every network (for ${plan.networks[3]!.id})`, "100.67.251.10", "198.19.0.53"],
      ["outside the allowed sources in aws:vpc-0a1b2c3d4e5f60718", "100.64.250.10", "100.64.0.2"],
      ["outside the allowed sources in aws:vpc-0f1e2d3c4b5a69788", "100.65.250.10", "100.65.0.2"],
    ]);
  });

  test("outputs: what verify reads, with the twin's values for what only apply knows", () => {
    const east = plan.outputs["aura-aws-us-east-1"]!;
    const entries = east.endpoint_dns_entries as Array<{ dns_name: string }>;
    expect(entries).toHaveLength(1);
    expect(entries[0]!.dns_name).toMatch(/^vpce-[0-9a-f]{17}-[0-9a-f]{8}\.vpce-svc-0a1b2c3d4e5f60718\.us-east-1\.vpce\.amazonaws\.com$/);
    expect(plan.publicRecords[entries[0]!.dns_name]).toEqual(["100.64.10.10", "100.64.11.10", "100.64.12.10"]);
    expect(plan.outputs["aura-gcp-europe-west1"]!.private_ip).toBe("100.66.10.10");
    expect(plan.outputs["aura-azure-eastus"]!.private_ip).toBe("100.67.10.10");
    expect(east.private_uri_patterns).toEqual(["neo4j+s://<dbid>.production-orch-0000.neo4j.io"]);
  });

  test("the security group in front of us-east-1: its CIDR and the twin's member of the referenced group, per port", () => {
    expect(plan.endpoints[0]!.ruleset.split("\n").filter((l) => l.includes("accept"))).toEqual([
      '    iifname "lo" accept',
      "    ct state established,related accept",
      "    ip saddr 10.20.0.0/16 tcp dport 7687 accept",
      "    ip saddr { 100.64.200.10 } tcp dport 7687 accept",
      "    ip saddr 10.20.0.0/16 tcp dport 7474 accept",
      "    ip saddr { 100.64.200.10 } tcp dport 7474 accept",
      "    ip saddr 10.20.0.0/16 tcp dport 443 accept",
      "    ip saddr { 100.64.200.10 } tcp dport 443 accept",
    ]);
  });

  test("a second private zone of one name on one VPC is refused (ConflictingDomainExists): the later zone is not created", () => {
    const west = synth.json("aura-aws-eu-west-1") as StackJson;
    // eu-west-1's whole-domain zone also associated with us-east-1's VPC, after us-east-1 made its own.
    const shared = JSON.parse(JSON.stringify(west)) as StackJson;
    (shared.resource!.aws_route53_zone!.dns_zone_endpoints!.vpc as Array<Record<string, string>>).unshift({ vpc_id: "vpc-0a1b2c3d4e5f60718", vpc_region: "us-east-1" });
    const both = planTwin({ stacks: [{ name: "aura-aws-us-east-1", json: wildcardEast() }, { name: "aura-aws-eu-west-1", json: shared }] });
    expect(both.applyErrors[0]).toBe(
      "aura-aws-eu-west-1 aws_route53_zone.dns_zone_endpoints: ConflictingDomainExists: aws:vpc-0a1b2c3d4e5f60718 already sees a private zone endpoints.neo4j.io (aura-aws-us-east-1 aws_route53_zone.dns_zone_endpoints)",
    );
  });

  /** us-east-1 as if it had a whole-domain zone of its own (the eu-west-1 zone resources moved over). */
  function wildcardEast(): StackJson {
    const east = JSON.parse(JSON.stringify(synth.json("aura-aws-us-east-1"))) as StackJson;
    const west = synth.json("aura-aws-eu-west-1") as StackJson;
    const zone = JSON.parse(JSON.stringify(west.resource!.aws_route53_zone!.dns_zone_endpoints)) as Record<string, unknown>;
    zone.vpc = [{ vpc_id: "vpc-0a1b2c3d4e5f60718", vpc_region: "us-east-1" }];
    east.resource!.aws_route53_zone!.dns_zone_endpoints = zone as never;
    return east;
  }

  test.each([
    ["a public hosted zone", (j: StackJson) => delete j.resource!.aws_route53_zone!["dns_zone_orch-0000"]!.vpc, /a public hosted zone; the twin models private zones only/],
    ["an unknown resource type", (j: StackJson) => (j.resource!.aws_route53_resolver_rule = { r: {} }), /does not model aws_route53_resolver_rule and cannot tell whether it changes the network path/],
    [
      "a prefix list source",
      (j: StackJson) => {
        const rule = j.resource!.aws_vpc_security_group_ingress_rule!["privatelink_ingress_bolt_10-20-0-0-16"]!;
        delete rule.cidr_ipv4;
        rule.prefix_list_id = "pl-0123456789abcdef0";
      },
      /prefix lists are not modelled/,
    ],
  ])("refuses %s rather than guess what it does", (_, edit, message) => {
    const json = JSON.parse(JSON.stringify(synth.json("aura-aws-us-east-1"))) as StackJson;
    edit(json);
    expect(() => planTwin({ stacks: [{ name: "aura-aws-us-east-1", json }] })).toThrow(message);
  });

  test("mutations refuse to edit what is not there (a renamed resource cannot make one vacuous)", () => {
    const east = synth.json("aura-aws-us-east-1") as StackJson;
    expect(() => removeResource(east, "aws_route53_record", "nope")).toThrow(/no aws_route53_record\.nope/);
    expect(() => changeRulePort(east, "nope", 1)).toThrow(/no aws_vpc_security_group_ingress_rule\.nope/);
    expect(() => removeForEachKey(east, "aws_route53_zone", "dns_zones_endpoint_names", "nope")).toThrow(/has no for_each key nope/);
    expect(() => exactNamesForWildcard(east, "dns_records_endpoint_names", ["x"])).toThrow(/holds no wildcard/);
    expect(removeResource(east, "aws_route53_record", "dns_records_orch-0000").resource!.aws_route53_record!["dns_records_orch-0000"]).toBeUndefined();
    expect(east.resource!.aws_route53_record!["dns_records_orch-0000"]).toBeDefined();
  });
});

import { endpointIngressRules } from "../../../domain/aws/endpoint-ingress-rules";

const cidrs = [{ cidr: "10.0.0.0/16", description: "apps" }];

describe("endpointIngressRules", () => {
  test.each<[string, Parameters<typeof endpointIngressRules>[0], Array<[number, string]>]>([
    ["AuraDB: 7687, 443, 7474", { product: "virtual-dedicated-cloud", allowedCidrs: cidrs, allowedSecurityGroups: [] }, [[7687, "10.0.0.0/16"], [443, "10.0.0.0/16"], [7474, "10.0.0.0/16"]]],
    ["AuraDS adds 8491", { product: "ds-enterprise", allowedCidrs: cidrs, allowedSecurityGroups: [] }, [[7687, "10.0.0.0/16"], [443, "10.0.0.0/16"], [7474, "10.0.0.0/16"], [8491, "10.0.0.0/16"]]],
    ["security groups as sources", { product: "virtual-dedicated-cloud", allowedCidrs: [], allowedSecurityGroups: [{ id: "sg-1", description: "ci" }] }, [[7687, "sg-1"], [443, "sg-1"], [7474, "sg-1"]]],
    ["0.0.0.0/0 only with the explicit opt-in", { product: "virtual-dedicated-cloud", allowedCidrs: [], allowedSecurityGroups: [], allowAnyIpv4Source: true }, [[7687, "0.0.0.0/0"], [443, "0.0.0.0/0"], [7474, "0.0.0.0/0"]]],
  ])("%s", (_name, input, expected) => {
    const rules = endpointIngressRules(input);
    expect(rules.map((r) => [r.port, r.cidr ?? r.securityGroupId])).toEqual(expected);
  });

  test("every rule is described with the port and who connects, and ids are unique and stable", () => {
    const rules = endpointIngressRules({ product: "ds-enterprise", allowedCidrs: cidrs, allowedSecurityGroups: [{ id: "sg-1", description: "ci runners" }] });
    expect([...new Set(rules.map((r) => r.description.length > 0 && r.description.length <= 255))]).toEqual([true]);
    expect(rules.find((r) => r.port === 8491 && r.securityGroupId === "sg-1")?.description).toBe("AuraDS Graph Data Science (Arrow Flight) from ci runners");
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    expect(rules.map((r) => r.id)).toContain("ingress_bolt_10-0-0-0-16");
  });

  test("no source means no rule: nothing is opened by default", () => {
    expect(endpointIngressRules({ product: "virtual-dedicated-cloud", allowedCidrs: [], allowedSecurityGroups: [] })).toEqual([]);
  });
});

describe("endpointIngressRules: every field of every rule, written out", () => {
  test("a CIDR and a security group on AuraDB: ids, ports, sources and descriptions", () => {
    expect(
      endpointIngressRules({
        product: "virtual-dedicated-cloud",
        allowedCidrs: [{ cidr: "10.1.0.0/16", description: "apps" }],
        allowedSecurityGroups: [{ id: "sg-0123456789abcdef0", description: "ci runners" }],
      }),
    ).toEqual([
      { id: "ingress_bolt_10-1-0-0-16", port: 7687, cidr: "10.1.0.0/16", securityGroupId: undefined, description: "Neo4j Bolt (drivers, cypher-shell) from apps" },
      { id: "ingress_bolt_sg-0123456789abcdef0", port: 7687, cidr: undefined, securityGroupId: "sg-0123456789abcdef0", description: "Neo4j Bolt (drivers, cypher-shell) from ci runners" },
      { id: "ingress_https_10-1-0-0-16", port: 443, cidr: "10.1.0.0/16", securityGroupId: undefined, description: "Neo4j HTTPS API and Browser from apps" },
      { id: "ingress_https_sg-0123456789abcdef0", port: 443, cidr: undefined, securityGroupId: "sg-0123456789abcdef0", description: "Neo4j HTTPS API and Browser from ci runners" },
      { id: "ingress_http_10-1-0-0-16", port: 7474, cidr: "10.1.0.0/16", securityGroupId: undefined, description: "Neo4j HTTP API from apps" },
      { id: "ingress_http_sg-0123456789abcdef0", port: 7474, cidr: undefined, securityGroupId: "sg-0123456789abcdef0", description: "Neo4j HTTP API from ci runners" },
    ]);
  });

  test("the opt-in adds 0.0.0.0/0 with its own description, next to the listed sources", () => {
    expect(endpointIngressRules({ product: "virtual-dedicated-cloud", allowedCidrs: cidrs, allowedSecurityGroups: [], allowAnyIpv4Source: true }).filter((r) => r.port === 7687)).toEqual([
      { id: "ingress_bolt_10-0-0-0-16", port: 7687, cidr: "10.0.0.0/16", securityGroupId: undefined, description: "Neo4j Bolt (drivers, cypher-shell) from apps" },
      { id: "ingress_bolt_0-0-0-0-0", port: 7687, cidr: "0.0.0.0/0", securityGroupId: undefined, description: "Neo4j Bolt (drivers, cypher-shell) from any IPv4 address (allowAnyIpv4Source: true in the config)" },
    ]);
  });

  test("0.0.0.0/0 listed and opted in is one rule per port, with the listed description", () => {
    const rules = endpointIngressRules({ product: "virtual-dedicated-cloud", allowedCidrs: [{ cidr: "0.0.0.0/0", description: "everyone, on purpose" }], allowedSecurityGroups: [], allowAnyIpv4Source: true });
    expect(rules.map((r) => [r.id, r.description])).toEqual([
      ["ingress_bolt_0-0-0-0-0", "Neo4j Bolt (drivers, cypher-shell) from everyone, on purpose"],
      ["ingress_https_0-0-0-0-0", "Neo4j HTTPS API and Browser from everyone, on purpose"],
      ["ingress_http_0-0-0-0-0", "Neo4j HTTP API from everyone, on purpose"],
    ]);
  });

  test("the opt-in false adds nothing", () => {
    expect(endpointIngressRules({ product: "virtual-dedicated-cloud", allowedCidrs: cidrs, allowedSecurityGroups: [], allowAnyIpv4Source: false }).map((r) => r.cidr)).toEqual(["10.0.0.0/16", "10.0.0.0/16", "10.0.0.0/16"]);
  });

  test("descriptions are cut at 255 characters (the AWS limit), not before", () => {
    const prefix = "Neo4j Bolt (drivers, cypher-shell) from ";
    const fits = "f".repeat(255 - prefix.length);
    const rules = endpointIngressRules({
      product: "virtual-dedicated-cloud",
      allowedCidrs: [{ cidr: "10.0.0.0/16", description: fits }, { cidr: "10.2.0.0/16", description: `${fits}XYZ` }],
      allowedSecurityGroups: [],
    });
    expect(rules[0]!.description).toBe(`${prefix}${fits}`);
    expect(rules[0]!.description).toHaveLength(255);
    expect(rules[1]!.description).toBe(`${prefix}${fits}`);
  });

  test("every dot and slash of a source becomes a dash in the id, not only the first", () => {
    expect(endpointIngressRules({ product: "virtual-dedicated-cloud", allowedCidrs: [{ cidr: "192.168.100.0/24", description: "lab" }], allowedSecurityGroups: [] })[0]!.id).toBe("ingress_bolt_192-168-100-0-24");
  });
});

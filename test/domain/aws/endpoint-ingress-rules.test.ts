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

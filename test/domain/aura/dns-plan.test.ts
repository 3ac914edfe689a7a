import { crossRegionDnsProblems, planRegionDns, type RegionDnsInput } from "../../../domain/aura/dns-plan";
import { zoneConstructId } from "../../../domain/aura/dns-ids";

function region(overrides: Partial<RegionDnsInput> = {}): RegionDnsInput {
  return {
    stack: "aura-aws-us-east-1",
    configPath: "regions[0]",
    orchestrations: ["0000"],
    customEndpoints: [],
    customEndpointRecords: "per-endpoint",
    networks: ["aws:vpc-1"],
    existingZones: {},
    ...overrides,
  };
}

const fqdns = (input: RegionDnsInput) => planRegionDns(input).flatMap((z) => z.records.map((r) => r.fqdn));

describe("planRegionDns", () => {
  test.each<[string, Partial<RegionDnsInput>, string[]]>([
    ["one orch, no custom endpoints", {}, ["*.production-orch-0000.neo4j.io"]],
    ["two orchs, sorted", { orchestrations: ["00b2", "0001"] }, ["*.production-orch-0001.neo4j.io", "*.production-orch-00b2.neo4j.io"]],
    [
      "per-endpoint custom endpoint: the five records of reference 001",
      { customEndpoints: ["my-endpoint-abcdef-123456"] },
      [
        "*.production-orch-0000.neo4j.io",
        "my-endpoint-abcdef-123456.endpoints.neo4j.io",
        "a-my-endpoint-abcdef-123456.endpoints.neo4j.io",
        "b-my-endpoint-abcdef-123456.endpoints.neo4j.io",
        "c-my-endpoint-abcdef-123456.endpoints.neo4j.io",
        "d-my-endpoint-abcdef-123456.endpoints.neo4j.io",
      ],
    ],
    ["wildcard custom endpoints: one record whatever the count", { customEndpoints: ["x", "y"], customEndpointRecords: "wildcard" }, ["*.production-orch-0000.neo4j.io", "*.endpoints.neo4j.io"]],
    ["two endpoints per-endpoint: ten records", { orchestrations: [], customEndpoints: ["b", "a"] }, ["a", "a-a", "b-a", "c-a", "d-a", "b", "a-b", "b-b", "c-b", "d-b"].map((l) => `${l}.endpoints.neo4j.io`)],
  ])("%s", (_name, overrides, expected) => {
    expect(fqdns(region(overrides))).toEqual(expected);
  });

  test("existing zones are used instead of created", () => {
    const zones = planRegionDns(region({ customEndpoints: ["a"], customEndpointZones: "domain", existingZones: { "endpoints.neo4j.io": "Z123" } }));
    expect(zones.map((z) => [z.domain, z.purpose, z.existingZoneId])).toEqual([
      ["production-orch-0000.neo4j.io", "orchestration", undefined],
      ["endpoints.neo4j.io", "custom-endpoints", "Z123"],
    ]);
  });
});

describe("construct ids of DNS resources", () => {
  test.each([
    ["production-orch-0000.neo4j.io", "zone_orch-0000"],
    ["endpoints.neo4j.io", "zone_endpoints"],
  ])("%s", (domain, zoneId) => {
    expect(zoneConstructId(domain)).toBe(zoneId);
  });
});

describe("crossRegionDnsProblems", () => {
  const east = region({ customEndpoints: ["east-ep"] });
  const west = region({ stack: "aura-aws-us-west-2", configPath: "regions[1]", orchestrations: ["0001"], networks: ["aws:vpc-2"], customEndpoints: ["west-ep"] });

  test("regions on separate networks are fine, wildcard included", () => {
    expect(crossRegionDnsProblems([{ ...east, customEndpointRecords: "wildcard" }, west])).toEqual([]);
  });

  test("wildcard custom endpoint records are refused when another region shares the network, and the message says why", () => {
    const problems = crossRegionDnsProblems([
      { ...east, customEndpointRecords: "wildcard", existingZones: { "endpoints.neo4j.io": "Z1" } },
      { ...west, networks: ["aws:vpc-1"], existingZones: { "endpoints.neo4j.io": "Z1" } },
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('regions[0].dns.customEndpointRecords: got "wildcard"');
    expect(problems[0]).toContain("network aws:vpc-1 is linked to 2 regions (aura-aws-us-east-1, aura-aws-us-west-2)");
    expect(problems[0]).toContain("sends every custom endpoint to one region's private endpoint");
    expect(problems[0]).toContain('Use "per-endpoint"');
  });

  test("a wildcard region without custom endpoints creates no wildcard record and is not refused", () => {
    const problems = crossRegionDnsProblems([
      { ...east, customEndpoints: [], customEndpointRecords: "wildcard" },
      { ...west, networks: ["aws:vpc-1"] },
    ]);
    expect(problems).toEqual([]);
  });

  test("two regions creating endpoints.neo4j.io for one network are told to share one zone", () => {
    const problems = crossRegionDnsProblems([{ ...east, customEndpointZones: "domain" }, { ...west, customEndpointZones: "domain", networks: ["aws:vpc-9", "aws:vpc-1"] }]);
    expect(problems).toEqual([
      expect.stringContaining('regions[0] and regions[1] would each create a private zone endpoints.neo4j.io for network aws:vpc-1'),
    ]);
    expect(problems[0]).toContain('dns.existingZones["endpoints.neo4j.io"]');
  });

  test("records put into another region's zone must reach every network of their region", () => {
    // eu-central-1 (vpc-2) also serves the us-east-1 app VPC (vpc-1), whose region creates endpoints.neo4j.io.
    const euc = { ...west, customEndpointZones: "domain" as const, networks: ["aws:vpc-2", "aws:vpc-1"], existingZones: { "endpoints.neo4j.io": "Z0123456789ABCDEFGHIJ" } };
    const eastDomain = { ...east, customEndpointZones: "domain" as const };
    expect(crossRegionDnsProblems([eastDomain, euc])).toEqual([
      'regions[1].dns.existingZones["endpoints.neo4j.io"]: got "Z0123456789ABCDEFGHIJ"; that zone is the one regions[0] (aura-aws-us-east-1) creates, ' +
        "attached to its networks only (aws:vpc-1), so aws:vpc-2 of regions[1] would not see aura-aws-us-west-2's records and would resolve them publicly. " +
        "Add it to regions[0]'s networks (AWS: network.additionalVpcs with the region).",
    ]);
    expect(crossRegionDnsProblems([{ ...eastDomain, networks: ["aws:vpc-1", "aws:vpc-2"] }, euc])).toEqual([]);
    // A zone made outside this config is not second-guessed.
    expect(crossRegionDnsProblems([{ ...eastDomain, customEndpoints: [] }, euc])).toEqual([]);
  });

  test("regions that create no zone (DNS elsewhere, GCP response policy) never conflict on zone names", () => {
    expect(crossRegionDnsProblems([east, { ...west, networks: ["aws:vpc-1"], createsZones: false }])).toEqual([]);
  });

  test("an orchestration listed by two regions is refused", () => {
    const problems = crossRegionDnsProblems([east, { ...west, orchestrations: ["0000"] }]);
    expect(problems).toEqual(['regions[1].orchestrations: got "0000", already listed by regions[0] (aura-aws-us-east-1); an orchestration lives in one region.']);
  });

  test("a custom endpoint listed by two regions is refused", () => {
    const problems = crossRegionDnsProblems([east, { ...west, customEndpoints: ["east-ep"] }]);
    expect(problems).toEqual([expect.stringContaining('regions[1].dns.customEndpoints: got "east-ep", already listed by regions[0]')]);
  });

  test("networks are compared across clouds by their namespaced ids", () => {
    const gcp = region({ stack: "aura-gcp-europe-west1", configPath: "regions[1]", orchestrations: ["0002"], networks: ["aws:vpc-1"], customEndpoints: ["g"], customEndpointRecords: "wildcard", existingZones: { "endpoints.neo4j.io": "zone" } });
    const problems = crossRegionDnsProblems([{ ...east, existingZones: { "endpoints.neo4j.io": "zone" } }, gcp]);
    expect(problems).toEqual([expect.stringContaining('regions[1].dns.customEndpointRecords: got "wildcard"')]);
  });
});

import { crossRegionDnsProblems, hiddenNameWarnings, planRegionDns, type RegionDnsInput } from "../../../domain/aura/dns-plan";
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

describe("hiddenNameWarnings: the messages written out", () => {
  test("the wildcard, with the networks listed without their namespace and resolvers left out", () => {
    expect(hiddenNameWarnings(region({ customEndpoints: ["e"], customEndpointRecords: "wildcard", networks: ["aws:vpc-1", "resolver:rslvr-1", "aws:vpc-2"] }))).toEqual([
      'regions[0].dns.customEndpointRecords is "wildcard": inside vpc-1, vpc-2, every name under endpoints.neo4j.io (custom endpoints of other regions and other Aura projects too) resolves to this region\'s private endpoint. ' +
        'Use "per-endpoint" (with the default per-name zones) if any other custom endpoint must stay reachable from these networks.',
    ]);
  });

  test("an existing zone for the domain, custom endpoints sorted, only resolvers as networks", () => {
    expect(
      hiddenNameWarnings(region({ customEndpoints: ["b-ep", "a-ep"], customEndpointZones: "domain", networks: ["resolver:corp"], existingZones: { "endpoints.neo4j.io": "Z1" } })),
    ).toEqual([
      'regions[0].dns.customEndpointZones is "domain": the existing private zone for all of endpoints.neo4j.io answers NXDOMAIN for every name it does not hold, so inside the region\'s networks ' +
        "every custom endpoint other than a-ep, b-ep stops resolving (private zones do not fall back to public DNS). Leave customEndpointZones out (per-name zones) unless that is what you want.",
    ]);
  });

  test("a region that creates no zone warns of nothing, whatever its layout", () => {
    expect(hiddenNameWarnings(region({ customEndpoints: ["e"], customEndpointRecords: "wildcard", createsZones: false }))).toEqual([]);
  });

  test("createsZones true is the default", () => {
    expect(hiddenNameWarnings(region({ customEndpoints: ["e"], customEndpointRecords: "wildcard", createsZones: true }))).toHaveLength(1);
  });
});

describe("crossRegionDnsProblems: messages and variants", () => {
  const east = region({ customEndpoints: ["east-ep"] });
  const west = region({ stack: "aura-aws-us-west-2", configPath: "regions[1]", orchestrations: ["0001"], networks: ["aws:vpc-2"], customEndpoints: ["west-ep"] });

  test("the wildcard on a shared network: the whole message", () => {
    expect(crossRegionDnsProblems([{ ...east, customEndpointRecords: "wildcard" }, { ...west, networks: ["aws:vpc-1"], customEndpoints: [] }])).toEqual([
      'regions[0].dns.customEndpointRecords: got "wildcard"; network aws:vpc-1 is linked to 2 regions (aura-aws-us-east-1, aura-aws-us-west-2), and a wildcard *.endpoints.neo4j.io record sends every custom endpoint ' +
        "to one region's private endpoint, which breaks custom endpoints of the other regions linked to the same network " +
        '(see the "Alternative wildcard approach" warning in Aura\'s custom endpoint documentation). Use "per-endpoint".',
    ]);
  });

  test("problems come in the order of the network ids, not of the regions", () => {
    const wild = { ...east, customEndpointRecords: "wildcard" as const, networks: ["aws:vpc-2", "aws:vpc-1"] };
    const onTwo = { ...west, customEndpoints: [], networks: ["aws:vpc-2"] };
    const onOne = region({ stack: "aura-aws-eu-west-1", configPath: "regions[2]", orchestrations: ["0002"], networks: ["aws:vpc-1"] });
    expect(crossRegionDnsProblems([wild, onTwo, onOne]).map((p) => /^regions\[0\]\.dns\.customEndpointRecords: got "wildcard"; network (\S+) is linked/.exec(p)?.[1])).toEqual(["aws:vpc-1", "aws:vpc-2"]);
  });

  test("two regions creating one zone on a shared network: the whole message", () => {
    expect(crossRegionDnsProblems([{ ...east, customEndpointZones: "domain" }, { ...west, customEndpointZones: "domain", networks: ["aws:vpc-1"] }])).toEqual([
      "regions[0] and regions[1] would each create a private zone endpoints.neo4j.io for network aws:vpc-1; one network can use only one zone of a name. " +
        "Create it in one region, list the others' networks among that region's networks (AWS: network.additionalVpcs) so they see it, " +
        'and give its id (the zone_ids output of its stack) in dns.existingZones["endpoints.neo4j.io"] of the others.',
    ]);
  });

  test("a region that creates no zone is no second creator of a zone, whatever its layout", () => {
    expect(crossRegionDnsProblems([{ ...east, customEndpointZones: "domain" }, { ...west, customEndpointZones: "domain", networks: ["aws:vpc-1"], createsZones: false }])).toEqual([]);
  });

  describe("records put into another region's zone", () => {
    const creator = { ...east, customEndpointZones: "domain" as const };
    const user = (over: Partial<RegionDnsInput>) => ({ ...west, customEndpointZones: "domain" as const, existingZones: { "endpoints.neo4j.io": "Z9" }, ...over });

    test("two networks missing: both named, and 'them'", () => {
      expect(crossRegionDnsProblems([{ ...creator, networks: ["aws:vpc-1", "aws:vpc-5"] }, user({ networks: ["aws:vpc-2", "aws:vpc-1", "aws:vpc-3"] })])).toEqual([
        'regions[1].dns.existingZones["endpoints.neo4j.io"]: got "Z9"; that zone is the one regions[0] (aura-aws-us-east-1) creates, ' +
          "attached to its networks only (aws:vpc-1, aws:vpc-5), so aws:vpc-2, aws:vpc-3 of regions[1] would not see aura-aws-us-west-2's records and would resolve them publicly. " +
          "Add them to regions[0]'s networks (AWS: network.additionalVpcs with the region).",
      ]);
    });

    test("a resolver among the user's networks is never reported as missing", () => {
      const problems = crossRegionDnsProblems([creator, user({ networks: ["aws:vpc-2", "aws:vpc-1", "resolver:rslvr-1"] })]);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain("so aws:vpc-2 of regions[1] would not see");
    });

    test("a resolver shared with a region is no shared network: the zone is not taken for that region's", () => {
      expect(crossRegionDnsProblems([{ ...creator, networks: ["aws:vpc-1", "resolver:rslvr-1"] }, user({ networks: ["aws:vpc-2", "resolver:rslvr-1"] })])).toEqual([]);
    });

    test("the region making a zone of that name on another network is not its creator", () => {
      expect(crossRegionDnsProblems([{ ...creator, networks: ["aws:vpc-7"] }, user({ networks: ["aws:vpc-2"] })])).toEqual([]);
    });

    test("a region sharing one of several networks is the creator", () => {
      expect(crossRegionDnsProblems([{ ...creator, networks: ["aws:vpc-1", "aws:vpc-4"] }, user({ networks: ["aws:vpc-2", "aws:vpc-1"] })])).toEqual([expect.stringContaining("so aws:vpc-2 of regions[1] would not see")]);
    });

    test("a creator that creates no zone is none", () => {
      expect(crossRegionDnsProblems([{ ...creator, createsZones: false }, user({ networks: ["aws:vpc-2", "aws:vpc-1"] })])).toEqual([]);
    });

    test("a user that creates no zone puts no records anywhere: nothing to reach", () => {
      expect(crossRegionDnsProblems([creator, user({ networks: ["aws:vpc-2", "aws:vpc-1"], createsZones: false })])).toEqual([]);
    });
  });
});

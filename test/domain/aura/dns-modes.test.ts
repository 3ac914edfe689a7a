import { crossRegionDnsProblems, effectiveCustomEndpointZones, hiddenNameWarnings, planRegionDns, type RegionDnsInput } from "../../../domain/aura/dns-plan";

/**
 * The layouts of custom endpoint records (per-name zones, one zone for the domain, the wildcard) and the
 * refusals across regions, which must hold in each of them.
 */

function region(overrides: Partial<RegionDnsInput> = {}): RegionDnsInput {
  return {
    stack: "aura-aws-us-east-1",
    configPath: "regions[0]",
    orchestrations: ["0000"],
    customEndpoints: ["east-ep"],
    customEndpointRecords: "per-endpoint",
    networks: ["aws:vpc-1"],
    existingZones: {},
    ...overrides,
  };
}
const west = (overrides: Partial<RegionDnsInput> = {}) =>
  region({ stack: "aura-aws-us-west-2", configPath: "regions[1]", orchestrations: ["0001"], customEndpoints: ["west-ep"], networks: ["aws:vpc-2"], ...overrides });

type Mode = Pick<RegionDnsInput, "customEndpointRecords" | "customEndpointZones">;
const MODES: Array<[string, Mode]> = [
  ["per-name zones (default)", { customEndpointRecords: "per-endpoint" }],
  ["one zone for the domain", { customEndpointRecords: "per-endpoint", customEndpointZones: "domain" }],
  ["wildcard", { customEndpointRecords: "wildcard" }],
];

describe("planRegionDns: zones of custom endpoint records", () => {
  test("default: a zone per record name, the record at its apex, nothing for the rest of the domain", () => {
    const zones = planRegionDns(region());
    expect(zones.map((z) => [z.domain, z.purpose])).toEqual([
      ["production-orch-0000.neo4j.io", "orchestration"],
      ...["east-ep", "a-east-ep", "b-east-ep", "c-east-ep", "d-east-ep"].map((l) => [`${l}.endpoints.neo4j.io`, "custom-endpoint-name"]),
    ]);
    for (const z of zones.slice(1)) expect(z.records).toEqual([{ label: "@", fqdn: z.domain }]);
    expect(zones.some((z) => z.domain === "endpoints.neo4j.io")).toBe(false);
  });

  test.each<[Mode, "per-name" | "domain"]>([
    [{ customEndpointRecords: "per-endpoint" }, "per-name"],
    [{ customEndpointRecords: "per-endpoint", customEndpointZones: "domain" }, "domain"],
    [{ customEndpointRecords: "wildcard", customEndpointZones: "per-name" }, "domain"],
  ])("effective layout of %j is %s", (mode, expected) => {
    expect(effectiveCustomEndpointZones(mode)).toBe(expected);
  });

  test.each(MODES)("%s: the same names must resolve", (_name, mode) => {
    const names = planRegionDns(region(mode)).flatMap((z) => z.records.map((r) => r.fqdn));
    expect(names[0]).toBe("*.production-orch-0000.neo4j.io");
    if (mode.customEndpointRecords === "wildcard") expect(names.slice(1)).toEqual(["*.endpoints.neo4j.io"]);
    else expect(names.slice(1)).toEqual(["east-ep", "a-east-ep", "b-east-ep", "c-east-ep", "d-east-ep"].map((l) => `${l}.endpoints.neo4j.io`));
  });
});

describe("hiddenNameWarnings", () => {
  test("per-name zones hide nothing: no warning", () => {
    expect(hiddenNameWarnings(region())).toEqual([]);
  });

  test("a zone for the domain says which names stop resolving, where, and what to do instead", () => {
    expect(hiddenNameWarnings(region({ customEndpointZones: "domain", networks: ["aws:vpc-1", "resolver:corp"] }))).toEqual([
      'regions[0].dns.customEndpointZones is "domain": a private zone for all of endpoints.neo4j.io answers NXDOMAIN for every name it does not hold, so inside vpc-1 ' +
        "every custom endpoint other than east-ep stops resolving (private zones do not fall back to public DNS). Leave customEndpointZones out (per-name zones) unless that is what you want.",
    ]);
  });

  test("the wildcard says every name goes to this region's endpoint", () => {
    expect(hiddenNameWarnings(region({ customEndpointRecords: "wildcard" }))).toEqual([expect.stringContaining("every name under endpoints.neo4j.io (custom endpoints of other regions and other Aura projects too) resolves to this region's private endpoint")]);
  });

  test("no warning without custom endpoints, or when the region creates no zone", () => {
    expect(hiddenNameWarnings(region({ customEndpoints: [], customEndpointZones: "domain" }))).toEqual([]);
    expect(hiddenNameWarnings(region({ customEndpointZones: "domain", createsZones: false }))).toEqual([]);
  });
});

describe("refusals across regions hold in every layout", () => {
  test.each(MODES)("%s: the cross-region wildcard is refused on a shared network, and only the wildcard", (_name, mode) => {
    const problems = crossRegionDnsProblems([region({ ...mode }), west({ ...mode, networks: ["aws:vpc-1"] })]);
    if (mode.customEndpointRecords === "wildcard") {
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringContaining('regions[0].dns.customEndpointRecords: got "wildcard"; network aws:vpc-1 is linked to 2 regions'),
          expect.stringContaining('regions[1].dns.customEndpointRecords: got "wildcard"'),
        ]),
      );
    } else {
      expect(problems.filter((p) => p.includes('"wildcard"'))).toEqual([]);
    }
  });

  test.each(MODES)("%s: a wildcard region sharing a network with a region of this layout is refused", (_name, mode) => {
    const problems = crossRegionDnsProblems([region({ customEndpointRecords: "wildcard" }), west({ ...mode, networks: ["aws:vpc-1"] })]);
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining('regions[0].dns.customEndpointRecords: got "wildcard"')]));
  });

  // Orchestrations are unique to a region, so the colliding zone is the custom endpoints' whole-domain zone.
  test.each(MODES.filter(([, mode]) => effectiveCustomEndpointZones(mode) === "domain"))("%s: two regions creating a zone of one name for one network are refused", (_name, mode) => {
    const problems = crossRegionDnsProblems([region(mode), west({ ...mode, networks: ["aws:vpc-1"] })]);
    expect(problems.filter((p) => p.includes("would each create a private zone"))).toEqual([
      expect.stringContaining("regions[0] and regions[1] would each create a private zone endpoints.neo4j.io for network aws:vpc-1"),
    ]);
  });

  test("per-name zones of different endpoints never share a name: two regions on one network create no zone twice", () => {
    const mode: Mode = { customEndpointRecords: "per-endpoint" };
    const problems = crossRegionDnsProblems([region(mode), west({ ...mode, networks: ["aws:vpc-1"] })]);
    expect(problems.filter((p) => p.includes("would each create a private zone"))).toEqual([]);
  });

  test.each(MODES)("%s: a custom endpoint listed by two regions is refused", (_name, mode) => {
    const problems = crossRegionDnsProblems([region(mode), west({ ...mode, customEndpoints: ["east-ep"] })]);
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining('regions[1].dns.customEndpoints: got "east-ep", already listed by regions[0]')]));
  });

  // Only whole-domain layouts put one region's records into a zone another region creates.
  test.each(MODES.filter(([, mode]) => effectiveCustomEndpointZones(mode) === "domain"))("%s: records put into another region's zone must reach every network of their region", (_name, mode) => {
    const problems = crossRegionDnsProblems([region(mode), west({ ...mode, networks: ["aws:vpc-2", "aws:vpc-1"], existingZones: { "endpoints.neo4j.io": "Z1" } })]);
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining('regions[1].dns.existingZones["endpoints.neo4j.io"]: got "Z1"; that zone is the one regions[0]')]));
  });

  test("per-name zones belong to one endpoint: a region naming another region's orchestration zone puts no records there, so nothing is refused", () => {
    const mode: Mode = { customEndpointRecords: "per-endpoint" };
    expect(effectiveCustomEndpointZones(mode)).toBe("per-name");
    const problems = crossRegionDnsProblems([
      region({ ...mode, customEndpoints: [] }),
      west({ ...mode, customEndpoints: [], networks: ["aws:vpc-2", "aws:vpc-1"], existingZones: { "production-orch-0000.neo4j.io": "Z1" } }),
    ]);
    expect(problems).toEqual([]);
  });
});

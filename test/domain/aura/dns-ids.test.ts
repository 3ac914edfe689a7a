import { ENDPOINT_NAMES_KEY, zoneConstructId, zoneKey } from "../../../domain/aura/dns-ids";

/** domain/aura/dns-ids.ts: construct ids of zones, with near-misses of the orchestration and endpoints domains. */

describe("zoneKey and zoneConstructId", () => {
  test.each([
    ["production-orch-0003.neo4j.io", "orch-0003"],
    ["production-orch-ab12.neo4j.io", "orch-ab12"],
    ["endpoints.neo4j.io", "endpoints"],
    // Near-misses of the orchestration domain: junk before, after, or in the wrong place.
    ["xproduction-orch-0003.neo4j.io", "xproduction-orch-0003-neo4j-io"],
    ["production-orch-0003.neo4j.io.example.com", "production-orch-0003-neo4j-io-example-com"],
    ["production-orch-0003xneo4j.io", "production-orch-0003xneo4j-io"],
    ["production-orch-.neo4j.io", "production-orch--neo4j-io"],
    ["production-orch-AB12.neo4j.io", "production-orch---12-neo4j-io"],
    // Near-misses of the endpoints domain.
    ["my.endpoints.neo4j.io", "my-endpoints-neo4j-io"],
    ["endpoints.neo4j.io.", "endpoints-neo4j-io-"],
    // Anything else: characters other than lowercase letters, digits and dashes become dashes.
    ["a-my-ep.endpoints.neo4j.io", "a-my-ep-endpoints-neo4j-io"],
    ["corp.example.com", "corp-example-com"],
    ["Corp_Example.com", "-orp--xample-com"],
    ["", ""],
  ])("%j -> %j", (domain, key) => {
    expect(zoneKey(domain)).toBe(key);
    expect(zoneConstructId(domain)).toBe(`zone_${key}`);
  });

  test("the construct id of an orchestration zone and the per-name zones' key", () => {
    expect(zoneConstructId("production-orch-0003.neo4j.io")).toBe("zone_orch-0003");
    expect(ENDPOINT_NAMES_KEY).toBe("endpoint_names");
  });
});

import fc from "fast-check";
import { accessNetworkDependencies, neo4jUrlHost, regionServing, type AccessNetworkNeeds, type NetworkRegion } from "../../../domain/aura/access-networks";

const east: NetworkRegion = {
  stack: "aura-aws-us-east-1",
  configPath: "regions[0]",
  orchestrations: ["0000"],
  customEndpoints: ["orders-abcdef-123456"],
  customEndpointRecords: "per-endpoint",
  vpcs: [
    { vpcId: "vpc-0a1b2c3d4e5f60718", region: "us-east-1" },
    { vpcId: "vpc-0b1b2c3d4e5f60718", region: "us-west-2" },
  ],
};
const west: NetworkRegion = {
  stack: "aura-aws-eu-west-1",
  configPath: "regions[1]",
  orchestrations: ["0001"],
  customEndpoints: ["analytics-fedcba-654321"],
  customEndpointRecords: "wildcard",
  vpcs: [{ vpcId: "vpc-0f1e2d3c4b5a69788", region: "eu-west-1" }],
};
const gcp: NetworkRegion = {
  stack: "aura-gcp-europe-west1",
  configPath: "regions[2]",
  orchestrations: ["0002"],
  customEndpoints: [],
  customEndpointRecords: "per-endpoint",
  vpcs: [],
};
const regions = [east, west, gcp];

const needs = (over: Partial<AccessNetworkNeeds>): AccessNetworkNeeds => ({ connectionUri: "neo4j+s://dbms-a.internal.acme.example:7687", remoteAliasUrls: [], ...over });

describe("neo4jUrlHost", () => {
  test.each([
    ["neo4j+s://abcd1234.production-orch-0000.neo4j.io:7687", "abcd1234.production-orch-0000.neo4j.io"],
    ["neo4j+s://ABCD1234.Production-Orch-0000.NEO4J.io", "abcd1234.production-orch-0000.neo4j.io"],
    ["neo4j+s://abcd1234.production-orch-0000.neo4j.io.:7687/db", "abcd1234.production-orch-0000.neo4j.io"],
    ["bolt://user@orders-abcdef-123456.endpoints.neo4j.io", "orders-abcdef-123456.endpoints.neo4j.io"],
    ["bolt://127.0.0.1:7687", "127.0.0.1"],
    ["bolt://[::1]:7687", "[::1]"],
    ["not a url", null],
    ["neo4j+s://", null],
  ])("%s -> %s", (url, host) => {
    expect(neo4jUrlHost(url)).toBe(host);
  });
});

describe("regionServing", () => {
  test.each([
    ["a database of its orchestration", east, "abcd1234.production-orch-0000.neo4j.io", "its orchestration 0000 (production-orch-0000.neo4j.io)"],
    ["the orchestration domain itself", east, "production-orch-0000.neo4j.io", "its orchestration 0000 (production-orch-0000.neo4j.io)"],
    ["another orchestration", east, "abcd1234.production-orch-0001.neo4j.io", null],
    ["a look-alike domain", east, "abcd1234.production-orch-0000.neo4j.io.evil.example", null],
    ["an orchestration id that only starts the same", east, "x.production-orch-00000.neo4j.io", null],
    ["its custom endpoint", east, "orders-abcdef-123456.endpoints.neo4j.io", "its custom endpoint orders-abcdef-123456"],
    ["a zonal name of its custom endpoint", east, "c-orders-abcdef-123456.endpoints.neo4j.io", "its custom endpoint orders-abcdef-123456"],
    ["another custom endpoint, per-endpoint records", east, "billing-abcdef-345678.endpoints.neo4j.io", null],
    ["another custom endpoint, wildcard records", west, "billing-abcdef-345678.endpoints.neo4j.io", "its wildcard *.endpoints.neo4j.io"],
    ["a two-label name under the wildcard (not matched by *)", west, "a.b.endpoints.neo4j.io", null],
    ["a self-managed host", east, "dbms-a.internal.acme.example", null],
  ])("%s", (_name, region, host, expected) => {
    expect(regionServing(region, host)).toBe(expected);
  });
});

describe("accessNetworkDependencies", () => {
  test.each<[string, Partial<AccessNetworkNeeds>, Array<{ stack: string; reasons: string[] }>]>([
    ["a self-managed DBMS with the local-exec runner needs no network", {}, []],
    [
      "the connection under an orchestration",
      { connectionUri: "neo4j+s://abcd1234.production-orch-0001.neo4j.io" },
      [{ stack: "aura-aws-eu-west-1", reasons: ["neo4jAccess.connection.uri (abcd1234.production-orch-0001.neo4j.io) is served by regions[1]: its orchestration 0001 (production-orch-0001.neo4j.io)"] }],
    ],
    [
      "a remote alias under an orchestration (the example: DBMS A reaches Aura through us-east-1)",
      { remoteAliasUrls: ["neo4j+s://abcd1234.production-orch-0000.neo4j.io:7687"] },
      [{ stack: "aura-aws-us-east-1", reasons: ["neo4jAccess.remoteAliases[0].url (abcd1234.production-orch-0000.neo4j.io) is served by regions[0]: its orchestration 0000 (production-orch-0000.neo4j.io)"] }],
    ],
    [
      "the Lambda runner in a VPC the zones are attached to",
      { lambdaVpc: { vpcId: "vpc-0b1b2c3d4e5f60718", region: "us-west-2" } },
      [{ stack: "aura-aws-us-east-1", reasons: ["neo4jAccess.runner (a Lambda in vpc-0b1b2c3d4e5f60718, us-west-2) runs in regions[0]'s network"] }],
    ],
    ["the Lambda runner in a VPC id of another region", { lambdaVpc: { vpcId: "vpc-0b1b2c3d4e5f60718", region: "us-east-1" } }, []],
    [
      "the connection from an environment variable: every network first",
      { connectionUri: { env: "NEO4J_URI" } },
      ["aura-aws-us-east-1", "aura-aws-eu-west-1", "aura-gcp-europe-west1"].map((stack) => ({
        stack,
        reasons: ["neo4jAccess.connection.uri is read from $NEO4J_URI at apply time, so any network may be the one it needs"],
      })),
    ],
    [
      "two reasons for one region, and a second region; listed in config order",
      {
        connectionUri: "neo4j+s://x.production-orch-0002.neo4j.io",
        remoteAliasUrls: ["neo4j+s://a.production-orch-0000.neo4j.io", "neo4j+s://b.production-orch-0000.neo4j.io"],
      },
      [
        {
          stack: "aura-aws-us-east-1",
          reasons: [
            "neo4jAccess.remoteAliases[0].url (a.production-orch-0000.neo4j.io) is served by regions[0]: its orchestration 0000 (production-orch-0000.neo4j.io)",
            "neo4jAccess.remoteAliases[1].url (b.production-orch-0000.neo4j.io) is served by regions[0]: its orchestration 0000 (production-orch-0000.neo4j.io)",
          ],
        },
        { stack: "aura-gcp-europe-west1", reasons: ["neo4jAccess.connection.uri (x.production-orch-0002.neo4j.io) is served by regions[2]: its orchestration 0002 (production-orch-0002.neo4j.io)"] },
      ],
    ],
    [
      "a custom endpoint served per-endpoint in one region and by another region's wildcard: both",
      { connectionUri: "neo4j+s://orders-abcdef-123456.endpoints.neo4j.io" },
      [
        { stack: "aura-aws-us-east-1", reasons: ["neo4jAccess.connection.uri (orders-abcdef-123456.endpoints.neo4j.io) is served by regions[0]: its custom endpoint orders-abcdef-123456"] },
        { stack: "aura-aws-eu-west-1", reasons: ["neo4jAccess.connection.uri (orders-abcdef-123456.endpoints.neo4j.io) is served by regions[1]: its wildcard *.endpoints.neo4j.io"] },
      ],
    ],
  ])("%s", (_name, over, expected) => {
    expect(accessNetworkDependencies(needs(over), regions)).toEqual(expected);
  });

  test("no regions, no dependencies, whatever the access needs", () => {
    expect(accessNetworkDependencies(needs({ connectionUri: { env: "X" }, lambdaVpc: east.vpcs[0] }), [])).toEqual([]);
  });

  // The URLs come from the config: whatever they hold, the answer names only configured stacks, each once,
  // and a host no region serves adds nothing.
  test("property: only configured stacks, each once, and never for a host outside neo4j.io", () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string(), { maxLength: 4 }), (uri, aliases) => {
        const deps = accessNetworkDependencies(needs({ connectionUri: uri, remoteAliasUrls: aliases }), regions);
        const stacks = deps.map((d) => d.stack);
        expect(new Set(stacks).size).toBe(stacks.length);
        for (const s of stacks) expect(regions.map((r) => r.stack)).toContain(s);
        const hosts = [uri, ...aliases].map(neo4jUrlHost);
        if (hosts.every((h) => h === null || !h.endsWith(".neo4j.io"))) expect(deps).toEqual([]);
      }),
    );
  });
});

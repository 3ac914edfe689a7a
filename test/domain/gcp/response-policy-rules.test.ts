import type { PlannedZone } from "../../../domain/aura/dns-plan";
import { responsePolicyRules, type ZoneRules } from "../../../domain/gcp/response-policy-rules";

/**
 * domain/gcp/response-policy-rules.ts: a rule per record, and an apex rule for a zone served by a wildcard
 * (a `*.d` rule does not answer `d`). Zones and expected rules written out.
 */

const orch = (id: string): PlannedZone => ({
  domain: `production-orch-${id}.neo4j.io`,
  purpose: "orchestration",
  records: [{ label: "*", fqdn: `*.production-orch-${id}.neo4j.io` }],
});

describe("responsePolicyRules", () => {
  test.each<[string, PlannedZone[], ZoneRules[]]>([
    ["no zones", [], []],
    [
      "an orchestration zone: apex and wildcard",
      [orch("0003")],
      [
        {
          domain: "production-orch-0003.neo4j.io",
          zoneKey: "orch-0003",
          rules: [
            { key: "apex", ruleName: "orch-0003-apex", dnsName: "production-orch-0003.neo4j.io." },
            { key: "*", ruleName: "orch-0003-wildcard", dnsName: "*.production-orch-0003.neo4j.io." },
          ],
        },
      ],
    ],
    [
      "custom endpoints without a wildcard: no apex rule",
      [
        {
          domain: "endpoints.neo4j.io",
          purpose: "custom-endpoints",
          records: [
            { label: "a-my-ep", fqdn: "a-my-ep.endpoints.neo4j.io" },
            { label: "b-my-ep", fqdn: "b-my-ep.endpoints.neo4j.io" },
          ],
        },
      ],
      [
        {
          domain: "endpoints.neo4j.io",
          zoneKey: "endpoints",
          rules: [
            { key: "a-my-ep", ruleName: "endpoints-a-my-ep", dnsName: "a-my-ep.endpoints.neo4j.io." },
            { key: "b-my-ep", ruleName: "endpoints-b-my-ep", dnsName: "b-my-ep.endpoints.neo4j.io." },
          ],
        },
      ],
    ],
    [
      "a zone with a wildcard after a name: the apex rule comes first",
      [
        {
          domain: "endpoints.neo4j.io",
          purpose: "custom-endpoints",
          records: [
            { label: "a-my-ep", fqdn: "a-my-ep.endpoints.neo4j.io" },
            { label: "*", fqdn: "*.endpoints.neo4j.io" },
          ],
        },
      ],
      [
        {
          domain: "endpoints.neo4j.io",
          zoneKey: "endpoints",
          rules: [
            { key: "apex", ruleName: "endpoints-apex", dnsName: "endpoints.neo4j.io." },
            { key: "a-my-ep", ruleName: "endpoints-a-my-ep", dnsName: "a-my-ep.endpoints.neo4j.io." },
            { key: "*", ruleName: "endpoints-wildcard", dnsName: "*.endpoints.neo4j.io." },
          ],
        },
      ],
    ],
    [
      "a per-name zone's apex record",
      [{ domain: "my-ep.example.com", purpose: "custom-endpoint-name", records: [{ label: "@", fqdn: "my-ep.example.com" }] }],
      [{ domain: "my-ep.example.com", zoneKey: "my-ep-example-com", rules: [{ key: "@", ruleName: "my-ep-example-com", dnsName: "my-ep.example.com." }] }],
    ],
    [
      "a zone without records: no rules at all",
      [{ domain: "production-orch-0004.neo4j.io", purpose: "orchestration", existingZoneId: "zone-1", records: [] }],
      [{ domain: "production-orch-0004.neo4j.io", zoneKey: "orch-0004", rules: [] }],
    ],
    [
      "several zones, each with its own rules, in the given order",
      [orch("0002"), orch("0001")],
      [
        {
          domain: "production-orch-0002.neo4j.io",
          zoneKey: "orch-0002",
          rules: [
            { key: "apex", ruleName: "orch-0002-apex", dnsName: "production-orch-0002.neo4j.io." },
            { key: "*", ruleName: "orch-0002-wildcard", dnsName: "*.production-orch-0002.neo4j.io." },
          ],
        },
        {
          domain: "production-orch-0001.neo4j.io",
          zoneKey: "orch-0001",
          rules: [
            { key: "apex", ruleName: "orch-0001-apex", dnsName: "production-orch-0001.neo4j.io." },
            { key: "*", ruleName: "orch-0001-wildcard", dnsName: "*.production-orch-0001.neo4j.io." },
          ],
        },
      ],
    ],
  ])("%s", (_name, zones, expected) => {
    expect(responsePolicyRules(zones)).toEqual(expected);
  });
});

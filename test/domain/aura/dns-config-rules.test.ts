import { dnsSettingsProblems, type DnsSettings } from "../../../domain/aura/dns-config-rules";

/** domain/aura/dns-config-rules.ts: existing zones with strategy "none" contradict each other. */

describe("dnsSettingsProblems", () => {
  test.each<[string, DnsSettings, Array<{ field: string; problem: string }>]>([
    ["none without zones", { strategy: "none", existingZones: {} }, []],
    ["private-zone without zones", { strategy: "private-zone", existingZones: {} }, []],
    ["private-zone with a zone", { strategy: "private-zone", existingZones: { "production-orch-0001.neo4j.io": "Z0123456789ABC" } }, []],
    [
      "none with one zone",
      { strategy: "none", existingZones: { "production-orch-0001.neo4j.io": "Z0123456789ABC" } },
      [
        {
          field: "existingZones",
          problem:
            'lists zones (production-orch-0001.neo4j.io), but strategy "none" creates no records in any zone; remove existingZones, or use strategy "private-zone" to add the records to those zones',
        },
      ],
    ],
    [
      "none with two zones",
      { strategy: "none", existingZones: { "production-orch-0001.neo4j.io": "Z1", "endpoints.neo4j.io": "Z2" } },
      [
        {
          field: "existingZones",
          problem:
            'lists zones (production-orch-0001.neo4j.io, endpoints.neo4j.io), but strategy "none" creates no records in any zone; remove existingZones, or use strategy "private-zone" to add the records to those zones',
        },
      ],
    ],
  ])("%s", (_name, dns, expected) => {
    expect(dnsSettingsProblems(dns)).toEqual(expected);
  });
});

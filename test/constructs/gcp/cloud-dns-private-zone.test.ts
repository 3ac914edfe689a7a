import { DnsManagedZone } from "@cdktf/provider-google/lib/dns-managed-zone";
import { synthInAuraStack } from "../../support/synth";
import { planRegionDns } from "../../../domain/aura/dns-plan";
import { CloudDnsPrivateZone } from "../../../constructs/gcp/cloud-dns-private-zone";

const NETWORKS = ["projects/acme-prod/global/networks/apps", "projects/host-prod/global/networks/shared"];

function synth(existingZones: Record<string, string> = {}, customEndpointRecords: "per-endpoint" | "wildcard" = "per-endpoint", customEndpointZones: "per-name" | "domain" = "domain"): any {
  const zones = planRegionDns({ stack: "s", configPath: "regions[0]", orchestrations: ["0000"], customEndpoints: ["my-ep"], customEndpointRecords, customEndpointZones, networks: [], existingZones });
  const out = synthInAuraStack((scope) => {
    new CloudDnsPrivateZone(scope, "dns", { namePrefix: "acme-aura-europe-west1", project: "acme-prod", zones, networks: NETWORKS, ipAddress: "10.0.0.5" });
  });
  return { text: out, json: JSON.parse(out) };
}

describe("CloudDnsPrivateZone", () => {
  test("a private managed zone per Aura domain, visible to every configured network", () => {
    const { text, json } = synth();
    const zones = Object.values(json.resource.google_dns_managed_zone) as any[];
    expect(zones.map((z) => z.dns_name).sort()).toEqual(["endpoints.neo4j.io.", "production-orch-0000.neo4j.io."]);
    for (const z of zones) {
      expect(z.visibility).toBe("private");
      expect(z.project).toBe("acme-prod");
      expect(z.private_visibility_config).toEqual({
        networks: NETWORKS.map((n) => ({ network_url: `https://www.googleapis.com/compute/v1/${n}` })),
      });
    }
    expect(text).toHaveResourceWithProperties(DnsManagedZone, { name: "acme-aura-europe-west1-orch-0000", dns_name: "production-orch-0000.neo4j.io." });
  });

  test("the orch wildcard is an A record at the endpoint address in its zone", () => {
    const rec = synth().json.resource.google_dns_record_set["dns_records_orch-0000"];
    expect(rec).toMatchObject({
      for_each: { "*": "*.production-orch-0000.neo4j.io." },
      name: "${each.value}",
      type: "A",
      ttl: 300,
      rrdatas: ["10.0.0.5"],
      managed_zone: "${google_dns_managed_zone.dns_zone_orch-0000.name}",
      project: "acme-prod",
    });
  });

  test("per-endpoint custom endpoint records: five names in endpoints.neo4j.io", () => {
    const rec = synth().json.resource.google_dns_record_set.dns_records_endpoints;
    expect(rec.managed_zone).toBe("${google_dns_managed_zone.dns_zone_endpoints.name}");
    expect(rec.for_each).toEqual(Object.fromEntries(["a-my-ep", "b-my-ep", "c-my-ep", "d-my-ep", "my-ep"].map((l) => [l, `${l}.endpoints.neo4j.io.`])));
  });

  test("wildcard custom endpoint records: one *.endpoints.neo4j.io", () => {
    expect(synth({}, "wildcard").json.resource.google_dns_record_set.dns_records_endpoints.for_each).toEqual({ "*": "*.endpoints.neo4j.io." });
  });

  test("existing zones get records but are not created; a zone of another project keeps its project", () => {
    const { json } = synth({ "production-orch-0000.neo4j.io": "projects/dns-host-1/managedZones/aura-0000", "endpoints.neo4j.io": "aura-endpoints" });
    expect(json.resource.google_dns_managed_zone).toBeUndefined();
    expect(json.resource.google_dns_record_set["dns_records_orch-0000"]).toMatchObject({ managed_zone: "aura-0000", project: "dns-host-1" });
    expect(json.resource.google_dns_record_set.dns_records_endpoints).toMatchObject({ managed_zone: "aura-endpoints", project: "acme-prod" });
  });
});

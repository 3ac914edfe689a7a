import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { synthInAuraStack } from "../../support/synth";
import { planRegionDns } from "../../../domain/aura/dns-plan";
import { parseVnetId } from "../../../domain/azure/names";
import { AzurePrivateDns } from "../../../constructs/azure/private-dns";

const SUB = "00000000-1111-2222-3333-444444444444";
const VNETS = [
  parseVnetId(`/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-apps`)!,
  parseVnetId(`/subscriptions/${SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub`)!,
];

function synth(existingZones: Record<string, string> = {}, customEndpointRecords: "per-endpoint" | "wildcard" = "per-endpoint", customEndpointZones: "per-name" | "domain" = "domain"): { text: string; json: any } {
  const zones = planRegionDns({ stack: "s", configPath: "regions[0]", orchestrations: ["0000"], customEndpoints: ["my-ep"], customEndpointRecords, customEndpointZones, networks: [], existingZones });
  const text = synthInAuraStack((scope) => {
    new AzurePrivateDns(scope, "dns", { resourceGroupName: "rg-net", zones, vnets: VNETS, ipAddress: "10.1.0.4", tags: { owner: "platform" } });
  });
  return { text, json: JSON.parse(text) };
}

describe("AzurePrivateDns", () => {
  test("a private DNS zone per Aura domain in the resource group", () => {
    const { text, json } = synth();
    expect(Object.values(json.resource.azurerm_private_dns_zone).map((z: any) => z.name).sort()).toEqual(["endpoints.neo4j.io", "production-orch-0000.neo4j.io"]);
    expect(text).toHaveResourceWithProperties(PrivateDnsZone, { name: "production-orch-0000.neo4j.io", resource_group_name: "rg-net" });
  });

  test("every zone is linked to every configured VNet, registration off", () => {
    const links = synth().json.resource.azurerm_private_dns_zone_virtual_network_link;
    expect(Object.keys(links).sort()).toEqual(["dns_links_endpoints", "dns_links_orch-0000"]);
    const link = links["dns_links_orch-0000"];
    expect(link).toMatchObject({
      private_dns_zone_name: "${azurerm_private_dns_zone.dns_zone_orch-0000.name}",
      resource_group_name: "rg-net",
      registration_enabled: false,
      virtual_network_id: "${each.value.id}",
      name: "${each.value.name}",
    });
    expect(link.for_each).toEqual({
      "00000000-rg-net-vnet-apps": { id: VNETS[0]!.id, name: "aura-00000000-rg-net-vnet-apps" },
      "00000000-rg-hub-vnet-hub": { id: VNETS[1]!.id, name: "aura-00000000-rg-hub-vnet-hub" },
    });
  });

  test("the orch wildcard is an A record named * at the endpoint's private IP", () => {
    expect(synth().json.resource.azurerm_private_dns_a_record["dns_records_orch-0000"]).toMatchObject({
      for_each: { "*": "*.production-orch-0000.neo4j.io" },
      name: "${each.key}",
      zone_name: "${azurerm_private_dns_zone.dns_zone_orch-0000.name}",
      resource_group_name: "rg-net",
      ttl: 300,
      records: ["10.1.0.4"],
    });
  });

  test("custom endpoint records: five labels per endpoint, or one * in wildcard mode", () => {
    expect(Object.keys(synth().json.resource.azurerm_private_dns_a_record.dns_records_endpoints.for_each).sort()).toEqual(["a-my-ep", "b-my-ep", "c-my-ep", "d-my-ep", "my-ep"]);
    expect(synth({}, "wildcard").json.resource.azurerm_private_dns_a_record.dns_records_endpoints.for_each).toEqual({ "*": "*.endpoints.neo4j.io" });
  });

  test("an existing zone gets records in its own resource group; it is neither created nor linked", () => {
    const zoneId = `/subscriptions/${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/endpoints.neo4j.io`;
    const json = synth({ "endpoints.neo4j.io": zoneId }).json;
    expect(Object.keys(json.resource.azurerm_private_dns_zone)).toEqual(["dns_zone_orch-0000"]);
    expect(Object.keys(json.resource.azurerm_private_dns_zone_virtual_network_link)).toEqual(["dns_links_orch-0000"]);
    expect(json.resource.azurerm_private_dns_a_record.dns_records_endpoints).toMatchObject({ zone_name: "endpoints.neo4j.io", resource_group_name: "rg-dns" });
  });
});

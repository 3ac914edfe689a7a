import * as fs from "node:fs";
import * as path from "node:path";
import { exampleConfig } from "../../config/example";
import { ConfigError } from "../../domain/errors";
import { clone, synthConfig } from "../support/synth";

const STACK = "aura-azure-eastus";
const SUB = "00000000-1111-2222-3333-444444444444";
const PE = "azurerm_private_endpoint.private_link_endpoint";

/** Only the endpoint and DNS types are these tests' business (keys may add their own). */
function endpointAndDnsTypes(json: any): string[] {
  return Object.keys(json.resource)
    .filter((t) => /^azurerm_private_(endpoint|dns_)/.test(t))
    .sort();
}

function azureOnlyExample(): any {
  const c = clone(exampleConfig) as any;
  c.regions = c.regions.filter((r: any) => r.cloud === "azure");
  delete c.neo4jAccess;
  return c;
}

describe("Azure region stack", () => {
  test("the example's Azure region synthesizes the endpoint, zones, VNet links and A records", () => {
    const synth = synthConfig(azureOnlyExample());
    expect(synth.stacks.map((s) => s.name)).toEqual([STACK]);
    const json = synth.json(STACK);
    expect(endpointAndDnsTypes(json)).toEqual([
      "azurerm_private_dns_a_record",
      "azurerm_private_dns_zone",
      "azurerm_private_dns_zone_virtual_network_link",
      "azurerm_private_endpoint",
    ]);
    expect(json.resource.azurerm_private_endpoint.private_link_endpoint).toMatchObject({
      name: "acme-graph-aura-eastus",
      location: "eastus",
      resource_group_name: "rg-acme-graph-network",
      private_service_connection: {
        private_connection_resource_alias: "production-orch-0003-service.5a8e0c4e-1b7d-4c3a-9f2e-6d1c0b9a8e7f.eastus.azure.privatelinkservice",
        is_manual_connection: true,
      },
    });
    expect(json.resource.azurerm_private_endpoint.private_link_endpoint.private_service_connection.request_message).toContain(`subscription ${SUB}`);
    // Every A record points at the endpoint's private IP.
    for (const rec of Object.values(json.resource.azurerm_private_dns_a_record) as any[]) {
      expect(rec.records).toEqual([`\${${PE}.private_service_connection[0].private_ip_address}`]);
    }
    expect(json.resource.azurerm_private_dns_a_record["dns_records_orch-0003"].for_each).toEqual({ "*": "*.production-orch-0003.neo4j.io" });
    for (const link of Object.values(json.resource.azurerm_private_dns_zone_virtual_network_link) as any[]) {
      expect(link.registration_enabled).toBe(false);
      expect(new Set(Object.values(link.for_each).map((v: any) => v.id))).toEqual(
        new Set([`/subscriptions/${SUB}/resourceGroups/rg-acme-graph-network/providers/Microsoft.Network/virtualNetworks/vnet-apps-eastus`]),
      );
    }
    // Per-name zones (the default): a zone, a link per VNet and an apex record per custom endpoint name.
    const names = ["billing-abcdef-345678", "a-billing-abcdef-345678", "b-billing-abcdef-345678", "c-billing-abcdef-345678", "d-billing-abcdef-345678"];
    expect(Object.keys(json.resource.azurerm_private_dns_zone.dns_zones_endpoint_names.for_each).sort()).toEqual([...names].sort());
    const linkKeys = Object.keys(json.resource.azurerm_private_dns_zone_virtual_network_link.dns_links_endpoint_names.for_each);
    expect(linkKeys.map((k) => k.split("/")[0]).sort()).toEqual([...names].sort());
    expect(json.resource.azurerm_private_dns_a_record.dns_records_endpoint_names).toMatchObject({ name: "@", for_each: "${azurerm_private_dns_zone.dns_zones_endpoint_names}", zone_name: "${each.value.name}" });
    // Per-name zones hide nothing, so no fallback policy is needed on their links.
    expect(json.resource.azurerm_private_dns_zone_virtual_network_link.dns_links_endpoint_names.resolution_policy).toBeUndefined();
  });

  test('a location given as "East US" is the same stack and the same resources', () => {
    const c = azureOnlyExample();
    c.regions[0].region = "East US";
    const a = fs.readFileSync(path.join(synthConfig(azureOnlyExample()).stackDir(STACK), "cdk.tf.json"), "utf8");
    const b = fs.readFileSync(path.join(synthConfig(c).stackDir(STACK), "cdk.tf.json"), "utf8");
    expect(b).toBe(a);
  });

  test("additional VNets are linked to every zone", () => {
    const c = azureOnlyExample();
    const hub = `/subscriptions/${SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub`;
    c.regions[0].network.additionalVnetIds = [hub];
    const links = synthConfig(c).json(STACK).resource.azurerm_private_dns_zone_virtual_network_link;
    for (const link of Object.values(links) as any[]) expect(Object.values(link.for_each).map((v: any) => v.id)).toContain(hub);
  });

  test("azurerm gets features {} and the subscription id, and no credentials", () => {
    const json = synthConfig(azureOnlyExample()).json(STACK);
    expect(json.provider.azurerm).toEqual([{ features: [{}], subscription_id: SUB }]);
    // The azuread provider (for the key's service principal) names only the tenant: credentials come from the environment.
    expect(json.provider.azuread).toEqual([{ tenant_id: "11111111-2222-3333-4444-555555555555" }]);
    expect(JSON.stringify(json.provider)).not.toMatch(/client_secret|client_id|password|certificate|token/);
    expect(json.terraform.required_providers.azurerm.version).toBe("4.55.0");
  });

  test("outputs: the subscription to allow-list, the endpoint to accept, the private IP and the zone ids, each described", () => {
    const outputs = synthConfig(azureOnlyExample()).json(STACK).output as Record<string, { value: any; description?: string }>;
    for (const o of Object.values(outputs)) expect(o.description?.length ?? 0).toBeGreaterThan(20);
    expect(outputs.private_ip!.value).toBe(`\${${PE}.private_service_connection[0].private_ip_address}`);
    expect(outputs.zone_ids!.value).toEqual({
      "billing-abcdef-345678.endpoints.neo4j.io": '${azurerm_private_dns_zone.dns_zones_endpoint_names["billing-abcdef-345678"].id}',
      "a-billing-abcdef-345678.endpoints.neo4j.io": '${azurerm_private_dns_zone.dns_zones_endpoint_names["a-billing-abcdef-345678"].id}',
      "b-billing-abcdef-345678.endpoints.neo4j.io": '${azurerm_private_dns_zone.dns_zones_endpoint_names["b-billing-abcdef-345678"].id}',
      "c-billing-abcdef-345678.endpoints.neo4j.io": '${azurerm_private_dns_zone.dns_zones_endpoint_names["c-billing-abcdef-345678"].id}',
      "d-billing-abcdef-345678.endpoints.neo4j.io": '${azurerm_private_dns_zone.dns_zones_endpoint_names["d-billing-abcdef-345678"].id}',
      "production-orch-0003.neo4j.io": "${azurerm_private_dns_zone.dns_zone_orch-0003.id}",
    });
    const console = outputs.aura_console!.value;
    expect(console).toMatchObject({
      subscription_to_allow_list: SUB,
      endpoint_id_to_accept: `\${${PE}.id}`,
      endpoint_name_to_accept: `\${${PE}.name}`,
      region: "eastus",
    });
    // Paths and wording of Aura's current secure connections page, each step with its page.
    expect(console.steps[0]).toBe(
      `1. Aura console > Project settings > Security & Networking > Private endpoints > New network access configuration: choose the product and region, and enter ${SUB} as the Target Azure Subscription IDs to allow (before apply).`,
    );
    expect(console.steps[1]).toContain("accept the endpoint shown in endpoint_id_to_accept");
    expect(console.steps[4]).toContain("(network access guide, step 4: disable public traffic)");
    expect(JSON.stringify(console.steps)).not.toContain("Security > Network access");
    expect(console.step_sources).toEqual([
      "https://neo4j.com/docs/aura/security/secure-connections/#_network_access",
      "https://neo4j.com/docs/aura/security/secure-connections/#_network_access",
      "https://neo4j.com/docs/aura/security/secure-connections/#_network_access",
      "https://neo4j.com/docs/aura/security/secure-connections/#_test_connectivity_through_the_private_endpoint",
      "https://neo4j.com/docs/aura/security/secure-connections/#_network_access",
    ]);
    // The page's Azure subsection still says "Security > Network Access": the output says the page disagrees with itself.
    expect(console.console_path_note).toContain('"Security > Network Access" (its older Azure subsection)');
  });

  test("dns.strategy none creates the endpoint only, and still outputs the records", () => {
    const c = azureOnlyExample();
    c.regions[0].dns.strategy = "none";
    const json = synthConfig(c).json(STACK);
    expect(endpointAndDnsTypes(json)).toEqual(["azurerm_private_endpoint"]);
    expect(json.output.dns_records.value).toContain("*.production-orch-0003.neo4j.io");
  });

  test("two Azure locations creating endpoints.neo4j.io in one resource group are refused", () => {
    const c = azureOnlyExample();
    const west = clone(c.regions[0]);
    west.region = "westeurope";
    west.orchestrations = ["0005"];
    west.privateLinkServiceAlias = west.privateLinkServiceAlias.replace(".eastus.", ".westeurope.");
    west.network.subnetId = west.network.subnetId.replace("vnet-apps-eastus", "vnet-apps-westeurope");
    west.dns = { customEndpoints: ["hr-abcdef-777777"], customEndpointZones: "domain" };
    c.regions[0].dns.customEndpointZones = "domain";
    c.regions.push(west);
    let error: unknown;
    try {
      synthConfig(c);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(
      `regions[0] and regions[1] would each create the private DNS zone endpoints.neo4j.io in resource group /subscriptions/${SUB}/resourceGroups/rg-acme-graph-network`,
    );
    // Different resource groups: fine.
    west.resourceGroupName = "rg-acme-graph-westeurope";
    expect(synthConfig(c).stacks).toHaveLength(2);
  });
});

import { normalizeAzureLocation, parsePrivateDnsZoneId, parsePrivateLinkAlias, parseSubnetId, parseVnetId, vnetConstructKey } from "../../../domain/azure/names";

const GUID = "5a8e0c4e-1b7d-4c3a-9f2e-6d1c0b9a8e7f";
const SUB = "00000000-1111-2222-3333-444444444444";

describe("normalizeAzureLocation", () => {
  test.each([
    ["East US", "eastus"],
    ["eastus", "eastus"],
    ["  West Europe ", "westeurope"],
    ["East US 2", "eastus2"],
    ["SouthCentralUS", "southcentralus"],
  ])("%s -> %s", (input, expected) => {
    expect(normalizeAzureLocation(input)).toBe(expected);
  });
});

describe("parsePrivateLinkAlias", () => {
  test.each<[string, string, { orch: string; location: string } | null]>([
    ["console alias", `production-orch-0003-service.${GUID}.eastus.azure.privatelinkservice`, { orch: "0003", location: "eastus" }],
    ["capitals", `Production-Orch-ab12-Service.${GUID.toUpperCase()}.WestEurope.azure.privatelinkservice`, { orch: "ab12", location: "westeurope" }],
    ["digit in location", `production-orch-0003-service.${GUID}.eastus2.azure.privatelinkservice`, { orch: "0003", location: "eastus2" }],
    ["no guid", "production-orch-0003-service.eastus.azure.privatelinkservice", null],
    ["a resource id instead", `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/privateLinkServices/pls`, null],
    ["another service", `my-service.${GUID}.eastus.azure.privatelinkservice`, null],
    ["trailing text", `production-orch-0003-service.${GUID}.eastus.azure.privatelinkservice.com`, null],
  ])("%s", (_name, input, expected) => {
    const parsed = parsePrivateLinkAlias(input);
    expect(parsed ? { orch: parsed.orch, location: parsed.location } : null).toEqual(expected);
    if (parsed) expect(parsed.alias).toBe(input.toLowerCase());
  });
});

describe("resource ids", () => {
  const vnet = `/subscriptions/${SUB}/resourceGroups/rg-Net/providers/Microsoft.Network/virtualNetworks/vnet-apps`;

  test("a subnet id gives its VNet, and the VNet key is lower-cased", () => {
    const parsed = parseSubnetId(`${vnet}/subnets/snet-pe`)!;
    expect(parsed.name).toBe("snet-pe");
    expect(parsed.vnet).toMatchObject({ subscriptionId: SUB, resourceGroup: "rg-Net", name: "vnet-apps", id: vnet, key: vnet.toLowerCase() });
  });

  test("ids compare case-insensitively: provider segments in any case parse to one key", () => {
    const shouting = vnet.replace("providers/Microsoft.Network/virtualNetworks", "PROVIDERS/microsoft.network/VIRTUALNETWORKS").replace("resourceGroups", "resourcegroups");
    expect(parseVnetId(shouting)!.key).toBe(parseVnetId(vnet)!.key);
  });

  test.each([
    ["a subnet id where a VNet id is wanted", `${vnet}/subnets/a`],
    ["no subscription", "/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v"],
    ["a bare name", "vnet-apps"],
  ])("not a VNet id: %s", (_n, input) => {
    expect(parseVnetId(input)).toBeNull();
  });

  test("private DNS zone ids", () => {
    expect(parsePrivateDnsZoneId(`/subscriptions/${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/Endpoints.neo4j.io`)).toEqual({
      subscriptionId: SUB,
      resourceGroup: "rg-dns",
      name: "endpoints.neo4j.io",
    });
    expect(parsePrivateDnsZoneId("endpoints.neo4j.io")).toBeNull();
  });

  test("VNet construct keys keep VNets of one name in two subscriptions apart", () => {
    const a = parseVnetId(vnet)!;
    const b = parseVnetId(vnet.replace(SUB, "99999999-1111-2222-3333-444444444444"))!;
    expect(vnetConstructKey(a)).toBe("00000000-rg-net-vnet-apps");
    expect(vnetConstructKey(b)).not.toBe(vnetConstructKey(a));
  });
});

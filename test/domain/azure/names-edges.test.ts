import { normalizeAzureLocation, parsePrivateDnsZoneId, parsePrivateLinkAlias, parseSubnetId, parseVnetId, vnetConstructKey } from "../../../domain/azure/names";

const GUID = "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";
const GUID_UPPER = "0A1B2C3D-4E5F-6A7B-8C9D-0E1F2A3B4C5D";
const VNET_ID = `/subscriptions/${GUID}/resourceGroups/rg-Net/providers/Microsoft.Network/virtualNetworks/Vnet-1`;

describe("normalizeAzureLocation", () => {
  test.each<[string, string]>([
    ["East US", "eastus"],
    ["  West Europe\t", "westeurope"],
    ["eastus2", "eastus2"],
    ["", ""],
  ])("%j -> %j", (value, expected) => expect(normalizeAzureLocation(value)).toBe(expected));
});

describe("parsePrivateLinkAlias: trimmed and lowered", () => {
  test.each<[string, unknown]>([
    [
      `  Production-Orch-0000-Service.${GUID_UPPER}.EastUS.azure.privatelinkservice \n`,
      { orch: "0000", guid: GUID, location: "eastus", alias: `production-orch-0000-service.${GUID}.eastus.azure.privatelinkservice` },
    ],
    [`xproduction-orch-0000-service.${GUID}.eastus.azure.privatelinkservice`, null],
    [`production-orch-0000-service.${GUID}.eastus.azure.privatelinkservice.x`, null],
  ])("%j", (value, expected) => expect(parsePrivateLinkAlias(value)).toEqual(expected));
});

describe("resource ids: trimmed, subscription ids lowered, names kept", () => {
  test("a VNet id with blanks around and an upper-case subscription", () => {
    expect(parseVnetId(`  /subscriptions/${GUID_UPPER}/resourceGroups/rg-Net/providers/Microsoft.Network/virtualNetworks/Vnet-1 \n`)).toEqual({
      subscriptionId: GUID,
      resourceGroup: "rg-Net",
      name: "Vnet-1",
      id: VNET_ID,
      key: `/subscriptions/${GUID}/resourcegroups/rg-net/providers/microsoft.network/virtualnetworks/vnet-1`,
    });
  });

  test("a subnet id with blanks around and an upper-case subscription", () => {
    expect(parseSubnetId(`\t/subscriptions/${GUID_UPPER}/resourceGroups/rg-Net/providers/Microsoft.Network/virtualNetworks/Vnet-1/subnets/Sub-A  `)).toEqual({
      vnet: {
        subscriptionId: GUID,
        resourceGroup: "rg-Net",
        name: "Vnet-1",
        id: VNET_ID,
        key: `/subscriptions/${GUID}/resourcegroups/rg-net/providers/microsoft.network/virtualnetworks/vnet-1`,
      },
      name: "Sub-A",
      id: `${VNET_ID}/subnets/Sub-A`,
    });
  });

  test("a private DNS zone id with blanks around and an upper-case subscription", () => {
    expect(parsePrivateDnsZoneId(` /subscriptions/${GUID_UPPER}/resourceGroups/rg-Dns/providers/Microsoft.Network/privateDnsZones/Production-Orch-0000.neo4j.io\n`)).toEqual({
      subscriptionId: GUID,
      resourceGroup: "rg-Dns",
      name: "production-orch-0000.neo4j.io",
    });
  });

  test.each<[string]>([[`${VNET_ID}/x`], [`x${VNET_ID}`], [""]])("%j is no VNet, subnet or zone id", (value) => {
    expect([parseVnetId(value), parseSubnetId(value), parsePrivateDnsZoneId(value)]).toEqual([null, null, null]);
  });
});

describe("vnetConstructKey", () => {
  test.each<[string, string, string, string]>([
    ["dots and brackets become dashes", GUID, "rg.prod(1)", "0a1b2c3d-rg-prod-1--vnet-1"],
    ["upper case is lowered, _ and - stay", GUID, "RG_Net-2", "0a1b2c3d-rg_net-2-vnet-1"],
  ])("%s", (_name, subscriptionId, resourceGroup, expected) => {
    expect(vnetConstructKey({ subscriptionId, resourceGroup, name: "Vnet-1", id: "", key: "" })).toBe(expected);
  });
});

/**
 * Pure Azure parsing: locations, the Aura private link service alias and resource ids. No provider
 * imports; used by the config schema and the Azure constructs alike.
 */

export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const AZURE_LOCATION_PATTERN = /^[a-z]+[0-9]*$/;
export const RESOURCE_GROUP_PATTERN = /^[-\w.()]{0,89}[-\w()]$/;

/** "East US" and "eastus" name one location; Azure ids and aliases use the compact lowercase form. */
export function normalizeAzureLocation(value: string): string {
  return value.trim().toLowerCase().replace(/\s+/g, "");
}

const GUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const ALIAS = new RegExp(`^production-orch-([a-z0-9]+)-service\\.(${GUID})\\.([a-z]+[0-9]*)\\.azure\\.privatelinkservice$`);

export interface PrivateLinkAlias {
  orch: string;
  guid: string;
  location: string;
  alias: string;
}

/** `production-orch-<id>-service.<guid>.<region>.azure.privatelinkservice` (DESIGN section 4). */
export function parsePrivateLinkAlias(value: string): PrivateLinkAlias | null {
  const alias = value.trim().toLowerCase();
  const m = ALIAS.exec(alias);
  if (!m) return null;
  const [, orch, guid, location] = m as unknown as [string, string, string, string];
  return { orch, guid, location, alias };
}

const SEGMENT = "[A-Za-z0-9_.()-]+";
const PREFIX = `^/subscriptions/(${GUID})/resourceGroups/(${SEGMENT})/providers/Microsoft\\.Network`;
const SUBNET_ID = new RegExp(`${PREFIX}/virtualNetworks/(${SEGMENT})/subnets/(${SEGMENT})$`, "i");
const VNET_ID = new RegExp(`${PREFIX}/virtualNetworks/(${SEGMENT})$`, "i");
const ZONE_ID = new RegExp(`${PREFIX}/privateDnsZones/(${SEGMENT})$`, "i");

export interface VnetRef {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  id: string;
  /** Lower-cased id: Azure ids compare case-insensitively, so this is the cross-region key. */
  key: string;
}

function vnetRef(subscriptionId: string, resourceGroup: string, name: string): VnetRef {
  const id = `/subscriptions/${subscriptionId.toLowerCase()}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/virtualNetworks/${name}`;
  return { subscriptionId: subscriptionId.toLowerCase(), resourceGroup, name, id, key: id.toLowerCase() };
}

export function parseVnetId(value: string): VnetRef | null {
  const m = VNET_ID.exec(value.trim());
  if (!m) return null;
  const [, sub, rg, vnet] = m as unknown as [string, string, string, string];
  return vnetRef(sub, rg, vnet);
}

export interface SubnetRef {
  vnet: VnetRef;
  name: string;
  id: string;
}

export function parseSubnetId(value: string): SubnetRef | null {
  const m = SUBNET_ID.exec(value.trim());
  if (!m) return null;
  const [, sub, rg, vnet, subnet] = m as unknown as [string, string, string, string, string];
  const ref = vnetRef(sub, rg, vnet);
  return { vnet: ref, name: subnet, id: `${ref.id}/subnets/${subnet}` };
}

export interface PrivateDnsZoneRef {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

export function parsePrivateDnsZoneId(value: string): PrivateDnsZoneRef | null {
  const m = ZONE_ID.exec(value.trim());
  if (!m) return null;
  const [, sub, rg, name] = m as unknown as [string, string, string, string];
  return { subscriptionId: sub.toLowerCase(), resourceGroup: rg, name: name.toLowerCase() };
}

/**
 * A construct-id-safe key for a VNet: resource group and name, prefixed by the subscription's first
 * block so that VNets of one name in two subscriptions stay apart.
 */
export function vnetConstructKey(vnet: VnetRef): string {
  return `${vnet.subscriptionId.slice(0, 8)}-${vnet.resourceGroup}-${vnet.name}`.toLowerCase().replace(/[^a-z0-9_-]/g, "-");
}

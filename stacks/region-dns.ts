import type { RegionDnsInput } from "../domain/aura/dns-plan";
import type { RegionConfig } from "../config/schema";
import { parseSubnetId, parseVnetId } from "../domain/azure/names";

/**
 * Networks whose resolvers see a region's zones, namespaced by cloud so ids never clash across clouds,
 * plus the shared resolvers the config names (the only way two clouds' networks can share DNS).
 */
export function regionNetworks(region: RegionConfig): string[] {
  return [...cloudNetworks(region), ...region.dns.sharedResolvers.map((name) => `resolver:${name}`)];
}

function cloudNetworks(region: RegionConfig): string[] {
  switch (region.cloud) {
    case "aws":
      return [region.network.vpcId, ...region.network.additionalVpcs.map((v) => v.vpcId), ...region.network.otherAccountVpcs.map((v) => v.vpcId)].map((id) => `aws:${id}`);
    case "gcp":
      // Self links are normalized by the schema to projects/<p>/global/networks/<n>.
      return [region.network.network, ...region.network.additionalNetworks].map((link) => `gcp:${link}`);
    case "azure":
      // Azure resource ids compare case-insensitively: lower-case them so one VNet is one key.
      return [parseSubnetId(region.network.subnetId)?.vnet.key ?? region.network.subnetId.toLowerCase(), ...region.network.additionalVnetIds.map((id) => parseVnetId(id)?.key ?? id.toLowerCase())].map(
        (key) => `azure:${key}`,
      );
  }
}

/** The cloud-neutral DNS input of one configured region. */
export function regionDnsInput(region: RegionConfig, stack: string, configPath: string): RegionDnsInput {
  return {
    stack,
    configPath,
    orchestrations: region.orchestrations,
    customEndpoints: region.dns.customEndpoints,
    customEndpointRecords: region.dns.customEndpointRecords,
    // A response policy answers exactly the names of its rules and falls through for the rest: the
    // whole-domain layout hides nothing there, and keeps its rules as they were.
    customEndpointZones: region.cloud === "gcp" && region.dns.gcpMode === "response-policy" ? "domain" : region.dns.customEndpointZones,
    networks: regionNetworks(region),
    existingZones: region.dns.existingZones,
    createsZones: region.dns.strategy === "private-zone" && !(region.cloud === "gcp" && region.dns.gcpMode === "response-policy"),
  };
}

import type { RegionDnsInput } from "../constructs/aura/dns-plan";
import type { RegionConfig } from "../config/schema";

/** Networks whose resolvers see a region's zones, namespaced by cloud so ids never clash across clouds. */
export function regionNetworks(region: RegionConfig): string[] {
  switch (region.cloud) {
    case "aws":
      return [region.network.vpcId, ...region.network.additionalVpcs.map((v) => v.vpcId)].map((id) => `aws:${id}`);
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
    networks: regionNetworks(region),
    existingZones: region.dns.existingZones,
  };
}

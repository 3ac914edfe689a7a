import type { RegionConfig } from "../config/schema";
import { planRegionDns, type RegionDnsInput } from "../domain/aura/dns-plan";
import { zoneQuotaFindings, type ZoneQuotaFindings } from "../domain/dns-zone-quota";

/**
 * Pure: cross-region DNS problems that depend on one cloud's rules, next to the cloud-neutral ones of
 * crossRegionDnsProblems. Each message names the regions, the shared thing and what to change.
 */

export interface RegionEntry {
  region: RegionConfig;
  dns: RegionDnsInput;
}

export function cloudDnsProblems(entries: readonly RegionEntry[]): string[] {
  const problems: string[] = [];

  // GCP attaches at most one response policy to a network.
  const policiesByNetwork = new Map<string, RegionEntry[]>();
  for (const e of entries) {
    if (e.region.cloud !== "gcp" || e.region.dns.strategy !== "private-zone" || e.region.dns.gcpMode !== "response-policy") continue;
    for (const n of new Set([e.region.network.network, ...e.region.network.additionalNetworks])) {
      policiesByNetwork.set(n, [...(policiesByNetwork.get(n) ?? []), e]);
    }
  }
  for (const [network, es] of [...policiesByNetwork.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (es.length < 2) continue;
    problems.push(
      `${es.map((e) => `${e.dns.configPath}.dns.gcpMode`).join(" and ")}: got "response-policy" for the same network ${network} (${es.map((e) => e.dns.stack).join(", ")}); ` +
        'GCP binds only one response policy to a network. Use "managed-zone" in all but one of them (or in all).',
    );
  }

  // Azure: one private DNS zone of a name per resource group, whatever the VNets.
  const zonesByGroup = new Map<string, RegionEntry[]>();
  for (const e of entries) {
    if (e.region.cloud !== "azure" || e.region.dns.strategy !== "private-zone") continue;
    for (const zone of planRegionDns(e.dns)) {
      if (zone.existingZoneId) continue;
      const key = `/subscriptions/${e.region.subscriptionId}/resourceGroups/${e.region.resourceGroupName.toLowerCase()} ${zone.domain}`;
      zonesByGroup.set(key, [...(zonesByGroup.get(key) ?? []), e]);
    }
  }
  for (const [key, es] of [...zonesByGroup.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (es.length < 2) continue;
    const [group, domain] = key.split(" ") as [string, string];
    problems.push(
      `${es.map((e) => e.dns.configPath).join(" and ")} would each create the private DNS zone ${domain} in resource group ${group}; ` +
        `Azure holds one zone of a name per resource group. Give the regions different resourceGroupName values, or create it in one region and give its id in dns.existingZones["${domain}"] of the others.`,
    );
  }
  return problems;
}

/** The account, subscription or project a region's private zones are created in. */
function zoneOwner(region: RegionConfig): string {
  switch (region.cloud) {
    case "aws":
      return region.accountId;
    case "gcp":
      return region.projectId;
    case "azure":
      return region.subscriptionId;
  }
}

/** The private zones every account, subscription and project will hold across all stacks, against its quota. */
export function zoneQuotaReport(entries: readonly RegionEntry[]): ZoneQuotaFindings {
  return zoneQuotaFindings(
    entries.map(({ region, dns }) => ({
      cloud: region.cloud,
      owner: zoneOwner(region),
      stack: dns.stack,
      configPath: dns.configPath,
      zones: dns.createsZones === false ? 0 : planRegionDns(dns).filter((z) => !z.existingZoneId).length,
      statedQuota: region.dns.zoneQuota,
    })),
  );
}

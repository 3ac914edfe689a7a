/**
 * How many private DNS zones a config creates in each AWS account, Azure subscription and GCP project, against
 * the cloud's default quota and its monthly price (docs/vendor-facts.md, "Quotas and cost of private zones").
 * The per-name layout creates five zones per custom endpoint, so a config with many endpoints reaches a
 * quota long before anything else does. Pure.
 */

export type ZoneCloud = "aws" | "gcp" | "azure";

export interface ZoneQuotaFacts {
  /** What the zones count against: "AWS account". */
  readonly owner: string;
  /** What the cloud calls them: "hosted zones". */
  readonly zones: string;
  readonly defaultQuota: number;
  readonly quotaSource: string;
  /** List price per zone and month in USD: the first `firstZones` zones, then each further one. */
  readonly price: { readonly first: number; readonly firstZones: number; readonly then: number };
  readonly priceSource: string;
  /** False when the price was not read at its primary source (the message says so). */
  readonly priceVerified: boolean;
}

export const ZONE_QUOTA_FACTS: Readonly<Record<ZoneCloud, ZoneQuotaFacts>> = {
  aws: {
    owner: "AWS account",
    zones: "hosted zones",
    defaultQuota: 500,
    quotaSource: "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DNSLimitations.html",
    price: { first: 0.5, firstZones: 25, then: 0.1 },
    priceSource: "https://aws.amazon.com/route53/pricing/",
    priceVerified: false,
  },
  azure: {
    owner: "Azure subscription",
    zones: "private DNS zones",
    defaultQuota: 1000,
    quotaSource: "https://learn.microsoft.com/en-us/azure/dns/private-dns-privatednszone#limits",
    price: { first: 0.5, firstZones: 25, then: 0.1 },
    priceSource: "https://azure.microsoft.com/en-us/pricing/details/dns/",
    priceVerified: false,
  },
  gcp: {
    owner: "GCP project",
    zones: "managed zones",
    defaultQuota: 10000,
    quotaSource: "https://cloud.google.com/dns/quotas",
    price: { first: 0.2, firstZones: 25, then: 0.1 },
    priceSource: "https://cloud.google.com/dns/pricing",
    priceVerified: false,
  },
};

/** Warn once the zones of one account, subscription or project reach this share of its quota. */
export const ZONE_QUOTA_WARN_SHARE = 0.5;

export interface RegionZoneCount {
  readonly cloud: ZoneCloud;
  /** The account, subscription or project id the zones are created in. */
  readonly owner: string;
  readonly stack: string;
  /** `regions[0]` */
  readonly configPath: string;
  /** Zones this region creates (not the existing ones it adds records to). */
  readonly zones: number;
  /** The raised quota the config states for this region's account, subscription or project. */
  readonly statedQuota?: number;
}

export interface ZoneQuotaFindings {
  /** Refusals: above the quota, or regions of one owner stating different quotas. */
  readonly problems: string[];
  /** Warnings, each for the first stack of the owner. */
  readonly warnings: Array<{ stack: string; message: string }>;
}

/** The list price of `count` zones a month, in USD (the zones of this config alone). */
export function monthlyZoneCost(cloud: ZoneCloud, count: number): number {
  const { first, firstZones, then } = ZONE_QUOTA_FACTS[cloud].price;
  const cost = Math.min(count, firstZones) * first + Math.max(0, count - firstZones) * then;
  return Math.round(cost * 100) / 100;
}

const LAYOUT_HINT =
  'customEndpointZones: "domain" puts a region\'s custom endpoint records in one zone for all of endpoints.neo4j.io (five per-name zones per endpoint become one, but that zone hides every other custom endpoint in the network; README "Private DNS that hides no names"), dns.existingZones adds records to zones you have, and GCP gcpMode: "response-policy" creates no zones';

export function zoneQuotaFindings(regions: readonly RegionZoneCount[]): ZoneQuotaFindings {
  const problems: string[] = [];
  const warnings: Array<{ stack: string; message: string }> = [];
  const groups = new Map<string, RegionZoneCount[]>();
  for (const r of regions) {
    if (r.zones <= 0 && r.statedQuota === undefined) continue;
    const key = `${r.cloud}\u0000${r.owner}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const group of groups.values()) {
    const { cloud, owner } = group[0]!;
    const facts = ZONE_QUOTA_FACTS[cloud];
    const count = group.reduce((n, r) => n + r.zones, 0);
    const paths = group.map((r) => r.configPath).join(", ");
    const stated = [...new Set(group.flatMap((r) => (r.statedQuota === undefined ? [] : [r.statedQuota])))];
    if (stated.length > 1) {
      problems.push(
        `${group.filter((r) => r.statedQuota !== undefined).map((r) => `${r.configPath}.dns.zoneQuota`).join(" and ")}: got ${stated.join(" and ")} for the same ${facts.owner} ${owner}; a quota is the ${facts.owner}'s, so state one value (the raised quota ${cloud === "aws" ? "AWS" : cloud === "azure" ? "Azure" : "Google"} granted) in each of them`,
      );
      continue;
    }
    const quota = stated[0] ?? facts.defaultQuota;
    const quotaText = stated[0] !== undefined ? `the raised quota of ${quota} ${facts.zones} stated in dns.zoneQuota` : `the default quota of ${facts.defaultQuota} ${facts.zones} per ${facts.owner} (${facts.quotaSource})`;
    const cost = `about ${monthlyZoneCost(cloud, count).toFixed(2)} USD a month at list price (${facts.priceSource}${facts.priceVerified ? "" : ", not re-read here: check it"})`;
    const summary = `${paths} would create ${count} ${facts.zones} in ${facts.owner} ${owner} (this config's zones alone; the ${facts.owner}'s other zones count too)`;
    if (count > quota) {
      problems.push(
        `${summary}, above ${quotaText}; ${cost}. ${stated[0] !== undefined ? "Raise the quota further or use fewer zones" : `If the ${facts.owner} has a raised quota, state it in dns.zoneQuota of ${group.length === 1 ? "that region" : "these regions"}; otherwise ask for one or use fewer zones`}: ${LAYOUT_HINT}.`,
      );
    } else if (count >= quota * ZONE_QUOTA_WARN_SHARE) {
      warnings.push({ stack: group[0]!.stack, message: `${summary}, ${Math.round((count / quota) * 100)}% of ${quotaText}; ${cost}. Fewer zones: ${LAYOUT_HINT}.` });
    }
  }
  return { problems, warnings };
}

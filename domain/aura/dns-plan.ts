import { CUSTOM_ENDPOINT_DOMAIN, customEndpointLabels, orchDomain } from "./names";

/**
 * Cloud-neutral DNS planning for Aura private endpoints: which private zones and records a region needs,
 * and which combinations of regions would misroute. Every cloud's DNS construct translates this plan.
 * The facts behind it (record names, the wildcard warning, zones hiding names): docs/vendor-facts.md.
 */

export type CustomEndpointRecordMode = "per-endpoint" | "wildcard";

/**
 * Where per-endpoint records live. "per-name": a private zone per record name (apex
 * `<label>.endpoints.neo4j.io`), so every other name of the domain still resolves publicly. "domain": one
 * zone for all of endpoints.neo4j.io, which answers NXDOMAIN for every custom endpoint it does not hold
 * (docs/vendor-facts.md, "Private DNS zones hide names").
 */
export type CustomEndpointZoneMode = "per-name" | "domain";

export interface RegionDnsInput {
  /** The stack name, used in messages: `aura-aws-us-east-1`. */
  stack: string;
  /** Config path of the region, used in messages: `regions[0]`. */
  configPath: string;
  orchestrations: readonly string[];
  customEndpoints: readonly string[];
  customEndpointRecords: CustomEndpointRecordMode;
  /** Zones of per-endpoint records; default "per-name". The wildcard always needs the whole-domain zone. */
  customEndpointZones?: CustomEndpointZoneMode;
  /** Networks (VPCs/VNets) whose resolvers see this region's zones, namespaced by cloud: `aws:vpc-0abc`. */
  networks: readonly string[];
  /** Zones that already exist, by domain; the plan adds records to them instead of creating a zone. */
  existingZones: Readonly<Record<string, string>>;
  /** False when the region's DNS creates no private zone (DNS managed elsewhere, or a GCP response policy); default true. */
  createsZones?: boolean;
}

/** "custom-endpoints": the whole endpoints.neo4j.io zone; "custom-endpoint-name": a zone for one record name. */
export type ZonePurpose = "orchestration" | "custom-endpoints" | "custom-endpoint-name";

export interface PlannedRecord {
  /** Label relative to the zone: `*`, `a-my-endpoint`, or `@` for the apex of a per-name zone. */
  label: string;
  fqdn: string;
}

export interface PlannedZone {
  domain: string;
  purpose: ZonePurpose;
  /** Set when the zone exists already; otherwise the construct creates it. */
  existingZoneId?: string;
  records: PlannedRecord[];
}

function record(label: string, domain: string): PlannedRecord {
  return { label, fqdn: `${label}.${domain}` };
}

/** The zones and records of one region, in a stable order. */
export function planRegionDns(input: RegionDnsInput): PlannedZone[] {
  const zones: PlannedZone[] = [];
  for (const orch of [...input.orchestrations].sort()) {
    const domain = orchDomain(orch);
    // A wildcard, not exact names: the driver's routing table returns other hosts of the same domain.
    zones.push({ domain, purpose: "orchestration", existingZoneId: input.existingZones[domain], records: [record("*", domain)] });
  }
  if (input.customEndpoints.length > 0) {
    const domain = CUSTOM_ENDPOINT_DOMAIN;
    const labels = [...input.customEndpoints].sort().flatMap((name) => customEndpointLabels(name));
    if (effectiveCustomEndpointZones(input) === "per-name") {
      // One zone per record name, the record at its apex: the zone hides nothing but that name.
      for (const label of labels) {
        const zoneDomain = `${label}.${domain}`;
        zones.push({ domain: zoneDomain, purpose: "custom-endpoint-name", existingZoneId: input.existingZones[zoneDomain], records: [{ label: "@", fqdn: zoneDomain }] });
      }
    } else {
      zones.push({
        domain,
        purpose: "custom-endpoints",
        existingZoneId: input.existingZones[domain],
        records: (input.customEndpointRecords === "wildcard" ? ["*"] : labels).map((label) => record(label, domain)),
      });
    }
  }
  return zones;
}

/** The wildcard record needs the zone of the whole domain; per-endpoint records default to per-name zones. */
export function effectiveCustomEndpointZones(input: Pick<RegionDnsInput, "customEndpointRecords" | "customEndpointZones">): CustomEndpointZoneMode {
  return input.customEndpointRecords === "wildcard" ? "domain" : (input.customEndpointZones ?? "per-name");
}

/**
 * Synth warnings for a region whose DNS makes names of endpoints.neo4j.io resolve differently inside its
 * networks than outside: what stops resolving, and the alternative. Pure; empty when nothing is hidden.
 */
export function hiddenNameWarnings(input: RegionDnsInput): string[] {
  if (input.createsZones === false) return [];
  // No custom endpoints, or per-name zones: no zone for the whole domain, nothing hidden.
  const zone = planRegionDns(input).find((z) => z.purpose === "custom-endpoints");
  if (!zone) return [];
  const where = `${input.configPath}.dns`;
  // Stryker disable next-line Regex: network ids always start with their namespace (aws:, gcp:, azure:), so the first match is at the start anyway
  const networks = input.networks.filter((n) => !n.startsWith("resolver:")).map((n) => n.replace(/^[a-z]+:/, "")).join(", ") || "the region's networks";
  if (input.customEndpointRecords === "wildcard") {
    return [
      `${where}.customEndpointRecords is "wildcard": inside ${networks}, every name under ${CUSTOM_ENDPOINT_DOMAIN} (custom endpoints of other regions and other Aura projects too) resolves to this region's private endpoint. ` +
        'Use "per-endpoint" (with the default per-name zones) if any other custom endpoint must stay reachable from these networks.',
    ];
  }
  return [
    `${where}.customEndpointZones is "domain": ${zone.existingZoneId ? "the existing" : "a"} private zone for all of ${CUSTOM_ENDPOINT_DOMAIN} answers NXDOMAIN for every name it does not hold, so inside ${networks} ` +
      `every custom endpoint other than ${[...input.customEndpoints].sort().join(", ")} stops resolving (private zones do not fall back to public DNS). ` +
      'Leave customEndpointZones out (per-name zones) unless that is what you want.',
  ];
}

const MISROUTING_WHY =
  "a wildcard *.endpoints.neo4j.io record sends every custom endpoint to one region's private endpoint, " +
  "which breaks custom endpoints of the other regions linked to the same network (see the \"Alternative wildcard approach\" warning in Aura's custom endpoint documentation)";

/**
 * A region that puts its records into a zone another configured region creates (dns.existingZones, on
 * a shared network) only reaches the networks that zone is attached to: those of the creating region.
 * Its own networks outside that set would resolve the names publicly, silently bypassing the endpoint.
 */
function existingZoneReachProblems(regions: readonly RegionDnsInput[]): string[] {
  const problems: string[] = [];
  const cloudNetworks = (r: RegionDnsInput) => r.networks.filter((n) => !n.startsWith("resolver:"));
  for (const r of regions) {
    if (r.createsZones === false) continue;
    for (const zone of planRegionDns(r)) {
      if (!zone.existingZoneId) continue;
      const own = cloudNetworks(r);
      // The zone of that name on a network r shares can only be the one a linked region creates there
      // (never r itself: its zone of that name is an existing one).
      const creators = regions.filter(
        (c) => c.createsZones !== false && cloudNetworks(c).some((n) => own.includes(n)) && planRegionDns(c).some((z) => z.domain === zone.domain && !z.existingZoneId),
      );
      if (creators.length !== 1) continue;
      const creator = creators[0]!;
      const missing = own.filter((n) => !creator.networks.includes(n));
      if (missing.length === 0) continue;
      problems.push(
        `${r.configPath}.dns.existingZones["${zone.domain}"]: got ${JSON.stringify(zone.existingZoneId)}; that zone is the one ${creator.configPath} (${creator.stack}) creates, ` +
          `attached to its networks only (${creator.networks.join(", ")}), so ${missing.join(", ")} of ${r.configPath} would not see ${r.stack}'s records and would resolve them publicly. ` +
          `Add ${missing.length === 1 ? "it" : "them"} to ${creator.configPath}'s networks (AWS: network.additionalVpcs with the region).`,
      );
    }
  }
  return problems;
}

/**
 * Problems that only show when regions are seen together. Each message names the regions, the shared
 * network and what to change.
 */
export function crossRegionDnsProblems(regions: readonly RegionDnsInput[]): string[] {
  const problems: string[] = [];
  const regionsByNetwork = new Map<string, RegionDnsInput[]>();
  for (const r of regions) {
    for (const n of new Set(r.networks)) regionsByNetwork.set(n, [...(regionsByNetwork.get(n) ?? []), r]);
  }

  for (const [network, linked] of [...regionsByNetwork.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (linked.length < 2) continue;
    const names = linked.map((r) => r.stack).join(", ");
    for (const r of linked) {
      if (r.customEndpointRecords === "wildcard" && r.customEndpoints.length > 0) {
        problems.push(
          `${r.configPath}.dns.customEndpointRecords: got "wildcard"; network ${network} is linked to ${linked.length} regions (${names}), and ${MISROUTING_WHY}. Use "per-endpoint".`,
        );
      }
    }
    // Two private zones with one name cannot both serve one network (Route53, Cloud DNS and Azure refuse or shadow).
    const creators = new Map<string, RegionDnsInput[]>();
    for (const r of linked) {
      if (r.createsZones === false) continue;
      for (const zone of planRegionDns(r)) {
        if (zone.existingZoneId) continue;
        creators.set(zone.domain, [...(creators.get(zone.domain) ?? []), r]);
      }
    }
    for (const [domain, rs] of creators) {
      if (rs.length < 2) continue;
      problems.push(
        `${rs.map((r) => r.configPath).join(" and ")} would each create a private zone ${domain} for network ${network}; ` +
          `one network can use only one zone of a name. Create it in one region, list the others' networks among that region's networks ` +
          `(AWS: network.additionalVpcs) so they see it, and give its id (the zone_ids output of its stack) in dns.existingZones["${domain}"] of the others.`,
      );
    }
  }

  problems.push(...existingZoneReachProblems(regions));

  const owners = new Map<string, RegionDnsInput>();
  for (const r of regions) {
    for (const orch of r.orchestrations) {
      const key = `orch:${orch}`;
      const first = owners.get(key);
      if (first) problems.push(`${r.configPath}.orchestrations: got "${orch}", already listed by ${first.configPath} (${first.stack}); an orchestration lives in one region.`);
      else owners.set(key, r);
    }
    for (const name of r.customEndpoints) {
      const key = `ep:${name}`;
      const first = owners.get(key);
      if (first) problems.push(`${r.configPath}.dns.customEndpoints: got "${name}", already listed by ${first.configPath} (${first.stack}); a custom endpoint belongs to one region.`);
      else owners.set(key, r);
    }
  }
  return problems;
}

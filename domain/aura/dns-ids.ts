/**
 * Construct ids for DNS zones and record sets, shared by the three clouds so that Terraform addresses
 * read the same everywhere: `zone_orch-0000`, `records_endpoints`.
 */

export function zoneKey(domain: string): string {
  const orch = /^production-orch-([a-z0-9]+)\.neo4j\.io$/.exec(domain);
  if (orch) return `orch-${orch[1]}`;
  if (domain === "endpoints.neo4j.io") return "endpoints";
  return domain.replace(/[^a-z0-9-]/g, "-");
}

export function zoneConstructId(domain: string): string {
  return `zone_${zoneKey(domain)}`;
}

/** Construct id suffix of the per-name zones of custom endpoints: one for_each resource holds them all. */
export const ENDPOINT_NAMES_KEY = "endpoint_names";

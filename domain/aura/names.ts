/**
 * Aura names, ports and URIs. Cloud-neutral facts only; sources in docs/vendor-facts.md ("Aura private
 * endpoints"); no provider imports here.
 */

export const AURA_PRODUCTS = ["virtual-dedicated-cloud", "ds-enterprise"] as const;
export type AuraProduct = (typeof AURA_PRODUCTS)[number];

export const PRODUCT_LABELS: Record<AuraProduct, string> = {
  "virtual-dedicated-cloud": "AuraDB Virtual Dedicated Cloud",
  "ds-enterprise": "AuraDS Enterprise",
};

export interface AuraPort {
  port: number;
  name: string;
  description: string;
}

const COMMON_PORTS: readonly AuraPort[] = [
  { port: 7687, name: "bolt", description: "Neo4j Bolt (drivers, cypher-shell)" },
  { port: 443, name: "https", description: "Neo4j HTTPS API and Browser" },
  { port: 7474, name: "http", description: "Neo4j HTTP API" },
];
const GDS_PORT: AuraPort = { port: 8491, name: "gds", description: "AuraDS Graph Data Science (Arrow Flight)" };

/** The ports a private endpoint must open for a product: AuraDS adds 8491. */
export function auraPorts(product: AuraProduct): readonly AuraPort[] {
  return product === "ds-enterprise" ? [...COMMON_PORTS, GDS_PORT] : COMMON_PORTS;
}

/** Orchestration ids as they appear in `production-orch-<orch>.neo4j.io` (e.g. "0000"). */
export const ORCH_ID_PATTERN = /^[a-z0-9]{1,20}$/;

export function orchDomain(orch: string): string {
  return `production-orch-${orch}.neo4j.io`;
}

export function privateUriPattern(orch: string): string {
  return `neo4j+s://<dbid>.${orchDomain(orch)}`;
}

export const CUSTOM_ENDPOINT_DOMAIN = "endpoints.neo4j.io";

/** A custom endpoint name: one DNS label that stays a valid label with the `d-` prefix (63 characters). */
export const CUSTOM_ENDPOINT_NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,59}[a-z0-9])?$/;

/** The five labels Aura needs for a custom endpoint `<name>.endpoints.neo4j.io` (docs/vendor-facts.md). */
export function customEndpointLabels(name: string): string[] {
  return [name, `a-${name}`, `b-${name}`, `c-${name}`, `d-${name}`];
}

/** Accepts `my-ep` or `my-ep.endpoints.neo4j.io` and returns `my-ep`. */
export function normalizeCustomEndpointName(value: string): string {
  const lower = value.trim().toLowerCase();
  const suffix = `.${CUSTOM_ENDPOINT_DOMAIN}`;
  return lower.endsWith(suffix) ? lower.slice(0, -suffix.length) : lower;
}

import type { RegionDnsInput } from "./dns-plan";
import { CUSTOM_ENDPOINT_DOMAIN, customEndpointLabels, orchDomain } from "./names";

/**
 * Which region stacks the Neo4j access stack must come after: the networks whose private endpoint and DNS it
 * needs. `cdktf deploy '*'` runs stacks in dependency order, so without this the access stack could run its
 * Cypher before the endpoint and the records it connects through exist. Pure; compose turns the answer into
 * cdktf stack dependencies (visible in cdktf.out/manifest.json).
 *
 * A region serves a host when the host is under one of its orchestration domains
 * (`<dbid>.production-orch-<orch>.neo4j.io`), is one of its custom endpoint names (`<name>.endpoints.neo4j.io`),
 * or is any custom endpoint name when the region answers the wildcard `*.endpoints.neo4j.io`.
 */

/** A region as its DNS planning sees it (stack, configPath, orchestrations, custom endpoints and records), plus its AWS VPCs. */
export interface NetworkRegion extends Pick<RegionDnsInput, "stack" | "configPath" | "orchestrations" | "customEndpoints" | "customEndpointRecords"> {
  /** AWS VPCs whose resolvers see this region's names (the endpoint's VPC and every VPC its zones attach to). */
  vpcs: ReadonlyArray<{ vpcId: string; region: string }>;
}

export interface AccessNetworkNeeds {
  /** connection.uri: a URL, or an environment variable read at apply time (unknown at synth). */
  connectionUri: string | { env: string };
  /** remoteAliases[].url: the DBMS reaches these through the network that serves them. */
  remoteAliasUrls: readonly string[];
  /** The Lambda runner's VPC (absent for the local-exec runner, which runs wherever the pipeline runs). */
  lambdaVpc?: { vpcId: string; region: string };
}

export interface NetworkDependency {
  stack: string;
  /** Why, one line per reason, naming the config paths. */
  reasons: string[];
}

/** The host of a Neo4j URL, lowercased and without port, user info or trailing dot; null when there is none. */
export function neo4jUrlHost(url: string): string | null {
  const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#\s]+)/.exec(url)?.[1];
  if (!authority) return null;
  const hostPort = authority.slice(authority.lastIndexOf("@") + 1);
  const host = hostPort.startsWith("[") ? hostPort.slice(0, hostPort.indexOf("]") + 1) : hostPort.replace(/:[0-9]*$/, "");
  return host.toLowerCase().replace(/\.$/, "") || null;
}

/** Why `region` serves `host` (e.g. "its orchestration 0000"), or null when it does not. */
export function regionServing(region: NetworkRegion, host: string): string | null {
  for (const orch of region.orchestrations) {
    const domain = orchDomain(orch);
    if (host === domain || host.endsWith(`.${domain}`)) return `its orchestration ${orch} (${domain})`;
  }
  const suffix = `.${CUSTOM_ENDPOINT_DOMAIN}`;
  if (!host.endsWith(suffix)) return null;
  const label = host.slice(0, -suffix.length);
  for (const name of region.customEndpoints) {
    if (customEndpointLabels(name).includes(label)) return `its custom endpoint ${name}`;
  }
  if (region.customEndpointRecords === "wildcard" && region.customEndpoints.length > 0 && !label.includes(".")) {
    return `its wildcard *.${CUSTOM_ENDPOINT_DOMAIN}`;
  }
  return null;
}

export function accessNetworkDependencies(needs: AccessNetworkNeeds, regions: readonly NetworkRegion[]): NetworkDependency[] {
  const reasons = new Map<string, string[]>();
  const add = (region: NetworkRegion, reason: string) => {
    const list = reasons.get(region.stack) ?? [];
    if (!list.includes(reason)) list.push(reason);
    reasons.set(region.stack, list);
  };
  const byUrl = (url: string, what: string) => {
    const host = neo4jUrlHost(url);
    if (!host) return;
    for (const region of regions) {
      const why = regionServing(region, host);
      if (why) add(region, `${what} (${host}) is served by ${region.configPath}: ${why}`);
    }
  };

  if (typeof needs.connectionUri === "string") byUrl(needs.connectionUri, "neo4jAccess.connection.uri");
  else {
    // Unknown until apply: every network first is the order that cannot be wrong.
    for (const region of regions) add(region, `neo4jAccess.connection.uri is read from $${needs.connectionUri.env} at apply time, so any network may be the one it needs`);
  }
  needs.remoteAliasUrls.forEach((url, i) => byUrl(url, `neo4jAccess.remoteAliases[${i}].url`));
  const vpc = needs.lambdaVpc;
  if (vpc) {
    for (const region of regions) {
      if (region.vpcs.some((v) => v.vpcId === vpc.vpcId && v.region === vpc.region)) {
        add(region, `neo4jAccess.runner (a Lambda in ${vpc.vpcId}, ${vpc.region}) runs in ${region.configPath}'s network`);
      }
    }
  }
  // In the order of the regions, so the manifest and messages are stable.
  return regions.filter((r) => reasons.has(r.stack)).map((r) => ({ stack: r.stack, reasons: reasons.get(r.stack)! }));
}

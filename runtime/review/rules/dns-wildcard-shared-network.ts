import { CUSTOM_ENDPOINT_DOMAIN } from "../../../domain/aura/names";
import type { Rule } from "../rule";
import { RECORD_TYPES, recordName } from "../dns";

const WILDCARD = `*.${CUSTOM_ENDPOINT_DOMAIN}`;

export const dnsWildcardSharedNetwork: Rule = {
  id: "AURA-DNS-3",
  severity: "high",
  title: "Custom-endpoint wildcard where regions share a network",
  meaning:
    "*.endpoints.neo4j.io sends every custom endpoint name to this region's endpoint. When endpoints of several regions are reachable from one network, custom endpoints of the other regions resolve here and their connections fail (Aura's documentation warns against the wildcard in that case).",
  fix: "Use per-endpoint records (customEndpointRecords: per-endpoint) in regions that share a network.",
  check(change, ctx) {
    if (!RECORD_TYPES.includes(change.type) || (change.kind !== "create" && change.kind !== "update" && change.kind !== "replace")) return [];
    const name = recordName(change.type, change.after);
    if (name !== WILDCARD || recordName(change.type, change.before) === WILDCARD) return [];
    const others = ctx.sharedNetworkStacks(change.stack);
    return others.length ? [{ detail: `${WILDCARD} added; the network is shared with ${others.join(", ")}` }] : [];
  },
};

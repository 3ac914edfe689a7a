import type { Rule } from "../rule";
import { ZONE_TYPES, zoneName } from "../dns";
import { block, isRemoval, list, replaceReason, str } from "../values";

const vpcs = (v: Record<string, unknown> | null) => list<Record<string, unknown>>(v?.vpc).map((x) => str(x.vpc_id) ?? "");

export const dnsZoneRemoved: Rule = {
  id: "AURA-DNS-1",
  severity: "high",
  title: "Private DNS zone deleted, replaced or detached from a network",
  meaning:
    "Clients find the private endpoint through this zone. While it is gone (or no longer attached to their network) Aura's names resolve publicly again: with public traffic disabled in Aura, connections fail; otherwise they leave the private path. A replaced zone starts empty until its records are written.",
  fix: "Keep the zone; if it must move, create the new zone and records first and switch networks over to it in a window.",
  check(change) {
    if (!ZONE_TYPES.includes(change.type)) return [];
    const name = zoneName(change.type, change.before) ?? zoneName(change.type, change.after) ?? change.name;
    if (isRemoval(change)) return [{ detail: `${name}: ${replaceReason(change)}` }];
    if (change.kind === "update" && change.type === "aws_route53_zone") {
      const after = new Set(vpcs(change.after));
      const lost = vpcs(change.before).filter((v) => v && !after.has(v));
      if (lost.length) return [{ detail: `${name}: no longer associated with ${lost.join(", ")}` }];
    }
    if (change.kind === "update" && change.type === "google_dns_response_policy") {
      const urls = (v: Record<string, unknown> | null) => list<Record<string, unknown>>(v?.networks).map((n) => str(n.network_url) ?? "");
      const after = new Set(urls(change.after));
      const lost = urls(change.before).filter((u) => u && !after.has(u));
      if (lost.length) return [{ detail: `${name}: no longer applies to ${lost.join(", ")}` }];
    }
    if (change.kind === "update" && change.type === "google_dns_managed_zone") {
      const nets = (v: Record<string, unknown> | null) => list<Record<string, unknown>>(block(v?.private_visibility_config)?.networks).map((n) => str(n.network_url) ?? "");
      const after = new Set(nets(change.after));
      const lost = nets(change.before).filter((u) => u && !after.has(u));
      if (lost.length) return [{ detail: `${name}: no longer visible to ${lost.join(", ")}` }];
    }
    return [];
  },
};

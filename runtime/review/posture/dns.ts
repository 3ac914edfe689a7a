/**
 * The stack's private DNS as the domain's resolution model sees it (domain/aura/private-resolution.ts), before
 * and after the plan: Route53 zones with their VPCs and associations, Cloud DNS private zones and response
 * policies with their networks, Azure private zones with their virtual network links, and the records in them.
 * Zones the plan does not hold (existing zones) are kept with their records and a network placeholder, so a
 * record removed from them still counts.
 */
import { lostResolution, normalizeDnsName, viewNames, type DnsView, type LostName, type PrivateZone, type ResponsePolicy } from "../../../domain/aura/private-resolution";
import { parseVnetId } from "../../../domain/azure/names";
import type { ResourceChange } from "../plan-format";
import type { RuleContext } from "../rule";
import { afterOf, beforeOf, block, isActive, list, str } from "../values";

export const RESOLUTION_TYPES = [
  "aws_route53_zone",
  "aws_route53_zone_association",
  "aws_route53_record",
  "google_dns_managed_zone",
  "google_dns_record_set",
  "google_dns_response_policy",
  "google_dns_response_policy_rule",
  "azurerm_private_dns_zone",
  "azurerm_private_dns_zone_virtual_network_link",
  "azurerm_private_dns_a_record",
  "azurerm_private_dns_aaaa_record",
  "azurerm_private_dns_cname_record",
];

const gcpNetwork = (url: string) => `gcp:${url.replace(/^https:\/\/www\.googleapis\.com\/compute\/(v1|beta)\//, "")}`;
const azureNetwork = (id: string) => `azure:${parseVnetId(id)?.key ?? id.toLowerCase()}`;

interface MutableZone {
  key: string;
  domain: string;
  networks: Set<string>;
  records: Set<string>;
}

/** The DNS view of one side of the plan. */
export function dnsView(changes: readonly ResourceChange[], side: "before" | "after"): DnsView {
  const values = (c: ResourceChange) => (side === "before" ? beforeOf(c) : afterOf(c));
  const zones = new Map<string, MutableZone>();
  const zone = (key: string, domain?: string) => {
    let z = zones.get(key);
    if (!z) zones.set(key, (z = { key, domain: domain ? normalizeDnsName(domain) : "", networks: new Set(), records: new Set() }));
    else if (domain && !z.domain) z.domain = normalizeDnsName(domain);
    return z;
  };
  const policies = new Map<string, { key: string; networks: Set<string>; rules: Array<{ name: string; passthrough?: boolean }> }>();
  const policy = (key: string) => {
    let p = policies.get(key);
    if (!p) policies.set(key, (p = { key, networks: new Set(), rules: [] }));
    return p;
  };
  const pendingRecords: Array<{ zoneKey?: string; name: string }> = [];
  // Public zones of the plan: their records resolve the same from everywhere, so removing one loses no private name.
  const publicZones = new Set<string>();
  const pendingRules: Array<{ policy?: string; rule: { name: string; passthrough?: boolean } }> = [];

  for (const c of changes) {
    const v = values(c);
    if (!v) continue;
    switch (c.type) {
      case "aws_route53_zone": {
        const vpcs = list<Record<string, unknown>>(v.vpc);
        if (!vpcs.length) {
          for (const id of [str(v.zone_id), str(v.id)]) if (id) publicZones.add(`route53:${id}`);
          break;
        }
        const z = zone(`route53:${str(v.zone_id) ?? c.address}`, str(v.name));
        for (const x of vpcs) if (str(x.vpc_id)) z.networks.add(`aws:${str(x.vpc_id)}`);
        break;
      }
      case "aws_route53_zone_association":
        if (str(v.zone_id) && str(v.vpc_id)) zone(`route53:${str(v.zone_id)}`).networks.add(`aws:${str(v.vpc_id)}`);
        break;
      case "aws_route53_record": {
        const name = str(v.fqdn) || str(v.name);
        if (!name || !(block(v.alias) || list(v.records).length)) break;
        pendingRecords.push({ ...(str(v.zone_id) ? { zoneKey: `route53:${str(v.zone_id)}` } : {}), name });
        break;
      }
      case "google_dns_managed_zone": {
        if (String(v.visibility ?? "public").toLowerCase() !== "private") {
          if (str(v.name)) publicZones.add(`clouddns:${str(v.name)}`);
          break;
        }
        const z = zone(`clouddns:${str(v.name) ?? c.address}`, str(v.dns_name));
        for (const n of list<Record<string, unknown>>(block(v.private_visibility_config)?.networks)) if (str(n.network_url)) z.networks.add(gcpNetwork(str(n.network_url)!));
        break;
      }
      case "google_dns_record_set":
        if (str(v.name)) pendingRecords.push({ ...(str(v.managed_zone) ? { zoneKey: `clouddns:${str(v.managed_zone)}` } : {}), name: str(v.name)! });
        break;
      case "google_dns_response_policy": {
        const p = policy(str(v.response_policy_name) ?? c.address);
        for (const n of list<Record<string, unknown>>(v.networks)) if (str(n.network_url)) p.networks.add(gcpNetwork(str(n.network_url)!));
        break;
      }
      case "google_dns_response_policy_rule":
        if (str(v.dns_name)) pendingRules.push({ policy: str(v.response_policy), rule: { name: normalizeDnsName(str(v.dns_name)!), ...(String(v.behavior ?? "").toLowerCase().includes("bypass") ? { passthrough: true } : {}) } });
        break;
      case "azurerm_private_dns_zone":
        zone(`azure:${(str(v.resource_group_name) ?? "?").toLowerCase()}/${(str(v.name) ?? c.address).toLowerCase()}`, str(v.name));
        break;
      case "azurerm_private_dns_zone_virtual_network_link":
        if (str(v.private_dns_zone_name) && str(v.virtual_network_id)) {
          zone(`azure:${(str(v.resource_group_name) ?? "?").toLowerCase()}/${str(v.private_dns_zone_name)!.toLowerCase()}`, str(v.private_dns_zone_name)).networks.add(azureNetwork(str(v.virtual_network_id)!));
        }
        break;
      case "azurerm_private_dns_a_record":
      case "azurerm_private_dns_aaaa_record":
      case "azurerm_private_dns_cname_record": {
        const label = str(v.name);
        const zoneName = str(v.zone_name);
        if (!label || !zoneName) break;
        pendingRecords.push({ zoneKey: `azure:${(str(v.resource_group_name) ?? "?").toLowerCase()}/${zoneName.toLowerCase()}`, name: label === "@" ? zoneName : `${label}.${zoneName}` });
        break;
      }
    }
  }
  for (const r of pendingRules) {
    // A rule whose policy is not named (or not in the plan) belongs to the stack's only policy, else to a placeholder.
    const known = r.policy ? policies.get(r.policy) : policies.size === 1 ? [...policies.values()][0] : undefined;
    const p = known ?? policy(r.policy ?? "(response policy not in this plan)");
    if (!known) p.networks.add(`(networks of response policy ${p.key}, not in this plan)`);
    p.rules.push(r.rule);
  }
  for (const r of pendingRecords) {
    if (r.zoneKey && publicZones.has(r.zoneKey)) continue;
    const name = normalizeDnsName(r.name);
    let z = r.zoneKey ? zones.get(r.zoneKey) : undefined;
    if (!z && !r.zoneKey) {
      // A record whose zone id is known only after apply: it goes to the most specific zone of the stack holding it.
      z = [...zones.values()].filter((x) => x.domain && (name === x.domain || name.endsWith(`.${x.domain}`))).sort((a, b) => b.domain.length - a.domain.length)[0];
    }
    if (!z) {
      // A zone the plan does not hold: keep the record with a placeholder network, so removing it counts.
      const key = r.zoneKey ?? `(zone of ${name})`;
      z = zone(key, name.replace(/^\*\./, ""));
      z.networks.add(`(networks of ${key.replace(/^[a-z0-9]+:/, "zone ")}, not in this plan)`);
    }
    if (!z.domain) z.domain = name.replace(/^\*\./, "");
    z.records.add(name);
  }
  const outZones: PrivateZone[] = [...zones.values()].map((z) => ({ key: z.key.replace(/^[a-z0-9]+:/, ""), domain: z.domain, networks: [...z.networks].sort(), records: [...z.records].sort() }));
  const outPolicies: ResponsePolicy[] = [...policies.values()].map((p) => ({ key: p.key, networks: [...p.networks].sort(), rules: p.rules }));
  return { zones: outZones, policies: outPolicies };
}

/** Aura's names: the orchestration domains and custom endpoints under neo4j.io. */
export const isAuraName = (name: string) => /(^|\.)neo4j\.io$/.test(normalizeDnsName(name));

/**
 * Where one record or rule change makes each name resolve on one side: the zone holding it, or the response
 * policy with its behaviour, read by dnsView itself so the blame reads records as the view does.
 */
function heldNames(c: ResourceChange, side: "before" | "after"): Map<string, string> {
  const view = dnsView([c], side);
  const held = new Map<string, string>();
  const add = (name: string, where: string) => held.set(name, [held.get(name), where].filter(Boolean).join("; "));
  for (const z of view.zones) for (const r of z.records) add(r, `zone ${z.key}`);
  for (const p of view.policies) for (const r of p.rules) add(r.name, `policy ${p.key}${r.passthrough ? " passthrough" : ""}`);
  return held;
}

/** Aura names that stop resolving privately in a network, with the changes that cause it. */
export function lostNames(ctx: RuleContext): Array<{ lost: LostName; causes: ResourceChange[] }> {
  const changes = ctx.stackChanges.filter((c) => RESOLUTION_TYPES.includes(c.type));
  if (!changes.some(isActive)) return [];
  const before = dnsView(changes, "before");
  // Stryker disable next-line StringLiteral: dnsView reads every side other than "before" as the after side, so "" is the same view
  const after = dnsView(changes, "after");
  const names = [...new Set([...viewNames(before), ...viewNames(after)])].filter(isAuraName);
  const active = changes.filter(isActive);
  // Records and rules by the names they take away or change (deleted, renamed, emptied, moved to another zone, a
  // rule turned to bypass); zones, links and associations with their text, for attribution. A record created, or
  // kept as it was for a name, is not the cause of that name's loss: another change is.
  const byName = new Map<string, ResourceChange[]>();
  const others: Array<{ c: ResourceChange; text: string }> = [];
  for (const c of active) {
    if (/record|rule/.test(c.type)) {
      const after = heldNames(c, "after");
      for (const [name, where] of heldNames(c, "before")) if (after.get(name) !== where) byName.set(name, [...(byName.get(name) ?? []), c]);
    } else others.push({ c, text: JSON.stringify([c.before, c.after]).toLowerCase() });
  }
  return lostResolution(before, after, names).map((lost) => {
    const net = lost.network.replace(/^[a-z]+:/, "").toLowerCase();
    // Stryker disable next-line StringLiteral: parent only matters for a wildcard, where it equals the name minus its first label (tested next), and a mutated parent holds upper case the lower-cased text never does
    const parent = lost.name.replace(/^\*\./, "");
    const record = byName.get(lost.name) ?? [];
    const other = others.filter((o) => o.text.includes(net) || o.text.includes(parent) || o.text.includes(lost.name.split(".").slice(1).join("."))).map((o) => o.c);
    const causes = record.length ? record : other.length ? other : active.slice(0, 1);
    return { lost, causes };
  });
}

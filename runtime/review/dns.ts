/**
 * Names and targets of the DNS resources the stacks create, per cloud. Pure helpers for the AURA-DNS rules
 * and the diagram.
 */
import { block, list, str } from "./values";

export const ZONE_TYPES = [
  "aws_route53_zone",
  "aws_route53_zone_association",
  "google_dns_managed_zone",
  "google_dns_response_policy",
  "azurerm_private_dns_zone",
  "azurerm_private_dns_zone_virtual_network_link",
];
export const RECORD_TYPES = ["aws_route53_record", "google_dns_record_set", "google_dns_response_policy_rule", "azurerm_private_dns_a_record"];

const noDot = (s: string) => s.replace(/\.$/, "");

/** Fully qualified record name without the trailing dot, or undefined when not known yet. */
export function recordName(type: string, v: Record<string, unknown> | null): string | undefined {
  if (!v) return undefined;
  if (type === "google_dns_response_policy_rule") return str(v.dns_name) && noDot(str(v.dns_name)!);
  if (type === "azurerm_private_dns_a_record") {
    const label = str(v.name);
    const zone = str(v.zone_name);
    return label && zone ? (label === "@" ? zone : `${label}.${zone}`) : label;
  }
  const name = str(v.name);
  return name && noDot(name);
}

/** What the record answers: alias target or addresses, sorted; undefined when unknown. */
export function recordTarget(type: string, v: Record<string, unknown> | null): string | undefined {
  if (!v) return undefined;
  let targets: string[] = [];
  if (type === "aws_route53_record") {
    const alias = block(v.alias);
    targets = alias ? list<string>(alias.name).map(String) : list<string>(v.records).map(String);
  } else if (type === "google_dns_record_set" || type === "azurerm_private_dns_a_record") {
    targets = list<string>(type === "azurerm_private_dns_a_record" ? v.records : v.rrdatas).map(String);
  } else if (type === "google_dns_response_policy_rule") {
    targets = list<Record<string, unknown>>(block(v.local_data)?.local_datas).flatMap((d) => list<string>(d.rrdatas).map(String));
  }
  return targets.length ? targets.map(noDot).sort().join(", ") : undefined;
}

/** The zone (domain) of a zone resource, if it has one. */
export function zoneName(type: string, v: Record<string, unknown> | null): string | undefined {
  if (!v) return undefined;
  if (type === "google_dns_managed_zone") return str(v.dns_name) && noDot(str(v.dns_name)!);
  if (type === "google_dns_response_policy") return str(v.response_policy_name);
  if (type === "azurerm_private_dns_zone_virtual_network_link") return str(v.private_dns_zone_name);
  if (type === "aws_route53_zone_association") return str(v.zone_id);
  return str(v.name);
}

/**
 * Which stacks share a network (VPC, VNet, GCP network), from the plans themselves and, when given, from the
 * app config. Network keys are namespaced by cloud as in stacks/region-dns.ts (`aws:vpc-0abc`).
 */
import type { AuraSecureConfig } from "../../config/schema";
import { parseSubnetId, parseVnetId } from "../../domain/azure/names";
import { regionNetworks } from "../../stacks/region-dns";
import type { StackPlan } from "./plan-format";
import { block, current, list, str } from "./values";
import { regionStackName } from "../../domain/stack-names";

const gcpNetwork = (url: string) => `gcp:${url.replace(/^https:\/\/www\.googleapis\.com\/compute\/(v1|beta)\//, "")}`;

/** Network keys one resource's values name. */
export function networksOfResource(type: string, v: Record<string, unknown>): string[] {
  switch (type) {
    case "aws_vpc_endpoint":
    case "aws_route53_zone_association":
      return str(v.vpc_id) ? [`aws:${str(v.vpc_id)}`] : [];
    case "aws_route53_zone":
      return list<Record<string, unknown>>(v.vpc).flatMap((x) => (str(x.vpc_id) ? [`aws:${str(x.vpc_id)}`] : []));
    case "google_compute_forwarding_rule":
      return str(v.network) ? [gcpNetwork(str(v.network)!)] : [];
    case "google_dns_response_policy":
      return list<Record<string, unknown>>(v.networks).flatMap((n) => (str(n.network_url) ? [gcpNetwork(str(n.network_url)!)] : []));
    case "google_dns_managed_zone":
      return list<Record<string, unknown>>(block(v.private_visibility_config)?.networks).flatMap((n) => (str(n.network_url) ? [gcpNetwork(str(n.network_url)!)] : []));
    case "azurerm_private_dns_zone_virtual_network_link": {
      const id = str(v.virtual_network_id);
      return id ? [`azure:${parseVnetId(id)?.key ?? id.toLowerCase()}`] : [];
    }
    case "azurerm_private_endpoint": {
      const id = str(v.subnet_id);
      return id ? [`azure:${parseSubnetId(id)?.vnet.key ?? id.toLowerCase()}`] : [];
    }
    default:
      return [];
  }
}

export type StackNetworks = Map<string, Set<string>>;

/** Networks per stack as the plans leave them (deleted resources do not count). */
export function networksFromPlans(plans: readonly StackPlan[]): StackNetworks {
  const out: StackNetworks = new Map();
  for (const p of plans) {
    const set = out.get(p.stack) ?? new Set<string>();
    for (const c of p.changes) if (c.kind !== "delete") networksOfResource(c.type, current(c)).forEach((n) => set.add(n));
    out.set(p.stack, set);
  }
  return out;
}

/** Networks per stack as the config declares them (also for stacks whose plan is not given). */
export function networksFromConfig(config: AuraSecureConfig): StackNetworks {
  return new Map(config.regions.map((r) => [regionStackName(config.stackPrefix, r), new Set(regionNetworks(r))] as const));
}

export function mergeNetworks(...maps: StackNetworks[]): StackNetworks {
  const out: StackNetworks = new Map();
  for (const m of maps) for (const [stack, nets] of m) out.set(stack, new Set([...(out.get(stack) ?? []), ...nets]));
  return out;
}

/** Other stacks that share at least one network with `stack`, sorted. */
export function sharedWith(networks: StackNetworks, stack: string): string[] {
  const mine = networks.get(stack);
  if (!mine?.size) return [];
  return [...networks]
    .filter(([other, nets]) => other !== stack && [...nets].some((n) => mine.has(n)))
    .map(([other]) => other)
    .sort();
}

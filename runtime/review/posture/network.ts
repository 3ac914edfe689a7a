/**
 * Network exposure of one stack before and after its plan: the allow rules of every security group (AWS),
 * firewall (GCP, per network) and network security group (Azure), grouped by what they guard, judged per
 * protocol and port by domain/network-exposure.ts. Also the security groups attached to the endpoint and to the
 * access runner. This file only reads the providers' attributes; the judgement is the domain's.
 */
import { exposureWidening, PROTOCOLS, type AccessRule, type Protocol, type PortWidening } from "../../../domain/network-exposure";
import type { ResourceChange } from "../plan-format";
import type { RuleContext, StackHit } from "../rule";
import { afterOf, beforeOf, block, isActive, list, str, unknownAfter } from "../values";

export type Direction = "ingress" | "egress";

interface ReadRule extends AccessRule {
  direction: Direction;
  guard: string;
  /** A deny rule (GCP, Azure): not counted as exposure, but its change is reported. */
  deny?: boolean;
}

export const NETWORK_RULE_TYPES = [
  "aws_security_group",
  "aws_security_group_rule",
  "aws_vpc_security_group_ingress_rule",
  "aws_vpc_security_group_egress_rule",
  "google_compute_firewall",
  "azurerm_network_security_rule",
  "azurerm_network_security_group",
];

const NEW_GROUP = "(a security group created in this plan)";

function protocolOf(p: unknown): Protocol | "all" {
  // Stryker disable next-line StringLiteral: a missing protocol is no name or number of any protocol, whatever the stand-in text: "other" either way
  const s = String(p ?? "").toLowerCase();
  if (s === "-1" || s === "all" || s === "*") return "all";
  if (s === "tcp" || s === "6") return "tcp";
  if (s === "udp" || s === "17") return "udp";
  if (s === "icmp" || s === "1") return "icmp";
  if (s === "icmpv6" || s === "58") return "icmpv6";
  return "other";
}

/** A port as a number, or null when the value is no port (text, a list, not finite). */
const portOf = (v: unknown): number | null => (Number.isFinite(v) ? (v as number) : typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : null);

/** Fail closed: a tcp/udp rule whose from_port is missing or unreadable opens every port, as -1 does. */
function awsPorts(protocol: Protocol | "all", v: Record<string, unknown>): [number, number] {
  if (protocol !== "tcp" && protocol !== "udp") return [0, 65535];
  const from = portOf(v.from_port);
  if (from === null || from < 0) return [0, 65535];
  const to = v.to_port === undefined || v.to_port === null ? from : portOf(v.to_port);
  return [from, to === null || to < 0 ? 65535 : to];
}

/** Azure prefixes: "*", "Internet", "Any" are every address; service tags are named; bare IPs are one address. */
function azurePrefixes(values: string[]): { cidrs: string[]; named: string[] } {
  const cidrs: string[] = [];
  const named: string[] = [];
  for (const v of values) {
    if (["*", "internet", "any", "0.0.0.0/0"].includes(v.toLowerCase())) cidrs.push("0.0.0.0/0", "::/0");
    else if (/^[0-9.]+$/.test(v)) cidrs.push(`${v}/32`);
    else if (/^[0-9a-f:]+$/i.test(v) && v.includes(":")) cidrs.push(`${v}/128`);
    else if (/[/]/.test(v)) cidrs.push(v);
    else named.push(`service tag ${v}`);
  }
  return { cidrs, named };
}

function azurePorts(values: string[]): Array<[number, number]> {
  if (!values.length || values.some((v) => v === "*")) return [[0, 65535]];
  return values.map((v) => {
    const m = /^(\d+)(?:-(\d+))?$/.exec(v.trim());
    return m ? [Number(m[1]), Number(m[2] ?? m[1])] : [0, 65535];
  });
}

/** Rules a change's values hold on one side (ingress and egress), with the guard they belong to. */
export function rulesOf(c: ResourceChange, v: Record<string, unknown> | null, side: "before" | "after"): ReadRule[] {
  return rulesOfValues(c.type, v, (attr) => side === "after" && unknownAfter(c, attr));
}

/** Rules one resource's values hold; `unknown(attr)` tells which attributes are known only after apply. */
// Stryker disable next-line ArrowFunction: every use of unknown() reads it as a condition, and undefined is as false as false
export function rulesOfValues(type: string, v: Record<string, unknown> | null, unknown: (attr: string) => boolean = () => false): ReadRule[] {
  if (!v) return [];
  const unknownGroup = unknown("security_group_id");
  const unknownId = unknown("id");
  const sgKey = (id: unknown) => (typeof id === "string" && id ? `sg:${id}` : `sg:${NEW_GROUP}`);
  switch (type) {
    case "aws_vpc_security_group_ingress_rule":
    case "aws_vpc_security_group_egress_rule": {
      const protocol = protocolOf(v.ip_protocol);
      const [fromPort, toPort] = awsPorts(protocol, v);
      const cidrs = [str(v.cidr_ipv4), str(v.cidr_ipv6)].filter((x): x is string => !!x);
      const named = [str(v.referenced_security_group_id), str(v.prefix_list_id)].filter((x): x is string => !!x);
      if (!cidrs.length && !named.length) named.push("(a source known only after apply)");
      return [{ direction: type.endsWith("ingress_rule") ? "ingress" : "egress", guard: unknownGroup ? sgKey(null) : sgKey(v.security_group_id), protocol, fromPort, toPort, cidrs, named }];
    }
    case "aws_security_group_rule": {
      const protocol = protocolOf(v.protocol);
      const [fromPort, toPort] = awsPorts(protocol, v);
      const cidrs = [...list<string>(v.cidr_blocks), ...list<string>(v.ipv6_cidr_blocks)].map(String);
      const named = [...list<string>(v.prefix_list_ids), ...list<string>(v.source_security_group_id)].map(String);
      if (v.self === true) named.push("the group itself");
      if (["cidr_blocks", "ipv6_cidr_blocks", "source_security_group_id", "prefix_list_ids"].some(unknown)) named.push("(a source known only after apply)");
      return [{ direction: v.type === "egress" ? "egress" : "ingress", guard: unknownGroup ? sgKey(null) : sgKey(v.security_group_id), protocol, fromPort, toPort, cidrs, named }];
    }
    case "aws_security_group": {
      const guard = sgKey(unknownId ? null : v.id);
      const read = (direction: Direction): ReadRule[] =>
        unknown(direction) ? [{ direction, guard, protocol: "all", fromPort: 0, toPort: 65535, cidrs: [], named: ["(rules known only after apply)"] }] : list<Record<string, unknown>>(v[direction]).map((r): ReadRule => {
          const protocol = protocolOf(r.protocol);
          const [fromPort, toPort] = awsPorts(protocol, r);
          const named = [...list<string>(r.prefix_list_ids), ...list<string>(r.security_groups)].map(String);
          if (r.self === true) named.push("the group itself");
          return { direction, guard, protocol, fromPort, toPort, cidrs: [...list<string>(r.cidr_blocks), ...list<string>(r.ipv6_cidr_blocks)].map(String), named };
        });
      return [...read("ingress"), ...read("egress")];
    }
    case "google_compute_firewall": {
      if (v.disabled === true) return [];
      const direction: Direction = String(v.direction ?? "INGRESS").toUpperCase() === "EGRESS" ? "egress" : "ingress";
      const ranges = list<string>(direction === "ingress" ? v.source_ranges : v.destination_ranges).map(String);
      const named = direction === "ingress" ? [...list<string>(v.source_tags).map((t) => `network tag ${t}`), ...list<string>(v.source_service_accounts).map((s) => `service account ${s}`)] : [];
      if (unknown(direction === "ingress" ? "source_ranges" : "destination_ranges")) named.push("(addresses known only after apply)");
      // Without ranges, tags or service accounts, GCP applies the rule to 0.0.0.0/0.
      const cidrs = ranges.length || named.length ? ranges : ["0.0.0.0/0"];
      const guard = `gcp:${str(v.network) ?? "(network known after apply)"}`;
      const out: ReadRule[] = [];
      for (const [key, deny] of [["allow", false], ["deny", true]] as const) {
        for (const b of list<Record<string, unknown>>(v[key])) {
          const protocol = protocolOf(b.protocol);
          const ports = list<string>(b.ports).map(String);
          const ranges2: Array<[number, number]> = ports.length ? ports.map((p) => { const m = /^(\d+)(?:-(\d+))?$/.exec(p); return m ? [Number(m[1]), Number(m[2] ?? m[1])] : [0, 65535]; }) : [[0, 65535]];
          for (const [fromPort, toPort] of ranges2) out.push({ direction, guard, protocol, fromPort, toPort, cidrs, named, deny });
        }
      }
      return out;
    }
    case "azurerm_network_security_rule":
    case "azurerm_network_security_group": {
      const rules = type === "azurerm_network_security_rule" ? [v] : list<Record<string, unknown>>(v.security_rule);
      const nsg = type === "azurerm_network_security_rule" ? str(v.network_security_group_name) : str(v.name);
      const guard = `nsg:${str(v.resource_group_name) ?? "?"}/${nsg ?? "(known after apply)"}`;
      return rules.map((r): ReadRule[] => {
        const direction: Direction = String(r.direction ?? "Inbound").toLowerCase() === "outbound" ? "egress" : "ingress";
        const peer = direction === "ingress" ? [str(r.source_address_prefix), ...list<string>(r.source_address_prefixes)] : [str(r.destination_address_prefix), ...list<string>(r.destination_address_prefixes)];
        const { cidrs, named } = azurePrefixes(peer.filter((x): x is string => !!x).map(String));
        const ports = azurePorts([str(r.destination_port_range), ...list<string>(r.destination_port_ranges)].filter((x): x is string => !!x).map(String));
        const protocol = protocolOf(r.protocol);
        // Azure's Any protocol (*) keeps the rule's destination ports for TCP and UDP, the protocols that have ports
        // (an AWS -1 rule opens every port): read as one rule per protocol, or a move from 7687 to 22 went unseen.
        const wholeRange = ports.every(([f, t]) => f === 0 && t === 65535);
        const protocols: Array<Protocol | "all"> = protocol === "all" && !wholeRange ? [...PROTOCOLS] : [protocol];
        const deny = String(r.access ?? "Allow").toLowerCase() === "deny";
        return ports.flatMap(([fromPort, toPort]) => protocols.map((p) => ({ direction, guard, protocol: p, fromPort, toPort, cidrs, named, deny })));
      }).flat();
    }
    default:
      return [];
  }
}

export interface GuardWidening {
  guard: string;
  direction: Direction;
  widening: PortWidening;
  /** No rule of this guard existed before the plan (a group created now): judged on its own. */
  newGuard: boolean;
  /** The changes that add what the widening reaches. */
  causes: Array<{ change: ResourceChange; added: string[] }>;
}

export interface DenyChange {
  change: ResourceChange;
  guard: string;
}

const sameRule = (a: ReadRule, b: ReadRule) => JSON.stringify([a.direction, a.guard, a.protocol, a.fromPort, a.toPort, [...a.cidrs].sort(), [...a.named].sort()]) === JSON.stringify([b.direction, b.guard, b.protocol, b.fromPort, b.toPort, [...b.cidrs].sort(), [...b.named].sort()]);

const covers = (r: AccessRule, w: PortWidening) => (r.protocol === "all" || r.protocol === w.protocol) && (r.protocol === "all" || w.protocol !== "tcp" && w.protocol !== "udp" || (r.fromPort <= w.toPort && r.toPort >= w.fromPort));

const cache = new WeakMap<readonly ResourceChange[], { widenings: GuardWidening[]; denies: DenyChange[] }>();

/** Every widening of every guard of the stack, with the changes that cause it; and changed deny rules. */
export function networkPosture(ctx: RuleContext): { widenings: GuardWidening[]; denies: DenyChange[] } {
  const hit = cache.get(ctx.stackChanges);
  if (hit) return hit;
  // Stryker disable next-line MethodExpression: rulesOfValues reads no rule from any other type, and every other use of changes filters by type
  const changes = ctx.stackChanges.filter((c) => NETWORK_RULE_TYPES.includes(c.type));
  const per = changes.map((c) => ({ c, before: rulesOf(c, beforeOf(c), "before"), after: rulesOf(c, afterOf(c), "after") }));
  // Guards created by this plan (a first apply) have no "before" to compare with: they are judged on their own.
  const createdGroups = new Set([
    `sg:${NEW_GROUP}`,
    ...changes.filter((c) => c.type === "aws_security_group" && c.kind === "create").map((c) => `sg:${str(c.after?.id) ?? NEW_GROUP}`),
    ...changes.filter((c) => c.type === "azurerm_network_security_group" && c.kind === "create").map((c) => `nsg:${str(c.after?.resource_group_name) ?? "?"}/${str(c.after?.name) ?? "(known after apply)"}`),
  ]);
  const guards = [...new Set(per.flatMap((p) => [...p.before, ...p.after].map((r) => `${r.guard}\u0000${r.direction}`)))].sort();
  const widenings: GuardWidening[] = [];
  for (const key of guards) {
    const [guard, direction] = key.split("\u0000") as [string, Direction];
    const mine = (rs: ReadRule[]) => rs.filter((r) => r.guard === guard && r.direction === direction && !r.deny);
    const before = per.flatMap((p) => mine(p.before));
    const after = per.flatMap((p) => mine(p.after));
    const newGuard = before.length === 0 && createdGroups.has(guard);
    for (const w of exposureWidening(before, after)) {
      // What the guard let through on these ports before, whichever rule held it: a change that only repeats a
      // source another rule kept adds nothing and is not blamed.
      const had = new Set(before.filter((r) => covers(r, w)).flatMap((r) => [...r.cidrs, ...r.named]));
      const candidates = per
        .filter((p) => isActive(p.c))
        .map((p) => {
          const own = [...new Set(mine(p.after).filter((r) => covers(r, w) && !mine(p.before).some((b) => sameRule(b, r))).flatMap((r) => [...r.cidrs, ...r.named]))];
          return { change: p.c, own, added: own.filter((x) => !had.has(x) && (w.afterCidrs.includes(x) || w.addedNamed.includes(x))) };
        });
      // The changes that add a source; only when none does (a source written another way than the widening names
      // it), every change whose new rules reach these ports.
      const adding = candidates.filter((x) => x.added.length > 0);
      const causes = adding.length ? adding.map(({ change, added }) => ({ change, added })) : candidates.filter((x) => x.own.length > 0).map(({ change, own }) => ({ change, added: own }));
      const fallback = per.find((p) => isActive(p.c) && mine([...p.before, ...p.after]).length)?.c;
      widenings.push({ guard, direction, widening: w, newGuard, causes: causes.length ? causes : fallback ? [{ change: fallback, added: [] }] : [] });
    }
  }
  const denies: DenyChange[] = [];
  for (const p of per) {
    if (!isActive(p.c)) continue;
    const bd = p.before.filter((r) => r.deny);
    const ad = p.after.filter((r) => r.deny);
    if (bd.some((b) => !ad.some((a) => sameRule(a, b)))) denies.push({ change: p.c, guard: bd[0]!.guard });
  }
  const result = { widenings, denies };
  cache.set(ctx.stackChanges, result);
  return result;
}

const attached = new WeakMap<readonly ResourceChange[], { endpoint: Set<string>; lambda: Set<string> }>();

/** What a guard protects, for messages: the endpoint's or the runner's group when the plan says so. */
export function guardLabel(guard: string, ctx: RuleContext): string {
  if (guard.startsWith("sg:")) {
    const id = guard.slice(3);
    let groups = attached.get(ctx.stackChanges);
    if (!groups) {
      groups = {
        endpoint: new Set(ctx.stackChanges.filter((c) => c.type === "aws_vpc_endpoint").flatMap((c) => [...list<string>(c.before?.security_group_ids), ...list<string>(c.after?.security_group_ids)])),
        lambda: new Set(ctx.stackChanges.filter((c) => c.type === "aws_lambda_function").flatMap((c) => [c.before, c.after].flatMap((v) => list<string>(block(v?.vpc_config)?.security_group_ids)))),
      };
      attached.set(ctx.stackChanges, groups);
    }
    const endpoint = groups.endpoint.has(id);
    const lambda = groups.lambda.has(id);
    return `${endpoint ? "the private endpoint's security group " : lambda ? "the access runner's security group " : "security group "}${id}`;
  }
  if (guard.startsWith("gcp:")) return `the firewall of network ${guard.slice(4)}`;
  if (guard.startsWith("nsg:")) return `network security group ${guard.slice(4)}`;
  return guard;
}

/** "port 7687", "ports 1000-2000", "udp port 53", "every protocol and port". */
export function portPhrase(w: PortWidening): string {
  if (w.protocol === "tcp") return w.fromPort === w.toPort ? `port ${w.fromPort}` : w.fromPort === 0 && w.toPort === 65535 ? "every tcp port" : `ports ${w.fromPort}-${w.toPort}`;
  if (w.protocol === "udp") return w.fromPort === w.toPort ? `udp port ${w.fromPort}` : w.fromPort === 0 && w.toPort === 65535 ? "every udp port" : `udp ports ${w.fromPort}-${w.toPort}`;
  return w.protocol === "other" ? "every other protocol" : w.protocol;
}

/** Security groups attached to the endpoint or the runner's function that the change adds (or loses all of). */
export function attachmentChanges(c: ResourceChange): string[] {
  const read = (v: Record<string, unknown> | null) => (c.type === "aws_lambda_function" ? list<string>(block(v?.vpc_config)?.security_group_ids) : list<string>(v?.security_group_ids)).map(String);
  if (c.type !== "aws_vpc_endpoint" && c.type !== "aws_lambda_function") return [];
  if (c.kind !== "update" && c.kind !== "replace") return [];
  const what = c.type === "aws_vpc_endpoint" ? "the private endpoint" : "the access runner's function";
  const unknown = c.type === "aws_vpc_endpoint" ? unknownAfter(c, "security_group_ids") : (() => {
    const u = c.afterUnknown as Record<string, unknown> | null;
    const vc = u && typeof u === "object" ? u.vpc_config : undefined;
    return JSON.stringify(vc ?? "").includes("security_group_ids");
  })();
  // A replaced endpoint is judged as a whole (AURA-NET-1); an updated one must not get groups nobody can see.
  if (unknown) return c.kind === "update" ? [`the security groups of ${what} become known only after apply: the review cannot judge what reaches it`] : [];
  const before = read(beforeOf(c));
  const after = read(afterOf(c));
  if (before.length && !after.length) return [`${what} loses all its security groups: AWS attaches the VPC's default security group instead`];
  return after.filter((g) => !before.includes(g)).map((g) => `security group ${g} now guards ${what}: whatever it admits reaches ${c.type === "aws_vpc_endpoint" ? "Aura's ports" : "the function"}`);
}

/** " (security group sg-x)" for messages; empty for the endpoint's own group, which the rules are about. */
export const guardWhere = (g: GuardWidening, ctx: RuleContext) => {
  const label = guardLabel(g.guard, ctx);
  return label.startsWith("the private endpoint's") ? "" : ` (${label})`;
};
/** What reached the port before, for messages: the address ranges, or the named sources when there were none. */
export const reachedBefore = (g: GuardWidening) => (g.widening.beforeCidrs.length ? g.widening.beforeCidrs : g.widening.beforeNamed).join(", ") || "nothing";

/** One hit per change that causes a widening the rule picks. */
export function guardHits(ctx: RuleContext, pick: (g: GuardWidening) => boolean, detail: (g: GuardWidening, added: string[]) => string): StackHit[] {
  return networkPosture(ctx)
    .widenings.filter(pick)
    .flatMap((g) => g.causes.map((c) => ({ change: c.change, detail: detail(g, c.added.length ? c.added : [...g.widening.afterCidrs, ...g.widening.addedNamed]) })));
}

export const isIngress = (g: GuardWidening) => g.direction === "ingress";
export const addsAddresses = (g: GuardWidening) => g.widening.added.ipv4 + g.widening.added.ipv6 > 0n;
export const portWasOpen = (g: GuardWidening) => g.widening.beforeCidrs.length + g.widening.beforeNamed.length > 0;


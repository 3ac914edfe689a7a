/**
 * How each cloud's in-network resolver answers a name, as the clouds document it (docs/vendor-facts.md,
 * "Network twin"). Pure: the resolver host (hosts/resolver-host.ts) asks this for every query and
 * forwards what it returns as `forward` to the twin's public resolver.
 *
 * - Route 53 Resolver (AWS): the private zone associated with the VPC whose name is the most specific
 *   match wins; inside it a name without a record is NXDOMAIN (never forwarded); names outside every
 *   private zone are resolved publicly.
 * - Cloud DNS (GCP): first the network's response policy, the rule with the longest matching suffix
 *   (a `*.d` rule matches names under d, not d itself); local data answers, a bypass rule falls through;
 *   then private zones by longest suffix like Route 53; then public DNS.
 * - Azure DNS: private zones linked to the VNet, most specific first; a missing name is NXDOMAIN unless
 *   the link sets NxDomainRedirect, which falls back to public resolution.
 * Inside a zone, wildcards follow RFC 4592: `*.d` answers a name under d for which no closer name exists.
 */

export type Cloud = "aws" | "gcp" | "azure";

export interface RecordData {
  name: string;
  type: string;
  values: string[];
}

export interface ZoneData {
  /** `<stack> <resource address>`, for answers' explanations. */
  source: string;
  apex: string;
  records: RecordData[];
  /** Azure NxDomainRedirect on this network's link. */
  nxdomainRedirect: boolean;
}

export interface PolicyRuleData {
  source: string;
  dnsName: string;
  localData: Array<{ type: string; rrdatas: string[] }> | null;
  bypass: boolean;
}

export interface DnsView {
  network: string;
  cloud: Cloud;
  /** GCP: the response policy bound to the network (at most one). */
  policyRules: PolicyRuleData[];
  zones: ZoneData[];
}

export interface Answer {
  name: string;
  type: string;
  value: string;
}

export type Resolution =
  | { kind: "answer"; rcode: "NOERROR" | "NXDOMAIN"; answers: Answer[]; by: string }
  | { kind: "forward"; by: string };

const norm = (name: string) => name.toLowerCase().replace(/\.$/, "");

/** True when name is d or under d. */
export function inDomain(name: string, domain: string): boolean {
  return name === domain || name.endsWith(`.${domain}`);
}

/** The names above `name` up to and including `apex`, nearest first. */
function ancestors(name: string, apex: string): string[] {
  const out: string[] = [];
  let n = name;
  while (n !== apex && n.includes(".")) {
    n = n.slice(n.indexOf(".") + 1);
    out.push(n);
    if (n === apex) break;
  }
  return out;
}

/** The answer of one zone for a name inside it (RFC 1034 4.3.2 and RFC 4592 wildcards). Pure. */
export function lookupInZone(zone: ZoneData, qname: string, qtype: string): { rcode: "NOERROR" | "NXDOMAIN"; answers: Answer[]; how: string } {
  const name = norm(qname);
  const owners = new Set([zone.apex, ...zone.records.map((r) => r.name)]);
  // A name exists when it owns records or has names below it (an empty non-terminal, RFC 4592 2.2.2).
  const exists = (n: string) => owners.has(n) || [...owners].some((o) => o.endsWith(`.${n}`));
  const answer = (owner: string, how: string) => ({
    rcode: "NOERROR" as const,
    answers: zone.records.filter((r) => r.name === owner && r.type === qtype).flatMap((r) => r.values.map((value) => ({ name, type: r.type, value }))),
    how,
  });
  if (exists(name)) return answer(name, name === zone.apex ? "the zone apex" : "an exact record");
  const closest = ancestors(name, zone.apex).find(exists) ?? zone.apex;
  const wildcard = `*.${closest}`;
  if (owners.has(wildcard)) return answer(wildcard, `the wildcard ${wildcard}`);
  return { rcode: "NXDOMAIN", answers: [], how: "no record of that name in the zone" };
}

/** The rule of a response policy that applies: longest matching suffix; `*.d` matches names below d only. Pure. */
export function matchPolicyRule(rules: readonly PolicyRuleData[], qname: string): PolicyRuleData | null {
  const name = norm(qname);
  let best: { rule: PolicyRuleData; length: number } | null = null;
  for (const rule of rules) {
    const dns = norm(rule.dnsName);
    const length = dns.startsWith("*.") ? (name.endsWith(dns.slice(1)) ? dns.length - 1 : -1) : name === dns ? dns.length + 1 : -1;
    if (length > (best?.length ?? -1)) best = { rule, length };
  }
  return best?.rule ?? null;
}

/** The private zone that answers a name: the most specific one containing it. Pure. */
export function matchZone(zones: readonly ZoneData[], qname: string): ZoneData | null {
  const name = norm(qname);
  return zones.filter((z) => inDomain(name, z.apex)).sort((a, b) => b.apex.length - a.apex.length)[0] ?? null;
}

/** What the network's resolver does with a query. Pure. */
export function resolveInView(view: DnsView, qname: string, qtype: string): Resolution {
  const name = norm(qname);
  const type = qtype.toUpperCase();
  if (view.cloud === "gcp") {
    const rule = matchPolicyRule(view.policyRules, name);
    if (rule && !rule.bypass) {
      const answers = (rule.localData ?? []).filter((d) => d.type === type).flatMap((d) => d.rrdatas.map((value) => ({ name, type, value })));
      return { kind: "answer", rcode: "NOERROR", answers, by: `response policy rule ${rule.source} (${rule.dnsName})` };
    }
  }
  const zone = matchZone(view.zones, name);
  if (!zone) return { kind: "forward", by: "no private zone holds the name" };
  const r = lookupInZone(zone, name, type);
  if (r.rcode === "NXDOMAIN" && zone.nxdomainRedirect) return { kind: "forward", by: `NXDOMAIN in ${zone.source} with NxDomainRedirect` };
  return { kind: "answer", rcode: r.rcode, answers: r.answers, by: `private zone ${zone.apex} (${zone.source}): ${r.how}` };
}

/** The "public internet" resolver of the twin: named records, then a public test address for Aura's names. Pure. */
export function resolvePublic(records: Readonly<Record<string, readonly string[]>>, qname: string, qtype: string): { rcode: "NOERROR" | "NXDOMAIN"; answers: Answer[] } {
  const name = norm(qname);
  const type = qtype.toUpperCase();
  const known = records[name] ?? (inDomain(name, "neo4j.io") ? [publicTestAddress(name)] : null);
  if (!known) return { rcode: "NXDOMAIN", answers: [] };
  return { rcode: "NOERROR", answers: type === "A" ? known.map((value) => ({ name, type, value })) : [] };
}

/**
 * A public address for a name, from 198.18.0.0/16 (RFC 2544 benchmarking space: public to verify, used
 * only inside the twin). The twin's own hosts use 198.19.0.0/16 and never collide with these.
 */
export function publicTestAddress(name: string): string {
  let h = 2166136261;
  for (const c of norm(name)) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return `198.18.${1 + (h % 254)}.${1 + ((h >>> 8) % 254)}`;
}

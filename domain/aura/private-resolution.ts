/**
 * Which names resolve privately in which network, from private zones (with the networks they are attached to
 * and the records they hold) and response policies (GCP: rules answer before any zone). The plan review asks it
 * before and after a change: an Aura name that stops resolving privately in a network is a connection that
 * breaks (or leaves the private path). Pure.
 *
 * Facts it relies on (docs/vendor-facts.md, "Private DNS zones hide names"): a network uses the most specific
 * private zone attached to it whose domain holds the name, and that zone answers NXDOMAIN for names it does not
 * hold (no fall-back to public DNS); a wildcard record `*.d` answers every name below `d`; a Cloud DNS response
 * policy rule answers its exact name, or every name below `d` for `*.d`, unless it passes the query through.
 */

export interface PrivateZone {
  /** What identifies the zone in messages (its id or resource address). */
  key: string;
  /** The zone's domain, lower case, no trailing dot. */
  domain: string;
  /** Networks whose resolvers use the zone. */
  networks: readonly string[];
  /** Record names in the zone, lower case, no trailing dot (`*.production-orch-0000.neo4j.io`). */
  records: readonly string[];
}

export interface ResponsePolicy {
  key: string;
  networks: readonly string[];
  rules: ReadonlyArray<{ name: string; passthrough?: boolean }>;
}

export interface DnsView {
  zones: readonly PrivateZone[];
  policies: readonly ResponsePolicy[];
}

export const normalizeDnsName = (s: string) => s.trim().toLowerCase().replace(/\.$/, "");

/** Does a record (or rule) name answer a name? Exact, or a wildcard `*.d` for every name below d. */
export function nameMatches(record: string, name: string): boolean {
  const r = normalizeDnsName(record);
  const n = normalizeDnsName(name);
  if (r === n) return true;
  return r.startsWith("*.") && n.endsWith(r.slice(1)) && n.length > r.length - 1;
}

const inDomain = (name: string, domain: string) => name === domain || name.endsWith(`.${domain}`);

/** Does `name` resolve privately in `network`, and through what. */
export function resolvesPrivately(view: DnsView, name: string, network: string): { resolves: boolean; via?: string } {
  const n = normalizeDnsName(name);
  for (const p of view.policies) {
    if (!p.networks.includes(network)) continue;
    const rule = p.rules.find((r) => nameMatches(r.name, n));
    if (rule && !rule.passthrough) return { resolves: true, via: `response policy ${p.key}` };
  }
  const zones = view.zones.filter((z) => z.networks.includes(network) && inDomain(n, normalizeDnsName(z.domain)));
  if (!zones.length) return { resolves: false };
  const longest = Math.max(...zones.map((z) => normalizeDnsName(z.domain).length));
  const most = zones.filter((z) => normalizeDnsName(z.domain).length === longest);
  const holder = most.find((z) => z.records.some((r) => nameMatches(r, n)));
  return holder ? { resolves: true, via: `zone ${holder.key}` } : { resolves: false, via: `zone ${most[0]!.key} (which does not hold it: NXDOMAIN)` };
}

export function viewNetworks(view: DnsView): string[] {
  return [...new Set([...view.zones.flatMap((z) => z.networks), ...view.policies.flatMap((p) => p.networks)])].sort();
}

export function viewNames(view: DnsView): string[] {
  return [...new Set([...view.zones.flatMap((z) => z.records), ...view.policies.flatMap((p) => p.rules.map((r) => r.name))].map(normalizeDnsName))].sort();
}

export interface LostName {
  name: string;
  network: string;
  /** What answered before, and why nothing does after. */
  before: string;
  after: string;
}

/** Names (of `names`) that resolved privately in a network before and do not after. */
export function lostResolution(before: DnsView, after: DnsView, names: readonly string[]): LostName[] {
  const out: LostName[] = [];
  for (const network of viewNetworks(before)) {
    for (const name of [...new Set(names.map(normalizeDnsName))].sort()) {
      const b = resolvesPrivately(before, name, network);
      if (!b.resolves) continue;
      const a = resolvesPrivately(after, name, network);
      if (!a.resolves) out.push({ name, network, before: b.via ?? "", after: a.via ?? "no private zone or rule: public DNS answers" });
    }
  }
  return out;
}

/**
 * Which addresses may reach (ingress) or be reached from (egress) something, per protocol and port, and how a
 * change widens that: the one rule the plan review judges security groups, firewall rules and network security
 * rules by. Sources are counted as address spans (domain/address-span.ts), never compared as strings: two /1
 * halves are the whole internet, a /24 inside a /16 is narrower. Sources that are not addresses (security
 * groups, prefix lists, service tags, texts that do not parse) are "named" and compared by name. Pure.
 */
import { addedSpan, addressSpan, cidrRange, type AddressSpan } from "./address-span";

export type Protocol = "tcp" | "udp" | "icmp" | "icmpv6" | "other";
export const PROTOCOLS: readonly Protocol[] = ["tcp", "udp", "icmp", "icmpv6", "other"];
const PORTED: ReadonlySet<Protocol> = new Set(["tcp", "udp"]);
export const MAX_PORT = 65535;

/** One allow rule: a protocol (or all of them), a port range (tcp/udp) and its sources or destinations. */
export interface AccessRule {
  protocol: Protocol | "all";
  /** Inclusive port range; ignored for protocols without ports. */
  fromPort: number;
  toPort: number;
  /** Address blocks, IPv4 or IPv6. */
  cidrs: readonly string[];
  /** Sources that are not address blocks: security group ids, prefix lists, service tags. */
  named: readonly string[];
}

/** How one protocol and port range is reached before and after a change, where the change reaches more. */
export interface PortWidening {
  protocol: Protocol;
  /** Inclusive; 0-65535 for protocols without ports. */
  fromPort: number;
  toPort: number;
  beforeCidrs: string[];
  afterCidrs: string[];
  /** Named sources reached before (security groups, prefix lists, tags). */
  beforeNamed: string[];
  beforeSpan: AddressSpan;
  afterSpan: AddressSpan;
  /** Addresses reached after that were not before. */
  added: AddressSpan;
  /** Named sources (or unparsable texts) reached after and not before. */
  addedNamed: string[];
}

function split(values: readonly string[]): { cidrs: string[]; named: string[] } {
  const cidrs: string[] = [];
  const named: string[] = [];
  for (const v of values) (cidrRange(v) ? cidrs : named).push(v);
  return { cidrs, named };
}

const covers = (r: AccessRule, p: Protocol, from: number, to: number) =>
  (r.protocol === "all" || r.protocol === p) && (!PORTED.has(p) || r.protocol === "all" || (r.fromPort <= from && r.toPort >= to));

const uniq = (xs: string[]) => [...new Set(xs)].sort();

/** Every protocol/port range that reaches more after than before, adjacent ranges with the same answer merged. */
export function exposureWidening(before: readonly AccessRule[], after: readonly AccessRule[]): PortWidening[] {
  const out: PortWidening[] = [];
  for (const p of PROTOCOLS) {
    const relevant = [...before, ...after].filter((r) => r.protocol === "all" || r.protocol === p);
    if (!relevant.length) continue;
    const bounds = new Set<number>([0, MAX_PORT + 1]);
    if (PORTED.has(p)) {
      for (const r of relevant) {
        if (r.protocol === "all") continue;
        bounds.add(Math.max(0, Math.min(MAX_PORT + 1, r.fromPort)));
        bounds.add(Math.max(0, Math.min(MAX_PORT + 1, r.toPort + 1)));
      }
    }
    const edges = [...bounds].sort((a, b) => a - b);
    let last: PortWidening | null = null;
    for (let i = 0; i + 1 < edges.length; i++) {
      const from = edges[i]!;
      const to = edges[i + 1]! - 1;
      const b = split(before.filter((r) => covers(r, p, from, to)).flatMap((r) => [...r.cidrs, ...r.named]));
      const a = split(after.filter((r) => covers(r, p, from, to)).flatMap((r) => [...r.cidrs, ...r.named]));
      const beforeCidrs = uniq(b.cidrs);
      const afterCidrs = uniq(a.cidrs);
      const had = new Set(b.named);
      const addedNamed = uniq(a.named.filter((n) => !had.has(n)));
      const added = addedSpan(beforeCidrs, afterCidrs);
      if (added.ipv4 === 0n && added.ipv6 === 0n && addedNamed.length === 0) {
        last = null;
        continue;
      }
      const same = last && last.toPort + 1 === from && last.beforeCidrs.join() === beforeCidrs.join() && last.afterCidrs.join() === afterCidrs.join() && last.addedNamed.join() === addedNamed.join();
      if (same && last) {
        last.toPort = to;
        continue;
      }
      last = { protocol: p, fromPort: from, toPort: to, beforeCidrs, afterCidrs, beforeNamed: uniq(b.named), beforeSpan: addressSpan(beforeCidrs), afterSpan: addressSpan(afterCidrs), added, addedNamed };
      out.push(last);
    }
  }
  return out;
}

/** "tcp port 7687", "tcp ports 0-65535 (every port)", "icmp". */
export function describePorts(w: Pick<PortWidening, "protocol" | "fromPort" | "toPort">): string {
  if (!PORTED.has(w.protocol)) return w.protocol === "other" ? "every other protocol" : w.protocol;
  if (w.fromPort === w.toPort) return `${w.protocol} port ${w.fromPort}`;
  return `${w.protocol} ports ${w.fromPort}-${w.toPort}${w.fromPort === 0 && w.toPort === MAX_PORT ? " (every port)" : ""}`;
}

/** True when the widening opens a port whose sources now cover the whole internet (and did not before). */
export function reachesInternet(w: PortWidening): boolean {
  return w.afterSpan.exposure === "internet" && (w.beforeSpan.exposure !== "internet" || w.added.publicIpv4 + w.added.publicIpv6 > 0n);
}

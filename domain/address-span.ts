/**
 * How much of the address space a set of CIDR blocks covers, IPv4 and IPv6, judged by counting addresses
 * (the union of the blocks), never by comparing strings: 0.0.0.0/1 + 128.0.0.0/1 is 0.0.0.0/0.
 * The one rule for "too wide" and "the whole internet", used by the config, the constructs (endpoint
 * security group, Lambda runner egress) and the plan review.
 */
import ipaddr from "ipaddr.js";

export type Family = 4 | 6;

/** An inclusive range of addresses of one family. */
export interface AddressRange {
  family: Family;
  first: bigint;
  last: bigint;
}

const BITS: Record<Family, number> = { 4: 32, 6: 128 };

/** The range a CIDR block covers (host bits ignored, as the whole block is what a rule opens), or null when it is not a CIDR. */
export function cidrRange(text: string): AddressRange | null {
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(text.trim());
  } catch {
    return null;
  }
  // parseCIDR refuses prefixes outside 0-32 / 0-128. An IPv4-mapped IPv6 block is still IPv6 to a
  // security group: count it where it is written.
  const [address, prefix] = parsed;
  const family: Family = address.kind() === "ipv4" ? 4 : 6;
  const bits = BITS[family];
  const value = address.toByteArray().reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
  const size = 1n << BigInt(bits - prefix);
  const first = value - (value % size);
  return { family, first, last: first + size - 1n };
}

/** Ranges sorted and merged per family: overlapping and adjacent blocks become one. */
export function mergeRanges(ranges: readonly AddressRange[]): AddressRange[] {
  const out: AddressRange[] = [];
  // Stryker disable next-line EqualityOperator: equal starts may come in either order
  const sorted = [...ranges].sort((a, b) => a.family - b.family || (a.first < b.first ? -1 : 1));
  for (const r of sorted) {
    const top = out[out.length - 1];
    if (top && top.family === r.family && r.first <= top.last + 1n) {
      // Stryker disable next-line EqualityOperator: assigning an equal end changes nothing
      if (r.last > top.last) top.last = r.last;
    } else out.push({ ...r });
  }
  return out;
}

/** Addresses in `a` that are not in `b` (both merged or not). */
export function subtractRanges(a: readonly AddressRange[], b: readonly AddressRange[]): AddressRange[] {
  const cut = mergeRanges(b);
  const out: AddressRange[] = [];
  for (const range of mergeRanges(a)) {
    let pieces: AddressRange[] = [range];
    for (const c of cut) {
      if (c.family !== range.family) continue;
      pieces = pieces.flatMap((p) => {
        if (c.last < p.first || c.first > p.last) return [p];
        const keep: AddressRange[] = [];
        if (c.first > p.first) keep.push({ family: p.family, first: p.first, last: c.first - 1n });
        if (c.last < p.last) keep.push({ family: p.family, first: c.last + 1n, last: p.last });
        return keep;
      });
    }
    out.push(...pieces);
  }
  return out;
}

export function countAddresses(ranges: readonly AddressRange[], family: Family): bigint {
  return mergeRanges(ranges)
    .filter((r) => r.family === family)
    .reduce((n, r) => n + (r.last - r.first + 1n), 0n);
}

/**
 * Blocks that are not the public internet: IPv4 special-purpose ranges (RFC 6890 registry: "this network",
 * RFC 1918 private, RFC 6598 shared, loopback, link local, documentation, benchmarking, multicast and
 * reserved) and, for IPv6, everything outside global unicast 2000::/3 plus the documentation block.
 */
const NOT_PUBLIC = [
  "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
  "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/3",
  "::/3", "4000::/2", "8000::/1", "2001:db8::/32",
].map((c) => cidrRange(c) as AddressRange);

const WHOLE: Record<Family, AddressRange> = {
  4: { family: 4, first: 0n, last: (1n << 32n) - 1n },
  6: { family: 6, first: 0n, last: (1n << 128n) - 1n },
};
/** How many public addresses each family has (IPv4: 3,702,258,688). */
export const PUBLIC_TOTAL: Record<Family, bigint> = {
  4: countAddresses(subtractRanges([WHOLE[4]], NOT_PUBLIC), 4),
  6: countAddresses(subtractRanges([WHOLE[6]], NOT_PUBLIC), 6),
};

/**
 * The most public addresses a source list may cover without an explicit opt-in: as many as one /8 (IPv4)
 * or one /32 (IPv6, a provider's allocation). Private space does not count: 10.0.0.0/8 plus
 * 172.16.0.0/12 plus 192.168.0.0/16 is a set of client networks, 256 public /16s are not.
 */
export const MAX_PUBLIC_WITHOUT_OPT_IN: Record<Family, bigint> = { 4: 1n << 24n, 6: 1n << 96n };

/**
 * Sources that leave less public space uncovered than MAX_PUBLIC_WITHOUT_OPT_IN are the whole internet:
 * leaving out one /24 (or one /8) from 0.0.0.0/0 does not make it a client list.
 */
export type Exposure = "internet" | "wide" | "bounded";

export interface AddressSpan {
  /** Addresses covered, merged (no double counting). */
  ipv4: bigint;
  ipv6: bigint;
  /** Of those, addresses in the public internet. */
  publicIpv4: bigint;
  publicIpv6: bigint;
  /** The worst of the two families. */
  exposure: Exposure;
  /** Texts that are not CIDR blocks: a caller must report them (fail closed), never skip them. */
  unparsed: string[];
}

function exposureOf(family: Family, publicCount: bigint): Exposure {
  if (PUBLIC_TOTAL[family] - publicCount < MAX_PUBLIC_WITHOUT_OPT_IN[family]) return "internet";
  if (publicCount > MAX_PUBLIC_WITHOUT_OPT_IN[family]) return "wide";
  return "bounded";
}

const RANK: Record<Exposure, number> = { bounded: 0, wide: 1, internet: 2 };
// Stryker disable next-line EqualityOperator: on equal ranks either argument is the answer
export const widerExposure = (a: Exposure, b: Exposure): Exposure => (RANK[a] >= RANK[b] ? a : b);

export function rangesOf(cidrs: readonly string[]): { ranges: AddressRange[]; unparsed: string[] } {
  const parsed = cidrs.map((text) => ({ text, range: cidrRange(text) }));
  return {
    // Stryker disable next-line ArrayDeclaration: a non-range element has no family and is never counted (equivalent)
    ranges: mergeRanges(parsed.flatMap((p) => (p.range ? [p.range] : []))),
    unparsed: parsed.filter((p) => !p.range).map((p) => p.text),
  };
}

/** The span of merged ranges: counts per family, public counts and the exposure they amount to. */
function spanOfRanges(ranges: readonly AddressRange[], unparsed: string[]): AddressSpan {
  const publicRanges = subtractRanges(ranges, NOT_PUBLIC);
  const publicIpv4 = countAddresses(publicRanges, 4);
  const publicIpv6 = countAddresses(publicRanges, 6);
  return {
    ipv4: countAddresses(ranges, 4),
    ipv6: countAddresses(ranges, 6),
    publicIpv4,
    publicIpv6,
    exposure: widerExposure(exposureOf(4, publicIpv4), exposureOf(6, publicIpv6)),
    unparsed,
  };
}

export function addressSpan(cidrs: readonly string[]): AddressSpan {
  const { ranges, unparsed } = rangesOf(cidrs);
  return spanOfRanges(ranges, unparsed);
}

/** Addresses `after` covers that `before` did not: empty when the change only narrows (or keeps) the sources. */
export function addedSpan(before: readonly string[], after: readonly string[]): AddressSpan {
  const now = rangesOf(after);
  return spanOfRanges(subtractRanges(now.ranges, rangesOf(before).ranges), now.unparsed);
}

/**
 * The problem with a list of client or egress sources, or null: the whole internet or more public space
 * than one /8 (/32 for IPv6) needs the named opt-in. `what` says whose sources they are, for the message.
 */
export function sourceSpanProblem(cidrs: readonly string[], what: string, optIn: { name: string; given: boolean } | null): string | null {
  const span = addressSpan(cidrs);
  if (span.exposure === "bounded" || (optIn?.given ?? false)) return null;
  const how =
    span.exposure === "internet"
      ? `together cover the whole internet (${describeCount(span)} addresses)`
      : `together cover ${describeCount(span)} addresses, more than one /8 (IPv4) or /32 (IPv6)`;
  const fix = optIn ? `; list your client networks, or set ${optIn.name}: true if you really mean it` : "; list only the addresses that must be reached";
  return `${cidrs.join(", ")} ${how}: ${what}${fix}`;
}

function describeCount(span: AddressSpan): string {
  const parts: string[] = [];
  if (span.publicIpv4 > 0n) parts.push(`${span.publicIpv4.toLocaleString("en-US")} public IPv4`);
  if (span.publicIpv6 > 0n) parts.push(`2^${span.publicIpv6.toString(2).length - 1}+ public IPv6`);
  // Only called for wide or internet spans, which always cover public addresses.
  return parts.join(" and ");
}

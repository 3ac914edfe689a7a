import { BlockList, isIP } from "node:net";
import { ipv4CidrProblem } from "../../domain/cidr";
import { UserError } from "../cli/errors";

/**
 * Which DNS answers count as private (docs/vendor-facts.md, "## Verify"): RFC 1918 and RFC 6598
 * (shared address space, used as VPC secondary ranges) for IPv4, RFC 4193 unique local for IPv6, plus
 * ranges the user declares private (networks that use other ranges internally). Loopback is private
 * only when explicitly allowed: tests answer 127.x from their own DNS server; a real VPC never should.
 */
export interface AddressPolicy {
  allowLoopback: boolean;
  /** Extra IPv4 CIDRs to treat as private (e.g. a GCP VPC with privately used public ranges). */
  privateCidrs: readonly string[];
}

export type AddressClass = "private" | "loopback" | "public";

const PRIVATE_V4 = [
  ["10.0.0.0", 8],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
  ["100.64.0.0", 10],
] as const;

/** Pure: classifies one IP address (node's BlockList does the range arithmetic). */
export function classifyAddress(address: string, policy: AddressPolicy): AddressClass {
  const family = isIP(address);
  if (family === 0) throw new Error(`not an IP address: ${address}`);
  const type = family === 4 ? "ipv4" : "ipv6";
  const loopback = new BlockList();
  loopback.addSubnet("127.0.0.0", 8, "ipv4");
  loopback.addAddress("::1", "ipv6");
  if (loopback.check(address, type)) return policy.allowLoopback ? "private" : "loopback";
  const priv = new BlockList();
  for (const [net, bits] of PRIVATE_V4) priv.addSubnet(net, bits, "ipv4");
  priv.addSubnet("fc00::", 7, "ipv6");
  for (const cidr of policy.privateCidrs) {
    const [net, bits] = cidr.split("/");
    priv.addSubnet(net!, Number(bits), "ipv4");
  }
  return priv.check(address, type) ? "private" : "public";
}

/** Validates --private-cidr values (canonical IPv4 CIDRs, the same rule as the config). */
export function parsePrivateCidrs(values: readonly string[], flag = "--private-cidr"): string[] {
  for (const v of values) {
    const problem = ipv4CidrProblem(v);
    if (problem) throw new UserError(`${flag} ${JSON.stringify(v)} ${problem}`);
    if (v.endsWith("/0")) throw new UserError(`${flag} ${v} would call every address private; list your internal ranges`);
  }
  return [...values];
}

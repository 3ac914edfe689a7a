import { cidrRange } from "../../../domain/address-span";

/** IPv4 arithmetic for the twin's address plan (ranges come from the shared domain/address-span rule). */

export function ipToNumber(ip: string): number {
  const range = cidrRange(`${ip}/32`);
  if (!range || range.family !== 4) throw new Error(`not an IPv4 address: ${ip}`);
  return Number(range.first);
}

export function numberToIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

/** [first, last] of an IPv4 CIDR; throws on anything else (the twin is IPv4 only). */
export function ipv4Range(cidr: string): [number, number] {
  const range = cidrRange(cidr);
  if (!range || range.family !== 4) throw new Error(`not an IPv4 CIDR: ${cidr}`);
  return [Number(range.first), Number(range.last)];
}

export function isIpv4Cidr(cidr: string): boolean {
  const range = cidrRange(cidr);
  return range !== null && range.family === 4;
}

export function cidrContains(cidr: string, ip: string): boolean {
  const [first, last] = ipv4Range(cidr);
  const n = ipToNumber(ip);
  return n >= first && n <= last;
}

export function cidrsOverlap(a: string, b: string): boolean {
  const [a0, a1] = ipv4Range(a);
  const [b0, b1] = ipv4Range(b);
  return a0 <= b1 && b0 <= a1;
}

import { isIP } from "net";
import { UserError } from "../cli/errors";

/** Neo4j 5's SSL policy scopes (SSL framework: bolt, https, cluster, backup; docs/vendor-facts.md). */
export const SSL_POLICIES = ["bolt", "https", "cluster", "backup"] as const;
export type SslPolicy = (typeof SSL_POLICIES)[number];

/**
 * Scopes where both ends are Neo4j (cluster members; a backup client and the server): each side presents a
 * certificate and trusts whatever trusted/ holds, so client_auth is REQUIRE and the certificate is a client one too.
 */
export const MUTUAL_TLS_POLICIES: ReadonlySet<SslPolicy> = new Set<SslPolicy>(["cluster", "backup"]);

export const RSA_KEY_SIZES = [2048, 3072, 4096] as const;
export type RsaKeySize = (typeof RSA_KEY_SIZES)[number];

/** Public CAs may not issue server certificates for longer than 825 days; clients enforce it too (Apple). */
export const SERVER_DAYS = { min: 1, max: 825 } as const;
export const CA_DAYS = { min: 1, max: 3650 } as const;

export function splitList(raw: string | readonly string[] | undefined): string[] {
  if (raw === undefined) return [];
  const parts = typeof raw === "string" ? [raw] : [...raw];
  return parts.flatMap((part) => part.split(",")).map((item) => item.trim()).filter((item) => item.length > 0);
}

export function parsePolicies(raw: string, input = "--policies"): SslPolicy[] {
  const items = splitList(raw);
  if (items.length === 0) throw new UserError(`${input} is empty; allowed: ${SSL_POLICIES.join(", ")}`);
  const policies: SslPolicy[] = [];
  for (const item of items) {
    const policy = SSL_POLICIES.find((candidate) => candidate === item);
    if (!policy) throw new UserError(`${input} ${JSON.stringify(item)} is not an SSL policy; allowed: ${SSL_POLICIES.join(", ")}`);
    if (!policies.includes(policy)) policies.push(policy);
  }
  return policies;
}

const DNS_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** Hostnames per RFC 1123, lowercased (DNS is case-insensitive); a wildcard only as the whole leftmost label. */
export function parseDnsNames(raw: readonly string[], input = "--dns"): string[] {
  const names: string[] = [];
  for (const original of splitList(raw)) {
    const name = original.toLowerCase().replace(/\.$/, "");
    if (isIP(name)) throw new UserError(`${input} ${JSON.stringify(original)} is an IP address; pass it with --ip`);
    const labels = name.startsWith("*.") ? name.slice(2).split(".") : name.split(".");
    if (name.length > 253 || labels.length === 0 || !labels.every((label) => DNS_LABEL.test(label))) {
      throw new UserError(
        `${input} ${JSON.stringify(original)} is not a valid DNS name; allowed: labels of 1-63 letters, digits or '-' (not at either end) separated by '.', optionally starting with '*.'`,
      );
    }
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

export function parseIps(raw: readonly string[], input = "--ip"): string[] {
  const ips: string[] = [];
  for (const ip of splitList(raw)) {
    if (!isIP(ip)) throw new UserError(`${input} ${JSON.stringify(ip)} is not an IPv4 or IPv6 address`);
    if (!ips.includes(ip)) ips.push(ip);
  }
  return ips;
}

export function parseDays(raw: string, bounds: { min: number; max: number }, input: string): number {
  const days = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(days) || days < bounds.min || days > bounds.max) {
    throw new UserError(`${input} ${JSON.stringify(raw)} is out of range; allowed: whole days from ${bounds.min} to ${bounds.max}`);
  }
  return days;
}

export const KEY_TYPES = ["rsa", "ec"] as const;
export type KeyType = (typeof KEY_TYPES)[number];

/** What to generate: RSA of a given size, or EC on P-256 (the curve every TLS stack, Java's included, supports). */
export type KeySpec = { type: "rsa"; bits: RsaKeySize } | { type: "ec"; curve: "P-256" };

export const DEFAULT_RSA_KEY_SIZE: RsaKeySize = 2048;

export function parseKeyType(raw: string, input = "--key-type"): KeyType {
  const type = KEY_TYPES.find((candidate) => candidate === raw.trim().toLowerCase());
  if (!type) throw new UserError(`${input} ${JSON.stringify(raw)} is not a key type; allowed: rsa, ec (P-256)`);
  return type;
}

/**
 * --key-size is refused with EC rather than ignored: someone asking for "ec --key-size 384" expects a
 * different curve, and silently getting P-256 would be worse than a clear error.
 */
export function parseKeySpec(rawType: string, rawSize: string | undefined): KeySpec {
  const type = parseKeyType(rawType);
  if (type === "ec") {
    if (rawSize !== undefined) throw new UserError(`--key-size applies to RSA keys only; EC keys are always P-256 (drop --key-size, or use --key-type rsa)`);
    return { type: "ec", curve: "P-256" };
  }
  return { type: "rsa", bits: rawSize === undefined ? DEFAULT_RSA_KEY_SIZE : parseRsaKeySize(rawSize) };
}

export function describeKey(spec: KeySpec): string {
  return spec.type === "rsa" ? `RSA ${spec.bits}` : `EC ${spec.curve}`;
}

export function parseRsaKeySize(raw: string, input = "--key-size"): RsaKeySize {
  const size = RSA_KEY_SIZES.find((candidate) => String(candidate) === raw.trim());
  if (!size) throw new UserError(`${input} ${JSON.stringify(raw)} is not allowed; allowed: ${RSA_KEY_SIZES.join(", ")} (bits)`);
  return size;
}

import { isIP } from "node:net";
import { parseDurationMs, type SecretRef } from "../../domain/neo4j/access-model";
import { UserError } from "../cli/errors";
import { urlCredentialsProblem, withoutCredentials } from "../../domain/url-credentials";

/** Option parsers shared by the CLI and the Lambda event (kept free of commander and the config loader). */

/** Pure: `--timeout 5s` and the like, in milliseconds. */
export function parseDuration(value: string, flag: string): number {
  const ms = parseDurationMs(value);
  if (ms === null) throw new UserError(`${flag} ${JSON.stringify(value)} is not a duration; write e.g. 500ms, 5s or 1m`);
  return ms;
}

/** The DNS server verify asks: an address, or a host name that is resolved once before the checks. */
export interface DnsServer {
  host: string;
  port: number;
}

const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*\.?$/;

/**
 * Pure: `host:port` of the DNS server, where host is an IPv4 address, `[v6]`, a bare IPv6 address (port
 * 53) or a host name (resolved once by resolveDnsServer); the port defaults to 53.
 */
export function parseDnsServer(value: string, flag = "--dns-server"): DnsServer {
  const credentials = urlCredentialsProblem(value, "a DNS server takes no credentials");
  if (credentials) throw new UserError(`${flag} ${JSON.stringify(withoutCredentials(value))}: ${credentials}`);
  const m = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(value) ?? /^([^:\s\[\]]+)(?::(\d{1,5}))?$/.exec(value);
  const bareV6 = !m && isIP(value) === 6 ? value : undefined;
  const host = bareV6 ?? m?.[1];
  const port = bareV6 || m?.[2] === undefined ? 53 : Number(m[2]);
  const hostOk = host !== undefined && (isIP(host) !== 0 || (!/^[\d.]+$/.test(host) && HOST_NAME.test(host)));
  if (!hostOk || port < 1 || port > 65535) {
    throw new UserError(`${flag} ${JSON.stringify(value)} must be an address or host name with an optional port (e.g. 10.0.0.2:53, [fd00::2]:53 or resolver.corp.example)`);
  }
  return { host: host.replace(/\.$/, ""), port };
}

/** `address:port` as node's Resolver.setServers takes it. Pure. */
export function dnsServerAddress(address: string, port: number): string {
  return isIP(address) === 6 ? `[${address}]:${port}` : `${address}:${port}`;
}

/**
 * The server's address to ask: an address as given, a host name resolved once through the system
 * resolver (IPv4 first), with a note saying so, since every later answer depends on which server that was.
 */
export async function resolveDnsServer(
  server: DnsServer,
  flag: string,
  lookup: (host: string) => Promise<string[]>,
): Promise<{ address: string; description: string; note?: string }> {
  if (isIP(server.host)) {
    const address = dnsServerAddress(server.host, server.port);
    return { address, description: `DNS server ${address}` };
  }
  let addresses: string[];
  try {
    addresses = await lookup(server.host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UserError(`${flag} ${server.host}: the name does not resolve through the system resolver (${code}); give the DNS server's IP address instead`);
  }
  const first = [...addresses].sort((a, b) => isIP(a) - isIP(b))[0];
  if (first === undefined) throw new UserError(`${flag} ${server.host}: the system resolver returned no address; give the DNS server's IP address instead`);
  const address = dnsServerAddress(first, server.port);
  return {
    address,
    description: `DNS server ${address} (${flag} ${server.host})`,
    note: `${flag} ${server.host} resolved once, through the system resolver, to ${first}${addresses.length > 1 ? ` (of ${addresses.join(", ")})` : ""}; every name is asked of ${address}`,
  };
}

/** Pure: `--port-map 7687=41234` pairs (Aura port = local port). */
export function parsePortMap(values: readonly string[], flag = "--port-map"): Record<number, number> {
  const out: Record<number, number> = {};
  for (const v of values) {
    const m = /^(7687|443|7474|8491)=(\d{1,5})$/.exec(v);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) throw new UserError(`${flag} ${JSON.stringify(v)} must be <aura port>=<port>, aura port one of 7687, 443, 7474, 8491`);
    out[Number(m[1])] = Number(m[2]);
  }
  return out;
}

/** Pure: the password reference from the flags (at most one), like the access config's secret references. */
export function passwordRef(o: { passwordEnv?: string; passwordFile?: string }): SecretRef | undefined {
  if (o.passwordEnv && o.passwordFile) throw new UserError("give --password-env or --password-file, not both");
  if (o.passwordEnv) return { env: o.passwordEnv };
  if (o.passwordFile) return { file: o.passwordFile };
  return undefined;
}

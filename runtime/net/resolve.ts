/**
 * Resolving a host name once, before a client that would retry a name that cannot resolve for its whole
 * timeout (neo4j-driver answers "no routing servers available" for 60 s). Uses dns.lookup, i.e. getaddrinfo:
 * the same resolution the driver and fetch use (/etc/hosts, then the nameservers of /etc/resolv.conf).
 */
import * as dns from "node:dns";
import * as fs from "node:fs";
import * as net from "node:net";
import { classifyFailure, type Failure } from "./failures";

export type LookupFn = (host: string) => Promise<unknown>;

/** Which resolver getaddrinfo asks here, for messages: "the system resolver (nameservers 10.0.0.2 from /etc/resolv.conf)". */
export function describeResolver(resolvConf = "/etc/resolv.conf"): string {
  let servers: string[] = [];
  try {
    servers = fs
      .readFileSync(resolvConf, "utf8")
      .split("\n")
      .map((l) => /^\s*nameserver\s+(\S+)/.exec(l)?.[1])
      .filter((x): x is string => Boolean(x));
  } catch {
    // No resolv.conf: say so below.
  }
  return servers.length ? `the system resolver (getaddrinfo; nameservers ${servers.join(", ")} from ${resolvConf})` : `the system resolver (getaddrinfo; no nameserver in ${resolvConf})`;
}

const systemLookup: LookupFn = (host) => dns.promises.lookup(host, { all: true });

/**
 * Null when `host` resolves (or is an address), else the classified failure. A resolver that does not
 * answer (EAI_AGAIN) is reported as transient; a name that does not exist is not.
 */
export async function checkResolves(host: string, lookup: LookupFn = systemLookup): Promise<Failure | null> {
  const name = host.replace(/^\[|\]$/g, "");
  if (net.isIP(name)) return null;
  try {
    await lookup(name);
    return null;
  } catch (e) {
    const f = classifyFailure(e, name, describeResolver());
    return f.cls === "name-not-resolved" || f.cls === "resolver-unavailable" ? f : null;
  }
}

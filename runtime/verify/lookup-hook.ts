import { isIP } from "node:net";

/**
 * neo4j-driver resolves names with dns.lookup (getaddrinfo), which cannot be pointed at another DNS
 * server, and it connects to whatever the routing table names. So that the Bolt check connects exactly
 * to the addresses the DNS check approved (the --dns-server's answers, the name kept for SNI and the
 * certificate check), dns.lookup is redirected while the Bolt check runs, for Aura's names only
 * (`*.neo4j.io`); a name that does not resolve to an allowed private address fails the lookup, so the
 * driver never sends credentials over a public path. Every other lookup goes to the original function.
 * No library offers this: node has no per-call resolver for modules that do not take a `lookup` option.
 */

// A mutable view of node's dns module: net and tls read `dns.lookup` from it at connect time.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dnsModule: { lookup: (...args: unknown[]) => unknown } = require("node:dns");
const originalLookup = dnsModule.lookup;

/** Returns the addresses to use, or an Error explaining why the name may not be used. */
export type DriverRoute = (hostname: string) => Promise<string[] | Error>;

const AURA_DOMAIN = /(^|\.)neo4j\.io\.?$/i;
let active = false;

type LookupCallback = (err: Error | null, address?: unknown, family?: number) => void;

function patchedLookup(route: DriverRoute) {
  return function lookup(this: unknown, hostname: unknown, options: unknown, callback?: unknown): unknown {
    const cb = (typeof options === "function" ? options : callback) as LookupCallback;
    const opts: { all?: boolean; family?: number | string } =
      typeof options === "object" && options !== null ? (options as { all?: boolean; family?: number }) : typeof options === "number" ? { family: options } : {};
    if (typeof hostname !== "string" || isIP(hostname) || !AURA_DOMAIN.test(hostname)) {
      return originalLookup.call(this, hostname, options, callback);
    }
    route(hostname).then(
      (result) => {
        if (result instanceof Error) return cb(result);
        const family = opts.family === "IPv4" ? 4 : opts.family === "IPv6" ? 6 : Number(opts.family ?? 0);
        const list = result.map((address) => ({ address, family: isIP(address) })).filter((a) => !family || a.family === family);
        if (!list.length) {
          const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND", hostname });
          return cb(err);
        }
        if (opts.all) return cb(null, list);
        return cb(null, list[0]!.address, list[0]!.family);
      },
      (err: Error) => cb(err),
    );
    return undefined;
  };
}

/** Runs fn with Aura names resolved by route (one run at a time; the original lookup is always restored). */
export async function withAuraLookup<T>(route: DriverRoute, fn: () => Promise<T>): Promise<T> {
  if (active) throw new Error("withAuraLookup is not reentrant");
  active = true;
  dnsModule.lookup = patchedLookup(route);
  try {
    return await fn();
  } finally {
    dnsModule.lookup = originalLookup;
    active = false;
  }
}

/** The unpatched dns.lookup, for the system-resolver mode of the DNS check. */
export function systemLookup(hostname: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    originalLookup.call(dnsModule, hostname, { all: true }, (err: Error | null, addresses?: unknown) => {
      if (err) reject(err);
      else resolve((addresses as { address: string }[]).map((a) => a.address));
    });
  });
}

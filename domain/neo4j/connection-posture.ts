/**
 * How a Neo4j connection is protected, from its URL scheme and opt-ins, and what a change weakens: where the
 * credentials go (host, port), whether the connection is encrypted and the server verified (`+s` verified,
 * `+ssc` encrypted without certificate checks, plain `neo4j://`/`bolt://` unencrypted), and the opt-ins that
 * allow the weaker forms. Also used for any credentials destination (the Aura API base URL). Pure.
 */

export type TlsMode = "verified" | "unverified" | "none" | "unknown";

const RANK: Record<TlsMode, number> = { verified: 0, unverified: 1, unknown: 2, none: 3 };

export function tlsModeOf(url: string): TlsMode {
  // Stryker disable next-line OptionalChaining: equivalent, a match always has its one required group
  const scheme = /^([a-z0-9+.-]+):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (!scheme) return "unknown";
  if (scheme === "https" || scheme.endsWith("+s")) return "verified";
  if (scheme.endsWith("+ssc")) return "unverified";
  if (scheme === "http" || scheme === "neo4j" || scheme === "bolt") return "none";
  return "unknown";
}

/** host:port of a URL (lower case), or null when it does not parse. */
export function destinationOf(url: string): string | null {
  const m = /^[a-z0-9+.-]+:\/\/(?:[^@/?#]*@)?(\[[^\]]+\]|[^:/?#]+)(?::(\d+))?/i.exec(url);
  return m ? `${m[1]!.toLowerCase()}${m[2] ? `:${m[2]}` : ""}` : null;
}

/** A URL given literally or by reference ({env: NAME}); the reference hides it from the plan. */
export type UrlValue = string | { env: string } | null | undefined;

export const describeUrl = (u: UrlValue) => (typeof u === "string" ? u : u && typeof u === "object" && "env" in u ? `the value of environment variable ${u.env} (not in the plan)` : "(none)");

/** What gets weaker from `before` to `after` for a connection that carries credentials; empty when nothing. */
export function urlWeakenings(before: UrlValue, after: UrlValue, what: string): string[] {
  const out: string[] = [];
  if (typeof after !== "string") {
    if (typeof before === "string" && after !== undefined && after !== null) out.push(`${what} moves from ${before} to ${describeUrl(after)}: the review can no longer see where the credentials go`);
    else if (JSON.stringify(before) !== JSON.stringify(after) && after) out.push(`${what} is now ${describeUrl(after)} (was ${describeUrl(before)}): not visible in the plan`);
    return out;
  }
  if (typeof before !== "string") return out;
  const from = destinationOf(before);
  const to = destinationOf(after);
  if (to === null) out.push(`${what} ${after} does not parse as a URL (was ${before})`);
  else if (from !== to) out.push(`${what} moves from ${from ?? before} to ${to}: the credentials go there`);
  const mb = tlsModeOf(before);
  const ma = tlsModeOf(after);
  if (RANK[ma] > RANK[mb]) {
    const how: Record<TlsMode, string> = { verified: "encrypted, certificate verified", unverified: "encrypted without certificate checks (+ssc)", none: "unencrypted", unknown: "an unknown scheme" };
    out.push(`${what} ${after} is ${how[ma]} (was ${how[mb]}: ${before})`);
  }
  return out;
}

/** Opt-ins that allow a weaker connection, turned on by the change. */
export function optInsTurnedOn(before: Record<string, unknown> | null | undefined, after: Record<string, unknown> | null | undefined, names: readonly string[], what: string): string[] {
  return names.filter((n) => after?.[n] === true && before?.[n] !== true).map((n) => `${what}: ${n} turned on`);
}

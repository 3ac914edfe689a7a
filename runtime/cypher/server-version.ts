/**
 * What a Neo4j server supports, from the product version in its Bolt HELLO agent ("Neo4j/5.26.0",
 * "Neo4j/2025.06.1", "Neo4j/5.27-aura"). Pure. Version facts (docs/vendor-facts.md, "Neo4j access"):
 * Cypher 25 and `DEFAULT LANGUAGE` on aliases from 2025.06; OIDC CREDENTIAL FORWARDING from 2026.01, and it
 * parses only as Cypher 25 (a database name starting with a digit, from 2025.01, is left to the server to
 * refuse: this tool creates no database); the versions of each privilege form are in
 * domain/neo4j/privileges.ts and are checked with `atLeast`.
 */

export interface ServerVersion {
  /** 5 for Neo4j 5.x, the year for calendar versions (2025, 2026). */
  major: number;
  /** The minor version (5.x) or the month (calendar versions). */
  minor: number;
  text: string;
}

/** Parses the HELLO agent; null when it is not a Neo4j version we can read. */
export function parseServerAgent(agent: string | undefined | null): ServerVersion | null {
  const m = /^Neo4j\/(\d+)\.(\d+)/i.exec(agent ?? "");
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), text: (agent as string).replace(/^Neo4j\//i, "") };
}

const atLeast = (v: ServerVersion, major: number, minor: number) => v.major > major || (v.major === major && v.minor >= minor);

/** Parses "5.16" or "2025.08" (a manual's "introduced in" version). */
export function parseVersion(text: string): [number, number] {
  const m = /^(\d+)\.(\d+)$/.exec(text);
  if (!m) throw new Error(`not a Neo4j version: ${text}`);
  return [Number(m[1]), Number(m[2])];
}

export interface ServerCapabilities {
  /** Human-readable version, or "unknown". */
  version: string;
  /** Is the server at least this version ("5.16", "2025.08")? True for an unreadable agent (see capabilities). */
  atLeast(version: string): boolean;
  /** Cypher 25 exists, so `CYPHER 25 <statement>` is valid whatever db.query.default_language says. */
  cypher25: boolean;
  oidcForwarding: boolean;
  aliasDefaultLanguage: boolean;
}

/**
 * Capabilities of a server version. An unreadable agent is treated as the newest server: the statements are
 * then sent as they are and the server itself refuses what it lacks (its error is explained by gqlstatus.ts).
 */
export function capabilities(agent: string | undefined | null): ServerCapabilities {
  const v = parseServerAgent(agent);
  if (!v) return { version: agent ? `unknown (${agent})` : "unknown", atLeast: () => true, cypher25: true, oidcForwarding: true, aliasDefaultLanguage: true };
  return {
    version: `Neo4j ${v.text}`,
    atLeast: (version: string) => atLeast(v, ...parseVersion(version)),
    cypher25: atLeast(v, 2025, 6),
    oidcForwarding: atLeast(v, 2026, 1),
    aliasDefaultLanguage: atLeast(v, 2025, 6),
  };
}

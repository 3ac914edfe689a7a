/**
 * Builders for the administration statements the planner emits. Identifiers are backtick-quoted
 * (quoteIdent); every value (url, user, password, DRIVER and PROPERTIES maps) is a $parameter.
 * DEFAULT LANGUAGE takes a keyword, never a parameter, so it is rendered from the validated literal 5 or 25.
 * Clause order follows the Operations Manual syntax: ... DRIVER, DEFAULT LANGUAGE, PROPERTIES. Local aliases
 * take no DEFAULT LANGUAGE (they use their target's).
 */
import type { LocalAliasConfig, RemoteAliasConfig } from "../../domain/neo4j/access-model";
import { driverParam, quoteIdent, revokeOf, type ParamValue, type Statement } from "./model";
import type { ServerCapabilities } from "./server-version";

const stmt = (query: string, params: Record<string, ParamValue> = {}): Statement => ({ query, params });

export const createRole = (role: string) => stmt(`CREATE ROLE ${quoteIdent(role)} IF NOT EXISTS`);
export const dropRole = (role: string) => stmt(`DROP ROLE ${quoteIdent(role)} IF EXISTS`);
export const grantRow = (row: string) => stmt(row);
export const revokeRow = (row: string) => stmt(revokeOf(row));
export const grantRole = (role: string, user: string) => stmt(`GRANT ROLE ${quoteIdent(role)} TO ${quoteIdent(user)}`);
export const revokeRole = (role: string, user: string) => stmt(`REVOKE ROLE ${quoteIdent(role)} FROM ${quoteIdent(user)}`);
export const setHome = (user: string, db: string) => stmt(`ALTER USER ${quoteIdent(user)} SET HOME DATABASE ${quoteIdent(db)}`);
export const removeHome = (user: string) => stmt(`ALTER USER ${quoteIdent(user)} REMOVE HOME DATABASE`);
export const dropAlias = (name: string) => stmt(`DROP ALIAS ${quoteIdent(name)} IF EXISTS FOR DATABASE`);

function language(n: 5 | 25 | undefined): string {
  if (n === undefined) return "";
  if (n !== 5 && n !== 25) throw new Error(`invalid default language ${String(n)}`);
  return ` DEFAULT LANGUAGE CYPHER ${n}`;
}

export function createLocalAlias(a: LocalAliasConfig): Statement {
  const params: Record<string, ParamValue> = {};
  let q = `CREATE ALIAS ${quoteIdent(a.name)} FOR DATABASE ${quoteIdent(a.target)}`;
  if (a.properties) {
    q += " PROPERTIES $properties";
    params.properties = { ...a.properties };
  }
  return stmt(q, params);
}

/**
 * OIDC CREDENTIAL FORWARDING parses only as Cypher 25 while Cypher 5 is the default language
 * (db.query.default_language), so the statement carries a `CYPHER 25` prefix: valid on every server that
 * has Cypher 25, whatever its default (docs/vendor-facts.md, "Neo4j access").
 */
export function createRemoteAlias(a: RemoteAliasConfig, caps?: Pick<ServerCapabilities, "cypher25">): Statement {
  const params: Record<string, ParamValue> = { url: a.url };
  let q = `CREATE ALIAS ${quoteIdent(a.name)} FOR DATABASE ${quoteIdent(a.target)} AT $url`;
  if (a.credentials.type === "stored") {
    q += " USER $user PASSWORD $password";
    params.user = a.credentials.user;
    params.password = { $secret: a.credentials.password };
  } else {
    q += " OIDC CREDENTIAL FORWARDING";
    if (caps?.cypher25 !== false) q = `CYPHER 25 ${q}`;
  }
  const driver = driverParam(a.driver);
  if (driver) {
    q += " DRIVER $driver";
    params.driver = driver;
  }
  q += language(a.defaultLanguage);
  if (a.properties) {
    q += " PROPERTIES $properties";
    params.properties = { ...a.properties };
  }
  return stmt(q, params);
}

/** Which parts of an existing alias an ALTER must set. */
export interface AliasChanges {
  target?: boolean;
  credentials?: boolean;
  driver?: boolean;
  properties?: boolean;
  defaultLanguage?: boolean;
}

/** ALTER ALIAS ... SET DATABASE with only the changed parts; null when nothing changed. */
export function alterAlias(a: LocalAliasConfig | RemoteAliasConfig, changes: AliasChanges): Statement | null {
  const remote = "url" in a;
  const params: Record<string, ParamValue> = {};
  const parts: string[] = [];
  if (changes.target) {
    parts.push(`TARGET ${quoteIdent(a.target)}${remote ? " AT $url" : ""}`);
    if (remote) params.url = a.url;
  }
  if (remote && changes.credentials && a.credentials.type === "stored") {
    parts.push("USER $user PASSWORD $password");
    params.user = a.credentials.user;
    params.password = { $secret: a.credentials.password };
  }
  if (remote && changes.driver) {
    parts.push("DRIVER $driver");
    params.driver = driverParam(a.driver) ?? {};
  }
  if ("url" in a && changes.defaultLanguage && a.defaultLanguage !== undefined) parts.push(language(a.defaultLanguage).trim());
  if (changes.properties) {
    parts.push("PROPERTIES $properties");
    params.properties = { ...(a.properties ?? {}) };
  }
  if (!parts.length) return null;
  return stmt(`ALTER ALIAS ${quoteIdent(a.name)} SET DATABASE ${parts.join(" ")}`, params);
}

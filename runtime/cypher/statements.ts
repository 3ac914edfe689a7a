/**
 * Builders for the administration statements the planner emits. Identifiers are backtick-quoted
 * (quoteIdent); every value (url, user, password, DRIVER and PROPERTIES maps) is a $parameter.
 * DEFAULT LANGUAGE takes a keyword, never a parameter, so it is rendered from the validated literal 5 or 25.
 * Clause order follows the Operations Manual syntax: ... DRIVER, DEFAULT LANGUAGE, PROPERTIES. Local aliases
 * and aliases in composite databases take no DEFAULT LANGUAGE (they use their target's or the composite's).
 *
 * Aliases in composite databases (Operations Manual, "Managing database aliases in composite databases"): in
 * Cypher 5, the only language of Neo4j 5, the composite and the alias are quoted part by part
 * (`` `garden`.`flowers` ``); quoted whole it would be a regular alias with a dot in its name. Cypher 25 rejects
 * part-by-part quoting and resolves the whole name against the composite databases that exist. So on a server
 * with Cypher 25 the statement is sent as `CYPHER 25` with the whole name, elsewhere part by part.
 */
import { aliasFullName, type LocalAliasConfig, type RemoteAliasConfig } from "../../domain/neo4j/access-model";
import { driverParam, quoteIdent, type ParamValue, type Statement } from "./model";
import type { ServerCapabilities } from "./server-version";

const stmt = (query: string, params: Record<string, ParamValue> = {}, notOnAura?: string): Statement => (notOnAura ? { query, params, notOnAura } : { query, params });

/** What an alias statement needs to know about the server: whether Cypher 25 exists there. */
export type AliasCaps = Pick<ServerCapabilities, "cypher25">;
/** The alias as a statement names it, and the language prefix that naming needs. */
function aliasRef(a: { name: string; composite?: string }, caps?: AliasCaps): { ref: string; cypher25: boolean } {
  if (!a.composite) return { ref: quoteIdent(a.name), cypher25: false };
  if (caps?.cypher25 !== false) return { ref: quoteIdent(aliasFullName(a)), cypher25: true };
  return { ref: `${quoteIdent(a.composite)}.${quoteIdent(a.name)}`, cypher25: false };
}
const withPrefix = (cypher25: boolean, q: string) => (cypher25 && !q.startsWith("CYPHER 25 ") ? `CYPHER 25 ${q}` : q);
const COMPOSITE = "aliases in composite databases";
const REMOTE = "remote database aliases";

export const createRole = (role: string) => stmt(`CREATE ROLE ${quoteIdent(role)} IF NOT EXISTS`);
export const dropRole = (role: string) => stmt(`DROP ROLE ${quoteIdent(role)} IF EXISTS`);
export const grantRole = (role: string, user: string) => stmt(`GRANT ROLE ${quoteIdent(role)} TO ${quoteIdent(user)}`);
export const revokeRole = (role: string, user: string) => stmt(`REVOKE ROLE ${quoteIdent(role)} FROM ${quoteIdent(user)}`);
export const setHome = (user: string, db: string) => stmt(`ALTER USER ${quoteIdent(user)} SET HOME DATABASE ${quoteIdent(db)}`);
export const removeHome = (user: string) => stmt(`ALTER USER ${quoteIdent(user)} REMOVE HOME DATABASE`);
export function dropAlias(a: { name: string; composite?: string }, caps?: AliasCaps): Statement {
  const { ref, cypher25 } = aliasRef(a, caps);
  return stmt(withPrefix(cypher25, `DROP ALIAS ${ref} IF EXISTS FOR DATABASE`), {}, a.composite ? COMPOSITE : undefined);
}

function language(n: 5 | 25 | undefined): string {
  if (n === undefined) return "";
  if (n !== 5 && n !== 25) throw new Error(`invalid default language ${String(n)}`);
  return ` DEFAULT LANGUAGE CYPHER ${n}`;
}

export function createLocalAlias(a: LocalAliasConfig, caps?: AliasCaps): Statement {
  const params: Record<string, ParamValue> = {};
  const { ref, cypher25 } = aliasRef(a, caps);
  let q = `CREATE ALIAS ${ref} FOR DATABASE ${quoteIdent(a.target)}`;
  if (a.properties) {
    q += " PROPERTIES $properties";
    params.properties = { ...a.properties };
  }
  return stmt(withPrefix(cypher25, q), params, a.composite ? COMPOSITE : undefined);
}

/**
 * OIDC CREDENTIAL FORWARDING parses only as Cypher 25 while Cypher 5 is the default language
 * (db.query.default_language), so the statement carries a `CYPHER 25` prefix: valid on every server that
 * has Cypher 25, whatever its default (docs/vendor-facts.md, "Neo4j access").
 */
export function createRemoteAlias(a: RemoteAliasConfig, caps?: AliasCaps): Statement {
  const params: Record<string, ParamValue> = { url: a.url };
  const named = aliasRef(a, caps);
  let q = `CREATE ALIAS ${named.ref} FOR DATABASE ${quoteIdent(a.target)} AT $url`;
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
  return stmt(withPrefix(named.cypher25, q), params, a.composite ? COMPOSITE : REMOTE);
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
export function alterAlias(a: LocalAliasConfig | RemoteAliasConfig, changes: AliasChanges, caps?: AliasCaps): Statement | null {
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
  const { ref, cypher25 } = aliasRef(a, caps);
  return stmt(withPrefix(cypher25, `ALTER ALIAS ${ref} SET DATABASE ${parts.join(" ")}`), params, a.composite ? COMPOSITE : remote ? REMOTE : undefined);
}

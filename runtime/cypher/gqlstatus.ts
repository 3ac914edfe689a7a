/**
 * Plain-word explanations of the GQLSTATUS codes the access reconciler meets, and the retry classification.
 * Pure functions over the error's fields (code, gqlStatus, retriable, cause chain).
 */
import { errorChain } from "../net/failures";

/**
 * Each entry restates the status description of the Neo4j Status Codes documentation
 * (https://neo4j.com/docs/status-codes/current/errors/gql-errors/<code>, checked 2026-12-02; see
 * docs/vendor-facts.md "Neo4j access"), then says what to do about it in this tool's terms.
 */
export const GQLSTATUS_EXPLANATIONS: Record<string, string> = {
  "42NFF":
    "permission/access denied (the server's security log has the details): the connecting user lacks the privilege for this command; for an alias using OIDC CREDENTIAL FORWARDING, the user may not have logged in with OIDC, so there is no token to forward",
  "42N09": "no such user: a role grant or home database names a user that does not exist on this DBMS; create the user first (this tool does not create users)",
  "42N10": "no such role: the statement names a role that does not exist on this DBMS",
  "42N87": "database or alias with similar name exists: the name conflicts with the name of an existing database or alias",
  "42N89": "invalid driver settings map for the remote alias: only ssl_enforced, connection_timeout, connection_max_lifetime, connection_pool_acquisition_timeout, connection_pool_idle_test, connection_pool_max_size and logging_level, with the right value types, are accepted",
  "22N91": "cannot convert alias local to remote or remote to local: drop the alias and create it again",
  "25N01": "invalid combination of statement types in one transaction: administration commands cannot share a transaction with read or write queries",
  "42N51": "invalid parameter: a $parameter the statement uses is missing or has the wrong type",
  "42N17": "unsupported request: this query is not allowed on the system database (administration commands run there, data queries do not)",
};

const LEGACY_EXPLANATIONS: Record<string, string> = {
  "Neo.ClientError.Security.Unauthorized": "authentication failed: wrong user name or password for the connection (check connection.user and connection.password)",
  "Neo.ClientError.Security.AuthenticationRateLimit": "too many failed logins: the server is rate-limiting this user; wait before retrying",
  "Neo.ClientError.Security.Forbidden": "access denied: the connecting user lacks the privilege for this command",
  ServiceUnavailable: "the server could not be reached (check connection.uri, the network path and that Neo4j is running)",
  SessionExpired: "the connection was lost during the transaction; the server rolled it back",
};

export interface ErrorLike {
  code?: string;
  gqlStatus?: string;
  message?: string;
  retriable?: boolean;
  cause?: unknown;
}

const chain = (e: unknown): ErrorLike[] => errorChain<ErrorLike>(e);

/** The most specific known GQLSTATUS in the error or its causes, else the first one present. */
export function gqlStatusOf(e: unknown): string | undefined {
  const all = chain(e)
    .map((x) => x.gqlStatus)
    .filter((s): s is string => typeof s === "string");
  return all.find((s) => s in GQLSTATUS_EXPLANATIONS) ?? all[0];
}

export type ErrorClass = "auth" | "transient" | "fatal";

const AUTH_CODES = new Set(["Neo.ClientError.Security.Unauthorized", "Neo.ClientError.Security.AuthenticationRateLimit", "Neo.ClientError.Security.CredentialsExpired", "Neo.ClientError.Security.TokenExpired"]);

/** Auth errors are never retried; transient ones (lost connection, unavailable, Neo.TransientError.*) are. */
export function classifyError(e: unknown): ErrorClass {
  const top = (e ?? {}) as ErrorLike;
  if (top.code && AUTH_CODES.has(top.code)) return "auth";
  if (top.code === "ServiceUnavailable" || top.code === "SessionExpired") return "transient";
  if (top.code?.startsWith("Neo.TransientError.")) return "transient";
  if (top.retriable === true) return "transient";
  return "fatal";
}

const isAuraUri = (uri: string) => /\.databases\.neo4j\.io(:\d+)?$/i.test(uri.replace(/^[a-z0-9+]+:\/\//i, "").replace(/\/.*$/, ""));

/**
 * Custom roles and privilege commands exist on AuraDB Business Critical and Virtual Dedicated Cloud only, not
 * on AuraDB Free or Professional (Cypher Manual, "Cypher and Aura"); remote database aliases, composite
 * databases and immutable privileges are not available on Aura at all (the Operations Manual marks their pages
 * `not-on-aura`; docs/vendor-facts.md "Neo4j access"). When an Aura instance refuses such a statement, say so:
 * the server's own message does not. `statement` is the query text or the planner's Statement (which names a
 * feature Aura lacks in `notOnAura`).
 */
export function auraTierHint(uri: string, statement: string | { query: string; notOnAura?: string }): string | null {
  if (!isAuraUri(uri)) return null;
  const query = typeof statement === "string" ? statement : statement.query;
  const notOnAura = typeof statement === "string" ? (/\bIMMUTABLE\b/.test(query) ? "immutable privileges" : undefined) : statement.notOnAura;
  if (notOnAura) return `${notOnAura} are not available on Aura (the Operations Manual marks them not-on-aura); declare them on a self-managed Neo4j Enterprise DBMS, which may point a remote alias at an Aura database, and leave them out of neo4jAccess for this one`;
  if (!/^(CYPHER \d+ )?(CREATE ROLE|DROP ROLE|GRANT|DENY|REVOKE)\b/.test(query)) return null;
  return "on Aura, custom roles and GRANT/DENY/REVOKE exist only on AuraDB Business Critical and Virtual Dedicated Cloud (not on Free or Professional); use an instance on one of those tiers, or leave roles and privileges out of neo4jAccess for this one";
}

/** One line: what went wrong in plain words, with the code and the server's own message. */
export function explainError(e: unknown): string {
  const top = (e ?? {}) as ErrorLike;
  const gql = gqlStatusOf(e);
  const message = top.message ?? String(e);
  // A failed login comes with 42NFF, the GQLSTATUS of every "permission/access denied" (a privilege missing, a
  // built-in role touched): the legacy auth code is the one that says the password or user is wrong.
  const auth = top.code && AUTH_CODES.has(top.code) ? LEGACY_EXPLANATIONS[top.code] : undefined;
  const plain = auth || (gql && GQLSTATUS_EXPLANATIONS[gql]) || (top.code && LEGACY_EXPLANATIONS[top.code]);
  const codes = [gql ? `GQLSTATUS ${gql}` : null, top.code ?? null].filter(Boolean).join(", ");
  if (plain) return `${plain} [${codes}] (server said: ${message})`;
  return codes ? `${message} [${codes}]` : message;
}

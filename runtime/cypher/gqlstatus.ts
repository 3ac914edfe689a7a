/**
 * Plain-word explanations of the GQLSTATUS codes the access reconciler meets, and the retry classification.
 * Pure functions over the error's fields (code, gqlStatus, retriable, cause chain).
 */

export const GQLSTATUS_EXPLANATIONS: Record<string, string> = {
  "42NFF":
    "access denied: the connecting user lacks the privilege for this command, or (for an alias using OIDC CREDENTIAL FORWARDING) the user did not log in with OIDC, so there is no token to forward",
  "42N09": "no such user: a role grant or home database names a user that does not exist on this DBMS; create the user first",
  "42N10": "no such role: the statement names a role that does not exist on this DBMS",
  "42N87": "name conflict: a database, alias or role with that name already exists",
  "42N89": "invalid DRIVER settings for the remote alias: only ssl_enforced, connection_timeout, connection_max_lifetime, connection_pool_acquisition_timeout, connection_pool_idle_test, connection_pool_max_size and logging_level, with the right value types, are accepted",
  "22N91": "the alias cannot be changed this way (local to remote, or stored credentials to OIDC forwarding and back); it must be dropped and created again",
  "25N01": "administration commands cannot share a transaction with data queries; run them on the system database only",
  "42N51": "a parameter or database alias the statement needs does not exist",
  "42N17": "administration commands must run against the system database",
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

function chain(e: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  let cur: unknown = e;
  while (cur && typeof cur === "object" && out.length < 8) {
    out.push(cur as ErrorLike);
    cur = (cur as ErrorLike).cause;
  }
  return out;
}

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

/** One line: what went wrong in plain words, with the code and the server's own message. */
export function explainError(e: unknown): string {
  const top = (e ?? {}) as ErrorLike;
  const gql = gqlStatusOf(e);
  const message = top.message ?? String(e);
  const plain = (gql && GQLSTATUS_EXPLANATIONS[gql]) || (top.code && LEGACY_EXPLANATIONS[top.code]);
  const codes = [gql ? `GQLSTATUS ${gql}` : null, top.code ?? null].filter(Boolean).join(", ");
  if (plain) return `${plain} [${codes}] (server said: ${message})`;
  return codes ? `${message} [${codes}]` : message;
}

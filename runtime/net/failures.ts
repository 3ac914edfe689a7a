/**
 * One classification of the ways a connection or a transaction fails, for the Cypher runner, the Lambda
 * handler and the Aura API client alike: what happened, in plain words naming the host, whether waiting
 * and trying again can help, and what the next run will do. Pure functions over error fields (code,
 * message, the cause chain); Node's own error codes (ENOTFOUND, ECONNREFUSED, ...) and neo4j-driver's
 * Neo4j status codes are what is read. Nothing here retries or waits: callers do, guided by `transient`.
 */

export type FailureClass =
  /** The name does not resolve (NXDOMAIN / no such host): a wrong name or a missing private zone. */
  | "name-not-resolved"
  /** The resolver did not answer (EAI_AGAIN): may pass. */
  | "resolver-unavailable"
  | "refused"
  | "timeout"
  /** The connection dropped before any commit was sent: the server rolled the transaction back. */
  | "connection-lost"
  /** The connection dropped after COMMIT was sent: the change may or may not be committed. */
  | "connection-lost-after-commit"
  | "tls-name-mismatch"
  | "tls-untrusted"
  | "tls-expired"
  | "tls-handshake"
  | "authentication"
  | "not-a-leader"
  | "terminated"
  /** Another Neo.TransientError (database unavailable, deadlock, ...). */
  | "transient"
  | "rate-limited"
  | "server-error"
  | "deadline"
  | "other";

export interface Failure {
  cls: FailureClass;
  /** Waiting and trying again can help. */
  transient: boolean;
  /** One line: what happened, naming the host when known. */
  cause: string;
}

/** Whether trying again can help, per class (the "fail fast" rule of the CLI and the runners). */
export const TRANSIENT: Record<FailureClass, boolean> = {
  "name-not-resolved": false,
  "resolver-unavailable": true,
  refused: true,
  timeout: true,
  "connection-lost": true,
  "connection-lost-after-commit": true,
  "tls-name-mismatch": false,
  "tls-untrusted": false,
  "tls-expired": false,
  "tls-handshake": false,
  authentication: false,
  "not-a-leader": true,
  terminated: true,
  transient: true,
  "rate-limited": true,
  "server-error": true,
  deadline: false,
  other: false,
};

/**
 * What the next run does after a failure of each class, said to the operator at the end of a failed run.
 * For a change made in one transaction (the Cypher runner): nothing is ever applied twice, because every
 * run reads the server first and plans only what is missing.
 */
export const NEXT_RUN: Record<FailureClass, string> = {
  "name-not-resolved": "the next apply fails the same way until the name resolves (check the host name, the private DNS zone and that this machine uses it); nothing was changed",
  "resolver-unavailable": "the next apply resolves the name again; nothing was changed",
  refused: "the next apply connects again (check that the server runs and listens on that port, and the security groups); nothing was changed",
  timeout: "the next apply connects again (check the network path: routes, security groups, the private endpoint); nothing was changed",
  "connection-lost": "the server rolled the transaction back, so nothing was changed; the next apply makes the whole change",
  "connection-lost-after-commit": "the change may already be committed; the next apply reads the server again and applies only what is still missing, nothing twice",
  "tls-name-mismatch": "the next apply fails the same way until the URI names a host the certificate covers; nothing was changed",
  "tls-untrusted": "the next apply fails the same way until the certificate chain is trusted (or the URI says neo4j+ssc:// with allowUnverifiedTls); nothing was changed",
  "tls-expired": "the next apply fails the same way until the server's certificate is renewed; nothing was changed",
  "tls-handshake": "the next apply fails the same way until the server speaks TLS on that port (or the URI's scheme matches the server's encryption); nothing was changed",
  authentication: "the next apply fails the same way until the user and password are right (not retried: repeated failures lock accounts); nothing was changed",
  "not-a-leader": "the transaction was rolled back; the next apply finds the new leader through the routing table and makes the whole change",
  terminated: "the server rolled the transaction back, so nothing was changed; the next apply makes the whole change",
  transient: "the server rolled the transaction back, so nothing was changed; the next apply makes the whole change",
  "rate-limited": "the next run waits as the server asks and sends the request again",
  "server-error": "the next run reads the current state first and sends only what is still missing",
  deadline: "an open transaction is rolled back by the server; the next apply reads the server again and makes whatever is missing (raise the timeout if the server is slow)",
  other: "nothing was changed unless the message says so; the next apply reads the server again first",
};

/** The words an operator sees for each class (also what the fault soak looks for in a failed run's message). */
export const CLASS_LABEL: Record<FailureClass, string> = {
  "name-not-resolved": "name does not resolve",
  "resolver-unavailable": "resolver unavailable",
  refused: "connection refused",
  timeout: "connection timed out",
  "connection-lost": "connection lost before commit",
  "connection-lost-after-commit": "connection lost after COMMIT was sent",
  "tls-name-mismatch": "TLS name mismatch",
  "tls-untrusted": "TLS certificate not trusted",
  "tls-expired": "TLS certificate expired",
  "tls-handshake": "TLS handshake failed",
  authentication: "authentication failed",
  "not-a-leader": "not a leader",
  terminated: "transaction terminated",
  transient: "transient server error",
  "rate-limited": "rate limited",
  "server-error": "server error",
  deadline: "deadline passed",
  other: "error",
};

export interface ErrorLike {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  cause?: unknown;
  hostname?: unknown;
  address?: unknown;
  port?: unknown;
}

/** The error and its causes, outermost first (at most 8). */
export function errorChain<T extends { cause?: unknown } = ErrorLike>(e: unknown): T[] {
  const out: T[] = [];
  let cur: unknown = e;
  while (cur && typeof cur === "object" && out.length < 8) {
    out.push(cur as T);
    cur = (cur as T).cause;
  }
  return out;
}

/** Node, undici and OpenSSL error codes anywhere in the chain, including those neo4j-driver writes into its messages. */
function codesIn(e: unknown): string[] {
  const out: string[] = [];
  for (const x of errorChain(e)) {
    if (typeof x.code === "string") out.push(x.code);
    const msg = typeof x.message === "string" ? x.message : "";
    for (const m of msg.matchAll(/\b(E[A-Z_]{3,}|ERR_[A-Z_]+|UND_ERR_[A-Z_]+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_[A-Z_]+|CERT_[A-Z_]+)\b/g)) out.push(m[1]);
  }
  return out;
}

function messages(e: unknown): string {
  return errorChain(e)
    .map((x) => (typeof x.message === "string" ? x.message : ""))
    .join(" | ");
}

const NAME_NOT_RESOLVED = new Set(["ENOTFOUND", "EAI_NONAME", "EAI_NODATA"]);
const TLS_UNTRUSTED = new Set(["DEPTH_ZERO_SELF_SIGNED_CERT", "SELF_SIGNED_CERT_IN_CHAIN", "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "UNABLE_TO_GET_ISSUER_CERT", "UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "CERT_UNTRUSTED", "CERT_SIGNATURE_FAILURE"]);
const AUTH = new Set(["Neo.ClientError.Security.Unauthorized", "Neo.ClientError.Security.AuthenticationRateLimit", "Neo.ClientError.Security.CredentialsExpired", "Neo.ClientError.Security.TokenExpired"]);

/**
 * The class of a failed connection attempt or request. `host` names the peer in the cause ("db.example.com:7687");
 * `resolver` says which resolver answered, for names that do not resolve. Pure.
 */
export function classifyFailure(e: unknown, host: string, resolver = "the system resolver"): Failure {
  const codes = codesIn(e);
  const has = (...c: string[]) => c.some((x) => codes.includes(x));
  const text = messages(e);
  const first = errorChain(e)[0] ?? {};
  const neo4jCode = typeof first.code === "string" && first.code.startsWith("Neo.") ? first.code : errorChain(e).map((x) => x.code).find((c): c is string => typeof c === "string" && c.startsWith("Neo."));
  const make = (cls: FailureClass, cause: string): Failure => ({ cls, transient: TRANSIENT[cls], cause });
  const name = host.replace(/:\d+$/, "").replace(/^\[|\]$/g, "");

  if (neo4jCode && AUTH.has(neo4jCode)) return make("authentication", `${host} refused the login (${neo4jCode})`);
  if (neo4jCode === "Neo.ClientError.Cluster.NotALeader" || /No longer possible to write to server/i.test(text)) {
    return make("not-a-leader", `${host} is not the cluster leader any more (leadership moved; ${neo4jCode ?? "the routing driver forgot it as writer"})`);
  }
  if (neo4jCode === "Neo.TransientError.Transaction.Terminated" || neo4jCode === "Neo.ClientError.Transaction.Terminated") {
    return make("terminated", `${host} terminated the transaction (${neo4jCode})`);
  }
  if (has(...NAME_NOT_RESOLVED)) return make("name-not-resolved", `${name} does not resolve (${codes.find((c) => NAME_NOT_RESOLVED.has(c))} from ${resolver})`);
  if (has("EAI_AGAIN")) return make("resolver-unavailable", `${resolver} did not answer for ${name} (EAI_AGAIN)`);
  if (has("ERR_TLS_CERT_ALTNAME_INVALID") || /does not match certificate's altnames/i.test(text)) {
    return make("tls-name-mismatch", `the TLS certificate of ${host} does not name ${name} (ERR_TLS_CERT_ALTNAME_INVALID)`);
  }
  if (has("CERT_HAS_EXPIRED") || /certificate has expired/i.test(text)) return make("tls-expired", `the TLS certificate of ${host} has expired (CERT_HAS_EXPIRED)`);
  const untrusted = codes.find((c) => TLS_UNTRUSTED.has(c));
  if (untrusted || /self[- ]signed certificate|unable to verify the first certificate|unable to get local issuer certificate/i.test(text)) {
    return make("tls-untrusted", `the TLS certificate chain of ${host} is not trusted (${untrusted ?? "self-signed or unknown issuer"})`);
  }
  if (has("ERR_SSL_WRONG_VERSION_NUMBER", "EPROTO") || /Client network socket disconnected before secure TLS connection was established|wrong version number/i.test(text)) {
    return make("tls-handshake", `${host} did not complete a TLS handshake (is it serving TLS on that port, and does the URI's scheme match?)`);
  }
  if (has("ECONNREFUSED")) return make("refused", `${host} refused the connection (ECONNREFUSED)`);
  if (has("ETIMEDOUT", "UND_ERR_CONNECT_TIMEOUT", "EHOSTUNREACH", "ENETUNREACH") || first.name === "TimeoutError") {
    return make("timeout", `${host} did not answer in time (${codes.find((c) => ["ETIMEDOUT", "UND_ERR_CONNECT_TIMEOUT", "EHOSTUNREACH", "ENETUNREACH"].includes(c)) ?? "timeout"})`);
  }
  if (neo4jCode?.startsWith("Neo.TransientError.")) return make("transient", `${host} answered ${neo4jCode}`);
  if (has("ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "ECONNABORTED") || first.code === "ServiceUnavailable" || first.code === "SessionExpired") {
    return make("connection-lost", `the connection to ${host} was lost (${codes.find((c) => ["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "ECONNABORTED"].includes(c)) ?? String(first.code ?? "closed")})`);
  }
  return make("other", typeof first.message === "string" ? first.message : String(e));
}

/** "host:port" of a URL (default port by scheme), for messages. Pure. */
export function hostOf(url: string): string {
  const m = /^([a-z0-9+]+):\/\/(\[[^\]]+\]|[^/:?#]+)(?::(\d+))?/i.exec(url.trim());
  if (!m) return url;
  const scheme = m[1].toLowerCase();
  const port = m[3] ?? (scheme.startsWith("http") ? (scheme === "https" ? "443" : "80") : "7687");
  return `${m[2]}:${port}`;
}

import { AURA_CIPHER_SUITES } from "../conf/ciphers";
import { classifyAddress, type AddressPolicy } from "./addresses";

/**
 * Pure verdicts: each turns what a probe saw into pass/fail and a plain reason that says what to fix.
 * The facts behind them (private ranges, TLS rules, the discovery document) are in docs/vendor-facts.md,
 * "## Verify".
 */

export type Status = "pass" | "fail" | "skip";
export interface Verdict {
  status: Status;
  detail: string;
  /** A failure that may clear by itself (a timeout, a refused connection right after deploy): worth a retry. */
  retryable?: boolean;
}

const pass = (detail: string): Verdict => ({ status: "pass", detail });
const fail = (detail: string, retryable = false): Verdict => ({ status: "fail", detail, retryable });

/** `server` names the resolver that was asked ("the system resolver", "DNS server 10.0.0.2:53"). */
export type DnsAnswer = { ok: true; addresses: readonly string[] } | { ok: false; code: string; message: string; server?: string };

/** DNS failures that mean the resolver itself did not answer (as opposed to an answer saying no). */
export const RESOLVER_DOWN_CODES: ReadonlySet<string> = new Set(["ETIMEOUT", "ETIMEDOUT", "ECONNREFUSED", "EAI_AGAIN", "ECANCELLED"]);

/** The endpoint's own addresses, when known, and where they came from (for the message). */
export interface Expected {
  addresses: string[];
  from: string;
}

/**
 * DNS: resolves; every answer private; when the endpoint's addresses are known, each answer one of them.
 * Returns the addresses later checks may connect to (private ones only: we never test a public path).
 */
export function judgeDns(host: string, answer: DnsAnswer, expected: Expected | null, policy: AddressPolicy): Verdict & { usable: string[] } {
  if (!answer.ok) {
    const from = answer.server ? ` from ${answer.server}` : "";
    if (answer.code === "ENOTFOUND" || answer.code === "NXDOMAIN") {
      return {
        ...fail(`${host} does not exist here (NXDOMAIN${from}): no private zone answers it; associate the zone with this network and check it holds the record (dns_records output)`),
        usable: [],
      };
    }
    if (answer.code === "ENODATA") return { ...fail(`${host} has no A/AAAA record here (NODATA${from}): the zone exists but lacks this name's record`), usable: [] };
    if (RESOLVER_DOWN_CODES.has(answer.code)) {
      return { ...fail(`${host} could not be resolved: ${answer.server ?? "the resolver"} did not answer (${answer.code}: ${answer.message}); check the DNS server is reachable from here`, true), usable: [] };
    }
    return { ...fail(`${host} could not be resolved (${answer.code}${from}: ${answer.message})`, answer.code === "ESERVFAIL"), usable: [] };
  }
  const classes = answer.addresses.map((a) => ({ a, c: classifyAddress(a, policy) }));
  const publicOnes = classes.filter((x) => x.c === "public").map((x) => x.a);
  const loopback = classes.filter((x) => x.c === "loopback").map((x) => x.a);
  const usable = classes.filter((x) => x.c === "private").map((x) => x.a);
  const problems: string[] = [];
  if (publicOnes.length) {
    problems.push(
      `${host} resolves to public address ${publicOnes.join(", ")}: the private zone is not in effect for this network (zone not associated with the VPC/network, or the query did not reach the private resolver), so clients would go over the internet`,
    );
  }
  if (loopback.length) problems.push(`${host} resolves to loopback ${loopback.join(", ")}, which is never an Aura endpoint (--allow-loopback is for tests only)`);
  if (expected && expected.addresses.length) {
    const foreign = usable.filter((a) => !expected.addresses.includes(a));
    if (foreign.length) {
      problems.push(
        `${host} resolves to ${foreign.join(", ")}, which is not this endpoint's address (${expected.addresses.join(", ")} from ${expected.from}): the record points at another endpoint (another region's wildcard, a stale record, or a zone of another stack)`,
      );
    }
  }
  if (problems.length) return { ...fail(problems.join("; ")), usable };
  const note = expected && expected.addresses.length ? ` (the endpoint's address${usable.length > 1 ? "es" : ""})` : "";
  return { ...pass(`${usable.join(", ")}${note}`), usable };
}

export interface TcpResult {
  address: string;
  ok: boolean;
  code?: string;
}

export function judgeTcp(port: number, results: readonly TcpResult[], timeoutMs: number): Verdict {
  const bad = results.filter((r) => !r.ok);
  if (!bad.length) return pass(`connected to ${results.map((r) => r.address).join(", ")}`);
  const reasons = bad.map((r) => {
    if (r.code === "ECONNREFUSED") return `${r.address}:${port} refused the connection (nothing accepts ${port} there: the endpoint does not forward this port, or it is not Aura's endpoint)`;
    if (r.code === "ETIMEDOUT") return `no connection to ${r.address}:${port} within ${timeoutMs} ms (a security group or firewall drops it, or the endpoint is not yet accepted in the Aura console)`;
    return `${r.address}:${port}: ${r.code}`;
  });
  return fail(reasons.join("; "), true);
}

export type TlsResult =
  | { ok: true; protocol: string; cipher: string; authorized: boolean; authorizationError?: string; subjectAltName?: string }
  | { ok: false; code: string; message: string; timedOut: boolean };

const AURA_SUITES = new Set(AURA_CIPHER_SUITES.map((s) => s.openssl));
const VERSION_LABEL: Record<string, string> = { "TLSv1.2": "TLS 1.2", "TLSv1.3": "TLS 1.3", "TLSv1.1": "TLS 1.1" };

function tlsFailure(r: Extract<TlsResult, { ok: false }>, version: string, timeoutMs: number): string {
  if (r.timedOut) return `no ${version} handshake within ${timeoutMs} ms: the server accepted the connection and never answered (not Aura's TLS front, or traffic is held by a middlebox)`;
  return `${version} handshake failed: ${r.message.split("\n")[0]} (${r.code})`;
}

/** A TLS 1.2 or 1.3 handshake: it must succeed with a suite from Aura's list (reference 001). */
export function judgeHandshake(want: "TLSv1.2" | "TLSv1.3", r: TlsResult, timeoutMs: number): Verdict {
  const label = VERSION_LABEL[want]!;
  if (!r.ok) return fail(tlsFailure(r, label, timeoutMs), r.timedOut || r.code === "ECONNRESET");
  if (r.protocol !== want) return fail(`asked for ${label} only, got ${r.protocol}`);
  if (!AURA_SUITES.has(r.cipher)) {
    return fail(
      `negotiated ${r.cipher} over ${label}, which is not in Aura's accepted suites (${[...AURA_SUITES].join(", ")}): something other than Aura terminates TLS here (a proxy or another service)`,
    );
  }
  return pass(`${label} with ${r.cipher}`);
}

/** TLS 1.1 must be refused (Aura accepts 1.2 and 1.3 only). */
export function judgeTls11(r: TlsResult, timeoutMs: number): Verdict {
  if (r.ok) return fail(`the server accepted TLS 1.1 (${r.cipher}); Aura refuses it, so something other than Aura answers here`);
  if (r.timedOut) return fail(`no answer to a TLS 1.1 handshake within ${timeoutMs} ms, so refusal could not be confirmed`, true);
  if (r.code === "ERR_SSL_NO_PROTOCOLS_AVAILABLE") return fail(`this machine's OpenSSL cannot offer TLS 1.1, so refusal could not be checked`);
  return pass(`refused (${r.code})`);
}

/** The certificate from the first successful handshake: valid for the name and chained to a trusted root. */
export function judgeCertificate(host: string, handshakes: readonly TlsResult[], caFile: string | undefined, timeoutMs: number): Verdict {
  const ok = handshakes.find((h): h is Extract<TlsResult, { ok: true }> => h.ok);
  if (!ok) {
    const first = handshakes[0];
    return fail(`no handshake succeeded, so no certificate to check${first && !first.ok ? ` (${tlsFailure(first, "TLS", timeoutMs)})` : ""}`, true);
  }
  if (ok.authorized) return pass(`valid for ${host}, chains to ${caFile ? `a root in ${caFile}` : "a trusted root"}`);
  const err = ok.authorizationError ?? "unknown";
  if (err === "ERR_TLS_CERT_ALTNAME_INVALID" || /altnames|does not match/i.test(err)) {
    return fail(`the certificate is not valid for ${host} (it names ${ok.subjectAltName ?? "other hosts"}): this address serves another name, so the record points at the wrong place`);
  }
  return fail(`the certificate does not chain to a trusted root (${err})${caFile ? ` in ${caFile}` : "; for a private CA pass --ca-file"}: a TLS-inspecting proxy or another service answers here`);
}

export type HttpsResult = { ok: true; status: number; contentType: string; body: string } | { ok: false; code: string; message: string; timedOut: boolean };

/**
 * GET / must return Neo4j's discovery document: JSON with neo4j_version and a Bolt URI (Query API
 * documentation, Discovery API; docs/vendor-facts.md).
 */
export function judgeDiscovery(r: HttpsResult, timeoutMs: number): Verdict {
  if (!r.ok) {
    if (r.timedOut) return fail(`no HTTPS answer within ${timeoutMs} ms`, true);
    return fail(`HTTPS request failed: ${r.message.split("\n")[0]} (${r.code})`, r.code === "ECONNRESET");
  }
  if (r.status !== 200) return fail(`GET / answered HTTP ${r.status}, expected 200 with Neo4j's discovery document`, r.status >= 500);
  let doc: unknown;
  try {
    doc = JSON.parse(r.body);
  } catch {
    return fail(`GET / answered ${r.contentType || "no content type"} that is not JSON, so not Neo4j's discovery document: ${JSON.stringify(r.body.slice(0, 80))}`);
  }
  const d = (typeof doc === "object" && doc !== null ? doc : {}) as Record<string, unknown>;
  const bolt = [d.bolt_routing, d.bolt_direct].find((v) => typeof v === "string");
  if (typeof d.neo4j_version !== "string" || !bolt) {
    return fail(`GET / answered JSON without neo4j_version and bolt_routing/bolt_direct, so not Neo4j's discovery document (keys: ${Object.keys(d).join(", ") || "none"})`);
  }
  return pass(`Neo4j ${d.neo4j_version}${typeof d.neo4j_edition === "string" ? ` ${d.neo4j_edition}` : ""}, bolt ${bolt}`);
}

export type BoltResult =
  | { ok: true; agent: string; protocolVersion: string; authenticated: boolean; user?: string }
  | { ok: false; code: string; message: string; timedOut: boolean; user?: string };

export function judgeBolt(r: BoltResult, timeoutMs: number): Verdict {
  if (r.ok) {
    if (!r.authenticated) return pass("Bolt answered and refused an anonymous login; give --user and a password reference to check login, server version and routing table");
    return pass(`${r.agent} over Bolt ${r.protocolVersion}, logged in as ${r.user}`);
  }
  if (r.timedOut) return fail(`no Bolt answer within ${timeoutMs} ms`, true);
  if (r.code === "Neo.ClientError.Security.Unauthorized") {
    return fail(`the path works but authentication failed for user ${r.user ?? "(none)"} (${r.code}): check the user and the password reference`);
  }
  return fail(`Bolt connection failed: ${r.message.split("\n")[0]} (${r.code})`, r.code === "ServiceUnavailable" || r.code === "SessionExpired");
}

export interface RoutingEntry {
  address: string;
  host: string;
  answer: DnsAnswer | { ok: true; addresses: string[]; literal: true };
}

/** Every routing table address must resolve privately: the driver follows the table, not the name given. */
export function judgeRouting(entries: readonly RoutingEntry[] | null, policy: AddressPolicy, expected: Expected | null): Verdict {
  if (entries === null) return { status: "skip", detail: "no routing table (Bolt did not log in)" };
  if (!entries.length) return fail("the routing table is empty");
  const problems: string[] = [];
  for (const e of entries) {
    const v = judgeDns(e.host, e.answer, expected, policy);
    if (v.status === "fail") problems.push(`routing table entry ${e.address}: ${v.detail}`);
  }
  if (problems.length) return fail(problems.join("; "));
  return pass(`${entries.length > 1 ? `${entries.length} addresses resolve` : "1 address resolves"} privately: ${entries.map((e) => e.address).join(", ")}`);
}

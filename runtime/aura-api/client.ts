import { AURA_API_BASE_URL, AURA_TOKEN_PATH, auraApiBaseUrlProblem, normalizeBaseUrl } from "../../domain/aura/aura-api";
import { withoutCredentials } from "../../domain/url-credentials";
import { UserError } from "../cli/errors";
import { AuraApiError, auraApiError, parseErrorItems } from "./errors";
import { DEFAULT_BACKOFF, backoffDelayMs, parseRetryAfter, retryKind, type BackoffPolicy } from "./retry";
import { CLASS_LABEL, classifyFailure, hostOf, type Failure, type FailureClass } from "../net/failures";
import { describeResolver } from "../net/resolve";

/**
 * A small Aura API v1 client: OAuth2 client credentials, token reuse, bounded retries and one overall
 * deadline. Node's global fetch is enough for this (no library adds what we need here: Retry-After as an
 * HTTP-date, a shared deadline and no retry of non-idempotent requests after a 5xx).
 * Facts: docs/vendor-facts.md, section "Aura API".
 */

export interface AuraApiClientOptions {
  baseUrl?: string;
  clientId: string;
  clientSecret: string;
  /** Absolute time (ms since epoch, same clock as `now`) after which no request is started or waited for. */
  deadline: number;
  backoff?: BackoffPolicy;
  /** Longest single HTTP exchange. */
  requestTimeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Progress lines (retries, waits); never given a secret. */
  log?: (line: string) => void;
}

export interface AuraResponse {
  status: number;
  body: unknown;
  requestId?: string;
}

export interface RequestOptions {
  body?: unknown;
  /** Safe to send again after a 5xx or a network error (GET, DELETE). POST is not: it could duplicate. */
  idempotent: boolean;
  /** What is being done, for messages ("registering key ..."). */
  what: string;
  /** Statuses that are answers, not errors (e.g. 404 when looking something up). */
  accept?: readonly number[];
}

/** Stops a retry loop: the deadline has passed or would pass during the next wait. */
export class DeadlineError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = "DeadlineError";
  }
}

/** A request that failed with a retryable condition until the retries ran out or was not safe to resend. */
export class TransientError extends AuraApiError {}

const USER_AGENT = "cdktf-aura-secure (aura-api client)";

export class AuraApiClient {
  readonly baseUrl: string;
  private readonly opts: Required<Omit<AuraApiClientOptions, "baseUrl" | "log">> & { log: (line: string) => void };
  private cached?: { token: string; expiresAt: number };
  /** Counters for logs and tests. */
  readonly stats = { tokenRequests: 0, requests: 0, retries: 0 };

  constructor(options: AuraApiClientOptions) {
    const base = options.baseUrl ?? AURA_API_BASE_URL;
    const problem = auraApiBaseUrlProblem(base);
    if (problem) throw new UserError(`Aura API base URL ${JSON.stringify(withoutCredentials(base))} ${problem}`);
    this.baseUrl = normalizeBaseUrl(base);
    if (!options.clientId || !options.clientSecret) throw new UserError("the Aura API client id and secret must not be empty");
    this.opts = {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      deadline: options.deadline,
      backoff: options.backoff ?? DEFAULT_BACKOFF,
      requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
      fetch: options.fetch ?? globalThis.fetch,
      now: options.now ?? Date.now,
      sleep: options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
      random: options.random ?? Math.random,
      log: options.log ?? (() => undefined),
    };
  }

  get now(): number {
    return this.opts.now();
  }

  get deadline(): number {
    return this.opts.deadline;
  }

  /** The delay before retry number `retry` (1-based) on this client's backoff policy and random source. */
  retryDelay(retry: number): number {
    return backoffDelayMs(retry, null, this.opts.backoff, this.opts.random);
  }

  /** Waits `ms`, or fails at once when the deadline would pass first. */
  async pause(ms: number, why: string): Promise<void> {
    const left = this.opts.deadline - this.opts.now();
    if (ms > left) throw new DeadlineError(`${why}: the deadline is ${Math.max(0, Math.round(left / 1000))} s away, too soon to wait ${Math.round(ms / 1000)} s more`);
    await this.opts.sleep(ms);
  }

  /**
   * A bearer token, reused until shortly before it expires. The margin is a minute, or a tenth of the
   * lifetime for short-lived tokens, so a token never expires between this check and Aura reading it.
   */
  async token(): Promise<string> {
    const now = this.opts.now();
    if (this.cached && now < this.cached.expiresAt) return this.cached.token;
    this.cached = undefined;
    const basic = Buffer.from(`${this.opts.clientId}:${this.opts.clientSecret}`, "utf8").toString("base64");
    const res = await this.exchange("POST", AURA_TOKEN_PATH, {
      headers: { Authorization: `Basic ${basic}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
      // Issuing a token changes nothing on Aura's side, so it may be requested again after a 5xx.
      idempotent: true,
      what: "getting an Aura API token",
    });
    this.stats.tokenRequests++;
    if (res.status !== 200) throw tokenError(res.status, res.text, res.requestId);
    let body: { access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(res.text) as typeof body;
    } catch {
      throw new AuraApiError(`getting an Aura API token: the token endpoint answered 200 without JSON`, 200);
    }
    if (typeof body.access_token !== "string" || !body.access_token) throw new AuraApiError("getting an Aura API token: the answer has no access_token", 200);
    // The documented lifetime is one hour; trust expires_in when given.
    const lifetimeMs = (typeof body.expires_in === "number" && body.expires_in > 0 ? body.expires_in : 3600) * 1000;
    const margin = Math.min(60_000, lifetimeMs / 10);
    this.cached = { token: body.access_token, expiresAt: this.opts.now() + lifetimeMs - margin };
    return body.access_token;
  }

  /** Drops the cached token (Aura answers an expired token with 403, so one refresh is tried then). */
  forgetToken(): void {
    this.cached = undefined;
  }

  /** An authenticated API request; non-2xx answers not in `accept` become AuraApiErrors. */
  async request(method: "GET" | "POST" | "DELETE", path: string, options: RequestOptions): Promise<AuraResponse> {
    let refreshed = false;
    for (;;) {
      const hadToken = this.cached !== undefined;
      const token = await this.token();
      const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: "application/json" };
      if (options.body !== undefined) headers["Content-Type"] = "application/json";
      const res = await this.exchange(method, path, {
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        idempotent: options.idempotent,
        what: options.what,
      });
      // A reused token may have expired on Aura's clock: get a new one once, then report.
      if ((res.status === 401 || res.status === 403) && hadToken && !refreshed) {
        this.forgetToken();
        refreshed = true;
        this.opts.log(`token refused (${res.status}); requesting a new one`);
        continue;
      }
      const body = parseJson(res.text);
      // Only a non-idempotent request gets here with a 5xx: it may or may not have taken effect.
      if (res.status >= 500 && !options.accept?.includes(res.status)) {
        const e = auraApiError(options.what, res.status, res.text, res.requestId);
        throw new TransientError(`${e.message}; not sent again because it may have been processed`, res.status, e.reasons, e.requestId);
      }
      if ((res.status >= 200 && res.status < 300) || options.accept?.includes(res.status)) return { status: res.status, body, requestId: res.requestId };
      if ((res.status === 401 || res.status === 403) && refreshed) {
        // Aura answers 403 both for an expired token and for a missing permission: say both, and what happens next.
        const e = auraApiError(options.what, res.status, res.text, res.requestId);
        throw new AuraApiError(
          `${options.what}: authentication failed: Aura answered ${res.status} to a token issued moments ago (Aura answers 403 for an expired token and for a missing permission; ${e.message}). Next apply: it requests a new token and reads the registration again before sending anything, so nothing is registered twice; if it fails the same way, the API client's user needs a project role that allows this`,
          res.status,
          e.reasons,
          e.requestId,
        );
      }
      throw auraApiError(options.what, res.status, res.text, res.requestId);
    }
  }

  /**
   * One HTTP exchange with retries: 429 always (waiting at least Retry-After), 5xx and network errors only
   * when idempotent. Every wait and request stays inside the deadline.
   */
  private async exchange(
    method: string,
    path: string,
    req: { headers: Record<string, string>; body?: string; idempotent: boolean; what: string },
  ): Promise<{ status: number; text: string; requestId?: string }> {
    const url = `${this.baseUrl}${path}`;
    const host = hostOf(url);
    for (let attempt = 0; ; attempt++) {
      const left = this.opts.deadline - this.opts.now();
      if (left <= 0) throw new DeadlineError(`${req.what}: the deadline passed before the request could be sent`);
      let status: number | null = null;
      let text = "";
      let requestId: string | undefined;
      let retryAfter: string | null = null;
      let network: Failure | undefined;
      this.stats.requests++;
      // An explicit timer, cleared after the answer, so no timer outlives the request.
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(new DOMException("timeout", "TimeoutError")), Math.max(1, Math.min(left, this.opts.requestTimeoutMs)));
      try {
        const res = await this.opts.fetch(url, {
          method,
          headers: { ...req.headers, "User-Agent": USER_AGENT },
          body: req.body,
          redirect: "error",
          signal: abort.signal,
        });
        status = res.status;
        text = await res.text();
        requestId = res.headers.get("x-request-id") ?? undefined;
        retryAfter = res.headers.get("retry-after");
      } catch (e) {
        // Classified by the one module the Cypher runner uses too; the cause names the host, never the headers.
        const err = e as Error;
        network = err.name === "TimeoutError" || err.name === "AbortError" ? { cls: "timeout", transient: true, cause: `${host} did not answer in ${duration(Math.min(left, this.opts.requestTimeoutMs))}` } : classifyFailure(e, host, describeResolver());
      } finally {
        clearTimeout(timer);
      }
      if (network && !network.transient) {
        throw new AuraApiError(`${req.what}: ${httpLabel(network.cls)}: ${network.cause}; not retried (waiting does not help)`, null);
      }
      // A connection that was never made carried no request: even a POST may be sent again.
      const neverSent = network !== undefined && ["refused", "resolver-unavailable"].includes(network.cls);
      const kind = retryKind(status, req.idempotent || neverSent);
      if (kind === null) {
        if (status === null) {
          throw new TransientError(
            `${req.what}: ${httpLabel(network!.cls)} (${network!.cause}) after the request was sent; not sent again because it may have been processed`,
            null,
          );
        }
        return { status, text, requestId };
      }
      const why = status === null ? `${httpLabel(network!.cls)} (${network!.cause})` : status === 429 ? `rate limited (429) by ${host}` : `server error (${status}) from ${host}`;
      const detail = status === null ? why : `${why}${describeItems(text)}`;
      const id = requestId ? `; X-Request-Id ${requestId}` : "";
      if (attempt >= this.opts.backoff.maxRetries) {
        throw new TransientError(`${req.what}: gave up after ${attempt + 1} attempts; last: ${detail}${id}`, status);
      }
      const delay = backoffDelayMs(attempt + 1, parseRetryAfter(retryAfter, this.opts.now()), this.opts.backoff, this.opts.random);
      // Never announce a retry the deadline would not leave time for.
      const remaining = this.opts.deadline - this.opts.now();
      if (delay >= remaining) {
        throw new TransientError(`${req.what}: gave up after ${attempt + 1} attempt(s); last: ${detail}${id}; the next retry would be in ${(delay / 1000).toFixed(1)} s, after the deadline (${duration(Math.max(0, remaining))} away)`, status);
      }
      this.opts.log(`${req.what}: ${why}; retry ${attempt + 1}/${this.opts.backoff.maxRetries} in ${(delay / 1000).toFixed(1)} s`);
      this.stats.retries++;
      await this.pause(delay, `${req.what}: ${why}`);
    }
  }
}

/** A failure class in HTTP terms: an HTTP request has no commit, so a lost connection is just lost. */
function httpLabel(cls: FailureClass): string {
  return cls === "connection-lost" ? "connection lost" : CLASS_LABEL[cls];
}

/** "300 ms" below a second (where whole seconds would say 0 s), else whole seconds. */
function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 1000)} s`;
}

function describeItems(text: string): string {
  const items = parseErrorItems(text);
  return items.length ? `: ${items.map((i) => i.message ?? i.reason ?? "").join("; ")}` : "";
}

function parseJson(text: string): unknown {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The token endpoint's documented answers (docs/vendor-facts.md: Aura API, token endpoint). */
function tokenError(status: number, text: string, requestId?: string): AuraApiError {
  const meaning: Record<number, string> = {
    400: "the token request is invalid",
    401: "the client id or secret is invalid, expired or revoked: create a new API key in the Aura console (profile > API Keys) and update the secret the references point at",
    403: "the token request body is invalid",
    404: "the token request body is missing",
  };
  const items = parseErrorItems(text)
    .map((i) => i.message)
    .filter(Boolean)
    .join("; ");
  const base = `getting an Aura API token: the token endpoint answered ${status}`;
  const hint = meaning[status] ?? (status >= 500 ? "Aura had a server error" : "unexpected answer");
  return new AuraApiError(`${base} (${hint})${items ? `: ${items}` : ""}${requestId ? `; X-Request-Id ${requestId}` : ""}`, status);
}

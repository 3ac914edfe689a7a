import type * as http from "node:http";
import { LoopbackHttp } from "./loopback-http";

/**
 * A fake Aura API v1 on loopback (port 0) for the customer managed key endpoints and the OAuth2 token
 * endpoint, shaped after the documented answers (docs/vendor-facts.md: Aura API): `{data: ...}` envelopes,
 * `{errors: [{message, reason, field}]}` errors, 403 for an expired token, 202 + "pending" on create.
 * Faults are scripted per request: 5xx bursts, 429 with Retry-After (seconds or an HTTP date), a connection
 * reset (before the request takes effect, or after: "accepted, answer lost"); events change Aura's side at
 * the nth matching request (a token expires, someone deletes the key, a key stays pending longer).
 */

export interface FakeKey {
  id: string;
  name: string;
  tenant_id: string;
  type: string;
  cloud_provider: string;
  key_id: string;
  region: string;
  status: string;
  created: string;
  /** Aura refuses to delete a key that instances use. */
  inUse?: boolean;
  /** GETs answered "pending" before the key turns to `finalStatus`. */
  pendingPolls: number;
  finalStatus: string;
}

export interface ScriptedFault {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Which requests it applies to; all when absent. */
  match?: (method: string, path: string) => boolean;
  /** Apply the fault after handling the request (the request takes effect, the answer is lost). */
  afterEffect?: boolean;
  /** Instead of answering, reset the connection (with afterEffect: the request took effect first). */
  reset?: boolean;
}

/** Something that happens on the Aura side when the nth matching request arrives (before it is handled). */
export interface ScriptedEvent {
  match: (method: string, path: string) => boolean;
  /** 1 = the next matching request. */
  nth: number;
  run: (api: FakeAuraApi) => void;
  label?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: "basic" | "bearer" | "none";
  body?: unknown;
  /** The raw request text, kept so tests can check what crossed the wire. */
  raw: string;
}

export interface FakeAuraOptions {
  clientId: string;
  clientSecret: string;
  /** Token lifetime in seconds (Aura: 3600). */
  expiresIn?: number;
  /** GETs that answer "pending" after a create (default 1). */
  pendingPolls?: number;
  /** Status a new key reaches after its pending polls (default "ready"). */
  finalStatus?: string;
  /** The clock of token expiry and of Retry-After dates (a test's virtual clock); default Date.now. */
  now?: () => number;
}

export class FakeAuraApi {
  readonly keys = new Map<string, FakeKey>();
  readonly requests: RecordedRequest[] = [];
  readonly faults: ScriptedFault[] = [];
  readonly events: ScriptedEvent[] = [];
  /** Events and faults that have fired, for reports. */
  readonly fired: string[] = [];
  private readonly tokens = new Map<string, number>();
  private seq = 0;
  tokenRequests = 0;

  private constructor(
    private readonly http: LoopbackHttp,
    readonly options: Required<FakeAuraOptions>,
  ) {}

  static async start(options: FakeAuraOptions): Promise<FakeAuraApi> {
    let self: FakeAuraApi | undefined;
    const http = await LoopbackHttp.listen((req, res) => void self!.handle(req, res));
    self = new FakeAuraApi(http, { expiresIn: 3600, pendingPolls: 1, finalStatus: "ready", now: Date.now, ...options });
    return self;
  }

  get url(): string {
    return this.http.url;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  /** A burst of `count` answers with `status` (5xx) for the requests `match` selects. */
  burst(status: number, count: number, match?: ScriptedFault["match"]): void {
    for (let i = 0; i < count; i++) this.faults.push({ status, match, body: { errors: [{ message: `injected ${status}` }] } });
  }

  /** A 429 with Retry-After in seconds, or as an HTTP date that many seconds ahead on the fake's clock. */
  rateLimit(seconds: number, form: "seconds" | "date", match?: ScriptedFault["match"]): void {
    const value = form === "seconds" ? String(seconds) : new Date(this.options.now() + seconds * 1000).toUTCString();
    this.faults.push({ status: 429, headers: { "Retry-After": value }, body: { errors: [{ message: "Too many requests" }] }, match });
  }

  /** Makes every issued token expire now (Aura then answers 403). */
  expireTokens(): void {
    for (const t of this.tokens.keys()) this.tokens.set(t, 0);
  }

  /** Adds an existing registration, as if made earlier in the console. */
  addKey(k: Partial<FakeKey> & Pick<FakeKey, "tenant_id" | "key_id">): FakeKey {
    const key: FakeKey = {
      id: `cmk-${++this.seq}`,
      name: "existing",
      type: "enterprise-db",
      cloud_provider: "aws",
      region: "us-east-1",
      status: "ready",
      created: "2026-12-01T10:00:00Z",
      pendingPolls: 0,
      finalStatus: "ready",
      ...k,
    };
    this.keys.set(key.id, key);
    return key;
  }

  apiRequests(method?: string, path?: string | RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.path !== "/oauth/token" && (!method || r.method === method) && (!path || (typeof path === "string" ? r.path === path : path.test(r.path))));
  }

  private send(res: http.ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) {
    const text = body === undefined ? "" : JSON.stringify(body);
    res.writeHead(status, { "Content-Type": "application/json", "X-Request-Id": `req-${this.requests.length}`, ...headers });
    res.end(text);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const bodyText = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://x");
    const method = req.method ?? "GET";
    const auth = req.headers.authorization ?? "";
    let parsed: unknown;
    try {
      parsed = bodyText ? JSON.parse(bodyText) : undefined;
    } catch {
      parsed = bodyText;
    }
    const raw = `${method} ${req.url}\n${Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`).join("\n")}\n\n${bodyText}`;
    this.requests.push({ method, path: url.pathname, authorization: auth.startsWith("Basic ") ? "basic" : auth.startsWith("Bearer ") ? "bearer" : "none", body: parsed, raw });

    for (let i = 0; i < this.events.length; i++) {
      const e = this.events[i];
      if (!e.match(method, url.pathname) || --e.nth > 0) continue;
      this.events.splice(i--, 1);
      this.fired.push(e.label ?? "event");
      e.run(this);
    }
    const faultAt = this.faults.findIndex((f) => !f.match || f.match(method, url.pathname));
    const fault = faultAt >= 0 ? this.faults.splice(faultAt, 1)[0] : undefined;
    if (fault) this.fired.push(`${fault.reset ? "reset" : fault.status}${fault.afterEffect ? " after effect" : ""} on ${method} ${url.pathname}`);
    const reset = () => void res.socket?.destroy();
    if (fault && !fault.afterEffect) return fault.reset ? reset() : this.send(res, fault.status, fault.body, fault.headers);
    const answer = this.route(method, url, auth, bodyText, parsed);
    if (fault) return fault.reset ? reset() : this.send(res, fault.status, fault.body, fault.headers);
    this.send(res, answer.status, answer.body, answer.headers);
  }

  private route(method: string, url: URL, auth: string, bodyText: string, body: unknown): { status: number; body?: unknown; headers?: Record<string, string> } {
    if (url.pathname === "/oauth/token") {
      if (method !== "POST") return { status: 405 };
      if (!bodyText) return { status: 404, body: { error: "missing body" } };
      if (new URLSearchParams(bodyText).get("grant_type") !== "client_credentials") return { status: 403, body: { error: "invalid body" } };
      const expected = `Basic ${Buffer.from(`${this.options.clientId}:${this.options.clientSecret}`).toString("base64")}`;
      if (auth !== expected) return { status: 401, body: { error: "invalid_client" } };
      this.tokenRequests++;
      const token = `tok-${this.tokenRequests}-${Math.random().toString(36).slice(2)}`;
      this.tokens.set(token, this.options.now() + this.options.expiresIn * 1000);
      return { status: 200, body: { access_token: token, expires_in: this.options.expiresIn, token_type: "bearer" } };
    }
    const token = auth.startsWith("Bearer ") ? auth.slice(7) : "";
    const expiry = this.tokens.get(token);
    if (expiry === undefined) return { status: 401, body: { errors: [{ message: "Unauthorized", reason: "unauthorized" }] } };
    // Aura answers an expired token with 403 Forbidden (docs/vendor-facts.md: Aura API, token expiry).
    if (this.options.now() >= expiry) return { status: 403, body: { errors: [{ message: "Forbidden", reason: "forbidden" }] } };

    const base = "/v1/customer-managed-keys";
    if (url.pathname === base && method === "GET") {
      const tenant = url.searchParams.get("tenantId");
      const data = [...this.keys.values()].filter((k) => !tenant || k.tenant_id === tenant).map((k) => ({ id: k.id, name: k.name, tenant_id: k.tenant_id }));
      return { status: 200, body: { data } };
    }
    if (url.pathname === base && method === "POST") {
      const b = (body ?? {}) as Record<string, unknown>;
      const errors = ["name", "tenant_id", "instance_type", "cloud_provider", "key_id", "region"]
        .filter((f) => typeof b[f] !== "string" || !b[f])
        .map((f) => ({ message: `${f} is required`, reason: "invalid-input", field: f }));
      if (typeof b.cloud_provider === "string" && !["aws", "gcp", "azure"].includes(b.cloud_provider)) {
        errors.push({ message: "must be one of aws, gcp, azure", reason: "invalid-input", field: "cloud_provider" });
      }
      if (errors.length) return { status: 400, body: { errors } };
      const key = this.addKey({
        name: b.name as string,
        tenant_id: b.tenant_id as string,
        type: b.instance_type as string,
        cloud_provider: b.cloud_provider as string,
        key_id: b.key_id as string,
        region: b.region as string,
        status: "pending",
        created: new Date(this.options.now()).toISOString().replace(/\.\d+Z$/, "Z"),
        pendingPolls: this.options.pendingPolls,
        finalStatus: this.options.finalStatus,
      });
      return { status: 202, body: { data: view(key) } };
    }
    const m = new RegExp(`^${base}/([^/]+)$`).exec(url.pathname);
    if (m) {
      const key = this.keys.get(decodeURIComponent(m[1]));
      if (!key) return { status: 404, body: { errors: [{ message: `Encryption Key not found: ${m[1]}`, reason: "encryption-key-not-found" }] } };
      if (method === "GET") {
        if (key.status === "pending") {
          if (key.pendingPolls > 0) key.pendingPolls--;
          else key.status = key.finalStatus;
        }
        return { status: 200, body: { data: view(key) } };
      }
      if (method === "DELETE") {
        if (key.inUse) return { status: 400, body: { errors: [{ message: `Can not delete encryption key ${key.id}. The key is linked to an active instance.`, reason: "encryption-key-is-active" }] } };
        this.keys.delete(key.id);
        return { status: 204 };
      }
    }
    return { status: 404, body: { errors: [{ message: `no route ${method} ${url.pathname}`, reason: "not-found" }] } };
  }
}

function view(k: FakeKey) {
  return { id: k.id, name: k.name, created: k.created, cloud_provider: k.cloud_provider, key_id: k.key_id, region: k.region, type: k.type, tenant_id: k.tenant_id, status: k.status };
}

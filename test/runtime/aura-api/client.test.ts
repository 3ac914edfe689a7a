import * as net from "node:net";
import { AuraApiClient, DeadlineError, TransientError } from "../../../runtime/aura-api/client";
import { AuraApiError } from "../../../runtime/aura-api/errors";
import { awaitReady, deregister, findRegistration, registerKey } from "../../../runtime/aura-api/cmk";
import { FakeAuraApi } from "../../support/fake-aura-api";
import { TEST_SECRETS } from "../../support/test-secrets";

const CLIENT_ID = "client-id-abc";
const CLIENT_SECRET = TEST_SECRETS.auraClientSecret;
const TENANT = "6f1e2d3c-4b5a-4968-8776-655443322110";
const ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const BODY = { name: "acme-us-east-1", tenant_id: TENANT, instance_type: "enterprise-db", cloud_provider: "aws", key_id: ARN, region: "us-east-1" };

let fake: FakeAuraApi;
let sleeps: number[];
let logs: string[];
/** The clients' virtual clock (a whole second, so HTTP dates are exact): only their waits move it. */
const T0 = Date.UTC(2026, 11, 6, 12, 0, 0);
let clock: number;

beforeEach(async () => {
  fake = await FakeAuraApi.start({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  sleeps = [];
  logs = [];
  clock = T0;
});
afterEach(async () => fake.close());
/** The fake's host:port, as messages name it. */
const host = () => `127.0.0.1:${new URL(fake.url).port}`;

/** A client on the virtual clock whose waits are recorded and move the clock instead of sleeping, so retries and polls cost no time. */
function client(over: Partial<ConstructorParameters<typeof AuraApiClient>[0]> = {}) {
  return new AuraApiClient({
    baseUrl: fake.url,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    deadline: clock + 60_000,
    now: () => clock,
    sleep: async (ms) => void (sleeps.push(ms), (clock += ms)),
    random: () => 1,
    log: (l) => void logs.push(l),
    ...over,
  });
}

describe("tokens", () => {
  test("one token serves several requests; the token request uses basic auth and the form body", async () => {
    const c = client();
    await c.request("GET", "/v1/customer-managed-keys", { idempotent: true, what: "listing" });
    await c.request("GET", "/v1/customer-managed-keys", { idempotent: true, what: "listing" });
    expect(fake.tokenRequests).toBe(1);
    const tokenReq = fake.requests.find((r) => r.path === "/oauth/token")!;
    expect(tokenReq.authorization).toBe("basic");
    expect(tokenReq.raw).toContain("content-type: application/x-www-form-urlencoded");
    expect(tokenReq.raw.endsWith("grant_type=client_credentials")).toBe(true);
    expect(fake.apiRequests().map((r) => r.authorization)).toEqual(["bearer", "bearer"]);
  });

  test("a token is renewed once its lifetime (minus the margin) has passed on the client's clock", async () => {
    const c = client({ deadline: clock + 10 * 3_600_000 });
    await c.token();
    clock += 3600_000 - 61_000; // inside the lifetime, outside the 60 s margin: reused
    await c.token();
    expect(fake.tokenRequests).toBe(1);
    clock += 2_000; // within the last minute: renewed
    await c.token();
    expect(fake.tokenRequests).toBe(2);
  });

  test("a token Aura considers expired (403) is replaced once and the request succeeds", async () => {
    const c = client();
    await c.request("GET", "/v1/customer-managed-keys", { idempotent: true, what: "listing" });
    fake.expireTokens();
    const res = await c.request("GET", "/v1/customer-managed-keys", { idempotent: true, what: "listing" });
    expect(res.status).toBe(200);
    expect(fake.tokenRequests).toBe(2);
    expect(logs.join("\n")).toContain("token refused (403); requesting a new one");
  });

  test("wrong credentials: the token endpoint's 401 becomes advice, and the secret is in no message", async () => {
    const c = client({ clientSecret: "wrong-secret-value-123" });
    const e = await c.token().catch((x) => x);
    expect(e).toBeInstanceOf(AuraApiError);
    expect(e.message).toContain("the token endpoint answered 401 (the client id or secret is invalid, expired or revoked");
    expect(e.message).not.toContain("wrong-secret-value-123");
    expect(e.message).not.toContain(CLIENT_ID);
  });
});

describe("retries", () => {
  test("429 with Retry-After seconds: waits at least that long, then succeeds", async () => {
    fake.faults.push({ status: 429, headers: { "Retry-After": "7" }, body: { errors: [{ message: "Too many requests" }] } });
    const keys = await client().request("GET", "/v1/customer-managed-keys", { idempotent: true, what: "listing" });
    expect(keys.status).toBe(200);
    expect(sleeps).toEqual([7000]);
    // The fault meets the first request, the token request.
    expect(logs[0]).toBe(`getting an Aura API token: rate limited (429) by ${host()}; retry 1/5 in 7.0 s`);
  });

  test("429 with Retry-After as an HTTP-date is honoured too, and a POST is resent after a 429", async () => {
    const at = new Date(T0 + 20_000).toUTCString();
    fake.faults.push({ status: 429, headers: { "Retry-After": at }, match: (m, p) => m === "POST" && p !== "/oauth/token" });
    const r = await registerKey(client(), BODY);
    expect(r.created).toBe(true);
    expect(sleeps).toEqual([20_000]);
    expect(fake.apiRequests("POST")).toHaveLength(2);
    expect(fake.keys.size).toBe(1);
  });

  test("transient 5xx on a GET: retried with growing backoff", async () => {
    const notToken = (_m: string, p: string) => p !== "/oauth/token";
    fake.faults.push({ status: 503, match: notToken }, { status: 502, match: notToken });
    const res = await client().request("GET", "/v1/customer-managed-keys", { idempotent: true, what: "listing" });
    expect(res.status).toBe(200);
    expect(sleeps).toEqual([1000, 2000]);
  });

  test("5xx that never stops: bounded retries, then a message with the last answer", async () => {
    for (let i = 0; i < 10; i++) fake.faults.push({ status: 500, body: { errors: [{ message: "internal" }] }, match: (_m, p) => p !== "/oauth/token" });
    const e = await client({ backoff: { baseMs: 10, capMs: 100, maxRetries: 3 } })
      .request("GET", "/v1/customer-managed-keys", { idempotent: true, what: "listing keys" })
      .catch((x) => x);
    expect(e.message).toBe(`listing keys: gave up after 4 attempts; last: server error (500) from ${host()}: internal; X-Request-Id req-5`);
  });

  test("a POST whose answer was lost to a 5xx is not sent again blindly: the registration is found", async () => {
    fake.faults.push({ status: 503, afterEffect: true, match: (m, p) => m === "POST" && p !== "/oauth/token" });
    const r = await registerKey(client(), BODY, (l) => void logs.push(l));
    expect(fake.apiRequests("POST")).toHaveLength(1);
    expect(fake.keys.size).toBe(1);
    expect(r.key.key_id).toBe(ARN);
    expect(logs.join("\n")).toContain("the registration exists after a failed attempt");
  });

  test("a POST refused with 5xx before taking effect is sent again after a lookup", async () => {
    fake.faults.push({ status: 500, match: (m, p) => m === "POST" && p !== "/oauth/token" });
    const r = await registerKey(client(), BODY, (l) => void logs.push(l));
    expect(r.created).toBe(true);
    expect(fake.apiRequests("POST")).toHaveLength(2);
    expect(fake.keys.size).toBe(1);
  });

  test("400 with Aura's error body: not retried, the message carries field, message and reason", async () => {
    const e = await registerKey(client(), { ...BODY, cloud_provider: "oracle" }).catch((x) => x);
    expect(e).toBeInstanceOf(AuraApiError);
    expect(e.message).toContain(`registering key ${ARN} in project ${TENANT}: Aura API answered 400: cloud_provider: must be one of aws, gcp, azure [reason invalid-input]`);
    expect(fake.apiRequests("POST")).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  test("the overall deadline stops a wait that would pass it, and that retry is never announced", async () => {
    fake.faults.push({ status: 429, headers: { "Retry-After": "120" }, match: (_m, p) => p !== "/oauth/token" });
    const e = await client({ deadline: clock + 5_000 })
      .request("GET", "/v1/customer-managed-keys", { idempotent: true, what: "listing" })
      .catch((x) => x);
    expect(e.message).toBe(`listing: gave up after 1 attempt(s); last: rate limited (429) by ${host()}; X-Request-Id req-2; the next retry would be in 120.0 s, after the deadline (5 s away)`);
    expect(logs.filter((l) => l.includes("retry"))).toEqual([]);
    expect(sleeps).toEqual([]);
  });

  test("a deadline already passed: nothing is sent", async () => {
    const e = await client({ deadline: clock - 1 }).token().catch((x) => x);
    expect(e).toBeInstanceOf(DeadlineError);
    expect(e.message).toBe("getting an Aura API token: the deadline passed before the request could be sent");
    expect(fake.requests).toEqual([]);
  });

  test("plain http to a non-loopback host is refused before any request", () => {
    expect(() => client({ baseUrl: "http://api.neo4j.io" })).toThrow('Aura API base URL "http://api.neo4j.io" must use https://');
  });
});

/** A port on loopback where nothing listens (connections are refused). */
async function closedPort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/** A loopback server that accepts connections and never answers (a black hole behind a load balancer). */
async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets: net.Socket[] = [];
  const server = net.createServer((s) => void sockets.push(s));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    close: () => new Promise<void>((r) => (sockets.forEach((s) => s.destroy()), server.close(() => r()))),
  };
}

/** What undici's fetch throws when getaddrinfo fails: TypeError "fetch failed" whose cause carries the code. */
const dnsFailure = (code: "ENOTFOUND" | "EAI_AGAIN") => (async (url: string | URL | Request) => {
  const hostname = new URL(String(url)).hostname;
  throw Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(`getaddrinfo ${code} ${hostname}`), { code, syscall: "getaddrinfo", hostname }) });
}) as typeof fetch;

describe("network failures: each message names the host and the class", () => {
  test("a name that does not resolve fails at once, naming the resolver; not retried", async () => {
    const e = await client({ baseUrl: "https://api.neo4j.io", fetch: dnsFailure("ENOTFOUND") }).token().catch((x) => x);
    expect(e).toBeInstanceOf(AuraApiError);
    expect(e.message).toMatch(/^getting an Aura API token: name does not resolve: api\.neo4j\.io does not resolve \(ENOTFOUND from the system resolver \(getaddrinfo; .*\)\); not retried \(waiting does not help\)$/);
    expect(sleeps).toEqual([]);
    expect(logs).toEqual([]);
  });

  test("a resolver that does not answer (EAI_AGAIN) may pass: retried, and the message says which resolver", async () => {
    const e = await client({ baseUrl: "https://api.neo4j.io", fetch: dnsFailure("EAI_AGAIN"), backoff: { baseMs: 1000, capMs: 1000, maxRetries: 1 } }).token().catch((x) => x);
    expect(e).toBeInstanceOf(TransientError);
    expect(e.message).toMatch(/^getting an Aura API token: gave up after 2 attempts; last: resolver unavailable \(the system resolver \(getaddrinfo; .*\) did not answer for api\.neo4j\.io \(EAI_AGAIN\)\)$/);
    expect(sleeps).toEqual([1000]);
  });

  test("a refused connection is retried, then reported with the host", async () => {
    const port = await closedPort();
    const refused = await client({ baseUrl: `http://127.0.0.1:${port}`, backoff: { baseMs: 10, capMs: 10, maxRetries: 2 } })
      .token()
      .catch((x) => x);
    expect(refused).toBeInstanceOf(TransientError);
    expect(refused.message).toBe(`getting an Aura API token: gave up after 3 attempts; last: connection refused (127.0.0.1:${port} refused the connection (ECONNREFUSED))`);
    expect(logs).toEqual([
      `getting an Aura API token: connection refused (127.0.0.1:${port} refused the connection (ECONNREFUSED)); retry 1/2 in 0.0 s`,
      `getting an Aura API token: connection refused (127.0.0.1:${port} refused the connection (ECONNREFUSED)); retry 2/2 in 0.0 s`,
    ]);
    expect(sleeps).toEqual([10, 10]);
  });

  test("a POST whose connection was refused carried nothing, so it is sent again without a lookup first", async () => {
    const port = await closedPort();
    let diverted = 0;
    // The first POST of a key goes to a port where nothing listens (a real ECONNREFUSED), the rest to the fake.
    const divert = ((url: string | URL | Request, init?: RequestInit) => {
      const target = String(url);
      const once = init?.method === "POST" && target.endsWith("/v1/customer-managed-keys") && diverted++ === 0;
      return fetch(once ? target.replace(host(), `127.0.0.1:${port}`) : target, init);
    }) as typeof fetch;
    const r = await registerKey(client({ fetch: divert }), BODY, (l) => void logs.push(l));
    expect(r).toMatchObject({ created: true, key: { key_id: ARN } });
    expect(logs).toEqual([`registering key ${ARN} in project ${TENANT}: connection refused (${host()} refused the connection (ECONNREFUSED)); retry 1/5 in 1.0 s`]);
    expect(fake.apiRequests("POST")).toHaveLength(1);
    // One lookup before the first POST only: the retry did not need one.
    expect(fake.apiRequests("GET").map((q) => q.path)).toEqual(["/v1/customer-managed-keys"]);
  });

  test("a connection reset on a GET is retried (safe to resend)", async () => {
    fake.faults.push({ status: 0, reset: true, match: (m, p) => m === "GET" && p !== "/oauth/token" });
    const res = await client().request("GET", "/v1/customer-managed-keys", { idempotent: true, what: "listing" });
    expect(res.status).toBe(200);
    expect(logs).toEqual([`listing: connection lost (the connection to ${host()} was lost (UND_ERR_SOCKET)); retry 1/5 in 1.0 s`]);
    expect(fake.fired).toEqual(["reset on GET /v1/customer-managed-keys"]);
  });

  test("a connection reset after a POST was sent: not resent blindly; the registration is looked up, found, and not made twice", async () => {
    fake.faults.push({ status: 0, reset: true, afterEffect: true, match: (m, p) => m === "POST" && p !== "/oauth/token" });
    const r = await registerKey(client(), BODY, (l) => void logs.push(l));
    expect(r).toMatchObject({ created: true, key: { key_id: ARN } });
    expect(fake.apiRequests("POST")).toHaveLength(1);
    expect(fake.keys.size).toBe(1);
    expect(logs).toEqual([`the registration exists after a failed attempt: ${r.key.id}`]);
  });

  test("a connection reset before a POST took effect: looked up, not found, sent again after a backoff", async () => {
    fake.faults.push({ status: 0, reset: true, match: (m, p) => m === "POST" && p !== "/oauth/token" });
    const r = await registerKey(client(), BODY, (l) => void logs.push(l));
    expect(r.created).toBe(true);
    expect(fake.apiRequests("POST")).toHaveLength(2);
    expect(fake.keys.size).toBe(1);
    expect(logs).toEqual([
      `registering key ${ARN} in project ${TENANT}: connection lost (the connection to ${host()} was lost (UND_ERR_SOCKET)) after the request was sent; not sent again because it may have been processed; not registered yet, sending it again in 1.0 s`,
    ]);
    expect(sleeps).toEqual([1000]);
  });

  test("a server that never answers: each request ends at the request timeout, and the retries are bounded", async () => {
    const silent = await silentServer();
    try {
      const e = await client({ baseUrl: silent.url, requestTimeoutMs: 200, backoff: { baseMs: 1000, capMs: 1000, maxRetries: 1 } })
        .token()
        .catch((x) => x);
      const at = silent.url.slice("http://".length);
      expect(e).toBeInstanceOf(TransientError);
      expect(e.message).toBe(`getting an Aura API token: gave up after 2 attempts; last: connection timed out (${at} did not answer in 200 ms)`);
      expect(logs).toEqual([`getting an Aura API token: connection timed out (${at} did not answer in 200 ms); retry 1/1 in 1.0 s`]);
    } finally {
      await silent.close();
    }
  });

  test("a server that never answers until the deadline: the request ends at the deadline, and no retry is announced past it", async () => {
    const silent = await silentServer();
    try {
      const e = await client({ baseUrl: silent.url, deadline: clock + 300 })
        .token()
        .catch((x) => x);
      const at = silent.url.slice("http://".length);
      expect(e.message).toBe(`getting an Aura API token: gave up after 1 attempt(s); last: connection timed out (${at} did not answer in 300 ms); the next retry would be in 1.0 s, after the deadline (300 ms away)`);
      expect(logs).toEqual([]);
      expect(sleeps).toEqual([]);
    } finally {
      await silent.close();
    }
  });

  test("a POST that times out may have been processed: not resent blindly", async () => {
    const silent = await silentServer();
    try {
      // The token comes from the fake; the registration goes to the server that never answers.
      const toSilent = ((url: string | URL | Request, init?: RequestInit) => fetch(String(url).endsWith("/oauth/token") ? url : String(url).replace(host(), silent.url.slice("http://".length)), init)) as typeof fetch;
      const c = client({ fetch: toSilent, requestTimeoutMs: 200 });
      const e = await c.request("POST", "/v1/customer-managed-keys", { body: BODY, idempotent: false, what: "registering" }).catch((x) => x);
      expect(e).toBeInstanceOf(TransientError);
      expect(e.message).toBe(`registering: connection timed out (${host()} did not answer in 200 ms) after the request was sent; not sent again because it may have been processed`);
      expect(logs).toEqual([]);
    } finally {
      await silent.close();
    }
  });
});

describe("customer managed keys", () => {
  test("create, then pending -> ready", async () => {
    const c = client();
    const r = await registerKey(c, BODY);
    expect(r).toMatchObject({ created: true, key: { status: "pending", key_id: ARN, instance_type: "enterprise-db" } });
    expect(fake.apiRequests("POST")[0].body).toEqual(BODY);
    const ready = await awaitReady(c, r.key.id, 5000, (l) => void logs.push(l));
    expect(ready.status).toBe("ready");
    expect(logs).toEqual([`key ${r.key.id} is pending after 0 s; checking again in 5 s`]);
    expect(sleeps).toEqual([5000]);
  });

  test("a key already registered (same key id and project) is found, not duplicated; differences are reported", async () => {
    fake.addKey({ tenant_id: "other-project", key_id: ARN });
    const existing = fake.addKey({ tenant_id: TENANT, key_id: ARN, name: "made-in-console" });
    const r = await registerKey(client(), BODY);
    expect(r.created).toBe(false);
    expect(r.key.id).toBe(existing.id);
    expect(r.differences).toEqual(['name is "made-in-console", not "acme-us-east-1"']);
    expect(fake.apiRequests("POST")).toHaveLength(0);
    expect(fake.apiRequests("GET").map((q) => q.path)).toContain("/v1/customer-managed-keys");
  });

  // Aura documents no 409 for this endpoint; registerKey takes one as "already registered" (another pipeline
  // won the race between our lookup and our POST). The body follows Aura's documented error envelope.
  const CONFLICT = { status: 409, body: { errors: [{ message: "Customer managed key already exists" }] }, match: (m: string, p: string) => m === "POST" && p === "/v1/customer-managed-keys" };

  test("409 after another pipeline registered the key between our lookup and our POST: the lookup finds theirs; no second POST", async () => {
    let theirs = "";
    fake.events.push({ match: CONFLICT.match, nth: 1, run: (api) => void (theirs = api.addKey({ tenant_id: TENANT, key_id: ARN, name: "acme-us-east-1", status: "pending" }).id) });
    fake.faults.push(CONFLICT);
    const r = await registerKey(client(), BODY, (l) => void logs.push(l));
    expect(r).toEqual({ key: expect.objectContaining({ id: theirs, key_id: ARN, tenant_id: TENANT }), created: false, differences: [] });
    expect(logs).toEqual([`the registration exists after a conflict: ${theirs}`]);
    expect(fake.apiRequests("POST")).toHaveLength(1);
    expect(fake.keys.size).toBe(1);
    expect(sleeps).toEqual([]);
  });

  test("409 while the project holds no such registration (Aura's conflict is elsewhere): reported with Aura's words, never sent again", async () => {
    fake.faults.push(CONFLICT);
    const e = await registerKey(client(), BODY, (l) => void logs.push(l)).catch((x) => x);
    expect(e).toBeInstanceOf(AuraApiError);
    expect(e.status).toBe(409);
    expect(e.message).toContain(`registering key ${ARN} in project ${TENANT}: Aura API answered 409: Customer managed key already exists`);
    expect(fake.apiRequests("POST")).toHaveLength(1);
    expect(fake.keys.size).toBe(0);
    expect(logs).toEqual([]);
    expect(sleeps).toEqual([]);
  });

  test("a status that does not change on its own fails the wait with its meaning", async () => {
    await fake.close();
    fake = await FakeAuraApi.start({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, finalStatus: "error" });
    const c = client();
    const r = await registerKey(c, BODY);
    const e = await awaitReady(c, r.key.id, 10).catch((x) => x);
    expect(e.message).toBe(`customer managed key ${r.key.id} (${ARN}) has status "error": Aura could not use the key: check that the key exists, is enabled and grants Aura the access the console shows, then delete and register it again`);
  });

  test("a key still pending at the deadline: the message says so and what pending means", async () => {
    await fake.close();
    fake = await FakeAuraApi.start({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, pendingPolls: 1000 });
    const c = client({ deadline: clock + 3_000 });
    const r = await registerKey(c, BODY);
    const e = await awaitReady(c, r.key.id, 5_000).catch((x) => x);
    expect(e.message).toContain(`customer managed key ${r.key.id} (${ARN}) is still "pending"`);
    expect(e.message).toContain("the deadline has come (deadline passed): Aura has the key but cannot use it yet");
    expect(e.message).toContain("Next apply: it finds this registration (never a second one) and waits for it again");
  });

  test("delete while instances use the key is refused with Aura's reason; the registration stays", async () => {
    const k = fake.addKey({ tenant_id: TENANT, key_id: ARN, inUse: true });
    const e = await deregister(client(), { tenantId: TENANT, keyId: ARN }).catch((x) => x);
    expect(e).toBeInstanceOf(AuraApiError);
    expect(e.reasons).toEqual(["encryption-key-is-active"]);
    expect(e.message).toContain(`Aura refuses to remove customer managed key ${k.id} (${ARN}) while instances use it`);
    expect(e.message).toContain("The key is linked to an active instance. [reason encryption-key-is-active]");
    expect(e.message).toContain("the key in the cloud KMS is untouched");
    expect(fake.keys.has(k.id)).toBe(true);
    expect(fake.apiRequests("DELETE")).toHaveLength(1);
  });

  test("delete removes the registration; deleting again finds nothing to remove", async () => {
    const k = fake.addKey({ tenant_id: TENANT, key_id: ARN });
    expect(await deregister(client(), { tenantId: TENANT, keyId: ARN })).toMatchObject({ removed: { id: k.id } });
    expect(fake.keys.size).toBe(0);
    expect(await deregister(client(), { id: k.id })).toEqual({ absent: true });
    expect(await findRegistration(client(), TENANT, ARN)).toBeNull();
  });
});

import * as net from "node:net";
import { AuraApiClient } from "../../../runtime/aura-api/client";
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

beforeEach(async () => {
  fake = await FakeAuraApi.start({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  sleeps = [];
  logs = [];
});
afterEach(async () => fake.close());

/** A client whose waits are recorded instead of slept, so retries and polls cost no time. */
function client(over: Partial<ConstructorParameters<typeof AuraApiClient>[0]> = {}) {
  return new AuraApiClient({
    baseUrl: fake.url,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    deadline: Date.now() + 60_000,
    sleep: async (ms) => void sleeps.push(ms),
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
    expect(fake.apiRequests().every((r) => r.authorization === "bearer")).toBe(true);
  });

  test("a token is renewed once its lifetime (minus the margin) has passed on the client's clock", async () => {
    let now = Date.now();
    const c = client({ now: () => now, deadline: now + 10 * 3_600_000 });
    await c.token();
    now += 3600_000 - 61_000; // inside the lifetime, outside the 60 s margin: reused
    await c.token();
    expect(fake.tokenRequests).toBe(1);
    now += 2_000; // within the last minute: renewed
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
    expect(logs[0]).toBe(`getting an Aura API token: rate limited (429) by 127.0.0.1:${new URL(fake.url).port}; retry 1/5 in 7.0 s`);
  });

  test("429 with Retry-After as an HTTP-date is honoured too, and a POST is resent after a 429", async () => {
    const at = new Date(Date.now() + 20_000).toUTCString();
    fake.faults.push({ status: 429, headers: { "Retry-After": at }, match: (m, p) => m === "POST" && p !== "/oauth/token" });
    const r = await registerKey(client(), BODY);
    expect(r.created).toBe(true);
    expect(sleeps[0]).toBeGreaterThan(15_000);
    expect(sleeps[0]).toBeLessThanOrEqual(20_000);
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
    expect(e.message).toBe(`listing keys: gave up after 4 attempts; last: server error (500) from 127.0.0.1:${new URL(fake.url).port}: internal; X-Request-Id req-5`);
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
    const e = await client({ deadline: Date.now() + 5_000 })
      .request("GET", "/v1/customer-managed-keys", { idempotent: true, what: "listing" })
      .catch((x) => x);
    expect(e.message).toMatch(/^listing: gave up after 1 attempt\(s\); last: rate limited \(429\) by 127\.0\.0\.1:\d+; X-Request-Id req-\d; the next retry would be in 120\.0 s, after the deadline \([45] s away\)$/);
    expect(logs.filter((l) => l.includes("retry"))).toEqual([]);
    expect(sleeps).toEqual([]);
  });

  test("no network: the host is named, a name that does not resolve fails at once, a refused connection is retried (even a POST: nothing was sent)", async () => {
    const notFound = async (url: string | URL | Request) => {
      throw Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(`getaddrinfo ENOTFOUND ${new URL(String(url)).hostname}`), { code: "ENOTFOUND" }) });
    };
    const e = await client({ baseUrl: "https://api.neo4j.io", fetch: notFound as typeof fetch }).token().catch((x) => x);
    expect(e).toBeInstanceOf(AuraApiError);
    expect(e.message).toMatch(/^getting an Aura API token: name does not resolve: api\.neo4j\.io does not resolve \(ENOTFOUND from the system resolver \(getaddrinfo; .*\)\); not retried \(waiting does not help\)$/);
    expect(sleeps).toEqual([]);
    expect(logs).toEqual([]);

    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const refused = await client({ baseUrl: `http://127.0.0.1:${port}`, backoff: { baseMs: 10, capMs: 10, maxRetries: 2 } })
      .token()
      .catch((x) => x);
    expect(refused.message).toBe(`getting an Aura API token: gave up after 3 attempts; last: connection refused (127.0.0.1:${port} refused the connection (ECONNREFUSED))`);
    expect(logs).toEqual([
      `getting an Aura API token: connection refused (127.0.0.1:${port} refused the connection (ECONNREFUSED)); retry 1/2 in 0.0 s`,
      `getting an Aura API token: connection refused (127.0.0.1:${port} refused the connection (ECONNREFUSED)); retry 2/2 in 0.0 s`,
    ]);
  });

  test("plain http to a non-loopback host is refused before any request", () => {
    expect(() => client({ baseUrl: "http://api.neo4j.io" })).toThrow('Aura API base URL "http://api.neo4j.io" must use https://');
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
    const c = client({ deadline: Date.now() + 3_000 });
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

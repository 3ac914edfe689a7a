import { parseNeo4jAccess, type Neo4jAccessConfig, type Neo4jAccessInput } from "../../../domain/neo4j/access-model";
import { UserError } from "../../../runtime/cli/errors";
import { auraTierHint, classifyError, explainError, GQLSTATUS_EXPLANATIONS } from "../../../runtime/cypher/gqlstatus";
import { planChanges } from "../../../runtime/cypher/planner";
import { backoffMs, reconcile, ReconcileError, type ReconcileOptions } from "../../../runtime/cypher/reconciler";
import { secretResolver } from "../../../runtime/cypher/secrets";
import { BoltTestServer } from "../../support/bolt-server";
import { dbmsA as referenceDbmsA } from "../../support/dbms-a";
import { FakeSystemDb } from "../../support/fake-system-db";
import { TEST_SECRETS } from "../../support/test-secrets";

const ADMIN_PW = TEST_SECRETS.boltServerPassword;
const REMOTE_PW = TEST_SECRETS.remoteAliasPassword;

function dbmsA(url: string, over: Partial<Neo4jAccessInput> = {}): Neo4jAccessConfig {
  return parseNeo4jAccess({
    ...referenceDbmsA({ uri: url, user: "neo4j", password: { env: "T_NEO4J_PW" }, allowInsecureUrl: true }, { env: "T_REMOTE_PW" }, {
      carol: { homeDatabase: "db1-remote-alias" },
      alias: { driver: { connection_timeout: "5s", connection_pool_max_size: 10, ssl_enforced: true }, properties: { team: "graph", tier: 1 } },
    }),
    ...over,
  });
}

const env = { T_NEO4J_PW: ADMIN_PW, T_REMOTE_PW: REMOTE_PW };
let server: BoltTestServer;
let fake: FakeSystemDb;

async function start(latencyMs = 0) {
  fake = new FakeSystemDb({ users: [{ name: "neo4j", roles: ["admin", "PUBLIC"], home: null }, { name: "carol", roles: ["PUBLIC"], home: null }] });
  server = await BoltTestServer.start({ handler: fake.handler, hooks: fake.hooks, latencyMs });
}
afterEach(async () => server?.close());

const run = (mode: ReconcileOptions["mode"], state: Neo4jAccessConfig, over: Partial<ReconcileOptions> = {}) =>
  reconcile({ mode, state, env, resolveSecret: secretResolver({ env }), timeoutMs: 10_000, ...over });

const writes = () => server.statements.filter((s) => !s.query.startsWith("SHOW"));

describe("reconcile against the Bolt test server", () => {
  test("apply runs every statement in one transaction on system, with values as parameters; a second run plans nothing", async () => {
    await start();
    const state = dbmsA(server.url());
    const r = await run("apply", state);
    expect(r.applied).toBe(true);
    expect(r.remaining).toEqual([]);
    expect(r.statements.map((s) => s.query)).toEqual([
      "CREATE ROLE `remote_access` IF NOT EXISTS",
      "CREATE ALIAS `db1-remote-alias` FOR DATABASE `db1` AT $url USER $user PASSWORD $password DRIVER $driver PROPERTIES $properties",
      "GRANT ACCESS ON DATABASE `db1-remote-alias` TO `remote_access`",
      "GRANT ROLE `remote_access` TO `carol`",
      "ALTER USER `carol` SET HOME DATABASE `db1-remote-alias`",
    ]);
    const w = writes();
    expect(new Set(w.map((s) => s.txId)).size).toBe(1);
    expect(w.map((s) => [s.db, s.txId !== null])).toEqual(Array(5).fill(["system", true]));
    expect(w[1].parameters).toMatchObject({ url: "neo4j+s://location:7687", user: "remote_user", password: REMOTE_PW });
    // The password travelled only as a parameter value.
    expect(w.some((s) => s.query.includes(REMOTE_PW))).toBe(false);
    expect(fake.alias("db1-remote-alias")).toMatchObject({ location: "remote", user: "remote_user", password: REMOTE_PW, properties: { team: "graph", tier: 1 } });
    expect(fake.user("carol")).toEqual({ name: "carol", roles: ["PUBLIC", "remote_access"], home: "db1-remote-alias" });
    // The read, the change, the read after it (a read commits an empty transaction); nothing rolled back.
    expect([fake.commits, fake.rollbacks]).toEqual([3, 0]);

    const before = writes().length;
    const again = await run("apply", state, { previous: state });
    expect(again.statements).toEqual([]);
    expect(again.applied).toBe(false);
    expect(writes().length).toBe(before);
  });

  test("plan changes nothing on the server", async () => {
    await start();
    const r = await run("plan", dbmsA(server.url()));
    expect(r.statements).toHaveLength(5);
    expect(writes()).toEqual([]);
  });

  test("a change with the previous state removes what was dropped; destroy removes the rest and leaves foreign items", async () => {
    await start();
    fake.state.roles.push("foreign_role");
    const v1 = dbmsA(server.url());
    await run("apply", v1);
    const v2 = dbmsA(server.url(), { remoteAliases: [], users: [{ name: "carol", roles: ["remote_access"] }], roles: [{ name: "remote_access", privileges: [{ privilege: "MATCH", graph: "db1" }] }] });
    const r = await run("apply", v2, { previous: v1 });
    expect(r.statements.map((s) => s.query)).toEqual([
      "DROP ALIAS `db1-remote-alias` IF EXISTS FOR DATABASE",
      "ALTER USER `carol` REMOVE HOME DATABASE",
      // No REVOKE: dropping the alias dropped the privilege granted on it (Operations Manual).
      "GRANT MATCH {*} ON GRAPH `db1` NODE * TO `remote_access`",
      "GRANT MATCH {*} ON GRAPH `db1` RELATIONSHIP * TO `remote_access`",
    ]);
    const d = await run("destroy", v2);
    expect(d.statements.map((s) => s.query)).toEqual(["DROP ROLE `remote_access` IF EXISTS"]);
    expect(fake.state.roles).toContain("foreign_role");
    expect(fake.state.roles).not.toContain("remote_access");
    expect(fake.user("carol")!.roles).toEqual(["PUBLIC"]);
    expect((await run("destroy", v2)).statements).toEqual([]);
  });

  test("a failing statement rolls the whole transaction back and is explained in plain words", async () => {
    await start();
    server.failNext({ kind: "failure", match: /^GRANT ROLE/, failure: { code: "Neo.ClientError.General.InvalidArguments", message: "User 'carol' does not exist.", gqlStatus: "42N09" } });
    const err = await run("apply", dbmsA(server.url())).catch((e) => e);
    expect(err).toBeInstanceOf(ReconcileError);
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toContain("statement 4 of 5 failed, the transaction was rolled back and nothing was changed");
    expect(err.message).toContain("GRANT ROLE `remote_access` TO `carol`");
    expect(err.message).toContain("no such user");
    expect(err.message).toContain("GQLSTATUS 42N09");
    // The read, the change (rolled back), the second read that plans the same again and so stops.
    expect([fake.commits, fake.rollbacks]).toEqual([2, 1]);
    expect(fake.state.roles).not.toContain("remote_access");
    expect(fake.alias("db1-remote-alias")).toBeUndefined();
  });

  test("transient failures are retried with backoff until they pass", async () => {
    await start();
    server.failNext({ kind: "transient", times: 2 });
    const logs: string[] = [];
    const r = await run("apply", dbmsA(server.url()), { log: (l) => logs.push(l) });
    expect(r.attempts).toBe(3);
    expect(r.applied).toBe(true);
    // One line per attempt, the cause said once.
    expect(logs.filter((l) => l.startsWith("attempt "))).toEqual([
      "attempt 1: transient server error: 127.0.0.1:" + server.port + " answered Neo.TransientError.General.DatabaseUnavailable; retrying in 200 ms",
      "attempt 2: transient server error again; retrying in 400 ms",
    ]);
    expect(fake.state.roles).toContain("remote_access");
  });

  test("a connection dropped mid-transaction loses nothing: the server rolls back, the retry re-reads and applies", async () => {
    await start();
    // 4 SHOW queries in the read transaction, then 2 statements of the apply before the connection drops.
    server.failNext({ kind: "drop", afterRuns: 6 });
    const r = await run("apply", dbmsA(server.url()));
    expect(r.attempts).toBe(2);
    // Read, change (dropped: rolled back), read again, the change, the read after it.
    expect([fake.commits, fake.rollbacks]).toEqual([4, 1]);
    expect(fake.state.roles).toContain("remote_access");
    expect((await run("plan", dbmsA(server.url()))).statements).toEqual([]);
  });

  test("authentication failures are never retried", async () => {
    await start();
    server.failNext({ kind: "auth" });
    const sleeps: number[] = [];
    const err = await run("apply", dbmsA(server.url()), { sleep: async (ms) => void sleeps.push(ms) }).catch((e) => e);
    expect(err).toBeInstanceOf(ReconcileError);
    expect(err.message).toMatch(/cannot log in to bolt:\/\/127\.0\.0\.1:\d+ as neo4j: .*not retried/);
    expect(sleeps).toEqual([]);
    expect(server.connections.length).toBe(1);
  });

  test("gives up at the timeout with the reason: the backoff (200, 400, 800 ms) is measured on the run's clock", async () => {
    await start();
    server.failNext({ kind: "transient", times: 1000 });
    // A virtual clock that only the waits move: at 1400 ms the next wait (1600 ms) would pass the 1.5 s deadline.
    let clock = 1_000_000;
    const sleeps: number[] = [];
    const err = await run("apply", dbmsA(server.url()), { timeoutMs: 1500, now: () => clock, sleep: async (ms) => void (sleeps.push(ms), (clock += ms)) }).catch((e) => e);
    expect(sleeps).toEqual([200, 400, 800]);
    expect(err).toBeInstanceOf(ReconcileError);
    expect(err.message).toMatch(/^gave up after 4 attempt\(s\) in 1 s \(timeout 1\.5 s\): /);
  });

  test("a server that stops answering mid-run is bounded by the timeout, and nothing is committed", async () => {
    await start();
    server.failNext({ kind: "hang" });
    // The run's clock stands still, so the whole 1 s is left (the least the reconciler allows) when the statement is sent (the wait itself is real).
    const err = await run("apply", dbmsA(server.url()), { timeoutMs: 1000, now: () => 1_000_000 }).catch((e) => e);
    expect(err).toBeInstanceOf(ReconcileError);
    expect(err.message).toMatch(/^bolt:\/\/127\.0\.0\.1:\d+ stopped answering and the 1 s left of the timeout ran out/);
    expect(fake.commits).toBe(0);
  });

  test("missing password environment variable is a user error naming it", async () => {
    await start();
    const err = await run("apply", dbmsA(server.url()), { env: {}, resolveSecret: secretResolver({ env: {} }) }).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toBe("environment variable T_NEO4J_PW is not set (it must hold a password at apply time)");
  });

  // Structural proof of pipelining (RUNs arrive in few socket reads); the timing itself is measured in
  // bench/cypher-apply.bench.ts, never asserted here (timed assertions flake on a loaded machine).
  test("pipelined: 300 statements with 20 ms latency per response batch arrive in a few batches", async () => {
    await start(20);
    const roles = Array.from({ length: 150 }, (_, i) => ({ name: `role_${i}`, privileges: [{ privilege: "ACCESS" as const, database: "db1" }] }));
    const state = dbmsA(server.url(), { roles, users: [], remoteAliases: [] });
    const r = await run("apply", state);
    expect(r.statements).toHaveLength(300);
    const runBatches = new Set(server.messages.filter((m) => m.type === "RUN").map((m) => m.batch));
    expect(runBatches.size).toBeLessThan(60);
  });
});

describe("error classification and explanations", () => {
  test.each<[string, object, string]>([
    ["auth", { code: "Neo.ClientError.Security.Unauthorized" }, "auth"],
    ["rate limit", { code: "Neo.ClientError.Security.AuthenticationRateLimit" }, "auth"],
    ["unavailable", { code: "ServiceUnavailable" }, "transient"],
    ["session expired", { code: "SessionExpired" }, "transient"],
    ["transient", { code: "Neo.TransientError.General.DatabaseUnavailable" }, "transient"],
    ["retriable flag", { code: "Neo.ClientError.Cluster.NotALeader", retriable: true }, "transient"],
    ["syntax", { code: "Neo.ClientError.Statement.SyntaxError" }, "fatal"],
    ["plain error", new Error("x"), "fatal"],
  ])("classifyError: %s", (_n, e, cls) => expect(classifyError(e)).toBe(cls));

  test.each(Object.keys(GQLSTATUS_EXPLANATIONS))("explains %s in plain words", (code) => {
    const text = explainError({ code: "Neo.ClientError.X", gqlStatus: code, message: "srv" });
    expect(text).toBe(`${GQLSTATUS_EXPLANATIONS[code]} [GQLSTATUS ${code}, Neo.ClientError.X] (server said: srv)`);
  });

  test.each<[string, object, string]>([
    [
      "a failed login on a current server (42NFF with the legacy auth code): the wrong password, not a missing privilege",
      { code: "Neo.ClientError.Security.Unauthorized", gqlStatus: "42NFF", message: "The client is unauthorized due to authentication failure." },
      "authentication failed: wrong user name or password for the connection (check connection.user and connection.password) [GQLSTATUS 42NFF, Neo.ClientError.Security.Unauthorized] (server said: The client is unauthorized due to authentication failure.)",
    ],
    [
      "a failed login on an older server (legacy code only)",
      { code: "Neo.ClientError.Security.Unauthorized", message: "The client is unauthorized due to authentication failure." },
      "authentication failed: wrong user name or password for the connection (check connection.user and connection.password) [Neo.ClientError.Security.Unauthorized] (server said: The client is unauthorized due to authentication failure.)",
    ],
    [
      "logins rate-limited (42NFF with the legacy rate-limit code): the rate limit, not a missing privilege",
      { code: "Neo.ClientError.Security.AuthenticationRateLimit", gqlStatus: "42NFF", message: "Too many failed authentication requests." },
      "too many failed logins: the server is rate-limiting this user; wait before retrying [GQLSTATUS 42NFF, Neo.ClientError.Security.AuthenticationRateLimit] (server said: Too many failed authentication requests.)",
    ],
    [
      "a privilege missing (42NFF with Forbidden): the GQLSTATUS text",
      { code: "Neo.ClientError.Security.Forbidden", gqlStatus: "42NFF", message: "Permission denied." },
      `${GQLSTATUS_EXPLANATIONS["42NFF"]} [GQLSTATUS 42NFF, Neo.ClientError.Security.Forbidden] (server said: Permission denied.)`,
    ],
  ])("explainError: %s", (_n, e, text) => expect(explainError(e)).toBe(text));

  test("finds the specific status in the cause chain", () => {
    expect(explainError({ code: "C", gqlStatus: "50N42", message: "m", cause: { gqlStatus: "42N87" } })).toContain("name conflict");
    expect(explainError({ code: "C", gqlStatus: "50N42", message: "m", cause: { gqlStatus: "42N87" } })).toContain("GQLSTATUS 42N87");
  });

  /** The status descriptions of https://neo4j.com/docs/status-codes/current/errors/gql-errors/<code> (2026-12-02). */
  const DOCUMENTED: Record<string, string> = {
    "42NFF": "permission/access denied",
    "42N09": "no such user",
    "42N10": "no such role",
    "42N87": "database or alias with similar name exists",
    "42N89": "invalid driver settings map",
    "22N91": "cannot convert alias local to remote or remote to local",
    "25N01": "invalid combination of statement types",
    "42N51": "invalid parameter",
    "42N17": "unsupported request",
  };
  test("every explained code is one the documentation describes", () => expect(Object.keys(GQLSTATUS_EXPLANATIONS).sort()).toEqual(Object.keys(DOCUMENTED).sort()));
  test.each(Object.entries(DOCUMENTED))("%s starts with the documented description %s", (code, words) => expect(GQLSTATUS_EXPLANATIONS[code].startsWith(words)).toBe(true));

  test("an Aura instance refusing a role command gets the tier hint; other hosts and statements do not", () => {
    expect(auraTierHint("neo4j+s://abcd1234.databases.neo4j.io", "CREATE ROLE `r` IF NOT EXISTS")).toContain("AuraDB Business Critical and Virtual Dedicated Cloud");
    expect(auraTierHint("neo4j+s://abcd1234.databases.neo4j.io:7687", "DENY READ {*} ON GRAPH * NODE * TO `r`")).toContain("not on Free or Professional");
    expect(auraTierHint("neo4j+s://db.example.com", "CREATE ROLE `r` IF NOT EXISTS")).toBeNull();
    expect(auraTierHint("neo4j+s://abcd1234.databases.neo4j.io", "GRANT ROLE `reader` TO `carol`")).toContain("AuraDB");
    expect(auraTierHint("neo4j+s://abcd1234.databases.neo4j.io", "ALTER USER `carol` SET HOME DATABASE `x`")).toBeNull();
  });

  test("remote aliases, composite databases and immutable privileges are not on Aura: a failing statement of those kinds says so", () => {
    const aura = "neo4j+s://abcd1234.databases.neo4j.io";
    const cfg = parseNeo4jAccess({
      connection: { uri: aura, user: "u", password: { env: "P" } },
      remoteAliases: [{ name: "r1", target: "db1", url: "neo4j+s://h", credentials: { type: "oidc" } }],
      localAliases: [{ name: "flowers", composite: "garden", target: "db1" }],
    });
    const plan = planChanges(cfg, { server: { agent: "Neo4j/2026.06.0" }, roles: [], privileges: [], users: [], aliases: [], compositeDatabases: ["garden"] });
    expect(plan.map((st) => [st.query, auraTierHint(aura, st)])).toEqual([
      ["CYPHER 25 CREATE ALIAS `garden.flowers` FOR DATABASE `db1`", expect.stringMatching(/^aliases in composite databases are not available on Aura \(the Operations Manual marks them not-on-aura\)/)],
      ["CYPHER 25 CREATE ALIAS `r1` FOR DATABASE `db1` AT $url OIDC CREDENTIAL FORWARDING", expect.stringMatching(/^remote database aliases are not available on Aura/)],
    ]);
    expect(auraTierHint(aura, "REVOKE IMMUTABLE GRANT ACCESS ON DATABASE `a` FROM `r`")).toMatch(/^immutable privileges are not available on Aura/);
    // Cypher 25 privilege statements get the tier hint like the others; a self-managed host gets none.
    expect(auraTierHint(aura, { query: "CYPHER 25 GRANT SHOW AUTH RULE ON DBMS TO `r`" })).toContain("AuraDB Business Critical");
    expect(auraTierHint("neo4j+s://dbms-a.example.com", plan[1])).toBeNull();
  });

  test("backoff doubles from 200 ms up to 5 s", () => expect([1, 2, 3, 4, 5, 6, 9].map(backoffMs)).toEqual([200, 400, 800, 1600, 3200, 5000, 5000]));
});

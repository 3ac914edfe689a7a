/**
 * The reconciler's edges: how often a run plans again (a refused statement, a server changed under a commit),
 * a commit whose answer was lost then found applied, the deadline and the backoff at their boundary, the
 * least time an attempt gets, the phase a stopped server is reported in, environment variables that are not
 * set, the name check before connecting, what `observe` reads, and the driver-value conversions.
 * Against the Bolt test server and the fake system database; clocks and waits are injected, never waited for.
 */
import * as net from "node:net";
import neo4j from "neo4j-driver";
import { parseNeo4jAccess, type Neo4jAccessConfig, type Neo4jAccessInput } from "../../../domain/neo4j/access-model";
import { UserError } from "../../../runtime/cli/errors";
import { classifyAttempt, materialize, MAX_REPLANS, observe, readObserved, reconcile, ReconcileError, reconcileSteps, toPlain, type ReconcileOptions } from "../../../runtime/cypher/reconciler";
import { secretResolver } from "../../../runtime/cypher/secrets";
import { BoltTestServer, CLUSTER_FAILURES } from "../../support/bolt-server";
import { dbmsA } from "../../support/dbms-a";
import { FakeSystemDb, type FakeState } from "../../support/fake-system-db";
import { TEST_SECRETS } from "../../support/test-secrets";

const ADMIN_PW = TEST_SECRETS.boltServerPassword;
const REMOTE_PW = TEST_SECRETS.remoteAliasPassword;
const env = { T_NEO4J_PW: ADMIN_PW, T_REMOTE_PW: REMOTE_PW };
const connection = (uri: string) => ({ uri, user: "neo4j", password: { env: "T_NEO4J_PW" }, allowInsecureUrl: true });
const stateA = (uri: string, over: Partial<Neo4jAccessInput> = {}): Neo4jAccessConfig =>
  parseNeo4jAccess({ ...dbmsA(connection(uri), { env: "T_REMOTE_PW" }), ...over });
/** Roles without privileges, and carol in the first. */
const rolesState = (uri: string, roles: string[], carol: string[] = []): Neo4jAccessConfig =>
  parseNeo4jAccess({ connection: connection(uri), roles: roles.map((name) => ({ name })), users: carol.length ? [{ name: "carol", roles: carol }] : [] });

const A_QUERIES = [
  "CREATE ROLE `remote_access` IF NOT EXISTS",
  "CREATE ALIAS `db1-remote-alias` FOR DATABASE `db1` AT $url USER $user PASSWORD $password",
  "GRANT ACCESS ON DATABASE `db1-remote-alias` TO `remote_access`",
  "GRANT ROLE `remote_access` TO `carol`",
];
const NO_SUCH_USER = { code: "Neo.ClientError.General.InvalidArguments", message: "User 'carol' does not exist.", gqlStatus: "42N09" };
const T0 = 1_000_000;

let server: BoltTestServer;
let fake: FakeSystemDb;
let logs: string[];
async function start(initial: Partial<FakeState> = {}, agent?: string) {
  fake = new FakeSystemDb({ users: [{ name: "neo4j", roles: ["admin"], home: null }, { name: "carol", roles: ["PUBLIC"], home: null }], ...initial }, { agent });
  server = await BoltTestServer.start({ handler: fake.handler, hooks: fake.hooks, serverAgent: agent });
  logs = [];
}
afterEach(async () => server?.close());

const run = (s: Neo4jAccessConfig, over: Partial<ReconcileOptions> = {}) =>
  reconcile({ mode: "apply", state: s, env, resolveSecret: secretResolver({ env }), timeoutMs: 10_000, log: (l) => void logs.push(l), sleep: async () => undefined, now: () => T0, ...over });
const sent = (q: RegExp) => server.statements.filter((s) => q.test(s.query)).length;
/** A fault that runs `fn` just before the `nth` BEGIN from now (counted when this is called). */
const beforeBegin = (nth: number, fn: () => void) => server.inject({ on: "BEGIN", nth, action: { do: "before", run: fn } });
const closedPort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
const notFound = (calls: string[]) => async (host: string) => {
  calls.push(host);
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND", syscall: "getaddrinfo", hostname: host });
};

describe("ReconcileError", () => {
  test("is named ReconcileError and is a user error", () => {
    const e = new ReconcileError("m", undefined, "deadline");
    expect([e.name, e.message, e.failureClass, e instanceof UserError]).toEqual(["ReconcileError", "m", "deadline", true]);
  });
});

describe("classifyAttempt: a failure after COMMIT was sent may have committed", () => {
  const lost = Object.assign(new Error("Connection was closed by server"), { code: "ServiceUnavailable" });
  const timedOut = Object.assign(new Error("connect ETIMEDOUT"), { code: "ETIMEDOUT" });
  const odd = new Error("something odd");
  const leader = { ...CLUSTER_FAILURES.notALeader };
  const transient = { code: "Neo.TransientError.General.DatabaseUnavailable", message: "unavailable" };
  const auth = { code: "Neo.ClientError.Security.Unauthorized", message: "no" };
  const MAYBE = ", after COMMIT was sent: the change may or may not be committed";
  test.each<[string, unknown, "write" | "commit-sent" | "verify", string, boolean, string]>([
    ["lost after COMMIT", lost, "commit-sent", "connection-lost-after-commit", true, `the connection to h:7687 was lost (ServiceUnavailable)${MAYBE}`],
    ["timed out after COMMIT", timedOut, "commit-sent", "connection-lost-after-commit", true, `h:7687 did not answer in time (ETIMEDOUT)${MAYBE}`],
    ["an unknown error after COMMIT", odd, "commit-sent", "connection-lost-after-commit", true, `something odd${MAYBE}`],
    ["not a leader on COMMIT: rolled back, not maybe", leader, "commit-sent", "not-a-leader", true, "h:7687 is not the cluster leader any more (leadership moved; Neo.ClientError.Cluster.NotALeader)"],
    ["a transient error on COMMIT", transient, "commit-sent", "transient", true, "h:7687 answered Neo.TransientError.General.DatabaseUnavailable"],
    ["authentication on COMMIT", auth, "commit-sent", "authentication", false, "h:7687 refused the login (Neo.ClientError.Security.Unauthorized)"],
    ["lost before COMMIT", lost, "write", "connection-lost", true, "the connection to h:7687 was lost (ServiceUnavailable)"],
    ["timed out while checking after the commit", timedOut, "verify", "timeout", true, "h:7687 did not answer in time (ETIMEDOUT)"],
    ["an unknown error while checking", odd, "verify", "other", false, "something odd"],
  ])("%s", (_n, e, phase, cls, transientFlag, cause) => expect(classifyAttempt(e, phase, "h:7687")).toEqual({ cls, transient: transientFlag, cause }));
});

describe("planning again: at most MAX_REPLANS (3) times", () => {
  test("the limit is 3", () => expect(MAX_REPLANS).toBe(3));

  test("a statement refused after every read, each read planning differently: 4 attempts, 3 re-reads, then the refusal stands", async () => {
    await start();
    server.failNext({ kind: "failure", match: /^GRANT ROLE/, times: 100, failure: NO_SUCH_USER });
    // Before each new read an administrator creates one more of the declared roles, so every plan differs.
    const creates = (k: number) => () => {
      fake.state.roles.push(`r${k}`);
      // Attempt k: BEGIN of its read, then BEGIN of its write (refused); the next read is the second BEGIN from here.
      if (k < 6) beforeBegin(2, creates(k + 1));
    };
    beforeBegin(3, creates(2));
    const e = await run(rolesState(server.url(), ["r1", "r2", "r3", "r4", "r5", "r6"], ["r1"])).catch((x) => x);
    expect(e).toBeInstanceOf(ReconcileError);
    expect(e.failureClass).toBeUndefined();
    // Attempt 4 planned CREATE r1, r5, r6 and the GRANT ROLE.
    expect(e.message.split("\n")[0]).toBe("statement 4 of 4 failed, the transaction was rolled back and nothing was changed:");
    expect(sent(/^SHOW ROLES$/)).toBe(4);
    expect(sent(/^GRANT ROLE/)).toBe(4);
    const again = logs.filter((l) => l.endsWith("; rolled back; reading the server again in case it changed since it was read"));
    expect(again.map((l) => l.slice(0, l.indexOf(" was refused: ")))).toEqual([
      "attempt 1: statement 7 of 7 (GRANT ROLE `r1` TO `carol`)",
      "attempt 2: statement 6 of 6 (GRANT ROLE `r1` TO `carol`)",
      "attempt 3: statement 5 of 5 (GRANT ROLE `r1` TO `carol`)",
    ]);
    expect([fake.commits, fake.rollbacks]).toEqual([4, 4]);
  });

  test("a server changed after every commit: applied 4 times, then the run ends with what still differs", async () => {
    await start();
    // Attempt k: BEGIN of its read, of its write, of the check after the commit. Before each check an
    // administrator drops both roles again; four times, so a fifth attempt would find nothing changed.
    const drops = (left: number) => () => {
      fake.state.roles = fake.state.roles.filter((r) => r !== "r1" && r !== "r2");
      if (left > 1) beforeBegin(3, drops(left - 1));
    };
    beforeBegin(3, drops(4));
    const r = await run(rolesState(server.url(), ["r1", "r2"]));
    const create = ["CREATE ROLE `r1` IF NOT EXISTS", "CREATE ROLE `r2` IF NOT EXISTS"];
    expect({ ...r, statements: r.statements.map((s) => s.query), remaining: r.remaining.map((s) => s.query) }).toEqual({
      mode: "apply",
      statements: [...create, ...create, ...create, ...create],
      applied: true,
      attempts: 4,
      remaining: create,
      elapsedMs: 0,
    });
    const still = "after applying, the server still differs from the desired state in 2 statement(s): CREATE ROLE `r1` IF NOT EXISTS; CREATE ROLE `r2` IF NOT EXISTS";
    expect(logs).toEqual([
      "applying 2 statement(s) in one transaction",
      still,
      "attempt 1: the server changed while this change was applied (2 statement(s) still differ): applying again",
      "applying 2 statement(s) in one transaction",
      still,
      "attempt 2: the server changed while this change was applied (2 statement(s) still differ): applying again",
      "applying 2 statement(s) in one transaction",
      still,
      "attempt 3: the server changed while this change was applied (2 statement(s) still differ): applying again",
      "applying 2 statement(s) in one transaction",
      still,
    ]);
  });

  test("changed after the commit, then changed back before the next read: the run reports the change it made", async () => {
    await start();
    // Before the check after the commit (the third BEGIN) r1 is dropped; before the next read it is back.
    beforeBegin(3, () => {
      fake.state.roles = fake.state.roles.filter((x) => x !== "r1");
      beforeBegin(1, () => void fake.state.roles.push("r1"));
    });
    const r = await run(rolesState(server.url(), ["r1"]));
    expect({ ...r, statements: r.statements.map((s) => s.query) }).toEqual({ mode: "apply", statements: ["CREATE ROLE `r1` IF NOT EXISTS"], applied: true, attempts: 2, remaining: [], elapsedMs: 0 });
  });

  test("a clean apply logs one line and checks nothing more", async () => {
    await start();
    const r = await run(rolesState(server.url(), ["r1"]));
    expect([r.attempts, r.remaining]).toEqual([1, []]);
    expect(logs).toEqual(["applying 1 statement(s) in one transaction"]);
  });
});

describe("a commit whose answer was lost", () => {
  test("found applied by the next read: the run reports the statements of the lost commit, applied, in 2 attempts", async () => {
    await start();
    // COMMIT 1 ends the read transaction, COMMIT 2 the write transaction: committed, its answer never sent.
    server.inject({ on: "COMMIT", nth: 2, action: { do: "drop-after" } });
    const r = await run(stateA(server.url()));
    expect({ ...r, statements: r.statements.map((s) => s.query) }).toEqual({ mode: "apply", statements: A_QUERIES, applied: true, attempts: 2, remaining: [], elapsedMs: 0 });
    expect(logs[logs.length - 1]).toBe("the change of attempt 1 had been committed: nothing was left to apply");
  });

  test("a transient failure while reading is no lost commit: a server that already holds everything reports nothing applied", async () => {
    await start();
    await run(stateA(server.url()));
    logs = [];
    server.failNext({ kind: "transient", times: 1 });
    const r = await run(stateA(server.url()), { previous: stateA(server.url()) });
    expect({ ...r, statements: r.statements.map((s) => s.query) }).toEqual({ mode: "apply", statements: [], applied: false, attempts: 2, remaining: [], elapsedMs: 0 });
    expect(logs.some((l) => l.includes("had been committed"))).toBe(false);
  });

  test("a failure on COMMIT that says the transaction was rolled back (not a leader) is no lost commit", async () => {
    await start();
    server.inject({ on: "COMMIT", nth: 2, action: { do: "fail", failure: CLUSTER_FAILURES.notALeader } });
    const r = await run(stateA(server.url()));
    expect([r.attempts, r.applied, r.statements.map((s) => s.query)]).toEqual([2, true, A_QUERIES]);
    expect(logs[1]).toMatch(/^attempt 1: not a leader: 127\.0\.0\.1:\d+ is not the cluster leader any more \(leadership moved; Neo\.ClientError\.Cluster\.NotALeader\); retrying in 200 ms$/);
  });
});

describe("the deadline and the backoff", () => {
  // The clock moves only by the waits: 200 + 400 ms; the third wait (800 ms) ends at 1.4 s.
  test.each<[number, number, number[], string]>([
    [1399, 3, [200, 400], "1.399"],
    [1400, 3, [200, 400], "1.4"],
    [1401, 4, [200, 400, 800], "1.401"],
  ])("timeout %d ms: gives up after %d attempts, having waited %j", async (timeoutMs, attempts, waits, seconds) => {
    await start();
    server.failNext({ kind: "transient", times: 1000 });
    let clock = T0;
    const sleeps: number[] = [];
    const e = await run(stateA(server.url()), { timeoutMs, now: () => clock, sleep: async (ms) => void (sleeps.push(ms), (clock += ms)) }).catch((x) => x);
    expect(sleeps).toEqual(waits);
    expect(e).toBeInstanceOf(ReconcileError);
    expect(e.failureClass).toBe("transient");
    expect(e.message).toBe(
      `gave up after ${attempts} attempt(s) in 1 s (timeout ${seconds} s): transient server error: 127.0.0.1:${server.port} answered Neo.TransientError.General.DatabaseUnavailable. Next apply: the server rolled the transaction back, so nothing was changed; the next apply makes the whole change`,
    );
  });

  test("an attempt gets at least 1 s even when the clock says the deadline has passed", async () => {
    await start();
    // The first reading starts the run; every later one is 10 s on, 9 s past the 1 s deadline.
    let calls = 0;
    const now = () => (calls++ === 0 ? T0 : T0 + 10_000);
    const r = await run(rolesState(server.url(), ["r1"]), { timeoutMs: 1000, now });
    expect([r.applied, r.attempts, r.elapsedMs]).toEqual([true, 1, 10_000]);
    expect(fake.state.roles).toContain("r1");
  });

  test.each<[string, number, number, string]>([
    // One step with 5 s: waits 200, 400, 800, 1600 ms; the fifth (3.2 s) would pass the deadline.
    ["one step gets the whole timeout", 5000, 0, "gave up after 5 attempt(s) in 3 s (timeout 5 s)"],
    // A step after 1.4 s of a 1.5 s run still gets 1 s: waits 200, 400 ms; the third (800 ms) would pass it.
    ["a later step gets at least 1 s", 1500, 3, "gave up after 3 attempt(s) in 1 s (timeout 1 s)"],
  ])("reconcileSteps: %s", async (_n, timeoutMs, firstStepFailures, expected) => {
    await start();
    let clock = T0;
    const opts = { env, resolveSecret: secretResolver({ env }), timeoutMs, log: (l: string) => void logs.push(l), now: () => clock, sleep: async (ms: number) => void (clock += ms) };
    const planStep = { mode: "plan" as const, state: rolesState(server.url(), ["r1"]), previous: null };
    const applyStep = { mode: "apply" as const, state: rolesState(server.url(), ["r1"]), previous: null };
    if (firstStepFailures) {
      // The plan step fails 3 times (200 + 400 + 800 ms) and then reads; from its read's COMMIT on, every RUN fails.
      server.failNext({ kind: "transient", times: firstStepFailures });
      server.inject({ on: "COMMIT", nth: 1, action: { do: "before", run: () => server.failNext({ kind: "transient", times: 1000 }) } });
    } else server.failNext({ kind: "transient", times: 1000 });
    const e = await reconcileSteps(firstStepFailures ? [planStep, applyStep] : [applyStep], opts).catch((x) => x);
    expect(e).toBeInstanceOf(ReconcileError);
    expect(e.message.slice(0, expected.length)).toBe(expected);
  });
});

describe("a server that stops answering: the phase says what it means", () => {
  const DEADLINE_NEXT = "an open transaction is rolled back by the server; the next apply reads the server again and makes whatever is missing (raise the timeout if the server is slow)";
  const COMMIT_NEXT = "the change may already be committed; the next apply reads the server again and applies only what is still missing, nothing twice";
  test.each<[string, string, () => void, string, string]>([
    ["on HELLO", "while connecting; nothing was sent", () => server.inject({ on: "HELLO", action: { do: "stall" } }), "deadline", DEADLINE_NEXT],
    ["on the first SHOW", "while reading the current state; nothing was changed", () => server.failNext({ kind: "hang" }), "deadline", DEADLINE_NEXT],
    ["on a change", "in the middle of the transaction; the server rolls it back, nothing was changed", () => server.inject({ on: "RUN", match: /^CREATE ROLE/, action: { do: "stall" } }), "deadline", DEADLINE_NEXT],
    ["on the write's COMMIT", "after COMMIT was sent: the change may or may not be committed", () => server.inject({ on: "COMMIT", nth: 2, action: { do: "stall" } }), "connection-lost-after-commit", COMMIT_NEXT],
    ["on the check after the commit", "after the commit, while checking the result", () => server.inject({ on: "BEGIN", nth: 3, action: { do: "stall" } }), "deadline", DEADLINE_NEXT],
  ])("stalled %s: ran out %s", async (_n, where, fault, cls, next) => {
    await start();
    fault();
    // The run's clock stands still: the whole 1 s (the least an attempt gets) is left when the server stops.
    const e = await run(rolesState(server.url(), ["r1"]), { timeoutMs: 1000 }).catch((x) => x);
    expect(e).toBeInstanceOf(ReconcileError);
    expect(e.failureClass).toBe(cls);
    expect(e.message).toBe(`bolt://127.0.0.1:${server.port} stopped answering and the 1 s left of the timeout ran out ${where} (deadline passed). Next apply: ${next}`);
  });
});

describe("settings: environment variables, the name check, the driver", () => {
  test.each<[string, Neo4jAccessInput["connection"], Record<string, string>, string]>([
    ["the URI's variable is not set", { uri: { env: "T_URI" }, user: "neo4j", password: { env: "T_NEO4J_PW" } }, {}, "connection.uri: environment variable T_URI is not set"],
    ["the URI's variable is empty", { uri: { env: "T_URI" }, user: "neo4j", password: { env: "T_NEO4J_PW" } }, { T_URI: "" }, "connection.uri: environment variable T_URI is not set"],
    ["the user's variable is not set", { uri: "bolt://127.0.0.1:7687", user: { env: "T_USER" }, password: { env: "T_NEO4J_PW" }, allowInsecureUrl: true }, {}, "connection.user: environment variable T_USER is not set"],
    ["the user's variable is empty", { uri: "bolt://127.0.0.1:7687", user: { env: "T_USER" }, password: { env: "T_NEO4J_PW" }, allowInsecureUrl: true }, { T_USER: "" }, "connection.user: environment variable T_USER is not set"],
  ])("%s: a user error naming the setting and the variable", async (_n, conn, extraEnv, message) => {
    const e = await reconcile({ mode: "plan", state: parseNeo4jAccess({ connection: conn }), env: { ...env, ...extraEnv }, resolveSecret: secretResolver({ env }), lookup: notFound([]) }).catch((x) => x);
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toBe(message);
  });

  test("URI and user from set variables: the run connects with them", async () => {
    await start();
    const s = parseNeo4jAccess({ connection: { uri: { env: "T_URI" }, user: { env: "T_USER" }, password: { env: "T_NEO4J_PW" }, allowInsecureUrl: true }, roles: [{ name: "r1" }] });
    const r = await reconcile({ mode: "plan", state: s, env: { ...env, T_URI: server.url(), T_USER: "neo4j" }, resolveSecret: secretResolver({ env }) });
    expect(r.statements.map((x) => x.query)).toEqual(["CREATE ROLE `r1` IF NOT EXISTS"]);
    expect(server.connections[0].userAgent).toBe("aura-secure-cypher/1");
  });

  test("an IPv6 address with a port is an address, not a name to look up (the port is cut off, not a part of the address)", async () => {
    fake = new FakeSystemDb({ users: [{ name: "neo4j", roles: ["admin"], home: null }] });
    server = await BoltTestServer.start({ handler: fake.handler, hooks: fake.hooks, host: "::1" });
    const calls: string[] = [];
    const r = await reconcile({ mode: "plan", state: rolesState(server.url(), ["r1"]), env, resolveSecret: secretResolver({ env }), lookup: notFound(calls) });
    expect(r.statements.map((x) => x.query)).toEqual(["CREATE ROLE `r1` IF NOT EXISTS"]);
    const o = await observe({ uri: server.url(), user: "neo4j", password: ADMIN_PW }, 10_000, notFound(calls));
    expect(o.roles).toContain("admin");
    expect(calls).toEqual([]);
  });

  test("a name that does not resolve is looked up without its port", async () => {
    const calls: string[] = [];
    const e = await run(stateA("bolt://db.invalid:7687"), { lookup: notFound(calls) }).catch((x) => x);
    expect(calls).toEqual(["db.invalid"]);
    expect(e.failureClass).toBe("name-not-resolved");
  });

  test("an error on a statement that says the login is no good is an authentication failure, not a refused statement", async () => {
    await start();
    server.failNext({ kind: "failure", match: /^CREATE ROLE/, failure: { code: "Neo.ClientError.Security.AuthenticationRateLimit", message: "Too many failed authentication requests." } });
    const e = await run(rolesState(server.url(), ["r1"])).catch((x) => x);
    expect(e).toBeInstanceOf(ReconcileError);
    expect(e.failureClass).toBe("authentication");
    expect(e.message).toMatch(/^cannot log in to bolt:\/\/127\.0\.0\.1:\d+ as neo4j: .*; not retried\. Next apply: the next apply fails the same way until the user and password are right/);
    expect(sent(/^CREATE ROLE/)).toBe(1);
  });
});

describe("connections are closed when the run is done", () => {
  /** GOODBYEs the server has seen, waiting (at most 2 s) for `n` of them: the client closes after it returns. */
  const goodbyes = async (n: number) => {
    const count = () => server.messages.filter((m) => m.type === "GOODBYE").length;
    for (let i = 0; i < 200 && count() < n; i++) await new Promise((r) => setTimeout(r, 10));
    return count();
  };
  test("reconcile and observe each say GOODBYE on every connection they opened", async () => {
    await start();
    await run(rolesState(server.url(), ["r1"]), { mode: "plan" });
    expect(await goodbyes(server.connections.length)).toBe(server.connections.length);
    await observe({ uri: server.url(), user: "neo4j", password: ADMIN_PW });
    expect(server.connections.length).toBe(2);
    expect(await goodbyes(2)).toBe(2);
  });
});

describe("what plan, destroy and a refusal report", () => {
  test("plan: the statements, nothing applied, nothing remaining", async () => {
    await start();
    const r = await run(rolesState(server.url(), ["r1"]), { mode: "plan" });
    expect({ ...r, statements: r.statements.map((s) => s.query) }).toEqual({ mode: "plan", statements: ["CREATE ROLE `r1` IF NOT EXISTS"], applied: false, attempts: 1, remaining: [], elapsedMs: 0 });
  });

  test("plan with refreshCredentials sets the stored passwords again", async () => {
    await start();
    await run(stateA(server.url()));
    const plain = await run(stateA(server.url()), { mode: "plan", previous: stateA(server.url()) });
    const refresh = await run(stateA(server.url()), { mode: "plan", previous: stateA(server.url()), refreshCredentials: true });
    expect(plain.statements.map((s) => s.query)).toEqual([]);
    expect(refresh.statements.map((s) => s.query)).toEqual(["ALTER ALIAS `db1-remote-alias` SET DATABASE USER $user PASSWORD $password"]);
  });

  test("destroy checks its result as a destroy: one attempt, nothing remaining", async () => {
    await start();
    await run(rolesState(server.url(), ["r1"]));
    logs = [];
    const d = await run(rolesState(server.url(), ["r1"]), { mode: "destroy" });
    expect({ ...d, statements: d.statements.map((s) => s.query) }).toEqual({ mode: "destroy", statements: ["DROP ROLE `r1` IF EXISTS"], applied: true, attempts: 1, remaining: [], elapsedMs: 0 });
    expect(logs).toEqual(["applying 1 statement(s) in one transaction"]);
  });

  test("a refused statement with parameters: the whole report", async () => {
    await start();
    server.failNext({ kind: "failure", match: /^CREATE ALIAS/, times: 5, failure: { code: "Neo.ClientError.Statement.ArgumentError", message: "An alias with that name exists.", gqlStatus: "42N87" } });
    const e = await run(stateA(server.url())).catch((x) => x);
    const lines = e.message.split("\n");
    expect(lines.filter((_l: string, i: number) => i !== 4)).toEqual([
      "statement 2 of 4 failed, the transaction was rolled back and nothing was changed:",
      "  CREATE ALIAS `db1-remote-alias` FOR DATABASE `db1` AT $url USER $user PASSWORD $password",
      '      $url = "neo4j+s://location:7687"',
      '      $user = "remote_user"',
      "  database or alias with similar name exists: the name conflicts with the name of an existing database or alias [GQLSTATUS 42N87, Neo.ClientError.Statement.ArgumentError] (server said: An alias with that name exists.)",
      "  Next apply: the statement was refused by the server; it reads the server again and plans from what it holds then (refused the same way until the cause is fixed)",
    ]);
    // The password line names where the secret comes from, never its value (see the report: its text is mangled by redaction).
    expect(lines[4]).toMatch(/^ {6}\$password = <.*T_REMOTE_PW>$/);
    expect(e.message).not.toContain(REMOTE_PW);
  });
});

describe("observe", () => {
  const remote = { name: "far", database: "db9", location: "remote" as const, url: "neo4j+s://far.example:7687", user: "far_user", password: null, oidc: false, driver: null, properties: {}, defaultLanguage: "CYPHER 5" };
  const constituent = { name: "garden.flowers", composite: "garden", database: "db1", location: "local" as const, url: null, user: null, password: null, oidc: false, driver: null, properties: {}, defaultLanguage: null };
  const databases = [
    { name: "neo4j", type: "standard" },
    { name: "system", type: "system" },
    { name: "garden", type: "composite" },
    { name: "GARDEN2", type: "COMPOSITE" },
  ];
  test.each<[string, string, unknown[]]>([
    [
      "Neo4j/5.26.0",
      "no language or credentials columns",
      [
        { name: "far", composite: null, database: "db9", location: "remote", url: "neo4j+s://far.example:7687", user: "far_user", driver: null, properties: {} },
        { name: "garden.flowers", composite: "garden", database: "db1", location: "local", url: null, user: null, driver: null, properties: {} },
      ],
    ],
    [
      "Neo4j/2026.01.0",
      "language and credentials columns",
      [
        { name: "far", composite: null, database: "db9", location: "remote", url: "neo4j+s://far.example:7687", user: "far_user", driver: null, properties: {}, defaultLanguage: "CYPHER 5", credentials: "STORED NATIVE CREDENTIALS" },
        { name: "garden.flowers", composite: "garden", database: "db1", location: "local", url: null, user: null, driver: null, properties: {}, defaultLanguage: null, credentials: null },
      ],
    ],
  ])("%s (%s): reads system with its version, composites and alias columns", async (agent, _n, aliases) => {
    await start({ aliases: [remote, constituent], databases }, agent);
    const o = await observe({ uri: server.url(), user: "neo4j", password: ADMIN_PW });
    expect(o.server).toEqual({ agent });
    expect(o.compositeDatabases).toEqual(["garden", "GARDEN2"]);
    expect(o.aliases).toStrictEqual(aliases);
    expect(o.authRuleRoles).toBeUndefined();
    expect(server.statements.every((s) => s.db === "system")).toBe(true);
    expect(server.connections[0].userAgent).toBe("aura-secure-cypher/1");
  });

  test("an unknown server version: no SHOW AUTH RULES (it may not exist)", async () => {
    await start({}, "Neo4j/dev");
    const o = await observe({ uri: server.url(), user: "neo4j", password: ADMIN_PW });
    expect(o.server).toEqual({ agent: "Neo4j/dev" });
    expect(server.statements.map((s) => s.query)).toEqual(["SHOW ROLES", "SHOW PRIVILEGES AS COMMANDS YIELD command, immutable", "SHOW USERS", "SHOW ALIASES FOR DATABASE YIELD *", "SHOW DATABASES YIELD name, type"]);
  });

  test("readObserved without a server version reads the five SHOW queries", async () => {
    await start();
    const driver = neo4j.driver(server.url(), neo4j.auth.basic("neo4j", ADMIN_PW), { logging: { level: "error", logger: () => undefined } });
    const session = driver.session({ database: "system" });
    try {
      const o = await readObserved(session);
      expect(o.roles).toContain("admin");
      expect(server.statements.map((s) => s.query)).not.toContain("CYPHER 25 SHOW AUTH RULES YIELD name, roles");
    } finally {
      await session.close();
      await driver.close();
    }
  });

  test("failures, named as the caller names the URI", async () => {
    await start();
    const port = await closedPort();
    const calls: string[] = [];
    const unresolved = await observe({ uri: `bolt://localhost:${port}`, user: "neo4j", password: ADMIN_PW }, 5000, notFound(calls), "--uri x").catch((x) => x);
    expect([unresolved.name, unresolved.failureClass, calls]).toEqual(["ReconcileError", "name-not-resolved", ["localhost"]]);
    expect(unresolved.message).toMatch(/^cannot reach --uri x: name does not resolve: localhost does not resolve \(ENOTFOUND from the system resolver/);

    const refused = await observe({ uri: `bolt://127.0.0.1:${port}`, user: "neo4j", password: ADMIN_PW }, 5000, undefined, "--uri y").catch((x) => x);
    expect([refused.failureClass, refused.message]).toEqual(["refused", `cannot read --uri y: connection refused: 127.0.0.1:${port} refused the connection (ECONNREFUSED)`]);

    server.failNext({ kind: "auth" });
    const auth = await observe({ uri: server.url(), user: "neo4j", password: ADMIN_PW }, 5000, undefined, "--uri z").catch((x) => x);
    expect(auth.failureClass).toBe("authentication");
    expect(auth.message).toMatch(/^cannot log in to --uri z as neo4j: /);

    server.failNext({ kind: "failure", match: /^SHOW USERS$/, failure: { code: "Neo.ClientError.Security.Forbidden", message: "Permission denied.", gqlStatus: "42NFF" } });
    const other = await observe({ uri: server.url(), user: "neo4j", password: ADMIN_PW }, 5000, undefined, "--uri w").catch((x) => x);
    // A failure of no connection class is the server's refusal, explained as such, without "cannot read".
    expect(other.failureClass).toBe("other");
    expect(other.message).toMatch(/^permission\/access denied .*\[GQLSTATUS 42NFF, Neo\.ClientError\.Security\.Forbidden\] \(server said: Permission denied\.\)$/);
  });
});

describe("driver values", () => {
  test.each<[string, unknown, unknown]>([
    ["null", null, null],
    ["undefined", undefined, null],
    ["an Integer", neo4j.int(42), 42],
    ["a bigint", BigInt(7), 7],
    // (1 month * 30 + 2 days) * 86 400 000 + 3 s * 1000 + 4 000 000 ns / 1e6
    ["a Duration", new neo4j.types.Duration(1, 2, 3, 4_000_000), 2_764_803_004],
    ["a Duration of 1.5 s", new neo4j.types.Duration(0, 0, 1, 500_000_000), 1500],
    ["a list", [neo4j.int(1), "a", null], [1, "a", null]],
    ["a map", { a: neo4j.int(1), b: { c: BigInt(2) } }, { a: 1, b: { c: 2 } }],
    ["a string", "s", "s"],
  ])("toPlain: %s", (_n, v, plain) => expect(toPlain(v)).toStrictEqual(plain));

  test("materialize: plain values kept, whole numbers as Integer, lists as lists, secrets resolved, durations as Duration", async () => {
    const out = await materialize({ n: null, s: "x", b: true, i: 3, f: 1.5, list: ["a", 2], pw: { $secret: { env: "T_REMOTE_PW" } }, d: { $durationMs: 1500 }, m: { k: 4 } }, secretResolver({ env }));
    expect(out).toStrictEqual({ n: null, s: "x", b: true, i: neo4j.int(3), f: 1.5, list: ["a", neo4j.int(2)], pw: REMOTE_PW, d: new neo4j.types.Duration(0, 0, 1, 500_000_000), m: { k: neo4j.int(4) } });
    expect(toPlain(out.d)).toBe(1500);
  });
});

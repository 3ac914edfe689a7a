/**
 * The reconciler under the faults a cluster shows (issue 24) and the connection failures a newcomer meets
 * (issue 22): each is classified, transient ones are retried with one line per attempt, the others fail at
 * once, and every failed run ends with its class and what the next apply does.
 */
import * as net from "node:net";
import { parseNeo4jAccess, type Neo4jAccessConfig, type Neo4jAccessInput } from "../../../domain/neo4j/access-model";
import { reconcile, ReconcileError, type ReconcileOptions } from "../../../runtime/cypher/reconciler";
import { secretResolver } from "../../../runtime/cypher/secrets";
import { BoltTestServer, CLUSTER_FAILURES } from "../../support/bolt-server";
import { dbmsA } from "../../support/dbms-a";
import { FakeSystemDb } from "../../support/fake-system-db";
import { selfSignedCertificate } from "../../support/self-signed";

const env = { T_NEO4J_PW: "test-password", T_REMOTE_PW: "remote-secret-Pa55" };
const state = (uri: string, over: Partial<Neo4jAccessInput> = {}): Neo4jAccessConfig =>
  parseNeo4jAccess({ ...dbmsA({ uri, user: "neo4j", password: { env: "T_NEO4J_PW" }, allowInsecureUrl: true }, { env: "T_REMOTE_PW" }), ...over });

let server: BoltTestServer;
let fake: FakeSystemDb;
let logs: string[];
beforeEach(async () => {
  fake = new FakeSystemDb({ users: [{ name: "neo4j", roles: ["admin"], home: null }, { name: "carol", roles: ["PUBLIC"], home: null }] });
  server = await BoltTestServer.start({ handler: fake.handler, hooks: fake.hooks });
  logs = [];
});
afterEach(async () => server?.close());

const run = (s: Neo4jAccessConfig, over: Partial<ReconcileOptions> = {}) =>
  reconcile({ mode: "apply", state: s, env, resolveSecret: secretResolver({ env }), timeoutMs: 10_000, log: (l) => void logs.push(l), sleep: async () => undefined, ...over });
const sent = (q: RegExp) => server.statements.filter((s) => q.test(s.query)).length;

describe("faults during a change", () => {
  test("the commit went through but its answer was lost: the next attempt reads, finds it applied, sends nothing twice", async () => {
    // COMMIT 1 ends the read transaction, COMMIT 2 the write transaction.
    server.inject({ on: "COMMIT", nth: 2, action: { do: "drop-after" } });
    const r = await run(state(server.url()));
    expect(r.attempts).toBe(2);
    expect(r.applied).toBe(true);
    expect(r.statements.map((s) => s.query)).toContain("CREATE ALIAS `db1-remote-alias` FOR DATABASE `db1` AT $url USER $user PASSWORD $password");
    expect(sent(/^CREATE ALIAS/)).toBe(1);
    expect(logs.join("\n")).toContain("attempt 1: connection lost after COMMIT was sent: the connection to 127.0.0.1:");
    expect(logs.join("\n")).toContain("the change of attempt 1 had been committed: nothing was left to apply");
    expect(fake.alias("db1-remote-alias")).toMatchObject({ location: "remote", user: "remote_user", password: env.T_REMOTE_PW });
  });

  test("COMMIT sent, then the connection drops before the server commits: the client cannot tell; the retry reads and applies it all", async () => {
    server.inject({ on: "COMMIT", nth: 2, action: { do: "drop-before" } });
    const r = await run(state(server.url()));
    expect(r.attempts).toBe(2);
    expect(r.statements).toHaveLength(4);
    expect(sent(/^CREATE ALIAS/)).toBe(2);
    expect(logs[1]).toMatch(/^attempt 1: connection lost after COMMIT was sent: the connection to 127\.0\.0\.1:\d+ was lost \(ServiceUnavailable\), after COMMIT was sent: the change may or may not be committed; retrying in 200 ms$/);
    expect(logs.join("\n")).not.toContain("had been committed");
  });

  test("the connection drops in the middle of the transaction: rolled back, applied in full by the retry", async () => {
    server.inject({ on: "RUN", match: /^GRANT ROLE/, action: { do: "drop-before" } });
    const r = await run(state(server.url()));
    expect(r.attempts).toBe(2);
    expect(r.statements).toHaveLength(4);
    expect(logs[1]).toMatch(/^attempt 1: connection lost before commit: the connection to 127\.0\.0\.1:\d+ was lost/);
  });

  test.each([
    ["not a leader on BEGIN", { on: "BEGIN" as const, nth: 2, action: { do: "fail" as const, failure: CLUSTER_FAILURES.notALeader } }, "not a leader"],
    ["terminated (4.x transient code) on a write", { on: "RUN" as const, match: /^CREATE ROLE/, action: { do: "fail" as const, failure: CLUSTER_FAILURES.terminated4 } }, "transaction terminated"],
    ["terminated (5.x client code) on a write", { on: "RUN" as const, match: /^GRANT/, action: { do: "fail" as const, failure: CLUSTER_FAILURES.terminated5 } }, "transaction terminated"],
  ])("%s: rolled back, retried, applied", async (_n, fault, label) => {
    server.inject(fault);
    const r = await run(state(server.url()));
    expect(r.attempts).toBe(2);
    expect(logs.find((l) => l.startsWith("attempt 1:"))).toContain(label);
    expect(fake.state.roles).toContain("remote_access");
  });

  test("an administrator drops a declared role between our read and our write: planned again, applied", async () => {
    await run(state(server.url()));
    const v2 = state(server.url(), { roles: [{ name: "remote_access", privileges: [{ privilege: "ACCESS", database: "db1-remote-alias" }, { privilege: "ACCESS", database: "db2" }] }] });
    server.inject({
      on: "BEGIN",
      nth: 2,
      action: { do: "before", run: () => void ((fake.state.roles = fake.state.roles.filter((r) => r !== "remote_access")), (fake.state.privileges = fake.state.privileges.filter((p) => !p.includes("remote_access"))), fake.user("carol")!.roles.splice(fake.user("carol")!.roles.indexOf("remote_access"), 1)) },
    });
    const r = await run(v2);
    expect(logs.join("\n")).toContain("attempt 1: statement 1 of 1 (GRANT ACCESS ON DATABASE `db2` TO `remote_access`) was refused: no such role");
    expect(logs.join("\n")).toContain("reading the server again in case it changed since it was read");
    expect(r.statements.map((s) => s.query)).toEqual(expect.arrayContaining(["CREATE ROLE `remote_access` IF NOT EXISTS", "GRANT ROLE `remote_access` TO `carol`"]));
    expect(fake.user("carol")!.roles).toContain("remote_access");
    expect(fake.state.privileges).toEqual(expect.arrayContaining(["GRANT ACCESS ON DATABASE `db2` TO `remote_access`"]));
  });

  test("an administrator creates the declared alias between our read and our write: planned again (no duplicate), applied", async () => {
    server.inject({
      on: "BEGIN",
      nth: 2,
      action: {
        do: "before",
        run: () =>
          void fake.state.aliases.push({ name: "db1-remote-alias", database: "db1", location: "remote", url: "neo4j+s://location:7687", user: "remote_user", password: "x", oidc: false, driver: null, properties: {}, defaultLanguage: null }),
      },
    });
    const r = await run(state(server.url()));
    expect(r.attempts).toBe(2);
    expect(logs.join("\n")).toContain("database or alias with similar name exists");
    expect(fake.state.aliases.filter((a) => a.name === "db1-remote-alias")).toHaveLength(1);
    expect((await run(state(server.url()), { mode: "plan" })).statements).toEqual([]);
  });

  test("an administrator drops a kept alias between our read and our write, untouched by our statements: the read after the commit sees it, the run applies again", async () => {
    await run(state(server.url()));
    const v2 = state(server.url(), { users: [{ name: "carol", roles: ["remote_access"], homeDatabase: "db1-remote-alias" }] });
    // As on Neo4j, dropping the alias drops the privileges granted on it.
    const dropAlias = () => void ((fake.state.aliases = []), (fake.state.privileges = fake.state.privileges.filter((p) => !p.includes("db1-remote-alias"))));
    server.inject({ on: "BEGIN", nth: 2, action: { do: "before", run: dropAlias } });
    logs = [];
    const r = await run(v2);
    expect(logs.join("\n")).toContain("attempt 1: the server changed while this change was applied (2 statement(s) still differ): applying again");
    expect(r.statements.map((x) => x.query)).toEqual([
      "ALTER USER `carol` SET HOME DATABASE `db1-remote-alias`",
      "CREATE ALIAS `db1-remote-alias` FOR DATABASE `db1` AT $url USER $user PASSWORD $password",
      "GRANT ACCESS ON DATABASE `db1-remote-alias` TO `remote_access`",
    ]);
    expect(r.remaining).toEqual([]);
    expect(fake.alias("db1-remote-alias")).toMatchObject({ location: "remote", user: "remote_user", password: env.T_REMOTE_PW });
  });

  test("a refusal that a fresh read plans again the same way stands, and nothing is sent twice", async () => {
    server.failNext({ kind: "failure", match: /^GRANT ROLE/, times: 5, failure: { code: "Neo.ClientError.General.InvalidArguments", message: "User 'carol' does not exist.", gqlStatus: "42N09" } });
    const e = await run(state(server.url())).catch((x) => x);
    expect(e).toBeInstanceOf(ReconcileError);
    expect(e.message).toContain("statement 4 of 4 failed, the transaction was rolled back and nothing was changed");
    expect(sent(/^GRANT ROLE/)).toBe(1);
  });

  test("the server stops answering after COMMIT was sent: the deadline says the change may be committed and what the next apply does", async () => {
    server.inject({ on: "COMMIT", nth: 2, action: { do: "stall" } });
    // The run's clock stands still, so the whole 1 s is left (the least the reconciler allows) when COMMIT is sent (the wait itself is real).
    const e = await run(state(server.url()), { timeoutMs: 1000, now: () => 1_000_000 }).catch((x) => x);
    expect(e).toBeInstanceOf(ReconcileError);
    expect(e.failureClass).toBe("connection-lost-after-commit");
    expect(e.message).toMatch(/stopped answering and the 1 s left of the timeout ran out after COMMIT was sent: the change may or may not be committed \(deadline passed\)\. Next apply: the change may already be committed; the next apply reads the server again/);
  });
});

describe("connection failures: fail fast when waiting cannot help, name the cause", () => {
  test("a host name that does not resolve fails at once, naming the resolver; the driver never starts", async () => {
    const lookup = async (host: string) => {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND", syscall: "getaddrinfo", hostname: host });
    };
    const e = await run(state("neo4j+s://db.does-not-exist.example:7687"), { lookup }).catch((x) => x);
    expect(e).toBeInstanceOf(ReconcileError);
    expect(e.failureClass).toBe("name-not-resolved");
    expect(e.message).toMatch(/^cannot reach neo4j\+s:\/\/db\.does-not-exist\.example:7687: name does not resolve: db\.does-not-exist\.example does not resolve \(ENOTFOUND from the system resolver \(getaddrinfo; /);
    expect(e.message).toContain("Next apply: the next apply fails the same way until the name resolves");
    expect(logs).toEqual([]);
  });

  test("a refused connection is transient: one line per attempt, the cause once, then the class and the next apply", async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => {
        const port = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
    // A virtual clock moved only by the waits: 200, 400 and 800 ms fit in the 1.5 s, the fourth wait would not.
    let clock = 1_000_000;
    const e = await run(state(`bolt://127.0.0.1:${closed}`), { timeoutMs: 1500, now: () => clock, sleep: async (ms) => void (clock += ms) }).catch((x) => x);
    expect(e.failureClass).toBe("refused");
    expect(e.message).toMatch(new RegExp(`^gave up after 4 attempt\\(s\\) in 1 s \\(timeout 1\\.5 s\\): connection refused: 127\\.0\\.0\\.1:${closed} refused the connection \\(ECONNREFUSED\\)\\. Next apply: the next apply connects again`));
    expect(logs).toEqual([
      `attempt 1: connection refused: 127.0.0.1:${closed} refused the connection (ECONNREFUSED); retrying in 200 ms`,
      "attempt 2: connection refused again; retrying in 400 ms",
      "attempt 3: connection refused again; retrying in 800 ms",
    ]);
  });

  test("a certificate chain the system does not trust fails at once (not retried)", async () => {
    // A certificate no store holds (the CLI's CA chain took seconds, and every mutation run
    // that reaches the reconciler paid for it).
    const certs = await selfSignedCertificate("localhost", { dns: ["localhost"] });
    const tlsServer = await BoltTestServer.start({ tls: { key: certs.key, cert: certs.cert }, handler: fake.handler, hooks: fake.hooks });
    try {
      const e = await run(state(`bolt+s://localhost:${tlsServer.port}`)).catch((x) => x);
      expect(e).toBeInstanceOf(ReconcileError);
      expect(e.failureClass).toBe("tls-untrusted");
      expect(e.message).toContain("TLS certificate not trusted: the TLS certificate chain of localhost:");
      expect(e.message).toContain("; not retried");
      expect(logs).toEqual([]);
    } finally {
      await tlsServer.close();
    }
  });
});

import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import neo4j, { Driver, Neo4jError } from "neo4j-driver";
import { BoltTestServer, BoltTestServerOptions, CLUSTER_FAILURES, QueryHandler } from "./bolt-server";
import { selfSignedCertificate } from "./self-signed";
import { Dechunker, chunk } from "./bolt/chunking";
import { Structure, pack, unpack } from "./bolt/packstream";

const AUTH = neo4j.auth.basic("neo4j", "test-password");

/** Servers and drivers opened by a test, closed after it even when it fails. */
const servers: BoltTestServer[] = [];
const drivers: Driver[] = [];
async function startServer(opts?: BoltTestServerOptions): Promise<BoltTestServer> {
  const s = await BoltTestServer.start(opts);
  servers.push(s);
  return s;
}
function driverFor(url: string, config: Parameters<typeof neo4j.driver>[2] = {}, auth = AUTH): Driver {
  // A short retry window keeps failure tests fast.
  const d = neo4j.driver(url, auth, { maxTransactionRetryTime: 3000, ...config });
  drivers.push(d);
  return d;
}
afterEach(async () => {
  await Promise.all(drivers.splice(0).map((d) => d.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const mixedHandler: QueryHandler = (query, params) => ({
  fields: ["name", "count", "tags", "props", "missing", "flag", "echo"],
  records: [
    ["alpha", 42, ["a", "b"], { url: "neo4j+s://x", n: -7 }, null, true, params.p ?? null],
    ["beta", 2 ** 40, [], {}, null, false, query],
  ],
});

describe("BoltTestServer with the real neo4j-driver", () => {
  test.each(["bolt", "neo4j"] as const)("%s:// auto-commit query reads mixed types", async (scheme) => {
    const server = await startServer({ handler: mixedHandler });
    const driver = driverFor(server.url(scheme));
    const session = driver.session({ database: "system" });
    try {
      const result = await session.run("SHOW ALIASES FOR DATABASE YIELD *", { p: "param-value" });
      expect(result.records.map((r) => r.toObject())).toEqual([
        {
          name: "alpha",
          count: neo4j.int(42),
          tags: ["a", "b"],
          props: { url: "neo4j+s://x", n: neo4j.int(-7) },
          missing: null,
          flag: true,
          echo: "param-value",
        },
        {
          name: "beta",
          count: neo4j.int(2 ** 40),
          tags: [],
          props: {},
          missing: null,
          flag: false,
          echo: "SHOW ALIASES FOR DATABASE YIELD *",
        },
      ]);
      expect(result.summary.database.name).toBe("system");
      expect(result.summary.queryType).toBe("r");
    } finally {
      await session.close();
    }
    expect(server.statements).toEqual([
      expect.objectContaining({ query: "SHOW ALIASES FOR DATABASE YIELD *", parameters: { p: "param-value" }, db: "system", txId: null, user: "neo4j" }),
    ]);
    expect([...new Set(server.connections.map((c) => c.boltVersion))]).toEqual(["5.8"]);
    const types = server.messages.map((m) => m.type);
    expect(types).toEqual(expect.arrayContaining(["HELLO", "LOGON", "RUN", "PULL"]));
    // Only the routing driver asks for a routing table.
    expect(types.includes("ROUTE")).toBe(scheme === "neo4j");
  });

  test("explicit transaction: statements staged, commit and rollback hooks fire", async () => {
    const events: string[] = [];
    const server = await startServer({
      hooks: {
        onBegin: (id, db) => events.push(`begin ${id} ${db}`),
        onCommit: (id) => events.push(`commit ${id}`),
        onRollback: (id) => events.push(`rollback ${id}`),
      },
    });
    const driver = driverFor(server.url());
    const session = driver.session({ database: "system" });
    try {
      const tx = await session.beginTransaction();
      await tx.run("CREATE ROLE `a` IF NOT EXISTS");
      await tx.run("GRANT ROLE `a` TO $user", { user: "bob" });
      await tx.commit();
      const tx2 = await session.beginTransaction();
      await tx2.run("DROP ROLE `a`");
      await tx2.rollback();
    } finally {
      await session.close();
    }
    expect(events).toEqual(["begin 1 system", "commit 1", "begin 2 system", "rollback 2"]);
    expect(server.statements.map((s) => [s.query, s.txId, s.db])).toEqual([
      ["CREATE ROLE `a` IF NOT EXISTS", 1, "system"],
      ["GRANT ROLE `a` TO $user", 1, "system"],
      ["DROP ROLE `a`", 2, "system"],
    ]);
    expect(server.statements[1].parameters).toEqual({ user: "bob" });
  });

  test("wrong password surfaces as Neo.ClientError.Security.Unauthorized", async () => {
    const server = await startServer();
    const driver = driverFor(server.url(), {}, neo4j.auth.basic("neo4j", "wrong"));
    const err = await driver.executeQuery("RETURN 1", {}, { database: "system" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Neo4jError);
    expect((err as Neo4jError).code).toBe("Neo.ClientError.Security.Unauthorized");
    expect((err as Neo4jError).gqlStatus).toBe("42NFF");
    expect(server.statements).toEqual([]);
  });

  test("transient failure is retried by session.executeWrite in a new transaction", async () => {
    const events: string[] = [];
    const server = await startServer({
      hooks: { onBegin: (id) => events.push(`begin ${id}`), onCommit: (id) => events.push(`commit ${id}`), onRollback: (id) => events.push(`rollback ${id}`) },
    });
    server.failNext({ kind: "transient" });
    const session = driverFor(server.url()).session({ database: "system" });
    try {
      await session.executeWrite((tx) => tx.run("CREATE ROLE `r`"));
    } finally {
      await session.close();
    }
    expect(server.statements.map((s) => s.txId)).toEqual([1, 2]);
    expect(events).toEqual(["begin 1", "rollback 1", "begin 2", "commit 2"]);
  });

  test("transient code surfaces on a plain run, with the driver marking it retryable", async () => {
    const server = await startServer();
    server.failNext({ kind: "transient", code: "Neo.TransientError.Transaction.DeadlockDetected", times: 2 });
    const session = driverFor(server.url()).session({ database: "system" });
    try {
      for (let i = 0; i < 2; i++) {
        const err = (await session.run("RETURN 1").catch((e: unknown) => e)) as Neo4jError;
        expect(err.code).toBe("Neo.TransientError.Transaction.DeadlockDetected");
        expect(err.retryable).toBe(true);
      }
      await expect(session.run("RETURN 1")).resolves.toBeDefined();
    } finally {
      await session.close();
    }
  });

  test("connection drop mid-transaction fails the transaction and rolls it back", async () => {
    const events: string[] = [];
    const server = await startServer({ hooks: { onRollback: (id) => events.push(`rollback ${id}`), onCommit: (id) => events.push(`commit ${id}`) } });
    server.failNext({ kind: "drop", afterRuns: 1 });
    const session = driverFor(server.url()).session({ database: "system" });
    try {
      const tx = await session.beginTransaction();
      await tx.run("CREATE ROLE `a`");
      const err = (await tx.run("CREATE ROLE `b`").catch((e: unknown) => e)) as Neo4jError;
      expect(err).toBeInstanceOf(Neo4jError);
      expect(["ServiceUnavailable", "SessionExpired"]).toContain(err.code);
    } finally {
      await session.close();
    }
    await waitFor(() => events.length > 0);
    expect(events).toEqual(["rollback 1"]);
    // The statement that triggered the drop was received (and recorded) but never answered.
    expect(server.statements.map((s) => s.query)).toEqual(["CREATE ROLE `a`", "CREATE ROLE `b`"]);
  });

  test("executeWrite recovers from a dropped connection on a fresh connection", async () => {
    const events: string[] = [];
    const server = await startServer({ hooks: { onRollback: (id) => events.push(`rollback ${id}`), onCommit: (id) => events.push(`commit ${id}`) } });
    server.failNext({ kind: "drop", afterRuns: 0 });
    const session = driverFor(server.url()).session({ database: "system" });
    try {
      await session.executeWrite((tx) => tx.run("CREATE ROLE `a`"));
    } finally {
      await session.close();
    }
    expect(events).toEqual(["rollback 1", "commit 2"]);
    const conns = new Set(server.statements.map((s) => s.connectionId));
    expect(conns.size).toBe(2);
  });

  test("injected FAILURE carries code and GQLSTATUS, dooms the transaction, only for matching queries", async () => {
    const events: string[] = [];
    const server = await startServer({ hooks: { onRollback: (id) => events.push(`rollback ${id}`), onCommit: (id) => events.push(`commit ${id}`) } });
    server.failNext({
      kind: "failure",
      match: /^CREATE ALIAS/,
      failure: { code: "Neo.ClientError.Database.ExistingDatabaseFound", message: "alias exists", gqlStatus: "42N87", description: "error: name conflict" },
    });
    const session = driverFor(server.url()).session({ database: "system" });
    try {
      const tx = await session.beginTransaction();
      await tx.run("CREATE ROLE `a`");
      const err = (await tx.run("CREATE ALIAS `x` FOR DATABASE `y`").catch((e: unknown) => e)) as Neo4jError;
      expect(err).toBeInstanceOf(Neo4jError);
      expect(err.code).toBe("Neo.ClientError.Database.ExistingDatabaseFound");
      expect(err.gqlStatus).toBe("42N87");
      expect(err.gqlStatusDescription).toBe("error: name conflict");
      expect(err.message).toBe("alias exists");
      expect(err.retryable).toBe(false);
      await tx.rollback().catch(() => undefined);
      // Consumed: the same statement now succeeds.
      await session.executeWrite((t) => t.run("CREATE ALIAS `x` FOR DATABASE `y`"));
    } finally {
      await session.close();
    }
    expect(events).toEqual(["rollback 1", "commit 2"]);
  });

  test("handler failures reach the driver; handler exceptions become DatabaseError", async () => {
    const server = await startServer({
      handler: (q) => {
        if (q.includes("boom")) throw new Error("kaput");
        return { failure: { code: "Neo.ClientError.Statement.SyntaxError", message: "bad", gqlStatus: "42001" } };
      },
    });
    const driver = driverFor(server.url());
    const e1 = (await driver.executeQuery("nonsense").catch((e: unknown) => e)) as Neo4jError;
    expect([e1.code, e1.gqlStatus]).toEqual(["Neo.ClientError.Statement.SyntaxError", "42001"]);
    const e2 = (await driver.executeQuery("boom").catch((e: unknown) => e)) as Neo4jError;
    expect(e2.code).toBe("Neo.DatabaseError.General.UnknownError");
    expect(e2.message).toMatch(/kaput/);
  });

  test("auth failure on cue with valid credentials, then normal service", async () => {
    const server = await startServer({ users: { admin: "s3cret" } });
    server.failNext({ kind: "auth" });
    const driver = driverFor(server.url(), {}, neo4j.auth.basic("admin", "s3cret"));
    const err = (await driver.executeQuery("RETURN 1").catch((e: unknown) => e)) as Neo4jError;
    expect(err.code).toBe("Neo.ClientError.Security.Unauthorized");
    await driver.executeQuery("RETURN 1");
    expect(server.statements.map((s) => s.user)).toEqual(["admin"]);
  });

  test("latency: pipelined messages are all received before the first reply and answered in one flush", async () => {
    const server = await startServer({ latencyMs: 40 });
    const session = driverFor(server.url()).session({ database: "system" });
    try {
      const tx = await session.beginTransaction();
      const runs = Array.from({ length: 50 }, (_, i) => tx.run("CREATE ROLE $r", { r: `role${i}` }));
      await Promise.all(runs);
      await tx.commit();
    } finally {
      await session.close();
    }
    const conn = server.statements[0].connectionId;
    const log = server.messages.map((m, i) => ({ ...m, i })).filter((m) => m.connectionId === conn);
    const lastRun = log.filter((m) => m.type === "RUN").at(-1)!;
    const begin = log.find((m) => m.type === "BEGIN")!;
    const commit = log.find((m) => m.type === "COMMIT")!;
    const flushesAfterBegin = server.flushes.filter((f) => f.connectionId === conn && f.afterMessages > begin.i);
    // BEGIN is answered first (the driver waits for it), then all 50 RUN+PULL pairs arrive before any of
    // their replies is written: the client paid one round trip for them, not fifty.
    expect(flushesAfterBegin[0].afterMessages).toBe(begin.i + 1);
    expect(flushesAfterBegin[1].afterMessages).toBeGreaterThan(lastRun.i);
    expect(flushesAfterBegin[1].afterMessages).toBeLessThanOrEqual(commit.i);
    expect(server.statements).toHaveLength(50);
  });

  test("latency: executeQuery pipelines BEGIN, RUN and PULL in one batch", async () => {
    const server = await startServer({ latencyMs: 20 });
    await driverFor(server.url()).executeQuery("SHOW ROLES", {}, { database: "system" });
    const types = server.messages.filter((m) => m.connectionId === server.statements[0].connectionId);
    const begin = types.find((m) => m.type === "BEGIN")!;
    expect(types.filter((m) => m.batch === begin.batch).map((m) => m.type)).toEqual(["BEGIN", "RUN", "PULL"]);
    expect(types.find((m) => m.type === "COMMIT")!.batch).toBeGreaterThan(begin.batch);
  });

  test.each([
    ["5.0", "code only, auth in HELLO"],
    ["5.4", "telemetry"],
    ["5.6", "pre-GQL failures"],
  ] as const)("older protocol %s (%s) works with the driver", async (version, _what) => {
    const server = await startServer({ maxBoltVersion: version, telemetry: true, handler: mixedHandler });
    const good = driverFor(server.url());
    const res = await good.executeQuery("RETURN 1", { p: 1 }, { database: "system" });
    expect(res.records[0].get("name")).toBe("alpha");
    expect(server.connections[0]).toMatchObject({ boltVersion: version, handshake: "legacy" });
    const types = server.messages.map((m) => m.type);
    expect(types.includes("LOGON")).toBe(version !== "5.0");
    expect(types.includes("TELEMETRY")).toBe(version !== "5.0");
    const bad = driverFor(server.url(), {}, neo4j.auth.basic("neo4j", "nope"));
    const err = (await bad.executeQuery("RETURN 1").catch((e: unknown) => e)) as Neo4jError;
    expect(err.code).toBe("Neo.ClientError.Security.Unauthorized");
  });

  test("manifest handshake (Bolt 255.1) negotiates 5.8", async () => {
    const server = await startServer({ manifestHandshake: true });
    await driverFor(server.url()).executeQuery("RETURN 1");
    expect(server.connections[0]).toMatchObject({ boltVersion: "5.8", handshake: "manifest" });
    expect(server.statements).toHaveLength(1);
  });

  test("Duration values from a handler reach the driver as Durations", async () => {
    const server = await startServer({
      handler: () => ({ fields: ["driver"], records: [[{ connection_timeout: new neo4j.Duration(0, 0, 60, 0), ssl_enforced: true }]] }),
    });
    const res = await driverFor(server.url()).executeQuery("SHOW ALIASES FOR DATABASE YIELD *", {}, { database: "system" });
    const driverMap = res.records[0].get("driver") as Record<string, unknown>;
    expect(neo4j.isDuration(driverMap.connection_timeout)).toBe(true);
    expect((driverMap.connection_timeout as InstanceType<typeof neo4j.Duration>).seconds).toEqual(neo4j.int(60));
    expect(driverMap.ssl_enforced).toBe(true);
  });

  test("session-level auth switches user with LOGOFF/LOGON on a pooled connection", async () => {
    const server = await startServer({ users: { neo4j: "test-password", alice: "pw-a" } });
    const driver = driverFor(server.url());
    await driver.executeQuery("RETURN 1");
    const session = driver.session({ auth: neo4j.auth.basic("alice", "pw-a") });
    try {
      await session.run("RETURN 2");
    } finally {
      await session.close();
    }
    expect(server.statements.map((s) => [s.query, s.user])).toEqual([
      ["RETURN 1", "neo4j"],
      ["RETURN 2", "alice"],
    ]);
    expect(server.messages.map((m) => m.type)).toContain("LOGOFF");
  });

  test("only loopback hosts are accepted", async () => {
    await expect(BoltTestServer.start({ host: "0.0.0.0" })).rejects.toThrow(/loopback/);
  });

  test("close() ends open client connections", async () => {
    const server = await startServer();
    const session = driverFor(server.url()).session();
    const tx = await session.beginTransaction();
    await server.close();
    await expect(tx.run("RETURN 1")).rejects.toBeInstanceOf(Neo4jError);
    await session.close().catch(() => undefined);
  });
});

describe("faults injected per message (test/faults)", () => {
  /** A server whose transactions stage writes into `committed` on COMMIT only. */
  async function staging() {
    const committed: string[] = [];
    const staged = new Map<number, string[]>();
    const server = await startServer({
      handler: (q, _p, ctx) => {
        if (ctx.txId !== null) staged.get(ctx.txId)?.push(q);
        return { fields: [], records: [] };
      },
      hooks: { onBegin: (id) => void staged.set(id, []), onCommit: (id) => void committed.push(...(staged.get(id) ?? [])), onRollback: (id) => void staged.delete(id) },
    });
    return { server, committed };
  }
  const write = async (d: Driver, q = "CREATE ROLE `r`") => {
    const s = d.session({ database: "system" });
    try {
      const tx = s.beginTransaction();
      await tx.run(q);
      await tx.commit();
    } finally {
      await s.close().catch(() => undefined);
    }
  };

  test("drop-after on COMMIT: committed on the server, the client never hears SUCCESS", async () => {
    const { server, committed } = await staging();
    server.inject({ on: "COMMIT", action: { do: "drop-after" } });
    const e = await write(driverFor(server.url())).catch((x) => x);
    expect(e).toBeInstanceOf(Neo4jError);
    expect(e.code).toBe("ServiceUnavailable");
    expect(committed).toEqual(["CREATE ROLE `r`"]);
    expect(server.firedFaults).toHaveLength(1);
  });

  test("drop-before on COMMIT: the transaction is rolled back, nothing committed", async () => {
    const { server, committed } = await staging();
    server.inject({ on: "COMMIT", action: { do: "drop-before" } });
    expect(await write(driverFor(server.url())).catch((x) => x)).toBeInstanceOf(Neo4jError);
    expect(committed).toEqual([]);
  });

  test.each(["RUN", "PULL", "BEGIN"] as const)("drop-before and drop-after on %s lose the transaction", async (on) => {
    for (const when of ["drop-before", "drop-after"] as const) {
      const { server, committed } = await staging();
      server.inject({ on, action: { do: when } });
      expect(await write(driverFor(server.url())).catch((x) => x)).toBeInstanceOf(Neo4jError);
      expect(committed).toEqual([]);
      // The next transaction on a new connection works.
      await write(driverFor(server.url()), "CREATE ROLE `s`");
      expect(committed).toEqual(["CREATE ROLE `s`"]);
    }
  });

  test("fail with NotALeader (documented code and GQLSTATUS) on BEGIN; Terminated on RUN; the nth matching message", async () => {
    const { server, committed } = await staging();
    server.inject({ on: "BEGIN", action: { do: "fail", failure: CLUSTER_FAILURES.notALeader } });
    const e = await write(driverFor(server.url())).catch((x) => x);
    expect(e.code).toBe("Neo.ClientError.Cluster.NotALeader");
    expect(e.gqlStatus).toBe("08N07");
    server.inject({ on: "RUN", match: /`t2`/, nth: 2, action: { do: "fail", failure: CLUSTER_FAILURES.terminated4 } });
    await write(driverFor(server.url()), "CREATE ROLE `t2`");
    const t = await write(driverFor(server.url()), "CREATE ROLE `t2`").catch((x) => x);
    // The driver reports the 4.x transient code as the 5.x client code (neo4j-driver's code standardisation).
    expect(t.code).toBe("Neo.ClientError.Transaction.Terminated");
    expect(committed).toEqual(["CREATE ROLE `t2`"]);
  });

  test("stall: the message is never answered; before: a callback runs first", async () => {
    const { server, committed } = await staging();
    let seen = 0;
    server.inject({ on: "BEGIN", action: { do: "before", run: () => void (seen = committed.length + 1) } });
    await write(driverFor(server.url()));
    expect(seen).toBe(1);
    server.inject({ on: "COMMIT", action: { do: "stall" } });
    const d = driverFor(server.url());
    const outcome = write(d).then(() => "answered", (e: Error) => `failed: ${e.message}`);
    await waitFor(() => server.firedFaults.some((f) => f.on === "COMMIT"));
    // Silent, not slow: the connection ends only when the server closes it, and the client never had an answer.
    await server.close();
    expect(await outcome).toMatch(/^failed: /);
    expect(committed).toEqual(["CREATE ROLE `r`"]);
  });
});

describe("raw Bolt conversation", () => {
  test("after FAILURE messages are IGNORED until RESET", async () => {
    const server = await startServer();
    server.failNext({ kind: "failure", failure: { code: "Neo.ClientError.Statement.SyntaxError", message: "nope" } });
    const client = await RawClient.connect(server.port);
    try {
      // Version proposal: 5.8 down to 5.6 (range 2).
      expect((await client.handshake([0x00, 0x02, 0x08, 0x05])).toString("hex")).toBe("00000805");
      const replies = await client.send(
        [
          [0x01, { user_agent: "raw/1" }],
          [0x6a, { scheme: "basic", principal: "neo4j", credentials: "test-password" }],
          [0x10, "RETURN 1", {}, {}],
          [0x3f, { n: -1 }],
          [0x0f],
          [0x10, "RETURN 2", {}, { db: "system" }],
          [0x3f, { n: -1 }],
        ],
        7,
      );
      expect(replies.map((r) => r.signature)).toEqual([0x70, 0x70, 0x7f, 0x7e, 0x70, 0x70, 0x70]);
      expect(replies[2].fields[0]).toMatchObject({ neo4j_code: "Neo.ClientError.Statement.SyntaxError", message: "nope", gql_status: "50N42" });
      expect(replies[6].fields[0]).toMatchObject({ type: "r", db: "system", bookmark: expect.stringMatching(/^FB:/) });
      // All seven messages arrived in one read and were answered in one write.
      expect(new Set(server.messages.map((m) => m.batch)).size).toBe(1);
    } finally {
      client.close();
    }
  });

  test("PULL with n pages through records with has_more", async () => {
    const server = await startServer({ handler: () => ({ fields: ["i"], records: [[1], [2], [3]] }) });
    const client = await RawClient.connect(server.port);
    try {
      await client.handshake([0x00, 0x00, 0x08, 0x05]);
      const replies = await client.send(
        [
          [0x01, { user_agent: "raw/1" }],
          [0x6a, { scheme: "basic", principal: "neo4j", credentials: "test-password" }],
          [0x11, { db: "system" }],
          [0x10, "UNWIND [1,2,3] AS i RETURN i", {}, {}],
          [0x3f, { n: 2, qid: -1 }],
          [0x3f, { n: 2, qid: 0 }],
          [0x12],
        ],
        10,
      );
      expect(replies.map((r) => [r.signature, r.fields[0]])).toEqual([
        [0x70, expect.objectContaining({ connection_id: "bolt-1", server: "Neo4j/5.26.0" })],
        [0x70, {}],
        [0x70, {}],
        [0x70, { fields: ["i"], t_first: 0, qid: 0 }],
        [0x71, [1]],
        [0x71, [2]],
        [0x70, { has_more: true }],
        [0x71, [3]],
        [0x70, { type: "r", t_last: 0, db: "system" }],
        [0x70, { bookmark: expect.stringMatching(/^FB:/) }],
      ]);
    } finally {
      client.close();
    }
  });

  test("a handshake without a 5.x proposal is refused with four zero bytes", async () => {
    const server = await startServer();
    const client = await RawClient.connect(server.port);
    try {
      expect((await client.handshake([0x00, 0x00, 0x04, 0x04])).toString("hex")).toBe("00000000");
    } finally {
      client.close();
    }
  });
});

describe("TLS", () => {
  let dir: string;
  let certPath: string;
  let tlsKeys: { key: string; cert: string };
  beforeAll(async () => {
    // A throwaway self-signed certificate for localhost / 127.0.0.1 (its own CA), made for this test run only.
    tlsKeys = await selfSignedCertificate("localhost", { dns: ["localhost"], ip: ["127.0.0.1"] }, true);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "bolt-tls-"));
    certPath = path.join(dir, "ca.pem");
    fs.writeFileSync(certPath, tlsKeys.cert);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("custom CA trust over localhost verifies the certificate and works", async () => {
    const server = await startServer({ tls: tlsKeys, host: "localhost" });
    const driver = driverFor(server.url("bolt"), {
      encrypted: "ENCRYPTION_ON",
      trust: "TRUST_CUSTOM_CA_SIGNED_CERTIFICATES",
      trustedCertificates: [certPath],
    });
    const res = await driver.executeQuery("RETURN 1", {}, { database: "system" });
    expect(res.summary.database.name).toBe("system");
    expect(server.statements).toHaveLength(1);
  });

  test.each(["bolt+ssc", "neo4j+ssc"] as const)("%s:// works against the self-signed certificate", async (scheme) => {
    const server = await startServer({ tls: tlsKeys });
    await driverFor(server.url(scheme)).executeQuery("RETURN 1", {}, { database: "system" });
    expect(server.statements).toHaveLength(1);
    expect(server.messages.some((m) => m.type === "ROUTE")).toBe(scheme === "neo4j+ssc");
  });

  test("bolt+s:// rejects the self-signed certificate (system CAs only)", async () => {
    const server = await startServer({ tls: tlsKeys });
    // session.run, not executeQuery: a managed query would retry the connection error until the retry time runs out.
    const session = driverFor(server.url("bolt+s")).session();
    const err = (await session.run("RETURN 1").catch((e: unknown) => e)) as Neo4jError;
    await session.close();
    expect(err).toBeInstanceOf(Neo4jError);
    expect(err.message).toMatch(/not trusted|certificate/i);
    expect(server.statements).toHaveLength(0);
  });

  test("a plain-text client cannot talk to the TLS server", async () => {
    const server = await startServer({ tls: tlsKeys });
    const session = driverFor(server.url("bolt")).session();
    await expect(session.run("RETURN 1")).rejects.toBeInstanceOf(Neo4jError);
    await session.close();
    expect(server.statements).toHaveLength(0);
  });
});

/** Polls until `cond` holds; the bound only turns a hang into a message (generous: the machine may be busy). */
async function waitFor(cond: () => boolean, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A minimal Bolt client speaking through this project's own PackStream code, to test exact replies. */
class RawClient {
  private buf = Buffer.alloc(0);
  private waiter: (() => void) | null = null;
  private constructor(private readonly socket: net.Socket) {
    socket.on("data", (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.waiter?.();
    });
  }
  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, "127.0.0.1", () => resolve(new RawClient(s)));
      s.once("error", reject);
    });
  }
  private async take(n: number): Promise<Buffer> {
    while (this.buf.length < n) await new Promise<void>((r) => (this.waiter = r));
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }
  async handshake(slot: number[]): Promise<Buffer> {
    const zero = [0, 0, 0, 0];
    this.socket.write(Buffer.from([0x60, 0x60, 0xb0, 0x17, ...slot, ...zero, ...zero, ...zero]));
    return this.take(4);
  }
  /** Writes all messages at once (pipelined) and reads `replies` responses. */
  async send(messages: Array<[number, ...unknown[]]>, replies: number): Promise<Structure[]> {
    this.socket.write(Buffer.concat(messages.map(([sig, ...fields]) => chunk(pack(new Structure(sig, fields))))));
    const d = new Dechunker();
    const out: Structure[] = [];
    let pending = d.push(await this.take(this.buf.length || 1));
    for (;;) {
      for (const m of pending) out.push(unpack(m) as Structure);
      if (out.length >= replies) return out;
      pending = d.push(await this.take(1));
    }
  }
  close(): void {
    this.socket.destroy();
  }
}

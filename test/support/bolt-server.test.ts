import neo4j, { Driver, Neo4jError } from "neo4j-driver";
import { BoltTestServer, BoltTestServerOptions, QueryHandler } from "./bolt-server";

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
    expect(server.connections.every((c) => c.boltVersion === "5.8")).toBe(true);
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
});

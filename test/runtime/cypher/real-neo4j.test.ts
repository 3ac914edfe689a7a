/**
 * Opt-in: runs plan/apply/destroy against a real Neo4j Enterprise when NEO4J_TEST_URI is set
 * (with NEO4J_TEST_USER, default "neo4j", and NEO4J_TEST_PASSWORD). It creates uniquely named roles and a
 * local alias, grants a role to the connecting user, checks that a second run plans nothing (which proves the
 * privilege rows match what the real server prints), then removes everything it created.
 */
import { randomBytes } from "node:crypto";
import { parseNeo4jAccess } from "../../../domain/neo4j/access-model";
import { reconcile } from "../../../runtime/cypher/reconciler";
import { secretResolver } from "../../../runtime/cypher/secrets";

const uri = process.env.NEO4J_TEST_URI;

if (!uri) {
  // Opt-in: set NEO4J_TEST_URI (and NEO4J_TEST_USER, NEO4J_TEST_PASSWORD) to run it against a Neo4j Enterprise server.
  test.skip("plan/apply/destroy against a real Neo4j Enterprise (skipped: NEO4J_TEST_URI not set)", () => undefined);
} else {
  describe("real Neo4j Enterprise (NEO4J_TEST_URI)", () => {
    const suffix = randomBytes(3).toString("hex");
    const user = process.env.NEO4J_TEST_USER ?? "neo4j";
    const state = parseNeo4jAccess({
      connection: { uri, user, password: { env: "NEO4J_TEST_PASSWORD" }, allowInsecureUrl: /^(neo4j|bolt):/.test(uri) },
      roles: [
        { name: `aura_secure_test_${suffix}`, privileges: [{ privilege: "ACCESS", database: "neo4j" }, { privilege: "MATCH", graph: "neo4j" }, { privilege: "TRAVERSE", graph: "neo4j", nodes: ["Person"] }, { privilege: "READ", graph: "neo4j", properties: ["name"], nodes: ["Person"] }] },
      ],
      users: [{ name: user, roles: [`aura_secure_test_${suffix}`] }],
      localAliases: [{ name: `aura-secure-test-${suffix}`, target: "neo4j", properties: { owner: "aura-secure-test" } }],
    });
    const run = (mode: "plan" | "apply" | "destroy") =>
      reconcile({ mode, state, previous: mode === "apply" ? null : state, resolveSecret: secretResolver(), timeoutMs: 60_000, log: (l) => console.log(l) });

    afterAll(async () => {
      await run("destroy").catch(() => undefined);
    });

    test("apply, then a second run plans nothing, then destroy removes exactly what it created", async () => {
      const first = await run("apply");
      expect(first.applied).toBe(true);
      expect(first.remaining.map((s) => s.query)).toEqual([]);
      expect((await run("plan")).statements.map((s) => s.query)).toEqual([]);
      const gone = await run("destroy");
      expect(gone.statements.length).toBeGreaterThan(0);
      expect(gone.remaining).toEqual([]);
    });
  });
}

/**
 * Bench: apply time of 500 admin statements through the real neo4j-driver against the Bolt test server
 * with 20 ms of latency per response batch. Target < 2 s (one round trip per statement would be >= 10-20 s).
 * Run: npx tsx bench/cypher-apply.bench.ts
 */
import neo4j from "neo4j-driver";
import { parseNeo4jAccess } from "../domain/neo4j/access-model";
import { reconcile } from "../runtime/cypher/reconciler";
import { secretResolver } from "../runtime/cypher/secrets";
import { BoltTestServer } from "../test/support/bolt-server";
import { FakeSystemDb } from "../test/support/fake-system-db";

const LATENCY_MS = 20;
const STATEMENTS = 500;
const TARGET_MS = 2000;

async function main(): Promise<void> {
  const fake = new FakeSystemDb();
  const server = await BoltTestServer.start({ handler: fake.handler, hooks: fake.hooks, latencyMs: LATENCY_MS });
  try {
    // 250 roles, each CREATE ROLE + GRANT ACCESS: 500 statements in one transaction.
    const roles = Array.from({ length: STATEMENTS / 2 }, (_, i) => ({ name: `bench_role_${i}`, privileges: [{ privilege: "ACCESS" as const, database: "db1" }] }));
    const state = parseNeo4jAccess({ connection: { uri: server.url(), user: "neo4j", password: { env: "BENCH_PW" }, allowInsecureUrl: true }, roles });
    const env = { BENCH_PW: "test-password" };
    const t0 = performance.now();
    const r = await reconcile({ mode: "apply", state, env, resolveSecret: secretResolver({ env }), timeoutMs: 60_000 });
    const applyMs = performance.now() - t0;
    if (r.statements.length !== STATEMENTS || !r.applied || r.remaining.length) throw new Error(`bench did not apply ${STATEMENTS} statements cleanly`);

    // Contrast: awaiting each statement in turn, measured on 25 statements and scaled.
    const sample = 25;
    const driver = neo4j.driver(server.url(), neo4j.auth.basic("neo4j", "test-password"), { logging: { level: "error", logger: () => undefined } });
    const session = driver.session({ database: "system" });
    const tx = session.beginTransaction();
    const t1 = performance.now();
    for (let i = 0; i < sample; i++) await tx.run(`CREATE ROLE \`seq_${i}\` IF NOT EXISTS`);
    const seqMs = ((performance.now() - t1) / sample) * STATEMENTS;
    await tx.rollback();
    await session.close();
    await driver.close();

    const ok = applyMs < TARGET_MS;
    console.log(`cypher-apply: ${STATEMENTS} statements, ${LATENCY_MS} ms latency per message batch, one pipelined transaction`);
    console.log(`  full reconcile (read 4 SHOW + plan + apply + verify): ${applyMs.toFixed(0)} ms  (target < ${TARGET_MS} ms: ${ok ? "PASS" : "FAIL"})`);
    console.log(`  one round trip per statement (estimated from ${sample}): ${(seqMs / 1000).toFixed(1)} s`);
    if (!ok) process.exitCode = 1;
  } finally {
    await server.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});

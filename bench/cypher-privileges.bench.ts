/**
 * Bench: plan and apply 2,000 privileges (graph, database and DBMS; GRANT and DENY; property rules) through
 * the real neo4j-driver against the Bolt test server with 20 ms of latency per response batch, then re-plan
 * (must be empty). Target: plan + apply under 2 s. Run: npm run bench -- cypher-privileges
 */
import { parseNeo4jAccess } from "../domain/neo4j/access-model";
import type { PrivilegeInput } from "../domain/neo4j/privileges";
import { planChanges } from "../runtime/cypher/planner";
import { reconcile } from "../runtime/cypher/reconciler";
import { secretResolver } from "../runtime/cypher/secrets";
import { BoltTestServer } from "../test/support/bolt-server";
import { FakeSystemDb } from "../test/support/fake-system-db";

const LATENCY_MS = 20;
const PRIVILEGES = 2000;
const TARGET_MS = 2000;

/** Ten privilege shapes, each rendering to exactly one row. */
function privilege(i: number): PrivilegeInput {
  const db = `db${i % 7}`;
  switch (i % 10) {
    case 0: return { privilege: "ACCESS", database: `db${i}` };
    case 1: return { privilege: "MATCH", graph: db, nodes: [`L${i}`] };
    case 2: return { action: "DENY", privilege: "READ", graph: db, nodes: [`L${i}`], properties: [`p${i}`] };
    case 3: return { privilege: "TRAVERSE", graph: db, where: { label: `Doc${i}`, property: "level", operator: "<", value: i } };
    case 4: return { privilege: "SET PROPERTY", graph: db, relationships: [`R${i}`], properties: [`q${i}`] };
    case 5: return { action: "DENY", privilege: "CREATE", graph: db, nodes: [`L${i}`] };
    case 6: return { privilege: "SHOW TRANSACTION", database: db, users: [`user${i}`] };
    case 7: return { privilege: "EXECUTE PROCEDURE", procedures: [`apoc.p${i}.*`] };
    case 8: return { action: "DENY", privilege: "IMPERSONATE", users: [`user${i}`] };
    default: return { privilege: "SET LABEL", graph: db, labels: [`Lbl${i}`] };
  }
}

async function main(): Promise<void> {
  const fake = new FakeSystemDb({}, { agent: "Neo4j/2026.01.0" });
  const server = await BoltTestServer.start({ handler: fake.handler, hooks: fake.hooks, latencyMs: LATENCY_MS, serverAgent: "Neo4j/2026.01.0" });
  try {
    // 20 roles x 100 privileges.
    const roles = Array.from({ length: 20 }, (_, r) => ({ name: `bench_role_${r}`, privileges: Array.from({ length: PRIVILEGES / 20 }, (_, j) => privilege(r * 100 + j)) }));
    const t0 = performance.now();
    const state = parseNeo4jAccess({ connection: { uri: server.url(), user: "neo4j", password: { env: "BENCH_PW" }, allowInsecureUrl: true }, roles });
    const parseMs = performance.now() - t0;
    const pureStart = performance.now();
    const pure = planChanges(state, { roles: [], privileges: [], users: [], aliases: [] });
    const purePlanMs = performance.now() - pureStart;
    const env = { BENCH_PW: "test-password" };
    const t1 = performance.now();
    const cpu0 = process.cpuUsage();
    const phases: string[] = [];
    const r = await reconcile({ mode: "apply", state, env, resolveSecret: secretResolver({ env }), timeoutMs: 60_000, log: (l) => phases.push(`${(performance.now() - t1).toFixed(0)} ms: ${l.slice(0, 60)}`) });
    const applyMs = performance.now() - t1;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const runBatches = new Set(server.messages.filter((m) => m.type === "RUN").map((m) => m.batch)).size;
    const grants = r.statements.filter((s) => /^(GRANT|DENY) /.test(s.query)).length;
    if (grants !== PRIVILEGES || !r.applied || r.remaining.length) throw new Error(`bench did not apply ${PRIVILEGES} privileges cleanly (got ${grants}, ${r.remaining.length} remaining)`);
    const t2 = performance.now();
    const again = await reconcile({ mode: "plan", state, previous: state, env, resolveSecret: secretResolver({ env }), timeoutMs: 60_000 });
    const replanMs = performance.now() - t2;
    if (again.statements.length) throw new Error(`re-plan after apply is not empty: ${again.statements.length} statement(s)`);
    const ok = applyMs < TARGET_MS;
    console.log(`cypher-privileges: ${PRIVILEGES} privileges in 20 roles (${r.statements.length} statements), ${LATENCY_MS} ms latency per message batch`);
    console.log(`  validate config: ${parseMs.toFixed(0)} ms; pure plan: ${purePlanMs.toFixed(0)} ms (${pure.length} statements)`);
    console.log(`  plan + apply (read 4 SHOW + plan + one pipelined transaction + verify re-read): ${applyMs.toFixed(0)} ms  (target < ${TARGET_MS} ms: ${ok ? "PASS" : "FAIL"})`);
    console.log(`  CPU time of that run (client, driver and test server together, independent of machine load): ${cpuMs.toFixed(0)} ms; load average ${require("node:os").loadavg()[0].toFixed(1)}`);
    console.log(`  RUN messages arrived in ${runBatches} socket reads; ${phases.join("; ")}`);
    console.log(`  re-plan against the applied server: ${replanMs.toFixed(0)} ms, ${again.statements.length} statements`);
    if (!ok) process.exitCode = 1;
  } finally {
    await server.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});

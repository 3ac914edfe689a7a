import neo4j from "neo4j-driver";
import { BoltTestServer, CLUSTER_FAILURES } from "../test/support/bolt-server";
(async () => {
  const s = await BoltTestServer.start();
  s.inject({ on: "BEGIN", action: { do: "fail", failure: CLUSTER_FAILURES.notALeader } });
  const d = neo4j.driver(s.url("neo4j"), neo4j.auth.basic("neo4j", "test-password"), { maxTransactionRetryTime: 0 });
  const ses = d.session({ database: "system" });
  try { const tx = ses.beginTransaction(); await tx.run("CREATE ROLE x"); await tx.commit(); } catch (e: any) { console.log(e.code, "|", e.message, "|", e.cause?.code); }
  await ses.close(); await d.close(); await s.close();
})();

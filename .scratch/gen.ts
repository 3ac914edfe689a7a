import { schedules } from "../test/faults/schedules";
import { parseNeo4jAccess } from "../domain/neo4j/access-model";
let bad = 0;
for (const s of schedules(42, 400)) {
  if (s.kind !== "access") continue;
  for (const spec of [s.old, s.next]) {
    try { parseNeo4jAccess({ id: "soak", connection: { uri: "bolt://127.0.0.1:1", user: "neo4j", password: { env: "P" }, allowInsecureUrl: true }, ...spec }); }
    catch (e) { bad++; if (bad < 4) console.log((e as Error).message.slice(0, 300)); }
  }
}
console.log("bad", bad);

import { guardHits, guardLabel, portPhrase, reachedBefore } from "../posture/network";
import type { Rule } from "../rule";

export const sgEgressWider: Rule = {
  id: "AURA-SG-5",
  severity: "medium",
  title: "Egress widened",
  meaning:
    "The access runner's group sends the Neo4j admin credentials and reads secrets; its egress goes only to the Neo4j endpoint's addresses and the Secrets Manager endpoint. It may now reach more addresses (or all of them): a way out for the credentials if the function or its dependencies misbehave.",
  fix: "Keep egress to the Neo4j CIDRs and ports (neo4jCidrs, neo4jPorts) and the Secrets Manager endpoint; acknowledge a deliberate widening with a reason and an expiry date.",
  checkStack: (ctx) =>
    guardHits(
      ctx,
      (g) => g.direction === "egress" && (!g.newGuard || g.widening.afterSpan.exposure === "internet"),
      (g, added) => `egress to ${added.join(", ")} on ${portPhrase(g.widening)}${g.widening.afterSpan.exposure === "internet" ? ": the whole internet" : ""} (was ${reachedBefore(g)}) (${guardLabel(g.guard, ctx)})`,
    ),
};

import type { Rule } from "../rule";
import { accessCypher, isAccessRunner } from "../access-state";

export const accessFirstApply: Rule = {
  id: "AURA-ACC-3",
  severity: "low",
  title: "Neo4j access applied for the first time",
  meaning: "The access runner is new: it will create the roles, privileges, role grants and aliases of its state (shown as Cypher). Nothing is widened relative to an earlier state, so this is for review, not a gate.",
  fix: "Read the statements once; later changes to this state are reported as widened (AURA-ACC-1) or removed (AURA-ACC-2).",
  check(change) {
    if (!isAccessRunner(change) || change.kind !== "create") return [];
    return [{ detail: "new access runner", cypher: accessCypher(change) }];
  },
};

import type { Rule } from "../rule";
import { accessCypher, diffAccess, isAccessRunner, runnerState } from "../access-state";

export const accessRemoved: Rule = {
  id: "AURA-ACC-2",
  severity: "medium",
  title: "Neo4j access removed",
  meaning:
    "The access runner will drop roles, revoke privileges or role grants, drop aliases (and the privileges granted on them) or add DENYs. Users and applications relying on them lose access when the plan is applied.",
  fix: "Check that nobody still needs what is removed. The local-exec runner replaces its resource: it removes everything the old state declared, then applies the new state, so owned access is briefly absent.",
  check(change) {
    if (!isAccessRunner(change) || change.kind === "no-op" || change.kind === "create") return [];
    const { removed } = diffAccess(runnerState(change.type, change.before), runnerState(change.type, change.after));
    if (!removed.length) return [];
    return [{ detail: removed.join("; "), cypher: accessCypher(change) }];
  },
};

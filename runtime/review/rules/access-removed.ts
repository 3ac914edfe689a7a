import type { Rule } from "../rule";
import { accessCypher, diffAccess, hasOwnershipPart, isAccessRunner, ownedState, runnerState } from "../access-state";

export const accessRemoved: Rule = {
  id: "AURA-ACC-2",
  severity: "medium",
  title: "Neo4j access removed",
  meaning:
    "The access runner will drop roles, revoke privileges or role grants, drop aliases (and the privileges granted on them) or add DENYs; or the stack's access runner is destroyed and removes everything it owns. Users and applications relying on them lose access when the plan is applied.",
  fix: "Check that nobody still needs what is removed. A change is made in one transaction: what both states declare is never absent, and a failed apply leaves the previous access as it was.",
  check(change, ctx) {
    // The ownership part's destroy (the stack going away) removes everything it owns.
    const owned = ownedState(change.type, change.before);
    if (owned && change.kind === "delete") {
      const { removed } = diffAccess(owned, null);
      return removed.length ? [{ detail: `the access runner is destroyed and removes everything it owns: ${removed.join("; ")}` }] : [];
    }
    if (!isAccessRunner(change) || change.kind === "no-op" || change.kind === "create") return [];
    // The apply part's own destroy removes nothing when an ownership part holds the removal (it is judged there).
    if (change.kind === "delete" && hasOwnershipPart(ctx.stackChanges)) return [];
    const { removed } = diffAccess(runnerState(change.type, change.before), runnerState(change.type, change.after));
    if (!removed.length) return [];
    return [{ detail: removed.join("; "), cypher: accessCypher(change) }];
  },
};

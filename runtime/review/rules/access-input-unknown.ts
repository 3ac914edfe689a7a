import { runnerInputNotUnderstood } from "../access-state";
import type { Rule } from "../rule";
import { isActive } from "../values";

export const accessInputUnknown: Rule = {
  id: "AURA-ACC-5",
  severity: "medium",
  title: "The access runner's input is not understood",
  meaning: "This resource looks like a Neo4j access runner (its input holds connection, roles, users or aliases), but the review cannot read the desired state from it, so it cannot say what access the change grants or removes. Not understood is reported, never passed.",
  fix: "Read the plan's input of this resource by hand, or upgrade aura-secure so that the review reads the runner's current input format.",
  check(change) {
    if (!isActive(change) || change.kind === "delete") return [];
    const unread = runnerInputNotUnderstood(change.type, change.after) || runnerInputNotUnderstood(change.type, change.before);
    return unread ? [{ detail: `${change.type} input with access fields the review cannot read as a desired state` }] : [];
  },
};

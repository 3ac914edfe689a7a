import type { Rule } from "../rule";
import { accessCypher, diffAccess, isAccessRunner, runnerState } from "../access-state";

export const accessWidened: Rule = {
  id: "AURA-ACC-1",
  severity: "high",
  title: "Neo4j access widened",
  meaning: "The access runner will grant more than before: new privileges (on every database when the graph is *), roles granted to more users, new or re-pointed aliases, or DENYs lifted.",
  fix: "Check each grant against who needs it; prefer named graphs and labels over *.",
  check(change) {
    if (!isAccessRunner(change) || change.kind === "no-op" || change.kind === "create") return [];
    const { widened } = diffAccess(runnerState(change.type, change.before), runnerState(change.type, change.after));
    if (!widened.length) return [];
    return [{ detail: widened.join("; "), cypher: accessCypher(change) }];
  },
};

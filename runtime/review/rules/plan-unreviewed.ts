import { coverageOf, unreviewedAttributes } from "../coverage";
import type { Rule } from "../rule";

export const planUnreviewed: Rule = {
  id: "AURA-PLAN-1",
  severity: "low",
  title: "Unreviewed change",
  meaning:
    "The review compares the security posture of keys, endpoints, network rules, private DNS, Neo4j access and credentials paths before and after. This change touches a resource or attributes none of those comparisons model (cosmetic attributes such as tags, labels and descriptions excepted), so nothing here says whether it matters: it is listed so that it is read, not passed unseen.",
  fix: "Read the named attributes in the plan. If the resource matters to Aura's security, ask for the review to model it.",
  check(c) {
    if (c.kind === "create") {
      return coverageOf(c) ? [] : [{ detail: `new ${c.type}: the review does not model this resource${c.provisioners?.length ? " (its provisioners are judged by AURA-CRED-2)" : ""}` }];
    }
    if (c.kind !== "update" && c.kind !== "replace") return [];
    // A replacement of a resource whose removal a posture rule judges is judged as a whole there.
    if (c.kind === "replace" && coverageOf(c)?.deletionJudged) return [];
    const attrs = unreviewedAttributes(c);
    return attrs.length ? [{ detail: `${attrs.join(", ")} change${attrs.length === 1 ? "s" : ""}${c.previousAddress ? ` (moved from ${c.previousAddress})` : ""}` }] : [];
  },
};

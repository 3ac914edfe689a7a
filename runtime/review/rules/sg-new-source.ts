import type { Rule } from "../rule";
import { cidrStrictlyContains } from "../values";
import { ingressAdded, ingressBefore, isWorld, portText } from "../ingress";

export const sgNewSource: Rule = {
  id: "AURA-SG-3",
  severity: "medium",
  title: "New source allowed to the endpoint",
  meaning: "An existing endpoint's security group lets a new CIDR or security group reach the Aura database ports.",
  fix: "Confirm the new source should reach Aura; keep each rule described (who it is for).",
  check(change, ctx) {
    const before = ingressBefore(ctx.stackChanges);
    // A new security group (first apply) has no "before" to compare: nothing is new relative to anything.
    if (!before.length) return [];
    const known = new Set(before.map((b) => b.source));
    return ingressAdded(change)
      .filter((i) => !isWorld(i.source) && !known.has(i.source) && !before.some((b) => cidrStrictlyContains(i.source, b.source)))
      .map((i) => ({ detail: `${i.source} on port ${portText(i)}` }));
  },
};

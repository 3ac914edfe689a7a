import { guardLabel, networkPosture } from "../posture/network";
import type { Rule } from "../rule";

export const sgDenyChanged: Rule = {
  id: "AURA-SG-6",
  severity: "medium",
  title: "A deny rule is removed or changed",
  meaning: "Firewall and network security group rules are evaluated by priority: a deny rule may be what keeps a broader allow from reaching Aura. The review counts allows only, so a removed or changed deny is reported rather than judged.",
  fix: "Check the priorities of the remaining rules: nothing broader than before may now reach the endpoint.",
  checkStack: (ctx) => networkPosture(ctx).denies.map((d) => ({ change: d.change, detail: `a deny rule of ${guardLabel(d.guard, ctx)} is removed or changed` })),
};

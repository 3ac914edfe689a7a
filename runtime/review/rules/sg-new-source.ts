import { attachmentChanges, guardHits, guardWhere, isIngress, portPhrase } from "../posture/network";
import type { Rule } from "../rule";

export const sgNewSource: Rule = {
  id: "AURA-SG-3",
  severity: "medium",
  title: "New security group, prefix list or service tag allowed, or new security groups attached",
  meaning:
    "A source that is not an address range (another security group, a prefix list, a service tag) now reaches a port, or another security group now guards the endpoint or the runner: whatever that group or list admits reaches Aura. Its members are not in the plan, so the review cannot count them.",
  fix: "Confirm the new source or group should reach Aura; keep each rule described (who it is for).",
  checkStack: (ctx) => [
    ...guardHits(ctx, (g) => isIngress(g) && !g.newGuard && g.widening.addedNamed.length > 0, (g) => `${g.widening.addedNamed.join(", ")} on ${portPhrase(g.widening)}${guardWhere(g, ctx)}`),
    ...ctx.stackChanges.flatMap((change) => attachmentChanges(change).map((detail) => ({ change, detail }))),
  ],
};

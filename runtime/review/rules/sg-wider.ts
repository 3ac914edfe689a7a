import { reachesInternet } from "../../../domain/network-exposure";
import { addsAddresses, guardHits, guardWhere, isIngress, portPhrase, portWasOpen, reachedBefore } from "../posture/network";
import type { Rule } from "../rule";

export const sgWider: Rule = {
  id: "AURA-SG-2",
  severity: "medium",
  title: "More addresses reach a port",
  meaning: "Counted as addresses, the sources allowed on this port cover more than before: more hosts can reach the Aura database ports (or the runner) than before. A narrower or equal range never fires.",
  fix: "Check that the wider range is meant (for example a whole VPC instead of its application subnets); prefer the narrowest CIDRs or security group references.",
  checkStack: (ctx) => guardHits(ctx, (g) => isIngress(g) && !g.newGuard && addsAddresses(g) && portWasOpen(g) && !reachesInternet(g.widening), (g, added) => `${added.join(", ")} on ${portPhrase(g.widening)} (was ${reachedBefore(g)})${guardWhere(g, ctx)}`),
};

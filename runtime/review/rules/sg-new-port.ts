import { reachesInternet } from "../../../domain/network-exposure";
import { addsAddresses, guardHits, guardWhere, isIngress, portPhrase, portWasOpen } from "../posture/network";
import type { Rule } from "../rule";

export const sgNewPort: Rule = {
  id: "AURA-SG-4",
  severity: "medium",
  title: "A port no rule opened before is opened",
  meaning: "Aura listens on 7687 (Bolt), 443 and 7474 (HTTPS/HTTP API) and, for AuraDS, 8491. A port (or protocol) no rule opened before is now reachable.",
  fix: "Open only the ports your product uses; a range or a port outside that list is usually a mistake.",
  checkStack: (ctx) => guardHits(ctx, (g) => isIngress(g) && !g.newGuard && addsAddresses(g) && !portWasOpen(g) && !reachesInternet(g.widening), (g, added) => `${portPhrase(g.widening)} opened (from ${added.join(", ")})${guardWhere(g, ctx)}`),
};

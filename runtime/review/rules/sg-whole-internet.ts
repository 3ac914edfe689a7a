import { reachesInternet } from "../../../domain/network-exposure";
import { guardHits, guardWhere, isIngress, portPhrase, reachedBefore } from "../posture/network";
import type { Rule } from "../rule";

export const sgWholeInternet: Rule = {
  id: "AURA-SG-1",
  severity: "high",
  title: "A port is opened to the whole internet",
  meaning:
    "The private endpoint (or the access runner) exists so that only your networks reach it. Counted as addresses, IPv4 and IPv6, the sources allowed on this port now cover the whole internet (0.0.0.0/0, or halves such as 0.0.0.0/1 + 128.0.0.0/1, or all but a sliver): any address that can route into the network (peered networks, VPN, transit gateway) may now connect.",
  fix: "List the client CIDRs or security groups instead. If every address really must connect, say so in the config with allowAnyIpv4Source, and acknowledge the finding with a reason and an expiry date.",
  checkStack: (ctx) => guardHits(ctx, (g) => isIngress(g) && reachesInternet(g.widening), (g, added) => `${added.join(", ")} on ${portPhrase(g.widening)}: the port's sources now cover the whole internet (was ${reachedBefore(g)})${guardWhere(g, ctx)}`),
};

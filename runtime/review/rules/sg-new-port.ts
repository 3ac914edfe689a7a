import type { Rule } from "../rule";
import { ingressAdded, ingressBefore, portText } from "../ingress";

export const sgNewPort: Rule = {
  id: "AURA-SG-4",
  severity: "medium",
  title: "New port opened on the endpoint",
  meaning: "Aura listens on 7687 (Bolt), 443 and 7474 (HTTPS/HTTP API) and, for AuraDS, 8491. A port that no rule opened before is now reachable through the endpoint.",
  fix: "Open only the ports your product uses; a range or a port outside that list is usually a mistake.",
  check(change, ctx) {
    const before = ingressBefore(ctx.stackChanges);
    if (!before.length) return [];
    const covered = (from: number, to: number) => before.some((b) => b.fromPort <= from && b.toPort >= to);
    const seen = new Set<string>();
    return ingressAdded(change).flatMap((i) => {
      const p = portText(i);
      if (covered(i.fromPort, i.toPort) || seen.has(p)) return [];
      seen.add(p);
      return [{ detail: `port ${p} (from ${i.source})` }];
    });
  },
};

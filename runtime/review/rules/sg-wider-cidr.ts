import type { Rule } from "../rule";
import { cidrStrictlyContains } from "../values";
import { ingressAdded, ingressBefore, isWorld, portText } from "../ingress";

export const sgWiderCidr: Rule = {
  id: "AURA-SG-2",
  severity: "medium",
  title: "Wider CIDR allowed to the endpoint",
  meaning: "A source range now allowed to the endpoint contains a range that was allowed before and more: more hosts can reach the Aura database ports than before.",
  fix: "Check that the wider range is meant (for example a whole VPC instead of its application subnets); prefer the narrowest CIDRs or security group references.",
  check(change, ctx) {
    const before = ingressBefore(ctx.stackChanges);
    return ingressAdded(change)
      .filter((i) => !isWorld(i.source))
      .flatMap((i) => {
        const narrower = [...new Set(before.filter((b) => cidrStrictlyContains(i.source, b.source)).map((b) => b.source))];
        return narrower.length ? [{ detail: `${i.source} on port ${portText(i)} (was ${narrower.join(", ")})` }] : [];
      });
  },
};

import type { Rule } from "../rule";
import { ingressAdded, isWorld, portText } from "../ingress";

export const sgOpenToWorld: Rule = {
  id: "AURA-SG-1",
  severity: "high",
  title: "Endpoint opened to 0.0.0.0/0",
  meaning: "The private endpoint exists so that only your networks reach Aura. Any address that can route into the VPC (peered networks, VPN, transit gateway) may now connect to the database ports.",
  fix: "List the client CIDRs or security groups instead. If every address in the VPC really must connect, say so in the config with allowAnyIpv4Source.",
  check(change) {
    return ingressAdded(change)
      .filter((i) => isWorld(i.source))
      .map((i) => ({ detail: `${i.source} allowed on port ${portText(i)}` }));
  },
};

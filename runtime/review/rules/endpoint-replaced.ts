import type { Rule } from "../rule";
import { isRemoval, replaceReason } from "../values";

/** The consumer side of the private connection, per cloud, and what Aura's console needs after a new one. */
export const ENDPOINT_TYPES: Record<string, string> = {
  aws_vpc_endpoint: "AWS: accept the new VPC endpoint ID in the Aura console (the account must still be allow-listed)",
  google_compute_forwarding_rule: "GCP: the new Private Service Connect connection must be accepted by Aura (the project must still be allow-listed)",
  azurerm_private_endpoint: "Azure: accept the new pending private endpoint connection in the Aura console",
};

export const endpointReplaced: Rule = {
  id: "AURA-NET-1",
  severity: "high",
  title: "Private endpoint replaced or deleted",
  meaning:
    "Every client in the network reaches Aura through this endpoint (one endpoint serves all instances of the project in the region). Deleting it cuts them all; a replacement is a new endpoint that stays pending, so clients are cut until it is accepted in the Aura console and the DNS records point at it.",
  fix: "Avoid the replacement if you can (the attributes that force it are named here). If it is intended, schedule a window, apply, accept the new endpoint in the Aura console at once, then run `aura-secure verify` or the console's connectivity checks.",
  check(change) {
    const step = ENDPOINT_TYPES[change.type];
    if (!step || !isRemoval(change)) return [];
    return [{ detail: `${replaceReason(change)}; ${change.kind === "replace" ? step : "clients lose the private connection"}` }];
  },
};

import type { Rule } from "../rule";
import { RECORD_TYPES, recordName, recordTarget } from "../dns";

export const dnsRecordTarget: Rule = {
  id: "AURA-DNS-2",
  severity: "medium",
  title: "DNS record target changed or record removed",
  meaning:
    "Aura's private names (the orchestration wildcard, custom endpoint names) must resolve to the endpoint. A changed target sends clients elsewhere; a removed record makes that name resolve to nothing in a private zone (NXDOMAIN), so drivers fail to connect or to route.",
  fix: "Check that the new target is this region's endpoint. Remove a record only together with the custom endpoint or orchestration it served.",
  check(change) {
    if (!RECORD_TYPES.includes(change.type)) return [];
    const name = recordName(change.type, change.before ?? change.after) ?? change.address;
    if (change.kind === "delete") return [{ detail: `${name} removed (answered ${recordTarget(change.type, change.before) ?? "?"})` }];
    if (change.kind !== "update" && change.kind !== "replace") return [];
    const from = recordTarget(change.type, change.before);
    const to = recordTarget(change.type, change.after);
    if (from === to && from !== undefined) return [];
    if (to === undefined) return [{ detail: `${name}: target ${from ?? "?"} -> known only after apply (the endpoint it points to changes)` }];
    return [{ detail: `${name}: ${from ?? "?"} -> ${to}` }];
  },
};

import type { PlannedZone } from "../aura/dns-plan";
import { zoneKey } from "../aura/dns-ids";
import { gcpResourceName } from "./names";

/**
 * Pure: the Cloud DNS response policy rules that serve a region's planned zones. A rule matches its
 * own name only (a `*.d` rule does not answer `d` itself, and `d` does not answer its subtree), so a
 * zone served by a wildcard also gets an apex rule, as a private zone's apex would.
 */

export interface ResponsePolicyRulePlan {
  /** for_each key within the zone: "apex", "*" or the record label. */
  key: string;
  /** Unique within the policy, an RFC 1035 label: `orch-0000-apex`, `orch-0000-wildcard`, `endpoints-a-my-ep`. */
  ruleName: string;
  /** With the trailing dot Cloud DNS wants. */
  dnsName: string;
}

export interface ZoneRules {
  domain: string;
  /** `orch-0000`, `endpoints`: the construct id suffix shared with the other clouds' records. */
  zoneKey: string;
  rules: ResponsePolicyRulePlan[];
}

export function responsePolicyRules(zones: readonly PlannedZone[]): ZoneRules[] {
  return zones.map((zone) => {
    const key = zoneKey(zone.domain);
    const rules: ResponsePolicyRulePlan[] = [];
    if (zone.records.some((r) => r.label === "*")) {
      rules.push({ key: "apex", ruleName: gcpResourceName([key, "apex"]), dnsName: `${zone.domain}.` });
    }
    for (const rec of zone.records) {
      rules.push({ key: rec.label, ruleName: gcpResourceName([key, rec.label === "*" ? "wildcard" : rec.label]), dnsName: `${rec.fqdn}.` });
    }
    return { domain: zone.domain, zoneKey: key, rules };
  });
}

import type { PlannedZone } from "../aura/dns-plan";
import { zoneKey } from "../aura/dns-ids";
import { gcpResourceName } from "./gcp-names";

/**
 * Pure: the Cloud DNS response policy rules that serve a region's planned zones. A rule matches its
 * own name only (a `*.d` rule does not answer `d` itself, and `d` does not answer its subtree), so a
 * zone served by a wildcard also gets an apex rule, as a private zone's apex would.
 */

export interface ResponsePolicyRulePlan {
  /** Stable construct id: `rule_orch-0000_apex`, `rule_orch-0000_wildcard`, `rule_endpoints_a-my-ep`. */
  id: string;
  /** Unique within the policy, an RFC 1035 label. */
  ruleName: string;
  /** With the trailing dot Cloud DNS wants. */
  dnsName: string;
}

export function responsePolicyRules(zones: readonly PlannedZone[]): ResponsePolicyRulePlan[] {
  const rules: ResponsePolicyRulePlan[] = [];
  for (const zone of zones) {
    const key = zoneKey(zone.domain);
    if (zone.records.some((r) => r.label === "*")) {
      rules.push({ id: `rule_${key}_apex`, ruleName: gcpResourceName([key, "apex"]), dnsName: `${zone.domain}.` });
    }
    for (const rec of zone.records) {
      const suffix = rec.label === "*" ? "wildcard" : rec.label;
      rules.push({ id: `rule_${key}_${suffix}`, ruleName: gcpResourceName([key, suffix]), dnsName: `${rec.fqdn}.` });
    }
  }
  return rules;
}

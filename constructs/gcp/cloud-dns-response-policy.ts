import { DnsResponsePolicy } from "@cdktf/provider-google/lib/dns-response-policy";
import { DnsResponsePolicyRule } from "@cdktf/provider-google/lib/dns-response-policy-rule";
import { TerraformIterator } from "cdktf";
import { Construct } from "constructs";
import { assertProps } from "../../domain/props";
import { gcpDnsProblems } from "../../domain/construct-rules";
import type { PlannedZone } from "../../domain/aura/dns-plan";
import { networkUrl } from "../../domain/gcp/names";
import { responsePolicyRules } from "../../domain/gcp/response-policy-rules";

export interface CloudDnsResponsePolicyProps {
  /** Name of the policy; GCP binds at most one response policy to a network. */
  readonly name: string;
  readonly project: string;
  /** Zones and records decided by planRegionDns; each becomes apex/wildcard/exact rules. */
  readonly zones: readonly PlannedZone[];
  /** Network self links (`projects/<p>/global/networks/<n>`) the policy is bound to. */
  readonly networks: readonly string[];
  /** The PSC endpoint's internal address. */
  readonly ipAddress: string;
  readonly ttl?: number;
}

/**
 * A Cloud DNS response policy bound to the networks, answering Aura's names with the endpoint's address.
 * Rules override private zones and public DNS for exactly the names they match, nothing else.
 */
export class CloudDnsResponsePolicy extends Construct {
  readonly policy: DnsResponsePolicy;

  constructor(scope: Construct, id: string, props: CloudDnsResponsePolicyProps) {
    super(scope, id);
    assertProps("CloudDnsResponsePolicy", this.node.path, gcpDnsProblems(props));
    this.policy = new DnsResponsePolicy(this, "response_policy", {
      responsePolicyName: props.name,
      project: props.project,
      description: "Aura private endpoint DNS; managed by cdktf-aura-secure",
      networks: props.networks.map((n) => ({ networkUrl: networkUrl(n) })),
    });
    // One for_each resource per zone keyed like the records of the other clouds (see Route53PrivateDns).
    for (const zone of responsePolicyRules(props.zones)) {
      const each = TerraformIterator.fromMap(Object.fromEntries(zone.rules.map((r) => [r.key, { rule: r.ruleName, dns: r.dnsName }])));
      new DnsResponsePolicyRule(this, `rules_${zone.zoneKey}`, {
        forEach: each,
        project: props.project,
        responsePolicy: this.policy.responsePolicyName,
        ruleName: each.getString("rule"),
        dnsName: each.getString("dns"),
        localData: { localDatas: [{ name: each.getString("dns"), type: "A", ttl: props.ttl ?? 300, rrdatas: [props.ipAddress] }] },
      });
    }
  }
}

import { DnsResponsePolicy } from "@cdktf/provider-google/lib/dns-response-policy";
import { DnsResponsePolicyRule } from "@cdktf/provider-google/lib/dns-response-policy-rule";
import { Construct } from "constructs";
import type { PlannedZone } from "../aura/dns-plan";
import { networkUrl } from "./gcp-names";
import { responsePolicyRules } from "./response-policy-rules";

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
  readonly rules: DnsResponsePolicyRule[] = [];

  constructor(scope: Construct, id: string, props: CloudDnsResponsePolicyProps) {
    super(scope, id);
    this.policy = new DnsResponsePolicy(this, "response_policy", {
      responsePolicyName: props.name,
      project: props.project,
      description: "Aura private endpoint DNS; managed by cdktf-aura-secure",
      networks: props.networks.map((n) => ({ networkUrl: networkUrl(n) })),
    });
    for (const rule of responsePolicyRules(props.zones)) {
      this.rules.push(
        new DnsResponsePolicyRule(this, rule.id, {
          project: props.project,
          responsePolicy: this.policy.responsePolicyName,
          ruleName: rule.ruleName,
          dnsName: rule.dnsName,
          localData: { localDatas: [{ name: rule.dnsName, type: "A", ttl: props.ttl ?? 300, rrdatas: [props.ipAddress] }] },
        }),
      );
    }
  }
}

import { ComputeAddress } from "@cdktf/provider-google/lib/compute-address";
import { ComputeForwardingRule } from "@cdktf/provider-google/lib/compute-forwarding-rule";
import { Construct } from "constructs";
import { assertProps } from "../../domain/props";
import { pscEndpointProblems } from "../../domain/construct-rules";
import type { AuraProduct } from "../../domain/aura/names";

export interface PscEndpointProps {
  /** Name of the address and the forwarding rule: `<project>-aura-<region>`. */
  readonly name: string;
  /** The consumer project (the one Aura allow-lists). */
  readonly project: string;
  readonly region: string;
  readonly product: AuraProduct;
  /** `projects/<p>/global/networks/<n>`. */
  readonly network: string;
  /** `projects/<p>/regions/<r>/subnetworks/<s>`, in `region`. */
  readonly subnetwork: string;
  /** A fixed internal address; GCP picks one from the subnetwork when unset. */
  readonly address?: string;
  /** The Aura service attachment URL, validated and normalized by the config schema. */
  readonly serviceAttachment: string;
  /** Reach the endpoint from other regions of the network. */
  readonly globalAccess?: boolean;
  /**
   * True when something else serves the Aura names (this stack's private zones or response policy):
   * Google then creates no automatic private zone for a domain the service attachment may carry, so one
   * owner answers the names (docs/vendor-facts.md, "GCP automatic DNS zone"). Forces a new forwarding rule
   * when changed.
   */
  readonly noAutomateDnsZone?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A Private Service Connect endpoint to Aura's service attachment: an internal address reserved for
 * the endpoint (purpose GCE_ENDPOINT) and a forwarding rule that targets the attachment. The scheme
 * must be empty: PSC endpoints to published services are not load balancers.
 */
export class PscEndpoint extends Construct {
  readonly address: ComputeAddress;
  readonly forwardingRule: ComputeForwardingRule;

  constructor(scope: Construct, id: string, props: PscEndpointProps) {
    super(scope, id);
    assertProps("PscEndpoint", this.node.path, pscEndpointProblems(props));
    // The product as a label (updatable), not in a description (which would force a replacement).
    const labels = { "aura-product": props.product, ...props.labels };

    this.address = new ComputeAddress(this, "address", {
      name: props.name,
      project: props.project,
      region: props.region,
      subnetwork: props.subnetwork,
      addressType: "INTERNAL",
      purpose: "GCE_ENDPOINT",
      address: props.address,
      labels,
      // Every argument of the address forces a replacement (a new IP, and a new forwarding rule with it):
      // only values from the props, no description. Addresses of earlier versions carry one written by the
      // library; ignoring it keeps them (CHANGELOG.md). The labels say who manages it.
      lifecycle: { ignoreChanges: ["description"] },
    });

    this.forwardingRule = new ComputeForwardingRule(this, "forwarding_rule", {
      name: props.name,
      project: props.project,
      region: props.region,
      network: props.network,
      ipAddress: this.address.id,
      target: props.serviceAttachment,
      loadBalancingScheme: "",
      allowPscGlobalAccess: props.globalAccess ?? false,
      noAutomateDnsZone: props.noAutomateDnsZone ? true : undefined,
      labels,
      // As for the address: a new forwarding rule is a new PSC connection Aura must accept again.
      lifecycle: { ignoreChanges: ["description"] },
    });
  }
}

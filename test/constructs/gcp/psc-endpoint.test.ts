import { ComputeAddress } from "@cdktf/provider-google/lib/compute-address";
import { ComputeForwardingRule } from "@cdktf/provider-google/lib/compute-forwarding-rule";
import { synthInAuraStack } from "../../support/synth";
import { PscEndpoint, type PscEndpointProps } from "../../../constructs/gcp/psc-endpoint";

const SA = "https://www.googleapis.com/compute/v1/projects/neo4j-aura-0002/regions/europe-west1/serviceAttachments/production-orch-0002-psc";

const props: PscEndpointProps = {
  name: "acme-aura-europe-west1",
  project: "acme-graph-prod",
  region: "europe-west1",
  product: "virtual-dedicated-cloud",
  network: "projects/acme-graph-prod/global/networks/apps",
  subnetwork: "projects/acme-graph-prod/regions/europe-west1/subnetworks/apps-ew1",
  serviceAttachment: SA,
};

function synth(p: PscEndpointProps): string {
  return synthInAuraStack((scope) => {
    new PscEndpoint(scope, "psc", p);
  });
}

describe("PscEndpoint", () => {
  test("an internal address reserved for a PSC endpoint in the configured subnetwork", () => {
    expect(synth(props)).toHaveResourceWithProperties(ComputeAddress, {
      name: "acme-aura-europe-west1",
      project: "acme-graph-prod",
      region: "europe-west1",
      subnetwork: "projects/acme-graph-prod/regions/europe-west1/subnetworks/apps-ew1",
      address_type: "INTERNAL",
      purpose: "GCE_ENDPOINT",
    });
  });

  test("a forwarding rule targeting the Aura service attachment, with an empty scheme and the address", () => {
    expect(synth(props)).toHaveResourceWithProperties(ComputeForwardingRule, {
      name: "acme-aura-europe-west1",
      project: "acme-graph-prod",
      region: "europe-west1",
      network: "projects/acme-graph-prod/global/networks/apps",
      target: SA,
      load_balancing_scheme: "",
      ip_address: "${google_compute_address.psc_address.id}",
      allow_psc_global_access: false,
    });
  });

  test("no load-balancer arguments: no backend service, ports or protocol", () => {
    const rule = JSON.parse(synth(props)).resource.google_compute_forwarding_rule.psc_forwarding_rule;
    for (const key of ["backend_service", "ports", "port_range", "all_ports", "ip_protocol", "subnetwork"]) expect(rule).not.toHaveProperty(key);
  });

  test("a fixed address and global access are passed through", () => {
    const out = synth({ ...props, address: "10.10.0.5", globalAccess: true });
    expect(out).toHaveResourceWithProperties(ComputeAddress, { address: "10.10.0.5" });
    expect(out).toHaveResourceWithProperties(ComputeForwardingRule, { allow_psc_global_access: true });
  });

  test("without a fixed address GCP picks one: no address argument", () => {
    expect(JSON.parse(synth(props)).resource.google_compute_address.psc_address).not.toHaveProperty("address");
  });

  test("no library text in the arguments that force a replacement: no description (older ones ignored), the product as an updatable label", () => {
    const json = JSON.parse(synth({ ...props, labels: { team: "graph" } }));
    for (const r of [json.resource.google_compute_address.psc_address, json.resource.google_compute_forwarding_rule.psc_forwarding_rule]) {
      expect(r.description).toBeUndefined();
      expect(r.lifecycle).toEqual({ ignore_changes: ["description"] });
      expect(r.labels).toEqual({ "aura-product": "virtual-dedicated-cloud", team: "graph" });
    }
  });

  test.each([
    [true, true],
    [false, undefined],
    [undefined, undefined],
  ])("noAutomateDnsZone %s: no_automate_dns_zone is %s", (flag, expected) => {
    const rule = JSON.parse(synth({ ...props, noAutomateDnsZone: flag })).resource.google_compute_forwarding_rule.psc_forwarding_rule;
    expect(rule.no_automate_dns_zone).toBe(expected);
  });
});

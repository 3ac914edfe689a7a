import * as fs from "node:fs";
import * as path from "node:path";
import { exampleConfig } from "../../config/example";
import { configErrorOf } from "../support/config-errors";
import { clone, synthConfig } from "../support/synth";

const STACK = "aura-gcp-europe-west1";

function gcpOnlyExample(): any {
  const c = clone(exampleConfig) as any;
  c.regions = c.regions.filter((r: any) => r.cloud === "gcp");
  delete c.neo4jAccess;
  return c;
}

/** A second GCP region (us-central1) for the cross-region cases; same project, its own subnetwork. */
function usCentral(network: string): any {
  return {
    cloud: "gcp",
    region: "us-central1",
    product: "ds-enterprise",
    projectId: "acme-graph-prod",
    orchestrations: ["0004"],
    serviceAttachment: "projects/neo4j-aura-orch-0004/regions/us-central1/serviceAttachments/production-orch-0004-psc",
    network: { network, subnetwork: "projects/acme-graph-prod/regions/us-central1/subnetworks/apps-us-central1" },
    dns: { customEndpoints: ["ml-abcdef-999999"], customEndpointRecords: "wildcard" },
  };
}

function endpointAndDnsTypes(json: any): string[] {
  return Object.keys(json.resource)
    .filter((t) => /^google_(compute|dns)_/.test(t))
    .sort();
}

describe("GCP region stack", () => {
  test("the example's GCP region synthesizes one stack with the PSC endpoint and a response policy", () => {
    const synth = synthConfig(gcpOnlyExample());
    expect(synth.stacks.map((s) => s.name)).toEqual([STACK]);
    const json = synth.json(STACK);
    // Only the endpoint and DNS types are this stack's business here (keys may add their own).
    expect(endpointAndDnsTypes(json)).toEqual(["google_compute_address", "google_compute_forwarding_rule", "google_dns_response_policy", "google_dns_response_policy_rule"]);
    expect(json.resource.google_compute_forwarding_rule.psc_forwarding_rule).toMatchObject({
      target: "https://www.googleapis.com/compute/v1/projects/neo4j-aura-orch-0002/regions/europe-west1/serviceAttachments/production-orch-0002-psc",
      load_balancing_scheme: "",
      network: "projects/acme-graph-prod/global/networks/apps",
      ip_address: "${google_compute_address.psc_address.id}",
    });
    expect(json.resource.google_compute_address.psc_address).toMatchObject({ address_type: "INTERNAL", purpose: "GCE_ENDPOINT" });
    // Every DNS answer is the endpoint's address.
    for (const rules of Object.values(json.resource.google_dns_response_policy_rule) as any[]) {
      expect(rules.local_data.local_datas[0].rrdatas).toEqual(["${google_compute_address.psc_address.address}"]);
    }
    expect(Object.keys(json.resource.google_dns_response_policy_rule["dns_rules_orch-0002"].for_each).sort()).toEqual(["*", "apex"]);
  });

  test('gcpMode "managed-zone" creates private zones visible to the endpoint network and the additional ones', () => {
    const c = gcpOnlyExample();
    c.regions[0].dns.gcpMode = "managed-zone";
    c.regions[0].network.additionalNetworks = ["projects/acme-graph-host/global/networks/shared"];
    const json = synthConfig(c).json(STACK);
    expect(json.resource.google_dns_response_policy).toBeUndefined();
    const zone = json.resource.google_dns_managed_zone["dns_zone_orch-0002"];
    expect(zone).toMatchObject({ name: "acme-graph-aura-europe-west1-orch-0002", dns_name: "production-orch-0002.neo4j.io.", visibility: "private" });
    expect(zone.private_visibility_config.networks).toEqual([
      { network_url: "https://www.googleapis.com/compute/v1/projects/acme-graph-prod/global/networks/apps" },
      { network_url: "https://www.googleapis.com/compute/v1/projects/acme-graph-host/global/networks/shared" },
    ]);
    expect(json.resource.google_dns_record_set["dns_records_orch-0002"]).toMatchObject({
      for_each: { "*": "*.production-orch-0002.neo4j.io." },
      rrdatas: ["${google_compute_address.psc_address.address}"],
    });
    expect(json.output.zone_ids.value).toMatchObject({
      "reports-abcdef-234567.endpoints.neo4j.io": '${google_dns_managed_zone.dns_zones_endpoint_names["reports-abcdef-234567"].id}',
      "production-orch-0002.neo4j.io": "${google_dns_managed_zone.dns_zone_orch-0002.id}",
    });
    // managed-zone mode gets per-name zones like AWS: no zone for all of endpoints.neo4j.io.
    expect(json.output.zone_ids.value["endpoints.neo4j.io"]).toBeUndefined();
    const perName = json.resource.google_dns_managed_zone.dns_zones_endpoint_names;
    expect(perName.for_each["a-reports-abcdef-234567"]).toEqual({ name: "acme-graph-aura-europe-west1-ep-a-reports-abcdef-234567", dns: "a-reports-abcdef-234567.endpoints.neo4j.io." });
    expect(perName).toMatchObject({ dns_name: "${each.value.dns}", visibility: "private" });
    expect(json.resource.google_dns_record_set.dns_records_endpoint_names).toMatchObject({ for_each: "${google_dns_managed_zone.dns_zones_endpoint_names}", name: "${each.value.dns_name}", managed_zone: "${each.value.name}" });
  });

  test("the provider is pinned to project and region, labels default, no credentials in the JSON", () => {
    const json = synthConfig(gcpOnlyExample()).json(STACK);
    expect(json.provider.google).toEqual([
      {
        project: "acme-graph-prod",
        region: "europe-west1",
        default_labels: { "cost-center": "graph", "managed-by": "cdktf-aura-secure", owner: "platform-team", project: "acme-graph" },
      },
    ]);
    expect(JSON.stringify(json.provider)).not.toMatch(/credentials|access_token/);
    expect(json.terraform.required_providers.google.version).toBe("6.50.0");
    expect(Object.keys(json.terraform.backend)).toEqual(["local"]);
  });

  test("outputs: the project to allow-list with the pending warning, the PSC connection, the private IP, each described", () => {
    const json = synthConfig(gcpOnlyExample()).json(STACK);
    const outputs = json.output as Record<string, { value: any; description?: string }>;
    for (const o of Object.values(outputs)) expect(o.description?.length ?? 0).toBeGreaterThan(20);
    expect(outputs.private_ip!.value).toBe("${google_compute_address.psc_address.address}");
    expect(outputs.psc_connection_status!.value).toBe("${google_compute_forwarding_rule.psc_forwarding_rule.psc_connection_status}");
    expect(outputs.response_policy_id!.value).toBe("${google_dns_response_policy.dns_response_policy.id}");
    const console = outputs.aura_console!.value;
    expect(console.project_to_allow_list).toBe("acme-graph-prod");
    expect(console.endpoint_id_to_accept).toBe("${google_compute_forwarding_rule.psc_forwarding_rule.psc_connection_id}");
    expect(console.allow_list_note).toContain("stays PENDING until GCP project acme-graph-prod is allow-listed");
    expect(console.steps[0]).toContain("Aura console > Project settings > Security & Networking > Private endpoints > New network access configuration: choose the product and region, and enter acme-graph-prod as the GCP project to allow");
    expect(console.step_sources).toHaveLength(console.steps.length);
    expect(console.console_path_note).toBeUndefined();
    expect(outputs.dns_records!.value).toContain("*.production-orch-0002.neo4j.io");
  });

  test.each([
    ["response-policy", "private-zone", true],
    ["managed-zone", "private-zone", true],
    ["managed-zone", "none", undefined],
  ])("gcpMode %s, dns.strategy %s: no_automate_dns_zone is %s (Google's automatic zone is off only when this stack serves the names)", (mode, strategy, expected) => {
    const c = gcpOnlyExample();
    Object.assign(c.regions[0].dns, { gcpMode: mode, strategy });
    const rule = synthConfig(c).json(STACK).resource.google_compute_forwarding_rule.psc_forwarding_rule;
    expect(rule.no_automate_dns_zone).toBe(expected);
  });

  test("dns.strategy none creates no DNS resource but still outputs the names to serve", () => {
    const c = gcpOnlyExample();
    c.regions[0].dns.strategy = "none";
    const json = synthConfig(c).json(STACK);
    expect(endpointAndDnsTypes(json)).toEqual(["google_compute_address", "google_compute_forwarding_rule"]);
    expect(json.output.dns_records.value).toContain("*.production-orch-0002.neo4j.io");
  });

  test("two synths are byte-identical, and adding a custom endpoint renames nothing", () => {
    const a = synthConfig(gcpOnlyExample());
    const b = synthConfig(gcpOnlyExample());
    expect(fs.readFileSync(path.join(b.stackDir(STACK), "cdk.tf.json"), "utf8")).toBe(fs.readFileSync(path.join(a.stackDir(STACK), "cdk.tf.json"), "utf8"));
    const changed = gcpOnlyExample();
    changed.regions[0].dns.customEndpoints.push("billing-111111-222222");
    const before = a.json(STACK);
    const after = synthConfig(changed).json(STACK);
    for (const [type, resources] of Object.entries(before.resource as Record<string, object>)) {
      for (const name of Object.keys(resources)) expect(after.resource[type]).toHaveProperty([name]);
    }
    expect(Object.keys(after.resource.google_dns_response_policy_rule.dns_rules_endpoints.for_each)).toHaveLength(10);
  });
});

describe("GCP cross-region refusals at synth", () => {
  const APPS = "projects/acme-graph-prod/global/networks/apps";

  test("two GCP regions sharing one network: the custom endpoint wildcard is refused, naming both stacks", () => {
    const c = gcpOnlyExample();
    c.regions[0].dns.gcpMode = "managed-zone";
    c.regions.push(usCentral(APPS));
    c.regions[1].dns.gcpMode = "managed-zone";
    c.regions[0].dns.existingZones = { "endpoints.neo4j.io": "aura-endpoints" };
    c.regions[1].dns.existingZones = { "endpoints.neo4j.io": "aura-endpoints" };
    c.regions[0].dns.customEndpointZones = "domain";
    c.regions[1].dns.customEndpointZones = "domain";
    const message = configErrorOf(() => synthConfig(c)).message;
    expect(message).toContain('regions[1].dns.customEndpointRecords: got "wildcard"');
    expect(message).toContain(`network gcp:${APPS} is linked to 2 regions (aura-gcp-europe-west1, aura-gcp-us-central1)`);
    expect(message).toContain("breaks custom endpoints of the other regions");
  });

  test("the same setup with per-endpoint records synthesizes both stacks", () => {
    const c = gcpOnlyExample();
    c.regions[0].dns.gcpMode = "managed-zone";
    c.regions.push(usCentral(APPS));
    c.regions[1].dns.customEndpointRecords = "per-endpoint";
    c.regions[0].dns.existingZones = { "endpoints.neo4j.io": "aura-endpoints" };
    c.regions[1].dns.existingZones = { "endpoints.neo4j.io": "aura-endpoints" };
    c.regions[0].dns.customEndpointZones = "domain";
    c.regions[1].dns.customEndpointZones = "domain";
    expect(synthConfig(c).stacks.map((s) => s.name)).toEqual([STACK, "aura-gcp-us-central1"]);
  });

  test("the network key is the normalized self link: the URL form of the same network is the same network", () => {
    const c = gcpOnlyExample();
    c.regions[0].dns.gcpMode = "managed-zone";
    c.regions.push(usCentral(`https://www.googleapis.com/compute/v1/${APPS}`));
    expect(configErrorOf(() => synthConfig(c)).message).toContain(`network gcp:${APPS} is linked to 2 regions`);
  });

  test("regions on different networks may each use the wildcard", () => {
    const c = gcpOnlyExample();
    c.regions.push(usCentral("projects/acme-graph-prod/global/networks/ml"));
    expect(synthConfig(c).stacks).toHaveLength(2);
  });

  test("two response policies on one network are refused: GCP binds one per network", () => {
    const c = gcpOnlyExample();
    c.regions.push(usCentral(APPS));
    c.regions[1].dns = { gcpMode: "response-policy", customEndpoints: ["ml-abcdef-999999"] };
    const message = configErrorOf(() => synthConfig(c)).message;
    expect(message).toContain(`regions[0].dns.gcpMode and regions[1].dns.gcpMode: got "response-policy" for the same network ${APPS}`);
    expect(message).toContain("only one response policy to a network");
  });
});

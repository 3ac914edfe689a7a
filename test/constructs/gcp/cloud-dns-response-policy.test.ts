import { DnsResponsePolicy } from "@cdktf/provider-google/lib/dns-response-policy";
import { synthInAuraStack } from "../../support/synth";
import { planRegionDns } from "../../../domain/aura/dns-plan";
import { CloudDnsResponsePolicy } from "../../../constructs/gcp/cloud-dns-response-policy";
import { responsePolicyRules } from "../../../domain/gcp/response-policy-rules";

function zones(customEndpoints: string[], customEndpointRecords: "per-endpoint" | "wildcard" = "per-endpoint", orchestrations = ["0000"]) {
  return planRegionDns({ stack: "s", configPath: "regions[0]", orchestrations, customEndpoints, customEndpointRecords, customEndpointZones: "domain", networks: [], existingZones: {} });
}

describe("responsePolicyRules (pure)", () => {
  test.each<[string, ReturnType<typeof zones>, Record<string, string[]>]>([
    ["an orchestration: apex and wildcard", zones([]), { "orch-0000": ["production-orch-0000.neo4j.io.", "*.production-orch-0000.neo4j.io."] }],
    [
      "two orchestrations: apex and wildcard each",
      zones([], "per-endpoint", ["0001", "0000"]),
      { "orch-0000": ["production-orch-0000.neo4j.io.", "*.production-orch-0000.neo4j.io."], "orch-0001": ["production-orch-0001.neo4j.io.", "*.production-orch-0001.neo4j.io."] },
    ],
    [
      "per-endpoint custom endpoints: five exact names, no apex (endpoints.neo4j.io itself is not Aura's to answer)",
      zones(["my-ep"]),
      {
        "orch-0000": ["production-orch-0000.neo4j.io.", "*.production-orch-0000.neo4j.io."],
        endpoints: ["my-ep.endpoints.neo4j.io.", "a-my-ep.endpoints.neo4j.io.", "b-my-ep.endpoints.neo4j.io.", "c-my-ep.endpoints.neo4j.io.", "d-my-ep.endpoints.neo4j.io."],
      },
    ],
    [
      "wildcard custom endpoints: apex and wildcard",
      zones(["my-ep"], "wildcard"),
      { "orch-0000": ["production-orch-0000.neo4j.io.", "*.production-orch-0000.neo4j.io."], endpoints: ["endpoints.neo4j.io.", "*.endpoints.neo4j.io."] },
    ],
  ])("%s", (_name, planned, expected) => {
    const got = Object.fromEntries(responsePolicyRules(planned).map((z) => [z.zoneKey, z.rules.map((r) => r.dnsName)]));
    expect(got).toEqual(expected);
  });

  test("rule names are unique RFC 1035 labels", () => {
    const names = responsePolicyRules(zones(["my-ep", "x".repeat(61)], "per-endpoint", ["0000", "0001"])).flatMap((z) => z.rules.map((r) => r.ruleName));
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/);
  });
});

describe("CloudDnsResponsePolicy", () => {
  const NETWORKS = ["projects/acme-prod/global/networks/apps", "projects/acme-prod/global/networks/batch"];
  function synth(customEndpointRecords: "per-endpoint" | "wildcard" = "per-endpoint"): { text: string; json: any } {
    const text = synthInAuraStack((scope) => {
      new CloudDnsResponsePolicy(scope, "dns", { name: "acme-aura-europe-west1", project: "acme-prod", zones: zones(["my-ep"], customEndpointRecords), networks: NETWORKS, ipAddress: "10.0.0.5" });
    });
    return { text, json: JSON.parse(text) };
  }

  test("a response policy bound to every configured network", () => {
    expect(synth().text).toHaveResourceWithProperties(DnsResponsePolicy, {
      response_policy_name: "acme-aura-europe-west1",
      project: "acme-prod",
      networks: NETWORKS.map((n) => ({ network_url: `https://www.googleapis.com/compute/v1/${n}` })),
    });
  });

  test("the orch domain gets both an apex and a wildcard rule answering with the endpoint address", () => {
    const rules = synth().json.resource.google_dns_response_policy_rule["dns_rules_orch-0000"];
    expect(rules.for_each).toEqual({
      apex: { rule: "orch-0000-apex", dns: "production-orch-0000.neo4j.io." },
      "*": { rule: "orch-0000-wildcard", dns: "*.production-orch-0000.neo4j.io." },
    });
    expect(rules).toMatchObject({
      project: "acme-prod",
      response_policy: "${google_dns_response_policy.dns_response_policy.response_policy_name}",
      rule_name: "${each.value.rule}",
      dns_name: "${each.value.dns}",
      // Local data must be named like the rule's selector.
      local_data: { local_datas: [{ name: "${each.value.dns}", type: "A", ttl: 300, rrdatas: ["10.0.0.5"] }] },
    });
  });

  test("custom endpoint rules: five exact names, or apex and wildcard in wildcard mode", () => {
    expect(Object.keys(synth().json.resource.google_dns_response_policy_rule.dns_rules_endpoints.for_each).sort()).toEqual(["a-my-ep", "b-my-ep", "c-my-ep", "d-my-ep", "my-ep"]);
    expect(synth("wildcard").json.resource.google_dns_response_policy_rule.dns_rules_endpoints.for_each).toEqual({
      apex: { rule: "endpoints-apex", dns: "endpoints.neo4j.io." },
      "*": { rule: "endpoints-wildcard", dns: "*.endpoints.neo4j.io." },
    });
  });

  test("no managed zones or record sets: the policy answers on its own", () => {
    const json = synth().json;
    expect(json.resource.google_dns_managed_zone).toBeUndefined();
    expect(json.resource.google_dns_record_set).toBeUndefined();
  });
});

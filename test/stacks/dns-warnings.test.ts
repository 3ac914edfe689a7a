import { App } from "cdktf";
import { exampleConfig } from "../../config/example";
import { parseConfig } from "../../config/load";
import { composeApp } from "../../stacks/compose";
import { synthWarnings } from "../../stacks/warnings";
import { clone } from "../support/synth";

/** Synth warnings of DNS layouts that change what resolves inside a network, per cloud. */

function warnings(change: (c: any) => void): string[] {
  const c = clone(exampleConfig) as any;
  change(c);
  // Never synthesized: only the constructs' warnings are read, so no folder is written.
  const app = new App({ skipValidation: true });
  composeApp(app, parseConfig(c));
  return synthWarnings(app).filter((w) => w.includes("endpoints.neo4j.io"));
}

describe("synth warnings about names a private zone hides", () => {
  test("the example: only the eu-west-1 wildcard warns; per-name zones and the GCP response policy hide nothing", () => {
    expect(warnings(() => undefined)).toEqual([expect.stringMatching(/^aura-aws-eu-west-1: regions\[1\]\.dns\.customEndpointRecords is "wildcard": inside vpc-0f1e2d3c4b5a69788, every name under endpoints\.neo4j\.io/)]);
  });

  test.each([
    ["AWS", 0, "aura-aws-us-east-1", "orders-abcdef-123456"],
    ["GCP managed-zone", 2, "aura-gcp-europe-west1", "reports-abcdef-234567"],
    ["Azure", 3, "aura-azure-eastus", "billing-abcdef-345678"],
  ])("%s with customEndpointZones domain: the warning says which names stop resolving", (_cloud, i, stack, endpoint) => {
    const found = warnings((c) => {
      c.regions[i].dns.customEndpointZones = "domain";
      if (c.regions[i].cloud === "gcp") c.regions[i].dns.gcpMode = "managed-zone";
    }).filter((w) => w.startsWith(`${stack}:`));
    expect(found).toEqual([expect.stringContaining(`regions[${i}].dns.customEndpointZones is "domain": a private zone for all of endpoints.neo4j.io answers NXDOMAIN`)]);
    expect(found[0]).toContain(`every custom endpoint other than ${endpoint} stops resolving`);
  });

  test("GCP response-policy mode with customEndpointZones domain does not warn: its rules fall through", () => {
    expect(warnings((c) => (c.regions[2].dns.customEndpointZones = "domain")).filter((w) => w.startsWith("aura-gcp-"))).toEqual([]);
  });

  // Azure rejects resolution_policy on links of zones that are not privatelink.* zones (BadRequest
  // "ResolutionPolicy not supported"), and none of Aura's zones is one: no layout may set it.
  test.each([
    ["per-name zones (default)", (_r: any) => undefined],
    ["one zone for endpoints.neo4j.io", (r: any) => (r.dns.customEndpointZones = "domain")],
    ["wildcard record", (r: any) => (r.dns.customEndpointRecords = "wildcard")],
    ["an additional VNet", (r: any) => (r.network.additionalVnetIds = ["/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub"])],
  ])("Azure %s: no virtual network link carries resolution_policy, and the whole-domain layouts still warn", (_layout, change) => {
    const c = clone(exampleConfig) as any;
    c.regions = [c.regions[3]];
    delete c.neo4jAccess;
    change(c.regions[0]);
    const app = new App({ skipValidation: true });
    const [composed] = composeApp(app, parseConfig(c));
    const json = JSON.parse(require("cdktf").Testing.synth(composed!.stack));
    const links = Object.entries(json.resource.azurerm_private_dns_zone_virtual_network_link as Record<string, any>);
    expect(links.length).toBeGreaterThanOrEqual(2);
    for (const [name, link] of links) expect({ name, resolution_policy: link.resolution_policy }).toEqual({ name, resolution_policy: undefined });
    const hidden = synthWarnings(app).filter((w) => w.includes("endpoints.neo4j.io"));
    if (c.regions[0].dns.customEndpointZones === "domain" || c.regions[0].dns.customEndpointRecords === "wildcard") expect(hidden).toHaveLength(1);
    else expect(hidden).toEqual([]);
  });
});

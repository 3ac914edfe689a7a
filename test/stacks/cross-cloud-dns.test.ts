import { exampleConfig } from "../../config/example";
import { parseConfig } from "../../config/load";
import { crossRegionDnsProblems, type RegionDnsInput } from "../../domain/aura/dns-plan";
import { regionDnsInput, regionNetworks } from "../../stacks/region-dns";
import { clone, synthConfig } from "../support/synth";

function inputs(config: unknown): RegionDnsInput[] {
  const parsed = parseConfig(config);
  return parsed.regions.map((r, i) => regionDnsInput(r, `aura-${r.cloud}-${r.region}`, `regions[${i}]`));
}

describe("one DNS model for three clouds", () => {
  test("the example synthesizes AWS, GCP and Azure stacks", () => {
    expect(synthConfig(exampleConfig).stacks.map((s) => s.name)).toEqual(["aura-aws-us-east-1", "aura-aws-eu-west-1", "aura-gcp-europe-west1", "aura-azure-eastus", "aura-neo4j-access-dbms-a"]);
  });

  test("networks are namespaced per cloud: GCP self links, Azure VNet ids lower-cased", () => {
    const config = parseConfig(exampleConfig);
    expect(config.regions.map(regionNetworks)).toEqual([
      ["aws:vpc-0a1b2c3d4e5f60718"],
      ["aws:vpc-0f1e2d3c4b5a69788"],
      ["gcp:projects/acme-graph-prod/global/networks/apps"],
      ["azure:/subscriptions/00000000-1111-2222-3333-444444444444/resourcegroups/rg-acme-graph-network/providers/microsoft.network/virtualnetworks/vnet-apps-eastus"],
    ]);
  });

  test("an Azure VNet given in two cases is one network, and the wildcard is refused there", () => {
    const c = clone(exampleConfig) as any;
    const azure = c.regions[3];
    const west = clone(azure);
    west.region = "westeurope";
    west.orchestrations = ["0005"];
    west.resourceGroupName = "rg-acme-graph-westeurope";
    west.privateLinkServiceAlias = west.privateLinkServiceAlias.replace(".eastus.", ".westeurope.");
    west.network.subnetId = west.network.subnetId.replace("vnet-apps-eastus", "vnet-apps-westeurope");
    // The West Europe zones are also linked to the East US VNet, written in upper case.
    west.network.additionalVnetIds = [azure.network.subnetId.replace(/\/subnets\/.*$/, "").toUpperCase().replace("/SUBSCRIPTIONS/", "/subscriptions/")];
    west.dns = { customEndpoints: ["hr-abcdef-777777"], customEndpointRecords: "wildcard", existingZones: {} };
    c.regions.push(west);
    const problems = crossRegionDnsProblems(inputs(c));
    expect(problems.join("\n")).toContain('regions[4].dns.customEndpointRecords: got "wildcard"; network azure:/subscriptions/00000000-1111-2222-3333-444444444444/resourcegroups/rg-acme-graph-network');
    expect(problems.join("\n")).toContain("is linked to 2 regions (aura-azure-eastus, aura-azure-westeurope)");
  });

  test("a resolver shared by an AWS and a GCP region joins their networks: the wildcard is refused across clouds", () => {
    const c = clone(exampleConfig) as any;
    const aws = c.regions[0];
    const gcp = c.regions[2];
    aws.dns.sharedResolvers = ["corp-dns"];
    gcp.dns = { ...gcp.dns, sharedResolvers: ["corp-dns"], customEndpointRecords: "wildcard" };
    expect(regionNetworks(parseConfig(c).regions[2]!)).toContain("resolver:corp-dns");
    const problems = crossRegionDnsProblems(inputs(c));
    expect(problems).toEqual([expect.stringContaining('regions[2].dns.customEndpointRecords: got "wildcard"; network resolver:corp-dns is linked to 2 regions (aura-aws-us-east-1, aura-gcp-europe-west1)')]);
    expect(() => synthConfig(c)).toThrow(/network resolver:corp-dns is linked to 2 regions/);
    // Without the shared resolver the same clouds never share a network.
    delete aws.dns.sharedResolvers;
    expect(crossRegionDnsProblems(inputs(c))).toEqual([]);
  });

  test("crossRegionDnsProblems across clouds: only the regions that share a network are refused, and orchestrations and custom endpoints are unique across clouds", () => {
    const c = clone(exampleConfig) as any;
    c.regions[2].dns.gcpMode = "managed-zone";
    c.regions[2].dns.customEndpointZones = "domain";
    // A second GCP region on the example's GCP network, with the wildcard.
    c.regions.push({
      cloud: "gcp",
      region: "us-central1",
      product: "virtual-dedicated-cloud",
      projectId: "acme-graph-prod",
      orchestrations: ["0003"], // already the Azure region's
      serviceAttachment: "projects/neo4j-aura-orch-0004/regions/us-central1/serviceAttachments/production-orch-0004-psc",
      network: { network: "projects/acme-graph-prod/global/networks/apps", subnetwork: "projects/acme-graph-prod/regions/us-central1/subnetworks/apps-usc1" },
      dns: { gcpMode: "managed-zone", customEndpoints: ["orders-abcdef-123456"], customEndpointRecords: "wildcard" }, // orders-... is the AWS region's
    });
    const problems = crossRegionDnsProblems(inputs(c));
    const text = problems.join("\n");
    expect(text).toContain('regions[4].dns.customEndpointRecords: got "wildcard"; network gcp:projects/acme-graph-prod/global/networks/apps is linked to 2 regions (aura-gcp-europe-west1, aura-gcp-us-central1)');
    expect(text).toContain('regions[4].orchestrations: got "0003", already listed by regions[3] (aura-azure-eastus)');
    expect(text).toContain('regions[4].dns.customEndpoints: got "orders-abcdef-123456", already listed by regions[0] (aura-aws-us-east-1)');
    // The AWS eu-west-1 wildcard stays allowed: its VPC is linked to one region only.
    expect(text).not.toContain("regions[1].dns.customEndpointRecords");
    expect(problems).toHaveLength(3 + 1); // + both GCP regions creating endpoints.neo4j.io for one network
    expect(text).toContain("regions[2] and regions[4] would each create a private zone endpoints.neo4j.io for network gcp:projects/acme-graph-prod/global/networks/apps");
  });

  test("the example itself has no cross-region problem", () => {
    expect(crossRegionDnsProblems(inputs(exampleConfig))).toEqual([]);
  });
});

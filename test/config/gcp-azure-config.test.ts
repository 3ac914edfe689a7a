import { parseConfig } from "../../config/load";
import { configProblems } from "../support/config-errors";

const SA = "https://www.googleapis.com/compute/v1/projects/neo4j-aura-0002/regions/europe-west1/serviceAttachments/production-orch-0002-psc";
const SUB = "00000000-1111-2222-3333-444444444444";
const SUBNET = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-apps/subnets/snet-pe`;
const ALIAS = "production-orch-0003-service.5a8e0c4e-1b7d-4c3a-9f2e-6d1c0b9a8e7f.eastus.azure.privatelinkservice";

/** A minimal valid config with one GCP region (regions[0]) and one Azure region (regions[1]). */
function base(): any {
  return {
    project: "acme",
    regions: [
      {
        cloud: "gcp",
        region: "europe-west1",
        product: "virtual-dedicated-cloud",
        projectId: "acme-graph-prod",
        orchestrations: ["0002"],
        serviceAttachment: SA,
        network: {
          network: "projects/acme-graph-prod/global/networks/apps",
          subnetwork: "projects/acme-graph-prod/regions/europe-west1/subnetworks/apps-ew1",
        },
      },
      {
        cloud: "azure",
        region: "eastus",
        product: "ds-enterprise",
        subscriptionId: SUB,
        resourceGroupName: "rg-net",
        orchestrations: ["0003"],
        privateLinkServiceAlias: ALIAS,
        network: { subnetId: SUBNET },
      },
    ],
  };
}

function problemsOf(mutate: (c: any) => void): string[] {
  const c = base();
  mutate(c);
  return configProblems(c);
}

const g = "regions[0]";
const a = "regions[1]";

// Each case: what to break, and fragments the messages must contain (path, value received, what is allowed).
const badInputs: Array<[string, (c: any) => void, string[]]> = [
  // GCP
  ["gcp region name", (c) => (c.regions[0].region = "europe-west"), [`${g}.region: got "europe-west"`, 'like "europe-west1"']],
  ["gcp project id", (c) => (c.regions[0].projectId = "Acme_Prod"), [`${g}.projectId: got "Acme_Prod"`, "must be the GCP project id that Aura must allow-list", "6-30 lowercase"]],
  [
    "service attachment is not a URL of one",
    (c) => (c.regions[0].serviceAttachment = "https://www.googleapis.com/compute/v1/projects/neo4j-aura-0002/regions/europe-west1/forwardingRules/x"),
    [`${g}.serviceAttachment: got "https://www.googleapis.com/compute/v1/projects/neo4j-aura-0002/regions/europ...`, "service attachment URL shown in the Aura console", "serviceAttachments/<name>"],
  ],
  [
    "service attachment of another region",
    (c) => (c.regions[0].serviceAttachment = SA.replace("europe-west1", "us-central1")),
    [`${g}.serviceAttachment: got "https://www.googleapis.com/compute/v1/projects/neo4j-aura-0002/regions/us-ce...`, "service attachment in us-central1", "this entry is for europe-west1"],
  ],
  [
    "service attachment in the consumer's own project",
    (c) => (c.regions[0].serviceAttachment = "projects/acme-graph-prod/regions/europe-west1/serviceAttachments/mine"),
    [`${g}.serviceAttachment: got "https://www.googleapis.com/compute/v1/projects/acme-graph-prod/regions/europ...`, "in your own project acme-graph-prod", "Aura's project"],
  ],
  ["network self link", (c) => (c.regions[0].network.network = "apps"), [`${g}.network.network: got "apps"`, 'like "projects/my-project/global/networks/my-vpc"']],
  [
    "subnetwork self link",
    (c) => (c.regions[0].network.subnetwork = "projects/acme-graph-prod/subnetworks/apps"),
    [`${g}.network.subnetwork: got "projects/acme-graph-prod/subnetworks/apps"`, 'like "projects/my-project/regions/europe-west1/subnetworks/my-subnet"'],
  ],
  [
    "subnetwork of another region",
    (c) => (c.regions[0].network.subnetwork = "projects/acme-graph-prod/regions/europe-west4/subnetworks/apps-ew4"),
    [`${g}.network.subnetwork: got "projects/acme-graph-prod/regions/europe-west4/subnetworks/apps-ew4"`, "subnetwork of europe-west4", "must come from a subnetwork of europe-west1"],
  ],
  [
    "subnetwork outside the network's project",
    (c) => (c.regions[0].network.subnetwork = "projects/other-project/regions/europe-west1/subnetworks/apps"),
    [`${g}.network.subnetwork: got "projects/other-project/regions/europe-west1/subnetworks/apps"`, "network.network is in acme-graph-prod"],
  ],
  ["endpoint address", (c) => (c.regions[0].network.address = "10.0.0.256"), [`${g}.network.address: got "10.0.0.256"`, "free IPv4 address of the subnetwork"]],
  ["endpoint address with a leading zero", (c) => (c.regions[0].network.address = "10.0.0.05"), [`${g}.network.address: got "10.0.0.05"`, "free IPv4 address of the subnetwork", "without leading zeros"]],
  ["gcp dns mode", (c) => (c.regions[0].dns = { gcpMode: "zone" }), [`${g}.dns.gcpMode: got "zone"`, '"managed-zone"', '"response-policy"']],
  [
    "existing zones with a response policy",
    (c) => (c.regions[0].dns = { gcpMode: "response-policy", existingZones: { "production-orch-0002.neo4j.io": "aura-orch-0002" } }),
    [`${g}.dns.existingZones: got {"production-orch-0002.neo4j.io":"aura-orch-0002"}`, 'applies to gcpMode "managed-zone" only'],
  ],
  [
    "existing zone that is not a managed zone name",
    (c) => (c.regions[0].dns = { existingZones: { "endpoints.neo4j.io": "Z123/ABC" } }),
    [`${g}.dns.existingZones["endpoints.neo4j.io"]: got "Z123/ABC"`, "Cloud DNS managed zone name"],
  ],
  ["gcp label key", (c) => (c.regions[0].labels = { Team: "graph" }), [`${g}.labels.Team: got "graph"`, "label keys are 1-63 lowercase"]],
  ["gcp global access flag", (c) => (c.regions[0].network.globalAccess = "yes"), [`${g}.network.globalAccess: got "yes"`, "true or false"]],
  [
    "additional network repeats the endpoint's network",
    (c) => (c.regions[0].network.additionalNetworks = ["https://www.googleapis.com/compute/v1/projects/acme-graph-prod/global/networks/apps"]),
    [`${g}.network.additionalNetworks[0]: got "projects/acme-graph-prod/global/networks/apps"`, "list each network once"],
  ],
  ["gcp unknown key", (c) => (c.regions[0].vpcId = "vpc-1"), [`${g}.vpcId: unknown key`, "allowed keys here: cloud, region"]],
  // Azure
  ["azure location", (c) => (c.regions[1].region = "East-US"), [`${a}.region: got "east-us"`, 'like "eastus" or "East US"']],
  ["subscription id", (c) => (c.regions[1].subscriptionId = "1234"), [`${a}.subscriptionId: got "1234"`, "subscription id that Aura must allow-list, a GUID"]],
  ["resource group name", (c) => (c.regions[1].resourceGroupName = "rg net."), [`${a}.resourceGroupName: got "rg net."`, "existing resource group"]],
  [
    "alias format",
    (c) => (c.regions[1].privateLinkServiceAlias = "production-orch-0003-service.eastus.azure.privatelinkservice"),
    [`${a}.privateLinkServiceAlias: got "production-orch-0003-service.eastus.azure.privatelinkservice"`, "private link service alias shown in the Aura console", ".eastus.azure.privatelinkservice"],
  ],
  [
    "alias of another location",
    (c) => (c.regions[1].privateLinkServiceAlias = ALIAS.replace(".eastus.", ".westeurope.")),
    [`${a}.privateLinkServiceAlias: got "production-orch-0003-service.5a8e0c4e-1b7d-4c3a-9f2e-6d1c0b9a8e7f.westeurope`, "private link service in westeurope", "this entry is for eastus"],
  ],
  [
    "alias of another location, location given with spaces",
    (c) => {
      c.regions[1].region = "West Europe";
    },
    [`${a}.privateLinkServiceAlias`, "private link service in eastus", "this entry is for westeurope"],
  ],
  ["subnet id", (c) => (c.regions[1].network.subnetId = "snet-pe"), [`${a}.network.subnetId: got "snet-pe"`, "subnet resource id like"]],
  [
    "subnet of another subscription",
    (c) => (c.regions[1].network.subnetId = SUBNET.replace(SUB, "99999999-1111-2222-3333-444444444444")),
    [`${a}.network.subnetId: got "/subscriptions/99999999-1111-2222-3333-444444444444/`, "but subscriptionId is 00000000-1111-2222-3333-444444444444"],
  ],
  ["additional VNet id", (c) => (c.regions[1].network.additionalVnetIds = [SUBNET]), [`${a}.network.additionalVnetIds[0]: got "/subscriptions/`, "virtual network resource id like"]],
  [
    "additional VNet repeats the endpoint's VNet, in other case",
    (c) => (c.regions[1].network.additionalVnetIds = [SUBNET.replace(/\/subnets\/.*$/, "").toUpperCase().replace("/SUBSCRIPTIONS/", "/subscriptions/")]),
    [`${a}.network.additionalVnetIds[0]`, "the endpoint's own VNet is linked anyway"],
  ],
  [
    "existing zone id of another domain",
    (c) => (c.regions[1].dns = { existingZones: { "production-orch-0003.neo4j.io": `/subscriptions/${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/endpoints.neo4j.io` } }),
    [`${a}.dns.existingZones["production-orch-0003.neo4j.io"]: got "/subscriptions/`, "resource id of the private DNS zone production-orch-0003.neo4j.io"],
  ],
  ["request message too long", (c) => (c.regions[1].requestMessage = "x".repeat(141)), [`${a}.requestMessage: got "xxxx`, "at most 140 characters"]],
  ["unknown cloud", (c) => (c.regions[1].cloud = "oci"), [`${a}.cloud: got "oci"`, 'must be "aws", "gcp" or "azure"']],
];

describe("GCP and Azure config validation: every bad input names its path, the value and what is allowed", () => {
  test("the base config of this table is valid", () => {
    expect(() => parseConfig(base())).not.toThrow();
  });

  test.each(badInputs)("%s", (_name, mutate, fragments) => {
    const joined = problemsOf(mutate).join("\n");
    for (const fragment of fragments) expect(joined).toContain(fragment);
  });
});

describe("GCP and Azure config normalization", () => {
  test("the short service attachment form becomes the console's full URL; self links lose their URL prefix", () => {
    const c = base();
    c.regions[0].serviceAttachment = "projects/neo4j-aura-0002/regions/europe-west1/serviceAttachments/production-orch-0002-psc";
    c.regions[0].network.network = "https://www.googleapis.com/compute/v1/projects/acme-graph-prod/global/networks/apps";
    const r = parseConfig(c).regions[0] as any;
    expect(r.serviceAttachment).toBe(SA);
    expect(r.network.network).toBe("projects/acme-graph-prod/global/networks/apps");
  });

  test("GCP defaults: managed zones, no global access, no extra networks", () => {
    const r = parseConfig(base()).regions[0] as any;
    expect(r.dns).toEqual({ strategy: "private-zone", customEndpoints: [], customEndpointRecords: "per-endpoint", customEndpointZones: "per-name", existingZones: {}, sharedResolvers: [], gcpMode: "managed-zone" });
    expect(r.network).toMatchObject({ globalAccess: false, additionalNetworks: [] });
  });

  test('an Azure location "East US" is eastus, and the subscription id is lower-cased', () => {
    const c = base();
    c.regions[1].region = "East US";
    c.regions[1].subscriptionId = SUB.toUpperCase();
    const r = parseConfig(c).regions[1] as any;
    expect(r.region).toBe("eastus");
    expect(r.subscriptionId).toBe(SUB);
  });

  test("an alias in capitals is accepted and lower-cased", () => {
    const c = base();
    c.regions[1].privateLinkServiceAlias = ALIAS.toUpperCase();
    expect((parseConfig(c).regions[1] as any).privateLinkServiceAlias).toBe(ALIAS);
  });

  test("the common dns schema of AWS is untouched: gcpMode is unknown there", () => {
    const c = base();
    c.regions[1].dns = { gcpMode: "managed-zone" };
    expect(() => parseConfig(c)).toThrow(/regions\[1\]\.dns\.gcpMode: unknown key/);
  });
});

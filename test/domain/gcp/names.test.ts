import { gcpLabels, gcpResourceName, networkUrl, parseManagedZoneRef, parseNetwork, parseServiceAttachment, parseSubnetwork } from "../../../domain/gcp/names";

const API = "https://www.googleapis.com/compute/v1/";

describe("parseServiceAttachment", () => {
  test.each<[string, string, { project: string; region: string; name: string } | null]>([
    ["console URL", `${API}projects/neo4j-aura-1/regions/europe-west1/serviceAttachments/orch-0002`, { project: "neo4j-aura-1", region: "europe-west1", name: "orch-0002" }],
    ["short form", "projects/neo4j-aura-1/regions/us-central1/serviceAttachments/orch-0002", { project: "neo4j-aura-1", region: "us-central1", name: "orch-0002" }],
    ["surrounding spaces", `  projects/neo4j-aura-1/regions/us-central1/serviceAttachments/a  `, { project: "neo4j-aura-1", region: "us-central1", name: "a" }],
    ["a forwarding rule, not an attachment", `${API}projects/neo4j-aura-1/regions/us-central1/forwardingRules/a`, null],
    ["global, not regional", `${API}projects/neo4j-aura-1/global/serviceAttachments/a`, null],
    ["another API host", "https://compute.googleapis.com/compute/v1/projects/neo4j-aura-1/regions/us-central1/serviceAttachments/a", null],
    ["capitals in the name", "projects/neo4j-aura-1/regions/us-central1/serviceAttachments/Orch", null],
    ["project id too short", "projects/abc/regions/us-central1/serviceAttachments/a", null],
  ])("%s", (_name, input, expected) => {
    const parsed = parseServiceAttachment(input);
    if (expected === null) return expect(parsed).toBeNull();
    expect(parsed).toEqual({ ...expected, url: `${API}projects/${expected.project}/regions/${expected.region}/serviceAttachments/${expected.name}` });
  });
});

describe("network and subnetwork self links", () => {
  test.each<[string, string | null]>([
    ["projects/acme-prod/global/networks/apps", "projects/acme-prod/global/networks/apps"],
    [`${API}projects/acme-prod/global/networks/apps`, "projects/acme-prod/global/networks/apps"],
    ["apps", null],
    ["projects/acme-prod/regions/europe-west1/networks/apps", null],
  ])("network %s", (input, selfLink) => {
    expect(parseNetwork(input)?.selfLink ?? null).toBe(selfLink);
  });

  test.each<[string, { region: string; selfLink: string } | null]>([
    ["projects/acme-prod/regions/europe-west1/subnetworks/a", { region: "europe-west1", selfLink: "projects/acme-prod/regions/europe-west1/subnetworks/a" }],
    [`${API}projects/acme-prod/regions/asia-south2/subnetworks/a`, { region: "asia-south2", selfLink: "projects/acme-prod/regions/asia-south2/subnetworks/a" }],
    ["projects/acme-prod/global/subnetworks/a", null],
  ])("subnetwork %s", (input, expected) => {
    const parsed = parseSubnetwork(input);
    expect(parsed ? { region: parsed.region, selfLink: parsed.selfLink } : null).toEqual(expected);
  });

  test("Cloud DNS gets the full network URL", () => {
    expect(networkUrl("projects/acme-prod/global/networks/apps")).toBe(`${API}projects/acme-prod/global/networks/apps`);
  });

  test.each<[string, { project?: string; name: string } | null]>([
    ["aura-orch-0000", { project: undefined, name: "aura-orch-0000" }],
    ["projects/dns-host-1/managedZones/aura-orch-0000", { project: "dns-host-1", name: "aura-orch-0000" }],
    ["Z0123", null],
  ])("managed zone ref %s", (input, expected) => {
    expect(parseManagedZoneRef(input)).toEqual(expected);
  });
});

describe("gcpResourceName", () => {
  test.each<[string[], string]>([
    [["acme", "aura", "europe-west1"], "acme-aura-europe-west1"],
    [["Acme_Graph", "aura", "us-central1"], "acme-graph-aura-us-central1"],
    [["0acme", "x"], "acme-x"],
    [["acme", "orch-0000", "*"], "acme-orch-0000"],
  ])("%j -> %s", (parts, expected) => {
    expect(gcpResourceName(parts)).toBe(expected);
  });

  test("too long a name is cut to 63 with a stable hash, and two long names stay apart", () => {
    const a = gcpResourceName(["a".repeat(40), "northamerica-northeast1", "orch-aaaaaaaaaaaaaaaaaaaa"]);
    const b = gcpResourceName(["a".repeat(40), "northamerica-northeast1", "orch-bbbbbbbbbbbbbbbbbbbb"]);
    expect(a).toHaveLength(63);
    expect(a).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
    expect(a).not.toBe(b);
    expect(gcpResourceName(["a".repeat(40), "northamerica-northeast1", "orch-aaaaaaaaaaaaaaaaaaaa"])).toBe(a);
  });
});

describe("gcpLabels", () => {
  test("free-form tags become valid labels, sorted by key", () => {
    expect(gcpLabels({ Owner: "Platform Team", "cost-center": "graph", "1x": "v", "a/b": "c:d" })).toEqual({
      a_b: "c_d",
      "cost-center": "graph",
      owner: "platform_team",
      t_1x: "v",
    });
    expect(Object.keys(gcpLabels({ b: "1", a: "2" }))).toEqual(["a", "b"]);
  });
});

import { regionStackName } from "../../domain/stack-names";

describe("a region's stack name", () => {
  test.each([
    ["aura", { cloud: "aws", region: "us-east-1" }, "aura-aws-us-east-1"],
    ["acme-graph", { cloud: "gcp", region: "europe-west1" }, "acme-graph-gcp-europe-west1"],
    ["aura", { cloud: "azure", region: "eastus" }, "aura-azure-eastus"],
  ])("%s + %j = %s", (prefix, region, expected) => {
    expect(regionStackName(prefix, region)).toBe(expected);
  });
});

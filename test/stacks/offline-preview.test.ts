import { exampleConfig } from "../../config/example";
import { parseConfig } from "../../config/load";
import { offlinePreviewConfig, offlinePreviewStack, PREVIEW_AWS_KEY } from "../../stacks/offline-preview";

describe("offline preview", () => {
  test("the VPC DNS check is turned off in every AWS region, other clouds and settings untouched", () => {
    const base = JSON.parse(JSON.stringify(exampleConfig));
    for (const r of base.regions) if (r.dns) delete r.dns.checkVpcDnsSettings;
    const config = parseConfig(base, "test");
    expect(config.regions.filter((r) => r.cloud === "aws").map((r) => r.dns.checkVpcDnsSettings)).toEqual([true, true]);
    const preview = offlinePreviewConfig(config);
    expect(preview.regions.filter((r) => r.cloud === "aws").map((r) => r.dns.checkVpcDnsSettings)).toEqual([false, false]);
    expect(preview.regions.filter((r) => r.cloud !== "aws")).toEqual(config.regions.filter((r) => r.cloud !== "aws"));
    expect(config.regions.filter((r) => r.cloud === "aws").map((r) => r.dns.checkVpcDnsSettings)).toEqual([true, true]);
  });

  test("subnets given by id need a lookup in AWS: refused, saying what to give instead", () => {
    const base = JSON.parse(JSON.stringify(exampleConfig));
    base.regions[0].network.subnetIds = Object.values(base.regions[0].network.subnets);
    delete base.regions[0].network.subnets;
    expect(() => offlinePreviewConfig(parseConfig(base, "test"))).toThrow(
      "--offline-preview: regions[0].network.subnetIds are looked up in AWS at plan time (their availability zone is checked there), which needs credentials; give network.subnets keyed by AZ ID for the preview, or plan with credentials",
    );
  });

  test("a stack loses its backend and its AWS providers get fixed fake keys, the skip flags and no role to assume", () => {
    const stack = {
      terraform: { backend: { s3: { bucket: "b", key: "k", region: "eu-west-1" } }, required_providers: { aws: { source: "aws", version: "5.100.0" } } },
      provider: {
        aws: [
          { region: "us-east-1", default_tags: [{ tags: { a: "b" } }] },
          { alias: "account_444455556666_eu-west-1", region: "eu-west-1", assume_role: [{ role_arn: "arn:aws:iam::444455556666:role/r" }], allowed_account_ids: ["444455556666"] },
        ],
      },
      resource: { aws_vpc_endpoint: { privatelink_endpoint: {} } },
    };
    const fake = { access_key: PREVIEW_AWS_KEY, secret_key: PREVIEW_AWS_KEY, skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: true };
    expect(offlinePreviewStack(stack)).toEqual({
      terraform: { required_providers: { aws: { source: "aws", version: "5.100.0" } } },
      provider: {
        aws: [
          { region: "us-east-1", default_tags: [{ tags: { a: "b" } }], ...fake },
          { alias: "account_444455556666_eu-west-1", region: "eu-west-1", ...fake },
        ],
      },
      resource: { aws_vpc_endpoint: { privatelink_endpoint: {} } },
    });
    // A stack without providers (the Neo4j access stack) only loses its backend, or its cloud block.
    expect(offlinePreviewStack({ terraform: { backend: { local: { path: "x" } } }, resource: {} })).toEqual({ terraform: {}, resource: {} });
    expect(offlinePreviewStack({ terraform: { cloud: { organization: "acme" }, required_version: ">= 1.10.0" } })).toEqual({ terraform: { required_version: ">= 1.10.0" } });
  });
});

import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, TerraformStack } from "cdktf";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { AuraStack, PrivateLinkEndpoint, useReadableAddresses } from "../../index";

/** A user's own app gets the composed app's readable, stable Terraform addresses (issue 13, item 5). */
const endpointProps = {
  name: "graph-aura-us-east-1",
  region: "us-east-1",
  product: "virtual-dedicated-cloud" as const,
  vpcId: "vpc-0123456789abcdef0",
  endpointServiceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0",
  subnetsByAzId: { "use1-az1": "subnet-0123456789abcdef1" },
  allowedCidrs: [{ cidr: "10.0.0.0/16", description: "app subnets" }],
  allowedSecurityGroups: [],
};

function synthUserApp(makeStack: (app: App) => TerraformStack): Record<string, Record<string, unknown>> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "aura-own-addr-"));
  try {
    const app = new App({ outdir });
    const stack = makeStack(app);
    new AwsProvider(stack, "aws", { region: "us-east-1" });
    new PrivateLinkEndpoint(stack, "aura", endpointProps);
    app.synth();
    return JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "my-graph-network", "cdk.tf.json"), "utf8")).resource;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe("readable Terraform addresses in a user's own app", () => {
  test("a plain TerraformStack names resources with a hash (what users get by default)", () => {
    const resources = synthUserApp((app) => new TerraformStack(app, "my-graph-network"));
    expect(Object.keys(resources.aws_vpc_endpoint!)[0]).toMatch(/^aura_endpoint_[0-9A-F]{8}$/i);
  });

  test("useReadableAddresses(stack) gives construct-path names", () => {
    const resources = synthUserApp((app) => useReadableAddresses(new TerraformStack(app, "my-graph-network")));
    expect(Object.keys(resources.aws_vpc_endpoint!)).toEqual(["aura_endpoint"]);
    expect(Object.keys(resources.aws_security_group!)).toEqual(["aura_security_group"]);
  });

  test("extending AuraStack gives the same names", () => {
    const resources = synthUserApp((app) => new AuraStack(app, "my-graph-network"));
    expect(Object.keys(resources.aws_vpc_endpoint!)).toEqual(["aura_endpoint"]);
  });

  test("two paths that flatten to one name fail instead of merging resources", () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "aura-own-addr-")) });
    const stack = useReadableAddresses(new TerraformStack(app, "my-graph-network"));
    new AwsProvider(stack, "aws", { region: "us-east-1" });
    new PrivateLinkEndpoint(stack, "a.b", endpointProps);
    try {
      // Names are given when first referenced: here while the second endpoint is built, at the latest at synth.
      expect(() => {
        new PrivateLinkEndpoint(stack, "a_b", { ...endpointProps, name: "other" });
        app.synth();
      }).toThrow(/Terraform address collision: .* both map to "a_b_/);
    } finally {
      fs.rmSync(app.outdir, { recursive: true, force: true });
    }
  });
});

import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, TerraformStack } from "cdktf";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PrivateLinkEndpoint, Route53PrivateDns, planRegionDns } from "../../index";

/** The README's "use the constructs in your own app" example, kept honest by running it. */
describe("the constructs in a user's own stack", () => {
  test("endpoint plus DNS planned by planRegionDns synthesize into the user's stack", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "aura-own-"));
    const app = new App({ outdir });
    const stack = new TerraformStack(app, "my-graph-network");
    new AwsProvider(stack, "aws", { region: "us-east-1" });

    const endpoint = new PrivateLinkEndpoint(stack, "aura", {
      name: "graph-aura-us-east-1",
      region: "us-east-1",
      product: "virtual-dedicated-cloud",
      vpcId: "vpc-0123456789abcdef0",
      endpointServiceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0",
      subnetsByAzId: { "use1-az1": "subnet-0123456789abcdef1", "use1-az2": "subnet-0123456789abcdef2" },
      allowedCidrs: [{ cidr: "10.0.0.0/16", description: "app subnets" }],
      allowedSecurityGroups: [],
    });
    const entry = endpoint.endpoint.dnsEntry.get(0);
    new Route53PrivateDns(stack, "aura-dns", {
      zones: planRegionDns({
        stack: "my-graph-network",
        configPath: "my-app",
        orchestrations: ["0000"],
        customEndpoints: ["orders-abcdef-123456"],
        customEndpointRecords: "per-endpoint",
        networks: ["aws:vpc-0123456789abcdef0"],
        existingZones: {},
      }),
      vpcs: [{ vpcId: "vpc-0123456789abcdef0", region: "us-east-1" }],
      aliasTarget: { dnsName: entry.dnsName, zoneId: entry.hostedZoneId },
    });
    app.synth();

    const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "my-graph-network", "cdk.tf.json"), "utf8"));
    expect(Object.keys(json.resource).sort()).toEqual(["aws_route53_record", "aws_route53_zone", "aws_security_group", "aws_vpc_endpoint", "aws_vpc_security_group_ingress_rule"]);
    // Per-name zones by default: one for_each zone resource for the custom endpoint's five names.
    const zoneIds = Object.keys(json.resource.aws_route53_zone).sort();
    expect(zoneIds.map((id) => id.replace(/_[0-9A-F]{8}$/, ""))).toEqual(["aura-dns_zone_orch-0000", "aura-dns_zones_endpoint_names"]);
    expect(Object.keys(json.resource.aws_route53_zone[zoneIds[1]!].for_each)).toContain("orders-abcdef-123456");
    // The records iterate over the zone resource by its real (hashed, in a plain stack) address.
    const records = Object.values(json.resource.aws_route53_record) as Array<{ for_each: unknown }>;
    expect(records.map((r) => r.for_each)).toContain(`\${aws_route53_zone.${zoneIds[1]}}`);
  });
});

import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { synthInAuraStack } from "../../support/synth";
import { planRegionDns } from "../../../domain/aura/dns-plan";
import { Route53PrivateDns } from "../../../constructs/aws/route53-private-dns";

function synth(
  existingZones: Record<string, string> = {},
  customEndpointRecords: "per-endpoint" | "wildcard" = "per-endpoint",
  customEndpointZones: "per-name" | "domain" = "domain",
  otherAccount = false,
): any {
  const zones = planRegionDns({
    customEndpointZones,
    stack: "s",
    configPath: "regions[0]",
    orchestrations: ["0000"],
    customEndpoints: ["my-ep"],
    customEndpointRecords,
    networks: [],
    existingZones,
  });
  return JSON.parse(
    synthInAuraStack((scope) => {
      new AwsProvider(scope, "aws", { region: "us-east-1" });
      const spoke = new AwsProvider(scope, "spoke", { alias: "spoke", region: "eu-west-1", assumeRole: [{ roleArn: "arn:aws:iam::444455556666:role/assoc" }] });
      new Route53PrivateDns(scope, "dns", {
        otherAccountVpcs: otherAccount ? [{ vpcId: "vpc-9", region: "eu-west-1", accountId: "444455556666", provider: spoke }] : [],
        zones,
        vpcs: [
          { vpcId: "vpc-1", region: "us-east-1" },
          { vpcId: "vpc-2", region: "us-west-2" },
        ],
        aliasTarget: { dnsName: "vpce-1.vpce-svc-1.us-east-1.vpce.amazonaws.com", zoneId: "Z7HUB22UULQXV" },
      });
    }),
  );
}

describe("Route53PrivateDns", () => {
  test("customEndpointZones domain: a private zone per Aura domain, associated with every configured VPC", () => {
    const out = synth();
    const zones = Object.values(out.resource.aws_route53_zone) as any[];
    expect(zones.map((z) => z.name).sort()).toEqual(["endpoints.neo4j.io", "production-orch-0000.neo4j.io"]);
    for (const z of zones) {
      expect(z.vpc).toEqual([
        { vpc_id: "vpc-1", vpc_region: "us-east-1" },
        { vpc_id: "vpc-2", vpc_region: "us-west-2" },
      ]);
    }
  });

  test("the orch wildcard is an alias A record to the endpoint", () => {
    const out = synth();
    const wildcard = out.resource.aws_route53_record["dns_records_orch-0000"];
    expect(wildcard).toMatchObject({
      for_each: { "*": "*.production-orch-0000.neo4j.io" },
      name: "${each.value}",
      type: "A",
      alias: { name: "vpce-1.vpce-svc-1.us-east-1.vpce.amazonaws.com", zone_id: "Z7HUB22UULQXV", evaluate_target_health: false },
      zone_id: "${aws_route53_zone.dns_zone_orch-0000.zone_id}",
    });
  });

  test("per-endpoint custom endpoint records: five names in endpoints.neo4j.io", () => {
    const records = synth().resource.aws_route53_record.dns_records_endpoints;
    expect(records.zone_id).toBe("${aws_route53_zone.dns_zone_endpoints.zone_id}");
    expect(records.for_each).toEqual(Object.fromEntries(["a-my-ep", "b-my-ep", "c-my-ep", "d-my-ep", "my-ep"].map((l) => [l, `${l}.endpoints.neo4j.io`])));
  });

  test("wildcard custom endpoint record", () => {
    const out = synth({}, "wildcard");
    expect(out.resource.aws_route53_record.dns_records_endpoints.for_each).toEqual({ "*": "*.endpoints.neo4j.io" });
    expect(JSON.stringify(out)).not.toContain("a-my-ep");
  });

  test("an existing zone gets records but is not created", () => {
    const out = synth({ "endpoints.neo4j.io": "Z0EXISTING" });
    expect(Object.values(out.resource.aws_route53_zone).map((z: any) => z.name)).toEqual(["production-orch-0000.neo4j.io"]);
    expect(out.resource.aws_route53_record.dns_records_endpoints.zone_id).toBe("Z0EXISTING");
  });

  test("matchers see the resources", () => {
    const out = JSON.stringify(synth());
    expect(out).toHaveResource(Route53Zone);
    expect(out).toHaveResourceWithProperties(Route53Record, { for_each: expect.objectContaining({ "d-my-ep": "d-my-ep.endpoints.neo4j.io" }), type: "A" });
  });

  test("per-name zones (the default layout): one for_each zone resource keyed by label, each record at its zone's apex", () => {
    const out = synth({}, "per-endpoint", "per-name");
    const zones = out.resource.aws_route53_zone.dns_zones_endpoint_names;
    expect(zones.for_each).toEqual(Object.fromEntries(["a-my-ep", "b-my-ep", "c-my-ep", "d-my-ep", "my-ep"].map((l) => [l, `${l}.endpoints.neo4j.io`])));
    expect(zones.name).toBe("${each.value}");
    expect(zones.vpc).toEqual([
      { vpc_id: "vpc-1", vpc_region: "us-east-1" },
      { vpc_id: "vpc-2", vpc_region: "us-west-2" },
    ]);
    expect(out.resource.aws_route53_zone.dns_zone_endpoints).toBeUndefined();
    expect(out.resource.aws_route53_record.dns_records_endpoint_names).toMatchObject({
      for_each: "${aws_route53_zone.dns_zones_endpoint_names}",
      name: "${each.value.name}",
      zone_id: "${each.value.zone_id}",
      type: "A",
      alias: { evaluate_target_health: false },
    });
  });

  test("without other accounts: no association resources and no ignore_changes", () => {
    const out = synth({}, "per-endpoint", "per-name");
    expect(out.resource.aws_route53_zone_association).toBeUndefined();
    expect(out.resource.aws_route53_vpc_association_authorization).toBeUndefined();
    for (const z of Object.values(out.resource.aws_route53_zone) as any[]) expect(z.lifecycle).toBeUndefined();
  });

  test("VPCs of other accounts: authorization in the zone's account, association with the other account's provider, zones ignore vpc", () => {
    const out = synth({}, "per-endpoint", "per-name", true);
    for (const z of Object.values(out.resource.aws_route53_zone) as any[]) {
      // Only the endpoint's own VPC inline; the others through association resources.
      expect(z.vpc).toEqual([{ vpc_id: "vpc-1", vpc_region: "us-east-1" }]);
      expect(z.lifecycle).toEqual({ ignore_changes: ["vpc"] });
    }
    const auth = out.resource.aws_route53_vpc_association_authorization.dns_authorizations_444455556666;
    expect(auth.provider).toBeUndefined();
    expect(Object.keys(auth.for_each).sort()).toEqual(["a-my-ep/vpc-9", "b-my-ep/vpc-9", "c-my-ep/vpc-9", "d-my-ep/vpc-9", "my-ep/vpc-9", "orch-0000/vpc-9"]);
    expect(auth.for_each["my-ep/vpc-9"]).toEqual({ zone_id: '${aws_route53_zone.dns_zones_endpoint_names["my-ep"].zone_id}', vpc_id: "vpc-9", vpc_region: "eu-west-1" });
    const assoc = out.resource.aws_route53_zone_association.dns_associations_444455556666;
    expect(assoc).toMatchObject({ provider: "aws.spoke", for_each: "${aws_route53_vpc_association_authorization.dns_authorizations_444455556666}", zone_id: "${each.value.zone_id}", vpc_id: "${each.value.vpc_id}" });
    // Same-account extra VPCs become associations of their own too (inline blocks would be ignored now).
    expect(Object.keys(out.resource.aws_route53_zone_association.dns_associations.for_each)).toContain("orch-0000/vpc-2");
  });
});

import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { synthInAuraStack } from "../../support/synth";
import { planRegionDns } from "../../../domain/aura/dns-plan";
import { Route53PrivateDns } from "../../../constructs/aws/route53-private-dns";

function synth(existingZones: Record<string, string> = {}, customEndpointRecords: "per-endpoint" | "wildcard" = "per-endpoint"): any {
  const zones = planRegionDns({
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
      new Route53PrivateDns(scope, "dns", {
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
  test("a private zone per Aura domain, associated with every configured VPC", () => {
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
});

import { DataAwsSubnet } from "@cdktf/provider-aws/lib/data-aws-subnet";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { synthInAuraStack } from "../../support/synth";
import { PrivateLinkEndpoint, type PrivateLinkEndpointProps } from "../../../constructs/aws/privatelink-endpoint";

const props: PrivateLinkEndpointProps = {
  name: "acme-aura-us-east-1",
  region: "us-east-1",
  product: "virtual-dedicated-cloud",
  vpcId: "vpc-0123456789abcdef0",
  endpointServiceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0",
  subnetsByAzId: { "use1-az2": "subnet-00000002", "use1-az1": "subnet-00000001" },
  allowedCidrs: [{ cidr: "10.0.0.0/16", description: "apps" }],
  allowedSecurityGroups: [],
};

function synth(p: PrivateLinkEndpointProps): string {
  return synthInAuraStack((scope) => {
    new PrivateLinkEndpoint(scope, "privatelink", p);
  });
}

describe("PrivateLinkEndpoint", () => {
  test("an interface endpoint to the Aura service with private DNS off, subnets ordered by AZ ID", () => {
    expect(synth(props)).toHaveResourceWithProperties(VpcEndpoint, {
      vpc_id: "vpc-0123456789abcdef0",
      service_name: "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0",
      vpc_endpoint_type: "Interface",
      private_dns_enabled: false,
      subnet_ids: ["subnet-00000001", "subnet-00000002"],
    });
  });

  test("its own security group opens only the Neo4j ports, each rule described", () => {
    const out = synth(props);
    expect(out).toHaveResourceWithProperties(SecurityGroup, { vpc_id: "vpc-0123456789abcdef0", name: "acme-aura-us-east-1" });
    const rules = Object.values(JSON.parse(out).resource.aws_vpc_security_group_ingress_rule) as Array<Record<string, unknown>>;
    expect(rules.map((r) => r.from_port).sort()).toEqual([443, 7474, 7687]);
    for (const r of rules) {
      expect(r.to_port).toBe(r.from_port);
      expect(r.ip_protocol).toBe("tcp");
      expect(r.cidr_ipv4).toBe("10.0.0.0/16");
      expect(String(r.description)).toMatch(/ from apps$/);
    }
    expect(out).not.toContain("0.0.0.0/0");
    expect(JSON.parse(out).resource.aws_security_group).not.toHaveProperty("privatelink_security_group.egress");
  });

  test("AuraDS opens 8491 too", () => {
    expect(synth({ ...props, product: "ds-enterprise" })).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, { from_port: 8491, to_port: 8491 });
  });

  test("with subnet ids only, a data source per subnet fails the plan in use1-az3, and a precondition refuses two subnets in one AZ", () => {
    const out = synth({ ...props, subnetsByAzId: undefined, subnetIds: ["subnet-0000000a", "subnet-0000000b"] });
    expect(out).toHaveDataSourceWithProperties(DataAwsSubnet, { id: "subnet-0000000a" });
    const json = JSON.parse(out);
    const lookup = json.data.aws_subnet["privatelink_subnet_subnet-0000000a"];
    expect(lookup.lifecycle.postcondition[0].condition).toBe('${!contains(["use1-az3"], self.availability_zone_id)}');
    expect(lookup.lifecycle.postcondition[0].error_message).toContain("use1-az3 in us-east-1 is not supported by Aura");
    const endpoint = json.resource.aws_vpc_endpoint.privatelink_endpoint;
    expect(endpoint.subnet_ids).toEqual(["subnet-0000000a", "subnet-0000000b"]);
    expect(endpoint.lifecycle.precondition[0].condition).toContain("length(distinct([data.aws_subnet.privatelink_subnet_subnet-0000000a.availability_zone_id");
  });

  test("outside us-east-1 the subnet lookups carry no AZ postcondition", () => {
    const out = JSON.parse(synth({ ...props, region: "eu-west-1", endpointServiceName: "com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0", subnetsByAzId: undefined, subnetIds: ["subnet-0000000a"] }));
    expect(out.data.aws_subnet["privatelink_subnet_subnet-0000000a"].lifecycle).toBeUndefined();
  });

});

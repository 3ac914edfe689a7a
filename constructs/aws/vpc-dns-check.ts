import { DataAwsVpc } from "@cdktf/provider-aws/lib/data-aws-vpc";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";

export interface VpcDnsCheckProps {
  /** Every VPC the stack attaches private zones to, with the provider that can read it (its account and region). */
  readonly vpcs: ReadonlyArray<{ vpcId: string; region: string; provider?: TerraformProvider; configPath: string }>;
}

/**
 * Reads each VPC at plan time and stops the plan when it cannot resolve Route53 private zones: they
 * answer only in VPCs with enableDnsSupport and enableDnsHostnames on (docs/vendor-facts.md, "Route53
 * private zones"). A data source with postconditions, because only the cloud knows the settings; it
 * makes the plan call ec2:DescribeVpcs and ec2:DescribeVpcAttribute.
 */
export class VpcDnsCheck extends Construct {
  readonly lookups: DataAwsVpc[];

  constructor(scope: Construct, id: string, props: VpcDnsCheckProps) {
    super(scope, id);
    this.lookups = props.vpcs.map(
      (v) =>
        new DataAwsVpc(this, v.vpcId, {
          id: v.vpcId,
          provider: v.provider,
          lifecycle: {
            postcondition: [
              {
                condition: "${self.enable_dns_support}",
                errorMessage: `VPC ${v.vpcId} (${v.region}, ${v.configPath}) has enableDnsSupport off, so it cannot resolve the Aura private zones: turn on "DNS resolution" (aws ec2 modify-vpc-attribute --vpc-id ${v.vpcId} --enable-dns-support), or set dns.checkVpcDnsSettings: false to skip this check.`,
              },
              {
                condition: "${self.enable_dns_hostnames}",
                errorMessage: `VPC ${v.vpcId} (${v.region}, ${v.configPath}) has enableDnsHostnames off, so Route53 private zones do not answer in it: turn on "DNS hostnames" (aws ec2 modify-vpc-attribute --vpc-id ${v.vpcId} --enable-dns-hostnames), or set dns.checkVpcDnsSettings: false to skip this check.`,
              },
            ],
          },
        }),
    );
  }
}

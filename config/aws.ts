import { z } from "zod";
import { AZ_ID_PATTERN, subnetProblems } from "../domain/aws/availability-zones";
import { AWS_REGION_PATTERN, customEndpointZoneIssues, dnsSchema, ipv4CidrProblem, orchestrationsSchema, productSchema, awsTagsSchema, terraformText } from "./common";
import { awsKeySchema } from "./keys";
import { AWS_ENDPOINT_SERVICE_PATTERN, endpointServiceRegionProblem, wideSourceIssues } from "../domain/aws/endpoint-rules";
import { EXTERNAL_ID_PATTERN, IAM_ROLE_ARN_HINT, IAM_ROLE_ARN_PATTERN, SESSION_NAME_PATTERN, assumeRoleArnProblem, awsPartitionOf } from "../domain/aws/account-pin";

export { AWS_ENDPOINT_SERVICE_PATTERN };

const cidrSchema = z.string({ error: 'must be an IPv4 CIDR block like "10.0.0.0/16"' }).superRefine((value, ctx) => {
  const problem = ipv4CidrProblem(value);
  if (problem) ctx.addIssue({ code: "custom", input: value, message: problem });
});

const description = terraformText(z
  .string({ error: "every rule needs a description that says who connects (shown in the plan and the AWS console)" })
  .regex(/^[A-Za-z0-9 ._:/()#,@+=&;{}!$*-]{1,255}$/, { error: "1-255 characters AWS accepts in rule descriptions (no quotes or <>)" }));

export const awsNetworkSchema = z
  .strictObject({
    vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, { error: 'must be a VPC id like "vpc-0123456789abcdef0"' }),
    subnets: z
      .record(
        z.string().regex(AZ_ID_PATTERN, { error: 'keys must be AZ IDs like "use1-az1" (AZ names such as us-east-1a differ per account)' }),
        z.string().regex(/^subnet-[0-9a-f]{8,17}$/, { error: 'must be a subnet id like "subnet-0123456789abcdef0"' }),
      )
      .optional(),
    subnetIds: z
      .array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, { error: 'must be a subnet id like "subnet-0123456789abcdef0"' }))
      .min(1, { error: "list at least one subnet id" })
      .optional(),
    allowedCidrs: z.array(z.strictObject({ cidr: cidrSchema, description })).default([]),
    allowedSecurityGroups: z
      .array(z.strictObject({ id: z.string().regex(/^sg-[0-9a-f]{8,17}$/, { error: 'must be a security group id like "sg-0123456789abcdef0"' }), description }))
      .default([]),
    /** 0.0.0.0/0 only when the user asks in so many words. */
    allowAnyIpv4Source: z.literal(true, { error: "set to true only to open the endpoint to 0.0.0.0/0 (or to sources covering more public addresses than one /8); leave it out otherwise" }).optional(),
    /** More VPCs whose resolvers must see the private zones (e.g. peered app VPCs), with their regions. */
    additionalVpcs: z
      .array(
        z.strictObject({
          vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, { error: 'must be a VPC id like "vpc-0123456789abcdef0"' }),
          region: z.string().regex(AWS_REGION_PATTERN, { error: 'must be an AWS region like "us-east-1"' }),
        }),
      )
      .default([]),
    /**
     * VPCs of other accounts that resolve this region's zones (hub-and-spoke): the zone's account
     * authorizes each association and a provider acting as roleArn in the VPC's account makes it.
     */
    otherAccountVpcs: z
      .array(
        z.strictObject({
          vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, { error: 'must be a VPC id like "vpc-0123456789abcdef0"' }),
          region: z.string().regex(AWS_REGION_PATTERN, { error: 'must be an AWS region like "us-east-1"' }),
          accountId: z.string().regex(/^[0-9]{12}$/, { error: "must be the 12-digit id of the account that owns the VPC" }),
          roleArn: z.string().regex(/^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role\/[A-Za-z0-9+=,.@_/-]{1,512}$/, {
            error: 'must be the ARN of a role in the VPC\'s account that terraform assumes to associate the zone, like "arn:aws:iam::444455556666:role/route53-association"',
          }),
        }),
      )
      .default([]),
  })
  .superRefine((net, ctx) => {
    const bySubnets = net.subnets ? Object.keys(net.subnets).length : 0;
    if (bySubnets === 0 && !net.subnetIds) {
      ctx.addIssue({ code: "custom", path: ["subnets"], input: net.subnets, message: 'give subnets keyed by AZ ID, e.g. { "use1-az1": "subnet-..." } (or subnetIds when AZ IDs are unknown)' });
    }
    if (net.subnets && net.subnetIds) {
      ctx.addIssue({ code: "custom", path: ["subnetIds"], input: net.subnetIds, message: "give either subnets (keyed by AZ ID) or subnetIds, not both" });
    }
    if (net.allowedCidrs.length === 0 && net.allowedSecurityGroups.length === 0 && !net.allowAnyIpv4Source) {
      ctx.addIssue({
        code: "custom",
        path: ["allowedCidrs"],
        input: net.allowedCidrs,
        message: "list the client CIDRs or security groups allowed to reach Aura (allowedCidrs or allowedSecurityGroups); nothing could connect otherwise",
      });
    }
    // One rule per source and port: a source listed twice would make two identical rules (and two constructs of one id).
    const firstCidr = new Map<string, number>();
    net.allowedCidrs.forEach((rule, i) => {
      const first = firstCidr.get(rule.cidr);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["allowedCidrs", i, "cidr"],
          input: rule.cidr,
          message: `is already listed at allowedCidrs[${first}]; list each CIDR once (put both purposes in its description)`,
        });
      } else firstCidr.set(rule.cidr, i);
    });
    const firstGroup = new Map<string, number>();
    net.allowedSecurityGroups.forEach((group, i) => {
      const first = firstGroup.get(group.id);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["allowedSecurityGroups", i, "id"],
          input: group.id,
          message: `is already listed at allowedSecurityGroups[${first}]; list each security group once (put both purposes in its description)`,
        });
      } else firstGroup.set(group.id, i);
    });
    // More public addresses than one /8 is a slice of the internet, not a client network: the same opt-in as
    // 0.0.0.0/0, counted over the whole list (one rule, shared with PrivateLinkEndpoint and the review).
    const cidrs = net.allowedCidrs.map((rule) => rule.cidr);
    for (const { index, problem } of wideSourceIssues(cidrs, net.allowAnyIpv4Source)) {
      if (index === null) ctx.addIssue({ code: "custom", path: ["allowedCidrs"], input: cidrs, message: problem });
      else ctx.addIssue({ code: "custom", path: ["allowedCidrs", index, "cidr"], input: cidrs[index], message: problem });
    }
  });

/** The common DNS options plus the AWS plan-time check of the VPCs' DNS attributes. */
export const awsDnsSchema = dnsSchema
  .unwrap()
  .extend({
    /**
     * Read every VPC the zones are attached to at plan time and stop when enableDnsSupport or
     * enableDnsHostnames is off. Makes the plan call ec2:DescribeVpcs/DescribeVpcAttribute; on by default.
     */
    checkVpcDnsSettings: z.boolean({ error: "must be true or false (plan-time check of the VPCs' DNS settings; on by default)" }).default(true),
  })
  .default({ strategy: "private-zone", customEndpoints: [], customEndpointRecords: "per-endpoint", customEndpointZones: "per-name", existingZones: {}, sharedResolvers: [], checkVpcDnsSettings: true });

export const awsRegionSchema = z.strictObject({
  cloud: z.literal("aws"),
  region: z.string().regex(AWS_REGION_PATTERN, { error: 'must be an AWS region like "us-east-1"' }),
  product: productSchema,
  /** The account Aura allow-lists and the only one this region's stack deploys into (every provider pins it). */
  accountId: z.string().regex(/^[0-9]{12}$/, { error: "must be the 12-digit AWS account id that Aura must allow-list" }),
  /**
   * A role in accountId that terraform assumes for this region (multi-account pipelines: the pipeline's
   * credentials live in a tooling account). Without it, the pipeline's own credentials must be accountId's.
   */
  assumeRoleArn: z.string().regex(IAM_ROLE_ARN_PATTERN, { error: IAM_ROLE_ARN_HINT }).optional(),
  /** The external id the role's trust policy requires (sts:ExternalId); an identifier, not a credential. */
  assumeRoleExternalId: z
    .string()
    .regex(EXTERNAL_ID_PATTERN, { error: "must be 2-1224 characters of letters, digits and _+=,.@:/- (what STS accepts as ExternalId)" })
    .optional(),
  /** The session name CloudTrail shows for the assumed role; default "cdktf-aura-secure". */
  assumeRoleSessionName: z
    .string()
    .regex(SESSION_NAME_PATTERN, { error: "must be 2-64 characters of letters, digits and _+=,.@- (what STS accepts as RoleSessionName)" })
    .optional(),
  orchestrations: orchestrationsSchema,
  endpointServiceName: z.string().regex(AWS_ENDPOINT_SERVICE_PATTERN, {
    error: 'must be the endpoint service name shown in the Aura console, like "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0"',
  }),
  network: awsNetworkSchema,
  dns: awsDnsSchema,
  tags: awsTagsSchema.default({}),
  customerManagedKey: awsKeySchema.optional(),
}).superRefine((r, ctx) => {
  if (r.assumeRoleArn !== undefined) {
    const problem = IAM_ROLE_ARN_PATTERN.test(r.assumeRoleArn) ? assumeRoleArnProblem(r.assumeRoleArn, r.accountId, r.region) : null;
    if (problem) ctx.addIssue({ code: "custom", path: ["assumeRoleArn"], input: r.assumeRoleArn, message: problem });
  } else {
    for (const field of ["assumeRoleExternalId", "assumeRoleSessionName"] as const) {
      if (r[field] !== undefined) ctx.addIssue({ code: "custom", path: [field], input: r[field], message: "applies to the role in assumeRoleArn, which is not set; set assumeRoleArn too, or remove it" });
    }
  }
  for (const issue of customEndpointZoneIssues(r.dns)) ctx.addIssue({ code: "custom", ...issue });
  r.network.otherAccountVpcs.forEach((v, i) => {
    const at = ["network", "otherAccountVpcs", i];
    if (v.accountId === r.accountId) {
      ctx.addIssue({ code: "custom", path: [...at, "accountId"], input: v.accountId, message: `is this region's own account (accountId); list VPCs of ${r.accountId} in network.additionalVpcs` });
    }
    const [, rolePartition, roleAccount] = /^arn:([^:]+):iam::([0-9]{12}):/.exec(v.roleArn) ?? [];
    if (rolePartition && rolePartition !== awsPartitionOf(v.region)) {
      ctx.addIssue({ code: "custom", path: [...at, "roleArn"], input: v.roleArn, message: `is a role of partition ${rolePartition}, but region ${v.region} is in partition ${awsPartitionOf(v.region)}; roles are assumed within their partition` });
    } else if (roleAccount && roleAccount !== v.accountId) {
      ctx.addIssue({ code: "custom", path: [...at, "roleArn"], input: v.roleArn, message: `is a role of account ${roleAccount}, but the VPC is in ${v.accountId}; the association is made in the VPC's account, so give a role there` });
    }
    const first = r.network.otherAccountVpcs.findIndex((o) => o.accountId === v.accountId);
    if (first !== i && r.network.otherAccountVpcs[first]!.roleArn !== v.roleArn) {
      ctx.addIssue({ code: "custom", path: [...at, "roleArn"], input: v.roleArn, message: `differs from network.otherAccountVpcs[${first}].roleArn of the same account ${v.accountId}; one role per account` });
    }
    const seen = [r.network.vpcId, ...r.network.additionalVpcs.map((a) => a.vpcId), ...r.network.otherAccountVpcs.slice(0, i).map((o) => o.vpcId)];
    if (seen.includes(v.vpcId)) ctx.addIssue({ code: "custom", path: [...at, "vpcId"], input: v.vpcId, message: "is listed already; list each VPC once" });
  });
  for (const [domain, zoneId] of Object.entries(r.dns.existingZones)) {
    if (!/^Z[0-9A-Z]{1,32}$/.test(zoneId)) {
      ctx.addIssue({ code: "custom", path: ["dns", "existingZones", domain], input: zoneId, message: 'must be a Route53 hosted zone id like "Z0123456789ABCDEFGHIJ"' });
    }
  }
  const serviceRegion = endpointServiceRegionProblem(r.endpointServiceName, r.region);
  if (serviceRegion) ctx.addIssue({ code: "custom", path: ["endpointServiceName"], input: r.endpointServiceName, message: serviceRegion });
  const subnets = Object.entries(r.network.subnets ?? {}).map(([azId, subnetId]) => ({ azId, subnetId }));
  for (const { azId, problem } of subnetProblems(r.region, subnets)) {
    ctx.addIssue({ code: "custom", path: ["network", "subnets", azId], input: r.network.subnets?.[azId], message: problem });
  }
});

export type AwsRegionConfig = z.infer<typeof awsRegionSchema>;
export type AwsNetworkConfig = z.infer<typeof awsNetworkSchema>;

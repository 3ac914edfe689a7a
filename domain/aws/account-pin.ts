/**
 * The account a stack deploys into: the rule shared by the config schema (config/aws.ts) and the stacks that
 * build AWS providers. Every provider pins the configured account (`allowed_account_ids`), so credentials
 * of any other account stop the plan; a role to assume per region serves multi-account pipelines.
 * Facts: docs/vendor-facts.md ("Pipelines: accounts").
 */

export type AwsPartition = "aws" | "aws-cn" | "aws-us-gov";

/**
 * An IAM role ARN. The path and name keep to the characters IAM allows that are also inert in Terraform JSON
 * (no `$`, `%`, quotes), so the ARN can be written into a provider block as is.
 */
export const IAM_ROLE_ARN_PATTERN = /^arn:(aws|aws-cn|aws-us-gov):iam::([0-9]{12}):role\/([A-Za-z0-9+=,.@_/-]{1,512})$/;
export const IAM_ROLE_ARN_HINT = 'must be an IAM role ARN like "arn:aws:iam::111122223333:role/aura-deploy"';

/** STS AssumeRole limits (API reference): ExternalId 2-1224 of [\w+=,.@:/-], RoleSessionName 2-64 of [\w+=,.@-]. */
export const EXTERNAL_ID_PATTERN = /^[A-Za-z0-9_+=,.@:/-]{2,1224}$/;
export const SESSION_NAME_PATTERN = /^[A-Za-z0-9_+=,.@-]{2,64}$/;
/** The session name when none is configured: CloudTrail then shows which tool acted. */
export const DEFAULT_SESSION_NAME = "cdktf-aura-secure";

/** The partition of an AWS region: China and GovCloud regions have their own; roles are assumed within one. */
export function awsPartitionOf(region: string): AwsPartition {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/**
 * Why a role cannot be the one a region's stack assumes, or null. The stack deploys into the account of the
 * role it assumes, so a role of another account than `accountId` would only fail later, at plan, with the
 * provider's "account ID not allowed" (or worse, be pinned to the wrong account by editing accountId). Pure.
 */
export function assumeRoleArnProblem(roleArn: string, accountId: string, region: string): string | null {
  const m = IAM_ROLE_ARN_PATTERN.exec(roleArn);
  if (!m) return IAM_ROLE_ARN_HINT;
  const [, partition, account] = m;
  const expected = awsPartitionOf(region);
  if (partition !== expected) {
    return `is a role of partition ${partition}, but region ${region} is in partition ${expected}; give the role's ARN as arn:${expected}:iam::${accountId}:role/<name>`;
  }
  if (account !== accountId) {
    return `is a role of account ${account}, but accountId is ${accountId}; the stack deploys into the account of the role it assumes, so give a role in ${accountId} (the pipeline's own account only needs sts:AssumeRole on it)`;
  }
  return null;
}

/** What a provider block needs to act in one account: the pin and, for multi-account pipelines, the role. */
export interface AwsAccountPin {
  accountId: string;
  assumeRole?: { roleArn: string; externalId?: string; sessionName: string };
}

/** An AWS region as the Lambda runner's account lookup sees it. */
export interface AccountRegion {
  configPath: string;
  pin: AwsAccountPin;
  /** VPCs of the region's own account (the endpoint's and the additional ones), with their regions. */
  vpcs: ReadonlyArray<{ vpcId: string; region: string }>;
  /** VPCs of other accounts its zones are shared with. */
  otherAccountVpcs: ReadonlyArray<{ vpcId: string; region: string; accountId: string }>;
}

export type RunnerAccount = { pin: AwsAccountPin; from: string } | { conflict: string } | null;

/**
 * The account a Lambda running in `vpc` deploys into: the account of the configured region whose network holds
 * that VPC (with that region's role), or the other account a region shares its zones with (pinned only: that
 * account's role is the one for zone associations). Null when no region knows the VPC. Pure.
 */
export function runnerAccount(vpc: { vpcId: string; region: string }, regions: readonly AccountRegion[]): RunnerAccount {
  const found: Array<{ pin: AwsAccountPin; from: string }> = [];
  const same = (v: { vpcId: string; region: string }) => v.vpcId === vpc.vpcId && v.region === vpc.region;
  for (const r of regions) {
    if (r.vpcs.some(same)) found.push({ pin: r.pin, from: r.configPath });
    const other = r.otherAccountVpcs.find(same);
    if (other) found.push({ pin: { accountId: other.accountId }, from: `${r.configPath}.network.otherAccountVpcs` });
  }
  if (found.length === 0) return null;
  const accounts = [...new Set(found.map((f) => f.pin.accountId))];
  if (accounts.length > 1) {
    return { conflict: `${vpc.vpcId} (${vpc.region}) is in the networks of ${found.map((f) => `${f.from} (account ${f.pin.accountId})`).join(" and ")}; one VPC belongs to one account: fix the accountId or the VPC id` };
  }
  // A region's own VPC carries the region's role; prefer it over a bare pin from another region's sharing.
  return found.find((f) => f.pin.assumeRole) ?? found[0]!;
}

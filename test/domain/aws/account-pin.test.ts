import { propertyRuns } from "../../support/property-runs";
import fc from "fast-check";
import { assumeRoleArnProblem, awsPartitionOf, runnerAccount, type AccountRegion } from "../../../domain/aws/account-pin";

describe("awsPartitionOf", () => {
  test.each([
    ["us-east-1", "aws"],
    ["eu-central-2", "aws"],
    ["cn-north-1", "aws-cn"],
    ["cn-northwest-1", "aws-cn"],
    ["us-gov-west-1", "aws-us-gov"],
    ["us-gov-east-1", "aws-us-gov"],
  ])("%s -> %s", (region, partition) => {
    expect(awsPartitionOf(region)).toBe(partition);
  });
});

describe("assumeRoleArnProblem", () => {
  test.each<[string, string, string, string, string | null]>([
    ["a role in the configured account", "arn:aws:iam::111122223333:role/aura-deploy", "111122223333", "us-east-1", null],
    ["a role with a path", "arn:aws:iam::111122223333:role/pipelines/aura-deploy", "111122223333", "eu-west-1", null],
    ["a GovCloud role in a GovCloud region", "arn:aws-us-gov:iam::111122223333:role/deploy", "111122223333", "us-gov-west-1", null],
    ["a China role in a China region", "arn:aws-cn:iam::111122223333:role/deploy", "111122223333", "cn-north-1", null],
    [
      "a role of the tooling account, not the target",
      "arn:aws:iam::999900001111:role/aura-deploy",
      "111122223333",
      "us-east-1",
      "is a role of account 999900001111, but accountId is 111122223333; the stack deploys into the account of the role it assumes, so give a role in 111122223333 (the pipeline's own account only needs sts:AssumeRole on it)",
    ],
    [
      "a commercial role for a GovCloud region",
      "arn:aws:iam::111122223333:role/deploy",
      "111122223333",
      "us-gov-west-1",
      "is a role of partition aws, but region us-gov-west-1 is in partition aws-us-gov; give the role's ARN as arn:aws-us-gov:iam::111122223333:role/<name>",
    ],
    ["a user, not a role", "arn:aws:iam::111122223333:user/ci", "111122223333", "us-east-1", 'must be an IAM role ARN like "arn:aws:iam::111122223333:role/aura-deploy"'],
    ["an STS assumed-role ARN", "arn:aws:sts::111122223333:assumed-role/deploy/session", "111122223333", "us-east-1", 'must be an IAM role ARN like "arn:aws:iam::111122223333:role/aura-deploy"'],
    ["a role name with a template", "arn:aws:iam::111122223333:role/${var.x}", "111122223333", "us-east-1", 'must be an IAM role ARN like "arn:aws:iam::111122223333:role/aura-deploy"'],
    ["an unknown partition", "arn:aws-iso:iam::111122223333:role/deploy", "111122223333", "us-east-1", 'must be an IAM role ARN like "arn:aws:iam::111122223333:role/aura-deploy"'],
  ])("%s", (_name, arn, account, region, expected) => {
    expect(assumeRoleArnProblem(arn, account, region)).toBe(expected);
  });

  // Attacker-controlled text: whatever the ARN holds, it is accepted only when it is a role of the configured
  // account in the region's partition.
  test("property: accepted only for a role of accountId in the region's partition", () => {
    const account = fc.stringMatching(/^[0-9]{12}$/);
    // Half the structured ARNs name the configured account, so the accepted branch is reached (counted below).
    const arnOf = fc.oneof(
      fc.string().map((raw) => () => raw),
      fc
        .tuple(fc.constantFrom("aws", "aws-cn", "aws-us-gov"), fc.boolean(), account, fc.oneof(fc.string(), fc.stringMatching(/^[A-Za-z0-9+=,.@_-]{1,64}$/)))
        .map(([p, own, other, n]) => (accountId: string) => `arn:${p}:iam::${own ? accountId : other}:role/${n}`),
    );
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(arnOf, account, fc.constantFrom("us-east-1", "cn-north-1", "us-gov-west-1"), (make, accountId, region) => {
        const arn = make(accountId);
        if (assumeRoleArnProblem(arn, accountId, region) !== null) {
          refused++;
          return;
        }
        accepted++;
        expect(arn.startsWith(`arn:${awsPartitionOf(region)}:iam::${accountId}:role/`)).toBe(true);
        expect(arn).not.toMatch(/[$%"\\\s]/);
      }),
      { numRuns: propertyRuns(500) },
    );
    expect([accepted > 0, refused > 0]).toEqual([true, true]);
  });
});

describe("runnerAccount", () => {
  const deployRole = { roleArn: "arn:aws:iam::111122223333:role/aura-deploy", sessionName: "cdktf-aura-secure" };
  const east: AccountRegion = {
    configPath: "regions[0]",
    pin: { accountId: "111122223333", assumeRole: deployRole },
    vpcs: [
      { vpcId: "vpc-0a1b2c3d4e5f60718", region: "us-east-1" },
      { vpcId: "vpc-0b1b2c3d4e5f60718", region: "us-west-2" },
    ],
    otherAccountVpcs: [{ vpcId: "vpc-0c1b2c3d4e5f60718", region: "eu-west-1", accountId: "444455556666" }],
  };
  const west: AccountRegion = { configPath: "regions[1]", pin: { accountId: "777788889999" }, vpcs: [{ vpcId: "vpc-0f1e2d3c4b5a69788", region: "eu-west-1" }], otherAccountVpcs: [] };

  test.each<[string, { vpcId: string; region: string }, AccountRegion[], ReturnType<typeof runnerAccount>]>([
    ["the endpoint's VPC: the region's account and role", { vpcId: "vpc-0a1b2c3d4e5f60718", region: "us-east-1" }, [east, west], { pin: east.pin, from: "regions[0]" }],
    ["an additional VPC of the region's account", { vpcId: "vpc-0b1b2c3d4e5f60718", region: "us-west-2" }, [east, west], { pin: east.pin, from: "regions[0]" }],
    ["a VPC of another account the zones are shared with: that account, no role", { vpcId: "vpc-0c1b2c3d4e5f60718", region: "eu-west-1" }, [east, west], { pin: { accountId: "444455556666" }, from: "regions[0].network.otherAccountVpcs" }],
    ["a VPC no region knows", { vpcId: "vpc-0d1b2c3d4e5f60718", region: "us-east-1" }, [east, west], null],
    ["the right id in the wrong region", { vpcId: "vpc-0a1b2c3d4e5f60718", region: "eu-west-1" }, [east, west], null],
    [
      "one VPC claimed by two accounts",
      { vpcId: "vpc-0f1e2d3c4b5a69788", region: "eu-west-1" },
      [east, west, { ...west, configPath: "regions[2]", pin: { accountId: "111122223333" } }],
      { conflict: "vpc-0f1e2d3c4b5a69788 (eu-west-1) is in the networks of regions[1] (account 777788889999) and regions[2] (account 111122223333); one VPC belongs to one account: fix the accountId or the VPC id" },
    ],
    [
      "the same account twice: the region that carries a role wins",
      { vpcId: "vpc-0f1e2d3c4b5a69788", region: "eu-west-1" },
      [west, { ...east, configPath: "regions[1]", pin: { accountId: "777788889999", assumeRole: { roleArn: "arn:aws:iam::777788889999:role/d", sessionName: "s1" } }, vpcs: west.vpcs }],
      { pin: { accountId: "777788889999", assumeRole: { roleArn: "arn:aws:iam::777788889999:role/d", sessionName: "s1" } }, from: "regions[1]" },
    ],
  ])("%s", (_name, vpc, regions, expected) => {
    expect(runnerAccount(vpc, regions)).toEqual(expected);
  });
});

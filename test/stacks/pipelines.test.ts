import * as fs from "node:fs";
import * as path from "node:path";
import { exampleConfig } from "../../config/example";
import { ConfigError } from "../../domain/errors";
import { clone, synthConfig, type SynthResult } from "../support/synth";

/**
 * What a pipeline running `cdktf deploy '*'` relies on, as synthesized: the access stack after the networks it
 * needs (manifest.json), every AWS provider pinned to its account, the state backend of every stack and the
 * Terraform version they need.
 */

const ACCESS = "aura-neo4j-access-dbms-a";
const manifest = (synth: SynthResult) => JSON.parse(fs.readFileSync(path.join(synth.outdir, "manifest.json"), "utf8")) as { stacks: Record<string, { dependencies: string[]; annotations?: Array<{ level: string; message: string }> }> };
const awsOnly = () => {
  const c = clone(exampleConfig) as any;
  c.regions = c.regions.filter((r: any) => r.cloud === "aws");
  return c;
};
const lambdaRunner = (vpcId: string, region = "us-east-1") => ({
  type: "lambda",
  region,
  vpcId,
  subnetIds: ["subnet-0a1b2c3d4e5f60711"],
  neo4jCidrs: ["10.20.8.0/24"],
  secretsManagerCidrs: ["10.20.9.0/28"],
});
/** The example's access state with the Lambda runner (its passwords must then be Secrets Manager ARNs). */
function withLambda(c: any, vpcId: string, region = "us-east-1"): any {
  const arn = "arn:aws:secretsmanager:us-east-1:111122223333:secret:dbms-a-admin-AbCdEf";
  c.neo4jAccess.runner = lambdaRunner(vpcId, region);
  c.neo4jAccess.connection.password = { secretsManagerArn: arn };
  c.neo4jAccess.remoteAliases[0].credentials.password = { secretsManagerArn: arn, jsonKey: "alias" };
  return c;
}

describe("stacks in dependency order (cdktf.out/manifest.json)", () => {
  test("the example: the access stack comes after us-east-1, whose orchestration its remote alias reaches; no region depends on anything", () => {
    const synth = synthConfig(exampleConfig);
    const stacks = manifest(synth).stacks;
    expect(Object.fromEntries(Object.entries(stacks).map(([name, s]) => [name, s.dependencies]))).toEqual({
      "aura-aws-us-east-1": [],
      "aura-aws-eu-west-1": [],
      "aura-gcp-europe-west1": [],
      "aura-azure-eastus": [],
      [ACCESS]: ["aura-aws-us-east-1"],
    });
    expect(synth.stacks.find((s) => s.name === ACCESS)!.description).toBe("Neo4j roles, privileges and aliases applied with Cypher (local-exec from the pipeline; after aura-aws-us-east-1)");
  });

  test("a connection URI from an environment variable: after every region", () => {
    const c = clone(exampleConfig) as any;
    c.neo4jAccess.connection.uri = { env: "DBMS_A_URI" };
    expect(manifest(synthConfig(c)).stacks[ACCESS]!.dependencies).toEqual(["aura-aws-us-east-1", "aura-aws-eu-west-1", "aura-gcp-europe-west1", "aura-azure-eastus"]);
  });

  test("a self-managed DBMS and aliases no region serves: no dependency", () => {
    const c = clone(exampleConfig) as any;
    c.neo4jAccess.remoteAliases[0].url = "neo4j+s://dbms-b.internal.acme.example:7687";
    expect(manifest(synthConfig(c)).stacks[ACCESS]!.dependencies).toEqual([]);
  });

  test("the Lambda runner in eu-west-1's VPC: after eu-west-1 (and us-east-1 for the alias)", () => {
    const c = withLambda(awsOnly(), "vpc-0f1e2d3c4b5a69788", "eu-west-1");
    expect(manifest(synthConfig(c)).stacks[ACCESS]!.dependencies).toEqual(["aura-aws-us-east-1", "aura-aws-eu-west-1"]);
  });
});

describe("every AWS provider pins the configured account", () => {
  test("the example: each region's provider names its accountId, and no provider assumes a role", () => {
    const synth = synthConfig(exampleConfig);
    for (const stack of ["aura-aws-us-east-1", "aura-aws-eu-west-1"]) {
      expect(synth.json(stack).provider.aws).toEqual([expect.objectContaining({ allowed_account_ids: ["111122223333"] })]);
      expect(synth.json(stack).provider.aws[0].assume_role).toBeUndefined();
    }
  });

  test("aliases: a same-account VPC of another region keeps the region's account and role; another account's VPC is pinned to that account", () => {
    const c = awsOnly();
    Object.assign(c.regions[0], { assumeRoleArn: "arn:aws:iam::111122223333:role/aura-deploy", assumeRoleSessionName: "ci-aura" });
    c.regions[0].dns.checkVpcDnsSettings = true;
    c.regions[0].network.additionalVpcs = [{ vpcId: "vpc-0b1b2c3d4e5f60718", region: "us-west-2" }];
    c.regions[0].network.otherAccountVpcs = [{ vpcId: "vpc-0c1b2c3d4e5f60718", region: "eu-west-1", accountId: "444455556666", roleArn: "arn:aws:iam::444455556666:role/route53-association" }];
    const providers = synthConfig(c).json("aura-aws-us-east-1").provider.aws as any[];
    const ownRole = [{ role_arn: "arn:aws:iam::111122223333:role/aura-deploy", session_name: "ci-aura" }];
    expect(providers.map((p) => [p.alias ?? "(default)", p.region, p.allowed_account_ids, p.assume_role])).toEqual([
      ["(default)", "us-east-1", ["111122223333"], ownRole],
      ["account_444455556666_eu-west-1", "eu-west-1", ["444455556666"], [{ role_arn: "arn:aws:iam::444455556666:role/route53-association", session_name: "cdktf-aura-secure-dns" }]],
      ["region_us-west-2", "us-west-2", ["111122223333"], ownRole],
    ]);
  });

  test("the Lambda runner in a region's VPC: its provider deploys into that region's account, with its role", () => {
    const c = withLambda(awsOnly(), "vpc-0a1b2c3d4e5f60718");
    Object.assign(c.regions[0], { assumeRoleArn: "arn:aws:iam::111122223333:role/aura-deploy", assumeRoleExternalId: "ext-0001" });
    const synth = synthConfig(c);
    expect(synth.json(ACCESS).provider.aws).toEqual([
      expect.objectContaining({ region: "us-east-1", allowed_account_ids: ["111122223333"], assume_role: [{ role_arn: "arn:aws:iam::111122223333:role/aura-deploy", external_id: "ext-0001", session_name: "cdktf-aura-secure" }] }),
    ]);
    expect(manifest(synth).stacks[ACCESS]!.annotations ?? []).toEqual([]);
  });

  test("the Lambda runner in a VPC no region knows: not pinned, and synth says so", () => {
    const synth = synthConfig(withLambda(awsOnly(), "vpc-0d1b2c3d4e5f60718"));
    expect(synth.json(ACCESS).provider.aws[0].allowed_account_ids).toBeUndefined();
    expect(manifest(synth).stacks[ACCESS]!.annotations).toEqual([
      expect.objectContaining({
        level: "@cdktf/warn",
        message: expect.stringContaining("neo4jAccess.runner.vpcId: vpc-0d1b2c3d4e5f60718 (us-east-1) is in no configured AWS region's network, so the Lambda runner's AWS provider is not pinned to an account"),
      }),
    ]);
  });

  test("the Lambda runner's VPC claimed by regions of two accounts is refused, naming both", () => {
    const c = withLambda(awsOnly(), "vpc-0a1b2c3d4e5f60718");
    c.regions[1].accountId = "777788889999";
    c.regions[1].dns.customEndpointRecords = "per-endpoint";
    c.regions[1].network.additionalVpcs = [{ vpcId: "vpc-0a1b2c3d4e5f60718", region: "us-east-1" }];
    expect(() => synthConfig(c)).toThrow(ConfigError);
    expect(() => synthConfig(c)).toThrow("neo4jAccess.runner.vpcId: vpc-0a1b2c3d4e5f60718 (us-east-1) is in the networks of regions[0] (account 111122223333) and regions[1] (account 777788889999)");
  });
});

describe("state backends and the Terraform version", () => {
  const terraformBlock = (backend: unknown, stack = "aura-aws-us-east-1") => {
    const c = clone(exampleConfig) as any;
    c.backend = backend;
    const synth = synthConfig(c);
    return { block: synth.json(stack).terraform, synth };
  };

  test("every stack needs Terraform 1.10 or newer (terraform_data, use_lockfile)", () => {
    const synth = synthConfig(exampleConfig);
    for (const s of synth.stacks) expect({ stack: s.name, required_version: synth.json(s.name).terraform.required_version }).toEqual({ stack: s.name, required_version: ">= 1.10.0" });
  });

  test.each<[string, unknown, string, Record<string, unknown>]>([
    ["s3 with native lock files", { type: "s3", bucket: "acme-tf-state", region: "eu-west-1" }, "s3", { bucket: "acme-tf-state", key: "aura-secure/aura-aws-us-east-1.tfstate", region: "eu-west-1", encrypt: true, use_lockfile: true }],
    [
      "s3 encrypted with the state's own KMS key, reached through a role",
      { type: "s3", bucket: "acme-tf-state", region: "eu-west-1", keyPrefix: "graph/prod", kmsKeyId: "arn:aws:kms:eu-west-1:111122223333:alias/tf-state", roleArn: "arn:aws:iam::111122223333:role/tf-state" },
      "s3",
      {
        bucket: "acme-tf-state",
        key: "graph/prod/aura-aws-us-east-1.tfstate",
        region: "eu-west-1",
        encrypt: true,
        kms_key_id: "arn:aws:kms:eu-west-1:111122223333:alias/tf-state",
        assume_role: { role_arn: "arn:aws:iam::111122223333:role/tf-state" },
        use_lockfile: true,
      },
    ],
    [
      "gcs under a prefix per stack, with a KMS key and impersonation",
      { type: "gcs", bucket: "acme-tf-state", prefix: "graph/prod", kmsEncryptionKey: "projects/acme-graph-prod/locations/europe/keyRings/tf/cryptoKeys/state", impersonateServiceAccount: "state-writer@acme-graph-prod.iam.gserviceaccount.com" },
      "gcs",
      { bucket: "acme-tf-state", prefix: "graph/prod/aura-aws-us-east-1", kms_encryption_key: "projects/acme-graph-prod/locations/europe/keyRings/tf/cryptoKeys/state", impersonate_service_account: "state-writer@acme-graph-prod.iam.gserviceaccount.com" },
    ],
    [
      "azurerm: a blob per stack, Entra ID by default",
      { type: "azurerm", storageAccountName: "acmetfstate", containerName: "tfstate", subscriptionId: "00000000-1111-2222-3333-444444444444" },
      "azurerm",
      { storage_account_name: "acmetfstate", container_name: "tfstate", key: "aura-secure/aura-aws-us-east-1.tfstate", subscription_id: "00000000-1111-2222-3333-444444444444", use_azuread_auth: true },
    ],
    [
      "azurerm with the access key looked up in its resource group",
      { type: "azurerm", storageAccountName: "acmetfstate", containerName: "tfstate", useAzureadAuth: false, resourceGroupName: "rg-tfstate" },
      "azurerm",
      { storage_account_name: "acmetfstate", container_name: "tfstate", key: "aura-secure/aura-aws-us-east-1.tfstate", resource_group_name: "rg-tfstate", use_azuread_auth: false },
    ],
  ])("%s", (_name, backend, type, expected) => {
    const { block } = terraformBlock(backend);
    expect(block.backend).toEqual({ [type]: expected });
  });

  test("azurerm keys differ per stack: the access stack has its own blob", () => {
    const { synth } = terraformBlock({ type: "azurerm", storageAccountName: "acmetfstate", containerName: "tfstate" });
    expect(synth.stacks.map((s) => synth.json(s.name).terraform.backend.azurerm.key)).toEqual(synth.stacks.map((s) => `aura-secure/${s.name}.tfstate`));
  });

  test("cloud, by name prefix: a workspace per stack, in the project", () => {
    const { synth } = terraformBlock({ type: "cloud", organization: "acme", hostname: "tfe.acme.example", project: "graph-network", workspaces: { namePrefix: "prod-" } });
    expect(synth.stacks.map((s) => synth.json(s.name).terraform.cloud)).toEqual(
      synth.stacks.map((s) => ({ organization: "acme", hostname: "tfe.acme.example", workspaces: { name: `prod-${s.name}`, project: "graph-network" } })),
    );
    expect(synth.json("aura-aws-us-east-1").terraform.backend).toBeUndefined();
  });

  test("cloud, by tags: the configured tags plus the stack's name", () => {
    const { block } = terraformBlock({ type: "cloud", organization: "acme", workspaces: { tags: ["aura", "env:prod"] } }, ACCESS);
    expect(block.cloud).toEqual({ organization: "acme", workspaces: { tags: ["aura", "env:prod", ACCESS] } });
  });

  test("cloud: a prefix that makes a workspace name too long is refused, naming the stack", () => {
    const c = clone(exampleConfig) as any;
    c.backend = { type: "cloud", organization: "acme", workspaces: { namePrefix: "x".repeat(70) } };
    expect(() => synthConfig(c)).toThrow(`backend.workspaces.namePrefix: gives stack aura-gcp-europe-west1 the workspace name ${"x".repeat(70)}aura-gcp-europe-west1 (91 characters)`);
  });
});

import { ROOT_STATEMENT_SID } from "../../domain/aura/key-policy";
import { auraSampleStatement } from "../support/fixtures";
import { synthConfig } from "../support/synth";
import { describeWithTerraform, initValidatePlan, plannedResources, stageStack, withOfflineAwsProviders, type PlanJson } from "../support/terraform";

const STATEMENT = auraSampleStatement();
/** The sample narrowed by an IAM policy variable: Terraform must pass `${...}` through, not evaluate it. */
const WITH_POLICY_VARIABLE = { ...STATEMENT, Condition: { ...(STATEMENT.Condition as object), StringLike: { "kms:EncryptionContext:tenant": "${aws:PrincipalTag/tenant}" } } };
const PRIMARY_ARN = "arn:aws:kms:us-east-1:111122223333:key/mrk-0123456789abcdef0123456789abcdef";

function region(name: string, az: string, key?: Record<string, unknown>): Record<string, unknown> {
  const n = ["us-east-1", "eu-west-1", "ap-south-1"].indexOf(name);
  return {
    cloud: "aws",
    region: name,
    product: "virtual-dedicated-cloud",
    accountId: "111122223333",
    orchestrations: [`000${n}`],
    endpointServiceName: `com.amazonaws.vpce.${name}.vpce-svc-0123456789abcdef0`,
    network: { vpcId: `vpc-0123456789abcdef${n}`, subnets: { [az]: "subnet-0123456789abcdef1" }, allowedCidrs: [{ cidr: "10.0.0.0/16", description: "apps" }] },
    // Made-up VPCs planned offline: the plan-time VPC DNS check (a data source) is tested in aws-dns-plan.test.ts.
    dns: { checkVpcDnsSettings: false },
    ...(key ? { customerManagedKey: key } : {}),
  };
}

/** Primary multi-Region key in us-east-1 (whole policy as text, admins, users, API hand-off), replica and own key in eu-west-1, a pending replica in ap-south-1. */
const config = {
  project: "acme",
  regions: [
    region("us-east-1", "use1-az1", {
      auraStatement: JSON.stringify({ Version: "2012-10-17", Statement: [STATEMENT] }),
      multiRegion: true,
      replicas: ["eu-west-1"],
      primaryKeyArn: PRIMARY_ARN,
      rotationPeriodDays: 180,
      adminPrincipals: ["arn:aws:iam::111122223333:role/kms-admin"],
      userPrincipals: ["arn:aws:iam::111122223333:role/app"],
      auraApi: { name: "acme-us-east-1", tenantId: "6f1e2d3c-4b5a-4968-8776-655443322110" },
    }),
    region("eu-west-1", "euw1-az1", { auraStatement: [WITH_POLICY_VARIABLE], alias: "acme-eu", multiRegion: true, replicas: ["ap-south-1"] }),
    region("ap-south-1", "aps1-az1"),
  ],
};

describeWithTerraform("terraform plan of AWS customer managed keys", () => {
  const synth = synthConfig(config);
  const plans = new Map<string, PlanJson>();
  const planOf = (stack: string): PlanJson => {
    let plan = plans.get(stack);
    if (!plan) {
      const run = stageStack(synth.stackDir(stack));
      withOfflineAwsProviders(run.dir);
      plan = initValidatePlan(run);
      plans.set(stack, plan);
    }
    return plan;
  };
  const resource = (stack: string, type: string) => plannedResources(planOf(stack)).filter((r) => r.type === type);

  test("the primary key validates and plans; its planned policy parses and keeps the root statement first", () => {
    const [key] = resource("aura-aws-us-east-1", "aws_kms_key");
    expect(key?.values).toMatchObject({
      key_usage: "ENCRYPT_DECRYPT",
      customer_master_key_spec: "SYMMETRIC_DEFAULT",
      enable_key_rotation: true,
      rotation_period_in_days: 180,
      deletion_window_in_days: 30,
      multi_region: true,
    });
    const policy = JSON.parse(String(key!.values.policy));
    expect(policy.Version).toBe("2012-10-17");
    expect(policy.Statement[0]).toEqual({ Sid: ROOT_STATEMENT_SID, Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*", Resource: "*" });
    expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).toEqual([ROOT_STATEMENT_SID, "Allow access for Key Administrators", "Allow use of the key", "Allow access for Neo4j"]);
    expect(policy.Statement[3]).toEqual(STATEMENT);
    expect(resource("aura-aws-us-east-1", "aws_kms_alias")[0]?.values.name).toBe("alias/acme-aura-us-east-1");
  });

  test("the hand-off output carries the Aura API body", () => {
    const out = planOf("aura-aws-us-east-1").output_changes?.aura_cmk?.after as { region: string; aura_api: { url: string; body: Record<string, unknown> } };
    expect(out.region).toBe("us-east-1");
    expect(out.aura_api.url).toBe("https://api.neo4j.io/v1/customer-managed-keys");
    // key_id is the ARN, known only after apply.
    expect(out.aura_api.body).toMatchObject({ name: "acme-us-east-1", tenant_id: "6f1e2d3c-4b5a-4968-8776-655443322110", instance_type: "enterprise-db", cloud_provider: "aws", region: "us-east-1" });
    expect(planOf("aura-aws-us-east-1").output_changes?.kms_key_arn).toMatchObject({ actions: ["create"], after_unknown: true });
  });

  test("the replica region's stack plans its own key and the replica of the us-east-1 key, each with the root statement first", () => {
    const [replica] = resource("aura-aws-eu-west-1", "aws_kms_replica_key");
    expect(replica?.values).toMatchObject({ primary_key_arn: PRIMARY_ARN, deletion_window_in_days: 30 });
    expect(JSON.parse(String(replica!.values.policy)).Statement[0].Sid).toBe(ROOT_STATEMENT_SID);
    const [own] = resource("aura-aws-eu-west-1", "aws_kms_key");
    expect(JSON.parse(String(own!.values.policy)).Statement[0].Sid).toBe(ROOT_STATEMENT_SID);
    expect(JSON.parse(String(own!.values.policy)).Statement.at(-1)).toEqual(WITH_POLICY_VARIABLE);
    expect(resource("aura-aws-eu-west-1", "aws_kms_alias").map((a) => a.values.name).sort()).toEqual(["alias/acme-aura-us-east-1", "alias/acme-eu"]);
  });

  test("a replica whose primary has no ARN yet is left out, and the stack still plans", () => {
    expect(resource("aura-aws-ap-south-1", "aws_kms_replica_key")).toEqual([]);
    const pending = planOf("aura-aws-ap-south-1").output_changes?.kms_replica_keys?.after as Record<string, { pending: string }>;
    expect(pending["eu-west-1"]?.pending).toContain("regions[1].customerManagedKey.primaryKeyArn: not set");
  });

  test("prevent_destroy is in the synthesized JSON of every key and replica", () => {
    expect(synth.json("aura-aws-us-east-1").resource.aws_kms_key.cmk_key.lifecycle).toEqual({ prevent_destroy: true });
    expect(synth.json("aura-aws-eu-west-1").resource.aws_kms_key.cmk_key.lifecycle).toEqual({ prevent_destroy: true });
    expect(synth.json("aura-aws-eu-west-1").resource.aws_kms_replica_key["cmk_replica_us-east-1_key"].lifecycle).toEqual({ prevent_destroy: true });
  });
});

/** GCP and Azure have no provider in the mirror here: their key stacks are checked on the synthesized JSON. */
describe("GCP and Azure keys of the example, synthesized", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { exampleConfig } = require("../../config/example") as typeof import("../../config/example");
  const synth = synthConfig(exampleConfig);

  test("GCP: key ring, key with prevent_destroy, three service accounts x two roles, hand-off body", () => {
    const json = synth.json("aura-gcp-europe-west1");
    expect(json.resource.google_kms_key_ring.cmk_key_ring).toMatchObject({ location: "europe-west1", lifecycle: { prevent_destroy: true } });
    expect(json.resource.google_kms_crypto_key.cmk_key.lifecycle).toEqual({ prevent_destroy: true });
    expect(Object.keys(json.resource.google_kms_crypto_key_iam_member)).toHaveLength(6);
    expect(json.output.aura_cmk.value.aura_api.body).toMatchObject({ cloud_provider: "gcp", key_id: "${google_kms_crypto_key.cmk_key.id}", region: "europe-west1", instance_type: "enterprise-db" });
  });

  test("Azure: vault with purge protection, RBAC and disk encryption, RSA key, Crypto Service Encryption User for Aura, 24 h note", () => {
    const json = synth.json("aura-azure-eastus");
    expect(json.resource.azurerm_key_vault.cmk_vault).toMatchObject({ location: "eastus", purge_protection_enabled: true, rbac_authorization_enabled: true, enabled_for_disk_encryption: true });
    expect(json.resource.azurerm_key_vault_key.cmk_key).toMatchObject({ key_type: "RSA", key_size: 4096, lifecycle: { prevent_destroy: true } });
    expect(json.resource.azurerm_role_assignment.cmk_aura_crypto_service_encryption_user.role_definition_name).toBe("Key Vault Crypto Service Encryption User");
    expect(json.output.aura_cmk.value.rotation_note).toContain("24 hours");
  });
});

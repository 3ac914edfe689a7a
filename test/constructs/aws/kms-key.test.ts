import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { KmsReplicaKey } from "@cdktf/provider-aws/lib/kms-replica-key";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing } from "cdktf";
import { KeyPolicyError, ROOT_STATEMENT_SID } from "../../../domain/aura/key-policy";
import { AuraKmsKey, type AuraKmsKeyProps } from "../../../constructs/aws/kms-key";
import { AuraKmsReplicaKey } from "../../../constructs/aws/kms-replica-key";
import { AuraStack } from "../../../stacks/aura-stack";
import { auraSampleStatement } from "../../support/fixtures";

const STATEMENT = auraSampleStatement();

const props: AuraKmsKeyProps = {
  alias: "acme-aura-us-east-1",
  description: "Aura key",
  accountId: "111122223333",
  region: "us-east-1",
  auraStatement: STATEMENT,
  tags: { team: "graph" },
};

function synthKey(over: Partial<AuraKmsKeyProps> = {}): { json: any; synth: string; key: AuraKmsKey; stack: AuraStack } {
  const app = Testing.app();
  const stack = new AuraStack(app, "keys");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  const key = new AuraKmsKey(stack, "cmk", { ...props, ...over });
  const synth = Testing.synth(stack);
  return { json: JSON.parse(synth), synth, key, stack };
}

describe("AuraKmsKey", () => {
  test("a symmetric, rotating key with the longest deletion window, prevent_destroy and an alias", () => {
    const { synth, json } = synthKey();
    expect(synth).toHaveResourceWithProperties(KmsKey, {
      key_usage: "ENCRYPT_DECRYPT",
      customer_master_key_spec: "SYMMETRIC_DEFAULT",
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      multi_region: false,
      lifecycle: { prevent_destroy: true },
      tags: { team: "graph", Name: "acme-aura-us-east-1" },
    });
    expect(synth).toHaveResourceWithProperties(KmsAlias, { name: "alias/acme-aura-us-east-1", target_key_id: "${aws_kms_key.cmk_key.key_id}" });
    expect(json.resource.aws_kms_key.cmk_key.rotation_period_in_days).toBeUndefined();
  });

  test("the policy is JSON with the root admin statement first and Aura's statement unchanged", () => {
    const { json } = synthKey({ adminPrincipals: ["arn:aws:iam::111122223333:role/kms-admin"] });
    const policy = JSON.parse(json.resource.aws_kms_key.cmk_key.policy);
    expect(policy.Statement[0]).toMatchObject({ Sid: ROOT_STATEMENT_SID, Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*" });
    expect(policy.Statement.map((s: any) => s.Sid)).toEqual([ROOT_STATEMENT_SID, "Allow access for Key Administrators", "Allow access for Neo4j"]);
    expect(policy.Statement[2]).toEqual(STATEMENT);
  });

  test("rotation period, deletion window and multi-Region are passed through", () => {
    const { synth } = synthKey({ rotationPeriodDays: 180, deletionWindowDays: 7, multiRegion: true });
    expect(synth).toHaveResourceWithProperties(KmsKey, { rotation_period_in_days: 180, deletion_window_in_days: 7, multi_region: true });
  });

  test("allowDestroy drops prevent_destroy", () => {
    const { json } = synthKey({ allowDestroy: true });
    expect(json.resource.aws_kms_key.cmk_key.lifecycle).toBeUndefined();
  });

  test("rotation off: no rotation period and a synth-time warning", () => {
    const { json, key } = synthKey({ rotation: false, rotationPeriodDays: 365 });
    expect(json.resource.aws_kms_key.cmk_key.enable_key_rotation).toBe(false);
    expect(json.resource.aws_kms_key.cmk_key.rotation_period_in_days).toBeUndefined();
    const warnings = key.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    expect(warnings).toEqual([expect.stringContaining("automatic key rotation is off")]);
  });

  test("an unsafe statement fails the synth with the lint message", () => {
    expect(() => synthKey({ auraStatement: { ...STATEMENT, Condition: undefined } })).toThrow(KeyPolicyError);
    expect(() => synthKey({ auraStatement: { ...STATEMENT, Condition: undefined } })).toThrow(/AuraKmsKey at [^:]+: props\.auraStatement \(Sid "Allow access for Neo4j"\): got Principal/);
  });

  test("a key for an instance in another region fails the synth", () => {
    expect(() => synthKey({ instanceRegion: "eu-west-1" })).toThrow(/instanceRegion: got "eu-west-1", but the key is in us-east-1/);
  });

  test("addresses are stable: construct path, not variable names", () => {
    const { json } = synthKey();
    expect(Object.keys(json.resource.aws_kms_key)).toEqual(["cmk_key"]);
    expect(Object.keys(json.resource.aws_kms_alias)).toEqual(["cmk_alias"]);
  });
});

describe("AuraKmsReplicaKey", () => {
  const primaryKeyArn = "arn:aws:kms:us-east-1:111122223333:key/mrk-0123456789abcdef0123456789abcdef";
  function synthReplica(allowDestroy?: boolean) {
    const app = Testing.app();
    const stack = new AuraStack(app, "replica");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    new AuraKmsReplicaKey(stack, "cmk_replica_us-east-1", {
      primaryKeyArn,
      alias: "acme-aura-us-east-1",
      description: "replica",
      accountId: "111122223333",
      region: "eu-west-1",
      auraStatement: [STATEMENT],
      allowDestroy,
    });
    return Testing.synth(stack);
  }

  test("replicates the primary with its own policy, prevent_destroy and an alias in this region", () => {
    const synth = synthReplica();
    expect(synth).toHaveResourceWithProperties(KmsReplicaKey, { primary_key_arn: primaryKeyArn, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
    expect(synth).toHaveResourceWithProperties(KmsAlias, { name: "alias/acme-aura-us-east-1" });
    const replica = JSON.parse(synth).resource.aws_kms_replica_key["cmk_replica_us-east-1_key"];
    expect(JSON.parse(replica.policy).Statement.map((s: any) => s.Sid)).toEqual([ROOT_STATEMENT_SID, "Allow access for Neo4j"]);
  });

  test("allowDestroy drops prevent_destroy on the replica too", () => {
    expect(JSON.parse(synthReplica(true)).resource.aws_kms_replica_key["cmk_replica_us-east-1_key"].lifecycle).toBeUndefined();
  });
});

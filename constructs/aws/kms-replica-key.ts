import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsReplicaKey } from "@cdktf/provider-aws/lib/kms-replica-key";
import { Construct } from "constructs";
import { assertProps } from "../../domain/props";
import { awsKeyProblems } from "../../domain/construct-rules";
import type { KeyPolicy } from "../../domain/aura/key-policy";
import { composeAuraKeyPolicy, defaultKeyDescription, keyPolicyArgument, type AuraKeyCommonProps, type AuraKeyPolicyProps } from "./kms-key-policy";

/** `region` is where the replica (and the Aura instance using it) lives; rotation follows the primary. */
export interface AuraKmsReplicaKeyProps extends Omit<AuraKeyPolicyProps, "instanceRegion" | "rotation">, AuraKeyCommonProps {
  /** ARN of the multi-Region primary key (`mrk-...`), known because it exists already. */
  readonly primaryKeyArn: string;
}

/**
 * A replica of a multi-Region Aura key in this stack's region. Key policies are not shared between
 * replicas, so the replica gets its own composed policy; rotation follows the primary.
 */
export class AuraKmsReplicaKey extends Construct {
  readonly key: KmsReplicaKey;
  readonly alias: KmsAlias;
  readonly policy: KeyPolicy;

  constructor(scope: Construct, id: string, props: AuraKmsReplicaKeyProps) {
    super(scope, id);
    assertProps("AuraKmsReplicaKey", this.node.path, awsKeyProblems(props));
    this.policy = composeAuraKeyPolicy(this, props);

    this.key = new KmsReplicaKey(this, "key", {
      primaryKeyArn: props.primaryKeyArn,
      description: props.description ?? defaultKeyDescription(props.alias),
      deletionWindowInDays: props.deletionWindowDays ?? 30,
      policy: keyPolicyArgument(this.policy),
      tags: { ...props.tags, Name: props.alias },
      // A replica is a full copy of the key: deleting it loses the instances encrypted with it here.
      lifecycle: props.allowDestroy ? undefined : { preventDestroy: true },
    });
    this.alias = new KmsAlias(this, "alias", { name: `alias/${props.alias}`, targetKeyId: this.key.keyId });
  }
}

import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import { assertProps } from "../../domain/props";
import { awsKeyProblems } from "../../domain/construct-rules";
import type { KeyPolicy } from "../../domain/aura/key-policy";
import { composeAuraKeyPolicy, defaultKeyDescription, keyPolicyArgument, type AuraKeyCommonProps, type AuraKeyPolicyProps } from "./kms-key-policy";

export interface AuraKmsKeyProps extends AuraKeyPolicyProps, AuraKeyCommonProps {
  readonly rotationPeriodDays?: number;
  readonly multiRegion?: boolean;
}

/**
 * A symmetric KMS key for Aura with its alias. The policy is composed and linted at synth: the account
 * root's admin statement first, so no pasted statement can lock the account out.
 */
export class AuraKmsKey extends Construct {
  readonly key: KmsKey;
  readonly alias: KmsAlias;
  readonly policy: KeyPolicy;

  constructor(scope: Construct, id: string, props: AuraKmsKeyProps) {
    super(scope, id);
    assertProps("AuraKmsKey", this.node.path, awsKeyProblems(props));
    const rotation = props.rotation ?? true;
    this.policy = composeAuraKeyPolicy(this, props);

    this.key = new KmsKey(this, "key", {
      description: props.description ?? defaultKeyDescription(props.alias),
      keyUsage: "ENCRYPT_DECRYPT",
      customerMasterKeySpec: "SYMMETRIC_DEFAULT",
      enableKeyRotation: rotation,
      rotationPeriodInDays: rotation ? props.rotationPeriodDays : undefined,
      deletionWindowInDays: props.deletionWindowDays ?? 30,
      multiRegion: props.multiRegion ?? false,
      policy: keyPolicyArgument(this.policy),
      tags: { ...props.tags, Name: props.alias },
      // Losing the key makes every instance encrypted with it unrecoverable (reference 002).
      lifecycle: props.allowDestroy ? undefined : { preventDestroy: true },
    });

    this.alias = new KmsAlias(this, "alias", { name: `alias/${props.alias}`, targetKeyId: this.key.keyId });
  }
}

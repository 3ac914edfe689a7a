import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Annotations } from "cdktf";
import { Construct } from "constructs";
import { awsPartition, composeKeyPolicy, type KeyPolicy } from "../aura/key-policy";

export interface AuraKmsKeyProps {
  /** Alias name without the "alias/" prefix. */
  readonly alias: string;
  readonly description: string;
  readonly accountId: string;
  /** The region of the stack's provider, where the key is created. */
  readonly region: string;
  /** Region of the Aura instance(s) using the key; must equal `region` (checked by the policy lint). */
  readonly instanceRegion?: string;
  readonly adminPrincipals?: readonly string[];
  readonly userPrincipals?: readonly string[];
  /** The statement(s) the Aura console generated: JSON text, a statement, a list or a whole policy. */
  readonly auraStatements: unknown;
  /** Automatic rotation; true unless set to false. */
  readonly rotation?: boolean;
  readonly rotationPeriodDays?: number;
  /** 7-30; 30 (the longest) by default. */
  readonly deletionWindowDays?: number;
  /** Leaves out prevent_destroy. Only when the user asked for it in so many words. */
  readonly allowDestroy?: boolean;
  readonly multiRegion?: boolean;
  readonly tags?: Readonly<Record<string, string>>;
  /** Config path used in policy messages. */
  readonly configPath?: string;
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
    const rotation = props.rotation ?? true;
    const { policy, warnings } = composeKeyPolicy({
      accountId: props.accountId,
      partition: awsPartition(props.region),
      adminPrincipals: props.adminPrincipals ?? [],
      userPrincipals: props.userPrincipals ?? [],
      auraStatements: props.auraStatements,
      keyRegion: props.region,
      instanceRegion: props.instanceRegion ?? props.region,
      rotationEnabled: rotation,
      configPath: props.configPath,
    });
    for (const w of warnings) Annotations.of(this).addWarning(w);
    this.policy = policy;

    this.key = new KmsKey(this, "key", {
      description: props.description,
      keyUsage: "ENCRYPT_DECRYPT",
      customerMasterKeySpec: "SYMMETRIC_DEFAULT",
      enableKeyRotation: rotation,
      rotationPeriodInDays: rotation ? props.rotationPeriodDays : undefined,
      deletionWindowInDays: props.deletionWindowDays ?? 30,
      multiRegion: props.multiRegion ?? false,
      policy: JSON.stringify(policy),
      tags: { ...props.tags, Name: props.alias },
      // Losing the key makes every instance encrypted with it unrecoverable (reference 002).
      lifecycle: props.allowDestroy ? undefined : { preventDestroy: true },
    });

    this.alias = new KmsAlias(this, "alias", { name: `alias/${props.alias}`, targetKeyId: this.key.keyId });
  }
}

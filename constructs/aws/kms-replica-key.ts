import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsReplicaKey } from "@cdktf/provider-aws/lib/kms-replica-key";
import { Annotations } from "cdktf";
import { Construct } from "constructs";
import { awsPartition, composeKeyPolicy, type KeyPolicy } from "../aura/key-policy";

export interface AuraKmsReplicaKeyProps {
  /** ARN of the multi-Region primary key (`mrk-...`), known because it exists already. */
  readonly primaryKeyArn: string;
  readonly alias: string;
  readonly description: string;
  readonly accountId: string;
  /** The region of this stack's provider: where the replica (and the Aura instance using it) lives. */
  readonly region: string;
  readonly adminPrincipals?: readonly string[];
  readonly userPrincipals?: readonly string[];
  readonly auraStatements: unknown;
  readonly deletionWindowDays?: number;
  readonly allowDestroy?: boolean;
  readonly tags?: Readonly<Record<string, string>>;
  readonly configPath?: string;
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
    const { policy, warnings } = composeKeyPolicy({
      accountId: props.accountId,
      partition: awsPartition(props.region),
      adminPrincipals: props.adminPrincipals ?? [],
      userPrincipals: props.userPrincipals ?? [],
      auraStatements: props.auraStatements,
      keyRegion: props.region,
      instanceRegion: props.region,
      configPath: props.configPath,
    });
    for (const w of warnings) Annotations.of(this).addWarning(w);
    this.policy = policy;

    this.key = new KmsReplicaKey(this, "key", {
      primaryKeyArn: props.primaryKeyArn,
      description: props.description,
      deletionWindowInDays: props.deletionWindowDays ?? 30,
      policy: JSON.stringify(policy),
      tags: { ...props.tags, Name: props.alias },
      // A replica is a full copy of the key: deleting it loses the instances encrypted with it here.
      lifecycle: props.allowDestroy ? undefined : { preventDestroy: true },
    });
    this.alias = new KmsAlias(this, "alias", { name: `alias/${props.alias}`, targetKeyId: this.key.keyId });
  }
}

import { Annotations } from "cdktf";
import type { Construct } from "constructs";
import { awsPartition, composeKeyPolicy, type KeyPolicy } from "../../domain/aura/key-policy";
import { terraformLiteral } from "../../domain/terraform-literal";

/** What AuraKmsKey and AuraKmsReplicaKey need to compose their key policy. */
export interface AuraKeyPolicyProps {
  readonly accountId: string;
  /** The region of the stack's provider, where the key is created. */
  readonly region: string;
  /** Region of the Aura instance(s) using the key; must equal `region` (checked by the policy lint). */
  readonly instanceRegion?: string;
  readonly adminPrincipals?: readonly string[];
  readonly userPrincipals?: readonly string[];
  /**
   * The statement(s) the Aura console generated: JSON text, a statement, a list or a whole policy. The
   * config's `customerManagedKey.auraStatement` under the same name.
   */
  readonly auraStatement: unknown;
  /** Automatic rotation; true unless set to false. */
  readonly rotation?: boolean;
  /** Config path used in policy messages. */
  readonly configPath?: string;
}

/** What a key and a replica share besides their policy. */
export interface AuraKeyCommonProps {
  /** Alias name without the "alias/" prefix. */
  readonly alias: string;
  /** Default: "Neo4j Aura customer managed key (alias/<alias>)". */
  readonly description?: string;
  /** 7-30; 30 (the longest) by default. */
  readonly deletionWindowDays?: number;
  /** Leaves out prevent_destroy. Only when the user asked for it in so many words. */
  readonly allowDestroy?: boolean;
  readonly tags?: Readonly<Record<string, string>>;
}

export function defaultKeyDescription(alias: string): string {
  return `Neo4j Aura customer managed key (alias/${alias})`;
}

/** The policy as the `policy` argument: IAM policy variables such as ${aws:username} must reach AWS as written, not as Terraform templates. */
export function keyPolicyArgument(policy: KeyPolicy): string {
  return terraformLiteral(JSON.stringify(policy));
}

/**
 * Composes and lints a key's policy at synth: an unsafe policy throws KeyPolicyError before any resource
 * exists, and lint warnings (rotation off, no data use for Aura) show as synth warnings on `scope`.
 */
export function composeAuraKeyPolicy(scope: Construct, props: AuraKeyPolicyProps): KeyPolicy {
  const { policy, warnings } = composeKeyPolicy({
    accountId: props.accountId,
    partition: awsPartition(props.region),
    adminPrincipals: props.adminPrincipals ?? [],
    userPrincipals: props.userPrincipals ?? [],
    auraStatement: props.auraStatement,
    keyRegion: props.region,
    instanceRegion: props.instanceRegion ?? props.region,
    rotationEnabled: props.rotation,
    // A library user's construct is named by its path, as the config names its config path.
    configPath: props.configPath ?? `${scope.constructor.name} at ${scope.node.path}: props`,
  });
  for (const w of warnings) Annotations.of(scope).addWarning(w);
  return policy;
}

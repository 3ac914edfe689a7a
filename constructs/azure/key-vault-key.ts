import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { KeyVaultKey } from "@cdktf/provider-azurerm/lib/key-vault-key";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Annotations } from "cdktf";
import { Construct } from "constructs";
import { assertProps } from "../../domain/props";
import { azureKeyProblems } from "../../domain/construct-rules";

export const AURA_AZURE_KEY_ROLE = "Key Vault Crypto Officer";
export const VAULT_ADMIN_ROLE = "Key Vault Administrator";

export const ROTATION_DISABLE_WAIT_WARNING =
  "After Key Vault rotates the Aura key, wait at least 24 hours before disabling the previous key version: Aura may still use it until then, and instances become unavailable.";

export interface AuraKeyVaultKeyProps {
  readonly vaultName: string;
  readonly resourceGroupName: string;
  /** The Aura instance's region. */
  readonly location: string;
  readonly tenantId: string;
  readonly sku?: "standard" | "premium";
  readonly keyName: string;
  readonly keyType?: "RSA" | "RSA-HSM";
  readonly keySize?: number;
  readonly rotation?: boolean;
  readonly rotateAfterDays?: number;
  readonly softDeleteRetentionDays?: number;
  readonly allowDestroy?: boolean;
  /** Object id of the Aura CMK application's service principal. */
  readonly auraServicePrincipalObjectId: string;
  /** Get "Key Vault Administrator" on the vault, e.g. the deploying identity, which needs it to create the key. */
  readonly administratorObjectIds?: readonly string[];
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A Key Vault with purge protection and RBAC authorization, an RSA key with a rotation policy, and the
 * "Key Vault Crypto Officer" role on the key for Aura's CMK service principal.
 */
export class AuraKeyVaultKey extends Construct {
  readonly vault: KeyVault;
  readonly key: KeyVaultKey;
  readonly auraRole: RoleAssignment;
  readonly adminRoles: RoleAssignment[] = [];

  constructor(scope: Construct, id: string, props: AuraKeyVaultKeyProps) {
    super(scope, id);
    assertProps("AuraKeyVaultKey", this.node.path, azureKeyProblems(props));
    const rotation = props.rotation ?? true;
    const keep = props.allowDestroy ? undefined : { preventDestroy: true };
    if (rotation) Annotations.of(this).addWarning(ROTATION_DISABLE_WAIT_WARNING);
    else Annotations.of(this).addWarning(`Azure key ${props.keyName}: automatic rotation is off; Aura supports automatic rotation and rotating regularly is best practice`);

    this.vault = new KeyVault(this, "vault", {
      name: props.vaultName,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      tenantId: props.tenantId,
      skuName: props.sku ?? "standard",
      // Purge protection cannot be turned off again: a deleted key stays recoverable for the retention period.
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: props.softDeleteRetentionDays ?? 90,
      // azurerm 4.x name (enable_rbac_authorization is deprecated there and removed in 5.0).
      rbacAuthorizationEnabled: true,
      tags: { ...props.tags },
      lifecycle: keep,
    });

    for (const objectId of props.administratorObjectIds ?? []) {
      this.adminRoles.push(
        new RoleAssignment(this, `admin_${objectId}`, { scope: this.vault.id, roleDefinitionName: VAULT_ADMIN_ROLE, principalId: objectId }),
      );
    }

    this.key = new KeyVaultKey(this, "key", {
      name: props.keyName,
      keyVaultId: this.vault.id,
      keyType: props.keyType ?? "RSA",
      keySize: props.keySize ?? 4096,
      keyOpts: ["wrapKey", "unwrapKey", "encrypt", "decrypt"],
      rotationPolicy: rotation ? { automatic: { timeAfterCreation: `P${props.rotateAfterDays ?? 365}D` } } : undefined,
      tags: { ...props.tags },
      lifecycle: keep,
      // With RBAC authorization the deployer needs its data-plane role before it can create the key.
      dependsOn: this.adminRoles.length > 0 ? this.adminRoles : undefined,
    });

    this.auraRole = new RoleAssignment(this, "aura_crypto_officer", {
      scope: this.key.resourceVersionlessId,
      roleDefinitionName: AURA_AZURE_KEY_ROLE,
      principalId: props.auraServicePrincipalObjectId,
      principalType: "ServicePrincipal",
      description: "Neo4j Aura customer managed key: Aura's CMK application uses this key",
    });
  }
}

import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { KeyVaultKey } from "@cdktf/provider-azurerm/lib/key-vault-key";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Annotations, type TerraformResource } from "cdktf";
import { TerraformData } from "../aura/terraform-data";
import { Construct } from "constructs";
import { assertProps } from "../../domain/props";
import { azureKeyProblems } from "../../domain/construct-rules";
import { loadOptionalBinding } from "../../domain/bindings";

// Roles, vault settings and their sources: docs/vendor-facts.md, "Azure customer managed keys".
export const AURA_AZURE_KEY_ROLE = "Key Vault Crypto Service Encryption User";
export const VAULT_ADMIN_ROLE = "Key Vault Administrator";

export const ROTATION_DISABLE_WAIT_WARNING =
  "After Key Vault rotates the Aura key, wait at least 24 hours before disabling the previous key version: Aura may still use it until then, and instances become unavailable.";

/** How the vault's firewall treats public traffic: the three choices of Aura's CMK page. */
export type VaultPublicNetworkAccess = "all" | "selected" | "disabled";

/** Default wait after new administrator role assignments before the key is created (see the wait below). */
export const DEFAULT_RBAC_PROPAGATION_WAIT_SECONDS = 120;

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
  /**
   * The "Neo4j CMK Application ID" the Aura console shows. Its service principal is created in the vault's
   * tenant, or adopted when it exists (`azuread_service_principal` with `use_existing`), and gets Aura's
   * role. Needs @cdktf/provider-azuread (loaded only then) and an azuread provider in the stack for
   * `tenantId`, with an identity allowed to create service principals (see the README). Exactly one of
   * this and auraServicePrincipalObjectId.
   */
  readonly auraApplicationId?: string;
  /** Object id of the Aura CMK application's service principal, created beforehand (`az ad sp create --id <Application ID>`). */
  readonly auraServicePrincipalObjectId?: string;
  /** Get "Key Vault Administrator" on the vault, e.g. the deploying identity, which needs it to create the key. */
  readonly administratorObjectIds?: readonly string[];
  /** "all" (default), "selected" (only allowedIpRanges and allowedSubnetIds) or "disabled". */
  readonly publicNetworkAccess?: VaultPublicNetworkAccess;
  /** Public IPv4 addresses or CIDRs allowed with "selected" (e.g. the pipeline that runs terraform). */
  readonly allowedIpRanges?: readonly string[];
  /** Subnet resource ids allowed with "selected" (the subnets need the Microsoft.KeyVault service endpoint). */
  readonly allowedSubnetIds?: readonly string[];
  /** Seconds to wait after new administrator role assignments before creating the key; 0 turns the wait off. */
  readonly rbacPropagationWaitSeconds?: number;
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The Key Vault, key and role assignments Aura's CMK page asks for: purge protection, Azure RBAC, Azure
 * Disk Encryption enabled, the firewall choice with trusted Microsoft services bypassing it, an RSA key
 * with a rotation policy, and "Key Vault Crypto Service Encryption User" on the key for Aura's CMK
 * application. Facts and sources: docs/vendor-facts.md, "Azure customer managed keys".
 */
export class AuraKeyVaultKey extends Construct {
  readonly vault: KeyVault;
  readonly key: KeyVaultKey;
  readonly auraRole: RoleAssignment;
  /** The `azuread_service_principal` of Aura's CMK application, when it is given by auraApplicationId. */
  readonly auraServicePrincipal?: TerraformResource;
  /** Object id of Aura's service principal: the prop, or the created principal's `object_id`. */
  readonly auraPrincipalObjectId: string;
  readonly adminRoles: RoleAssignment[] = [];
  /** Present when administrators are assigned here and the wait is on. */
  readonly rbacWait?: TerraformData;

  constructor(scope: Construct, id: string, props: AuraKeyVaultKeyProps) {
    super(scope, id);
    assertProps("AuraKeyVaultKey", this.node.path, azureKeyProblems(props));
    const rotation = props.rotation ?? true;
    const keep = props.allowDestroy ? undefined : { preventDestroy: true };
    if (rotation) Annotations.of(this).addWarning(ROTATION_DISABLE_WAIT_WARNING);
    else Annotations.of(this).addWarning(`Azure key ${props.keyName}: automatic rotation is off; Aura supports automatic rotation and rotating regularly is best practice`);

    const access = props.publicNetworkAccess ?? "all";
    if (access === "disabled") {
      Annotations.of(this).addWarning(
        `Key vault ${props.vaultName}: public network access is disabled, so terraform creates and rotates the key through the vault's private endpoint only; run it from a network that resolves and reaches the vault privately, or use "selected" with the runner's address in allowedIpRanges.`,
      );
    }

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
      // Aura's page: "Azure Disk Encryption for volume encryption".
      enabledForDiskEncryption: true,
      publicNetworkAccessEnabled: access !== "disabled",
      // Whenever access is restricted the page requires "Allow trusted Microsoft services to bypass this firewall".
      networkAcls:
        access === "all"
          ? { defaultAction: "Allow", bypass: "AzureServices" }
          : {
              defaultAction: "Deny",
              bypass: "AzureServices",
              ipRules: access === "selected" ? [...(props.allowedIpRanges ?? [])] : [],
              virtualNetworkSubnetIds: access === "selected" ? [...(props.allowedSubnetIds ?? [])] : [],
            },
      tags: { ...props.tags },
      lifecycle: keep,
    });

    for (const objectId of props.administratorObjectIds ?? []) {
      this.adminRoles.push(
        new RoleAssignment(this, `admin_${objectId}`, { scope: this.vault.id, roleDefinitionName: VAULT_ADMIN_ROLE, principalId: objectId }),
      );
    }

    // With RBAC authorization the deployer needs its data-plane role before it can create the key, and a
    // new role assignment takes minutes to propagate: creating the key at once fails with 403. The
    // hashicorp/time provider (time_sleep) is not available offline here and every extra provider is one
    // more thing to mirror, so the wait is the built-in terraform_data with a local-exec sleep. It runs
    // once, after the assignments are created, and again only when they are replaced (triggers_replace).
    const wait = props.rbacPropagationWaitSeconds ?? DEFAULT_RBAC_PROPAGATION_WAIT_SECONDS;
    if (this.adminRoles.length > 0 && wait > 0) {
      this.rbacWait = new TerraformData(this, "rbac_propagation_wait", {
        triggersReplace: Object.fromEntries((props.administratorObjectIds ?? []).map((objectId, i) => [objectId, this.adminRoles[i]!.id])),
        dependsOn: this.adminRoles,
        provisioners: [{ type: "local-exec", command: `sleep ${Math.floor(wait)}` }],
      });
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
      dependsOn: this.rbacWait ? [this.rbacWait] : this.adminRoles.length > 0 ? this.adminRoles : undefined,
    });

    if (props.auraApplicationId !== undefined) {
      // Loaded only here: the azuread binding is an optional peer dependency.
      const { ServicePrincipal } = loadOptionalBinding(
        () => require("@cdktf/provider-azuread/lib/service-principal") as typeof import("@cdktf/provider-azuread/lib/service-principal"),
        "@cdktf/provider-azuread",
        `AuraKeyVaultKey at ${this.node.path}`,
        "auraApplicationId",
      );
      // use_existing adopts the principal when someone created it already. The provider also tries to delete
      // an adopted principal on destroy, and other keys of the tenant may rely on it: kept like the key.
      const sp = new ServicePrincipal(this, "aura_service_principal", { clientId: props.auraApplicationId, useExisting: true, lifecycle: keep });
      this.auraServicePrincipal = sp;
      this.auraPrincipalObjectId = sp.objectId;
    } else {
      this.auraPrincipalObjectId = props.auraServicePrincipalObjectId!;
    }

    // The construct id names the role: renamed from aura_crypto_officer with the role (a replacement, as
    // the role of an assignment cannot change in place anyway). Every argument of a role assignment forces
    // a replacement, and a replacement removes Aura's access to the key until the new one exists, so they
    // hold only values derived from the props. Assignments made by earlier versions carry a description
    // written by the library: ignoring it keeps them in place (CHANGELOG.md).
    this.auraRole = new RoleAssignment(this, "aura_crypto_service_encryption_user", {
      scope: this.key.resourceVersionlessId,
      roleDefinitionName: AURA_AZURE_KEY_ROLE,
      principalId: this.auraPrincipalObjectId,
      principalType: "ServicePrincipal",
      // A principal created in the same apply may not have replicated yet (azurerm: skip_service_principal_aad_check).
      skipServicePrincipalAadCheck: props.auraApplicationId !== undefined ? true : undefined,
      lifecycle: { ignoreChanges: ["description"] },
    });
  }
}

import { Annotations, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { AzureRegionConfig } from "../config/azure";
import { auraCmkApiRequest, auraCmkRegistration, auraCmkRegistrationOutput, cmkConsoleSteps } from "../domain/aura/cmk-handoff";
import { AuraCmkRegistration } from "../constructs/aura/cmk-registration";
import { PRODUCT_LABELS } from "../domain/aura/names";
import { azureCmkRegionWarning } from "../domain/azure/cmk-regions";
import { AuraKeyVaultKey, ROTATION_DISABLE_WAIT_WARNING } from "../constructs/azure/key-vault-key";
import { loadOptionalBinding } from "../domain/bindings";

/** The customer managed key part of an Azure region stack: vault, key, Aura's role and the hand-off output. */
export function addAzureCustomerManagedKey(
  scope: Construct,
  props: { region: AzureRegionConfig; tags: Readonly<Record<string, string>>; configPath?: string },
): AuraKeyVaultKey | undefined {
  const r = props.region;
  const key = r.customerManagedKey;
  if (!key) return undefined;
  if (key.auraApplicationId !== undefined) {
    // The service principal is created in the vault's tenant; credentials come from the environment like azurerm's.
    const { AzureadProvider } = loadOptionalBinding(
      () => require("@cdktf/provider-azuread/lib/provider") as typeof import("@cdktf/provider-azuread/lib/provider"),
      "@cdktf/provider-azuread",
      `${props.configPath ?? "region"}.customerManagedKey`,
      "auraApplicationId",
    );
    new AzureadProvider(scope, "azuread", { tenantId: key.tenantId });
  }
  const cmk = new AuraKeyVaultKey(scope, "cmk", {
    vaultName: key.vaultName,
    resourceGroupName: key.resourceGroupName ?? r.resourceGroupName,
    location: r.region,
    tenantId: key.tenantId,
    sku: key.sku,
    keyName: key.keyName,
    keyType: key.keyType,
    keySize: key.keySize,
    rotation: key.rotation,
    rotateAfterDays: key.rotateAfterDays,
    softDeleteRetentionDays: key.softDeleteRetentionDays,
    allowDestroy: key.allowDestroy,
    auraApplicationId: key.auraApplicationId,
    auraServicePrincipalObjectId: key.auraServicePrincipalObjectId,
    administratorObjectIds: key.administratorObjectIds,
    publicNetworkAccess: key.publicNetworkAccess,
    allowedIpRanges: key.allowedIpRanges,
    allowedSubnetIds: key.allowedSubnetIds,
    rbacPropagationWaitSeconds: key.rbacPropagationWaitSeconds,
    tags: { ...props.tags, ...key.tags },
  });
  const regionWarning = azureCmkRegionWarning(r.region, `${props.configPath ?? "region"}.customerManagedKey`);
  if (regionWarning) Annotations.of(cmk).addWarning(regionWarning);
  // What Aura is given: the key version's Key Identifier, as Aura's CMK page asks, unless the config says
  // versionless. azurerm keeps `id` at the version it created (a rotation adds versions, the state id stays);
  // the registration is also keyed by the versionless id and keeps the id it registered, so a rotation never
  // registers again (docs/vendor-facts.md, "Azure customer managed keys").
  const versioned = key.auraKeyIdentifier === "versioned";
  const auraKeyId = versioned ? cmk.key.id : cmk.key.versionlessId;
  new TerraformOutput(scope, "aura_cmk", {
    value: {
      // Aura's page: "click into key version and copy the Key Identifier" (a versioned id).
      key_identifier: cmk.key.id,
      key_identifier_use: "The Key Identifier of the key version created here, as Aura's CMK page asks: paste it where the Aura console asks for the key (project security settings, Customer Managed Key).",
      versionless_key_id: cmk.key.versionlessId,
      versionless_key_id_use: "The key without a version. Aura's pages ask for a version's Key Identifier and do not say the versionless form is accepted; use it only with customerManagedKey.auraKeyIdentifier: versionless.",
      aura_key_identifier: versioned ? "versioned" : "versionless",
      vault_uri: cmk.vault.vaultUri,
      region: r.region,
      product: PRODUCT_LABELS[r.product],
      aura_service_principal_object_id: cmk.auraPrincipalObjectId,
      steps: cmkConsoleSteps("azure", key.auraApi !== undefined, key.auraApi?.credentials !== undefined, key.auraApplicationId !== undefined),
      rotation_note: ROTATION_DISABLE_WAIT_WARNING,
      aura_api: auraCmkApiRequest(key.auraApi, { product: r.product, cloud: "azure", keyId: auraKeyId, region: r.region }),
    },
    description: "Hand-off to Aura: key_identifier (the key version's Key Identifier, for the console), versionless_key_id, and the JSON body for POST https://api.neo4j.io/v1/customer-managed-keys (key_id as aura_key_identifier says).",
  });
  // Registered after the key and Aura's role assignment exist: Aura checks its access.
  const registration = auraCmkRegistration(key.auraApi, { product: r.product, cloud: "azure", keyId: auraKeyId, region: r.region });
  if (registration) {
    const reg = new AuraCmkRegistration(scope, "cmk_registration", {
      ...registration,
      keyIdentity: cmk.key.versionlessId,
      dependsOn: [cmk.key, cmk.auraRole],
      configPath: "customerManagedKey.auraApi",
    });
    new TerraformOutput(scope, "aura_cmk_registration", { value: auraCmkRegistrationOutput(reg), description: "The key's registration with Aura, made at deploy time." });
  }
  return cmk;
}

import { Annotations, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { AzureRegionConfig } from "../config/azure";
import { auraCmkApiRequest, auraCmkRegistration, auraCmkRegistrationOutput, cmkConsoleSteps } from "../domain/aura/cmk-handoff";
import { AuraCmkRegistration } from "../constructs/aura/cmk-registration";
import { PRODUCT_LABELS } from "../domain/aura/names";
import { azureCmkRegionWarning } from "../domain/azure/cmk-regions";
import { AuraKeyVaultKey, ROTATION_DISABLE_WAIT_WARNING } from "../constructs/azure/key-vault-key";

/** The customer managed key part of an Azure region stack: vault, key, Aura's role and the hand-off output. */
export function addAzureCustomerManagedKey(
  scope: Construct,
  props: { region: AzureRegionConfig; tags: Readonly<Record<string, string>>; configPath?: string },
): AuraKeyVaultKey | undefined {
  const r = props.region;
  const key = r.customerManagedKey;
  if (!key) return undefined;
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
  new TerraformOutput(scope, "aura_cmk", {
    value: {
      // Aura's page: "click into key version and copy the Key Identifier" (a versioned id).
      key_identifier: cmk.key.id,
      key_identifier_use: "Paste this in the Aura console (Security > Customer Managed Keys): the Key Identifier of the current key version, as Aura's CMK page asks.",
      versionless_key_id: cmk.key.versionlessId,
      versionless_key_id_use: "The key without a version: what follows automatic rotation. Use it where a client lets you give a versionless id; it is also the key_id of aura_api.",
      vault_uri: cmk.vault.vaultUri,
      region: r.region,
      product: PRODUCT_LABELS[r.product],
      steps: cmkConsoleSteps("azure", key.auraApi !== undefined, key.auraApi?.credentials !== undefined),
      rotation_note: ROTATION_DISABLE_WAIT_WARNING,
      aura_api: auraCmkApiRequest(key.auraApi, { product: r.product, cloud: "azure", keyId: cmk.key.versionlessId, region: r.region }),
    },
    description: "Hand-off to Aura: key_identifier (the key version's Key Identifier, for the console), versionless_key_id (follows rotation), and the JSON body for POST https://api.neo4j.io/v1/customer-managed-keys.",
  });
  // Registered after the key and Aura's role assignment exist: Aura checks its access.
  const registration = auraCmkRegistration(key.auraApi, { product: r.product, cloud: "azure", keyId: cmk.key.versionlessId, region: r.region });
  if (registration) {
    const reg = new AuraCmkRegistration(scope, "cmk_registration", { ...registration, dependsOn: [cmk.key, cmk.auraRole], configPath: "customerManagedKey.auraApi" });
    new TerraformOutput(scope, "aura_cmk_registration", { value: auraCmkRegistrationOutput(reg), description: "The key's registration with Aura, made at deploy time." });
  }
  return cmk;
}

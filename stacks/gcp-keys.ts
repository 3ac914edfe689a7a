import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { GcpRegionConfig } from "../config/gcp";
import { auraCmkApiRequest, auraCmkRegistration, auraCmkRegistrationOutput, cmkConsoleSteps } from "../domain/aura/cmk-handoff";
import { AuraCmkRegistration } from "../constructs/aura/cmk-registration";
import { PRODUCT_LABELS } from "../domain/aura/names";
import { AuraGcpKmsKey } from "../constructs/gcp/kms-key";

/** The customer managed key part of a GCP region stack: key ring, key, IAM and the hand-off output. */
export function addGcpCustomerManagedKey(scope: Construct, props: { project: string; region: GcpRegionConfig }): AuraGcpKmsKey | undefined {
  const r = props.region;
  const key = r.customerManagedKey;
  if (!key) return undefined;
  const cmk = new AuraGcpKmsKey(scope, "cmk", {
    project: r.projectId,
    region: r.region,
    keyRingName: key.keyRing ?? `${props.project}-aura-${r.region}`,
    keyName: key.keyName,
    rotation: key.rotation,
    rotationPeriodDays: key.rotationPeriodDays,
    destroyScheduledDays: key.destroyScheduledDays,
    protectionLevel: key.protectionLevel,
    allowDestroy: key.allowDestroy,
    auraServiceAccounts: key.auraServiceAccounts,
    labels: { ...r.labels, ...key.labels },
  });
  new TerraformOutput(scope, "aura_cmk", {
    value: {
      crypto_key_id: cmk.key.id,
      region: r.region,
      product: PRODUCT_LABELS[r.product],
      steps: cmkConsoleSteps("gcp", key.auraApi !== undefined, key.auraApi?.credentials !== undefined),
      aura_api: auraCmkApiRequest(key.auraApi, { product: r.product, cloud: "gcp", keyId: cmk.key.id, region: r.region }),
    },
    description: "Hand-off to Aura: the crypto key id for the console, or the JSON body for POST https://api.neo4j.io/v1/customer-managed-keys.",
  });
  // Registered after the key and the service accounts' IAM bindings exist: Aura checks its access.
  const registration = auraCmkRegistration(key.auraApi, { product: r.product, cloud: "gcp", keyId: cmk.key.id, region: r.region });
  if (registration) {
    const reg = new AuraCmkRegistration(scope, "cmk_registration", { ...registration, dependsOn: [cmk.key, ...cmk.members], configPath: "customerManagedKey.auraApi" });
    new TerraformOutput(scope, "aura_cmk_registration", { value: auraCmkRegistrationOutput(reg), description: "The key's registration with Aura, made at deploy time." });
  }
  return cmk;
}

import { Annotations, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { AwsRegionConfig } from "../config/aws";
import { defaultKeyAlias, type AwsKeyConfig } from "../config/keys";
import { AURA_CONSOLE } from "../domain/aura/console";
import { auraCmkApiRequest, auraCmkRegistration, auraCmkRegistrationOutput, cmkConsoleSteps } from "../domain/aura/cmk-handoff";
import { AuraCmkRegistration } from "../constructs/aura/cmk-registration";
import { PRODUCT_LABELS, type AuraProduct } from "../domain/aura/names";
import { AuraKmsKey } from "../constructs/aws/kms-key";
import { AuraKmsReplicaKey } from "../constructs/aws/kms-replica-key";

/** The customer managed key part of an AWS region stack: key, replicas hosted here, hand-off outputs. */

/** A replica of another region's key that this region's stack hosts. */
export interface AwsReplicaKeySpec {
  primaryRegion: string;
  /** Unset until the primary exists: the replica is then left out with a warning. */
  primaryKeyArn?: string;
  accountId: string;
  alias: string;
  key: AwsKeyConfig;
  configPath: string;
}

function keyDescription(product: AuraProduct, region: string): string {
  return `Neo4j Aura customer managed key: ${PRODUCT_LABELS[product]} in ${region}`;
}

/** The replicas every configured AWS region must host, from the other regions' keys. */
export function awsReplicaKeysFor(project: string, regions: ReadonlyArray<{ cloud: string }>, hostRegion: string): AwsReplicaKeySpec[] {
  const specs: AwsReplicaKeySpec[] = [];
  regions.forEach((entry, i) => {
    if (entry.cloud !== "aws") return;
    const r = entry as AwsRegionConfig;
    const key = r.customerManagedKey;
    if (!key || !key.replicas.includes(hostRegion)) return;
    specs.push({
      primaryRegion: r.region,
      primaryKeyArn: key.primaryKeyArn,
      accountId: r.accountId,
      alias: key.alias ?? defaultKeyAlias(project, r.region),
      key,
      configPath: `regions[${i}].customerManagedKey`,
    });
  });
  return specs;
}

export interface AwsKeysProps {
  project: string;
  region: AwsRegionConfig;
  replicas: readonly AwsReplicaKeySpec[];
  tags: Readonly<Record<string, string>>;
}

export function addAwsCustomerManagedKeys(scope: Construct, props: AwsKeysProps): { key?: AuraKmsKey; replicas: AuraKmsReplicaKey[] } {
  const r = props.region;
  const key = r.customerManagedKey;
  let primary: AuraKmsKey | undefined;
  if (key) {
    const instanceRegion = key.instanceRegion ?? r.region;
    primary = new AuraKmsKey(scope, "cmk", {
      alias: key.alias ?? defaultKeyAlias(props.project, r.region),
      description: key.description ?? keyDescription(r.product, instanceRegion),
      accountId: r.accountId,
      region: r.region,
      instanceRegion,
      adminPrincipals: key.adminPrincipals,
      userPrincipals: key.userPrincipals,
      auraStatement: key.auraStatement.inline,
      rotation: key.rotation,
      rotationPeriodDays: key.rotationPeriodDays,
      deletionWindowDays: key.deletionWindowDays,
      allowDestroy: key.allowDestroy,
      multiRegion: key.multiRegion,
      tags: { ...props.tags, ...key.tags },
      configPath: "customerManagedKey",
    });
    new TerraformOutput(scope, "kms_key_arn", {
      value: primary.key.arn,
      description: `ARN of the customer managed key: enter it in the Aura console (${AURA_CONSOLE.customerManagedKeys.path}) for ${PRODUCT_LABELS[r.product]} in ${instanceRegion}.`,
    });
    new TerraformOutput(scope, "kms_key_alias", { value: primary.alias.name, description: "Alias of the customer managed key." });
    new TerraformOutput(scope, "aura_cmk", {
      value: {
        key_arn: primary.key.arn,
        region: instanceRegion,
        product: PRODUCT_LABELS[r.product],
        steps: cmkConsoleSteps("aws", key.auraApi !== undefined, key.auraApi?.credentials !== undefined),
        aura_api: auraCmkApiRequest(key.auraApi, { product: r.product, cloud: "aws", keyId: primary.key.arn, region: instanceRegion }),
      },
      description: "Hand-off to Aura: the key ARN for the console, or the JSON body for POST https://api.neo4j.io/v1/customer-managed-keys.",
    });
    // With Aura API credentials the key is registered once it exists; its policy is part of the key resource.
    const registration = auraCmkRegistration(key.auraApi, { product: r.product, cloud: "aws", keyId: primary.key.arn, region: instanceRegion });
    if (registration) {
      const reg = new AuraCmkRegistration(scope, "cmk_registration", { ...registration, dependsOn: [primary.key, primary.alias], configPath: "customerManagedKey.auraApi" });
      new TerraformOutput(scope, "aura_cmk_registration", { value: auraCmkRegistrationOutput(reg), description: "The key's registration with Aura, made at deploy time." });
    }
  }

  const replicas: AuraKmsReplicaKey[] = [];
  const replicaOutputs: Record<string, unknown> = {};
  for (const spec of props.replicas) {
    if (!spec.primaryKeyArn) {
      const message = `${spec.configPath}.primaryKeyArn: not set, so the replica of the ${spec.primaryRegion} key in ${r.region} is left out; apply the ${spec.primaryRegion} stack, then set primaryKeyArn to its kms_key_arn output`;
      Annotations.of(scope).addWarning(message);
      replicaOutputs[spec.primaryRegion] = { pending: message };
      continue;
    }
    const replica = new AuraKmsReplicaKey(scope, `cmk_replica_${spec.primaryRegion}`, {
      primaryKeyArn: spec.primaryKeyArn,
      alias: spec.alias,
      // The replica serves this region's instances, so this region's product describes it (as in aura_api).
      description: spec.key.description ?? keyDescription(r.product, r.region),
      accountId: spec.accountId,
      region: r.region,
      adminPrincipals: spec.key.adminPrincipals,
      userPrincipals: spec.key.userPrincipals,
      auraStatement: spec.key.auraStatement.inline,
      deletionWindowDays: spec.key.deletionWindowDays,
      allowDestroy: spec.key.allowDestroy,
      tags: { ...props.tags, ...spec.key.tags },
      configPath: spec.configPath,
    });
    replicas.push(replica);
    const registration = auraCmkRegistration(spec.key.auraApi, { product: r.product, cloud: "aws", keyId: replica.key.arn, region: r.region });
    const reg = registration
      ? new AuraCmkRegistration(scope, `cmk_registration_${spec.primaryRegion}`, { ...registration, dependsOn: [replica.key], configPath: `${spec.configPath}.auraApi` })
      : undefined;
    replicaOutputs[spec.primaryRegion] = {
      ...(reg ? { aura_registration: auraCmkRegistrationOutput(reg) } : {}),
      key_arn: replica.key.arn,
      alias: replica.alias.name,
      region: r.region,
      aura_api: auraCmkApiRequest(spec.key.auraApi, { product: r.product, cloud: "aws", keyId: replica.key.arn, region: r.region }),
    };
  }
  if (props.replicas.length > 0) {
    new TerraformOutput(scope, "kms_replica_keys", {
      value: replicaOutputs,
      description: `Replicas of other regions' multi-Region keys hosted in ${r.region}, by primary region: enter key_arn in the Aura console for instances in ${r.region}.`,
    });
  }
  return { key: primary, replicas };
}

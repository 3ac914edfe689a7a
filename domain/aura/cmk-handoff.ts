import type { AuraProduct } from "./names";
import type { AuraApiCredentials, AuraCmkRunnerSettings } from "./aura-api";
import { AURA_CONSOLE } from "./console";

/**
 * What the user hands to Aura once a customer managed key exists: the body of the Aura API request
 * `POST https://api.neo4j.io/v1/customer-managed-keys` (DESIGN.md section 5). Pure; the key id may be a
 * Terraform token that resolves at apply time.
 */

export const AURA_CMK_API_URL = "https://api.neo4j.io/v1/customer-managed-keys";

export type CmkCloud = "aws" | "gcp" | "azure";

/**
 * Aura API instance types by product. The API's list of CMK-capable types is not in the reference
 * documents (unverified); the config may override it.
 */
export const DEFAULT_INSTANCE_TYPE: Record<AuraProduct, string> = {
  "virtual-dedicated-cloud": "enterprise-db",
  "ds-enterprise": "enterprise-ds",
};

export interface AuraCmkHandoffInput {
  /** The name the key gets in Aura. */
  name: string;
  /** The Aura project (tenant) id. */
  tenantId: string;
  instanceType: string;
  cloud: CmkCloud;
  /** AWS: key ARN; GCP: crypto key id `projects/.../cryptoKeys/...`; Azure: versionless key id. */
  keyId: string;
  region: string;
}

/** The request body, snake_case as the Aura API expects it, fields in the documented order. */
export function auraCmkRequestBody(input: AuraCmkHandoffInput): Record<string, string> {
  return {
    name: input.name,
    tenant_id: input.tenantId,
    instance_type: input.instanceType,
    cloud_provider: input.cloud,
    key_id: input.keyId,
    region: input.region,
  };
}

/** The config's auraApi settings: the key's name in Aura, the project (tenant) and an optional instance type. */
export interface AuraApiSettings {
  name: string;
  tenantId: string;
  instanceType?: string;
  /** Default https://api.neo4j.io (tests point it at a loopback fake). */
  baseUrl?: string;
}

export const AURA_API_NOT_SET = "set customerManagedKey.auraApi (name, tenantId) to get the Aura API request body";

/** The fields of a key's registration request, the instance type defaulting from the product. */
function cmkRequestFields(api: AuraApiSettings, key: { product: AuraProduct; cloud: CmkCloud; keyId: string; region: string }) {
  return { name: api.name, tenantId: api.tenantId, instanceType: api.instanceType ?? DEFAULT_INSTANCE_TYPE[key.product], cloud: key.cloud, keyId: key.keyId, region: key.region };
}

/**
 * The aura_api hand-off of a key: the request to send, or, without auraApi settings, what to set to get
 * one. The instance type defaults from the product.
 */
export function auraCmkApiRequest(
  api: AuraApiSettings | undefined,
  key: { product: AuraProduct; cloud: CmkCloud; keyId: string; region: string },
): { method: "POST"; url: string; body: Record<string, string> } | string {
  if (!api) return AURA_API_NOT_SET;
  const body = auraCmkRequestBody(cmkRequestFields(api, key));
  const url = api.baseUrl ? `${api.baseUrl.replace(/\/+$/, "")}/v1/customer-managed-keys` : AURA_CMK_API_URL;
  return { method: "POST", url, body };
}

/**
 * Console steps per cloud, shown next to the key id in the stack outputs. Without auraApi settings
 * aura_api holds no request, so step 2 says what to set instead of pointing at aura_api.body.
 */
export function cmkConsoleSteps(cloud: CmkCloud, hasApiRequest = true, registers = false, azurePrincipalCreated = false): string[] {
  const where = AURA_CONSOLE.customerManagedKeys.path;
  const api = registers
    ? "2. Or let the deploy do it: this stack registers the key through the Aura API and waits until it is ready (aura_cmk_registration.status_command shows its Aura id and status)."
    : hasApiRequest
      ? "2. Or POST aura_api.body to aura_api.url with an Aura API bearer token; the key status goes from pending to ready."
      : "2. Or use the Aura API: set customerManagedKey.auraApi (name, tenantId) in the config, and aura_api becomes the request to POST.";
  switch (cloud) {
    case "aws":
      return [
        `1. ${where}: add a key and paste key_arn; the statement the console shows must already be in this key's policy (auraStatement in the config).`,
        api,
        "3. Create new instances in this region with the key; existing instances cannot be re-encrypted.",
      ];
    case "gcp":
      return [
        `1. ${where}: add a key with crypto_key_id; the service accounts the console lists must be in auraServiceAccounts (they get encrypter/decrypter and viewer on the key).`,
        api,
        "3. Create new instances in this region with the key.",
      ];
    case "azure":
      return [
        `1. ${where}: add a key and paste key_identifier (the key version's Key Identifier); ${
          azurePrincipalCreated
            ? "this stack created (or adopted) the service principal of the Neo4j CMK Application ID (auraApplicationId) and gave it the key role"
            : "the service principal of the Neo4j CMK Application must exist in your tenant (az ad sp create --id <Application ID>; its object id is auraServicePrincipalObjectId)"
        }.`,
        api,
        "3. After each rotation, wait at least 24 hours before disabling the previous key version.",
      ];
  }
}

/** What the config's auraApi adds when it names Aura API credentials: registration at deploy time. */
export interface AuraApiRegistrationSettings extends AuraApiSettings {
  credentials?: AuraApiCredentials;
  runner?: Partial<AuraCmkRunnerSettings>;
}

/**
 * The registration a key stack makes, or undefined when auraApi names no credentials (then the stack only
 * outputs the request body for a person to send). Pure; the key id may be a Terraform token.
 */
export function auraCmkRegistration(
  api: AuraApiRegistrationSettings | undefined,
  key: { product: AuraProduct; cloud: CmkCloud; keyId: string; region: string },
) {
  if (!api?.credentials) return undefined;
  return {
    ...cmkRequestFields(api, key),
    baseUrl: api.baseUrl,
    credentials: api.credentials,
    runner: api.runner,
  };
}

/** The stack output next to a registration: what was registered and how to read its Aura id and status. */
export function auraCmkRegistrationOutput(reg: { tenantId: string; keyId: string; statusCommand: string }) {
  return {
    tenant_id: reg.tenantId,
    key_id: reg.keyId,
    status_command: reg.statusCommand,
    note: "The deploy registered this key with Aura and waited until Aura reported it ready (the apply log shows its Aura id). Terraform cannot read what a provisioner prints: run status_command for the Aura id and current status.",
  };
}

import {
  AURA_API_NOT_SET,
  AURA_CMK_API_URL,
  DEFAULT_INSTANCE_TYPE,
  auraCmkApiRequest,
  auraCmkRegistration,
  auraCmkRegistrationOutput,
  auraCmkRequestBody,
  cmkConsoleSteps,
  type CmkCloud,
} from "../../../domain/aura/cmk-handoff";

/**
 * domain/aura/cmk-handoff.ts directly: the request body and URL, the console steps of every cloud with every
 * combination of their switches, the deploy-time registration and its output. Whole values, written out.
 */

const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const awsKey = { product: "virtual-dedicated-cloud" as const, cloud: "aws" as const, keyId: KEY_ARN, region: "eu-west-1" };
const TENANT = "6e6a2c1b-0d3c-4c8e-9f2a-1b2c3d4e5f60";

describe("constants", () => {
  test("the Aura API URL, instance types by product, the hint without auraApi", () => {
    expect(AURA_CMK_API_URL).toBe("https://api.neo4j.io/v1/customer-managed-keys");
    expect(DEFAULT_INSTANCE_TYPE).toEqual({ "virtual-dedicated-cloud": "enterprise-db", "ds-enterprise": "enterprise-ds" });
    expect(AURA_API_NOT_SET).toBe("set customerManagedKey.auraApi (name, tenantId) to get the Aura API request body");
  });
});

describe("auraCmkRequestBody", () => {
  test("snake_case, in the documented order", () => {
    const body = auraCmkRequestBody({ name: "k", tenantId: "t", instanceType: "enterprise-db", cloud: "gcp", keyId: "projects/p/locations/l/keyRings/r/cryptoKeys/c", region: "europe-west1" });
    expect(body).toEqual({
      name: "k",
      tenant_id: "t",
      instance_type: "enterprise-db",
      cloud_provider: "gcp",
      key_id: "projects/p/locations/l/keyRings/r/cryptoKeys/c",
      region: "europe-west1",
    });
    expect(Object.keys(body)).toEqual(["name", "tenant_id", "instance_type", "cloud_provider", "key_id", "region"]);
  });
});

describe("auraCmkApiRequest", () => {
  test("without auraApi: what to set", () => {
    expect(auraCmkApiRequest(undefined, awsKey)).toBe("set customerManagedKey.auraApi (name, tenantId) to get the Aura API request body");
  });

  test.each<[string, string | undefined, string]>([
    ["no base URL: the Aura API", undefined, "https://api.neo4j.io/v1/customer-managed-keys"],
    ["an empty base URL: the Aura API", "", "https://api.neo4j.io/v1/customer-managed-keys"],
    ["a base URL without a trailing slash", "http://127.0.0.1:8080", "http://127.0.0.1:8080/v1/customer-managed-keys"],
    ["a base URL with a trailing slash", "http://127.0.0.1:8080/", "http://127.0.0.1:8080/v1/customer-managed-keys"],
    ["a base URL with several trailing slashes", "http://127.0.0.1:8080///", "http://127.0.0.1:8080/v1/customer-managed-keys"],
    ["a base URL with a path", "https://proxy.example.com/aura/", "https://proxy.example.com/aura/v1/customer-managed-keys"],
  ])("%s", (_name, baseUrl, url) => {
    expect(auraCmkApiRequest({ name: "eu-key", tenantId: TENANT, baseUrl }, awsKey)).toEqual({
      method: "POST",
      url,
      body: { name: "eu-key", tenant_id: TENANT, instance_type: "enterprise-db", cloud_provider: "aws", key_id: KEY_ARN, region: "eu-west-1" },
    });
  });

  test.each<[string, "virtual-dedicated-cloud" | "ds-enterprise", string | undefined, string]>([
    ["VDC default", "virtual-dedicated-cloud", undefined, "enterprise-db"],
    ["Graph Data Science default", "ds-enterprise", undefined, "enterprise-ds"],
    ["configured type wins", "ds-enterprise", "business-critical", "business-critical"],
  ])("instance type: %s", (_name, product, instanceType, expected) => {
    const key = { product, cloud: "azure" as const, keyId: "https://v.vault.azure.net/keys/k", region: "westeurope" };
    expect(auraCmkApiRequest({ name: "n", tenantId: "t", instanceType }, key)).toEqual({
      method: "POST",
      url: "https://api.neo4j.io/v1/customer-managed-keys",
      body: { name: "n", tenant_id: "t", instance_type: expected, cloud_provider: "azure", key_id: "https://v.vault.azure.net/keys/k", region: "westeurope" },
    });
  });
});

describe("cmkConsoleSteps", () => {
  const WHERE = "Aura console > security settings > Customer Managed Key";
  const REGISTERS =
    "2. Or let the deploy do it: this stack registers the key through the Aura API and waits until it is ready (aura_cmk_registration.status_command shows its Aura id and status).";
  const POST = "2. Or POST aura_api.body to aura_api.url with an Aura API bearer token; the key status goes from pending to ready.";
  const SET_API = "2. Or use the Aura API: set customerManagedKey.auraApi (name, tenantId) in the config, and aura_api becomes the request to POST.";
  const AWS_1 = `1. ${WHERE}: add a key and paste key_arn; the statement the console shows must already be in this key's policy (auraStatement in the config).`;
  const AWS_3 = "3. Create new instances in this region with the key; existing instances cannot be re-encrypted.";
  const GCP_1 = `1. ${WHERE}: add a key with crypto_key_id; the service accounts the console lists must be in auraServiceAccounts (they get encrypter/decrypter and viewer on the key).`;
  const GCP_3 = "3. Create new instances in this region with the key.";
  const AZURE_1_EXISTING = `1. ${WHERE}: add a key and paste key_identifier (the key version's Key Identifier); the service principal of the Neo4j CMK Application must exist in your tenant (az ad sp create --id <Application ID>; its object id is auraServicePrincipalObjectId).`;
  const AZURE_1_CREATED = `1. ${WHERE}: add a key and paste key_identifier (the key version's Key Identifier); this stack created (or adopted) the service principal of the Neo4j CMK Application ID (auraApplicationId) and gave it the key role.`;
  const AZURE_3 = "3. After each rotation, wait at least 24 hours before disabling the previous key version.";

  test.each<[CmkCloud, string[]]>([
    ["aws", [AWS_1, POST, AWS_3]],
    ["gcp", [GCP_1, POST, GCP_3]],
    ["azure", [AZURE_1_EXISTING, POST, AZURE_3]],
  ])("%s with the defaults: a request to POST, no registration, the principal must exist", (cloud, steps) => {
    expect(cmkConsoleSteps(cloud)).toEqual(steps);
  });

  test.each<[CmkCloud, boolean, boolean, boolean, string[]]>([
    ["aws", true, false, false, [AWS_1, POST, AWS_3]],
    ["aws", false, false, false, [AWS_1, SET_API, AWS_3]],
    ["aws", true, true, false, [AWS_1, REGISTERS, AWS_3]],
    ["aws", false, true, false, [AWS_1, REGISTERS, AWS_3]],
    ["gcp", true, false, false, [GCP_1, POST, GCP_3]],
    ["gcp", false, false, false, [GCP_1, SET_API, GCP_3]],
    ["gcp", true, true, true, [GCP_1, REGISTERS, GCP_3]],
    ["azure", true, false, false, [AZURE_1_EXISTING, POST, AZURE_3]],
    ["azure", true, false, true, [AZURE_1_CREATED, POST, AZURE_3]],
    ["azure", false, false, true, [AZURE_1_CREATED, SET_API, AZURE_3]],
    ["azure", false, true, false, [AZURE_1_EXISTING, REGISTERS, AZURE_3]],
    ["azure", true, true, true, [AZURE_1_CREATED, REGISTERS, AZURE_3]],
  ])("%s, hasApiRequest %s, registers %s, azurePrincipalCreated %s", (cloud, hasApiRequest, registers, created, steps) => {
    expect(cmkConsoleSteps(cloud, hasApiRequest, registers, created)).toEqual(steps);
  });
});

describe("auraCmkRegistration", () => {
  const credentials = { clientId: { env: "AURA_CLIENT_ID" }, clientSecret: { file: "/run/secrets/aura" } };

  test.each<[string, Parameters<typeof auraCmkRegistration>[0]]>([
    ["no auraApi", undefined],
    ["auraApi without credentials", { name: "eu-key", tenantId: TENANT }],
    ["auraApi with a runner but no credentials", { name: "eu-key", tenantId: TENANT, runner: { timeout: "5m" } }],
  ])("%s: nothing to register", (_name, api) => {
    expect(auraCmkRegistration(api, awsKey)).toBeUndefined();
  });

  test("with credentials: the request fields, the base URL, the references and the runner", () => {
    expect(
      auraCmkRegistration({ name: "eu-key", tenantId: TENANT, baseUrl: "http://127.0.0.1:8080", credentials, runner: { timeout: "5m", pollInterval: "10s" } }, awsKey),
    ).toEqual({
      name: "eu-key",
      tenantId: TENANT,
      instanceType: "enterprise-db",
      cloud: "aws",
      keyId: KEY_ARN,
      region: "eu-west-1",
      baseUrl: "http://127.0.0.1:8080",
      credentials: { clientId: { env: "AURA_CLIENT_ID" }, clientSecret: { file: "/run/secrets/aura" } },
      runner: { timeout: "5m", pollInterval: "10s" },
    });
  });

  test("with credentials only: the instance type from the product, no base URL or runner", () => {
    const key = { product: "ds-enterprise" as const, cloud: "gcp" as const, keyId: "projects/p/locations/europe-west1/keyRings/r/cryptoKeys/c", region: "europe-west1" };
    expect(auraCmkRegistration({ name: "gds-key", tenantId: "t1", credentials }, key)).toEqual({
      name: "gds-key",
      tenantId: "t1",
      instanceType: "enterprise-ds",
      cloud: "gcp",
      keyId: "projects/p/locations/europe-west1/keyRings/r/cryptoKeys/c",
      region: "europe-west1",
      baseUrl: undefined,
      credentials: { clientId: { env: "AURA_CLIENT_ID" }, clientSecret: { file: "/run/secrets/aura" } },
      runner: undefined,
    });
  });
});

describe("auraCmkRegistrationOutput", () => {
  test("what was registered and how to read its status", () => {
    expect(auraCmkRegistrationOutput({ tenantId: TENANT, keyId: KEY_ARN, statusCommand: "npx --no aura-secure aura cmk status --key-id k" })).toEqual({
      tenant_id: TENANT,
      key_id: KEY_ARN,
      status_command: "npx --no aura-secure aura cmk status --key-id k",
      note: "The deploy registered this key with Aura and waited until Aura reported it ready (the apply log shows its Aura id). Terraform cannot read what a provisioner prints: run status_command for the Aura id and current status.",
    });
  });
});

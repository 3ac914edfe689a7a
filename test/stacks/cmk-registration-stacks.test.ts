import { exampleConfig } from "../../config/example";
import { configProblems } from "../support/config-errors";
import { clone, synthConfig } from "../support/synth";

const TENANT = "6f1e2d3c-4b5a-4968-8776-655443322110";
const CREDENTIALS = { clientId: { env: "AURA_CLIENT_ID" }, clientSecret: { secretsManagerArn: "arn:aws:secretsmanager:us-east-1:111122223333:secret:aura-api", jsonKey: "client_secret" } };

/** The example with Aura API credentials on every key (Azure gets an auraApi too). */
function withCredentials() {
  const c = clone(exampleConfig) as any;
  for (const r of c.regions) {
    if (!r.customerManagedKey) continue;
    r.customerManagedKey.auraApi ??= { name: `acme-${r.region}`, tenantId: TENANT };
    r.customerManagedKey.auraApi.credentials = CREDENTIALS;
    r.customerManagedKey.auraApi.runner = { timeout: "20m" };
  }
  // The us-east-1 key is multi-Region with a replica in eu-west-1, whose stack registers the replica.
  Object.assign(c.regions[0].customerManagedKey, {
    multiRegion: true,
    replicas: ["eu-west-1"],
    primaryKeyArn: "arn:aws:kms:us-east-1:111122223333:key/mrk-0123456789abcdef0123456789abcdef",
  });
  return c;
}

const registration = (json: Record<string, any>) =>
  Object.entries(json.resource?.terraform_data ?? {}).find(([, r]: [string, any]) => r.provisioner?.[0]?.["local-exec"]?.command?.includes("aura cmk create")) as [string, any] | undefined;

describe("key stacks register the key when auraApi names credentials", () => {
  const synth = synthConfig(withCredentials());

  test.each([
    ["aura-aws-us-east-1", "aws", [/^aws_kms_key\./, /^aws_kms_alias\./], "us-east-1"],
    ["aura-gcp-europe-west1", "gcp", [/^google_kms_crypto_key\./, /^google_kms_crypto_key_iam_member\./], "europe-west1"],
    ["aura-azure-eastus", "azure", [/^azurerm_key_vault_key\./, /^azurerm_role_assignment\..*aura/], "eastus"],
  ])("%s: a terraform_data runner after the key and Aura's access, and an output", (stack, cloud, deps, region) => {
    const json = synth.json(stack);
    const found = registration(json);
    expect(found).toBeDefined();
    const [, res] = found!;
    for (const d of deps) expect(res.depends_on.some((x: string) => d.test(x))).toBe(true);
    if (cloud === "gcp") expect(res.depends_on.filter((x: string) => x.startsWith("google_kms_crypto_key_iam_member.")).length).toBe(6);
    expect(res.input.spec.request).toMatchObject({ tenant_id: TENANT, cloud_provider: cloud, region, instance_type: "enterprise-db" });
    expect(res.input.spec.request.key_id).toMatch(/^\$\{(aws_kms_key|google_kms_crypto_key|azurerm_key_vault_key)\./);
    expect(res.input.spec.credentials).toEqual(CREDENTIALS);
    expect(res.input.spec.timeout).toBe("20m");
    expect(res.provisioner[1]["local-exec"]).toMatchObject({ when: "destroy", command: "npx --no aura-secure aura cmk delete --spec-env AURA_SECURE_CMK_SPEC" });
    const out = json.output.aura_cmk_registration.value;
    expect(out.tenant_id).toBe(TENANT);
    expect(out.status_command).toContain(`aura cmk status --client-id env:AURA_CLIENT_ID --client-secret ${CREDENTIALS.clientSecret.secretsManagerArn}#client_secret --tenant-id ${TENANT} --key-id '\${`);
    expect(json.output.aura_cmk.value.steps[1]).toContain("this stack registers the key through the Aura API");
  });

  test("the replica of a multi-Region key is registered in its own region's stack", () => {
    const json = synth.json("aura-aws-eu-west-1");
    const [, res] = registration(json)!;
    expect(res.input.spec.request).toMatchObject({ region: "eu-west-1", cloud_provider: "aws" });
    expect(res.depends_on).toEqual([expect.stringMatching(/^aws_kms_replica_key\./)]);
    expect(json.output.kms_replica_keys.value["us-east-1"].aura_registration.status_command).toContain("aura cmk status");
  });
});

test("without credentials the stacks only output the request body, as before; baseUrl moves its URL", () => {
  const c = clone(exampleConfig) as any;
  c.regions[0].customerManagedKey.auraApi.baseUrl = "http://127.0.0.1:8080/";
  const synth = synthConfig(c);
  for (const stack of ["aura-aws-us-east-1", "aura-gcp-europe-west1"]) {
    const json = synth.json(stack);
    expect(registration(json)).toBeUndefined();
    expect(json.output.aura_cmk_registration).toBeUndefined();
  }
  expect(synth.json("aura-aws-us-east-1").output.aura_cmk.value.aura_api.url).toBe("http://127.0.0.1:8080/v1/customer-managed-keys");
  expect(synth.json("aura-gcp-europe-west1").output.aura_cmk.value.aura_api.url).toBe("https://api.neo4j.io/v1/customer-managed-keys");
});

test("config refusals name the path, never the secret", () => {
  const c = clone(exampleConfig) as any;
  c.regions[0].customerManagedKey.auraApi.credentials = { clientId: { env: "AURA_CLIENT_ID" }, clientSecret: "sup3r-secret-in-config" };
  c.regions[0].customerManagedKey.auraApi.baseUrl = "http://api.neo4j.io";
  const problems = configProblems(c).join("\n");
  expect(problems).toContain('regions[0].customerManagedKey.auraApi.credentials.clientSecret: got a literal string (<not shown>); must be a secret reference');
  expect(problems).toContain('regions[0].customerManagedKey.auraApi.baseUrl: got "http://api.neo4j.io"; must use https://');
  expect(problems).not.toContain("sup3r-secret-in-config");
});


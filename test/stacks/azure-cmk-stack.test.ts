import { App } from "cdktf";
import { exampleConfig } from "../../config/example";
import { parseConfig } from "../../config/load";
import { azureCmkRegionWarning, AURA_AZURE_CMK_LISTED_REGIONS } from "../../domain/azure/cmk-regions";
import { composeApp } from "../../stacks/compose";
import { synthWarnings } from "../../stacks/warnings";
import { clone, synthConfig } from "../support/synth";

/** The example's Azure key as Aura's current CMK page says, the labelled hand-off, and the region warning. */

const STACK = "aura-azure-eastus";
function azureOnly(region?: string): any {
  const c = clone(exampleConfig) as any;
  c.regions = c.regions.filter((r: any) => r.cloud === "azure");
  delete c.neo4jAccess;
  if (region) {
    c.regions[0].region = region;
    c.regions[0].privateLinkServiceAlias = c.regions[0].privateLinkServiceAlias.replace(".eastus.", `.${region}.`);
  }
  return c;
}

function warningsOf(config: unknown): string[] {
  // Never synthesized: only the constructs' warnings are read, so no folder is written.
  const app = new App({ skipValidation: true });
  composeApp(app, parseConfig(config));
  return synthWarnings(app);
}

describe("Azure customer managed key of the example", () => {
  const json = synthConfig(azureOnly()).json(STACK);

  test("vault: purge protection, RBAC, disk encryption, trusted services bypass; Aura's role is Crypto Service Encryption User", () => {
    expect(json.resource.azurerm_key_vault.cmk_vault).toMatchObject({
      purge_protection_enabled: true,
      rbac_authorization_enabled: true,
      enabled_for_disk_encryption: true,
      network_acls: { bypass: "AzureServices" },
    });
    expect(json.resource.azurerm_role_assignment.cmk_aura_crypto_service_encryption_user.role_definition_name).toBe("Key Vault Crypto Service Encryption User");
    expect(JSON.stringify(json)).not.toContain("Crypto Officer");
  });

  test("the first apply waits for RBAC propagation before creating the key", () => {
    expect(json.resource.azurerm_key_vault_key.cmk_key.depends_on).toEqual(["terraform_data.cmk_rbac_propagation_wait"]);
  });

  test("hand-off: the key version's Key Identifier by default, the versionless id labelled, and the console steps say the principal is made here", () => {
    const out = json.output.aura_cmk.value;
    expect(out.key_identifier).toBe("${azurerm_key_vault_key.cmk_key.id}");
    expect(out.key_identifier_use).toContain("The Key Identifier of the key version created here, as Aura's CMK page asks");
    expect(out.versionless_key_id).toBe("${azurerm_key_vault_key.cmk_key.versionless_id}");
    expect(out.versionless_key_id_use).toContain("do not say the versionless form is accepted");
    expect(out.aura_key_identifier).toBe("versioned");
    expect(out.aura_service_principal_object_id).toBe("${azuread_service_principal.cmk_aura_service_principal.object_id}");
    expect(out.steps[0]).toContain("Aura console > security settings > Customer Managed Key: add a key and paste key_identifier");
    expect(out.steps[0]).toContain("this stack created (or adopted) the service principal of the Neo4j CMK Application ID");
  });
});

describe("Aura's service principal from the Neo4j CMK Application ID (the example)", () => {
  const json = synthConfig(azureOnly()).json(STACK);

  test("an azuread provider for the vault's tenant, the principal created or adopted, Aura's role on its object id", () => {
    expect(json.provider.azuread).toEqual([{ tenant_id: "11111111-2222-3333-4444-555555555555" }]);
    expect(json.terraform.required_providers.azuread).toMatchObject({ source: "hashicorp/azuread", version: "3.7.0" });
    const { "//": _meta, ...sp } = json.resource.azuread_service_principal.cmk_aura_service_principal;
    expect(sp).toEqual({ client_id: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", use_existing: true, lifecycle: { prevent_destroy: true } });
    expect(json.resource.azurerm_role_assignment.cmk_aura_crypto_service_encryption_user.principal_id).toBe("${azuread_service_principal.cmk_aura_service_principal.object_id}");
  });

  test("with auraServicePrincipalObjectId instead: no azuread provider or principal, the role on that id, and the manual step", () => {
    const c = azureOnly();
    delete c.regions[0].customerManagedKey.auraApplicationId;
    c.regions[0].customerManagedKey.auraServicePrincipalObjectId = "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d";
    const j = synthConfig(c).json(STACK);
    expect(j.provider.azuread).toBeUndefined();
    expect(j.terraform.required_providers.azuread).toBeUndefined();
    expect(j.resource.azuread_service_principal).toBeUndefined();
    expect(j.resource.azurerm_role_assignment.cmk_aura_crypto_service_encryption_user.principal_id).toBe("7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d");
    expect(j.output.aura_cmk.value.steps[0]).toContain("az ad sp create --id <Application ID>");
  });
});

describe("which Key Identifier Aura is given, and a rotation never registers again", () => {
  const CREDENTIALS = { clientId: { env: "AURA_CLIENT_ID" }, clientSecret: { env: "AURA_CLIENT_SECRET" } };
  const withApi = (form?: "versioned" | "versionless") => {
    const c = azureOnly();
    Object.assign(c.regions[0].customerManagedKey, { auraApi: { name: "acme-eastus", tenantId: "6f1e2d3c-4b5a-4968-8776-655443322110", credentials: CREDENTIALS } });
    if (form) c.regions[0].customerManagedKey.auraKeyIdentifier = form;
    return synthConfig(c).json(STACK);
  };

  test.each([
    ["default (versioned)", undefined, "${azurerm_key_vault_key.cmk_key.id}"],
    ["versionless", "versionless" as const, "${azurerm_key_vault_key.cmk_key.versionless_id}"],
  ])("%s: the request body and the registration send the id of that form", (_name, form, keyId) => {
    const j = withApi(form);
    expect(j.output.aura_cmk.value.aura_api.body.key_id).toBe(keyId);
    const reg = j.resource.terraform_data.cmk_registration_register;
    expect(reg.input.spec.request.key_id).toBe(keyId);
    // The registration is identified by the key, not by a version: a rotation neither replaces it nor changes its input.
    expect(reg.triggers_replace.key_id).toBe("${azurerm_key_vault_key.cmk_key.versionless_id}");
    expect(reg.lifecycle).toEqual({ ignore_changes: ["input.spec.request.key_id"] });
  });
});

describe("Azure CMK region warning", () => {
  test("a region Aura has listed: no warning", () => {
    expect(azureCmkRegionWarning("northeurope", "regions[0].customerManagedKey")).toBeUndefined();
    expect(AURA_AZURE_CMK_LISTED_REGIONS).toHaveLength(7);
  });

  test("another region: the warning names the region, says the list changed between doc versions and links the page", () => {
    const warning = azureCmkRegionWarning("eastus", "regions[3].customerManagedKey")!;
    expect(warning).toContain("regions[3].customerManagedKey: Azure region eastus is not one Aura has listed for customer managed keys");
    expect(warning).toContain("The list changed between versions of Aura's documentation");
    expect(warning).toContain("https://neo4j.com/docs/aura/security/customer-managed-keys/");
  });

  test("synth reports it for the example's eastus key, and not for a listed region", () => {
    expect(warningsOf(azureOnly()).filter((w) => w.includes("not one Aura has listed"))).toEqual([expect.stringContaining("regions[0].customerManagedKey: Azure region eastus")]);
    expect(warningsOf(azureOnly("northeurope")).filter((w) => w.includes("not one Aura has listed"))).toEqual([]);
  });
});

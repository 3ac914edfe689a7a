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

  test("hand-off: the key version's Key Identifier and the versionless id, each labelled with when to use it", () => {
    const out = json.output.aura_cmk.value;
    expect(out.key_identifier).toBe("${azurerm_key_vault_key.cmk_key.id}");
    expect(out.key_identifier_use).toContain("Key Identifier of the current key version");
    expect(out.versionless_key_id).toBe("${azurerm_key_vault_key.cmk_key.versionless_id}");
    expect(out.versionless_key_id_use).toContain("automatic rotation");
    expect(out.steps[0]).toContain("paste key_identifier");
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

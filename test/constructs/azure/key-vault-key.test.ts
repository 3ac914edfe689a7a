import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { KeyVaultKey } from "@cdktf/provider-azurerm/lib/key-vault-key";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Testing } from "cdktf";
import { AuraKeyVaultKey, ROTATION_DISABLE_WAIT_WARNING, type AuraKeyVaultKeyProps } from "../../../constructs/azure/key-vault-key";
import { AuraStack } from "../../../stacks/aura-stack";

const AURA_SP = "6f1e2d3c-4b5a-4968-8776-655443322110";
const props: AuraKeyVaultKeyProps = {
  vaultName: "kv-acme-aura-eastus",
  resourceGroupName: "rg-acme-graph-keys",
  location: "eastus",
  tenantId: "11111111-2222-3333-4444-555555555555",
  keyName: "aura-cmk",
  auraServicePrincipalObjectId: AURA_SP,
  tags: { owner: "platform" },
};

function synth(over: Partial<AuraKeyVaultKeyProps> = {}) {
  const app = Testing.app();
  const stack = new AuraStack(app, "azure-key");
  new AzurermProvider(stack, "azurerm", { features: [{}], subscriptionId: "00000000-1111-2222-3333-444444444444" });
  const key = new AuraKeyVaultKey(stack, "cmk", { ...props, ...over });
  const text = Testing.synth(stack);
  return { text, json: JSON.parse(text), key, warnings: key.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data)) };
}

describe("AuraKeyVaultKey", () => {
  test("a vault in the instance's region with purge protection, RBAC authorization and the longest soft delete", () => {
    const { text, json } = synth();
    expect(text).toHaveResourceWithProperties(KeyVault, {
      name: "kv-acme-aura-eastus",
      location: "eastus",
      resource_group_name: "rg-acme-graph-keys",
      tenant_id: props.tenantId,
      sku_name: "standard",
      purge_protection_enabled: true,
      rbac_authorization_enabled: true,
      soft_delete_retention_days: 90,
      lifecycle: { prevent_destroy: true },
    });
    // Only the azurerm 4.x name: setting both would conflict.
    expect(json.resource.azurerm_key_vault.cmk_vault.enable_rbac_authorization).toBeUndefined();
  });

  test("an RSA key with an automatic rotation policy and prevent_destroy", () => {
    expect(synth().text).toHaveResourceWithProperties(KeyVaultKey, {
      name: "aura-cmk",
      key_vault_id: "${azurerm_key_vault.cmk_vault.id}",
      key_type: "RSA",
      key_size: 4096,
      key_opts: ["wrapKey", "unwrapKey", "encrypt", "decrypt"],
      rotation_policy: { automatic: { time_after_creation: "P365D" } },
      lifecycle: { prevent_destroy: true },
    });
  });

  test.each([2048, 3072, 4096])("key size %i", (size) => {
    expect(synth({ keySize: size }).text).toHaveResourceWithProperties(KeyVaultKey, { key_size: size });
  });

  test("Aura's service principal gets Key Vault Crypto Service Encryption User scoped to the key (Aura's current CMK page), under an id that names it", () => {
    const { text, json } = synth();
    expect(Object.keys(json.resource.azurerm_role_assignment)).toEqual(["cmk_aura_crypto_service_encryption_user"]);
    expect(text).not.toContain("Crypto Officer");
    expect(text).toHaveResourceWithProperties(RoleAssignment, {
      scope: "${azurerm_key_vault_key.cmk_key.resource_versionless_id}",
      role_definition_name: "Key Vault Crypto Service Encryption User",
      principal_id: AURA_SP,
      principal_type: "ServicePrincipal",
    });
  });

  test("every argument of Aura's role assignment forces a replacement: no library text in it, and an older assignment's description is ignored", () => {
    const role = synth().json.resource.azurerm_role_assignment.cmk_aura_crypto_service_encryption_user;
    expect(role.description).toBeUndefined();
    expect(role.lifecycle).toEqual({ ignore_changes: ["description"] });
    expect(role.skip_service_principal_aad_check).toBeUndefined();
  });

  describe("auraApplicationId: the service principal of Aura's CMK application is created or adopted here", () => {
    const APP_ID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    const byAppId = () => synth({ auraServicePrincipalObjectId: undefined, auraApplicationId: APP_ID });

    test("azuread_service_principal with client_id and use_existing, kept like the key; Aura's role goes to its object id", () => {
      const { json, key } = byAppId();
      expect(json.resource.azuread_service_principal.cmk_aura_service_principal).toEqual({ client_id: APP_ID, use_existing: true, lifecycle: { prevent_destroy: true } });
      expect(json.resource.azurerm_role_assignment.cmk_aura_crypto_service_encryption_user).toMatchObject({
        scope: "${azurerm_key_vault_key.cmk_key.resource_versionless_id}",
        role_definition_name: "Key Vault Crypto Service Encryption User",
        principal_id: "${azuread_service_principal.cmk_aura_service_principal.object_id}",
        principal_type: "ServicePrincipal",
        // The principal may be minutes old: skip azurerm's Entra lookup that replication lag can fail.
        skip_service_principal_aad_check: true,
      });
      expect(key.auraServicePrincipal).toBeDefined();
      expect(JSON.stringify(json)).not.toContain(AURA_SP);
    });

    test("allowDestroy lets the principal go with the key", () => {
      const { json } = synth({ auraServicePrincipalObjectId: undefined, auraApplicationId: APP_ID, allowDestroy: true });
      expect(json.resource.azuread_service_principal.cmk_aura_service_principal.lifecycle).toBeUndefined();
    });

    test("both ids, or neither, are refused naming the construct and the props", () => {
      expect(() => synth({ auraApplicationId: APP_ID })).toThrow(
        /AuraKeyVaultKey at azure-key\/cmk: invalid props:\n {2}- auraApplicationId: got "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"; give exactly one of auraApplicationId .* and auraServicePrincipalObjectId/,
      );
      expect(() => synth({ auraServicePrincipalObjectId: undefined })).toThrow("give exactly one of auraApplicationId");
      expect(() => synth({ auraServicePrincipalObjectId: undefined, auraApplicationId: "not-a-uuid" })).toThrow('auraApplicationId: got "not-a-uuid"; must be a UUID');
    });

    test("without @cdktf/provider-azuread installed: the install message of the other optional bindings, only when auraApplicationId is used", () => {
      jest.isolateModules(() => {
        jest.doMock("@cdktf/provider-azuread/lib/service-principal", () => {
          const err = new Error("Cannot find module '@cdktf/provider-azuread/lib/service-principal'") as Error & { code: string };
          err.code = "MODULE_NOT_FOUND";
          throw err;
        });
        /* eslint-disable @typescript-eslint/no-require-imports */
        const { AuraKeyVaultKey: Isolated } = require("../../../constructs/azure/key-vault-key") as typeof import("../../../constructs/azure/key-vault-key");
        const { AuraStack: IsolatedStack } = require("../../../stacks/aura-stack") as typeof import("../../../stacks/aura-stack");
        const { UserError } = require("../../../domain/errors") as typeof import("../../../domain/errors");
        const stack = new IsolatedStack(Testing.app(), "azure-key");
        let thrown: unknown;
        try {
          new Isolated(stack, "cmk", { ...props, auraServicePrincipalObjectId: undefined, auraApplicationId: APP_ID });
        } catch (err) {
          thrown = err;
        }
        expect(thrown).toBeInstanceOf(UserError);
        expect((thrown as Error).message).toBe(
          "AuraKeyVaultKey at azure-key/cmk: auraApplicationId needs the provider binding @cdktf/provider-azuread, which is not installed; add it to your app (npm install @cdktf/provider-azuread@^14.3.1)",
        );
        // The object id path needs no azuread binding.
        expect(() => new Isolated(stack, "cmk2", props)).not.toThrow();
      });
      jest.dontMock("@cdktf/provider-azuread/lib/service-principal");
    });
  });

  test("administrators get Key Vault Administrator on the vault before the key is created", () => {
    const admin = "99999999-8888-7777-6666-555555555555";
    const { text, json } = synth({ administratorObjectIds: [admin] });
    expect(text).toHaveResourceWithProperties(RoleAssignment, { scope: "${azurerm_key_vault.cmk_vault.id}", role_definition_name: "Key Vault Administrator", principal_id: admin });
    // The key waits for RBAC propagation: terraform_data sleeps after the assignments, the key after it.
    expect(json.resource.azurerm_key_vault_key.cmk_key.depends_on).toEqual(["terraform_data.cmk_rbac_propagation_wait"]);
    expect(json.resource.terraform_data.cmk_rbac_propagation_wait).toMatchObject({
      depends_on: [`azurerm_role_assignment.cmk_admin_${admin}`],
      triggers_replace: { [admin]: `\${azurerm_role_assignment.cmk_admin_${admin}.id}` },
      provisioner: [{ "local-exec": { command: "sleep 120" } }],
    });
  });

  test("the propagation wait is configurable, and with 0 the key depends on the assignments directly", () => {
    const admin = "99999999-8888-7777-6666-555555555555";
    expect(synth({ administratorObjectIds: [admin], rbacPropagationWaitSeconds: 300 }).json.resource.terraform_data.cmk_rbac_propagation_wait.provisioner).toEqual([{ "local-exec": { command: "sleep 300" } }]);
    const off = synth({ administratorObjectIds: [admin], rbacPropagationWaitSeconds: 0 }).json;
    expect(off.resource.terraform_data).toBeUndefined();
    expect(off.resource.azurerm_key_vault_key.cmk_key.depends_on).toEqual([`azurerm_role_assignment.cmk_admin_${admin}`]);
    // Without administrators assigned here there is nothing to wait for.
    expect(synth().json.resource.terraform_data).toBeUndefined();
  });

  test("the vault enables Azure Disk Encryption, and public access from all networks by default", () => {
    expect(synth().json.resource.azurerm_key_vault.cmk_vault).toMatchObject({
      enabled_for_disk_encryption: true,
      public_network_access_enabled: true,
      network_acls: { default_action: "Allow", bypass: "AzureServices" },
    });
  });

  test("selected networks: default deny, only the given IPs and subnets, trusted Microsoft services bypass", () => {
    const subnet = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v/subnets/n";
    const vault = synth({ publicNetworkAccess: "selected", allowedIpRanges: ["203.0.113.0/24"], allowedSubnetIds: [subnet] }).json.resource.azurerm_key_vault.cmk_vault;
    expect(vault.public_network_access_enabled).toBe(true);
    expect(vault.network_acls).toEqual({ default_action: "Deny", bypass: "AzureServices", ip_rules: ["203.0.113.0/24"], virtual_network_subnet_ids: [subnet] });
  });

  test("disabled: no public access, trusted Microsoft services still bypass, and a warning about where terraform must run", () => {
    const { json, warnings } = synth({ publicNetworkAccess: "disabled" });
    expect(json.resource.azurerm_key_vault.cmk_vault.public_network_access_enabled).toBe(false);
    expect(json.resource.azurerm_key_vault.cmk_vault.network_acls).toEqual({ default_action: "Deny", bypass: "AzureServices", ip_rules: [], virtual_network_subnet_ids: [] });
    expect(warnings).toEqual(expect.arrayContaining([expect.stringContaining("public network access is disabled, so terraform creates and rotates the key through the vault's private endpoint only")]));
  });

  test("warns at synth about the 24 h wait before disabling an old version", () => {
    expect(synth().warnings).toEqual([ROTATION_DISABLE_WAIT_WARNING]);
    expect(ROTATION_DISABLE_WAIT_WARNING).toContain("24 hours");
  });

  test("rotation off: no rotation policy and a warning", () => {
    const { json, warnings } = synth({ rotation: false });
    expect(json.resource.azurerm_key_vault_key.cmk_key.rotation_policy).toBeUndefined();
    expect(warnings).toEqual([expect.stringContaining("automatic rotation is off")]);
  });

  test("allowDestroy drops prevent_destroy", () => {
    const { json } = synth({ allowDestroy: true });
    expect(json.resource.azurerm_key_vault.cmk_vault.lifecycle).toBeUndefined();
    expect(json.resource.azurerm_key_vault_key.cmk_key.lifecycle).toBeUndefined();
  });
});

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

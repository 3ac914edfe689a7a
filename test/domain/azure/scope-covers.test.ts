import { azureScopeCovers } from "../../../domain/azure/key-vault-access";

/** Azure RBAC scopes hold their children: a role on a resource group reaches its vaults and their keys. */
const SUB = "/subscriptions/11111111-2222-3333-4444-555555555555";
const RG = `${SUB}/resourceGroups/rg-aura`;
const VAULT = `${RG}/providers/Microsoft.KeyVault/vaults/kv-aura`;

test.each<[string, string, string, boolean]>([
  ["the same vault", VAULT, VAULT, true],
  ["the vault holds its key", VAULT, `${VAULT}/keys/aura-cmk`, true],
  ["the resource group holds the vault", RG, VAULT, true],
  ["the subscription holds the vault", SUB, VAULT, true],
  ["ids compare without case", RG.toLowerCase(), VAULT.toUpperCase(), true],
  ["a trailing slash changes nothing", `${RG}/`, VAULT, true],
  ["a key does not hold its vault", `${VAULT}/keys/aura-cmk`, VAULT, false],
  ["another vault", `${RG}/providers/Microsoft.KeyVault/vaults/kv-other`, VAULT, false],
  ["a vault whose name only starts the same", `${VAULT}-2`, VAULT, false],
  ["a vault whose name is a prefix of the other", VAULT, `${VAULT}-2`, false],
  ["another resource group", `${SUB}/resourceGroups/rg-other`, VAULT, false],
  ["a management group is not a prefix of a subscription's ids (not counted)", "/providers/Microsoft.Management/managementGroups/mg", VAULT, false],
  ["a scope known only after apply", "(scope known after apply)", VAULT, false],
  ["an empty scope", "", VAULT, false],
  ["a bare slash", "/", VAULT, false],
])("%s: %s covers %s is %s", (_name, outer, inner, expected) => {
  expect(azureScopeCovers(outer, inner)).toBe(expected);
});

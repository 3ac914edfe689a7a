/**
 * Key Vault roles by name or id, which roles count as access to the key, access-policy permissions, and who
 * reaches the vault over the network. Every expected value is written out.
 */
import { AURA_VAULT_ROLES, cryptoPermissions, isCryptoRole, KEY_VAULT_ROLES, vaultReach, vaultRoleName, type VaultNetwork } from "../../../domain/azure/key-vault-access";
import type { AccessRule } from "../../../domain/network-exposure";

describe("KEY_VAULT_ROLES", () => {
  test("the built-in roles and their ids", () => {
    expect(KEY_VAULT_ROLES).toEqual({
      "Key Vault Administrator": "00482a5a-887f-4fb3-b363-3b7fe8e74483",
      "Key Vault Crypto Officer": "14b46e9e-c2b7-41b4-b07b-48a6ebf60603",
      "Key Vault Crypto Service Encryption User": "e147488a-f6f5-4113-8e2d-b22465e65bf6",
      "Key Vault Crypto User": "12338af0-0e69-4776-bea7-57ae8d297424",
      "Key Vault Reader": "21090545-7ca7-4776-b22c-e363652d74d2",
    });
    expect(AURA_VAULT_ROLES).toEqual(["Key Vault Crypto Service Encryption User", "Key Vault Crypto Officer"]);
  });
});

describe("vaultRoleName and isCryptoRole", () => {
  const DEFS = "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions";
  const cases: Array<[string, string, string, boolean]> = [
    ["Administrator by id", "00482a5a-887f-4fb3-b363-3b7fe8e74483", "Key Vault Administrator", true],
    ["Crypto Officer by id", "14b46e9e-c2b7-41b4-b07b-48a6ebf60603", "Key Vault Crypto Officer", true],
    ["Crypto Service Encryption User by id", "e147488a-f6f5-4113-8e2d-b22465e65bf6", "Key Vault Crypto Service Encryption User", true],
    ["Crypto User by id", "12338af0-0e69-4776-bea7-57ae8d297424", "Key Vault Crypto User", true],
    ["Reader by id", "21090545-7ca7-4776-b22c-e363652d74d2", "Key Vault Reader", false],
    ["an id at the end of a role definition path", `${DEFS}/e147488a-f6f5-4113-8e2d-b22465e65bf6`, "Key Vault Crypto Service Encryption User", true],
    ["an id in capitals", `${DEFS}/21090545-7CA7-4776-B22C-E363652D74D2`, "Key Vault Reader", false],
    ["an id followed by more text is no id", "21090545-7ca7-4776-b22c-e363652d74d2/x", "21090545-7ca7-4776-b22c-e363652d74d2/x", true],
    ["an id of another role stays as given (fail closed)", `${DEFS}/aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee`, `${DEFS}/aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee`, true],
    ["a name stays as given", "Key Vault Crypto User", "Key Vault Crypto User", true],
    ["Key Vault Reader by name", "Key Vault Reader", "Key Vault Reader", false],
    ["Reader by name", "Reader", "Reader", false],
    ["reader in lower case is not recognised (fail closed)", "reader", "reader", true],
    ["Owner", "Owner", "Owner", true],
    ["empty", "", "", true],
  ];
  test.each(cases)("%s", (_name, input, name, crypto) => {
    expect(vaultRoleName(input)).toBe(name);
    expect(isCryptoRole(input)).toBe(crypto);
  });
});

describe("cryptoPermissions", () => {
  const cases: Array<[string, string[], string[]]> = [
    ["none", [], []],
    ["only List", ["List"], []],
    ["list in any case", ["list", "LIST", "Get"], ["Get"]],
    ["everything else stays, in order", ["UnwrapKey", "List", "Get", "WrapKey", "Listing"], ["UnwrapKey", "Get", "WrapKey", "Listing"]],
  ];
  test.each(cases)("%s", (_name, input, expected) => {
    expect(cryptoPermissions(input)).toEqual(expected);
  });
});

describe("vaultReach", () => {
  const rule = (cidrs: string[], named: string[]): AccessRule => ({ protocol: "all", fromPort: 0, toPort: 65535, cidrs, named });
  const everyone = rule(["0.0.0.0/0", "::/0"], []);
  const cases: Array<[string, VaultNetwork, AccessRule]> = [
    ["nothing set: the default action is Allow", {}, everyone],
    ["public access off wins", { publicNetworkAccessEnabled: false, defaultAction: "Allow", ipRules: ["203.0.113.7"], subnetIds: ["s1"], bypass: "AzureServices" }, rule([], [])],
    ["public access on, default Allow", { publicNetworkAccessEnabled: true, defaultAction: "Allow" }, everyone],
    ["public access unknown (null)", { publicNetworkAccessEnabled: null, defaultAction: null }, everyone],
    ["Allow in lower case", { defaultAction: "allow", ipRules: ["203.0.113.7"] }, everyone],
    ["Deny with nothing else", { defaultAction: "Deny" }, rule([], [])],
    ["Deny with lists that are null", { defaultAction: "Deny", ipRules: null, subnetIds: null, bypass: null }, rule([], [])],
    [
      "IP rules: single addresses get a prefix length, ranges stay",
      { defaultAction: "Deny", ipRules: ["203.0.113.7", "198.51.100.0/24", "2001:db8::1", "2001:db8::/48"] },
      rule(["203.0.113.7/32", "198.51.100.0/24", "2001:db8::1/128", "2001:db8::/48"], []),
    ],
    ["subnets by id", { defaultAction: "Deny", subnetIds: ["/subscriptions/x/subnets/a", "/subscriptions/x/subnets/b"] }, rule([], ["subnet /subscriptions/x/subnets/a", "subnet /subscriptions/x/subnets/b"])],
    ["trusted services", { defaultAction: "Deny", bypass: "AzureServices" }, rule([], ["trusted Microsoft services"])],
    ["trusted services in lower case", { defaultAction: "deny", bypass: "azureservices" }, rule([], ["trusted Microsoft services"])],
    ["bypass None", { defaultAction: "Deny", bypass: "None" }, rule([], [])],
    [
      "subnets first, then trusted services",
      { defaultAction: "Deny", ipRules: ["203.0.113.7"], subnetIds: ["s1"], bypass: "AzureServices" },
      rule(["203.0.113.7/32"], ["subnet s1", "trusted Microsoft services"]),
    ],
  ];
  test.each(cases)("%s", (_name, network, expected) => {
    expect(vaultReach(network)).toEqual(expected);
  });
});

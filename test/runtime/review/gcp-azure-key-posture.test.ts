import type { ResourceChange } from "../../../runtime/review/plan-format";
import type { KnownPrincipals } from "../../../runtime/review/rule";
import { changeFactory, keyFindings, NO_KNOWN } from "../../support/hand-built-plans";

/**
 * GCP and Azure key posture, hand-built plans (no google or azurerm provider runs offline here), every key finding
 * (AURA-KEY-*) exactly: a missing, extra or reworded finding fails. rules.test.ts gates the same kinds of change
 * as a whole; this table pins who, what and where each finding names, with the variants (member, binding,
 * policy; role by name or by definition id; inline and separate access policies; replace and forget).
 */
const TODAY = new Date("2026-12-06T12:00:00Z");
const rc = changeFactory("g");

// GCP
const KEY = "projects/p/locations/europe-west1/keyRings/r/cryptoKeys/aura-cmk";
const RING = "projects/p/locations/europe-west1/keyRings/r";
const ED = "roles/cloudkms.cryptoKeyEncrypterDecrypter";
const SA = (i: number) => `serviceAccount:aura-cmk-${i}@neo4j-aura-keys.iam.gserviceaccount.com`;
const member = (m: string, role = ED, over: Record<string, unknown> = {}) => ({ crypto_key_id: KEY, member: m, role, ...over });
const binding = (members: string[], role = ED) => ({ crypto_key_id: KEY, role, members });
const policyOf = (bindings: Array<{ role: string; members: string[]; condition?: object }>) => ({ crypto_key_id: KEY, policy_data: JSON.stringify({ bindings }) });
const gcpKnown: KnownPrincipals = { ...NO_KNOWN, gcpAuraMembers: new Set([SA(1), SA(2)]) };

// Azure
const VAULT = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-aura";
const AURA_SP = "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d";
const AURA_APP = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const OTHER_SP = "0badc0de-0000-4000-8000-000000000001";
const CSEU = "Key Vault Crypto Service Encryption User";
const ra = (principal: string, role: string) => ({ principal_id: principal, role_definition_name: role, scope: VAULT });
const vault = (over: Record<string, unknown> = {}) => ({ name: "kv-aura", rbac_authorization_enabled: true, enabled_for_disk_encryption: true, public_network_access_enabled: true, network_acls: [{ bypass: "AzureServices", default_action: "Deny", ip_rules: ["198.51.100.10"], virtual_network_subnet_ids: [] }], ...over });
const azKey = (over: Record<string, unknown> = {}) => ({ name: "aura-cmk", key_opts: ["wrapKey", "unwrapKey", "encrypt", "decrypt"], enabled: true, expiration_date: null, not_before_date: null, ...over });
const azKnown: KnownPrincipals = { ...NO_KNOWN, azureAuraPrincipals: new Set([AURA_SP]), azurePrincipals: new Set([AURA_SP]) };
const azKnownByApp: KnownPrincipals = { ...NO_KNOWN, azureAuraApplications: new Set([AURA_APP]) };

describe("GCP key posture (hand-built plans): every key finding, exactly", () => {
  const cases: Array<[string, () => ResourceChange[], string[], KnownPrincipals?]> = [
    ["allUsers gets encrypter/decrypter on the key", () => [rc("google_kms_crypto_key_iam_member", ["create"], null, member("allUsers"))], [`high AURA-KEY-8: allUsers (anyone) gets ${ED} on ${KEY}`]],
    [
      "allAuthenticatedUsers through the key's IAM policy",
      () => [rc("google_kms_crypto_key_iam_policy", ["update"], policyOf([{ role: ED, members: [SA(1)] }]), policyOf([{ role: ED, members: [SA(1), "allAuthenticatedUsers"] }]))],
      [`high AURA-KEY-8: allAuthenticatedUsers (anyone with a Google account) gets ${ED} on ${KEY}`],
    ],
    [
      "allUsers with the viewer role: anyone can see the key (medium)",
      () => [rc("google_kms_crypto_key_iam_member", ["create"], null, member("allUsers", "roles/cloudkms.viewer"))],
      [`medium AURA-KEY-8: allUsers gets roles/cloudkms.viewer on ${KEY} (anyone can see the key)`],
    ],
    ["a new member without --config is a finding (who they are is the reviewer's call)", () => [rc("google_kms_crypto_key_iam_member", ["create"], null, member("user:ops@example.com"))], [`high AURA-KEY-8: user:ops@example.com gets ${ED} on ${KEY}`]],
    ["with --config, a member the config names is expected", () => [rc("google_kms_crypto_key_iam_member", ["create"], null, member(SA(1)))], [], gcpKnown],
    ["with --config, a member the config does not name", () => [rc("google_kms_crypto_key_iam_member", ["create"], null, member("user:mallory@example.com"))], [`high AURA-KEY-8: user:mallory@example.com gets ${ED} on ${KEY} (a member the config does not name)`], gcpKnown],
    [
      "a grant under an IAM condition is still reported, with the doubt",
      () => [rc("google_kms_crypto_key_iam_member", ["create"], null, member("allUsers", ED, { condition: [{ title: "t", expression: "request.time < timestamp('2030-01-01T00:00:00Z')" }] }))],
      [`high AURA-KEY-8: allUsers (anyone) gets ${ED} on ${KEY} (with an IAM condition the review cannot evaluate)`],
    ],
    [
      "a new key ring admin",
      () => [rc("google_kms_key_ring_iam_member", ["create"], null, { key_ring_id: RING, member: "user:ops@example.com", role: "roles/cloudkms.admin" })],
      [`high AURA-KEY-8: user:ops@example.com gets roles/cloudkms.admin on ${RING}`],
    ],
    [
      "a grant on a key created in this plan: only anyone counts on a first apply",
      () => [{ ...rc("google_kms_crypto_key_iam_member", ["create"], null, { member: SA(3), role: ED }), afterUnknown: { crypto_key_id: true } }],
      [],
    ],
    [
      "anyone on a key created in this plan",
      () => [{ ...rc("google_kms_crypto_key_iam_member", ["create"], null, { member: "allUsers", role: ED }), afterUnknown: { crypto_key_id: true } }],
      [`high AURA-KEY-8: allUsers (anyone) gets ${ED} on (a key or key ring created in this plan)`],
    ],
    ["a binding that shrinks: Aura's service account loses the role", () => [rc("google_kms_crypto_key_iam_binding", ["update"], binding([SA(1), SA(2)]), binding([SA(1)]))], [`high AURA-KEY-6: ${SA(2)} loses ${ED} on ${KEY}`]],
    ["with --config, a member the config does not name losing the role is not Aura's loss", () => [rc("google_kms_crypto_key_iam_binding", ["update"], binding([SA(1), SA(3)]), binding([SA(1)]))], [], gcpKnown],
    ["a member moved from one resource to another keeps the role: quiet", () => [rc("google_kms_crypto_key_iam_member", ["delete"], member(SA(1)), null), rc("google_kms_crypto_key_iam_binding", ["create"], null, binding([SA(1)]))], []],
    ["an unchanged binding", () => [rc("google_kms_crypto_key_iam_binding", ["no-op"], binding([SA(1)]), binding([SA(1)]))], []],
    ["policy_data that is not JSON", () => [rc("google_kms_crypto_key_iam_policy", ["update"], policyOf([]), { crypto_key_id: KEY, policy_data: "{not json" })], ["medium AURA-KEY-8: the IAM policy_data is not JSON the review can read"]],
    [
      "a member known only after apply",
      () => [{ ...rc("google_kms_crypto_key_iam_member", ["create"], null, { crypto_key_id: KEY, role: ED }), afterUnknown: { member: true } }],
      ["medium AURA-KEY-8: who gets the role becomes known only after apply: the review cannot judge it"],
    ],
    ["the key version in use is disabled", () => [rc("google_kms_crypto_key_version", ["update"], { name: "v1", crypto_key: KEY, state: "ENABLED" }, { name: "v1", crypto_key: KEY, state: "DISABLED" })], ["high AURA-KEY-7: its key version is DISABLED"]],
    ["the key version is destroyed", () => [rc("google_kms_crypto_key_version", ["delete"], { name: "v1", crypto_key: KEY, state: "ENABLED" }, null)], ["high AURA-KEY-7: key version v1 is destroyed (data encrypted under it can no longer be decrypted)"]],
    [
      "the key's primary version scheduled for destruction",
      () => [rc("google_kms_crypto_key", ["update"], { name: "aura-cmk", primary: [{ name: "v1", state: "ENABLED" }] }, { name: "aura-cmk", primary: [{ name: "v1", state: "DESTROY_SCHEDULED" }] })],
      ["high AURA-KEY-7: its key version is DESTROY_SCHEDULED"],
    ],
    ["a key whose primary version is not known yet is quiet", () => [rc("google_kms_crypto_key", ["create"], null, { name: "aura-cmk", rotation_period: "7776000s", primary: [] })], []],
  ];
  // A default for the optional column keeps the function's arity at 3: with 4, jest would pass a done callback.
  test.each(cases)("%s", (_name, changes, expected, known: KnownPrincipals | undefined = undefined) => {
    expect(keyFindings(changes(), TODAY, known)).toEqual([...expected].sort());
  });
});

describe("Azure key posture (hand-built plans): every key finding, exactly", () => {
  const auraSp = { client_id: AURA_APP, object_id: AURA_SP, use_existing: true };
  const cases: Array<[string, () => ResourceChange[], string[], KnownPrincipals?]> = [
    ["Crypto Officer to a principal the config does not name", () => [rc("azurerm_role_assignment", ["create"], null, ra(OTHER_SP, "Key Vault Crypto Officer"))], [`high AURA-KEY-8: Key Vault Crypto Officer given to ${OTHER_SP} on ${VAULT} (a principal the config does not name)`], azKnown],
    ["with --config, Aura's own role to Aura is expected", () => [rc("azurerm_role_assignment", ["create"], null, ra(AURA_SP, CSEU))], [], azKnown],
    ["a role that is not a crypto role (Reader) is not key exposure", () => [rc("azurerm_role_assignment", ["create"], null, ra(OTHER_SP, "Reader"))], [], azKnown],
    ["on a vault created in this plan, without --config, a new assignment is the first apply", () => [rc("azurerm_key_vault", ["create"], null, vault()), rc("azurerm_role_assignment", ["create"], null, ra(OTHER_SP, "Key Vault Crypto Officer"))], []],
    ["on an existing vault, without --config, a new crypto assignment is reported", () => [rc("azurerm_role_assignment", ["create"], null, ra(OTHER_SP, "Key Vault Crypto User"))], [`high AURA-KEY-8: Key Vault Crypto User given to ${OTHER_SP} on ${VAULT}`]],
    [
      "a crypto role to a principal known only after apply",
      () => [{ ...rc("azurerm_role_assignment", ["create"], null, { role_definition_name: "Key Vault Crypto Officer", scope: VAULT }), afterUnknown: { principal_id: true } }],
      ["medium AURA-KEY-8: Key Vault Crypto Officer goes to a principal known only after apply: the review cannot judge it"],
      azKnown,
    ],
    ["Aura's role assignment removed", () => [rc("azurerm_role_assignment", ["delete"], ra(AURA_SP, CSEU), null)], [`high AURA-KEY-6: ${CSEU} for ${AURA_SP} is removed`]],
    ["Aura's role assignment replaced", () => [rc("azurerm_role_assignment", ["delete", "create"], ra(AURA_SP, CSEU), ra(AURA_SP, CSEU))], [`high AURA-KEY-6: ${CSEU} for ${AURA_SP} is replaced (removed, then assigned again)`]],
    ["Aura's role assignment replaced, create before destroy", () => [rc("azurerm_role_assignment", ["create", "delete"], ra(AURA_SP, CSEU), ra(AURA_SP, CSEU))], [`high AURA-KEY-6: ${CSEU} for ${AURA_SP} is replaced (removed, then assigned again)`]],
    ["Aura's role assignment forgotten (removed block)", () => [rc("azurerm_role_assignment", ["forget"], ra(AURA_SP, CSEU), null)], [`high AURA-KEY-6: ${CSEU} for ${AURA_SP} is no longer managed`]],
    ["with --config, another principal losing that role is not Aura's loss", () => [rc("azurerm_role_assignment", ["delete"], ra(OTHER_SP, CSEU), null)], [], azKnown],
    [
      "Aura's service principal destroyed (named by Application ID)",
      () => [rc("azuread_service_principal", ["delete"], auraSp, null)],
      [`high AURA-KEY-6: the service principal of application ${AURA_APP} (${AURA_SP}) is destroyed, and its role assignments with it`],
      azKnownByApp,
    ],
    [
      "a service principal holding Aura's role replaced (no --config)",
      () => [rc("azuread_service_principal", ["delete", "create"], auraSp, { client_id: AURA_APP, use_existing: false }), rc("azurerm_role_assignment", ["no-op"], ra(AURA_SP, CSEU), ra(AURA_SP, CSEU))],
      [`high AURA-KEY-6: the service principal of application ${AURA_APP} (${AURA_SP}) is replaced: its role assignments go with the old one`],
    ],
    ["another application's service principal destroyed is quiet", () => [rc("azuread_service_principal", ["delete"], { client_id: "0badc0de-0000-4000-8000-0000000000aa", object_id: OTHER_SP }, null)], [], azKnownByApp],
    [
      "an access policy gives a principal the config does not name decrypt",
      () => [rc("azurerm_key_vault_access_policy", ["create"], null, { key_vault_id: VAULT, object_id: OTHER_SP, key_permissions: ["Get", "Decrypt"] })],
      // Get reads the key's public part and attributes: counted with the crypto permissions (all but List).
      [`high AURA-KEY-8: access policy gives ${OTHER_SP} key permissions Get, Decrypt (a principal the config does not name)`],
      azKnown,
    ],
    ["an access policy that adds only List is quiet", () => [rc("azurerm_key_vault_access_policy", ["create"], null, { key_vault_id: VAULT, object_id: OTHER_SP, key_permissions: ["List"] })], [], azKnown],
    [
      "an inline access policy loses unwrapKey (Aura's side, no --config)",
      () => [rc("azurerm_key_vault", ["update"], vault({ access_policy: [{ object_id: AURA_SP, key_permissions: ["Get", "WrapKey", "UnwrapKey"] }] }), vault({ access_policy: [{ object_id: AURA_SP, key_permissions: ["Get", "WrapKey"] }] }))],
      [`high AURA-KEY-6: access policy of ${AURA_SP} loses unwrapKey`],
    ],
    [
      "a separate access policy destroyed: both wrap permissions go",
      () => [rc("azurerm_key_vault_access_policy", ["delete"], { key_vault_id: VAULT, object_id: AURA_SP, key_permissions: ["wrapKey", "unwrapKey"] }, null)],
      [`high AURA-KEY-6: access policy of ${AURA_SP} loses wrapKey and unwrapKey`],
    ],
    [
      "the vault's firewall opened to all networks",
      () => [rc("azurerm_key_vault", ["update"], vault(), vault({ network_acls: [{ bypass: "AzureServices", default_action: "Allow", ip_rules: [], virtual_network_subnet_ids: [] }] }))],
      ["high AURA-KEY-8: the vault's firewall now admits every address (all networks)"],
    ],
    [
      "the vault's IP rules widened",
      () => [rc("azurerm_key_vault", ["update"], vault(), vault({ network_acls: [{ bypass: "AzureServices", default_action: "Deny", ip_rules: ["198.51.100.10", "203.0.113.0/24"], virtual_network_subnet_ids: [] }] }))],
      ["high AURA-KEY-8: the vault's firewall now admits 203.0.113.0/24"],
    ],
    ["the vault's IP rules narrowed is quiet", () => [rc("azurerm_key_vault", ["update"], vault({ network_acls: [{ bypass: "AzureServices", default_action: "Deny", ip_rules: ["198.51.100.10", "203.0.113.0/24"], virtual_network_subnet_ids: [] }] }), vault())], []],
    ["RBAC authorization turned off", () => [rc("azurerm_key_vault", ["update"], vault(), vault({ rbac_authorization_enabled: false }))], ["high AURA-KEY-6: RBAC authorization is turned off: role assignments (Aura's included) no longer apply; only access policies do"]],
    ["RBAC authorization turned off (the older argument name)", () => [rc("azurerm_key_vault", ["update"], { ...vault({ rbac_authorization_enabled: undefined }), enable_rbac_authorization: true }, { ...vault({ rbac_authorization_enabled: undefined }), enable_rbac_authorization: false })], ["high AURA-KEY-6: RBAC authorization is turned off: role assignments (Aura's included) no longer apply; only access policies do"]],
    ["disk encryption turned off", () => [rc("azurerm_key_vault", ["update"], vault(), vault({ enabled_for_disk_encryption: false }))], ["high AURA-KEY-7: enabled_for_disk_encryption true -> false: Aura's CMK page requires Azure Disk Encryption for volume encryption"]],
    ["key operations cut to encrypt", () => [rc("azurerm_key_vault_key", ["update"], azKey(), azKey({ key_opts: ["encrypt"] }))], ["high AURA-KEY-7: its key operations (encrypt) lack wrapKey and unwrapKey"]],
    ["the key disabled", () => [rc("azurerm_key_vault_key", ["update"], azKey(), azKey({ enabled: false }))], ["high AURA-KEY-7: the key is disabled"]],
    ["an expiry date in the past", () => [rc("azurerm_key_vault_key", ["update"], azKey(), azKey({ expiration_date: "2026-06-30T00:00:00Z" }))], ["high AURA-KEY-7: it expired at 2026-06-30T00:00:00Z (now is 2026-12-06T12:00:00.000Z)"]],
    ["a not-before date in the future", () => [rc("azurerm_key_vault_key", ["update"], azKey(), azKey({ not_before_date: "2027-03-01T00:00:00Z" }))], ["high AURA-KEY-7: it is not valid before 2027-03-01T00:00:00Z (now is 2026-12-06T12:00:00.000Z)"]],
    ["an expiry date in the future is quiet", () => [rc("azurerm_key_vault_key", ["update"], azKey(), azKey({ expiration_date: "2030-01-01T00:00:00Z" }))], []],
  ];
  test.each(cases)("%s", (_name, changes, expected, known: KnownPrincipals | undefined = undefined) => {
    expect(keyFindings(changes(), TODAY, known)).toEqual([...expected].sort());
  });
});

describe("mixed plans: each reading picks only its own resources and its own principal", () => {
  const otherSp = { client_id: "0badc0de-0000-4000-8000-0000000000aa", object_id: OTHER_SP, use_existing: true };
  const cases: Array<[string, () => ResourceChange[], string[], KnownPrincipals?]> = [
    [
      "Azure: Aura's role kept at the vault while another principal's Reader goes and another application's principal is updated",
      () => [
        rc("azurerm_key_vault", ["no-op"], vault({ access_policy: [{ object_id: AURA_SP, key_permissions: ["WrapKey", "UnwrapKey"] }] }), vault({ access_policy: [{ object_id: AURA_SP, key_permissions: ["WrapKey", "UnwrapKey"] }] })),
        rc("azurerm_role_assignment", ["no-op"], ra(AURA_SP, CSEU), ra(AURA_SP, CSEU)),
        rc("azurerm_role_assignment", ["delete"], ra(OTHER_SP, "Reader"), null),
        rc("azurerm_role_assignment", ["delete"], ra(AURA_SP, "Reader"), null),
        rc("azuread_service_principal", ["update"], otherSp, { ...otherSp, use_existing: false }),
        rc("azurerm_key_vault_key", ["no-op"], azKey(), azKey()),
      ],
      [],
      azKnownByApp,
    ],
    [
      "Azure: Aura's role removed from the vault while the same role stays on another vault: a loss",
      () => [rc("azurerm_role_assignment", ["delete"], ra(AURA_SP, CSEU), null), rc("azurerm_role_assignment", ["no-op"], { ...ra(AURA_SP, CSEU), scope: VAULT.replace("kv-aura", "kv-other") }, { ...ra(AURA_SP, CSEU), scope: VAULT.replace("kv-aura", "kv-other") })],
      [`high AURA-KEY-6: ${CSEU} for ${AURA_SP} is removed`],
    ],
    [
      "Azure: Aura's role removed from the vault while it stays on a vault whose name starts the same: a loss",
      () => [rc("azurerm_role_assignment", ["delete"], ra(AURA_SP, CSEU), null), rc("azurerm_role_assignment", ["no-op"], { ...ra(AURA_SP, CSEU), scope: `${VAULT}-2` }, { ...ra(AURA_SP, CSEU), scope: `${VAULT}-2` })],
      [`high AURA-KEY-6: ${CSEU} for ${AURA_SP} is removed`],
    ],
    [
      "Azure: Aura's role moved from the vault to its key: a loss of the vault's other keys",
      () => [rc("azurerm_role_assignment", ["update"], ra(AURA_SP, CSEU), { ...ra(AURA_SP, CSEU), scope: `${VAULT}/keys/aura-cmk` })],
      [`high AURA-KEY-6: ${CSEU} for ${AURA_SP} is removed`],
      azKnown,
    ],
    [
      "Azure: Aura's role moved from the vault to its resource group (written in another case): kept",
      () => [rc("azurerm_role_assignment", ["update"], ra(AURA_SP, CSEU), { ...ra(AURA_SP, CSEU), scope: "/subscriptions/S/resourcegroups/RG/" })],
      [],
      azKnown,
    ],
    [
      "Azure: one of two assignments of Aura's role removed while the other (another scope) stays: Aura keeps the role",
      () => [rc("azurerm_role_assignment", ["delete"], { ...ra(AURA_SP, CSEU), scope: `${VAULT}/keys/aura-cmk` }, null), rc("azurerm_role_assignment", ["no-op"], ra(AURA_SP, CSEU), ra(AURA_SP, CSEU))],
      [],
    ],
    [
      "Azure: Aura's role removed from Aura while another principal gets the same role: Aura's loss is still reported, and the new principal",
      () => [rc("azurerm_role_assignment", ["delete"], ra(AURA_SP, CSEU), null), rc("azurerm_role_assignment", ["create"], null, ra(OTHER_SP, CSEU))],
      [`high AURA-KEY-6: ${CSEU} for ${AURA_SP} is removed`, `high AURA-KEY-8: ${CSEU} given to ${OTHER_SP} on ${VAULT}`],
    ],
    [
      "Azure: a crypto role to the service principal of an application the config names, through a reference known after apply",
      () => [
        rc("azuread_service_principal", ["create"], null, { client_id: AURA_APP, use_existing: true }, { address: "azuread_service_principal.aura" }),
        { ...rc("azurerm_role_assignment", ["create"], null, { role_definition_name: CSEU, scope: VAULT }), afterUnknown: { principal_id: true }, references: { principal_id: ["azuread_service_principal.aura.object_id", "azuread_service_principal.aura"] } },
      ],
      [],
      azKnownByApp,
    ],
    [
      "Azure: a reference that is not to a service principal's object_id is a principal known only after apply",
      () => [
        rc("azuread_service_principal", ["create"], null, { client_id: AURA_APP, use_existing: true }, { address: "azuread_service_principal.aura" }),
        { ...rc("azurerm_role_assignment", ["create"], null, { role_definition_name: CSEU, scope: VAULT }), afterUnknown: { principal_id: true }, references: { principal_id: ["azuread_service_principal.aura.client_id", "azuread_service_principal.aura"] } },
      ],
      [`medium AURA-KEY-8: ${CSEU} goes to a principal known only after apply: the review cannot judge it`],
      azKnownByApp,
    ],
    [
      "Azure: the inline access policy of another principal loses unwrapKey with --config naming Aura: not Aura's loss",
      () => [rc("azurerm_key_vault", ["update"], vault({ access_policy: [{ object_id: OTHER_SP, key_permissions: ["WrapKey", "UnwrapKey"] }] }), vault({ access_policy: [{ object_id: OTHER_SP, key_permissions: ["WrapKey"] }] }))],
      [],
      azKnown,
    ],
    [
      "Azure: an access policy moved from the vault's inline block to a separate resource keeps its permissions",
      () => [
        rc("azurerm_key_vault", ["update"], vault({ access_policy: [{ object_id: AURA_SP, key_permissions: ["WrapKey", "UnwrapKey"] }] }), vault({ access_policy: [] })),
        rc("azurerm_key_vault_access_policy", ["create"], null, { key_vault_id: VAULT, object_id: AURA_SP, key_permissions: ["WrapKey", "UnwrapKey"] }),
      ],
      [],
      azKnown,
    ],
    [
      "Azure: a key vault created and keys with an unknown state alongside: only the vault's own first apply",
      () => [rc("azurerm_key_vault", ["create"], null, vault()), rc("azurerm_key_vault_key", ["create"], null, azKey())],
      [],
    ],
    [
      "GCP: Aura's member moved between two keys' bindings is a loss on the first key",
      () => [rc("google_kms_crypto_key_iam_binding", ["update"], binding([SA(1), SA(2)]), binding([SA(1)])), rc("google_kms_crypto_key_iam_binding", ["create"], null, { ...binding([SA(2)]), crypto_key_id: `${KEY}-2` })],
      [`high AURA-KEY-6: ${SA(2)} loses ${ED} on ${KEY}`],
      gcpKnown,
    ],
    [
      "GCP: a public viewer that was there before stays quiet; a new public viewer on another key is reported",
      () => [rc("google_kms_crypto_key_iam_member", ["no-op"], member("allUsers", "roles/cloudkms.viewer"), member("allUsers", "roles/cloudkms.viewer")), rc("google_kms_crypto_key_iam_member", ["create"], null, member("allUsers", "roles/cloudkms.viewer", { crypto_key_id: `${KEY}-2` }))],
      [`medium AURA-KEY-8: allUsers gets roles/cloudkms.viewer on ${KEY}-2 (anyone can see the key)`],
    ],
    [
      "GCP: a key version with an unknown state and a key without a primary: quiet",
      () => [rc("google_kms_crypto_key_version", ["create"], null, { crypto_key: KEY }), rc("google_kms_crypto_key", ["update"], { name: "aura-cmk", rotation_period: "7776000s" }, { name: "aura-cmk", rotation_period: "7776000s", labels: { a: "b" } })],
      [],
    ],
  ];
  test.each(cases)("%s", (_name, changes, expected, known: KnownPrincipals | undefined = undefined) => {
    expect(keyFindings(changes(), TODAY, known)).toEqual([...expected].sort());
  });
});

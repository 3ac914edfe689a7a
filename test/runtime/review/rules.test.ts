import { parsePlanJson, type ResourceChange, type StackPlan } from "../../../runtime/review/plan-format";
import { reaches, reviewPlans } from "../../../runtime/review/review";
import type { Finding, KnownPrincipals } from "../../../runtime/review/rule";
import { RULES } from "../../../runtime/review/rules";
import { accessWidened } from "../../../runtime/review/rules/access-widened";
import { knownFromConfig } from "../../../runtime/review/known";
import { parseConfig } from "../../../config/load";
import { exampleConfig } from "../../../config/example";
import { changeFactory, NO_KNOWN } from "../../support/hand-built-plans";

/**
 * Hand-built plans in the documented plan format (resource_changes[].change.actions/before/after), reviewed as a
 * whole. GCP and Azure plans are hand-built because no google or azurerm provider runs offline here (marked
 * "hand-built"); plan shapes terraform cannot produce offline (drift needs a refresh, import reads the cloud) are
 * hand-built too. Real AWS plans are in aws-scenarios.test.ts and real-plans.test.ts.
 */
const TODAY = new Date("2026-12-06T12:00:00Z");
const rc = changeFactory("r");
const review = (changes: ResourceChange[], known?: KnownPrincipals, drift: ResourceChange[] = []): Finding[] => {
  const plan: StackPlan = { stack: "s", file: "s.json", changes, drift };
  return reviewPlans([plan], { now: TODAY, ...(known ? { known } : {}) }).findings;
};
const shown = (fs: Finding[]) => fs.map((f) => `${f.severity} ${f.ruleId} ${f.detail}`);

// GCP (hand-built)
const KEY_ID = "projects/p/locations/europe-west1/keyRings/r/cryptoKeys/aura-cmk";
const SA = (i: number) => `serviceAccount:aura-cmk-${i}@neo4j-aura-keys.iam.gserviceaccount.com`;
const member = (m: string, role = "roles/cloudkms.cryptoKeyEncrypterDecrypter") => ({ crypto_key_id: KEY_ID, member: m, role });
const binding = (members: string[]) => ({ crypto_key_id: KEY_ID, role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", members });
const NET = "https://www.googleapis.com/compute/v1/projects/p/global/networks/apps";
const fw = (ranges: string[], ports: string[], over: Record<string, unknown> = {}) => ({ name: "allow-aura", network: NET, direction: "INGRESS", source_ranges: ranges, allow: [{ protocol: "tcp", ports }], ...over });
const gzone = (networks: string[]) => ({ name: "orch", dns_name: "production-orch-0002.neo4j.io.", visibility: "private", private_visibility_config: [{ networks: networks.map((network_url) => ({ network_url })) }] });
const grec = { managed_zone: "orch", name: "*.production-orch-0002.neo4j.io.", type: "A", rrdatas: ["10.10.0.5"] };

// Azure (hand-built)
const VAULT = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-aura";
const AURA_SP = "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d";
const vault = (over: Record<string, unknown> = {}) => ({ name: "kv-aura", purge_protection_enabled: true, soft_delete_retention_days: 90, rbac_authorization_enabled: true, enabled_for_disk_encryption: true, public_network_access_enabled: true, network_acls: [{ bypass: "AzureServices", default_action: "Deny", ip_rules: ["198.51.100.10"], virtual_network_subnet_ids: [] }], ...over });
const azKey = (over: Record<string, unknown> = {}) => ({ name: "aura-cmk", key_type: "RSA", key_size: 4096, key_opts: ["wrapKey", "unwrapKey", "encrypt", "decrypt"], expiration_date: null, not_before_date: null, ...over });
const ra = (principal: string, role: string) => ({ principal_id: principal, role_definition_name: role, scope: VAULT });
const VNET = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/apps";
const azRecord = { name: "*", zone_name: "production-orch-0003.neo4j.io", resource_group_name: "rg", records: ["10.0.0.4"] };
const azZone = { name: "production-orch-0003.neo4j.io", resource_group_name: "rg" };
const azLink = { name: "apps", private_dns_zone_name: "production-orch-0003.neo4j.io", resource_group_name: "rg", virtual_network_id: VNET };
const nsgRule = (src: string, port: string) => ({ name: "allow-7687", network_security_group_name: "nsg-pe", resource_group_name: "rg", direction: "Inbound", access: "Allow", protocol: "Tcp", source_address_prefix: src, destination_port_range: port, priority: 100 });

interface Case {
  name: string;
  changes: () => ResourceChange[];
  drift?: () => ResourceChange[];
  known?: KnownPrincipals;
  /** rule and severity that must be found; the level it gates at. */
  expect: [string, "high" | "medium" | "low"];
  gate: "high" | "medium" | null;
}

const gcpKnown: KnownPrincipals = { ...NO_KNOWN, gcpAuraMembers: new Set([SA(1), SA(2), SA(3)]) };
const azKnown: KnownPrincipals = { ...NO_KNOWN, azureAuraPrincipals: new Set([AURA_SP]), azurePrincipals: new Set([AURA_SP, "8b7c6d5e-4f3a-4b2c-8d9e-0f1a2b3c4d5e"]) };
/** The config names Aura's application, not its service principal: the plan's azuread_service_principal maps one to the other. */
const AURA_APP = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const azKnownByApp: KnownPrincipals = { ...NO_KNOWN, azureAuraApplications: new Set([AURA_APP]), azurePrincipals: new Set(["8b7c6d5e-4f3a-4b2c-8d9e-0f1a2b3c4d5e"]) };
const auraSp = { client_id: AURA_APP, object_id: AURA_SP, use_existing: true };

/** An access state as the runners carry it (constructs/neo4j). */
const ownedAccess = {
  connection: { uri: "neo4j+s://db.example.com:7687", user: "admin", password: { env: "PW" } },
  roles: [{ name: "readers", privileges: [{ action: "GRANT", privilege: "ACCESS", database: "orders" }] }],
  users: [{ name: "carol", roles: ["readers"] }],
  localAliases: [],
  remoteAliases: [],
};
const lambdaInput = (v: object) => JSON.stringify(v);

const dangerous: Case[] = [
  { name: "GCP (hand-built): allUsers gets encrypter/decrypter on the key", changes: () => [rc("google_kms_crypto_key_iam_member", ["create"], null, member("allUsers"))], expect: ["AURA-KEY-8", "high"], gate: "high" },
  { name: "GCP (hand-built): allAuthenticatedUsers through the key's IAM policy", changes: () => [rc("google_kms_crypto_key_iam_policy", ["update"], { crypto_key_id: KEY_ID, policy_data: JSON.stringify({ bindings: [{ role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", members: [SA(1)] }] }) }, { crypto_key_id: KEY_ID, policy_data: JSON.stringify({ bindings: [{ role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", members: [SA(1), "allAuthenticatedUsers"] }] }) })], expect: ["AURA-KEY-8", "high"], gate: "high" },
  { name: "GCP (hand-built): an IAM binding shrinks and one of Aura's service accounts loses the role", changes: () => [rc("google_kms_crypto_key_iam_binding", ["update"], binding([SA(1), SA(2), SA(3)]), binding([SA(1), SA(2)]))], expect: ["AURA-KEY-6", "high"], gate: "high" },
  { name: "GCP (hand-built): an Aura service account's viewer member deleted (with --config)", changes: () => [rc("google_kms_crypto_key_iam_member", ["delete"], member(SA(2), "roles/cloudkms.viewer"), null)], known: gcpKnown, expect: ["AURA-KEY-6", "high"], gate: "high" },
  { name: "GCP (hand-built): a member the config does not name gets encrypter/decrypter", changes: () => [rc("google_kms_crypto_key_iam_member", ["create"], null, member("user:mallory@example.com"))], known: gcpKnown, expect: ["AURA-KEY-8", "high"], gate: "high" },
  { name: "GCP (hand-built): a new key-ring admin", changes: () => [rc("google_kms_key_ring_iam_member", ["create"], null, { key_ring_id: "projects/p/locations/europe-west1/keyRings/r", member: "user:ops@example.com", role: "roles/cloudkms.admin" })], expect: ["AURA-KEY-8", "high"], gate: "high" },
  { name: "GCP (hand-built): the key version is disabled", changes: () => [rc("google_kms_crypto_key_version", ["update"], { crypto_key: KEY_ID, state: "ENABLED" }, { crypto_key: KEY_ID, state: "DISABLED" })], expect: ["AURA-KEY-7", "high"], gate: "high" },
  { name: "GCP (hand-built): the key's primary version is scheduled for destruction", changes: () => [rc("google_kms_crypto_key", ["update"], { name: "aura-cmk", primary: [{ name: "v1", state: "ENABLED" }] }, { name: "aura-cmk", primary: [{ name: "v1", state: "DESTROY_SCHEDULED" }] })], expect: ["AURA-KEY-7", "high"], gate: "high" },
  { name: "GCP (hand-built): a firewall rule opens 7687 to 0.0.0.0/0", changes: () => [rc("google_compute_firewall", ["update"], fw(["10.10.0.0/16"], ["7687"]), fw(["0.0.0.0/0"], ["7687"]))], expect: ["AURA-SG-1", "high"], gate: "high" },
  { name: "GCP (hand-built): an ingress firewall without ranges or tags (GCP applies it to 0.0.0.0/0)", changes: () => [rc("google_compute_firewall", ["create"], null, { name: "any", network: NET, direction: "INGRESS", allow: [{ protocol: "tcp", ports: ["443"] }] }), rc("google_compute_firewall", ["no-op"], fw(["10.10.0.0/16"], ["7687"]), fw(["10.10.0.0/16"], ["7687"]))], expect: ["AURA-SG-1", "high"], gate: "high" },
  { name: "GCP (hand-built): a deny firewall rule removed", changes: () => [rc("google_compute_firewall", ["delete"], { name: "deny-all", network: NET, direction: "INGRESS", source_ranges: ["0.0.0.0/0"], deny: [{ protocol: "all" }] }, null)], expect: ["AURA-SG-6", "medium"], gate: "medium" },
  { name: "GCP (hand-built): the private zone no longer applies to the network", changes: () => [rc("google_dns_managed_zone", ["update"], gzone([NET]), gzone([])), rc("google_dns_record_set", ["no-op"], grec, grec)], expect: ["AURA-DNS-4", "high"], gate: "high" },
  { name: "GCP (hand-built): the response policy loses the network", changes: () => [rc("google_dns_response_policy", ["update"], { response_policy_name: "rp", networks: [{ network_url: NET }] }, { response_policy_name: "rp", networks: [] }), rc("google_dns_response_policy_rule", ["no-op"], { response_policy: "rp", dns_name: "*.production-orch-0002.neo4j.io." }, { response_policy: "rp", dns_name: "*.production-orch-0002.neo4j.io." })], expect: ["AURA-DNS-4", "high"], gate: "high" },
  { name: "Azure (hand-built): the vault opened to all networks", changes: () => [rc("azurerm_key_vault", ["update"], vault(), vault({ network_acls: [{ bypass: "AzureServices", default_action: "Allow", ip_rules: [], virtual_network_subnet_ids: [] }] }))], expect: ["AURA-KEY-8", "high"], gate: "high" },
  { name: "Azure (hand-built): public network access turned on (firewall default Allow)", changes: () => [rc("azurerm_key_vault", ["update"], vault({ public_network_access_enabled: false, network_acls: [] }), vault({ public_network_access_enabled: true, network_acls: [] }))], expect: ["AURA-KEY-8", "high"], gate: "high" },
  { name: "Azure (hand-built): the vault's IP rules widened", changes: () => [rc("azurerm_key_vault", ["update"], vault(), vault({ network_acls: [{ bypass: "AzureServices", default_action: "Deny", ip_rules: ["198.51.100.10", "203.0.113.0/24"], virtual_network_subnet_ids: [] }] }))], expect: ["AURA-KEY-8", "high"], gate: "high" },
  { name: "Azure (hand-built): key operations cut to encrypt", changes: () => [rc("azurerm_key_vault_key", ["update"], azKey(), azKey({ key_opts: ["encrypt"] }))], expect: ["AURA-KEY-7", "high"], gate: "high" },
  { name: "Azure (hand-built): an expiry date in the past", changes: () => [rc("azurerm_key_vault_key", ["update"], azKey(), azKey({ expiration_date: "2026-06-30T00:00:00Z" }))], expect: ["AURA-KEY-7", "high"], gate: "high" },
  { name: "Azure (hand-built): a not-before date in the future", changes: () => [rc("azurerm_key_vault_key", ["update"], azKey(), azKey({ not_before_date: "2027-03-01T00:00:00Z" }))], expect: ["AURA-KEY-7", "high"], gate: "high" },
  { name: "Azure (hand-built): an expiry date the review cannot read", changes: () => [rc("azurerm_key_vault_key", ["update"], azKey(), azKey({ expiration_date: "next tuesday" }))], expect: ["AURA-KEY-7", "high"], gate: "high" },
  { name: "Azure (hand-built): Key Vault Crypto Officer to an unknown principal", changes: () => [rc("azurerm_role_assignment", ["create"], null, ra("0badc0de-0000-4000-8000-000000000001", "Key Vault Crypto Officer"))], known: azKnown, expect: ["AURA-KEY-8", "high"], gate: "high" },
  { name: "Azure (hand-built): Crypto User by role definition id to a principal on an existing vault (no --config)", changes: () => [rc("azurerm_key_vault", ["no-op"], vault(), vault()), rc("azurerm_role_assignment", ["create"], null, { principal_id: "0badc0de-0000-4000-8000-000000000002", role_definition_id: "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/12338af0-0e69-4776-bea7-57ae8d297424", scope: VAULT })], expect: ["AURA-KEY-8", "high"], gate: "high" },
  { name: "Azure (hand-built): Aura's role assignment removed", changes: () => [rc("azurerm_role_assignment", ["delete"], ra(AURA_SP, "Key Vault Crypto Service Encryption User"), null)], expect: ["AURA-KEY-6", "high"], gate: "high" },
  { name: "Azure (hand-built): Aura's role assignment removed, Aura named by Application ID (with --config)", changes: () => [rc("azuread_service_principal", ["no-op"], auraSp, auraSp), rc("azurerm_role_assignment", ["delete"], ra(AURA_SP, "Key Vault Crypto Service Encryption User"), null)], known: azKnownByApp, expect: ["AURA-KEY-6", "high"], gate: "high" },
  { name: "Azure (hand-built): Crypto Officer to a principal other than Aura's application (with --config)", changes: () => [rc("azuread_service_principal", ["no-op"], auraSp, auraSp), rc("azurerm_role_assignment", ["create"], null, ra("0badc0de-0000-4000-8000-000000000004", "Key Vault Crypto Officer"))], known: azKnownByApp, expect: ["AURA-KEY-8", "high"], gate: "high" },
  { name: "Azure (hand-built): Aura's service principal replaced (its role assignments go with it)", changes: () => [rc("azuread_service_principal", ["delete", "create"], auraSp, { client_id: AURA_APP, use_existing: false }), rc("azurerm_role_assignment", ["no-op"], ra(AURA_SP, "Key Vault Crypto Service Encryption User"), ra(AURA_SP, "Key Vault Crypto Service Encryption User"))], expect: ["AURA-KEY-6", "high"], gate: "high" },
  { name: "Azure (hand-built): a crypto role to a new service principal of an application the config does not name (with --config)", changes: () => [rc("azurerm_key_vault", ["no-op"], vault(), vault()), rc("azuread_service_principal", ["create"], null, { client_id: "0badc0de-0000-4000-8000-0000000000aa", use_existing: true }, { address: "azuread_service_principal.other" }), { ...rc("azurerm_role_assignment", ["create"], null, { role_definition_name: "Key Vault Crypto Officer", scope: VAULT }), afterUnknown: { principal_id: true }, references: { principal_id: ["azuread_service_principal.other.object_id", "azuread_service_principal.other"] } }], known: azKnownByApp, expect: ["AURA-KEY-8", "high"], gate: "high" },
  { name: "Azure (hand-built): RBAC authorization turned off", changes: () => [rc("azurerm_key_vault", ["update"], vault(), vault({ rbac_authorization_enabled: false }))], expect: ["AURA-KEY-6", "high"], gate: "high" },
  { name: "Azure (hand-built): an access policy gives an unknown principal decrypt", changes: () => [rc("azurerm_key_vault_access_policy", ["create"], null, { key_vault_id: VAULT, object_id: "0badc0de-0000-4000-8000-000000000003", key_permissions: ["Get", "Decrypt"] })], known: azKnown, expect: ["AURA-KEY-8", "high"], gate: "high" },
  { name: "Azure (hand-built): purge protection off", changes: () => [rc("azurerm_key_vault", ["update"], vault(), vault({ purge_protection_enabled: false }))], expect: ["AURA-KEY-5", "high"], gate: "high" },
  { name: "Azure (hand-built): disk encryption turned off on the vault", changes: () => [rc("azurerm_key_vault", ["update"], vault(), vault({ enabled_for_disk_encryption: false }))], expect: ["AURA-KEY-7", "high"], gate: "high" },
  { name: "Azure (hand-built): a network security rule opens 443 to *", changes: () => [rc("azurerm_network_security_rule", ["update"], nsgRule("10.0.0.0/16", "443"), nsgRule("*", "443"))], expect: ["AURA-SG-1", "high"], gate: "high" },
  { name: "Azure (hand-built): the zone's virtual network link deleted", changes: () => [rc("azurerm_private_dns_zone", ["no-op"], azZone, azZone), rc("azurerm_private_dns_zone_virtual_network_link", ["delete"], azLink, null), rc("azurerm_private_dns_a_record", ["no-op"], azRecord, azRecord)], expect: ["AURA-DNS-4", "high"], gate: "high" },
  { name: "Azure (hand-built): the private endpoint replaced", changes: () => [rc("azurerm_private_endpoint", ["delete", "create"], { name: "pe" }, { name: "pe" }, { replacePaths: [["private_service_connection"]] })], expect: ["AURA-NET-1", "high"], gate: "high" },
  // Plan shapes terraform cannot produce offline (hand-built)
  {
    name: "drift (hand-built): a key policy edited in the console to \"*\", kept by the plan (ignore_changes)",
    changes: () => [rc("aws_kms_key", ["no-op"], { arn: "arn:aws:kms:us-east-1:111122223333:key/k", policy: "{}" }, { arn: "arn:aws:kms:us-east-1:111122223333:key/k", policy: "{}" })],
    drift: () => {
      const before = { arn: "arn:aws:kms:us-east-1:111122223333:key/k", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*", Resource: "*" }] }) };
      const after = { ...before, policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*", Resource: "*" }, { Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" }] }) };
      return [{ ...rc("aws_kms_key", ["update"], before, after), address: "aws_kms_key.r1000", name: "r1000" }];
    },
    expect: ["AURA-KEY-8", "high"],
    gate: "high",
  },
  { name: "import (hand-built): an existing key imported, with a policy the review judges", changes: () => [rc("aws_kms_key", ["no-op"], { policy: "{}" }, { policy: "{}" }, { importing: { id: "1234abcd" } })], expect: ["AURA-PLAN-3", "low"], gate: null },
  {
    name: "a future action list (hand-built, through the parser)",
    changes: () => parsePlanJson(JSON.stringify({ format_version: "1.9", resource_changes: [{ address: "aws_vpc_endpoint.e", type: "aws_vpc_endpoint", name: "e", change: { actions: ["create", "rename"], before: null, after: {} } }] }), "p.json", "s").changes,
    expect: ["AURA-PLAN-4", "medium"],
    gate: "medium",
  },
  { name: "an unmodeled attribute changes (hand-built)", changes: () => [rc("aws_vpc_endpoint", ["update"], { private_dns_enabled: false }, { private_dns_enabled: true })], expect: ["AURA-PLAN-1", "low"], gate: null },
  { name: "a resource the review does not model is destroyed (hand-built)", changes: () => [rc("aws_ssm_parameter", ["delete"], { name: "x" }, null)], expect: ["AURA-PLAN-2", "medium"], gate: "medium" },
  {
    name: "the stack's access runner destroyed (hand-built): its ownership part removes everything it owns",
    changes: () => [
      rc("terraform_data", ["delete"], { input: { state: ownedAccess } }, null, { address: "terraform_data.neo4j_access_apply" }),
      rc("terraform_data", ["delete"], { input: { owned: ownedAccess } }, null, { address: "terraform_data.neo4j_access_remove_on_destroy" }),
    ],
    expect: ["AURA-ACC-2", "medium"],
    gate: "medium",
  },
  { name: "an access runner input the review cannot read (hand-built, a restructured input)", changes: () => [rc("terraform_data", ["update"], { input: { phases: [{ roles: [], connection: "x" }] } }, { input: { phases: [{ roles: [{ name: "r" }], connection: "y" }] } })], expect: ["AURA-ACC-5", "medium"], gate: "medium" },
  { name: "a local-exec command built from an expression (hand-built)", changes: () => [rc("terraform_data", ["create"], null, { input: "x" }, { provisioners: [{ type: "local-exec", commandReferences: ["var.cmd"] }] })], expect: ["AURA-CRED-2", "medium"], gate: "medium" },
  { name: "the runner's function moves to another role (hand-built)", changes: () => [rc("aws_lambda_function", ["update"], { role: "arn:aws:iam::111122223333:role/runner" }, { role: "arn:aws:iam::111122223333:role/admin" })], expect: ["AURA-IAM-1", "medium"], gate: "medium" },
  { name: "the runner's function gets another security group (hand-built)", changes: () => [rc("aws_lambda_function", ["update"], { vpc_config: [{ security_group_ids: ["sg-1"], subnet_ids: ["subnet-1"] }] }, { vpc_config: [{ security_group_ids: ["sg-1", "sg-2"], subnet_ids: ["subnet-1"] }] })], expect: ["AURA-SG-3", "medium"], gate: "medium" },
];

const benign: Case[] = [
  { name: "GCP (hand-built): key labels change", changes: () => [rc("google_kms_crypto_key", ["update"], { name: "aura-cmk", labels: { a: "1" }, rotation_period: "31536000s" }, { name: "aura-cmk", labels: { a: "2" }, rotation_period: "31536000s" })], expect: ["", "low"], gate: null },
  { name: "GCP (hand-built): a member the config names is bound", changes: () => [rc("google_kms_crypto_key_iam_member", ["create"], null, member(SA(3)))], known: gcpKnown, expect: ["", "low"], gate: null },
  { name: "GCP (hand-built): a firewall source narrowed", changes: () => [rc("google_compute_firewall", ["update"], fw(["10.10.0.0/16"], ["7687"]), fw(["10.10.1.0/24"], ["7687"]))], expect: ["", "low"], gate: null },
  { name: "Azure (hand-built): vault tags change", changes: () => [rc("azurerm_key_vault", ["update"], vault({ tags: { a: "1" } }), vault({ tags: { a: "2" } }))], expect: ["", "low"], gate: null },
  { name: "Azure (hand-built): the vault's IP rules narrowed", changes: () => [rc("azurerm_key_vault", ["update"], vault(), vault({ network_acls: [{ bypass: "AzureServices", default_action: "Deny", ip_rules: [], virtual_network_subnet_ids: [] }] }))], expect: ["", "low"], gate: null },
  { name: "Azure (hand-built): a record's TTL changes", changes: () => [rc("azurerm_private_dns_zone", ["no-op"], azZone, azZone), rc("azurerm_private_dns_zone_virtual_network_link", ["no-op"], azLink, azLink), rc("azurerm_private_dns_a_record", ["update"], { ...azRecord, ttl: 300 }, { ...azRecord, ttl: 60 })], expect: ["", "low"], gate: null },
  { name: "Azure (hand-built): a crypto role for the config's Aura principal", changes: () => [rc("azurerm_role_assignment", ["create"], null, ra(AURA_SP, "Key Vault Crypto Service Encryption User"))], known: azKnown, expect: ["", "low"], gate: null },
  { name: "Azure (hand-built): the crypto role for Aura's service principal, found by its Application ID", changes: () => [rc("azuread_service_principal", ["no-op"], auraSp, auraSp), rc("azurerm_role_assignment", ["create"], null, ra(AURA_SP, "Key Vault Crypto Service Encryption User"))], known: azKnownByApp, expect: ["", "low"], gate: null },
  { name: "Azure (hand-built): first apply, Aura's role to the service principal created for its Application ID (with --config)", changes: () => [rc("azurerm_key_vault", ["create"], null, vault()), rc("azuread_service_principal", ["create"], null, { client_id: AURA_APP, use_existing: true }, { address: "azuread_service_principal.aura" }), { ...rc("azurerm_role_assignment", ["create"], null, { role_definition_name: "Key Vault Crypto Service Encryption User", scope: VAULT }), afterUnknown: { principal_id: true }, references: { principal_id: ["azuread_service_principal.aura.object_id", "azuread_service_principal.aura"] } }], known: azKnownByApp, expect: ["", "low"], gate: null },
  {
    name: "the access runner's bookkeeping (hand-built): the ownership part updated in place, the Lambda's converge invocation re-read",
    changes: () => [
      rc("terraform_data", ["update"], { input: { owned: ownedAccess } }, { input: { owned: { ...ownedAccess, users: [] } } }, { address: "terraform_data.neo4j_access_remove_on_destroy" }),
      rc("aws_lambda_invocation", ["update"], { input: lambdaInput({ converge: { to: ownedAccess, from: ownedAccess } }) }, { input: lambdaInput({ converge: { to: ownedAccess, from: ownedAccess } }), result: "{}" }),
      rc("aws_lambda_invocation", ["update"], { input: lambdaInput({ removeOnDestroy: { owned: ownedAccess, applied: ownedAccess } }) }, { input: lambdaInput({ removeOnDestroy: { owned: ownedAccess, applied: null } }) }),
    ],
    expect: ["", "low"],
    gate: null,
  },
  {
    name: "the apply part destroyed alone (hand-built): its destroy step (cypher replace) removes nothing while the ownership part stays",
    changes: () => [
      rc("terraform_data", ["delete"], { input: { state: ownedAccess } }, null, { address: "terraform_data.neo4j_access_apply" }),
      rc("terraform_data", ["no-op"], { input: { owned: ownedAccess } }, { input: { owned: ownedAccess } }, { address: "terraform_data.neo4j_access_remove_on_destroy" }),
    ],
    expect: ["", "low"],
    gate: null,
  },
  { name: "drift (hand-built): only tags changed in the console", changes: () => [], drift: () => [rc("aws_kms_key", ["update"], { tags: { a: "1" } }, { tags: { a: "2" } })], expect: ["AURA-DRIFT-1", "low"], gate: null },
];

describe("hand-built plans: dangerous ones gate at their severity", () => {
  test.each(dangerous.map((c) => [c.name, c] as const))("%s", (_n, c) => {
    const findings = review(c.changes(), c.known, c.drift?.() ?? []);
    expect(shown(findings)).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${c.expect[1]} ${c.expect[0]} `))]));
    if (c.gate) expect(reaches(findings, c.gate)).toBe(true);
    if (c.gate === "medium" || c.gate === null) expect(shown(findings.filter((f) => f.severity === "high"))).toEqual([]);
    if (c.gate === null) expect(reaches(findings, "medium")).toBe(false);
  });
});

describe("hand-built plans: benign ones stay quiet", () => {
  test.each(benign.map((c) => [c.name, c] as const))("%s", (_n, c) => {
    const findings = review(c.changes(), c.known, c.drift?.() ?? []);
    expect(shown(findings.filter((f) => f.severity !== "low" || f.ruleId !== c.expect[0]))).toEqual([]);
  });
});

describe("drift and plan shapes", () => {
  test("drift the plan puts back is capped at medium and says so; drift it keeps stands at the rule's severity", () => {
    const before = { arn: "arn:aws:kms:us-east-1:111122223333:key/k", is_enabled: true };
    const after = { ...before, is_enabled: false };
    const kept = review([rc("aws_kms_key", ["no-op"], after, after)], undefined, [{ ...rc("aws_kms_key", ["update"], before, after), address: "aws_kms_key.k" }]);
    expect(shown(kept.filter((f) => f.drift))).toEqual(["high AURA-KEY-7 changed outside Terraform: the key is disabled; this plan keeps it", "medium AURA-DRIFT-1 is_enabled changed outside Terraform (e.g. in the console); this plan keeps it"]);
    const back = review([{ ...rc("aws_kms_key", ["update"], after, before), address: "aws_kms_key.k" }], undefined, [{ ...rc("aws_kms_key", ["update"], before, after), address: "aws_kms_key.k" }]);
    expect(shown(back.filter((f) => f.drift))).toEqual(["medium AURA-DRIFT-1 is_enabled changed outside Terraform (e.g. in the console); this plan puts it back", "medium AURA-KEY-7 changed outside Terraform: the key is disabled; this plan puts it back"]);
  });

  test("resource_drift, importing, deposed, forget and previous_address are read from the documented format", () => {
    const plan = parsePlanJson(
      JSON.stringify({
        format_version: "1.2",
        resource_changes: [
          { address: "aws_kms_key.k", mode: "managed", type: "aws_kms_key", name: "k", change: { actions: ["update"], before: { is_enabled: true }, after: { is_enabled: false }, importing: { id: "1234" } }, previous_address: "aws_kms_key.old" },
          { address: "aws_kms_key.k", mode: "managed", type: "aws_kms_key", name: "k", deposed: "0a1b2c3d", change: { actions: ["delete"], before: { is_enabled: true }, after: null } },
          { address: "aws_route53_zone.z", mode: "managed", type: "aws_route53_zone", name: "z", action_reason: "delete_because_no_resource_config", change: { actions: ["forget"], before: { name: "z" }, after: null } },
        ],
        resource_drift: [{ address: "aws_kms_key.k", mode: "managed", type: "aws_kms_key", name: "k", change: { actions: ["update"], before: { description: "a" }, after: { description: "b" } } }],
      }),
      "p.json",
      "s",
    );
    expect(plan.changes.map((c) => [c.kind, c.deposed ?? null, c.importing ?? null, c.previousAddress ?? null])).toEqual([
      ["update", null, { id: "1234" }, "aws_kms_key.old"],
      ["delete", "0a1b2c3d", null, null],
      ["forget", null, null, null],
    ]);
    expect(plan.drift.map((d) => d.address)).toEqual(["aws_kms_key.k"]);
    const r = reviewPlans([plan], { now: TODAY });
    expect(r.stacks[0]!.counts).toEqual({ add: 0, change: 1, replace: 0, destroy: 1, deposed: 1, forget: 1, import: 1, drift: 1 });
  });
});

describe("--config: the principals the config names", () => {
  test("are read from each region's customer managed key (Aura's accounts and principals, key administrators, service accounts)", () => {
    const k = knownFromConfig(parseConfig(exampleConfig));
    expect([...k.awsAuraAccounts]).toEqual(["999988887777"]);
    expect([...k.awsPrincipals]).toEqual(["arn:aws:iam::111122223333:role/kms-admin"]);
    expect([...k.gcpAuraMembers]).toEqual([SA(1), SA(2), SA(3)]);
    // The example names Aura's CMK application by its Application ID; the object id comes from the plan.
    expect([...k.azureAuraApplications]).toEqual([AURA_APP]);
    expect([...k.azureAuraPrincipals]).toEqual([]);
    expect([...k.azurePrincipals]).toEqual(["8b7c6d5e-4f3a-4b2c-8d9e-0f1a2b3c4d5e"]);
  });

  test("a key policy that adds a principal the config names is expected; one it does not name is exposure", () => {
    const ROOT = { Sid: "root", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*", Resource: "*" };
    const admin = (arn: string) => ({ Sid: "admins", Effect: "Allow", Principal: { AWS: arn }, Action: ["kms:Describe*", "kms:Disable*"], Resource: "*" });
    const key = (...st: object[]) => ({ arn: "arn:aws:kms:us-east-1:111122223333:key/k", policy: JSON.stringify({ Statement: st }) });
    const known = knownFromConfig(parseConfig(exampleConfig));
    expect(shown(review([rc("aws_kms_key", ["update"], key(ROOT), key(ROOT, admin("arn:aws:iam::111122223333:role/kms-admin")))], known))).toEqual([]);
    expect(shown(review([rc("aws_kms_key", ["update"], key(ROOT), key(ROOT, admin("arn:aws:iam::111122223333:role/intruder")))], known))).toEqual([
      "high AURA-KEY-8 arn:aws:iam::111122223333:role/intruder may now kms:DescribeCustomKeyStores, kms:DescribeKey, kms:DisableKey, kms:DisableKeyRotation",
    ]);
  });
});

describe("the rule catalogue", () => {
  test("every rule fires in some case of this file or aws-scenarios.test.ts and says what it means and what to do", () => {
    const here = new Set([...dangerous, ...benign].map((c) => c.expect[0]));
    const scenarioRules = ["AURA-KEY-1", "AURA-KEY-2", "AURA-KEY-3", "AURA-KEY-4", "AURA-SG-2", "AURA-SG-4", "AURA-SG-5", "AURA-DNS-1", "AURA-DNS-2", "AURA-ACC-1", "AURA-ACC-4", "AURA-CRED-1", "AURA-ACC-2", "AURA-ACC-3", "AURA-DNS-3"];
    for (const r of RULES) expect([r.id, here.has(r.id) || scenarioRules.includes(r.id)]).toEqual([r.id, true]);
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const r of RULES) {
      expect(r.meaning.length).toBeGreaterThan(40);
      expect(r.fix.length).toBeGreaterThan(20);
    }
  });

  test("access findings carry the Cypher the runner will run (planner output, secrets as references)", () => {
    const access = (roles: object[], remoteAliases: object[] = []) => ({ input: { state: { id: "a", roles, users: [], localAliases: [], remoteAliases } } });
    const readers = { name: "readers", privileges: [{ privilege: "ACCESS", database: "orders" }] };
    const alias = { name: "orders-aura", target: "neo4j", url: "neo4j+s://h:7687", credentials: { type: "stored", user: "u", password: { env: "PW" } } };
    const change = rc("terraform_data", ["delete", "create"], access([]), access([readers], [alias]));
    const [hit] = accessWidened.check!(change, { stack: "s", stackChanges: [change], sharedNetworkStacks: () => [], now: TODAY });
    expect(hit!.cypher).toEqual([
      "CREATE ROLE `readers` IF NOT EXISTS",
      "CREATE ALIAS `orders-aura` FOR DATABASE `neo4j` AT $url USER $user PASSWORD $password\n    $url = \"neo4j+s://h:7687\"\n    $user = \"u\"\n    $password = <secret from environment variable PW>",
      "GRANT ACCESS ON DATABASE `orders` TO `readers`",
    ]);
  });

  test("there are at least 30 hand-built dangerous plans and 8 benign ones here (the real AWS ones are elsewhere)", () => {
    expect(dangerous.length).toBeGreaterThanOrEqual(30);
    expect(benign.length).toBeGreaterThanOrEqual(8);
  });
});

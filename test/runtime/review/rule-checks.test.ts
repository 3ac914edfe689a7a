import { changeKind, type ResourceChange } from "../../../runtime/review/plan-format";
import type { Hit, Rule, RuleContext } from "../../../runtime/review/rule";
import { dnsRecordTarget } from "../../../runtime/review/rules/dns-record-target";
import { dnsWildcardSharedNetwork } from "../../../runtime/review/rules/dns-wildcard-shared-network";
import { dnsZoneRemoved } from "../../../runtime/review/rules/dns-zone-removed";
import { endpointReplaced } from "../../../runtime/review/rules/endpoint-replaced";
import { keyDeletionWindow } from "../../../runtime/review/rules/key-deletion-window";
import { keyRemoved } from "../../../runtime/review/rules/key-removed";
import { keyRotationOff } from "../../../runtime/review/rules/key-rotation-off";
import { keyVaultPurgeProtection } from "../../../runtime/review/rules/key-vault-purge-protection";
import { planImport } from "../../../runtime/review/rules/plan-import";
import { planRemoval } from "../../../runtime/review/rules/plan-removal";
import { planUnknownAction } from "../../../runtime/review/rules/plan-unknown-action";
import { planUnreviewed } from "../../../runtime/review/rules/plan-unreviewed";

/**
 * The per-change rules, each on its own: a row per resource type it names, per kind of change, with the
 * edge values (an unchanged window, a longer one, a missing value) and the exact detail it prints. The
 * plans are hand-built in the documented plan format; whole plans are reviewed in rules.test.ts.
 */

type V = Record<string, unknown> | null;
function rc(type: string, actions: string[], before: V, after: V, extra: Partial<ResourceChange> = {}): ResourceChange {
  return { stack: "s", address: `${type}.r`, type, name: "r", kind: changeKind(actions), actions, before, after, afterUnknown: {}, replacePaths: [], ...extra };
}
const ctx = (shared: string[] = []): RuleContext => ({ stack: "s", stackChanges: [], sharedNetworkStacks: () => shared, now: new Date("2026-12-06T12:00:00Z") });
const run = (rule: Rule, change: ResourceChange, context = ctx()): Hit[] => rule.check!(change, context);
const details = (rule: Rule, change: ResourceChange, context = ctx()) => run(rule, change, context).map((h) => h.detail);

describe("AURA-KEY-1: every key type deleted or replaced", () => {
  test.each<[string, V, string]>([
    ["aws_kms_key", { description: "aura cmk", key_id: "1234abcd" }, 'aws_kms_key "aura cmk" deleted'],
    ["aws_kms_replica_key", { description: "aura cmk replica" }, 'aws_kms_replica_key "aura cmk replica" deleted'],
    ["google_kms_crypto_key", { name: "aura-cmk" }, 'google_kms_crypto_key "aura-cmk" deleted'],
    ["google_kms_key_ring", { name: "aura-ring" }, 'google_kms_key_ring "aura-ring" deleted'],
    ["azurerm_key_vault", { name: "kv-aura" }, 'azurerm_key_vault "kv-aura" deleted'],
    ["azurerm_key_vault_key", { name: "aura-cmk" }, 'azurerm_key_vault_key "aura-cmk" deleted'],
  ])("%s deleted", (type, before, detail) => {
    expect(details(keyRemoved, rc(type, ["delete"], before, null))).toEqual([detail]);
  });

  test.each<[string, V, string]>([
    ["aws_kms_key", { key_id: "1234abcd" }, 'aws_kms_key "1234abcd" replaced because multi_region changed'],
    ["aws_kms_replica_key", {}, "aws_kms_replica_key replaced because multi_region changed"],
    ["google_kms_crypto_key", { name: "aura-cmk" }, 'google_kms_crypto_key "aura-cmk" replaced because multi_region changed'],
    ["google_kms_key_ring", { name: "aura-ring" }, 'google_kms_key_ring "aura-ring" replaced because multi_region changed'],
    ["azurerm_key_vault", { name: "kv-aura" }, 'azurerm_key_vault "kv-aura" replaced because multi_region changed'],
    ["azurerm_key_vault_key", { name: "aura-cmk" }, 'azurerm_key_vault_key "aura-cmk" replaced because multi_region changed'],
  ])("%s replaced", (type, before, detail) => {
    expect(details(keyRemoved, rc(type, ["delete", "create"], before, before, { replacePaths: [["multi_region"]] }))).toEqual([detail]);
  });

  test("a name wins over a description, a description over a key id", () => {
    expect(details(keyRemoved, rc("aws_kms_key", ["delete"], { name: "n", description: "d", key_id: "k" }, null))).toEqual(['aws_kms_key "n" deleted']);
    expect(details(keyRemoved, rc("aws_kms_key", ["delete"], { description: "d", key_id: "k" }, null))).toEqual(['aws_kms_key "d" deleted']);
  });

  test("a deposed object destroyed says so", () => {
    expect(details(keyRemoved, rc("aws_kms_key", ["delete"], { description: "aura" }, null, { deposed: "00000001" }))).toEqual(['aws_kms_key "aura" deposed object 00000001 (left by a failed create_before_destroy) is destroyed']);
  });

  test("a replacement read from after when there is no before (hand-built)", () => {
    expect(details(keyRemoved, rc("google_kms_crypto_key", ["create", "delete"], null, { name: "new" }))).toEqual(['google_kms_crypto_key "new" replaced']);
  });

  test.each<[string, string[]]>([
    ["aws_kms_key", ["update"]],
    ["aws_kms_key", ["create"]],
    ["aws_kms_key", ["no-op"]],
    ["aws_kms_alias", ["delete"]],
    ["aws_kms_key_policy", ["delete"]],
  ])("%s %j is no key removal", (type, actions) => {
    expect(details(keyRemoved, rc(type, actions, { description: "x" }, actions.includes("delete") ? null : { description: "x" }))).toEqual([]);
  });
});

describe("AURA-KEY-2: deletion windows", () => {
  test.each<[string, string, V, V, string[]]>([
    ["AWS 30 -> 7 days", "aws_kms_key", { deletion_window_in_days: 30 }, { deletion_window_in_days: 7 }, ["deletion_window_in_days 30 -> 7"]],
    ["AWS 30 -> 29 days", "aws_kms_key", { deletion_window_in_days: 30 }, { deletion_window_in_days: 29 }, ["deletion_window_in_days 30 -> 29"]],
    ["AWS unchanged", "aws_kms_key", { deletion_window_in_days: 30 }, { deletion_window_in_days: 30 }, []],
    ["AWS longer", "aws_kms_key", { deletion_window_in_days: 7 }, { deletion_window_in_days: 30 }, []],
    ["AWS unknown after", "aws_kms_key", { deletion_window_in_days: 30 }, { deletion_window_in_days: null }, []],
    ["AWS not set before", "aws_kms_key", {}, { deletion_window_in_days: 7 }, []],
    ["AWS replica 30 -> 7", "aws_kms_replica_key", { deletion_window_in_days: 30 }, { deletion_window_in_days: 7 }, ["deletion_window_in_days 30 -> 7"]],
    ["GCP 120 -> 30 days", "google_kms_crypto_key", { destroy_scheduled_duration: "10368000s" }, { destroy_scheduled_duration: "2592000s" }, ["destroy_scheduled_duration 120 days -> 30 days"]],
    ["GCP seconds with a fraction, half a day", "google_kms_crypto_key", { destroy_scheduled_duration: "172800.0s" }, { destroy_scheduled_duration: "43200s" }, ["destroy_scheduled_duration 2 days -> 0.5 days"]],
    ["GCP unchanged", "google_kms_crypto_key", { destroy_scheduled_duration: "2592000s" }, { destroy_scheduled_duration: "2592000s" }, []],
    ["GCP longer", "google_kms_crypto_key", { destroy_scheduled_duration: "2592000s" }, { destroy_scheduled_duration: "10368000s" }, []],
    ["GCP not a duration", "google_kms_crypto_key", { destroy_scheduled_duration: "10368000s" }, { destroy_scheduled_duration: "30d" }, []],
    ["GCP duration with junk after", "google_kms_crypto_key", { destroy_scheduled_duration: "10368000s" }, { destroy_scheduled_duration: "86400sx" }, []],
    ["GCP duration with junk before", "google_kms_crypto_key", { destroy_scheduled_duration: "10368000s" }, { destroy_scheduled_duration: "x86400s" }, []],
    ["GCP not a string", "google_kms_crypto_key", { destroy_scheduled_duration: "10368000s" }, { destroy_scheduled_duration: 86400 }, []],
    ["Azure 90 -> 7 days", "azurerm_key_vault", { soft_delete_retention_days: 90 }, { soft_delete_retention_days: 7 }, ["soft_delete_retention_days 90 -> 7"]],
    ["Azure unchanged", "azurerm_key_vault", { soft_delete_retention_days: 90 }, { soft_delete_retention_days: 90 }, []],
    ["Azure longer", "azurerm_key_vault", { soft_delete_retention_days: 7 }, { soft_delete_retention_days: 90 }, []],
    ["Azure unknown before", "azurerm_key_vault", { soft_delete_retention_days: null }, { soft_delete_retention_days: 7 }, []],
    ["another type with the AWS attribute", "aws_kms_alias", { deletion_window_in_days: 30 }, { deletion_window_in_days: 7 }, []],
    ["the GCP attribute on an AWS key", "aws_kms_key", { destroy_scheduled_duration: "10368000s" }, { destroy_scheduled_duration: "2592000s" }, []],
    ["the Azure attribute on a GCP key", "google_kms_crypto_key", { soft_delete_retention_days: 90 }, { soft_delete_retention_days: 7 }, []],
  ])("%s", (_name, type, before, after, expected) => {
    expect(details(keyDeletionWindow, rc(type, ["update"], before, after))).toEqual(expected);
  });

  test("a replacement that shortens the window counts; a create or delete does not", () => {
    expect(details(keyDeletionWindow, rc("aws_kms_key", ["delete", "create"], { deletion_window_in_days: 30 }, { deletion_window_in_days: 7 }))).toEqual(["deletion_window_in_days 30 -> 7"]);
    expect(details(keyDeletionWindow, rc("aws_kms_key", ["create"], null, { deletion_window_in_days: 7 }))).toEqual([]);
    expect(details(keyDeletionWindow, rc("aws_kms_key", ["delete"], { deletion_window_in_days: 7 }, null))).toEqual([]);
  });

  test("an update without values on one side (hand-built) is nothing to compare", () => {
    expect(details(keyDeletionWindow, rc("azurerm_key_vault", ["update"], null, { soft_delete_retention_days: 7 }))).toEqual([]);
    expect(details(keyDeletionWindow, rc("azurerm_key_vault", ["update"], { soft_delete_retention_days: 90 }, null))).toEqual([]);
  });
});

describe("AURA-KEY-3: rotation", () => {
  test.each<[string, string, string[], V, V, string[]]>([
    ["AWS rotation turned off", "aws_kms_key", ["update"], { enable_key_rotation: true }, { enable_key_rotation: false }, ["enable_key_rotation true -> false"]],
    ["AWS new key without rotation", "aws_kms_key", ["create"], null, { enable_key_rotation: false }, ["new key with enable_key_rotation = false"]],
    ["AWS rotation stays off", "aws_kms_key", ["update"], { enable_key_rotation: false }, { enable_key_rotation: false }, []],
    ["AWS rotation turned on", "aws_kms_key", ["update"], { enable_key_rotation: false }, { enable_key_rotation: true }, []],
    ["AWS rotation unknown after", "aws_kms_key", ["update"], { enable_key_rotation: true }, { enable_key_rotation: null }, []],
    ["AWS replaced, rotation turned off", "aws_kms_key", ["delete", "create"], { enable_key_rotation: true }, { enable_key_rotation: false }, ["enable_key_rotation true -> false"]],
    ["AWS deleted", "aws_kms_key", ["delete"], { enable_key_rotation: false }, { enable_key_rotation: false }, []],
    ["AWS forgotten", "aws_kms_key", ["forget"], { enable_key_rotation: true }, { enable_key_rotation: false }, []],
    ["AWS no-op", "aws_kms_key", ["no-op"], { enable_key_rotation: true }, { enable_key_rotation: false }, []],
    ["AWS read", "aws_kms_key", ["read"], { enable_key_rotation: true }, { enable_key_rotation: false }, []],
    ["GCP rotation period removed", "google_kms_crypto_key", ["update"], { rotation_period: "7776000s" }, { rotation_period: null }, ["rotation_period 7776000s -> none"]],
    ["GCP rotation period emptied", "google_kms_crypto_key", ["update"], { rotation_period: "7776000s" }, { rotation_period: "" }, ["rotation_period 7776000s -> none"]],
    ["GCP new key without rotation", "google_kms_crypto_key", ["create"], null, {}, ["new key without rotation_period"]],
    ["GCP period kept", "google_kms_crypto_key", ["update"], { rotation_period: "7776000s" }, { rotation_period: "7776000s" }, []],
    ["GCP never had one", "google_kms_crypto_key", ["update"], { rotation_period: null }, { rotation_period: null }, []],
    ["Azure rotation policy removed", "azurerm_key_vault_key", ["update"], { rotation_policy: [{ expire_after: "P90D" }] }, { rotation_policy: [] }, ["rotation_policy removed"]],
    ["Azure policy kept", "azurerm_key_vault_key", ["update"], { rotation_policy: [{ expire_after: "P90D" }] }, { rotation_policy: [{ expire_after: "P60D" }] }, []],
    ["Azure never had one", "azurerm_key_vault_key", ["update"], { rotation_policy: [] }, { rotation_policy: [] }, []],
    ["Azure new key without one (not flagged: Key Vault keys rotate by policy)", "azurerm_key_vault_key", ["create"], null, { rotation_policy: [] }, []],
    ["the AWS attribute on a replica key", "aws_kms_replica_key", ["update"], { enable_key_rotation: true }, { enable_key_rotation: false }, []],
  ])("%s", (_name, type, actions, before, after, expected) => {
    expect(details(keyRotationOff, rc(type, actions, before, after))).toEqual(expected);
  });
});

describe("AURA-KEY-5: purge protection", () => {
  test.each<[string, string[], V, V, string[]]>([
    ["turned off", ["update"], { purge_protection_enabled: true }, { purge_protection_enabled: false }, ["purge_protection_enabled true -> false"]],
    ["a new vault without it", ["create"], null, { purge_protection_enabled: false }, ["purge_protection_enabled = false"]],
    ["replaced by a vault without it", ["delete", "create"], { purge_protection_enabled: true }, { purge_protection_enabled: false }, ["purge_protection_enabled true -> false"]],
    ["off before and after", ["update"], { purge_protection_enabled: false }, { purge_protection_enabled: false }, ["purge_protection_enabled = false"]],
    ["on", ["update"], { purge_protection_enabled: false }, { purge_protection_enabled: true }, []],
    ["unknown after", ["update"], { purge_protection_enabled: true }, { purge_protection_enabled: null }, []],
    ["deleted", ["delete"], { purge_protection_enabled: false }, null, []],
    ["no-op", ["no-op"], { purge_protection_enabled: false }, { purge_protection_enabled: false }, []],
  ])("%s", (_name, actions, before, after, expected) => {
    expect(details(keyVaultPurgeProtection, rc("azurerm_key_vault", actions, before, after))).toEqual(expected);
  });

  test("another type is not judged", () => {
    expect(details(keyVaultPurgeProtection, rc("azurerm_key_vault_key", ["create"], null, { purge_protection_enabled: false }))).toEqual([]);
  });
});

describe("AURA-NET-1: endpoints", () => {
  test.each<[string, string[], Partial<ResourceChange>, string[]]>([
    ["aws_vpc_endpoint", ["delete", "create"], { replacePaths: [["service_name"]] }, ["replaced because service_name changed; AWS: accept the new VPC endpoint ID in the Aura console (the account must still be allow-listed)"]],
    ["google_compute_forwarding_rule", ["delete", "create"], {}, ["replaced; GCP: the new Private Service Connect connection must be accepted by Aura (the project must still be allow-listed)"]],
    ["azurerm_private_endpoint", ["create", "delete"], { actionReason: "replace_because_tainted" }, ["replaced because it is tainted; Azure: accept the new pending private endpoint connection in the Aura console"]],
    ["aws_vpc_endpoint", ["delete"], {}, ["deleted; clients lose the private connection"]],
    ["azurerm_private_endpoint", ["delete"], { actionReason: "delete_because_no_resource_config" }, ["deleted: no longer in the configuration; clients lose the private connection"]],
    ["aws_vpc_endpoint", ["update"], {}, []],
    ["aws_vpc_endpoint", ["create"], {}, []],
    ["aws_vpc_endpoint_service", ["delete"], {}, []],
  ])("%s %j", (type, actions, extra, expected) => {
    expect(details(endpointReplaced, rc(type, actions, {}, actions.includes("create") || actions.includes("update") ? {} : null, extra))).toEqual(expected);
  });
});

describe("AURA-DNS-1: zones removed or no longer reaching a network", () => {
  test.each<[string, string, string[], V, V, string[]]>([
    ["a Route 53 zone deleted", "aws_route53_zone", ["delete"], { name: "production-orch-0000.neo4j.io" }, null, ["production-orch-0000.neo4j.io: deleted"]],
    ["a Route 53 association deleted, named by its zone id", "aws_route53_zone_association", ["delete"], { zone_id: "Z123", vpc_id: "vpc-1" }, null, ["Z123: deleted"]],
    ["a Cloud DNS zone replaced", "google_dns_managed_zone", ["delete", "create"], { dns_name: "production-orch-0002.neo4j.io." }, { dns_name: "production-orch-0002.neo4j.io." }, ["production-orch-0002.neo4j.io: replaced"]],
    ["a response policy deleted", "google_dns_response_policy", ["delete"], { response_policy_name: "aura-rp" }, null, ["aura-rp: deleted"]],
    ["an Azure zone deleted", "azurerm_private_dns_zone", ["delete"], { name: "production-orch-0003.neo4j.io" }, null, ["production-orch-0003.neo4j.io: deleted"]],
    [
      "an Azure virtual network link deleted, named by its zone",
      "azurerm_private_dns_zone_virtual_network_link",
      ["delete"],
      { name: "apps", private_dns_zone_name: "production-orch-0003.neo4j.io", virtual_network_id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/apps" },
      null,
      ["production-orch-0003.neo4j.io: deleted"],
    ],
    ["a zone without a name: the resource name", "aws_route53_zone", ["delete"], {}, null, ["r: deleted"]],
    [
      "a Route 53 zone loses one of two VPCs",
      "aws_route53_zone",
      ["update"],
      { name: "z.neo4j.io", vpc: [{ vpc_id: "vpc-1" }, { vpc_id: "vpc-2" }] },
      { name: "z.neo4j.io", vpc: [{ vpc_id: "vpc-1" }] },
      ["z.neo4j.io: no longer associated with vpc-2"],
    ],
    [
      "a Route 53 zone loses both its VPCs",
      "aws_route53_zone",
      ["update"],
      { name: "z.neo4j.io", vpc: [{ vpc_id: "vpc-1" }, { vpc_id: "vpc-2" }] },
      { name: "z.neo4j.io", vpc: [] },
      ["z.neo4j.io: no longer associated with vpc-1, vpc-2"],
    ],
    ["a Route 53 zone gains a VPC", "aws_route53_zone", ["update"], { name: "z", vpc: [{ vpc_id: "vpc-1" }] }, { name: "z", vpc: [{ vpc_id: "vpc-1" }, { vpc_id: "vpc-2" }] }, []],
    ["a VPC id not known before is not reported as lost", "aws_route53_zone", ["update"], { name: "z", vpc: [{ vpc_id: null }] }, { name: "z", vpc: [] }, []],
    [
      "a response policy loses a network",
      "google_dns_response_policy",
      ["update"],
      { response_policy_name: "rp", networks: [{ network_url: "n1" }, { network_url: "n2" }] },
      { response_policy_name: "rp", networks: [{ network_url: "n1" }] },
      ["rp: no longer applies to n2"],
    ],
    ["a response policy keeps its networks", "google_dns_response_policy", ["update"], { response_policy_name: "rp", networks: [{ network_url: "n1" }] }, { response_policy_name: "rp", networks: [{ network_url: "n1" }] }, []],
    [
      "a Cloud DNS zone no longer visible to two networks",
      "google_dns_managed_zone",
      ["update"],
      { dns_name: "z.", private_visibility_config: [{ networks: [{ network_url: "n1" }, { network_url: "n2" }] }] },
      { dns_name: "z.", private_visibility_config: [] },
      ["z: no longer visible to n1, n2"],
    ],
    ["a Cloud DNS zone keeps its networks", "google_dns_managed_zone", ["update"], { dns_name: "z.", private_visibility_config: [{ networks: [{ network_url: "n1" }] }] }, { dns_name: "z.", private_visibility_config: [{ networks: [{ network_url: "n1" }] }] }, []],
    ["the VPC attribute on a Cloud DNS zone is not read", "google_dns_managed_zone", ["update"], { dns_name: "z.", vpc: [{ vpc_id: "vpc-1" }] }, { dns_name: "z.", vpc: [] }, []],
    ["the networks attribute on a Route 53 zone is not read", "aws_route53_zone", ["update"], { name: "z", networks: [{ network_url: "n1" }] }, { name: "z", networks: [] }, []],
    ["a created zone", "aws_route53_zone", ["create"], null, { name: "z" }, []],
    ["a record is no zone", "aws_route53_record", ["delete"], { name: "z" }, null, []],
  ])("%s", (_name, type, actions, before, after, expected) => {
    expect(details(dnsZoneRemoved, rc(type, actions, before, after))).toEqual(expected);
  });
});

describe("AURA-DNS-2: record targets", () => {
  test.each<[string, string, string[], V, V, string[]]>([
    ["an A record's addresses change", "aws_route53_record", ["update"], { name: "*.production-orch-0000.neo4j.io", records: ["10.0.0.5"] }, { name: "*.production-orch-0000.neo4j.io", records: ["10.0.0.6"] }, ["*.production-orch-0000.neo4j.io: 10.0.0.5 -> 10.0.0.6"]],
    [
      "an alias target changes (trailing dots dropped, sorted)",
      "aws_route53_record",
      ["update"],
      { name: "a.neo4j.io.", alias: [{ name: "vpce-1.aws.com." }] },
      { name: "a.neo4j.io.", alias: [{ name: "vpce-2.aws.com." }] },
      ["a.neo4j.io: vpce-1.aws.com -> vpce-2.aws.com"],
    ],
    ["the same addresses in another order", "aws_route53_record", ["update"], { name: "a", records: ["10.0.0.2", "10.0.0.1"] }, { name: "a", records: ["10.0.0.1", "10.0.0.2"] }, []],
    ["a target known only after apply", "aws_route53_record", ["update"], { name: "a", records: ["10.0.0.5"] }, { name: "a", records: null }, ["a: target 10.0.0.5 -> known only after apply (the endpoint it points to changes)"]],
    ["no target before or after", "aws_route53_record", ["update"], { name: "a" }, { name: "a" }, ["a: target ? -> known only after apply (the endpoint it points to changes)"]],
    ["a target where there was none", "aws_route53_record", ["update"], { name: "a" }, { name: "a", records: ["10.0.0.5"] }, ["a: ? -> 10.0.0.5"]],
    ["deleted", "aws_route53_record", ["delete"], { name: "a", records: ["10.0.0.5"] }, null, ["a removed (answered 10.0.0.5)"]],
    ["deleted without a known target", "aws_route53_record", ["delete"], { name: "a" }, null, ["a removed (answered ?)"]],
    ["replaced with another target", "google_dns_record_set", ["delete", "create"], { name: "*.o.neo4j.io.", rrdatas: ["10.1.0.5"] }, { name: "*.o.neo4j.io.", rrdatas: ["10.1.0.6"] }, ["*.o.neo4j.io: 10.1.0.5 -> 10.1.0.6"]],
    [
      "a response policy rule's local data changes",
      "google_dns_response_policy_rule",
      ["update"],
      { dns_name: "*.o.neo4j.io.", local_data: [{ local_datas: [{ rrdatas: ["10.1.0.5"] }] }] },
      { dns_name: "*.o.neo4j.io.", local_data: [{ local_datas: [{ rrdatas: ["10.1.0.7"] }] }] },
      ["*.o.neo4j.io: 10.1.0.5 -> 10.1.0.7"],
    ],
    ["an Azure record at a label", "azurerm_private_dns_a_record", ["update"], { name: "*", zone_name: "o.neo4j.io", records: ["10.2.0.4"] }, { name: "*", zone_name: "o.neo4j.io", records: ["10.2.0.5"] }, ["*.o.neo4j.io: 10.2.0.4 -> 10.2.0.5"]],
    ["an Azure record at the apex", "azurerm_private_dns_a_record", ["update"], { name: "@", zone_name: "e.neo4j.io", records: ["10.2.0.4"] }, { name: "@", zone_name: "e.neo4j.io", records: ["10.2.0.5"] }, ["e.neo4j.io: 10.2.0.4 -> 10.2.0.5"]],
    ["a record without a name: its address", "aws_route53_record", ["delete"], {}, null, ["aws_route53_record.r removed (answered ?)"]],
    ["created", "aws_route53_record", ["create"], null, { name: "a", records: ["10.0.0.5"] }, []],
    ["a zone is no record", "aws_route53_zone", ["update"], { name: "a" }, { name: "b" }, []],
  ])("%s", (_name, type, actions, before, after, expected) => {
    expect(details(dnsRecordTarget, rc(type, actions, before, after))).toEqual(expected);
  });
});

describe("AURA-DNS-3: the wildcard of endpoints.neo4j.io on a shared network", () => {
  const wildcard = { name: "*.endpoints.neo4j.io", records: ["10.0.0.5"] };
  test.each<[string, string, string[], V, V, string[], string[]]>([
    ["added, network shared", "aws_route53_record", ["create"], null, wildcard, ["aura-aws-us-west-2"], ["*.endpoints.neo4j.io added; the network is shared with aura-aws-us-west-2"]],
    ["added, network shared with two", "aws_route53_record", ["create"], null, wildcard, ["a", "b"], ["*.endpoints.neo4j.io added; the network is shared with a, b"]],
    ["added, network not shared", "aws_route53_record", ["create"], null, wildcard, [], []],
    ["renamed to the wildcard", "aws_route53_record", ["update"], { name: "x.endpoints.neo4j.io" }, wildcard, ["b"], ["*.endpoints.neo4j.io added; the network is shared with b"]],
    ["replaced, was the wildcard already", "aws_route53_record", ["delete", "create"], wildcard, wildcard, ["b"], []],
    ["a GCP wildcard (trailing dot)", "google_dns_record_set", ["create"], null, { name: "*.endpoints.neo4j.io.", rrdatas: ["10.1.0.5"] }, ["b"], ["*.endpoints.neo4j.io added; the network is shared with b"]],
    ["an orchestration wildcard is not it", "aws_route53_record", ["create"], null, { name: "*.production-orch-0000.neo4j.io" }, ["b"], []],
    ["deleted", "aws_route53_record", ["delete"], wildcard, null, ["b"], []],
    ["no-op", "aws_route53_record", ["no-op"], { name: "x" }, wildcard, ["b"], []],
    ["not a record", "aws_route53_zone", ["create"], null, { name: "*.endpoints.neo4j.io" }, ["b"], []],
  ])("%s", (_name, type, actions, before, after, shared, expected) => {
    expect(details(dnsWildcardSharedNetwork, rc(type, actions, before, after), ctx(shared))).toEqual(expected);
  });
});

describe("AURA-PLAN rules", () => {
  test.each<[string, Partial<ResourceChange>, string[]]>([
    ["an import with its id", { importing: { id: "1234abcd" } }, ["imported from id 1234abcd"]],
    ["an import whose id is known after apply", { importing: {} }, ["imported from id (known after apply)"]],
    ["no import", {}, []],
  ])("AURA-PLAN-3: %s", (_name, extra, expected) => {
    expect(details(planImport, rc("aws_kms_key", ["no-op"], {}, {}, extra))).toEqual(expected);
  });

  test.each<[string, ResourceChange, string[]]>([
    ["actions the format does not document", rc("aws_vpc_endpoint", ["create", "rename"], null, {}, { unknownActions: true }), ['actions ["create","rename"]']],
    ["documented actions", rc("aws_vpc_endpoint", ["create"], null, {}), []],
  ])("AURA-PLAN-4: %s", (_name, change, expected) => {
    expect(details(planUnknownAction, change)).toEqual(expected);
  });

  test.each<[string, ResourceChange, string[]]>([
    ["a key forgotten", rc("aws_kms_key", ["forget"], { description: "k" }, null), ["no longer managed by Terraform (removed block, destroy = false): the object stays; Aura keeps using the key but nothing protects it from deletion now"]],
    ["a vault forgotten", rc("azurerm_key_vault", ["forget"], { name: "kv" }, null), ["no longer managed by Terraform (removed block, destroy = false): the object stays; Aura keeps using the key but nothing protects it from deletion now"]],
    ["a parameter forgotten", rc("aws_ssm_parameter", ["forget"], { name: "p" }, null), ["no longer managed by Terraform (removed block, destroy = false): the object stays"]],
    ["replaced, the old one forgotten", rc("aws_ssm_parameter", ["forget", "create"], { name: "p" }, { name: "p" }, { forgetsOld: true }), ["replaced: the old object is forgotten (left unmanaged), a new one is created"]],
    ["an unmodeled resource deleted", rc("aws_ssm_parameter", ["delete"], { name: "p" }, null), ["aws_ssm_parameter deleted"]],
    ["an unmodeled resource replaced", rc("aws_ssm_parameter", ["delete", "create"], { name: "p" }, { name: "p" }, { replacePaths: [["name"]] }), ["aws_ssm_parameter replaced because name changed"]],
    ["a deposed unmodeled object", rc("aws_ssm_parameter", ["delete"], { name: "p" }, null, { deposed: "0a" }), ["aws_ssm_parameter deposed object 0a (left by a failed create_before_destroy) deleted"]],
    ["a key deleted: judged by AURA-KEY-1 instead", rc("aws_kms_key", ["delete"], { description: "k" }, null), []],
    ["an update", rc("aws_ssm_parameter", ["update"], { name: "p" }, { name: "q" }), []],
    ["a create", rc("aws_ssm_parameter", ["create"], null, { name: "p" }), []],
  ])("AURA-PLAN-2: %s", (_name, change, expected) => {
    expect(details(planRemoval, change)).toEqual(expected);
  });

  test.each<[string, ResourceChange, string[]]>([
    ["a new unmodeled resource", rc("aws_ssm_parameter", ["create"], null, { name: "p" }), ["new aws_ssm_parameter: the review does not model this resource"]],
    ["a new unmodeled resource with provisioners", rc("null_resource", ["create"], null, {}, { provisioners: [{ type: "local-exec" } as never] }), ["new null_resource: the review does not model this resource (its provisioners are judged by AURA-CRED-2)"]],
    ["a new unmodeled resource with an empty provisioner list", rc("null_resource", ["create"], null, {}, { provisioners: [] }), ["new null_resource: the review does not model this resource"]],
    ["a new modeled resource", rc("aws_kms_key", ["create"], null, { description: "k" }), []],
    ["one unmodeled attribute changes", rc("aws_vpc_endpoint", ["update"], { private_dns_enabled: false }, { private_dns_enabled: true }), ["private_dns_enabled changes"]],
    [
      "two unmodeled attributes change, after a move",
      rc("aws_vpc_endpoint", ["update"], { private_dns_enabled: false, ip_address_type: "ipv4" }, { private_dns_enabled: true, ip_address_type: "dualstack" }, { previousAddress: "aws_vpc_endpoint.old" }),
      ["ip_address_type, private_dns_enabled change (moved from aws_vpc_endpoint.old)"],
    ],
    ["only modeled attributes change", rc("aws_kms_key", ["update"], { description: "a" }, { description: "b" }), []],
    ["a replaced key is judged as a whole elsewhere", rc("aws_kms_key", ["delete", "create"], { description: "a", bypass_policy_lockout_safety_check: false }, { description: "a", bypass_policy_lockout_safety_check: true }), []],
    ["a delete", rc("aws_ssm_parameter", ["delete"], { name: "p" }, null), []],
  ])("AURA-PLAN-1: %s", (_name, change, expected) => {
    expect(details(planUnreviewed, change)).toEqual(expected);
  });
});

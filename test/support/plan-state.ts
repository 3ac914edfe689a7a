import * as fs from "node:fs";
import * as path from "node:path";
import type { PlanJson } from "./terraform";

/**
 * Writes a Terraform state (format version 4) that holds what a plan would create, so that a later plan of a
 * changed config (with -refresh=false, offline) shows real update, replace and delete actions. Values known
 * at plan time come from the plan; values the cloud would assign (ids, ARNs, the endpoint's DNS entry) are
 * filled with made-up but well-formed ones, consistent across resources (a record's alias is the endpoint's
 * DNS name, a rule's security_group_id is the group's id).
 */

/** Schema versions of the AWS provider 5.100.0 resources (from `terraform providers schema -json`). */
const SCHEMA_VERSION: Record<string, number> = { aws_security_group: 1, aws_route53_record: 2, aws_security_group_rule: 2, aws_lambda_invocation: 1 };

const ACCOUNT = "111122223333";
const ENDPOINT_ID = "vpce-0fedcba9876543210";
const SG_ID = "sg-0123456789abcdef0";
const KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
const ENDPOINT_HOSTED_ZONE = "Z7HUB22UULQXV";

type Values = Record<string, unknown>;
type CdkJson = { resource?: Record<string, Record<string, Values>> };

/** The resource a `${type.name.attr}` expression names, or null. */
function referenced(expr: unknown): { type: string; name: string } | null {
  const m = typeof expr === "string" ? /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\./.exec(expr) : null;
  return m ? { type: m[1]!, name: m[2]! } : null;
}

export function priorStateFromPlan(plan: PlanJson & { resource_changes?: Array<{ address: string; type: string; name: string; index?: unknown; change: { after: Values; after_unknown?: Values } }> }, cdk: CdkJson, region: string): object {
  const zoneId = (name: string) => `Z0${name.replace(/[^A-Za-z0-9]/g, "").toUpperCase().slice(0, 18)}`;
  const dnsName = `${ENDPOINT_ID}-abcdefgh.vpce-svc-0a1b2c3d4e5f60718.${region}.vpce.amazonaws.com`;
  const arn = (svc: string, rest: string) => `arn:aws:${svc}:${region}:${ACCOUNT}:${rest}`;
  const groups = new Map<string, { type: string; name: string; instances: Array<{ index_key?: unknown; schema_version: number; attributes: Values; sensitive_attributes: unknown[] }> }>();
  let rule = 0;
  for (const rc of plan.resource_changes ?? []) {
    const a: Values = { ...rc.change.after };
    const unknown = rc.change.after_unknown ?? {};
    const config = cdk.resource?.[rc.type]?.[rc.name] ?? {};
    const fill = (attr: string, value: unknown) => {
      if (unknown[attr] === true || a[attr] === undefined) a[attr] = value;
    };
    switch (rc.type) {
      case "aws_vpc_endpoint":
        fill("id", ENDPOINT_ID);
        fill("arn", arn("ec2", `vpc-endpoint/${ENDPOINT_ID}`));
        fill("dns_entry", [{ dns_name: dnsName, hosted_zone_id: ENDPOINT_HOSTED_ZONE }]);
        fill("security_group_ids", [SG_ID]);
        fill("subnet_ids", Array.isArray(config.subnet_ids) ? config.subnet_ids : []);
        fill("network_interface_ids", []);
        fill("cidr_blocks", []);
        fill("dns_options", [{ dns_record_ip_type: "ipv4", private_dns_only_for_inbound_resolver_endpoint: false }]);
        fill("ip_address_type", "ipv4");
        fill("owner_id", ACCOUNT);
        fill("requester_managed", false);
        fill("route_table_ids", []);
        fill("service_region", region);
        fill("state", "available");
        fill("subnet_configuration", []);
        fill("policy", "");
        fill("prefix_list_id", "");
        break;
      case "aws_security_group":
        fill("id", SG_ID);
        fill("arn", arn("ec2", `security-group/${SG_ID}`));
        fill("egress", []);
        fill("ingress", []);
        fill("name_prefix", "");
        fill("owner_id", ACCOUNT);
        break;
      case "aws_vpc_security_group_ingress_rule": {
        const id = `sgr-0${String(++rule).padStart(16, "0")}`;
        fill("id", id);
        fill("security_group_rule_id", id);
        fill("arn", arn("ec2", `security-group-rule/${id}`));
        fill("security_group_id", SG_ID);
        break;
      }
      case "aws_route53_zone": {
        const z = zoneId(String(a.name));
        fill("id", z);
        fill("zone_id", z);
        fill("arn", `arn:aws:route53:::hostedzone/${z}`);
        fill("name_servers", []);
        fill("primary_name_server", "");
        fill("vpc", config.vpc);
        break;
      }
      case "aws_route53_record": {
        // Records either name their zone (`${aws_route53_zone.X.zone_id}`) or iterate over a for_each zone
        // resource (`for_each = ${aws_route53_zone.X}`): then the record's key is the zone's key.
        const named = referenced(config.zone_id);
        const zoneRef = (named?.type === "aws_route53_zone" ? named : null) ?? referenced(typeof config.for_each === "string" ? config.for_each.replace(/\}$/, ".}") : undefined);
        const zoneConfig = zoneRef ? cdk.resource?.aws_route53_zone?.[zoneRef.name] : undefined;
        const zoneEach = zoneConfig?.for_each as Record<string, unknown> | undefined;
        const zoneName = zoneEach && typeof zoneEach === "object" && rc.index !== undefined ? String(zoneEach[String(rc.index)]) : zoneConfig ? String(zoneConfig.name) : "";
        const z = zoneId(zoneName);
        fill("zone_id", z);
        fill("id", `${z}_${String(a.name)}_${String(a.type)}`);
        fill("fqdn", a.name);
        fill("allow_overwrite", false);
        // The plan knows only part of the alias block (evaluate_target_health); the rest is the endpoint's.
        a.alias = [{ name: dnsName, zone_id: ENDPOINT_HOSTED_ZONE, evaluate_target_health: false }];
        break;
      }
      case "aws_kms_key":
        fill("id", KEY_ID);
        fill("key_id", KEY_ID);
        fill("arn", arn("kms", `key/${KEY_ID}`));
        fill("rotation_period_in_days", 365);
        break;
      case "aws_kms_alias":
        fill("id", a.name);
        fill("arn", arn("kms", String(a.name)));
        fill("name_prefix", "");
        fill("target_key_id", KEY_ID);
        fill("target_key_arn", arn("kms", `key/${KEY_ID}`));
        break;
      default:
        for (const [k, v] of Object.entries(unknown)) if (v === true) a[k] = null;
    }
    const group = groups.get(`${rc.type}.${rc.name}`) ?? { type: rc.type, name: rc.name, instances: [] };
    group.instances.push({ ...(rc.index !== undefined ? { index_key: rc.index } : {}), schema_version: SCHEMA_VERSION[rc.type] ?? 0, attributes: a, sensitive_attributes: [] });
    groups.set(`${rc.type}.${rc.name}`, group);
  }
  return stateFile(groups.values(), "00000000-0000-4000-8000-000000000001");
}

/** A state file (format 4) holding these resources; terraform_data belongs to the built-in provider. */
function stateFile(groups: Iterable<{ type: string; name: string; instances: object[] }>, lineage: string): object {
  return {
    version: 4,
    terraform_version: "1.11.4",
    serial: 1,
    lineage,
    outputs: {},
    resources: [...groups].map((g) => ({ mode: "managed", type: g.type, name: g.name, provider: g.type === "terraform_data" ? 'provider["terraform.io/builtin/terraform"]' : 'provider["registry.terraform.io/hashicorp/aws"]', instances: g.instances })),
    check_results: null,
  };
}

/** Writes the state where the staged stack's local backend reads it (see keepLocalStateIn). */
export function writePriorState(stackDir: string, state: object): void {
  fs.writeFileSync(path.join(stackDir, `terraform.${path.basename(stackDir)}.tfstate`), JSON.stringify(state, null, 2));
}

type Change = { address: string; type: string; name: string; index?: unknown; change: { after: Values | null; after_unknown?: Values } };

/** The cty type Terraform infers for a JSON value (how the state stores dynamically typed attributes). */
function ctyType(v: unknown): unknown {
  if (typeof v === "string") return "string";
  if (typeof v === "number") return "number";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return ["tuple", v.map(ctyType)];
  if (v && typeof v === "object") return ["object", Object.fromEntries(Object.entries(v).map(([k, x]) => [k, ctyType(x)]))];
  return "dynamic";
}

/** A deterministic made-up id for an address, in the shape AWS gives that type. */
function madeUpId(type: string, address: string): string {
  let h = 2166136261;
  for (const ch of address) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  const hex = (n: number) => (h.toString(16).padStart(8, "0") + (h ^ 0x5bd1e995).toString(16).padStart(8, "0")).slice(0, n);
  if (type === "aws_security_group") return `sg-0${hex(16)}`;
  if (type.startsWith("aws_kms_")) return `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12).padEnd(12, "0")}`;
  if (type === "aws_route53_zone") return `Z0${hex(16).toUpperCase()}`;
  return `${type.replace(/^aws_/, "").replace(/_/g, "-")}-${hex(16)}`;
}

/**
 * A Terraform state (format 4) holding what a plan of an empty state would create, for any AWS resource type:
 * known values from the plan, unknown ones made up (ids and ARNs in their usual shape, everything else null),
 * `overrides` per address for values other resources name literally (a zone's zone_id, a group's id), and
 * `deposed` objects per address (what a failed create_before_destroy leaves: an old object beside the current).
 */
export interface ResourceSchema {
  block: { attributes?: Record<string, { type?: unknown }>; block_types?: Record<string, { nesting_mode?: string }> };
}

/** The empty value of an attribute's type, as the provider would leave a computed attribute nothing sets. */
function emptyOf(schema: ResourceSchema | undefined, attr: string): unknown {
  const t = schema?.block.attributes?.[attr]?.type;
  if (schema?.block.block_types?.[attr]) return [];
  if (t === "string") return "";
  if (t === "number") return 0;
  if (t === "bool") return false;
  if (Array.isArray(t)) return t[0] === "map" ? {} : t[0] === "object" ? null : [];
  return null;
}

export function stateFromPlan(
  plan: { resource_changes?: Change[] },
  opts: { account: string; region: string; overrides?: Record<string, Values>; deposed?: Record<string, Values[]>; schemas?: Record<string, ResourceSchema> },
): object {
  const groups = new Map<string, { type: string; name: string; instances: object[] }>();
  for (const rc of plan.resource_changes ?? []) {
    const a: Values = { ...(rc.change.after ?? {}) };
    const id = madeUpId(rc.type, rc.address);
    for (const [k, v] of Object.entries(rc.change.after_unknown ?? {})) {
      if (v !== true) continue;
      if (k === "id" || k === "key_id" || k === "zone_id" || k === "grant_id") a[k] = id;
      else if (k === "arn") a[k] = `arn:aws:${rc.type.split("_")[1]}:${opts.region}:${opts.account}:${rc.type.startsWith("aws_kms_") ? "key" : rc.type.replace(/^aws_/, "")}/${id}`;
      else if (k === "tags_all") a[k] = a.tags ?? {};
      else a[k] = emptyOf(opts.schemas?.[rc.type], k);
    }
    Object.assign(a, opts.overrides?.[rc.address] ?? {});
    if (rc.type === "terraform_data") {
      // Dynamically typed attributes are stored with their type; after an apply, output equals input.
      a.output = a.input;
      for (const k of ["input", "output", "triggers_replace"]) a[k] = a[k] === null || a[k] === undefined ? null : { value: a[k], type: ctyType(a[k]) };
    }
    const group = groups.get(`${rc.type}.${rc.name}`) ?? { type: rc.type, name: rc.name, instances: [] };
    const instance = { ...(rc.index !== undefined ? { index_key: rc.index } : {}), schema_version: SCHEMA_VERSION[rc.type] ?? 0, sensitive_attributes: [] };
    group.instances.push({ ...instance, attributes: a });
    for (const [n, d] of (opts.deposed?.[rc.address] ?? []).entries()) group.instances.push({ ...instance, deposed: String(n + 1).padStart(8, "0"), attributes: { ...a, ...d } });
    groups.set(`${rc.type}.${rc.name}`, group);
  }
  return stateFile(groups.values(), "00000000-0000-4000-8000-000000000002");
}

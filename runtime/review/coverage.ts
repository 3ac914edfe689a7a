/**
 * What the review's posture rules model, per resource type: the attributes they judge (a change to any other
 * attribute is an "unreviewed change"), whether they judge the resource's deletion (otherwise any delete or
 * forget is at least medium), and the cosmetic attributes that never gate. Declared here, in one table, so that
 * nothing passes unseen: a type missing from the table is unreviewed in full.
 */
import { runnerPart } from "./access-state";
import type { ResourceChange } from "./plan-format";
import { hasUnknownLeaf } from "./values";
import { registrationSpec, unrecognizedCommand } from "./posture/runners";

/** Attributes that change nothing for Aura's security: tags, labels and free-text descriptions. */
export const COSMETIC_ATTRIBUTES = ["tags", "tags_all", "labels", "effective_labels", "terraform_labels", "description", "comment", "timeouts"] as const;

/** Attributes a provider computes (ids, ARNs, fingerprints): their change follows another one. */
const COMPUTED = ["id", "arn", "etag", "self_link", "fingerprint", "label_fingerprint", "owner_id", "creation_timestamp", "resource_versionless_id", "versionless_id", "version", "resource_id", "resource_versionless_id"];

export interface Coverage {
  /** Attributes whose every change the posture rules judge; "*" for all of them. */
  attributes: readonly string[] | "*";
  /** A delete of this type is judged by a posture rule (a key, an endpoint, a rule that only narrows when removed). */
  deletionJudged: boolean;
}

const KEYS = { deletionJudged: true };
const TABLE: Record<string, Coverage> = {
  // AWS keys: policy and usability (AURA-KEY-*); attributes that force a replacement are judged by AURA-KEY-1.
  aws_kms_key: { attributes: ["policy", "is_enabled", "deletion_window_in_days", "enable_key_rotation", "rotation_period_in_days", "bypass_policy_lockout_safety_check", "key_id"], ...KEYS },
  aws_kms_replica_key: { attributes: ["policy", "enabled", "deletion_window_in_days", "bypass_policy_lockout_safety_check", "key_id", "primary_key_arn"], ...KEYS },
  aws_kms_external_key: { attributes: ["policy", "enabled", "valid_to", "deletion_window_in_days", "bypass_policy_lockout_safety_check", "key_id"], ...KEYS },
  aws_kms_replica_external_key: { attributes: ["policy", "enabled", "valid_to", "deletion_window_in_days", "bypass_policy_lockout_safety_check", "key_id"], ...KEYS },
  aws_kms_key_policy: { attributes: "*", ...KEYS },
  // An alias is a name for people and applications; Aura uses the key's ARN. Retargeting it is shown, not judged.
  aws_kms_alias: { attributes: ["name", "name_prefix", "target_key_id", "target_key_arn"], deletionJudged: false },
  aws_kms_grant: { attributes: "*", ...KEYS },
  // Network exposure (AURA-SG-*): removing a rule only narrows.
  aws_security_group: { attributes: ["ingress", "egress", "vpc_id", "name", "name_prefix", "revoke_rules_on_delete"], deletionJudged: false },
  aws_security_group_rule: { attributes: "*", deletionJudged: true },
  aws_vpc_security_group_ingress_rule: { attributes: "*", deletionJudged: true },
  aws_vpc_security_group_egress_rule: { attributes: "*", deletionJudged: true },
  google_compute_firewall: { attributes: "*", deletionJudged: true },
  azurerm_network_security_rule: { attributes: "*", deletionJudged: true },
  azurerm_network_security_group: { attributes: ["security_rule", "name", "location", "resource_group_name"], deletionJudged: false },
  // The private endpoint (AURA-NET-1, AURA-SG-3).
  aws_vpc_endpoint: { attributes: ["service_name", "vpc_id", "vpc_endpoint_type", "security_group_ids", "dns_entry", "network_interface_ids", "state", "cidr_blocks", "prefix_list_id"], deletionJudged: true },
  // The PSC endpoint's internal address: its change replaces the forwarding rule (judged there).
  google_compute_address: { attributes: ["name", "address", "address_type", "purpose", "subnetwork", "region", "project"], deletionJudged: false },
  google_compute_forwarding_rule: { attributes: ["target", "network", "ip_address", "load_balancing_scheme", "psc_connection_id", "psc_connection_status"], deletionJudged: true },
  azurerm_private_endpoint: { attributes: ["private_service_connection", "subnet_id", "network_interface", "private_dns_zone_configs", "custom_dns_configs"], deletionJudged: true },
  // Private DNS (AURA-DNS-*): resolution is computed from all of these.
  aws_route53_zone: { attributes: ["name", "vpc", "zone_id", "name_servers", "primary_name_server", "force_destroy"], deletionJudged: true },
  aws_route53_zone_association: { attributes: "*", deletionJudged: true },
  aws_route53_vpc_association_authorization: { attributes: "*", deletionJudged: true },
  aws_route53_record: { attributes: ["name", "type", "alias", "records", "ttl", "zone_id", "fqdn", "allow_overwrite"], deletionJudged: true },
  google_dns_managed_zone: { attributes: ["dns_name", "name", "visibility", "private_visibility_config", "managed_zone_id", "name_servers"], deletionJudged: true },
  google_dns_record_set: { attributes: ["name", "type", "rrdatas", "ttl", "managed_zone"], deletionJudged: true },
  google_dns_response_policy: { attributes: ["response_policy_name", "networks"], deletionJudged: true },
  google_dns_response_policy_rule: { attributes: "*", deletionJudged: true },
  azurerm_private_dns_zone: { attributes: ["name", "resource_group_name", "number_of_record_sets", "max_number_of_record_sets", "max_number_of_virtual_network_links", "max_number_of_virtual_network_links_with_registration"], deletionJudged: true },
  azurerm_private_dns_zone_virtual_network_link: { attributes: ["private_dns_zone_name", "virtual_network_id", "name", "resource_group_name", "registration_enabled"], deletionJudged: true },
  azurerm_private_dns_a_record: { attributes: ["name", "zone_name", "records", "ttl", "resource_group_name", "fqdn"], deletionJudged: true },
  // Cloud KMS (AURA-KEY-*).
  google_kms_key_ring: { attributes: ["name", "location", "project"], ...KEYS },
  google_kms_crypto_key: { attributes: ["rotation_period", "destroy_scheduled_duration", "primary", "key_ring", "name"], ...KEYS },
  google_kms_crypto_key_version: { attributes: ["state", "crypto_key", "name"], ...KEYS },
  google_kms_crypto_key_iam_member: { attributes: "*", ...KEYS },
  google_kms_crypto_key_iam_binding: { attributes: "*", ...KEYS },
  google_kms_crypto_key_iam_policy: { attributes: "*", ...KEYS },
  google_kms_key_ring_iam_member: { attributes: "*", ...KEYS },
  google_kms_key_ring_iam_binding: { attributes: "*", ...KEYS },
  google_kms_key_ring_iam_policy: { attributes: "*", ...KEYS },
  google_project_iam_member: { attributes: "*", ...KEYS },
  google_project_iam_binding: { attributes: "*", ...KEYS },
  // Key Vault (AURA-KEY-*).
  azurerm_key_vault: {
    attributes: ["network_acls", "public_network_access_enabled", "purge_protection_enabled", "soft_delete_retention_days", "access_policy", "rbac_authorization_enabled", "enable_rbac_authorization", "enabled_for_disk_encryption", "name", "vault_uri"],
    ...KEYS,
  },
  azurerm_key_vault_key: { attributes: ["key_opts", "expiration_date", "not_before_date", "rotation_policy", "enabled", "name", "key_vault_id", "version", "versionless_id", "resource_versionless_id", "n", "e", "public_key_pem", "public_key_openssh"], ...KEYS },
  azurerm_key_vault_access_policy: { attributes: "*", ...KEYS },
  azurerm_role_assignment: { attributes: "*", ...KEYS },
  // Aura's service principal in the tenant (auraApplicationId): its loss is judged by AURA-KEY-6 when it holds Aura's role; any other delete is medium.
  azuread_service_principal: { attributes: ["client_id", "object_id", "use_existing"], deletionJudged: false },
  // The access runner's role (AURA-IAM-1): removing permissions only narrows.
  aws_iam_role_policy: { attributes: "*", deletionJudged: true },
  aws_iam_role_policy_attachment: { attributes: "*", deletionJudged: true },
  aws_iam_role: { attributes: ["assume_role_policy", "managed_policy_arns", "inline_policy", "permissions_boundary", "name"], deletionJudged: false },
  aws_lambda_function: { attributes: ["role", "vpc_config"], deletionJudged: false },
};

/** The coverage of a change: by type, and for terraform_data and Lambda invocations by what their input is. */
export function coverageOf(c: ResourceChange): Coverage | null {
  if (c.type === "terraform_data" || c.type === "aws_lambda_invocation") {
    const values = [c.before, c.after];
    // The access runner (AURA-ACC-*) and the key registration runner (AURA-CRED-1): their whole input is judged.
    // Its ownership part (whose destroy AURA-ACC-2 judges) and the Lambda's converge invocation (derived from apply).
    if (values.some((v) => runnerPart(c.type, v))) return { attributes: "*", deletionJudged: true };
    if (values.some((v) => registrationSpec(c.type, v))) return { attributes: "*", deletionJudged: false };
    // A plain wait (sleep N) with only triggers: nothing to judge beyond its command (AURA-CRED-2).
    if (c.type === "terraform_data" && c.provisioners?.length && c.provisioners.every((p) => p.command !== undefined && /^sleep \d+$/.test(p.command) && !unrecognizedCommand(p))) {
      return { attributes: ["triggers_replace", "input", "output"], deletionJudged: true };
    }
    return null;
  }
  return TABLE[c.type] ?? null;
}

export const isCosmetic = (attr: string) => (COSMETIC_ATTRIBUTES as readonly string[]).includes(attr);

/** null, [] and {} are one "nothing": providers write either for an unset block or list. */
const empty = (v: unknown) => (v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (typeof v === "object" && v !== null && Object.keys(v).length === 0) ? null : v);

/** Top-level attributes whose values differ, or (updates) become known only after apply. */
export function changedAttributes(c: ResourceChange): string[] {
  const b = c.before ?? {};
  const a = c.after ?? {};
  const unknown = c.afterUnknown && typeof c.afterUnknown === "object" ? (c.afterUnknown as Record<string, unknown>) : {};
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  return [...keys]
    .filter((k) => {
      const differs = JSON.stringify(empty(b[k])) !== JSON.stringify(empty(a[k]));
      const becomesUnknown = hasUnknownLeaf(unknown[k]);
      // A replacement gets new computed values anyway: only known differences count there.
      return c.kind === "replace" ? differs && !becomesUnknown : differs || (becomesUnknown && c.kind !== "create");
    })
    .sort();
}

/** Changed attributes no posture rule judges and that are not cosmetic or computed. */
export function unreviewedAttributes(c: ResourceChange): string[] {
  const cov = coverageOf(c);
  if (cov?.attributes === "*") return [];
  const modeled = new Set(cov ? cov.attributes : []);
  const replaced = c.replacePaths.map((p) => String(p[0]));
  return [...new Set([...changedAttributes(c), ...replaced])].filter((a) => !modeled.has(a) && !isCosmetic(a) && !COMPUTED.includes(a)).sort();
}

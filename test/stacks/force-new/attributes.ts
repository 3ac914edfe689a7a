/**
 * The arguments whose change replaces the resource (ForceNew / RequiresReplace), per resource type of the
 * example stacks, at the provider versions the bindings pin. Where each list comes from:
 *
 * - hashicorp/aws 5.100.0: the provider itself, offline. `terraform providers schema -json` does not say which
 *   arguments force a replacement, so test/stacks/force-new-aws.test.ts plans the example's us-east-1 stack
 *   against a state in which every string, number, bool and string collection argument differs, and
 *   collects the plan's `replace_paths` (nested blocks and optional+computed arguments the config leaves
 *   out are not probed). Checked by that test on every run.
 * - hashicorp/google 6.50.0: the provider source at tag v6.50.0 (commit 956f510990a78614a06730c34e93779171c5e8f7),
 *   `ForceNew: true` in google/services/compute/resource_compute_address.go, resource_compute_forwarding_rule.go,
 *   google/services/dns/resource_dns_managed_zone.go, resource_dns_record_set.go, resource_dns_response_policy.go,
 *   resource_dns_response_policy_rule.go, google/services/kms/resource_kms_key_ring.go, resource_kms_crypto_key.go,
 *   and for IAM members google/tpgiamresource/resource_iam_member.go plus the parent field of
 *   google/services/kms/iam_kms_crypto_key.go.
 * - hashicorp/azurerm 4.55.0: the provider source at tag v4.55.0 (commit 37bf7f03b661b804a59fd62fd6f6e6b8ee4a69df),
 *   `ForceNew: true` in internal/services/keyvault/key_vault_resource.go, key_vault_key_resource.go,
 *   internal/services/privatedns/private_dns_zone_resource.go, private_dns_zone_virtual_network_link_resource.go,
 *   private_dns_a_record_resource.go, internal/services/network/private_endpoint_resource.go,
 *   internal/services/authorization/role_assignment_resource.go, with the shared schemas
 *   commonschema.Location(), commonschema.ResourceGroupName(), commonschema.ResourceIDReferenceRequiredForceNew()
 *   (vendor/github.com/hashicorp/go-azure-helpers) and azure.SchemaResourceGroupNameDiffSuppress()
 *   (helpers/azure/deprecated_soon.go), all ForceNew.
 * - hashicorp/azuread 3.7.0: the provider source at tag v3.7.0 (commit 72ee4ffe4628e1a21e275734c8d3354faf8fb2f3),
 *   internal/services/serviceprincipals/service_principal_resource.go.
 * - terraform_data (built in): `triggers_replace` "will force replacement when the value changes"
 *   (https://developer.hashicorp.com/terraform/language/resources/terraform-data).
 *
 * Nested arguments are dotted (`private_service_connection.name`). Read 2026-12-06.
 */
export const FORCE_NEW: Readonly<Record<string, readonly string[]>> = {
  aws_kms_alias: ["name"],
  aws_kms_key: ["custom_key_store_id", "customer_master_key_spec", "key_usage", "multi_region", "xks_key_id"],
  aws_route53_record: ["name", "zone_id"],
  aws_route53_zone: ["delegation_set_id", "name"],
  aws_security_group: ["description", "name", "vpc_id"],
  aws_vpc_endpoint: ["resource_configuration_arn", "service_name", "service_network_arn", "vpc_endpoint_type", "vpc_id"],
  // cidr_ipv4 and referenced_security_group_id replace the rule when the kind of source changes.
  aws_vpc_security_group_ingress_rule: ["cidr_ipv4", "referenced_security_group_id", "security_group_id"],

  google_compute_address: ["address", "address_type", "description", "ip_version", "ipv6_endpoint_type", "name", "network", "network_tier", "prefix_length", "project", "purpose", "region", "subnetwork"],
  google_compute_forwarding_rule: [
    "all_ports",
    "backend_service",
    "description",
    "ip_address",
    "ip_collection",
    "ip_protocol",
    "ip_version",
    "is_mirroring_collector",
    "load_balancing_scheme",
    "name",
    "network",
    "network_tier",
    "no_automate_dns_zone",
    "port_range",
    "ports",
    "project",
    "region",
    "service_directory_registrations",
    "service_label",
    "source_ip_ranges",
    "subnetwork",
  ],
  google_dns_managed_zone: ["dns_name", "name", "project", "visibility"],
  google_dns_record_set: ["managed_zone", "name", "project", "routing_policy.health_check"],
  google_dns_response_policy: ["project", "response_policy_name"],
  google_dns_response_policy_rule: ["project", "rule_name"],
  google_kms_key_ring: ["location", "name", "project"],
  google_kms_crypto_key: ["crypto_key_backend", "destroy_scheduled_duration", "import_only", "key_ring", "name", "purpose", "version_template.protection_level"],
  google_kms_crypto_key_iam_member: ["condition", "crypto_key_id", "member", "role"],

  azurerm_key_vault: ["location", "name", "resource_group_name"],
  // expiration_date also forces a replacement when it is removed (ForceNewIfChange); the stacks never set it.
  azurerm_key_vault_key: ["curve", "key_size", "key_type", "key_vault_id", "name"],
  azurerm_private_dns_a_record: ["name", "resource_group_name", "zone_name"],
  azurerm_private_dns_zone: ["name", "resource_group_name", "soa_record"],
  azurerm_private_dns_zone_virtual_network_link: ["name", "private_dns_zone_name", "resource_group_name", "virtual_network_id"],
  azurerm_private_endpoint: [
    "custom_network_interface_name",
    "ip_configuration",
    "location",
    "name",
    "private_service_connection.is_manual_connection",
    "private_service_connection.name",
    "private_service_connection.private_connection_resource_alias",
    "private_service_connection.private_connection_resource_id",
    "private_service_connection.subresource_names",
    "resource_group_name",
    "subnet_id",
  ],
  azurerm_role_assignment: ["condition", "condition_version", "delegated_managed_identity_resource_id", "description", "name", "principal_id", "principal_type", "role_definition_id", "role_definition_name", "scope"],

  azuread_service_principal: ["client_id"],

  terraform_data: ["triggers_replace"],
};

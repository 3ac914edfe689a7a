/**
 * Library entry (`cdktf-aura-secure`): the config, the pure decisions, the AWS and Neo4j constructs and the
 * stacks, for use in your own CDKTF app. Each construct imports only the provider resources it uses (deep
 * paths), so importing this module loads a few dozen provider files, never a provider package's barrel.
 * GCP and Azure constructs live in `cdktf-aura-secure/gcp` and `cdktf-aura-secure/azure` (gcp.ts, azure.ts):
 * their bindings are optional peer dependencies, so nothing here may import them.
 */

// Config: schema, loading, the embedded example.
export { configSchema, regionSchema, type AuraSecureConfig, type AuraSecureConfigInput, type RegionConfig } from "./config/schema";
export { parseConfig, loadConfigFile, readConfigFile, resolveConfigFile } from "./config/load";
export { ConfigError, UserError, redactCredentials, SECRET_REFERENCES_ALLOWED } from "./domain/errors";
export { PropsError, type PropProblem } from "./domain/props";
export { crossTerraform, terraformLiteral, templateProblem, type TerraformTextPolicy } from "./domain/terraform-literal";
export { exampleConfig } from "./config/example";
export { neo4jAccessSchema, type Neo4jAccessConfig, type Neo4jAccessInput } from "./domain/neo4j/access-model";
export { privilegeSchema, PRIVILEGE_CATALOG, PRIVILEGE_NAMES, type Privilege, type PrivilegeInput, type PrivilegeName } from "./domain/neo4j/privileges";
export { databaseNameProblem, aliasNameProblem } from "./domain/neo4j/names";

// Cloud-neutral decisions (pure functions).
export * from "./domain/aura/names";
export { planRegionDns, crossRegionDnsProblems, type RegionDnsInput, type PlannedZone, type PlannedRecord } from "./domain/aura/dns-plan";
export { hiddenNameWarnings, effectiveCustomEndpointZones, type CustomEndpointZoneMode } from "./domain/aura/dns-plan";
export { azureCmkRegionWarning, AURA_AZURE_CMK_LISTED_REGIONS } from "./domain/azure/cmk-regions";
export { azIdPrefix, subnetProblems, UNSUPPORTED_AZ_IDS } from "./domain/aws/availability-zones";
export { composeKeyPolicy, lintKeyPolicy, parseAuraStatements, KeyPolicyError } from "./domain/aura/key-policy";
export { auraCmkRequestBody, AURA_CMK_API_URL } from "./domain/aura/cmk-handoff";
export { auraApiBaseUrlProblem, cmkStatusOutcome, AURA_API_BASE_URL, type AuraApiCredentials } from "./domain/aura/aura-api";
export { endpointIngressRules } from "./domain/aws/endpoint-ingress-rules";
export { AURA_CONSOLE, type ConsolePlace } from "./domain/aura/console";
export { zoneQuotaFindings, monthlyZoneCost, ZONE_QUOTA_FACTS, type RegionZoneCount, type ZoneQuotaFindings } from "./domain/dns-zone-quota";

// Constructs, one per cloud concern.
export { PrivateLinkEndpoint, type PrivateLinkEndpointProps } from "./constructs/aws/privatelink-endpoint";
export { Route53PrivateDns, type Route53PrivateDnsProps } from "./constructs/aws/route53-private-dns";
export { type Route53OtherAccountVpc } from "./constructs/aws/route53-private-dns";
export { VpcDnsCheck, type VpcDnsCheckProps } from "./constructs/aws/vpc-dns-check";
export { AuraKmsKey } from "./constructs/aws/kms-key";
export { AuraKmsReplicaKey } from "./constructs/aws/kms-replica-key";
export { Neo4jAccessLocalExecRunner } from "./constructs/neo4j/local-exec-runner";
export { Neo4jAccessLambdaRunner } from "./constructs/neo4j/lambda-runner";
export { AuraCmkRegistration, type AuraCmkRegistrationProps } from "./constructs/aura/cmk-registration";

// Stacks and composition.
export { composeApp, regionStackName, type ComposedStack } from "./stacks/compose";
export { regionDnsInput } from "./stacks/region-dns";
export { AuraStack, readableLogicalId, useReadableAddresses } from "./stacks/aura-stack";
export { applyBackend, stateKey, REQUIRED_TERRAFORM_VERSION, type BackendConfig } from "./stacks/backend";
export { accessNetworkDependencies, type AccessNetworkNeeds, type NetworkDependency, type NetworkRegion } from "./domain/aura/access-networks";
export { assumeRoleArnProblem, awsPartitionOf, type AwsAccountPin } from "./domain/aws/account-pin";
export { accountProviderProps, pinAwsProviders, regionAccountPin } from "./stacks/aws-account";
export { AwsRegionStack } from "./stacks/aws-region-stack";
export { Neo4jAccessStack } from "./stacks/neo4j-access-stack";

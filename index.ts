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
export { ConfigError } from "./domain/errors";
export { exampleConfig } from "./config/example";
export { neo4jAccessSchema, type Neo4jAccessConfig, type Neo4jAccessInput } from "./domain/neo4j/access-model";

// Cloud-neutral decisions (pure functions).
export * from "./domain/aura/names";
export { planRegionDns, crossRegionDnsProblems, type RegionDnsInput, type PlannedZone, type PlannedRecord } from "./domain/aura/dns-plan";
export { azIdPrefix, subnetProblems, UNSUPPORTED_AZ_IDS } from "./domain/aws/availability-zones";
export { composeKeyPolicy, lintKeyPolicy, parseAuraStatements, KeyPolicyError } from "./domain/aura/key-policy";
export { auraCmkRequestBody, AURA_CMK_API_URL } from "./domain/aura/cmk-handoff";
export { endpointIngressRules } from "./domain/aws/endpoint-ingress-rules";

// Constructs, one per cloud concern.
export { PrivateLinkEndpoint, type PrivateLinkEndpointProps } from "./constructs/aws/privatelink-endpoint";
export { Route53PrivateDns, type Route53PrivateDnsProps } from "./constructs/aws/route53-private-dns";
export { AuraKmsKey } from "./constructs/aws/kms-key";
export { AuraKmsReplicaKey } from "./constructs/aws/kms-replica-key";
export { Neo4jAccessLocalExecRunner } from "./constructs/neo4j/local-exec-runner";
export { Neo4jAccessLambdaRunner } from "./constructs/neo4j/lambda-runner";

// Stacks and composition.
export { composeApp, regionStackName, type ComposedStack } from "./stacks/compose";
export { AuraStack } from "./stacks/aura-stack";
export { applyBackend, stateKey, type BackendConfig } from "./stacks/backend";
export { AwsRegionStack } from "./stacks/aws-region-stack";
export { Neo4jAccessStack } from "./stacks/neo4j-access-stack";

/**
 * `cdktf-aura-secure/aws`: the AWS constructs and region stack only (the main entry exports them too),
 * for apps that want the AWS part without the config and composition code.
 */
export { PrivateLinkEndpoint, type PrivateLinkEndpointProps } from "./constructs/aws/privatelink-endpoint";
export { Route53PrivateDns, type Route53PrivateDnsProps } from "./constructs/aws/route53-private-dns";
export { AuraKmsKey } from "./constructs/aws/kms-key";
export { AuraKmsReplicaKey } from "./constructs/aws/kms-replica-key";
export { Neo4jAccessLambdaRunner } from "./constructs/neo4j/lambda-runner";
export { AwsRegionStack } from "./stacks/aws-region-stack";

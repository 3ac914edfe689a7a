import { GCP_PROJECT_ID_PATTERN } from "./gcp/names";

/**
 * Names and rules of the state backends (local, s3, gcs, azurerm, HCP Terraform's cloud block), shared by the
 * config schema and the stacks. Sources: docs/vendor-facts.md ("Pipelines: state backends").
 */

/**
 * The Terraform the stacks need: `terraform_data` (1.4+) and the S3 backend's `use_lockfile` (1.10, where it
 * is experimental; generally available from 1.11). An older Terraform stops at init with "Unsupported
 * Terraform Core version", naming this constraint.
 */
export const REQUIRED_TERRAFORM_VERSION = ">= 1.10.0";

/** A key or object prefix: segments of S3-safe characters, no leading or trailing slash. */
export const STATE_KEY_PREFIX_PATTERN = /^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/;

/** HCP Terraform organization names: letters, digits, hyphens and underscores. */
export const HCP_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** HCP Terraform workspace tags: 1-255 letters, digits, colons, hyphens and underscores. */
export const CLOUD_TAG_PATTERN = /^[A-Za-z0-9:_-]{1,255}$/;
/** HCP Terraform workspace names: letters, digits, hyphens and underscores, at most 90. */
export const WORKSPACE_NAME_MAX = 90;

const SA_ID = "[a-z][a-z0-9-]{4,28}[a-z0-9]";
const PROJECT = GCP_PROJECT_ID_PATTERN.source.slice(1, -1);
export const SERVICE_ACCOUNT_EMAIL_PATTERN = new RegExp(`^${SA_ID}@${PROJECT}\\.iam\\.gserviceaccount\\.com$`);
export const CLOUD_KMS_KEY_PATTERN = new RegExp(`^projects/${PROJECT}/locations/[a-z0-9-]+/keyRings/[A-Za-z0-9_-]{1,63}/cryptoKeys/[A-Za-z0-9_-]{1,63}$`);

/**
 * Why a GCS bucket name is not one, or null (Cloud Storage naming rules): 3-63 characters (up to 222 with
 * dots, 63 per dot-separated part) of lowercase letters, digits, `-`, `_` and `.`, starting and ending with a
 * letter or digit, not an IP address, not starting with "goog" and not containing "google". Pure.
 */
export function gcsBucketNameProblem(name: string): string | null {
  const what = "must be a Cloud Storage bucket name";
  if (!/^[a-z0-9][a-z0-9._-]*[a-z0-9]$/.test(name)) return `${what}: lowercase letters, digits, - _ and ., starting and ending with a letter or digit`;
  const parts = name.split(".");
  if (name.length < 3 || (parts.length === 1 ? name.length > 63 : name.length > 222 || parts.some((p) => p.length === 0 || p.length > 63))) {
    return `${what}: 3-63 characters (up to 222 with dots, each dot-separated part 1-63)`;
  }
  if (/^[0-9]{1,3}(\.[0-9]{1,3}){3}$/.test(name)) return `${what}, not an IP address`;
  if (name.startsWith("goog") || name.includes("google")) return `${what}: Cloud Storage refuses names starting with "goog" or containing "google"`;
  return null;
}

/** The HCP Terraform workspace of a stack under a name prefix, or why that name cannot be one. Pure. */
export function cloudWorkspaceName(namePrefix: string, stackName: string): { name: string } | { problem: string } {
  const name = `${namePrefix}${stackName}`;
  if (name.length > WORKSPACE_NAME_MAX) {
    return { problem: `gives stack ${stackName} the workspace name ${name} (${name.length} characters); HCP Terraform allows at most ${WORKSPACE_NAME_MAX}: shorten the prefix or stackPrefix` };
  }
  return { name };
}

/** The tags that select a stack's workspace: the configured ones plus the stack's own name. Pure. */
export function cloudWorkspaceTags(tags: readonly string[], stackName: string): string[] {
  return tags.includes(stackName) ? [...tags] : [...tags, stackName];
}

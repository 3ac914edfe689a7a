/**
 * The JSON and YAML documents users hand to the CLI and the app, recognised by their shape, so a file
 * given in the wrong place is named for what it is ("this is a Terraform plan") instead of failing a
 * schema with messages about fields the user never meant to give. Pure.
 */

export type DocumentKind =
  | "terraform-plan"
  | "terraform-show-state"
  | "terraform-state-file"
  | "terraform-outputs"
  | "cdktf-outputs"
  | "cdktf-stack"
  | "aura-config"
  | "access-state"
  | "verify-report";

/** What each kind is, as a message says it, and the command that makes it. */
export const DOCUMENT_DESCRIPTIONS: Readonly<Record<DocumentKind, string>> = {
  "terraform-plan": "a Terraform plan (`terraform show -json plan.bin`)",
  "terraform-show-state": "Terraform state as `terraform show -json` prints it without a plan",
  "terraform-state-file": "a Terraform state file (terraform.tfstate)",
  "terraform-outputs": "stack outputs (`terraform output -json`)",
  "cdktf-outputs": "stack outputs (the file of `cdktf deploy --outputs-file`)",
  "cdktf-stack": "a synthesized stack (cdk.tf.json)",
  "aura-config": "an aura-secure config (regions, neo4jAccess, ...)",
  "access-state": "a Neo4j access state (the neo4jAccess section: connection, roles, users, ...)",
  "verify-report": "an `aura-secure verify --json` report",
};

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

const wrappedOutput = (v: unknown) => isObject(v) && "value" in v && ("type" in v || "sensitive" in v);

/** The kind of a parsed document, or null when it is none of the known ones. */
export function recogniseDocument(doc: unknown): DocumentKind | null {
  if (!isObject(doc)) return null;
  const keys = Object.keys(doc);
  if (typeof doc.format_version === "string" && ("resource_changes" in doc || "planned_values" in doc || "prior_state" in doc)) return "terraform-plan";
  if (typeof doc.format_version === "string" && "values" in doc) return "terraform-show-state";
  if (typeof doc.version === "number" && "terraform_version" in doc && ("resources" in doc || "outputs" in doc)) return "terraform-state-file";
  if ("terraform" in doc && ("resource" in doc || "provider" in doc || "output" in doc)) return "cdktf-stack";
  if (Array.isArray(doc.regions) || ("project" in doc && "regions" in doc)) return "aura-config";
  if (isObject(doc.neo4jAccess)) return "aura-config";
  if (isObject(doc.connection) && ("roles" in doc || "users" in doc || "remoteAliases" in doc || "localAliases" in doc || "uri" in doc.connection)) return "access-state";
  if (Array.isArray(doc.results) && "passed" in doc && "failed" in doc) return "verify-report";
  if (keys.length > 0 && keys.every((k) => wrappedOutput(doc[k]))) return "terraform-outputs";
  if (keys.length > 0 && keys.every((k) => isObject(doc[k]) && Object.keys(doc[k] as object).some((o) => ["aura_console", "private_uri_patterns", "zone_ids", "dns_records"].includes(o)))) return "cdktf-outputs";
  if ("aura_console" in doc || "private_uri_patterns" in doc) return "cdktf-outputs";
  return null;
}

/**
 * A message for a document of another kind than `expected` (a DocumentKind list): null when it is one of
 * them, or when its kind is unknown (the caller's own validation then explains what is missing).
 */
export function wrongDocument(doc: unknown, expected: readonly DocumentKind[], wanted: string): string | null {
  const kind = recogniseDocument(doc);
  if (kind === null || expected.includes(kind)) return null;
  return `this is ${DOCUMENT_DESCRIPTIONS[kind]}, not ${wanted}`;
}

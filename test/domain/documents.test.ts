import { DOCUMENT_DESCRIPTIONS, recogniseDocument, wrongDocument, type DocumentKind } from "../../domain/documents";

/**
 * domain/documents.ts directly: every shape rule with each of its alternatives, the near-misses that lack
 * one required key, values that are not objects at all, and the message of a document in the wrong place.
 */

describe("DOCUMENT_DESCRIPTIONS", () => {
  test("every kind, as the messages say it", () => {
    expect(DOCUMENT_DESCRIPTIONS).toEqual({
      "terraform-plan": "a Terraform plan (`terraform show -json plan.bin`)",
      "terraform-show-state": "Terraform state as `terraform show -json` prints it without a plan",
      "terraform-state-file": "a Terraform state file (terraform.tfstate)",
      "terraform-outputs": "stack outputs (`terraform output -json`)",
      "cdktf-outputs": "stack outputs (the file of `cdktf deploy --outputs-file`)",
      "cdktf-stack": "a synthesized stack (cdk.tf.json)",
      "aura-config": "an aura-secure config (regions, neo4jAccess, ...)",
      "access-state": "a Neo4j access state (the neo4jAccess section: connection, roles, users, ...)",
      "verify-report": "an `aura-secure verify --json` report",
    });
  });
});

describe("recogniseDocument", () => {
  test.each<[string, unknown, DocumentKind | null]>([
    // Not an object: never a document (and never read as one).
    ["null", null, null],
    ["undefined", undefined, null],
    ["a string", "terraform", null],
    ["a number", 42, null],
    ["true", true, null],
    ["an empty array", [], null],
    ["an array of wrapped outputs", [{ value: "x", type: "string" }], null],
    ["an array of cdktf outputs", [{ zone_ids: {} }], null],
    ["an empty object", {}, null],

    // terraform show -json plan.bin
    ["plan with resource_changes", { format_version: "1.2", resource_changes: [] }, "terraform-plan"],
    ["plan with planned_values", { format_version: "1.2", planned_values: {} }, "terraform-plan"],
    ["plan with prior_state", { format_version: "1.2", prior_state: {} }, "terraform-plan"],
    ["plan keys win over values", { format_version: "1.2", values: {}, prior_state: {} }, "terraform-plan"],
    ["resource_changes without format_version", { resource_changes: [] }, null],
    ["planned_values without format_version", { planned_values: {} }, null],
    ["format_version as a number", { format_version: 1, resource_changes: [] }, null],

    // terraform show -json (state)
    ["show state", { format_version: "1.0", values: {} }, "terraform-show-state"],
    ["values without format_version", { values: {} }, null],
    ["show state with a numeric format_version", { format_version: 1, values: {} }, null],
    ["format_version alone", { format_version: "1.0" }, null],

    // terraform.tfstate
    ["state file with resources", { version: 4, terraform_version: "1.9.0", resources: [] }, "terraform-state-file"],
    ["state file with outputs", { version: 4, terraform_version: "1.9.0", outputs: {} }, "terraform-state-file"],
    ["state file with neither resources nor outputs", { version: 4, terraform_version: "1.9.0" }, null],
    ["state file with a string version", { version: "4", terraform_version: "1.9.0", resources: [] }, null],
    ["state file without terraform_version", { version: 4, resources: [] }, null],
    ["terraform_version and resources without version", { terraform_version: "1.9.0", resources: [] }, null],
    ["resources alone", { resources: [] }, null],
    ["outputs alone", { outputs: {} }, null],

    // cdk.tf.json
    ["stack with resource", { terraform: {}, resource: {} }, "cdktf-stack"],
    ["stack with provider", { terraform: {}, provider: {} }, "cdktf-stack"],
    ["stack with output", { terraform: {}, output: {} }, "cdktf-stack"],
    ["terraform block alone", { terraform: {} }, null],
    ["resource without terraform", { resource: {} }, null],
    ["provider without terraform", { provider: {} }, null],

    // The config
    ["config with a regions list", { regions: [] }, "aura-config"],
    ["config with project and regions of another type", { project: "p", regions: {} }, "aura-config"],
    ["project alone", { project: "p" }, null],
    ["regions that are not a list, without project", { regions: "eu" }, null],
    ["config with neo4jAccess only", { neo4jAccess: {} }, "aura-config"],
    ["neo4jAccess that is a string", { neo4jAccess: "x" }, null],
    ["neo4jAccess that is a list", { neo4jAccess: [] }, null],
    ["neo4jAccess that is null", { neo4jAccess: null }, null],

    // The neo4jAccess section on its own
    ["access state with a connection uri", { connection: { uri: "neo4j+s://db.example.com" } }, "access-state"],
    ["access state with roles", { connection: {}, roles: [] }, "access-state"],
    ["access state with users", { connection: {}, users: [] }, "access-state"],
    ["access state with remoteAliases", { connection: {}, remoteAliases: [] }, "access-state"],
    ["access state with localAliases", { connection: {}, localAliases: [] }, "access-state"],
    ["connection without uri and nothing else", { connection: { user: "neo4j" } }, null],
    ["roles without connection", { roles: [] }, null],
    ["a connection that is a string, with roles", { connection: "neo4j+s://db.example.com", roles: [] }, null],
    ["a connection that is a list, with users", { connection: [], users: [] }, null],

    // aura-secure verify --json
    ["verify report", { results: [], passed: 1, failed: 0 }, "verify-report"],
    ["verify report without failed", { results: [], passed: 1 }, null],
    ["verify report without passed", { results: [], failed: 0 }, null],
    ["verify report whose results are not a list", { results: {}, passed: 1, failed: 0 }, null],
    ["passed and failed without results", { passed: 1, failed: 0 }, null],

    // terraform output -json
    ["outputs with type", { url: { value: "https://x", type: "string" } }, "terraform-outputs"],
    ["outputs with sensitive", { url: { value: "https://x", sensitive: false } }, "terraform-outputs"],
    ["several outputs", { a: { value: 1, type: "number" }, b: { value: "x", sensitive: true } }, "terraform-outputs"],
    ["an output with value only", { url: { value: "https://x" } }, null],
    ["an output without value", { url: { type: "string", sensitive: false } }, null],
    ["one wrapped output beside a plain value", { a: { value: 1, type: "number" }, b: "plain" }, null],
    ["a null output", { a: null }, null],
    ["a string output", { a: "value" }, null],

    // cdktf deploy --outputs-file (one object per stack)
    ["stack outputs with aura_console", { "eu-stack": { aura_console: "steps" } }, "cdktf-outputs"],
    ["stack outputs with private_uri_patterns", { "eu-stack": { private_uri_patterns: [] } }, "cdktf-outputs"],
    ["stack outputs with zone_ids", { "eu-stack": { zone_ids: {} } }, "cdktf-outputs"],
    ["stack outputs with dns_records", { "eu-stack": { dns_records: {} } }, "cdktf-outputs"],
    ["stack outputs with other outputs beside a known one", { "eu-stack": { other: 1, zone_ids: {} } }, "cdktf-outputs"],
    ["two stacks", { "eu-stack": { zone_ids: {} }, "us-stack": { dns_records: {} } }, "cdktf-outputs"],
    ["a stack without any known output", { "eu-stack": { other: 1 } }, null],
    ["one stack known, one not", { "eu-stack": { zone_ids: {} }, "us-stack": { other: 1 } }, null],
    ["an empty stack object", { "eu-stack": {} }, null],
    ["a list holding a known output's name", { "eu-stack": Object.assign([], { zone_ids: {} }) }, null],
    ["outputs of a single stack, flat, aura_console", { aura_console: "steps", other: 1 }, "cdktf-outputs"],
    ["outputs of a single stack, flat, private_uri_patterns", { private_uri_patterns: ["*.production-orch-0001.neo4j.io"] }, "cdktf-outputs"],
    ["flat outputs with zone_ids only (not a marker)", { zone_ids: "x" }, null],
  ])("%s", (_name, doc, expected) => {
    expect(recogniseDocument(doc)).toBe(expected);
  });
});

describe("wrongDocument", () => {
  const plan = { format_version: "1.2", resource_changes: [] };
  test.each<[string, unknown, DocumentKind[], string | null]>([
    ["a document of another kind", plan, ["aura-config"], "this is a Terraform plan (`terraform show -json plan.bin`), not the config"],
    ["another kind, nothing expected", { regions: [] }, [], "this is an aura-secure config (regions, neo4jAccess, ...), not the config"],
    ["a verify report", { results: [], passed: 0, failed: 0 }, ["cdktf-outputs", "terraform-outputs"], "this is an `aura-secure verify --json` report, not the config"],
    ["the expected kind", plan, ["terraform-plan"], null],
    ["one of the expected kinds", { "eu-stack": { zone_ids: {} } }, ["terraform-outputs", "cdktf-outputs"], null],
    ["an unknown document", { something: "else" }, ["aura-config"], null],
    ["an unknown document, nothing expected", {}, [], null],
    ["not an object", "text", ["aura-config"], null],
  ])("%s", (_name, doc, expected, message) => {
    expect(wrongDocument(doc, expected, "the config")).toBe(message);
  });
});

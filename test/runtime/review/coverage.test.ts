import { changedAttributes, coverageOf, isCosmetic, unreviewedAttributes } from "../../../runtime/review/coverage";
import type { ResourceChange } from "../../../runtime/review/plan-format";
import { changeFactory } from "../../support/hand-built-plans";

/**
 * What the review models of a change (the attributes its posture rules judge), which attributes changed, and what
 * is left unreviewed: the gate of AURA-PLAN-4. Hand-built changes; expected values written out.
 */
const rc = changeFactory("v");

describe("what the posture rules model of a change", () => {
  const runner = { input: { state: { roles: [], users: [] } } };
  const spec = { input: { spec: { baseUrl: "https://api.neo4j.io", request: {} } } };
  test.each<[string, () => ResourceChange, ReturnType<typeof coverageOf>]>([
    ["the access runner (apply part) after", () => rc("terraform_data", ["create"], null, runner), { attributes: "*", deletionJudged: true }],
    ["the access runner before only", () => rc("terraform_data", ["delete"], runner, null), { attributes: "*", deletionJudged: true }],
    ["the Lambda runner", () => rc("aws_lambda_invocation", ["update"], { input: JSON.stringify({ state: { roles: [] } }) }, { input: JSON.stringify({ state: { roles: [] } }) }), { attributes: "*", deletionJudged: true }],
    ["the key registration", () => rc("terraform_data", ["update"], spec, spec), { attributes: "*", deletionJudged: false }],
    ["the key registration before only", () => rc("terraform_data", ["delete"], spec, null), { attributes: "*", deletionJudged: false }],
    ["a plain wait", () => rc("terraform_data", ["create"], null, { triggers_replace: 1 }, { provisioners: [{ type: "local-exec", command: "sleep 30" }] }), { attributes: ["triggers_replace", "input", "output"], deletionJudged: true }],
    ["a wait and something else", () => rc("terraform_data", ["create"], null, {}, { provisioners: [{ type: "local-exec", command: "sleep 30" }, { type: "local-exec", command: "id" }] }), null],
    ["a wait whose command is an expression", () => rc("terraform_data", ["create"], null, {}, { provisioners: [{ type: "local-exec", commandReferences: ["var.s"] }] }), null],
    ["a wait with an interpreter", () => rc("terraform_data", ["create"], null, {}, { provisioners: [{ type: "local-exec", command: "sleep 30", interpreter: ["python3", "-c"] }] }), null],
    ["a remote wait", () => rc("terraform_data", ["create"], null, {}, { provisioners: [{ type: "remote-exec", command: "sleep 30" }] }), null],
    ["sleep with a unit", () => rc("terraform_data", ["create"], null, {}, { provisioners: [{ type: "local-exec", command: "sleep 30s" }] }), null],
    ["a Lambda invocation with sleep provisioners is no wait", () => rc("aws_lambda_invocation", ["create"], null, {}, { provisioners: [{ type: "local-exec", command: "sleep 30" }] }), null],
    ["a terraform_data without provisioners", () => rc("terraform_data", ["create"], null, { input: 1 }, { provisioners: [] }), null],
    ["a terraform_data with an input of its own", () => rc("terraform_data", ["update"], { input: { x: 1 } }, { input: { x: 2 } }), null],
    ["a type of the table", () => rc("aws_kms_alias", ["update"], {}, {}), { attributes: ["name", "name_prefix", "target_key_id", "target_key_arn"], deletionJudged: false }],
    ["a type the table leaves out", () => rc("aws_instance", ["update"], {}, {}), null],
  ])("%s", (_name, change, expected) => {
    expect(coverageOf(change())).toEqual(expected);
  });
});

describe("which attributes changed", () => {
  test.each<[string, () => ResourceChange, string[]]>([
    ["values that differ, sorted", () => rc("aws_instance", ["update"], { b: 1, a: "x", same: true }, { b: 2, a: "y", same: true }), ["a", "b"]],
    ["an attribute only before or only after", () => rc("aws_instance", ["update"], { gone: 1 }, { added: 1 }), ["added", "gone"]],
    ["null, [] and {} are one nothing", () => rc("aws_instance", ["update"], { a: null, b: [], c: {}, d: undefined }, { a: [], b: {}, c: null, e: null }), []],
    ["a value against nothing", () => rc("aws_instance", ["update"], { a: null }, { a: [1] }), ["a"]],
    ["an update's attribute known only after apply", () => ({ ...rc("aws_instance", ["update"], { a: 1 }, { a: 1 }), afterUnknown: { a: true, b: false, c: [false, { d: true }] } }), ["a"]],
    ["a nested unknown leaf counts only where the attribute is listed", () => ({ ...rc("aws_instance", ["update"], { c: [1] }, { c: [1] }), afterUnknown: { c: [false, { d: true }] } }), ["c"]],
    ["a create's unknown values are not changes", () => ({ ...rc("aws_instance", ["create"], null, { a: 1 }), afterUnknown: { arn: true } }), ["a"]],
    ["a replacement counts only known differences", () => ({ ...rc("aws_instance", ["delete", "create"], { a: 1, b: 1 }, { a: 2, b: 1 }), afterUnknown: { a: true, b: true, id: true } }), []],
    ["a replacement's known difference", () => ({ ...rc("aws_instance", ["delete", "create"], { a: 1, b: 1 }, { a: 1, b: 2 }), afterUnknown: { a: true } }), ["b"]],
    ["after_unknown that is not an object", () => ({ ...rc("aws_instance", ["update"], { a: 1 }, { a: 1 }), afterUnknown: true }), []],
    ["a delete", () => rc("aws_instance", ["delete"], { a: 1 }, null), ["a"]],
  ])("%s", (_name, change, expected) => {
    expect(changedAttributes(change())).toEqual(expected);
  });
});

describe("what is left unreviewed", () => {
  test.each<[string, () => ResourceChange, string[]]>([
    ["a type the table leaves out: every changed attribute", () => rc("aws_instance", ["update"], { ami: "a", instance_type: "t3" }, { ami: "b", instance_type: "t4" }), ["ami", "instance_type"]],
    ["cosmetic attributes never count", () => rc("aws_instance", ["update"], { tags: {}, tags_all: { a: "1" }, labels: 1, effective_labels: 1, terraform_labels: 1, description: "a", comment: "a", timeouts: 1 }, { tags: { a: "1" }, tags_all: { a: "2" }, labels: 2, effective_labels: 2, terraform_labels: 2, description: "b", comment: "b", timeouts: 2 }), []],
    ["computed attributes never count", () => rc("aws_instance", ["update"], { id: "a", arn: "a", etag: "a", self_link: "a", fingerprint: "a", label_fingerprint: "a", owner_id: "a", creation_timestamp: "a", resource_versionless_id: "a", versionless_id: "a", version: "a", resource_id: "a" }, { id: "b", arn: "b", etag: "b", self_link: "b", fingerprint: "b", label_fingerprint: "b", owner_id: "b", creation_timestamp: "b", resource_versionless_id: "b", versionless_id: "b", version: "b", resource_id: "b" }), []],
    ["modeled attributes are reviewed, the others not", () => rc("aws_kms_key", ["update"], { policy: "a", is_enabled: true, description: "x", multi_region: false, customer_master_key_spec: "SYMMETRIC_DEFAULT" }, { policy: "b", is_enabled: false, description: "y", multi_region: true, customer_master_key_spec: "RSA_2048" }), ["customer_master_key_spec", "multi_region"]],
    ["a replace path counts even when the values look the same", () => ({ ...rc("aws_vpc_endpoint", ["delete", "create"], { subnet_ids: ["a"] }, { subnet_ids: ["a"] }), replacePaths: [["subnet_ids", 0], ["service_name"]] }), ["subnet_ids"]],
    ["a changed attribute and its replace path once", () => ({ ...rc("aws_instance", ["delete", "create"], { ami: "a" }, { ami: "b" }), replacePaths: [["ami"]] }), ["ami"]],
    ["a type judged in full", () => rc("aws_kms_key_policy", ["update"], { policy: "a", x: 1 }, { policy: "b", x: 2 }), []],
    ["the access runner in full", () => rc("terraform_data", ["update"], { input: { state: { roles: [] } }, extra: 1 }, { input: { state: { roles: [{ name: "r" }] } }, extra: 2 }), []],
    ["a plain wait's own attributes", () => rc("terraform_data", ["update"], { triggers_replace: 1, input: 1, output: 1, other: 1 }, { triggers_replace: 2, input: 2, output: 2, other: 2 }, { provisioners: [{ type: "local-exec", command: "sleep 5" }] }), ["other"]],
  ])("%s", (_name, change, expected) => {
    expect(unreviewedAttributes(change())).toEqual(expected);
  });

  test.each([
    ["tags", true],
    ["description", true],
    ["timeouts", true],
    ["policy", false],
    ["tag", false],
  ])("%s is cosmetic: %s", (attr, expected) => {
    expect(isCosmetic(attr)).toBe(expected);
  });
});

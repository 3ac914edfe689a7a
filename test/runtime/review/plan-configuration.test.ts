import { changeKind, configAddressOf, parsePlanJson, provisionersByAddress, referencesByAddress } from "../../../runtime/review/plan-format";

/**
 * What the review reads from a plan beyond resource_changes: the configuration's provisioners and references
 * (root module and module calls, nested), matched to each change by its configuration address, and the fields of
 * a change it keeps. The plan JSON is written by hand in the documented format (terraform show -json).
 */
const configuration = {
  root_module: {
    resources: [
      {
        address: "terraform_data.access",
        provisioners: [
          { type: "local-exec", expressions: { command: { constant_value: "npx aura-secure cypher apply --state-env S --timeout 5m" } } },
          { type: "local-exec", when: "destroy", expressions: { command: { references: ["self.input", "self"] } } },
          { type: "local-exec", expressions: { command: { constant_value: "echo hi" }, interpreter: { constant_value: ["/bin/bash", "-c"] } } },
          { type: "remote-exec", expressions: {} },
          { expressions: { command: { constant_value: "no type" } } },
          "not an object",
        ],
        expressions: { input: { references: ["local.state", "var.uri"] }, triggers_replace: { references: [] }, when: { constant_value: 1 } },
      },
      { address: "aws_kms_key.k", expressions: { policy: { references: ["data.aws_iam_policy_document.p.json", "data.aws_iam_policy_document.p"] } } },
      { address: "aws_s3_bucket.b", provisioners: "not a list" },
      { expressions: { x: { references: ["y"] } } },
    ],
    module_calls: {
      net: {
        source: "./net",
        module: {
          resources: [{ address: "terraform_data.wait", provisioners: [{ type: "local-exec", expressions: { command: { constant_value: "sleep 10" }, interpreter: ["sh"] } }] }],
          module_calls: {
            inner: { module: { resources: [{ address: "aws_route53_record.r", expressions: { records: { references: ["aws_vpc_endpoint.e"] } } }] } },
          },
        },
      },
      empty: { source: "./empty" },
    },
  },
};

describe("the configuration's provisioners and references", () => {
  test("provisioners per configuration address, nested modules prefixed", () => {
    expect(Object.fromEntries(provisionersByAddress(configuration))).toEqual({
      "terraform_data.access": [
        { type: "local-exec", command: "npx aura-secure cypher apply --state-env S --timeout 5m" },
        { type: "local-exec", when: "destroy", commandReferences: ["self.input", "self"] },
        { type: "local-exec", command: "echo hi", interpreter: ["/bin/bash", "-c"] },
        { type: "remote-exec" },
      ],
      "module.net.terraform_data.wait": [{ type: "local-exec", command: "sleep 10", interpreter: ["sh"] }],
    });
  });

  test("a command expression without references still says it is an expression", () => {
    const c = { root_module: { resources: [{ address: "terraform_data.x", provisioners: [{ type: "local-exec", expressions: { command: { constant_value: 42 } } }] }] } };
    expect(provisionersByAddress(c).get("terraform_data.x")).toEqual([{ type: "local-exec", commandReferences: [] }]);
  });

  test("references of each resource's arguments, empty lists left out", () => {
    expect(Object.fromEntries(referencesByAddress(configuration))).toEqual({
      "terraform_data.access": { input: ["local.state", "var.uri"] },
      "aws_kms_key.k": { policy: ["data.aws_iam_policy_document.p.json", "data.aws_iam_policy_document.p"] },
      "module.net.module.inner.aws_route53_record.r": { records: ["aws_vpc_endpoint.e"] },
    });
  });

  test.each([[undefined], [null], ["text"], [{}], [{ root_module: null }], [{ root_module: { resources: "x", module_calls: [] } }]])("configuration %j holds nothing", (c) => {
    expect(provisionersByAddress(c).size).toBe(0);
    expect(referencesByAddress(c).size).toBe(0);
  });

  test.each([
    ["terraform_data.access", "terraform_data.access"],
    ['terraform_data.access["a"]', "terraform_data.access"],
    ["aws_route53_record.r[0]", "aws_route53_record.r"],
    ['module.net["eu"].module.inner[2].aws_route53_record.r["x.example"]', "module.net.module.inner.aws_route53_record.r"],
    ['terraform_data.x["a\\"]b"]', "terraform_data.x"],
    ["terraform_data.x[a]", "terraform_data.x[a]"],
  ])("the configuration address of %s is %s", (address, expected) => {
    expect(configAddressOf(address)).toBe(expected);
  });
});

describe("a change as the review keeps it", () => {
  const rc = (address: string, change: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ address, type: address.split(".").slice(-2)[0]!.replace(/\[.*$/, ""), name: "x", change, ...extra });
  const plan = (changes: unknown[], extra: Record<string, unknown> = {}) => parsePlanJson(JSON.stringify({ format_version: "1.2", resource_changes: changes, configuration, ...extra }), "p.json", "stack-a");

  test("provisioners and references found through an instance's configuration address", () => {
    const p = plan([
      rc('terraform_data.access["main"]', { actions: ["create"], before: null, after: { input: {} } }, { index: "main" }),
      rc('module.net["eu"].terraform_data.wait[0]', { actions: ["delete"], before: {}, after: null }, { index: 0 }),
      rc("aws_kms_key.k", { actions: ["update"], before: {}, after: {} }),
      rc("aws_s3_bucket.b", { actions: ["no-op"], before: {}, after: {} }),
    ]);
    expect(p.changes.map((c) => ({ address: c.address, configAddress: c.configAddress, index: c.index, provisioners: c.provisioners?.length, references: c.references }))).toEqual([
      { address: 'terraform_data.access["main"]', configAddress: "terraform_data.access", index: "main", provisioners: 4, references: { input: ["local.state", "var.uri"] } },
      { address: 'module.net["eu"].terraform_data.wait[0]', configAddress: "module.net.terraform_data.wait", index: 0, provisioners: 1, references: undefined },
      { address: "aws_kms_key.k", configAddress: "aws_kms_key.k", index: undefined, provisioners: undefined, references: { policy: ["data.aws_iam_policy_document.p.json", "data.aws_iam_policy_document.p"] } },
      { address: "aws_s3_bucket.b", configAddress: "aws_s3_bucket.b", index: undefined, provisioners: undefined, references: undefined },
    ]);
    expect(p).toMatchObject({ stack: "stack-a", file: "p.json" });
    expect("terraformVersion" in p).toBe(false);
  });

  test("the fields of a change: reason, deposed, import, move, forget, unknown actions", () => {
    const p = plan(
      [
        rc("aws_kms_key.a", { actions: ["delete", "create"], before: { x: 1 }, after: { x: 2 }, after_unknown: { arn: true }, replace_paths: [["x"]] }, { action_reason: "replace_because_cannot_update" }),
        rc("aws_kms_key.b", { actions: ["delete"], before: {}, after: null }, { deposed: "00000001" }),
        rc("aws_kms_key.c", { actions: ["no-op"], before: {}, after: {}, importing: { id: "key-1" } }),
        rc("aws_kms_key.d", { actions: ["no-op"], before: {}, after: {}, importing: {} }),
        rc("aws_kms_key.e", { actions: ["no-op"], before: {}, after: {} }, { previous_address: "aws_kms_key.old" }),
        rc("aws_kms_key.f", { actions: ["no-op"], before: {}, after: {} }, { previous_address: "aws_kms_key.f" }),
        rc("aws_kms_key.g", { actions: ["forget", "create"], before: {}, after: {} }),
        rc("aws_kms_key.h", { actions: ["forget"], before: {}, after: null }),
        rc("aws_kms_key.i", { actions: ["create", "update"], before: null, after: [1] }),
        rc("aws_kms_key.j", { actions: ["create", "forget"], before: null, after: {} }),
      ],
      { terraform_version: "1.9.8" },
    );
    const keep = ["kind", "actionReason", "deposed", "importing", "previousAddress", "forgetsOld", "unknownActions", "afterUnknown", "replacePaths", "after"] as const;
    expect(p.terraformVersion).toBe("1.9.8");
    expect(p.changes.map((c) => Object.fromEntries(keep.filter((k) => c[k] !== undefined).map((k) => [k, c[k]])))).toEqual([
      { kind: "replace", actionReason: "replace_because_cannot_update", afterUnknown: { arn: true }, replacePaths: [["x"]], after: { x: 2 } },
      { kind: "delete", deposed: "00000001", afterUnknown: {}, replacePaths: [], after: null },
      { kind: "no-op", importing: { id: "key-1" }, afterUnknown: {}, replacePaths: [], after: {} },
      { kind: "no-op", importing: {}, afterUnknown: {}, replacePaths: [], after: {} },
      { kind: "no-op", previousAddress: "aws_kms_key.old", afterUnknown: {}, replacePaths: [], after: {} },
      { kind: "no-op", afterUnknown: {}, replacePaths: [], after: {} },
      { kind: "replace", forgetsOld: true, afterUnknown: {}, replacePaths: [], after: {} },
      { kind: "forget", afterUnknown: {}, replacePaths: [], after: null },
      { kind: "update", unknownActions: true, afterUnknown: {}, replacePaths: [], after: null },
      { kind: "replace", forgetsOld: true, afterUnknown: {}, replacePaths: [], after: {} },
    ]);
  });

  test.each([
    [["create", "update"], "update"],
    [["forget", "create"], "replace"],
    [["create", "forget"], "replace"],
    [["delete", "delete"], "update"],
    [[], "update"],
  ])("actions %j fold to %s", (actions, kind) => {
    expect(changeKind(actions)).toBe(kind);
  });

  test("data sources and drift of data sources are left out; managed drift is kept", () => {
    const p = plan([rc("data.aws_caller_identity.me", { actions: ["read"] }, { mode: "data" }), rc("aws_kms_key.k", { actions: ["no-op"], before: {}, after: {} })], {
      resource_drift: [rc("aws_kms_key.k", { actions: ["update"], before: { enable_key_rotation: true }, after: { enable_key_rotation: false } }), rc("data.x.y", { actions: ["read"] }, { mode: "data" })],
    });
    expect(p.changes.map((c) => c.address)).toEqual(["aws_kms_key.k"]);
    expect(p.drift.map((c) => [c.address, c.kind])).toEqual([["aws_kms_key.k", "update"]]);
  });
});

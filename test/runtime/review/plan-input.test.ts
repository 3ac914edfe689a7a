import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { exampleConfig } from "../../../config/example";
import { parseConfig } from "../../../config/load";
import { changeKind, loadPlans, parsePlanJson, stackNameOf } from "../../../runtime/review/plan-format";
import { networksFromConfig, networksFromPlans, sharedWith } from "../../../runtime/review/networks";
import { reviewPlans } from "../../../runtime/review/review";
import { runAuraSecure } from "../../support/run-cli";

const FIXTURES = path.join(__dirname, "fixtures");
let tmp: string;
beforeAll(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aura-review-input-"))));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const file = (name: string, body: string) => {
  const p = path.join(tmp, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, body);
  return p;
};

describe("plan input", () => {
  test.each([
    [["create"], "create"],
    [["update"], "update"],
    [["delete", "create"], "replace"],
    [["create", "delete"], "replace"],
    [["delete"], "delete"],
    [["no-op"], "no-op"],
    [["read"], "read"],
    [["forget"], "forget"],
  ])("actions %j fold to %s", (actions, kind) => expect(changeKind(actions)).toBe(kind));

  test.each([
    ["not JSON", "{", /not JSON/],
    ["cdk.tf.json", JSON.stringify({ resource: {} }), /no format_version.*not cdk\.tf\.json/],
    ["a future major version", JSON.stringify({ format_version: "2.0", resource_changes: [] }), /format_version "2\.0" is not supported; this reviewer reads format 1\.x/],
    ["a state", JSON.stringify({ format_version: "1.0", values: { root_module: {} } }), /of a state, not of a plan/],
    ["a change without actions", JSON.stringify({ format_version: "1.2", resource_changes: [{ address: "a.b", type: "a", name: "b", change: {} }] }), /resource_changes\.0\.change\.actions/],
  ])("%s is refused with a clear message naming the file", (_n, body, message) => {
    expect(() => parsePlanJson(body, "plan.json", "s")).toThrow(message);
    expect(() => parsePlanJson(body, "plan.json", "s")).toThrow(/^plan\.json: /);
  });

  test("unknown properties are ignored (forward compatible) and data sources are left out", () => {
    const p = parsePlanJson(JSON.stringify({ format_version: "1.9", future: 1, resource_changes: [{ address: "data.x.y", mode: "data", type: "x", name: "y", change: { actions: ["read"] } }] }), "f", "s");
    expect(p.changes).toEqual([]);
  });

  test("stack names come from <stack>/plan.json or <stack>.json", () => {
    expect(stackNameOf("cdktf.out/stacks/aura-aws-us-east-1/plan.json")).toBe("aura-aws-us-east-1");
    expect(stackNameOf("plans/aura-aws-eu-west-1.json")).toBe("aura-aws-eu-west-1");
    expect(stackNameOf("plans/aura-aws-eu-west-1.plan.json")).toBe("aura-aws-eu-west-1");
  });

  test("a folder gives its *.json files and <stack>/plan.json; two plans for one stack are refused", () => {
    const a = file("f1/stack-a.json", JSON.stringify({ format_version: "1.2", resource_changes: [] }));
    file("f1/stack-b/plan.json", JSON.stringify({ format_version: "1.2", resource_changes: [] }));
    file("f1/stack-b/cdk.tf.json", "{}");
    expect(loadPlans([path.join(tmp, "f1")]).map((p) => p.stack)).toEqual(["stack-a", "stack-b"]);
    expect(() => loadPlans([a, path.join(tmp, "f1")])).toThrow(/both for stack stack-a/);
    expect(() => loadPlans([path.join(tmp, "missing")])).toThrow(/no such file or folder/);
    fs.mkdirSync(path.join(tmp, "empty"));
    expect(() => loadPlans([path.join(tmp, "empty")])).toThrow(/holds no \*\.json file/);
  });

  test("the CLI prints a foreign file's problem as one line and exits 1", async () => {
    const bad = file("bad/cdk.tf.json", JSON.stringify({ resource: {} }));
    const r = await runAuraSecure(["review", bad, "--fail-on", "high"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: .*cdk\.tf\.json: not a Terraform plan in JSON/);
    expect(r.stdout).toBe("");
  });
});

describe("hand-built GCP plan (documented format)", () => {
  test("PSC replacement is high, a removed response policy rule is high (the name stops resolving privately) and medium (record removed), a description change is only summarized", async () => {
    const plans = loadPlans([path.join(FIXTURES, "aura-gcp-europe-west1.json")]);
    const r = reviewPlans(plans);
    expect(r.findings.map((f) => [f.severity, f.ruleId, f.detail])).toEqual([
      ["high", "AURA-NET-1", "replaced because target changed; GCP: the new Private Service Connect connection must be accepted by Aura (the project must still be allow-listed)"],
      ["high", "AURA-DNS-4", "in gcp:projects/acme-graph-prod/global/networks/apps: reports-abcdef-234567.endpoints.neo4j.io (no private zone or rule: public DNS answers)"],
      ["medium", "AURA-DNS-2", "reports-abcdef-234567.endpoints.neo4j.io removed (answered 10.10.0.5)"],
    ]);
    expect(r.stacks).toEqual([
      { stack: "aura-gcp-europe-west1", counts: { add: 0, change: 1, replace: 1, destroy: 1, deposed: 0, forget: 0, import: 0, drift: 0 }, other: [{ address: "google_dns_response_policy.dns_response_policy", action: "update", attributes: ["description"] }] },
    ]);
    const json = await runAuraSecure(["review", path.join(FIXTURES, "aura-gcp-europe-west1.json"), "--format", "json", "--fail-on", "high"]);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).findings[0].ruleId).toBe("AURA-NET-1");
  });

  test("--output writes the comment to a file and nothing to stdout; JSON carries the Mermaid picture", async () => {
    const out = path.join(tmp, "review.md");
    const r = await runAuraSecure(["review", FIXTURES, "--output", out]);
    expect(r).toMatchObject({ code: 0, stdout: "", stderr: "" });
    const md = fs.readFileSync(out, "utf8");
    expect(md).toMatch(/^## Aura plan review\n/);
    expect(md).toContain("#### HIGH AURA-NET-1: Private endpoint replaced or deleted (`aura-gcp-europe-west1`)");
    expect(md).toContain('aura_gcp_europe_west1_endpoint["PSC forwarding rule [replaced]<br/>production-orch-0002-psc2"]');
    const json = JSON.parse((await runAuraSecure(["review", FIXTURES, "--format", "json"])).stdout);
    expect(json.mermaid).toMatch(/^  class [^\n]*\baura_gcp_europe_west1_endpoint\b[^\n]* replaced$/m);
  });

  test("the installed binary exits 2 on --fail-on high (the pipeline gate) and 1 on a bad flag", () => {
    const bin = path.join(__dirname, "..", "..", "..", "bin", "aura-secure.js");
    const gate = spawnSync(process.execPath, [bin, "review", FIXTURES, "--fail-on", "high"], { encoding: "utf8" });
    expect(gate.status).toBe(2);
    expect(gate.stdout).toContain("#### HIGH AURA-NET-1");
    const bad = spawnSync(process.execPath, [bin, "review", FIXTURES, "--fail-on", "low"], { encoding: "utf8" });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--fail-on <severity>.*Allowed choices are high, medium/);
  });

  test("the same input gives byte-identical output", async () => {
    const a = await runAuraSecure(["review", FIXTURES]);
    const b = await runAuraSecure(["review", FIXTURES]);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toContain("- `aura-gcp-europe-west1`: 0 to add, 1 to change, 1 to replace, 1 to destroy");
    expect(a.stdout).toContain("- `aura-azure-eastus`: 0 to add, 2 to change, 1 to replace, 1 to destroy");
  });
});

describe("hand-built Azure plan (documented format)", () => {
  test("purge protection off, Aura's key role removed and the endpoint replaced are high; a tag change is only summarized", () => {
    const r = reviewPlans(loadPlans([path.join(FIXTURES, "aura-azure-eastus.json")]));
    expect(r.findings.map((f) => [f.severity, f.ruleId, f.address])).toEqual([
      ["high", "AURA-KEY-5", "azurerm_key_vault.cmk_vault"],
      ["high", "AURA-NET-1", "azurerm_private_endpoint.private_link_endpoint"],
      ["high", "AURA-KEY-6", "azurerm_role_assignment.cmk_aura_crypto_officer"],
    ]);
    expect(r.stacks[0]!.other).toEqual([{ address: "azurerm_private_dns_zone.dns_zone_endpoints", action: "update", attributes: ["tags"] }]);
  });
});

describe("shared networks", () => {
  test("from the config: two AWS regions in one VPC share it; stack names match the app's", () => {
    const c = structuredClone(exampleConfig) as any;
    c.regions[1].network.vpcId = c.regions[0].network.vpcId;
    c.regions[1].dns.customEndpointRecords = "per-endpoint";
    const config = parseConfig(c);
    const nets = networksFromConfig(config);
    expect([...nets.keys()]).toEqual(["aura-aws-us-east-1", "aura-aws-eu-west-1", "aura-gcp-europe-west1", "aura-azure-eastus"]);
    expect(sharedWith(nets, "aura-aws-us-east-1")).toEqual(["aura-aws-eu-west-1"]);
    expect(sharedWith(networksFromConfig(parseConfig(exampleConfig)), "aura-aws-us-east-1")).toEqual([]);
  });

  test("from the plans: a zone's VPC associations count", () => {
    const plan = (stack: string, vpc: string) =>
      parsePlanJson(JSON.stringify({ format_version: "1.2", resource_changes: [{ address: "aws_route53_zone.z", type: "aws_route53_zone", name: "z", change: { actions: ["create"], before: null, after: { name: "endpoints.neo4j.io", vpc: [{ vpc_id: vpc }] } } }] }), "f", stack);
    const nets = networksFromPlans([plan("a", "vpc-1"), plan("b", "vpc-1"), plan("c", "vpc-2")]);
    expect(sharedWith(nets, "a")).toEqual(["b"]);
    expect(sharedWith(nets, "c")).toEqual([]);
  });

  test("--config makes a new *.endpoints.neo4j.io wildcard a high finding when another region shares the VPC", async () => {
    const c = structuredClone(exampleConfig) as any;
    c.regions[0].network.additionalVpcs = [{ vpcId: c.regions[1].network.vpcId, region: "eu-west-1" }];
    c.regions[0].dns.customEndpointRecords = "per-endpoint";
    const cfg = file("cfg/config.json", JSON.stringify(c));
    const plan = file(
      "wild/aura-aws-eu-west-1.json",
      JSON.stringify({ format_version: "1.2", resource_changes: [{ address: 'aws_route53_record.r["*"]', type: "aws_route53_record", name: "r", index: "*", change: { actions: ["create"], before: null, after: { name: "*.endpoints.neo4j.io", type: "A" } } }] }),
    );
    const without = await runAuraSecure(["review", plan, "--fail-on", "high"]);
    expect(without.code).toBe(0);
    const withConfig = await runAuraSecure(["review", plan, "--config", cfg, "--fail-on", "high", "--format", "json"]);
    expect(withConfig.stderr).toBe("");
    expect(withConfig.code).toBe(2);
    expect(JSON.parse(withConfig.stdout).findings).toEqual([expect.objectContaining({ ruleId: "AURA-DNS-3", detail: "*.endpoints.neo4j.io added; the network is shared with aura-aws-us-east-1" })]);
  });
});

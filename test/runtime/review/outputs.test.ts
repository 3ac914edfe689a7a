import "@microsoft/jest-sarif";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseAcknowledgements, addressGlob, applyAcknowledgements } from "../../../runtime/review/acknowledgements";
import { buildGraph } from "../../../runtime/review/graph";
import { instancesFromPlans } from "../../../runtime/review/instances";
import { renderMarkdown } from "../../../runtime/review/markdown";
import { changeKind, loadPlans, type ResourceChange } from "../../../runtime/review/plan-format";
import { reviewPlans } from "../../../runtime/review/review";
import type { Finding } from "../../../runtime/review/rule";
import { RULE_IDS, RULES } from "../../../runtime/review/rules";
import { renderSarif } from "../../../runtime/review/sarif";
import { runAuraSecure } from "../../support/run-cli";

/** The GCP fixture (hand-built, documented format) gives: NET-1 high, DNS-4 high, DNS-2 medium. */
const GCP = path.join(__dirname, "fixtures", "aura-gcp-europe-west1.json");
const STACK = "aura-gcp-europe-west1";
let tmp: string;
beforeAll(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aura-review-out-"))));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const write = (name: string, body: string) => {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, body);
  return p;
};

describe("acknowledgements", () => {
  test("an acknowledged finding is shown with its reason and does not gate; the others still do", async () => {
    const file = write(
      "ack1.yaml",
      `acknowledgements:
  - rule: AURA-NET-1
    address: google_compute_forwarding_rule.*
    stack: aura-gcp-*
    reason: "CHG-1234: the PSC target moves to the new service attachment"
    expires: 2027-01-31
  - rule: AURA-DNS-4
    address: google_dns_response_policy_rule.dns_rules_endpoints["reports-abcdef-234567"]
    reason: "CHG-1235: the reports endpoint is retired"
    expires: "2027-01-31"
`,
    );
    const r = await runAuraSecure(["review", GCP, "--acknowledgements", file, "--today", "2026-12-06", "--fail-on", "high"]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toContain("**1 medium** finding(s) in 1 stack(s). 2 acknowledged finding(s) do not gate.");
    expect(r.stdout).toContain("### Acknowledged findings (not gating)");
    expect(r.stdout).toContain("Acknowledged until 2027-01-31: CHG-1234: the PSC target moves to the new service attachment");
    expect((await runAuraSecure(["review", GCP, "--acknowledgements", file, "--today", "2026-12-06", "--fail-on", "medium"])).code).toBe(2);
  });

  test("an expired acknowledgement gates again and says it expired", async () => {
    const file = write("ack2.yaml", `acknowledgements:\n  - rule: AURA-NET-1\n    address: "*"\n    reason: "temporary: the move was planned for November"\n    expires: 2026-11-30\n`);
    const r = await runAuraSecure(["review", GCP, "--acknowledgements", file, "--today", "2026-12-06", "--fail-on", "high", "--format", "json"]);
    expect(r.code).toBe(2);
    const net = JSON.parse(r.stdout).findings.find((f: Finding) => f.ruleId === "AURA-NET-1");
    expect(net.acknowledged).toEqual({ reason: "temporary: the move was planned for November", expires: "2026-11-30", expired: true, entry: `${file}: acknowledgements[0]` });
    const md = (await runAuraSecure(["review", GCP, "--acknowledgements", file, "--today", "2026-12-06"])).stdout;
    expect(md).toContain("**Acknowledgement expired on 2026-11-30: gates again**");
    // Valid through its own day.
    expect((await runAuraSecure(["review", GCP, "--acknowledgements", file, "--today", "2026-11-30", "--fail-on", "high"])).stdout).toContain("Acknowledged until 2026-11-30");
  });

  test("an entry that matches nothing is reported as stale", async () => {
    const file = write("ack3.yaml", `acknowledgements:\n  - rule: AURA-SG-1\n    address: aws_vpc_security_group_ingress_rule.*\n    reason: "old exception"\n    expires: 2027-06-30\n`);
    const r = await runAuraSecure(["review", GCP, "--acknowledgements", file, "--today", "2026-12-06"]);
    expect(r.stdout).toContain("### Stale acknowledgements");
    expect(r.stdout).toContain(`${file}: acknowledgements\\[0\\]: AURA-SG-1 \`aws_vpc_security_group_ingress_rule.*\` (expires 2027-06-30): old exception`);
  });

  test("aura-review.yaml in the working folder is read when no file is given", async () => {
    const dir = fs.mkdtempSync(path.join(tmp, "cwd-"));
    fs.writeFileSync(path.join(dir, "aura-review.yaml"), `acknowledgements:\n  - rule: AURA-DNS-2\n    address: "*"\n    reason: "retired endpoint"\n    expires: 2027-01-01\n`);
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const r = await runAuraSecure(["review", GCP, "--today", "2026-12-06", "--format", "json"]);
      expect(JSON.parse(r.stdout).findings.find((f: Finding) => f.ruleId === "AURA-DNS-2").acknowledged.entry).toBe("aura-review.yaml: acknowledgements[0]");
    } finally {
      process.chdir(cwd);
    }
  });

  test.each([
    ["no reason", `acknowledgements:\n  - rule: AURA-SG-1\n    address: x\n    expires: 2027-01-01\n`, /acknowledgements\[0\]\.reason: .*is required: say why the finding is accepted/],
    ["an empty reason", `acknowledgements:\n  - rule: AURA-SG-1\n    address: x\n    reason: "  "\n    expires: 2027-01-01\n`, /acknowledgements\[0\]\.reason: .*is required/],
    ["no expiry", `acknowledgements:\n  - rule: AURA-SG-1\n    address: x\n    reason: because\n`, /acknowledgements\[0\]\.expires: .*a date like 2027-01-31/],
    ["a date that does not exist", `acknowledgements:\n  - rule: AURA-SG-1\n    address: x\n    reason: because\n    expires: 2027-02-30\n`, /acknowledgements\[0\]\.expires: got "2027-02-30"; must be a date like 2027-01-31 \(YYYY-MM-DD\)/],
    ["an unknown rule", `acknowledgements:\n  - rule: AURA-XX-9\n    address: x\n    reason: because\n    expires: 2027-01-01\n`, /acknowledgements\[0\]\.rule: got "AURA-XX-9"; is not a rule of this review; known rules: AURA-ACC-1, /],
    ["an unknown key", `acknowledgements:\n  - rule: AURA-SG-1\n    address: x\n    reason: because\n    expires: 2027-01-01\n    until: 2028-01-01\n`, /acknowledgements\[0\].*until/],
    ["not a list", `acknowledgements: yes\n`, /acknowledgements: .*must be a list of \{rule, address, stack\?, reason, expires\}/],
    ["a duplicate key", `acknowledgements: []\nacknowledgements: []\n`, /not valid YAML \(line 2, column 1\)/],
  ])("%s is refused with the entry, the value and what is allowed", async (_n, body, message) => {
    const file = write(`bad-${_n.replace(/\W/g, "")}.yaml`, body);
    expect(() => parseAcknowledgements(body, file, RULE_IDS)).toThrow(message);
    const r = await runAuraSecure(["review", GCP, "--acknowledgements", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: /);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  test("address globs: * any run, ? one character, brackets and quotes literal", () => {
    expect(addressGlob('aws_route53_record.r["*"]').test('aws_route53_record.r["*"]')).toBe(true);
    expect(addressGlob("aws_route53_record.r[*]").test('aws_route53_record.r["a/b"]')).toBe(true);
    expect(addressGlob("aws_route53_record.?").test("aws_route53_record.rr")).toBe(false);
    expect(addressGlob("aws_kms_key.cmk").test("aws_kms_key.cmk_key")).toBe(false);
  });

  test("the first matching entry wins; a finding of another stack is not matched by a stack glob", () => {
    const f = (stack: string): Finding => ({ ruleId: "AURA-SG-1", severity: "high", title: "t", stack, address: "a.b", action: "update", detail: "d", meaning: "m", fix: "f" });
    const ack = { file: "f.yaml", entries: [{ rule: "AURA-SG-1", address: "a.*", stack: "aura-aws-*", reason: "one", expires: "2027-01-01" }, { rule: "AURA-SG-1", address: "*", reason: "two", expires: "2027-01-01" }] };
    const { findings, stale } = applyAcknowledgements([f("aura-aws-us-east-1"), f("aura-gcp-x")], ack, new Date("2026-12-06T00:00:00Z"));
    expect(findings.map((x) => x.acknowledged?.reason)).toEqual(["one", "two"]);
    expect(stale).toEqual([]);
  });
});

describe("SARIF", () => {
  test("--format sarif is a valid SARIF 2.1.0 log (official schema) with rules, levels, locations (the address's line in the plan file) and suppressions", async () => {
    const file = write("ack-sarif.yaml", `acknowledgements:\n  - rule: AURA-DNS-2\n    address: "*"\n    reason: "retired endpoint"\n    expires: 2027-01-01\n  - rule: AURA-SG-1\n    address: "*"\n    reason: "stale one"\n    expires: 2027-01-01\n`);
    const r = await runAuraSecure(["review", GCP, "--format", "sarif", "--acknowledgements", file, "--today", "2026-12-06"]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    const log = JSON.parse(r.stdout);
    expect(log).toBeValidSarifLog();
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((x: { id: string }) => x.id)).toEqual([...RULE_IDS]);
    expect(run.tool.driver.rules.find((x: { id: string }) => x.id === "AURA-SG-1")).toMatchObject({ defaultConfiguration: { level: "error" }, properties: { "security-severity": "8.0" } });
    const byRule = Object.fromEntries(run.results.map((x: { ruleId: string }) => [x.ruleId, x]));
    expect(byRule["AURA-NET-1"]).toMatchObject({
      level: "error",
      locations: [{ physicalLocation: { artifactLocation: { uri: path.relative(process.cwd(), GCP).split(path.sep).join("/") }, region: { startLine: 7 } }, logicalLocations: [{ fullyQualifiedName: `${STACK}/google_compute_forwarding_rule.psc_forwarding_rule`, kind: "resource" }] }],
    });
    expect(byRule["AURA-NET-1"].suppressions).toBeUndefined();
    expect(byRule["AURA-DNS-2"]).toMatchObject({ level: "warning", suppressions: [{ kind: "external", status: "accepted", justification: expect.stringContaining("retired endpoint") }] });
    expect(run.invocations[0].toolConfigurationNotifications).toEqual([expect.objectContaining({ level: "warning", message: { text: expect.stringContaining("stale acknowledgement: AURA-SG-1") } })]);
    // Deterministic.
    expect((await runAuraSecure(["review", GCP, "--format", "sarif", "--acknowledgements", file, "--today", "2026-12-06"])).stdout).toBe(r.stdout);
  });

  test("a review of every rule's findings (deposed, drift, expired acknowledgement, Cypher) still validates", () => {
    const findings: Finding[] = RULES.map((r, i) => ({
      ruleId: r.id,
      severity: r.severity,
      title: r.title,
      stack: "s",
      address: `x.y${i}`,
      action: "update",
      detail: "d <&> \"q\"",
      meaning: r.meaning,
      fix: r.fix,
      ...(i % 3 === 0 ? { deposed: "00000001" } : {}),
      ...(i % 4 === 0 ? { drift: true } : {}),
      ...(i % 5 === 0 ? { acknowledged: { reason: "r", expires: "2026-01-01", expired: true, entry: "f: acknowledgements[0]" } } : {}),
      ...(i % 7 === 0 ? { cypher: ["GRANT ACCESS ON DATABASE `x` TO `y`"] } : {}),
    }));
    const log = JSON.parse(renderSarif({ stacks: [], findings, stale: [] }, { toolVersion: "0.1.0", rules: RULES, planFile: () => "plans/my stack/plan.json" }));
    expect(log).toBeValidSarifLog();
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("plans/my%20stack/plan.json");
  });
});

describe("Markdown", () => {
  test("long lists and long details fold into <details>; counts keep deposed deletes, forgets, imports and drift", () => {
    const rc = (i: number): ResourceChange => ({ stack: "s", address: `aws_route53_record.r["n${i}"]`, type: "aws_route53_record", name: "r", kind: changeKind(["delete"]), actions: ["delete"], before: { name: `n${i}.production-orch-0000.neo4j.io`, records: ["10.0.0.1"] }, after: null, afterUnknown: {}, replacePaths: [] });
    const changes = Array.from({ length: 12 }, (_, i) => rc(i));
    const deposed: ResourceChange = { ...rc(99), address: "aws_kms_key.k", type: "aws_kms_key", deposed: "00000001", before: { description: "x".repeat(500) } };
    const result = reviewPlans([{ stack: "s", file: "s.json", changes: [...changes, deposed], drift: [{ ...rc(1), kind: "update", actions: ["update"], after: { name: "n1.production-orch-0000.neo4j.io", records: ["10.9.9.9"] } }] }], { now: new Date("2026-12-06T00:00:00Z") });
    const md = renderMarkdown(result, buildGraph(instancesFromPlans([])));
    expect(md).toContain("- `s`: 0 to add, 0 to change, 0 to replace, 13 to destroy (1 deposed), 1 changed outside Terraform");
    expect(md).toContain("<details><summary>6 more finding(s)</summary>");
    expect(md).toContain("(deposed object `00000001`)");
    expect(md).toContain("(changed outside Terraform)");
  });
});

describe("the example's diagram", () => {
  test("plans review the same from the CLI and the library (real fixture files)", () => {
    const plans = loadPlans([GCP]);
    expect(reviewPlans(plans, { now: new Date("2026-12-06T00:00:00Z") }).findings.map((f) => f.ruleId)).toEqual(["AURA-NET-1", "AURA-DNS-4", "AURA-DNS-2"]);
  });
});

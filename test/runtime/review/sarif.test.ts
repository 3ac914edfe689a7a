import "@microsoft/jest-sarif";
import type { ReviewResult } from "../../../runtime/review/review";
import type { Finding, Rule, Severity } from "../../../runtime/review/rule";
import { fileUri, renderSarif, SARIF_SCHEMA } from "../../../runtime/review/sarif";

/**
 * renderSarif on hand-built findings and rules: the whole log is compared with values written out here
 * (fingerprints: sha256 of the NUL-joined parts, computed once outside the code under test).
 */

const rule = (id: string, severity: Severity, name: string): Rule => ({ id, severity, title: `${name} title`, meaning: `${name} means`, fix: `${name} fix` });
const RULE_B = rule("AURA-B-1", "high", "B");
const RULE_Z = rule("AURA-Z-1", "medium", "Z");
const RULE_A = rule("AURA-A-1", "low", "A");

const TAGS = ["security", "terraform", "neo4j-aura"];
const DRIFT_DESCRIPTOR = {
  id: "AURA-DRIFT-1",
  name: "AURADRIFT1",
  shortDescription: { text: "Changed outside Terraform" },
  fullDescription: { text: "Someone changed this resource outside Terraform since the last apply (resource_drift); the posture rules judge the drift itself as well." },
  help: { text: "Find out who changed it and why; put the change into the configuration, or apply the plan to put it back." },
  defaultConfiguration: { level: "warning" },
  properties: { "security-severity": "5.0", tags: TAGS },
};

const result = (findings: Finding[], stale: ReviewResult["stale"] = []): ReviewResult => ({ stacks: [], findings, stale });

describe("renderSarif: the whole log", () => {
  test("no rules, no findings: the exact text (2-space JSON, the schema, the drift rule, a final newline)", () => {
    const text = renderSarif(result([]), { toolVersion: "1.2.3", rules: [], planFile: () => undefined });
    expect(text).toBe(`{
  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
  "version": "2.1.0",
  "runs": [
    {
      "tool": {
        "driver": {
          "name": "aura-secure review",
          "version": "1.2.3",
          "rules": [
            {
              "id": "AURA-DRIFT-1",
              "name": "AURADRIFT1",
              "shortDescription": {
                "text": "Changed outside Terraform"
              },
              "fullDescription": {
                "text": "Someone changed this resource outside Terraform since the last apply (resource_drift); the posture rules judge the drift itself as well."
              },
              "help": {
                "text": "Find out who changed it and why; put the change into the configuration, or apply the plan to put it back."
              },
              "defaultConfiguration": {
                "level": "warning"
              },
              "properties": {
                "security-severity": "5.0",
                "tags": [
                  "security",
                  "terraform",
                  "neo4j-aura"
                ]
              }
            }
          ]
        }
      },
      "invocations": [
        {
          "executionSuccessful": true,
          "toolConfigurationNotifications": []
        }
      ],
      "results": []
    }
  ]
}
`);
    expect(SARIF_SCHEMA).toBe("https://json.schemastore.org/sarif-2.1.0.json");
    expect(JSON.parse(text)).toBeValidSarifLog();
  });

  test("rules sorted by id around the drift rule; findings plain, deposed, drifted, acknowledged, expired, of an unknown rule; stale entries", () => {
    const findings: Finding[] = [
      {
        ruleId: "AURA-B-1",
        severity: "high",
        title: "Endpoint replaced",
        stack: "aura-aws-us-east-1",
        address: 'aws_vpc_endpoint.e["x"]',
        action: "replace",
        detail: 'the service changes from "a" to "b"',
        meaning: "m",
        fix: "f",
      },
      {
        ruleId: "AURA-Z-1",
        severity: "medium",
        title: "Key deleted",
        stack: "aura-aws-us-east-1",
        address: "aws_kms_key.k",
        action: "delete",
        detail: "deletion window 7 days",
        meaning: "m",
        fix: "f",
        deposed: "00000001",
        cypher: ["GRANT ACCESS ON DATABASE `neo4j` TO `reader`"],
        acknowledged: { reason: "CHG-1: planned", expires: "2027-01-31", expired: false, entry: "aura-review.yaml: acknowledgements[0]" },
      },
      {
        ruleId: "AURA-DRIFT-1",
        severity: "medium",
        title: "Changed outside Terraform",
        stack: "t",
        address: "aws_security_group.sg",
        action: "update",
        detail: "ingress 0.0.0.0/0 added",
        meaning: "m",
        fix: "f",
        drift: true,
        acknowledged: { reason: "old", expires: "2026-11-30", expired: true, entry: "aura-review.yaml: acknowledgements[2]" },
      },
      { ruleId: "AURA-GONE-9", severity: "low", title: "Gone", stack: "t", address: "x.y", action: "create", detail: "d", meaning: "m", fix: "f", cypher: [] },
    ];
    const stale = [
      { entry: "aura-review.yaml: acknowledgements[3]", rule: "AURA-B-1", address: "aws_vpc_endpoint.*", stack: "aura-gcp-*", reason: "r", expires: "2027-01-01" },
      { entry: "aura-review.yaml: acknowledgements[4]", rule: "AURA-A-1", address: "x.*", reason: "r", expires: "2027-01-01" },
    ];
    const log = JSON.parse(
      renderSarif(result(findings, stale), {
        toolVersion: "9.9.9",
        rules: [RULE_B, RULE_Z, RULE_A],
        planFile: (stack) => (stack === "aura-aws-us-east-1" ? "plans/aura aws/plan.json" : undefined),
        lineOf: () => 7,
      }),
    );
    expect(log).toBeValidSarifLog();
    const location = (stack: string, address: string, startLine: number) => ({
      physicalLocation: { artifactLocation: { uri: "plans/aura%20aws/plan.json" }, region: { startLine } },
      logicalLocations: [{ fullyQualifiedName: `${stack}/${address}`, name: address, kind: "resource" }],
    });
    expect(log).toEqual({
      $schema: "https://json.schemastore.org/sarif-2.1.0.json",
      version: "2.1.0",
      runs: [
        {
          tool: {
            driver: {
              name: "aura-secure review",
              version: "9.9.9",
              rules: [
                { id: "AURA-A-1", name: "AURAA1", shortDescription: { text: "A title" }, fullDescription: { text: "A means" }, help: { text: "A fix" }, defaultConfiguration: { level: "note" }, properties: { "security-severity": "2.0", tags: TAGS } },
                { id: "AURA-B-1", name: "AURAB1", shortDescription: { text: "B title" }, fullDescription: { text: "B means" }, help: { text: "B fix" }, defaultConfiguration: { level: "error" }, properties: { "security-severity": "8.0", tags: TAGS } },
                DRIFT_DESCRIPTOR,
                { id: "AURA-Z-1", name: "AURAZ1", shortDescription: { text: "Z title" }, fullDescription: { text: "Z means" }, help: { text: "Z fix" }, defaultConfiguration: { level: "warning" }, properties: { "security-severity": "5.0", tags: TAGS } },
              ],
            },
          },
          invocations: [
            {
              executionSuccessful: true,
              toolConfigurationNotifications: [
                {
                  level: "warning",
                  message: { text: "aura-review.yaml: acknowledgements[3]: stale acknowledgement: AURA-B-1 aws_vpc_endpoint.* in aura-gcp-* matches no finding; remove or fix it" },
                  descriptor: { id: "AURA-ACK-STALE" },
                },
                {
                  level: "warning",
                  message: { text: "aura-review.yaml: acknowledgements[4]: stale acknowledgement: AURA-A-1 x.* matches no finding; remove or fix it" },
                  descriptor: { id: "AURA-ACK-STALE" },
                },
              ],
            },
          ],
          results: [
            {
              ruleId: "AURA-B-1",
              ruleIndex: 1,
              level: "error",
              message: { text: 'Endpoint replaced: replace aws_vpc_endpoint.e["x"] in aura-aws-us-east-1: the service changes from "a" to "b".' },
              locations: [location("aura-aws-us-east-1", 'aws_vpc_endpoint.e["x"]', 7)],
              partialFingerprints: { "auraReviewFinding/v1": "1fb57ec70a8fb2e4cda69ba0c5a22d6d92203885eb56c832244320d2a298bd69" },
              properties: { severity: "high", stack: "aura-aws-us-east-1", address: 'aws_vpc_endpoint.e["x"]', action: "replace" },
            },
            {
              ruleId: "AURA-Z-1",
              ruleIndex: 3,
              level: "warning",
              message: { text: "Key deleted: delete aws_kms_key.k (deposed object 00000001) in aura-aws-us-east-1: deletion window 7 days." },
              locations: [location("aura-aws-us-east-1", "aws_kms_key.k", 7)],
              partialFingerprints: { "auraReviewFinding/v1": "7bc6f2932ee9ed65930626d45526fa31f3a00a4d169c0f1851c40124b61ea83f" },
              suppressions: [{ kind: "external", status: "accepted", justification: "CHG-1: planned (until 2027-01-31; aura-review.yaml: acknowledgements[0])" }],
              properties: { severity: "medium", stack: "aura-aws-us-east-1", address: "aws_kms_key.k", action: "delete", deposed: "00000001", cypher: ["GRANT ACCESS ON DATABASE `neo4j` TO `reader`"] },
            },
            {
              ruleId: "AURA-DRIFT-1",
              ruleIndex: 2,
              level: "warning",
              message: {
                text: "Changed outside Terraform: update aws_security_group.sg (changed outside Terraform) in t: ingress 0.0.0.0/0 added. Acknowledgement expired on 2026-11-30 (aura-review.yaml: acknowledgements[2]): it gates again.",
              },
              locations: [{ logicalLocations: [{ fullyQualifiedName: "t/aws_security_group.sg", name: "aws_security_group.sg", kind: "resource" }] }],
              partialFingerprints: { "auraReviewFinding/v1": "13a0148f11e740b8db0609d0bb314867be5af7b4e5e634fd4cd7e1938e15417c" },
              properties: { severity: "medium", stack: "t", address: "aws_security_group.sg", action: "update", drift: true, acknowledgementExpired: "2026-11-30" },
            },
            {
              ruleId: "AURA-GONE-9",
              ruleIndex: -1,
              level: "note",
              message: { text: "Gone: create x.y in t: d." },
              locations: [{ logicalLocations: [{ fullyQualifiedName: "t/x.y", name: "x.y", kind: "resource" }] }],
              partialFingerprints: { "auraReviewFinding/v1": "fb174807a8e9dd83f881927d5d426d8edd0c0a25ad806e2394b7054b679d6e38" },
              properties: { severity: "low", stack: "t", address: "x.y", action: "create" },
            },
          ],
        },
      ],
    });
  });

  test("a rule of the same id as the drift rule keeps its place before it (a stable sort); results point at the later one", () => {
    const own = rule("AURA-DRIFT-1", "high", "Own");
    const drifted: Finding = { ruleId: "AURA-DRIFT-1", severity: "medium", title: "T", stack: "s", address: "a.b", action: "update", detail: "d", meaning: "m", fix: "f", drift: true };
    const log = JSON.parse(renderSarif(result([drifted]), { toolVersion: "0", rules: [own], planFile: () => undefined }));
    expect(log.runs[0].results[0].ruleIndex).toBe(1);
    expect(log.runs[0].tool.driver.rules).toEqual([
      { id: "AURA-DRIFT-1", name: "AURADRIFT1", shortDescription: { text: "Own title" }, fullDescription: { text: "Own means" }, help: { text: "Own fix" }, defaultConfiguration: { level: "error" }, properties: { "security-severity": "8.0", tags: TAGS } },
      DRIFT_DESCRIPTOR,
    ]);
  });
});

describe("renderSarif: severities and acknowledgements", () => {
  test.each<[Severity, string, string]>([
    ["high", "error", "8.0"],
    ["medium", "warning", "5.0"],
    ["low", "note", "2.0"],
  ])("severity %s is level %s and security-severity %s, for the rule and for the result", (severity, level, securitySeverity) => {
    const finding: Finding = { ruleId: "AURA-S-1", severity, title: "T", stack: "s", address: "a.b", action: "update", detail: "d", meaning: "m", fix: "f" };
    const log = JSON.parse(renderSarif(result([finding]), { toolVersion: "0", rules: [rule("AURA-S-1", severity, "S")], planFile: () => "p.json" }));
    expect(log.runs[0].tool.driver.rules[1]).toEqual({
      id: "AURA-S-1",
      name: "AURAS1",
      shortDescription: { text: "S title" },
      fullDescription: { text: "S means" },
      help: { text: "S fix" },
      defaultConfiguration: { level },
      properties: { "security-severity": securitySeverity, tags: TAGS },
    });
    expect(log.runs[0].results).toEqual([
      {
        ruleId: "AURA-S-1",
        ruleIndex: 1,
        level,
        message: { text: "T: update a.b in s: d." },
        locations: [{ physicalLocation: { artifactLocation: { uri: "p.json" }, region: { startLine: 1 } }, logicalLocations: [{ fullyQualifiedName: "s/a.b", name: "a.b", kind: "resource" }] }],
        partialFingerprints: { "auraReviewFinding/v1": "54beca25ee43a0f9dd7f73831244a93599df38d0c99048987b41c473f6359a37" },
        properties: { severity, stack: "s", address: "a.b", action: "update" },
      },
    ]);
  });

  const base: Finding = { ruleId: "AURA-S-1", severity: "high", title: "T", stack: "s", address: "a.b", action: "update", detail: "d", meaning: "m", fix: "f" };
  test.each<[string, Finding["acknowledged"], string, unknown, Record<string, unknown>]>([
    ["not acknowledged", undefined, "T: update a.b in s: d.", undefined, {}],
    ["acknowledged, valid", { reason: "why", expires: "2027-01-01", expired: false, entry: "e[0]" }, "T: update a.b in s: d.", [{ kind: "external", status: "accepted", justification: "why (until 2027-01-01; e[0])" }], {}],
    ["acknowledged, expired", { reason: "why", expires: "2026-01-01", expired: true, entry: "e[1]" }, "T: update a.b in s: d. Acknowledgement expired on 2026-01-01 (e[1]): it gates again.", undefined, { acknowledgementExpired: "2026-01-01" }],
  ])("%s: message, suppressions and properties", (_name, acknowledged, text, suppressions, extra) => {
    const finding: Finding = { ...base, ...(acknowledged ? { acknowledged } : {}) };
    const [r] = JSON.parse(renderSarif(result([finding]), { toolVersion: "0", rules: [], planFile: () => undefined })).runs[0].results;
    expect(r.message).toEqual({ text });
    expect(r.suppressions).toEqual(suppressions);
    expect(r.properties).toEqual({ severity: "high", stack: "s", address: "a.b", action: "update", ...extra });
  });

  test.each<[string, Partial<Finding>, string, Record<string, unknown>]>([
    ["deposed", { deposed: "0000abcd" }, "T: update a.b (deposed object 0000abcd) in s: d.", { deposed: "0000abcd" }],
    ["drift", { drift: true }, "T: update a.b (changed outside Terraform) in s: d.", { drift: true }],
    ["deposed and drift", { deposed: "1", drift: true }, "T: update a.b (deposed object 1) (changed outside Terraform) in s: d.", { deposed: "1", drift: true }],
    ["neither (drift false, empty deposed)", { drift: false, deposed: "" }, "T: update a.b in s: d.", {}],
  ])("%s: message and properties", (_name, extra, text, properties) => {
    const [r] = JSON.parse(renderSarif(result([{ ...base, ...extra }]), { toolVersion: "0", rules: [], planFile: () => undefined })).runs[0].results;
    expect(r.message).toEqual({ text });
    expect(r.properties).toEqual({ severity: "high", stack: "s", address: "a.b", action: "update", ...properties });
  });
});

describe("fileUri", () => {
  test.each([
    ["plans/plan.json", "plans/plan.json"],
    ["plans/my stack/plan.json", "plans/my%20stack/plan.json"],
    ["plans\\win dows\\plan#1.json", "plans/win%20dows/plan%231.json"],
    ["pläne/ü?.json", "pl%C3%A4ne/%C3%BC%3F.json"],
    ["", ""],
  ])("%j is %j", (file, uri) => {
    expect(fileUri(file)).toBe(uri);
  });
});

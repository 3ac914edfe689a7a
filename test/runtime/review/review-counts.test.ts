import type { ResourceChange, StackPlan } from "../../../runtime/review/plan-format";
import { compareFindings, countChanges, reviewPlans, runRules } from "../../../runtime/review/review";
import type { Finding, Rule } from "../../../runtime/review/rule";
import { changeFactory } from "../../support/hand-built-plans";

const NOW = new Date("2026-12-06T12:00:00Z");
const plan = (stack: string, changes: ResourceChange[], drift: ResourceChange[] = []): StackPlan => ({ stack, file: `${stack}.json`, changes, drift });

describe("counts", () => {
  test("each kind once; deposed deletes and imports also on their own; drift by distinct address", () => {
    const c = changeFactory("c");
    const changes = [
      c("x", ["create"], null, {}),
      c("x", ["create"], null, {}),
      c("x", ["update"], {}, {}),
      c("x", ["delete", "create"], {}, {}),
      c("x", ["delete"], {}, null),
      c("x", ["delete"], {}, null, { deposed: "d1" }),
      c("x", ["forget"], {}, null),
      c("x", ["no-op"], {}, {}, { importing: { id: "i-1" } }),
      c("x", ["no-op"], {}, {}, { deposed: "d2" }),
      c("x", ["read"], null, {}),
    ];
    const d = changeFactory("d");
    const drift = [d("x", ["update"], {}, {}), d("x", ["update"], {}, {}), { ...d("x", ["update"], {}, {}), address: "x.d1" }];
    expect(countChanges(changes, drift)).toEqual({ add: 2, change: 1, replace: 1, destroy: 2, deposed: 1, forget: 1, import: 1, drift: 2 });
    expect(countChanges([])).toEqual({ add: 0, change: 0, replace: 0, destroy: 0, deposed: 0, forget: 0, import: 0, drift: 0 });
  });
});

const finding = (ruleId: string, extra: Partial<Finding> = {}): Finding => ({ ruleId, severity: "high", title: "t", stack: "s", address: "x.a", action: "delete", detail: "d", meaning: "m", fix: "f", ...extra });

describe("finding order", () => {
  test("the deposed key comes before the rule id; no key sorts first", () => {
    const a = finding("AURA-Z-1", { deposed: "a" });
    const b = finding("AURA-A-1", { deposed: "b" });
    const none = finding("AURA-Z-2");
    expect([compareFindings(a, b) < 0, compareFindings(b, a) > 0, compareFindings(none, a) < 0, compareFindings(a, none) > 0, compareFindings(a, a)]).toEqual([true, true, true, true, 0]);
    expect([b, a, none].sort(compareFindings).map((f) => `${f.ruleId}/${f.deposed ?? "-"}`)).toEqual(["AURA-Z-2/-", "AURA-Z-1/a", "AURA-A-1/b"]);
  });
});

describe("running rules", () => {
  const base = { severity: "low" as const, title: "T", meaning: "M", fix: "F" };
  const everyChange: Rule = { ...base, id: "AURA-T-1", check: (c) => [{ detail: `seen ${c.kind}`, ...(c.type === "with_cypher" ? { cypher: ["GRANT x"] } : {}) }, { detail: `seen ${c.kind}` }] };
  const stackRule: Rule = { ...base, id: "AURA-T-2", checkStack: (ctx) => ctx.stackChanges.filter((c) => c.deposed).flatMap((change) => [{ change, detail: "posture", severity: "high" as const }, { change, detail: "posture" }]) };

  test("active, importing and unknown-action changes are checked, no-op and read ones not; one finding per rule, change (deposed object) and detail", () => {
    const c = changeFactory("r");
    const changes = [
      c("x", ["update"], {}, {}),
      c("with_cypher", ["create"], null, {}),
      c("x", ["no-op"], {}, {}),
      c("x", ["read"], null, {}),
      c("x", ["no-op"], {}, {}, { importing: {} }),
      c("x", ["no-op"], {}, {}, { unknownActions: true } as Partial<ResourceChange>),
      { ...c("x", ["delete"], {}, null, { deposed: "d1" }), address: "x.r1" },
    ];
    const got = runRules([plan("s", changes, [c("x", ["update"], { a: 1 }, { a: 2 })])], new Map(), { now: NOW }, [everyChange, stackRule]);
    const shape = (f: Finding) => ({ ...f, title: undefined, meaning: undefined, fix: undefined, stack: undefined });
    expect(got.map(shape)).toEqual([
      { ruleId: "AURA-T-2", severity: "high", address: "x.r1", action: "delete", detail: "posture", deposed: "d1" },
      { ruleId: "AURA-T-1", severity: "low", address: "with_cypher.r2", action: "create", detail: "seen create", cypher: ["GRANT x"] },
      { ruleId: "AURA-T-1", severity: "low", address: "x.r1", action: "update", detail: "seen update" },
      { ruleId: "AURA-T-1", severity: "low", address: "x.r1", action: "delete", detail: "seen delete", deposed: "d1" },
      { ruleId: "AURA-T-1", severity: "low", address: "x.r5", action: "no-op", detail: "seen no-op" },
      { ruleId: "AURA-T-1", severity: "low", address: "x.r6", action: "no-op", detail: "seen no-op" },
    ].map((f) => ({ title: undefined, meaning: undefined, fix: undefined, stack: undefined, ...f })));
    expect(got.map((f) => [f.title, f.meaning, f.fix, f.stack])).toEqual(got.map(() => ["T", "M", "F", "s"]));
    expect(Object.keys(got[2]!)).not.toContain("cypher");
  });
});

describe("changes made outside Terraform", () => {
  const MEANING =
    "Someone changed this resource outside Terraform since the last apply (resource_drift). Changes that bypass the pipeline also bypass this review; the posture rules judge the drift itself as well (findings marked drift).";
  const FIX = "Find out who changed it and why (cloud audit logs); then either put the change into the configuration, or apply this plan to put it back.";
  const drift = (address: string, action: Finding["action"], detail: string, severity: Finding["severity"] = "medium"): Finding => ({
    ruleId: "AURA-DRIFT-1",
    severity,
    title: "Changed outside Terraform",
    stack: "s",
    address,
    action,
    detail,
    meaning: MEANING,
    fix: FIX,
    drift: true,
  });

  test("put back, kept, created again; cosmetic only is low; a deposed or other resource's change does not count", () => {
    const c = changeFactory("t");
    const d = changeFactory("t");
    const other = c("random_thing", ["update"], { size: 9, tags: {} }, { size: 1, tags: {} });
    const back = c("random_thing", ["update"], { size: 2 }, { size: 1 });
    const kept = c("random_thing", ["update"], { size: 2 }, { size: 2 });
    const halfBack = c("random_thing", ["delete", "create"], { size: 2, mode: "b" }, { size: 1, mode: "b" });
    const replacedBack = c("random_thing", ["delete", "create"], { size: 2 }, { size: 1 });
    const deposedOnly = c("random_thing", ["delete"], { size: 1 }, null, { deposed: "d9" });
    const gone = c("random_thing", ["create"], null, { size: 1 });
    const noAfter = c("random_thing", ["update"], { size: 2 }, null);
    const changes = [other, back, kept, halfBack, replacedBack, deposedOnly, gone, noAfter];
    const drifts = [
      d("random_thing", ["update"], { size: 1 }, { size: 2 }),
      d("random_thing", ["update"], { size: 1 }, { size: 2 }),
      d("random_thing", ["update"], { size: 1 }, { size: 2 }),
      d("random_thing", ["update"], { size: 1, mode: "a" }, { size: 2, mode: "b" }),
      d("random_thing", ["update"], { size: 1 }, { size: 2 }),
      d("random_thing", ["delete"], { tags: { a: "1" } }, null),
      d("random_thing", ["update"], { size: 1 }, { size: 2 }),
      d("random_thing", ["update"], { size: 1 }, { size: 2 }),
      { ...d("random_thing", ["update"], { tags: { a: "1" }, labels: {} }, { tags: { a: "2" }, labels: {} }), address: "random_thing.t1" },
    ];
    drifts[0] = { ...drifts[0]!, address: "random_thing.t9" };
    const got = reviewPlans([plan("s", changes, drifts)], { now: NOW }).findings.filter((f) => f.ruleId === "AURA-DRIFT-1");
    expect(got).toEqual([
      drift("random_thing.t2", "update", "size changed outside Terraform (e.g. in the console); this plan puts it back"),
      drift("random_thing.t3", "update", "size changed outside Terraform (e.g. in the console); this plan keeps it"),
      drift("random_thing.t4", "update", "mode, size changed outside Terraform (e.g. in the console); this plan keeps it"),
      drift("random_thing.t5", "update", "size changed outside Terraform (e.g. in the console); this plan puts it back"),
      drift("random_thing.t6", "delete", "deleted outside Terraform; this plan creates it again"),
      drift("random_thing.t7", "update", "size changed outside Terraform (e.g. in the console); this plan keeps it"),
      drift("random_thing.t8", "update", "size changed outside Terraform (e.g. in the console); this plan keeps it"),
      drift("random_thing.t9", "update", "size changed outside Terraform (e.g. in the console); this plan keeps it"),
      drift("random_thing.t1", "update", "tags changed outside Terraform (e.g. in the console); this plan keeps it", "low"),
    ]);
  });

  test("only the review's own rules report drift (custom rules do not)", () => {
    const d = changeFactory("u");
    expect(runRules([plan("s", [], [d("random_thing", ["update"], { size: 1 }, { size: 2 })])], new Map(), { now: NOW }, [])).toEqual([]);
  });
});

describe("the changes nothing flagged", () => {
  test("per stack in name order, in address order, with changed attributes for updates and replacements and the reason for removals", () => {
    const c = changeFactory("r");
    const rule = { security_group_id: "sg-1", cidr_ipv4: "10.0.0.0/16", from_port: 443, to_port: 443, ip_protocol: "tcp" };
    const sg = "aws_vpc_security_group_ingress_rule";
    const changes = [
      c("random_thing", ["update"], { tags: { a: "1" }, size: 1 }, { tags: { a: "2" }, size: 1 }, { actionReason: "replace_because_tainted" }),
      c(sg, ["delete"], rule, null, { actionReason: "delete_because_no_resource_config" }),
      c(sg, ["delete"], rule, null),
      c(sg, ["delete", "create"], { ...rule, description: "a" }, { ...rule, description: "b" }, { replacePaths: [["description"]] }),
      c(sg, ["delete", "create"], { ...rule, description: "a" }, { ...rule, description: "b" }),
      c("aws_kms_alias", ["create"], null, { name: "alias/x" }, { replacePaths: [["name"]] }),
      c("random_thing", ["no-op"], { tags: {} }, { tags: {} }),
      c("random_thing", ["create"], null, {}),
    ].reverse();
    const result = reviewPlans([plan("zz", []), plan("s", changes), plan("aa", [])], { now: NOW });
    expect(result.stacks.map((s) => s.stack)).toEqual(["aa", "s", "zz"]);
    expect(result.findings.map((f) => `${f.ruleId} ${f.address}`)).toEqual(["AURA-PLAN-1 random_thing.r8"]);
    expect(result.stacks[1]!.other).toStrictEqual([
      { address: "aws_kms_alias.r6", action: "create", attributes: [] },
      { address: `${sg}.r2`, action: "delete", attributes: [], reason: "deleted: no longer in the configuration" },
      { address: `${sg}.r3`, action: "delete", attributes: [] },
      { address: `${sg}.r4`, action: "replace", attributes: ["description"], reason: "replaced because description changed" },
      { address: `${sg}.r5`, action: "replace", attributes: ["description"] },
      { address: "random_thing.r1", action: "update", attributes: ["tags"] },
    ]);
  });
});

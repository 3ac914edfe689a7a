import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { acknowledgementsSchema, addressGlob, applyAcknowledgements, loadAcknowledgements, parseAcknowledgements, type AcknowledgementFile } from "../../../runtime/review/acknowledgements";
import type { Finding } from "../../../runtime/review/rule";
import { errorOf } from "../../support/error-of";

const RULES = ["AURA-SG-1", "AURA-NET-1"];
const parse = (text: string) => parseAcknowledgements(text, "ack.yaml", RULES);
const messageOf = (text: string): string => {
  try {
    parse(text);
  } catch (e) {
    return (e as Error).message;
  }
  return "(no error)";
};
const entry = (fields: string) => `acknowledgements:\n  - ${fields.split("\n").join("\n    ")}\n`;

describe("the acknowledgement file's validation names the entry, the value and what is allowed", () => {
  test.each([
    ["2027-01-31", "2027-01-31"],
    ["2028-02-29", "2028-02-29"],
  ])("%s is a date", (date, kept) => {
    expect(parse(entry(`rule: AURA-SG-1\naddress: a\nreason: why not\nexpires: "${date}"`)).entries[0]!.expires).toBe(kept);
  });

  test.each([
    ["a day past the month's end", "2027-02-30"],
    ["the 29th of February of a common year", "2027-02-29"],
    ["month 13 (rolls over into next year's January, day kept)", "2027-13-01"],
    ["month 00 (rolls back into last December, day kept)", "2027-00-10"],
    ["a two-digit year (Date.UTC reads 0050 as 1950, month and day kept)", "0050-01-01"],
    ["one-digit month", "2027-1-31"],
    ["a time of day", "2027-01-31T00:00:00Z"],
  ])("%s is not a date", (_what, date) => {
    expect(messageOf(entry(`rule: AURA-SG-1\naddress: a\nreason: why not\nexpires: "${date}"`))).toBe(
      `ack.yaml is not a valid acknowledgements file:\n  - acknowledgements[0].expires: got "${date}"; must be a date like 2027-01-31 (YYYY-MM-DD)`,
    );
  });

  test("a Date value (a YAML timestamp or a caller's object) is kept as its UTC day", () => {
    const schema = acknowledgementsSchema(RULES);
    const parsed = schema.parse({ acknowledgements: [{ rule: "AURA-SG-1", address: "a", reason: "why not", expires: new Date("2027-01-31T23:30:00Z") }] });
    expect(parsed.acknowledgements[0]!.expires).toBe("2027-01-31");
  });

  test.each([
    ["a rule that is not a string", "rule: true\naddress: a\nreason: why not\nexpires: 2027-01-01", "acknowledgements[0].rule: got true; must be a rule id like AURA-SG-1 (see docs/ci-review.md)"],
    ["a rule id of another shape", "rule: SG-1\naddress: a\nreason: why not\nexpires: 2027-01-01", 'acknowledgements[0].rule: got "SG-1"; must be a rule id like AURA-SG-1 (see docs/ci-review.md)\n  - acknowledgements[0].rule: got "SG-1"; is not a rule of this review; known rules: AURA-SG-1, AURA-NET-1'],
    ["an address that is not a string", "rule: AURA-SG-1\naddress: true\nreason: why not\nexpires: 2027-01-01", "acknowledgements[0].address: got true; must be a resource address, * and ? allowed, like aws_vpc_security_group_ingress_rule.privatelink_ingress_*"],
    ["an empty address", 'rule: AURA-SG-1\naddress: ""\nreason: why not\nexpires: 2027-01-01', 'acknowledgements[0].address: got ""; must not be empty'],
    ["a stack that is not a string", "rule: AURA-SG-1\naddress: a\nstack: true\nreason: why not\nexpires: 2027-01-01", "acknowledgements[0].stack: got true; must be a stack name, * and ? allowed, like aura-aws-us-east-1"],
    ["an empty stack", 'rule: AURA-SG-1\naddress: a\nstack: ""\nreason: why not\nexpires: 2027-01-01', 'acknowledgements[0].stack: got ""; must not be empty'],
    ["a reason that is not a string", "rule: AURA-SG-1\naddress: a\nreason: true\nexpires: 2027-01-01", "acknowledgements[0].reason: got true; is required: say why the finding is accepted (who decided, which ticket)"],
    ["a reason of two letters in spaces", 'rule: AURA-SG-1\naddress: a\nreason: "   ok   "\nexpires: 2027-01-01', 'acknowledgements[0].reason: got "ok"; is required: say why the finding is accepted (who decided, which ticket)'],
  ])("%s", (_what, fields, line) => {
    expect(messageOf(entry(fields))).toBe(`ack.yaml is not a valid acknowledgements file:\n  - ${line}`);
  });

  test("a list that is not a list, and two problems on two lines", () => {
    expect(messageOf("acknowledgements: 5\n")).toBe("ack.yaml is not a valid acknowledgements file:\n  - acknowledgements: got 5; must be a list of {rule, address, stack?, reason, expires}");
    expect(messageOf(entry("rule: SG-1\naddress: a\nreason: ab\nexpires: 2027-01-01"))).toBe(
      'ack.yaml is not a valid acknowledgements file:\n  - acknowledgements[0].rule: got "SG-1"; must be a rule id like AURA-SG-1 (see docs/ci-review.md)\n  - acknowledgements[0].rule: got "SG-1"; is not a rule of this review; known rules: AURA-SG-1, AURA-NET-1\n  - acknowledgements[0].reason: got "ab"; is required: say why the finding is accepted (who decided, which ticket)',
    );
  });

  test("the reason is kept without its surrounding spaces; stack only when given", () => {
    const parsed = parse(`acknowledgements:\n  - rule: AURA-SG-1\n    address: a\n    reason: "  INC-42 by sec  "\n    expires: 2027-01-01\n  - rule: AURA-NET-1\n    address: b\n    stack: aura-*\n    reason: why not\n    expires: 2027-02-01\n`);
    expect(parsed).toStrictEqual({
      file: "ack.yaml",
      entries: [
        { rule: "AURA-SG-1", address: "a", reason: "INC-42 by sec", expires: "2027-01-01" },
        { rule: "AURA-NET-1", address: "b", stack: "aura-*", reason: "why not", expires: "2027-02-01" },
      ],
    });
    expect(Object.keys(parsed.entries[0]!)).toEqual(["rule", "address", "reason", "expires"]);
  });

  test("a file of comments or a bare null holds no entries", () => {
    expect(parse("# nothing accepted yet\n")).toStrictEqual({ file: "ack.yaml", entries: [] });
    expect(parse("~\n")).toStrictEqual({ file: "ack.yaml", entries: [] });
    expect(parse("")).toStrictEqual({ file: "ack.yaml", entries: [] });
  });

  test("a YAML error names the file, the line and column, and only the message's first line", () => {
    expect(messageOf("acknowledgements: []\nacknowledgements: []\n")).toBe("ack.yaml: not valid YAML (line 2, column 1): Map keys must be unique at line 2, column 1:");
    expect(messageOf('acknowledgements:\n  - rule: "AURA-SG-1\n')).toMatch(/^ack\.yaml: not valid YAML \(line \d+, column \d+\): [^\n]+$/);
    expect(messageOf('acknowledgements:\n  - rule: "AURA-SG-1\n').split(": ").length).toBeGreaterThan(2);
  });
});

describe("address and stack globs", () => {
  test.each([
    ["aws_x.r_*", "aws_x.r_a", true],
    ["aws_x.r_*", "aws_x.r_", true],
    ["aws_x.r_*", "aws_x.s_a", false],
    ["a.*", "a.xyz", true],
    ["a?c", "abc", true],
    ["a?c", "ac", false],
    ["a?c", "abbc", false],
    ["a.c", "abc", false],
    ["r[0]", "r[0]", true],
    ["r[0]", "r0", false],
    ["r[01]", "r1", false],
    ["r(a|b)", "ra", false],
    ["r+", "rr", false],
    ["r{2}", "rr", false],
    ["r^$", "r^$", true],
    ["r\\d", "r\\d", true],
    ["r\\d", "r1", false],
    ["*", 'r["a\nb"]', true],
  ])("%j against %j: %s", (pattern, address, match) => {
    expect(addressGlob(pattern).test(address)).toBe(match);
  });
});

const finding = (ruleId: string, stack: string, address: string): Finding => ({ ruleId, severity: "high", title: "t", stack, address, action: "update", detail: "d", meaning: "m", fix: "f" });
const file = (...entries: AcknowledgementFile["entries"]): AcknowledgementFile => ({ file: "ack.yaml", entries });

describe("applying acknowledgements", () => {
  const f = finding("AURA-SG-1", "aura-aws-us-east-1", "aws_x.a");
  test.each([
    ["the day before its expiry", "2026-12-05T23:59:59.999Z", false],
    ["its expiry day, early", "2026-12-06T00:00:00.000Z", false],
    ["its expiry day, late", "2026-12-06T23:59:59.999Z", false],
    ["the day after", "2026-12-07T00:00:00.000Z", true],
    ["a day later in a zone ahead of UTC, still the expiry day in UTC", "2026-12-07T01:00:00+02:00", false],
  ])("on %s it is expired: %s", (_what, now, expired) => {
    const r = applyAcknowledgements([f], file({ rule: "AURA-SG-1", address: "aws_x.*", reason: "why", expires: "2026-12-06" }), new Date(now));
    expect(r).toEqual({ findings: [{ ...f, acknowledged: { reason: "why", expires: "2026-12-06", expired, entry: "ack.yaml: acknowledgements[0]" } }], stale: [] });
  });

  test("rule, address and stack must all match; the stale entries keep their stack only when they have one", () => {
    const other = finding("AURA-NET-1", "aura-gcp-xy", "google_y.b");
    const ack = file(
      { rule: "AURA-NET-1", address: "aws_x.*", reason: "wrong rule", expires: "2027-01-01" },
      { rule: "AURA-SG-1", address: "aws_x.?", stack: "aura-gcp-*", reason: "wrong stack", expires: "2027-01-01" },
      { rule: "AURA-SG-1", address: "aws_x.b", reason: "wrong address", expires: "2027-01-01" },
      { rule: "AURA-SG-1", address: "aws_x.?", stack: "aura-aws-*-1", reason: "this one", expires: "2027-01-01" },
      { rule: "AURA-NET-1", address: "google_y.b", stack: "aura-gcp-?", reason: "near miss", expires: "2027-01-01" },
    );
    const r = applyAcknowledgements([f, other], ack, new Date("2026-12-06T00:00:00Z"));
    expect(r.findings).toEqual([{ ...f, acknowledged: { reason: "this one", expires: "2027-01-01", expired: false, entry: "ack.yaml: acknowledgements[3]" } }, other]);
    expect(r.findings[1]).toBe(other);
    expect(r.stale).toStrictEqual([
      { entry: "ack.yaml: acknowledgements[0]", rule: "AURA-NET-1", address: "aws_x.*", reason: "wrong rule", expires: "2027-01-01" },
      { entry: "ack.yaml: acknowledgements[1]", rule: "AURA-SG-1", address: "aws_x.?", stack: "aura-gcp-*", reason: "wrong stack", expires: "2027-01-01" },
      { entry: "ack.yaml: acknowledgements[2]", rule: "AURA-SG-1", address: "aws_x.b", reason: "wrong address", expires: "2027-01-01" },
      { entry: "ack.yaml: acknowledgements[4]", rule: "AURA-NET-1", address: "google_y.b", stack: "aura-gcp-?", reason: "near miss", expires: "2027-01-01" },
    ]);
  });
});

describe("loading the acknowledgement file", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "aura-ack-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    fs.writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  const good = "acknowledgements:\n  - rule: AURA-SG-1\n    address: a\n    reason: why not\n    expires: 2027-01-01\n";

  test("no file given and no aura-review.yaml: none", () => {
    expect(loadAcknowledgements(undefined, dir, RULES)).toBe(null);
  });

  test("aura-review.yaml found by default: read, an empty or blank one holds none, errors name it without the flag", () => {
    write("aura-review.yaml", good);
    expect(loadAcknowledgements(undefined, dir, RULES)).toStrictEqual({ file: "aura-review.yaml", entries: [{ rule: "AURA-SG-1", address: "a", reason: "why not", expires: "2027-01-01" }] });
    write("aura-review.yaml", "");
    expect(loadAcknowledgements(undefined, dir, RULES)).toBe(null);
    write("aura-review.yaml", "  \n\n");
    expect(loadAcknowledgements(undefined, dir, RULES)).toBe(null);
    write("aura-review.yaml", "acknowledgements: 5\n");
    expect(errorOf(() => loadAcknowledgements(undefined, dir, RULES))).toBe("aura-review.yaml is not a valid acknowledgements file:\n  - acknowledgements: got 5; must be a list of {rule, address, stack?, reason, expires}");
  });

  test("a file named by --acknowledgements: read, must not be empty, errors carry the flag", () => {
    write("aura-review.yaml", "acknowledgements: 5\n");
    const named = write("mine.yaml", good);
    expect(loadAcknowledgements(named, dir, RULES)).toStrictEqual({ file: named, entries: [{ rule: "AURA-SG-1", address: "a", reason: "why not", expires: "2027-01-01" }] });
    const empty = write("empty.yaml", " \n");
    expect(errorOf(() => loadAcknowledgements(empty, dir, RULES))).toBe(`--acknowledgements ${empty} is empty; expected a YAML file with acknowledgements: [{rule, address, stack?, reason, expires}]`);
    const bad = write("bad.yaml", "acknowledgements: 5\n");
    expect(errorOf(() => loadAcknowledgements(bad, dir, RULES))).toBe(`--acknowledgements: ${bad} is not a valid acknowledgements file:\n  - acknowledgements: got 5; must be a list of {rule, address, stack?, reason, expires}`);
    const missing = path.join(dir, "missing.yaml");
    expect(errorOf(() => loadAcknowledgements(missing, dir, RULES))).toBe(`--acknowledgements ${missing} does not exist; expected a YAML file with acknowledgements: [{rule, address, stack?, reason, expires}]`);
  });

  test("a missing default file is looked up in the working folder, not elsewhere", () => {
    write("aura-review.yaml", "acknowledgements: []\n");
    expect(loadAcknowledgements(undefined, dir, RULES)).toStrictEqual({ file: "aura-review.yaml", entries: [] });
    expect(loadAcknowledgements(undefined, path.join(dir, "nowhere"), RULES)).toBe(null);
  });
});

/**
 * Tag and label rules of each cloud (docs/vendor-facts.md, "Tags, labels, KMS limits and Terraform templates"):
 * every rule at its boundary, near misses for the anchored patterns, values that are not text, and the count
 * rule. Every expected value is written out.
 */
import { awsTagProblems, azureTagProblems, gcpLabelProblems, tagCountProblem, type TagProblem } from "../../domain/tags";

const TEMPLATE = 'must not contain "${" or "%{" (Terraform reads them as a template); remove them';
/** U+20000, a CJK letter that is one code point but two UTF-16 units. */
const WIDE = "\u{20000}";
/** Hiragana "a": a lowercase-class (Lo) letter of three UTF-8 bytes. */
const HIRA = "\u3042";

/** Values that are not text reach these functions from untyped config; they are skipped. */
const notText = (v: unknown) => v as string;

describe("awsTagProblems", () => {
  const keyLength = "tag keys are 1-128 characters (AWS)";
  const keyChars = "tag keys are letters, digits, spaces and _ . : / = + - @ (AWS)";
  const keyPrefix = 'tag keys must not start with "aws:": AWS reserves that prefix';
  const valuePrefix = 'tag values must not start with "aws:": AWS reserves that prefix';
  const cases: Array<[string, Record<string, string>, TagProblem[]]> = [
    ["no tags", {}, []],
    ["a plain tag", { team: "data" }, []],
    ["every allowed key character", { "Team 1_a.b:c/d=e+f-g@h": "v" }, []],
    ["an international key", { "équipe": "données" }, []],
    ["an empty key", { "": "v" }, [{ key: "", problem: keyLength }]],
    ["a key of 127 characters", { ["k".repeat(127)]: "v" }, []],
    ["a key of 128 characters", { ["k".repeat(128)]: "v" }, []],
    ["a key of 129 characters", { ["k".repeat(129)]: "v" }, [{ key: "k".repeat(129), problem: keyLength }]],
    ["a key of 128 characters of two UTF-16 units each", { [WIDE.repeat(128)]: "v" }, []],
    ["a key of 129 characters of two UTF-16 units each", { [WIDE.repeat(129)]: "v" }, [{ key: WIDE.repeat(129), problem: keyLength }]],
    ["a key with !", { "team!": "v" }, [{ key: "team!", problem: keyChars }]],
    ["a key starting with !", { "!team": "v" }, [{ key: "!team", problem: keyChars }]],
    ["a key with a tab", { "a\tb": "v" }, [{ key: "a\tb", problem: keyChars }]],
    ["a key starting with aws:", { "aws:team": "v" }, [{ key: "aws:team", problem: keyPrefix }]],
    ["a key starting with AWS: in capitals", { "AWS:team": "v" }, [{ key: "AWS:team", problem: keyPrefix }]],
    ["aws: inside a key", { "my-aws:team": "v" }, []],
    ["aws without the colon", { "aws-team": "v" }, []],
    ["an empty value", { team: "" }, []],
    ["a value of 256 characters", { team: "v".repeat(256) }, []],
    ["a value of 255 characters", { team: "v".repeat(255) }, []],
    ["a value of 257 characters", { team: "v".repeat(257) }, [{ key: "team", problem: "tag values are at most 256 characters (AWS); this one has 257" }]],
    ["a value of 256 characters of two UTF-16 units each", { team: WIDE.repeat(256) }, []],
    ["a value of 257 characters of two UTF-16 units each", { team: WIDE.repeat(257) }, [{ key: "team", problem: "tag values are at most 256 characters (AWS); this one has 257" }]],
    ["a value starting with aws:", { team: "aws:data" }, [{ key: "team", problem: valuePrefix }]],
    ["a value starting with Aws:", { team: "Aws:data" }, [{ key: "team", problem: valuePrefix }]],
    ["aws: inside a value", { team: "data aws:x" }, []],
    ["a template in a value", { team: "${var.team}" }, [{ key: "team", problem: TEMPLATE }]],
    ["a directive in a value", { team: "a%{if x}b" }, [{ key: "team", problem: TEMPLATE }]],
    [
      "every problem of one tag, in order",
      { "aws:x!": "aws:${x}" },
      [
        { key: "aws:x!", problem: keyChars },
        { key: "aws:x!", problem: keyPrefix },
        { key: "aws:x!", problem: valuePrefix },
        { key: "aws:x!", problem: TEMPLATE },
      ],
    ],
    [
      "problems of several tags, in order",
      { a: "v".repeat(257), "": "ok", ok: "fine" },
      [
        { key: "a", problem: "tag values are at most 256 characters (AWS); this one has 257" },
        { key: "", problem: keyLength },
      ],
    ],
  ];
  test.each(cases)("%s", (_name, tags, expected) => {
    expect(awsTagProblems(tags)).toEqual(expected);
  });

  const untyped: Array<[string, unknown]> = [
    ["null", null],
    ["undefined", undefined],
    ["a number", 5],
  ];
  test.each(untyped)("a value that is %s: only the key is checked", (_name, value) => {
    expect(awsTagProblems({ team: notText(value), "aws:x": notText(value) })).toEqual([{ key: "aws:x", problem: keyPrefix }]);
  });
});

describe("azureTagProblems", () => {
  const nameLength = "tag names are 1-512 characters (Azure)";
  const nameChars = "tag names must not contain < > % & \\ ? / (Azure)";
  const cases: Array<[string, Record<string, string>, TagProblem[]]> = [
    ["no tags", {}, []],
    ["a plain tag", { team: "data" }, []],
    ["aws: means nothing on Azure", { "aws:team": "aws:data" }, []],
    ["an empty name", { "": "v" }, [{ key: "", problem: nameLength }]],
    ["a name of 511 characters", { ["n".repeat(511)]: "v" }, []],
    ["a name of 512 characters", { ["n".repeat(512)]: "v" }, []],
    ["a name of 513 characters", { ["n".repeat(513)]: "v" }, [{ key: "n".repeat(513), problem: nameLength }]],
    ["a name with <", { "a<b": "v" }, [{ key: "a<b", problem: nameChars }]],
    ["a name with >", { "a>b": "v" }, [{ key: "a>b", problem: nameChars }]],
    ["a name with %", { "a%b": "v" }, [{ key: "a%b", problem: nameChars }]],
    ["a name with &", { "a&b": "v" }, [{ key: "a&b", problem: nameChars }]],
    ["a name with \\", { "a\\b": "v" }, [{ key: "a\\b", problem: nameChars }]],
    ["a name with ?", { "a?b": "v" }, [{ key: "a?b", problem: nameChars }]],
    ["a name with /", { "a/b": "v" }, [{ key: "a/b", problem: nameChars }]],
    ["a name starting with <", { "<ab": "v" }, [{ key: "<ab", problem: nameChars }]],
    ["a name ending with /", { "ab/": "v" }, [{ key: "ab/", problem: nameChars }]],
    ["a name with other punctuation", { "a:b.c-d_e=f+g@h": "v" }, []],
    ["an empty value", { team: "" }, []],
    ["a value of 255 characters", { team: "v".repeat(255) }, []],
    ["a value of 256 characters", { team: "v".repeat(256) }, []],
    ["a value of 257 characters", { team: "v".repeat(257) }, [{ key: "team", problem: "tag values are at most 256 characters (Azure); this one has 257" }]],
    ["a template in a value", { team: "${var.team}" }, [{ key: "team", problem: TEMPLATE }]],
    [
      "every problem of one tag, in order",
      { ["/".repeat(513)]: `%{${"v".repeat(300)}` },
      [
        { key: "/".repeat(513), problem: nameLength },
        { key: "/".repeat(513), problem: nameChars },
        { key: "/".repeat(513), problem: "tag values are at most 256 characters (Azure); this one has 302" },
        { key: "/".repeat(513), problem: TEMPLATE },
      ],
    ],
    [
      "problems of several tags, in order",
      { "a&": "ok", fine: "ok", "": "ok" },
      [
        { key: "a&", problem: nameChars },
        { key: "", problem: nameLength },
      ],
    ],
  ];
  test.each(cases)("%s", (_name, tags, expected) => {
    expect(azureTagProblems(tags)).toEqual(expected);
  });

  const untyped: Array<[string, unknown]> = [
    ["null", null],
    ["undefined", undefined],
    ["a number", 5],
  ];
  test.each(untyped)("a value that is %s: only the name is checked", (_name, value) => {
    expect(azureTagProblems({ team: notText(value), "a?": notText(value) })).toEqual([{ key: "a?", problem: nameChars }]);
  });
});

describe("gcpLabelProblems", () => {
  const keyRule = "label keys are 1-63 lowercase letters, digits, _ and -, starting with a lowercase letter (GCP)";
  const valueRule = "label values are at most 63 lowercase letters, digits, _ and - (GCP)";
  const bytes = "label keys and values are at most 128 bytes (GCP)";
  // 1 + 42 * 3 + 1 = 128 bytes in 44 characters; one more ASCII letter makes 129.
  const key128 = `a${HIRA.repeat(42)}b`;
  const key129 = `a${HIRA.repeat(42)}bc`;
  const key127 = `a${HIRA.repeat(42)}`;
  // 42 * 3 + 2 = 128 bytes in 44 characters; 43 * 3 = 129 bytes in 43 characters.
  const value128 = `${HIRA.repeat(42)}bb`;
  const value129 = HIRA.repeat(43);
  const cases: Array<[string, Record<string, string>, TagProblem[]]> = [
    ["no labels", {}, []],
    ["a plain label", { team: "data" }, []],
    ["every allowed character", { "a0_-": "0_-z" }, []],
    ["an empty value", { team: "" }, []],
    ["an empty key", { "": "v" }, [{ key: "", problem: keyRule }]],
    ["a key starting with a digit", { "0team": "v" }, [{ key: "0team", problem: keyRule }]],
    ["a key starting with _", { _team: "v" }, [{ key: "_team", problem: keyRule }]],
    ["a key with a capital", { Team: "v" }, [{ key: "Team", problem: keyRule }]],
    ["a key ending with a capital", { teaM: "v" }, [{ key: "teaM", problem: keyRule }]],
    ["a key with a dot", { "te.am": "v" }, [{ key: "te.am", problem: keyRule }]],
    ["a key of 62 characters", { ["k".repeat(62)]: "v" }, []],
    ["a key of 63 characters", { ["k".repeat(63)]: "v" }, []],
    ["a key of 64 characters", { ["k".repeat(64)]: "v" }, [{ key: "k".repeat(64), problem: keyRule }]],
    ["an international key", { [`${HIRA}${HIRA}`]: HIRA }, []],
    ["a value with a capital", { team: "Data" }, [{ key: "team", problem: valueRule }]],
    ["a value with a space", { team: "da ta" }, [{ key: "team", problem: valueRule }]],
    ["a value starting with junk", { team: ".data" }, [{ key: "team", problem: valueRule }]],
    ["a value ending with junk", { team: "data." }, [{ key: "team", problem: valueRule }]],
    ["a value of 62 characters", { team: "v".repeat(62) }, []],
    ["a value of 63 characters", { team: "v".repeat(63) }, []],
    ["a value of 64 characters", { team: "v".repeat(64) }, [{ key: "team", problem: valueRule }]],
    ["a key of 127 bytes", { [key127]: "v" }, []],
    ["a key of 128 bytes", { [key128]: "v" }, []],
    ["a key of 129 bytes", { [key129]: "v" }, [{ key: key129, problem: bytes }]],
    ["a value of 128 bytes", { team: value128 }, []],
    ["a value of 129 bytes", { team: value129 }, [{ key: "team", problem: bytes }]],
    [
      "a key and a value over 128 bytes: one problem",
      { [key129]: value129 },
      [{ key: key129, problem: bytes }],
    ],
    [
      "every problem of one label, in order",
      { ["K".repeat(130)]: "V".repeat(130) },
      [
        { key: "K".repeat(130), problem: keyRule },
        { key: "K".repeat(130), problem: valueRule },
        { key: "K".repeat(130), problem: bytes },
      ],
    ],
  ];
  test.each(cases)("%s", (_name, labels, expected) => {
    expect(gcpLabelProblems(labels)).toEqual(expected);
  });

  const untyped: Array<[string, unknown]> = [
    ["null", null],
    ["undefined", undefined],
    ["a number", 5],
    ["an object", { a: 1 }],
    ["a list", ["Not A Label"]],
  ];
  test.each(untyped)("a value that is %s: only the key is checked", (_name, value) => {
    expect(gcpLabelProblems({ team: notText(value), Bad: notText(value) })).toEqual([{ key: "Bad", problem: keyRule }]);
  });
});

describe("tagCountProblem", () => {
  const added = ["project", "managed-by"];
  const cases: Array<[string, Array<Record<string, string> | undefined>, number, string | null]> = [
    ["nothing but the added ones", [], 2, null],
    ["the added ones alone over the limit", [], 1, "makes 2 tags on each resource (with the ones added by this package: project, managed-by); Azure allows 1 per resource: remove 1"],
    ["exactly at the limit", [{ a: "1", b: "2" }], 4, null],
    ["one over the limit", [{ a: "1", b: "2", c: "3" }], 4, "makes 5 tags on each resource (with the ones added by this package: project, managed-by); Azure allows 4 per resource: remove 1"],
    ["one under the limit", [{ a: "1" }], 4, null],
    ["three over the limit", [{ a: "1", b: "2", c: "3" }], 2, "makes 5 tags on each resource (with the ones added by this package: project, managed-by); Azure allows 2 per resource: remove 3"],
    ["keys in several sets count once", [{ a: "1", b: "2" }, undefined, { b: "3", project: "x" }], 4, null],
    ["keys in several sets, one over", [{ a: "1", b: "2" }, undefined, { b: "3", c: "4" }], 4, "makes 5 tags on each resource (with the ones added by this package: project, managed-by); Azure allows 4 per resource: remove 1"],
    ["aws: keys do not count", [{ a: "1", b: "2", "aws:cloudformation:stack-name": "s", "AWS:x": "y" }], 4, null],
    ["aws: inside a key counts", [{ a: "1", b: "2", "my-aws:x": "y" }], 4, "makes 5 tags on each resource (with the ones added by this package: project, managed-by); Azure allows 4 per resource: remove 1"],
    ["only undefined sets", [undefined, undefined], 2, null],
  ];
  test.each(cases)("%s", (_name, sets, limit, expected) => {
    expect(tagCountProblem(sets, added, limit, "Azure")).toBe(expected);
  });

  test("labels are named as labels", () => {
    expect(tagCountProblem([{ a: "1", b: "2" }], ["project", "managed-by", "Name"], 4, "GCP", "labels")).toBe(
      "makes 5 labels on each resource (with the ones added by this package: project, managed-by, Name); GCP allows 4 per resource: remove 1",
    );
  });

  test("nothing added by the package", () => {
    expect(tagCountProblem([{ a: "1", b: "2" }], [], 1, "AWS")).toBe("makes 2 tags on each resource (with the ones added by this package: ); AWS allows 1 per resource: remove 1");
  });
});

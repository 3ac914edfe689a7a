import { PropsError, assertProps, isToken, propKey, tagPropProblems, type PropProblem } from "../../domain/props";
import { UserError } from "../../domain/errors";

/** The construct-prop plumbing: how a prop path is shown, which values are tokens, tag problems as prop problems, the error text. */

describe("propKey", () => {
  test.each<[string | number, string]>([
    [0, "[0]"],
    [3, "[3]"],
    [12, "[12]"],
    // A number never goes through JSON: NaN and Infinity keep their own spelling.
    [Number.NaN, "[NaN]"],
    [Number.POSITIVE_INFINITY, "[Infinity]"],
    ["a", ".a"],
    ["_", "._"],
    ["Z", ".Z"],
    ["name", ".name"],
    ["vpc_id2", ".vpc_id2"],
    ["_private", "._private"],
    ["A9_b", ".A9_b"],
    ["use1-az1", '["use1-az1"]'],
    ["1abc", '["1abc"]'],
    ["9", '["9"]'],
    ["", '[""]'],
    ["-a", '["-a"]'],
    ["a-", '["a-"]'],
    ["a b", '["a b"]'],
    ["ab.", '["ab."]'],
    [".ab", '[".ab"]'],
    ['say "hi"', '["say \\"hi\\""]'],
    ["aws:owner", '["aws:owner"]'],
  ])("propKey(%p) is %s", (key, shown) => {
    expect(propKey(key)).toBe(shown);
  });
});

describe("isToken", () => {
  test.each<[unknown, boolean]>([
    ["${TfToken[TOKEN.1]}", true],
    ["projects/${TfToken[TOKEN.12]}/global/networks/x", true],
    ["${TfToken[", true],
    ["${TfToken", false],
    ["$TfToken[TOKEN.1]", false],
    ["{TfToken[TOKEN.1]}", false],
    ["${tftoken[TOKEN.1]}", false],
    ["", false],
    ["plain", false],
    [undefined, false],
    [null, false],
    [42, false],
    [["${TfToken[TOKEN.1]}"], false],
    [{ v: "${TfToken[TOKEN.1]}" }, false],
  ])("isToken(%p) is %p", (value, expected) => {
    expect(isToken(value)).toBe(expected);
  });
});

describe("tagPropProblems", () => {
  const rule = (t: Readonly<Record<string, string>>) => {
    const out: Array<{ key?: string; problem: string }> = [];
    if (Object.keys(t).length > 2) out.push({ problem: "too many" });
    for (const k of Object.keys(t)) if (k.startsWith("bad")) out.push({ key: k, problem: `bad key ${k}` });
    return out;
  };

  test("no tags: no problems, and the rule is not asked", () => {
    const calls: unknown[] = [];
    expect(tagPropProblems("tags", undefined, (t) => (calls.push(t), [{ problem: "asked" }]))).toEqual([]);
    expect(calls).toEqual([]);
  });

  test("tags the rule accepts: no problems", () => {
    expect(tagPropProblems("tags", { team: "graph" }, rule)).toEqual([]);
  });

  test("an empty tag map is given to the rule", () => {
    expect(tagPropProblems("labels", {}, () => [{ problem: "empty" }])).toEqual([{ prop: "labels", value: {}, problem: "empty" }]);
  });

  test("a problem of one key names the key after the prop and carries that key's value", () => {
    expect(tagPropProblems("tags", { team: "graph", badKey: "v1", "bad-key": "v2" }, rule)).toEqual<PropProblem[]>([
      { prop: "tags", value: { team: "graph", badKey: "v1", "bad-key": "v2" }, problem: "too many" },
      { prop: "tags.badKey", value: "v1", problem: "bad key badKey" },
      { prop: 'tags["bad-key"]', value: "v2", problem: "bad key bad-key" },
    ]);
  });

  test("a problem of the whole set names the prop alone and carries the whole map", () => {
    const tags = { a: "1", b: "2", c: "3" };
    expect(tagPropProblems("labels", tags, rule)).toEqual([{ prop: "labels", value: { a: "1", b: "2", c: "3" }, problem: "too many" }]);
  });
});

describe("PropsError and assertProps", () => {
  test("no problems: nothing thrown", () => {
    expect(() => assertProps("AwsKey", "stack/key", [])).not.toThrow();
  });

  test("problems: a PropsError naming the construct, its path, each prop, its value and what is allowed", () => {
    const problems: PropProblem[] = [
      { prop: "alias", value: "aws/x", problem: "is reserved" },
      { prop: 'subnetsByAzId["use1-az3"]', value: ["subnet-1"], problem: "is unknown" },
      { prop: "deletionWindowDays", value: undefined, problem: "is missing" },
    ];
    let thrown: unknown;
    try {
      assertProps("AwsKey", "stack/key", problems);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(PropsError);
    expect(thrown).toBeInstanceOf(UserError);
    const e = thrown as PropsError;
    expect(e.name).toBe("PropsError");
    expect(e.construct).toBe("AwsKey");
    expect(e.path).toBe("stack/key");
    expect(e.problems).toEqual(problems);
    expect(e.message).toBe(
      [
        "AwsKey at stack/key: invalid props:",
        '  - alias: got "aws/x"; is reserved',
        '  - subnetsByAzId["use1-az3"]: got ["subnet-1"]; is unknown',
        "  - deletionWindowDays: got nothing; is missing",
      ].join("\n"),
    );
  });

  // The prop is split at ".", "[", "]" and '"' into the path that decides whether a value is a secret.
  test.each([
    ["password", "a literal string (<not shown>)"],
    ["db.password", "a literal string (<not shown>)"],
    ["users[0].password", "a literal string (<not shown>)"],
    ['secrets["password"]', "a literal string (<not shown>)"],
    ['secrets["token"].x', "a literal string (<not shown>)"],
    ["passwordHint", '"hunter-two"'],
    ["db.name", '"hunter-two"'],
    ['names["my password"]', '"hunter-two"'],
  ])("a value under %s is shown as %s", (prop, shown) => {
    const e = new PropsError("Db", "s/db", [{ prop, value: "hunter-two", problem: "is wrong" }]);
    expect(e.message).toBe(`Db at s/db: invalid props:\n  - ${prop}: got ${shown}; is wrong`);
  });
});

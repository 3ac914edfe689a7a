/**
 * Allow patterns of an IAM identity policy, which added patterns an earlier one does not already cover, and
 * which are wildcards. Every expected value is written out.
 */
import { allowPatterns, isWildcard, widenedPatterns, type AllowPattern } from "../../../domain/aws/iam-policy-widening";

const policy = (...Statement: unknown[]) => ({ Version: "2012-10-17", Statement });
const p = (action: string, resource: string, conditioned = false): AllowPattern => ({ action, resource, conditioned });

describe("allowPatterns", () => {
  const cases: Array<[string, unknown, AllowPattern[] | null]> = [
    ["not JSON", "not json", null],
    ["a number", 5, null],
    ["null", null, null],
    ["empty text", "", []],
    ["a policy without statements", { Version: "2012-10-17" }, []],
    ["one action on one resource", policy({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }), [p("s3:GetObject", "arn:aws:s3:::b/*")]],
    [
      "the same as JSON text",
      JSON.stringify(policy({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" })),
      [p("s3:GetObject", "arn:aws:s3:::b/*")],
    ],
    [
      "a single statement object",
      { Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: "*" } },
      [p("s3:GetObject", "*")],
    ],
    [
      "every action with every resource, actions first",
      policy({ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: ["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"] }),
      [p("s3:GetObject", "arn:aws:s3:::a/*"), p("s3:GetObject", "arn:aws:s3:::b/*"), p("s3:PutObject", "arn:aws:s3:::a/*"), p("s3:PutObject", "arn:aws:s3:::b/*")],
    ],
    ["entries that are not text are left out", policy({ Effect: "Allow", Action: ["s3:GetObject", 5, null], Resource: ["*", { a: 1 }] }), [p("s3:GetObject", "*")]],
    ["an Action that is a number allows nothing", policy({ Effect: "Allow", Action: 5, Resource: "*" }), []],
    ["a Resource that is an object allows nothing", policy({ Effect: "Allow", Action: "s3:GetObject", Resource: { a: "*" } }), []],
    ["no Action allows nothing", policy({ Effect: "Allow", Resource: "*" }), []],
    ["Deny statements are left out", policy({ Effect: "Deny", Action: "s3:*", Resource: "*" }, { Effect: "Allow", Action: "s3:GetObject", Resource: "*" }), [p("s3:GetObject", "*")]],
    ["a statement without Effect is left out", policy({ Action: "s3:*", Resource: "*" }), []],
    ['Effect "allow" in lower case is left out', policy({ Effect: "allow", Action: "s3:*", Resource: "*" }), []],
    ["NotAction becomes *", policy({ Effect: "Allow", NotAction: ["iam:*", "kms:*"], Resource: "arn:aws:s3:::b" }), [p("*", "arn:aws:s3:::b")]],
    ["NotResource becomes *", policy({ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], NotResource: "arn:aws:s3:::secret/*" }), [p("s3:GetObject", "*"), p("s3:PutObject", "*")]],
    [
      "a Condition marks the patterns",
      policy({ Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "true" } } }),
      [p("s3:GetObject", "*", true)],
    ],
    ["an empty Condition does not", policy({ Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: {} }), [p("s3:GetObject", "*")]],
    [
      "statements in order",
      policy({ Effect: "Allow", Action: "b:B", Resource: "rb" }, { Effect: "Allow", Action: "a:A", Resource: "ra", Condition: { Bool: { "aws:SecureTransport": "true" } } }),
      [p("b:B", "rb"), p("a:A", "ra", true)],
    ],
  ];
  test.each(cases)("%s", (_name, input, expected) => {
    expect(allowPatterns(input)).toEqual(expected);
  });
});

describe("widenedPatterns", () => {
  const cases: Array<[string, AllowPattern[], AllowPattern[], AllowPattern[]]> = [
    ["nothing before: everything is new", [], [p("s3:GetObject", "*")], [p("s3:GetObject", "*")]],
    ["nothing after", [p("s3:GetObject", "*")], [], []],
    ["the same pattern", [p("s3:GetObject", "arn:aws:s3:::b/*")], [p("s3:GetObject", "arn:aws:s3:::b/*")], []],
    ["another action", [p("s3:GetObject", "*")], [p("s3:PutObject", "*")], [p("s3:PutObject", "*")]],
    ["another resource", [p("s3:GetObject", "arn:aws:s3:::a/*")], [p("s3:GetObject", "arn:aws:s3:::b/x")], [p("s3:GetObject", "arn:aws:s3:::b/x")]],
    ["* covers every action", [p("*", "arn:aws:s3:::b/*")], [p("iam:PassRole", "arn:aws:s3:::b/x")], []],
    ["an action glob covers what it matches", [p("secretsmanager:Get*", "*")], [p("secretsmanager:GetSecretValue", "*")], []],
    ["an action glob does not cover more", [p("secretsmanager:Get*", "*")], [p("secretsmanager:*", "*")], [p("secretsmanager:*", "*")]],
    ["actions compare in any letter case", [p("s3:getobject", "*")], [p("S3:GetObject", "*")], []],
    ["* covers every resource", [p("s3:GetObject", "*")], [p("s3:GetObject", "arn:aws:s3:::b/x")], []],
    ["a resource glob covers what it matches", [p("s3:GetObject", "arn:aws:s3:::b/*")], [p("s3:GetObject", "arn:aws:s3:::b/x/y")], []],
    ["a resource glob does not cover *", [p("s3:GetObject", "arn:aws:s3:::b/*")], [p("s3:GetObject", "*")], [p("s3:GetObject", "*")]],
    ["resources compare in their letter case", [p("s3:GetObject", "arn:aws:s3:::Bucket/*")], [p("s3:GetObject", "arn:aws:s3:::bucket/x")], [p("s3:GetObject", "arn:aws:s3:::bucket/x")]],
    ["an empty action covers nothing else", [p("", "*")], [p("s3:GetObject", "*")], [p("s3:GetObject", "*")]],
    ["an empty resource covers nothing else", [p("s3:GetObject", "")], [p("s3:GetObject", "arn:aws:s3:::b/x")], [p("s3:GetObject", "arn:aws:s3:::b/x")]],
    ["a conditioned pattern does not cover an unconditioned one", [p("s3:GetObject", "*", true)], [p("s3:GetObject", "*")], [p("s3:GetObject", "*")]],
    ["an unconditioned pattern covers a conditioned one", [p("s3:GetObject", "*")], [p("s3:GetObject", "*", true)], []],
    ["a conditioned pattern covers a conditioned one", [p("s3:GetObject", "*", true)], [p("s3:GetObject", "*", true)], []],
    ["action and resource must both be covered", [p("s3:*", "arn:aws:s3:::a/*"), p("s3:GetObject", "*")], [p("s3:PutObject", "arn:aws:s3:::b/x")], [p("s3:PutObject", "arn:aws:s3:::b/x")]],
    [
      "only the new ones, in order",
      [p("s3:GetObject", "*")],
      [p("kms:Decrypt", "*"), p("s3:GetObject", "arn:aws:s3:::b"), p("secretsmanager:*", "*")],
      [p("kms:Decrypt", "*"), p("secretsmanager:*", "*")],
    ],
  ];
  test.each(cases)("%s", (_name, before, after, expected) => {
    expect(widenedPatterns(before, after)).toEqual(expected);
  });
});

describe("isWildcard", () => {
  const cases: Array<[string, AllowPattern, boolean]> = [
    ["* action", p("*", "arn:aws:s3:::b"), true],
    ["an action glob", p("s3:Get*", "arn:aws:s3:::b"), true],
    ["* resource", p("s3:GetObject", "*"), true],
    ["both", p("*", "*"), true],
    ["neither", p("s3:GetObject", "arn:aws:s3:::b"), false],
    ["a resource glob is not *", p("s3:GetObject", "arn:aws:s3:::b/*"), false],
    ["? is not *", p("s3:Get?bject", "arn:aws:s3:::b"), false],
    ["empty", p("", ""), false],
  ];
  test.each(cases)("%s", (_name, pattern, expected) => {
    expect(isWildcard(pattern)).toBe(expected);
  });
});

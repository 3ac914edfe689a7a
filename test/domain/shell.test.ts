import { cliCommandSchema, shellArgument, shellArguments, shellCommandProblem, shellValueProblem } from "../../domain/shell";

/**
 * The shell crossing, case by case: which arguments stay bare (the shlex set, "#" after the first character),
 * how the rest is quoted (shell-quote: single quotes around whitespace, backslashes before specials), which
 * commands are one line. sh itself reads 1,000s of hostile values back in
 * test/crossings/kinds.test.ts; here each edge is a row with its expected text written out.
 */

describe("shellArgument", () => {
  test.each<[string, string, string]>([
    ["a plain word", "aura-secure", "aura-secure"],
    ["every safe punctuation", "a_b@c%d+e=f:g,h.i/j-k", "a_b@c%d+e=f:g,h.i/j-k"],
    ["a reference env:NAME stays readable", "env:NEO4J_PASSWORD", "env:NEO4J_PASSWORD"],
    ["an ARN with #jsonKey stays one word", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:neo4j#password", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:neo4j#password"],
    ["a leading # would start a comment: escaped", "#x", "\\#x"],
    ["a lone #", "#", "\\#"],
    ["a leading digit", "7687", "7687"],
    ["one letter", "a", "a"],
    ["a space", "a b", "'a b'"],
    ["a dollar", "$HOME", "\\$HOME"],
    ["a semicolon", "a;rm -rf /", "'a;rm -rf /'"],
    ["a safe word plus junk", "abc;", "abc\\;"],
    ["junk plus a safe word", ";abc", "\\;abc"],
    ["a single quote", "it's", `"it's"`],
    ["a backtick", "a`b", "a\\`b"],
    ["the empty string", "", "''"],
    ["a newline", "a\nb", "'a\nb'"],
  ])("%s: %j -> %s", (_name, value, expected) => {
    expect(shellArgument(value)).toBe(expected);
  });
});

describe("shellArguments", () => {
  test.each<[readonly string[], string]>([
    [["review", "--format", "sarif"], "review --format sarif"],
    [["--name", "my key"], "--name 'my key'"],
    [["one"], "one"],
    [[], ""],
  ])("%j -> %s", (values, expected) => {
    expect(shellArguments(values)).toBe(expected);
  });
});

describe("shellCommandProblem", () => {
  const EMPTY = 'must be the command that starts the CLI, e.g. "npx --no aura-secure"';
  const LINE = "must be one line of printable text: a line break or control character would end the command there and run the rest (with our arguments) as a command of its own";

  test.each<[string, unknown, string | null]>([
    ["the default", "npx --no aura-secure", null],
    ["a path with a tab between words", "node\t./bin/aura-secure.js", null],
    ["non-ASCII letters", "/opt/outil-sécurité/aura-secure", null],
    ["U+00A0 (a printable no-break space)", "npx\u00a0aura-secure", null],
    ["the empty string", "", EMPTY],
    ["only spaces", "   ", EMPTY],
    ["only a tab and a newline", "\t\n", EMPTY],
    ["not a string", 42, EMPTY],
    ["a newline", "npx aura-secure\nrm -rf /", LINE],
    ["a trailing newline", "npx aura-secure\n", LINE],
    ["a carriage return", "npx aura-secure\r", LINE],
    ["NUL", "npx\u0000aura-secure", LINE],
    ["U+0008 (backspace, the last before tab)", "npx\u0008", LINE],
    ["U+001F (the last C0 control)", "npx\u001f", LINE],
    ["DEL", "npx\u007f", LINE],
    ["U+0085 (next line)", "npx\u0085x", LINE],
    ["U+009F (the last C1 control)", "npx\u009f", LINE],
    ["U+2028 (line separator)", "npx\u2028x", LINE],
    ["U+2029 (paragraph separator)", "npx\u2029x", LINE],
  ])("%s", (_name, text, expected) => {
    expect(shellCommandProblem(text as string)).toBe(expected);
  });
});

describe("shellValueProblem", () => {
  test.each<[string, string | null]>([
    ["plain", null],
    ["a\nb", null],
    ["", null],
    ["a\u0000b", "must not contain a NUL character (no program can receive it as an argument)"],
    ["\u0000", "must not contain a NUL character (no program can receive it as an argument)"],
  ])("%j", (text, expected) => {
    expect(shellValueProblem(text)).toBe(expected);
  });
});

describe("cliCommandSchema", () => {
  test.each<[unknown, string]>([
    [undefined, "npx --no aura-secure"],
    ["node bin/aura-secure.js", "node bin/aura-secure.js"],
  ])("%j parses to %j", (input, expected) => {
    expect(cliCommandSchema.parse(input)).toBe(expected);
  });

  test.each<[unknown, string]>([
    [42, 'must be the command that starts the CLI, e.g. "npx --no aura-secure"'],
    ["", 'must be the command that starts the CLI, e.g. "npx --no aura-secure"'],
    ["a\nb", "must be one line of printable text: a line break or control character would end the command there and run the rest (with our arguments) as a command of its own"],
  ])("%j is refused with its message", (input, message) => {
    const result = cliCommandSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual([message]);
  });

  test("the refused text is the issue's input (shown when the caller asks zod to report inputs)", () => {
    expect(cliCommandSchema.safeParse("a\rb", { reportInput: true }).error?.issues[0]).toMatchObject({ code: "custom", input: "a\rb" });
  });
});

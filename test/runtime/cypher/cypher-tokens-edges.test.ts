/**
 * The tokenizer's edges, token by token with offsets: quoted parameter names, where each token ends, what a
 * backslash means inside backticks (only `\uxxxx`) and inside strings (the string escapes), a closing quote
 * next to a backtick, and the errors (kind, message with the offset, the offset itself).
 */
import { backtickName, CypherTokenError, tokenize, type Token } from "../../../runtime/cypher/cypher-tokens";

const tok = (kind: Token["kind"], text: string, start: number, end: number): Token => ({ kind, text, start, end });

describe("tokens with their offsets", () => {
  test.each<[string, Token[]]>([
    // A parameter name in backticks may hold anything a name may.
    ["$`a b`", [tok("param", "a b", 0, 6)]],
    ["x $`p``q` y", [tok("word", "x", 0, 1), tok("param", "p`q", 2, 9), tok("word", "y", 10, 11)]],
    ["x $ab y", [tok("word", "x", 0, 1), tok("param", "ab", 2, 5), tok("word", "y", 6, 7)]],
    ["$1x", [tok("param", "1x", 0, 3)]],
    ["n = 12.5 AND", [tok("word", "n", 0, 1), tok("punct", "=", 2, 3), tok("number", "12.5", 4, 8), tok("word", "AND", 9, 12)]],
    ["7e10,", [tok("number", "7e10", 0, 4), tok("punct", ",", 4, 5)]],
    ["a<>b", [tok("word", "a", 0, 1), tok("punct", "<>", 1, 3), tok("word", "b", 3, 4)]],
    ["x =~ 'y'", [tok("word", "x", 0, 1), tok("punct", "=~", 2, 4), tok("string", "y", 5, 8)]],
    ["`a` `b`", [tok("name", "a", 0, 3), tok("name", "b", 4, 7)]],
    ["`Café`.`ünï`", [tok("name", "Café", 0, 6), tok("punct", ".", 6, 7), tok("name", "ünï", 7, 12)]],
    // Reserved words are words; the caller decides what they mean.
    ["MATCH TO", [tok("word", "MATCH", 0, 5), tok("word", "TO", 6, 8)]],
  ])("%s", (text, expected) => expect(tokenize(text)).toEqual(expected));
});

describe("quotes and escapes", () => {
  test.each<[string, [Token["kind"], string][]]>([
    // A string's closing quote next to a backtick ends the string; only backticks double inside backticks.
    ["'a'`b`", [["string", "a"], ["name", "b"]]],
    ['"a"`b`', [["string", "a"], ["name", "b"]]],
    ["'a''b'", [["string", "a"], ["string", "b"]]],
    // Inside backticks a backslash is itself unless it starts \uxxxx.
    ["`a\\b`", [["name", "a\\b"]]],
    ["`a\\nb`", [["name", "a\\nb"]]],
    ["`a\\'b`", [["name", "a\\'b"]]],
    ["`a\\x0041`", [["name", "a\\x0041"]]],
    ["`a\\u0041`", [["name", "aA"]]],
    ["`\\u00e9t\\u00C9`", [["name", "étÉ"]]],
    ["`a\\u004`", [["name", "a\\u004"]]],
    ["`a\\u00zz`", [["name", "a\\u00zz"]]],
    ["`a\\`", [["name", "a\\"]]],
    // Inside strings the string escapes apply; an unknown escape keeps its backslash.
    ["'a\\nb\\tc'", [["string", "a\nb\tc"]]],
    ["'\\\\'", [["string", "\\"]]],
    ["'a\\qb'", [["string", "a\\qb"]]],
    ["'\\u0041\\`'", [["string", "A`"]]],
    ['"\\"x\\""', [["string", '"x"']]],
  ])("%s", (text, expected) => expect(tokenize(text).map((t) => [t.kind, t.text])).toEqual(expected));

  test.each<[string, string]>([
    ["a`b", "`a``b`"],
    ["a\\u0041", "`a\\u005Cu0041`"],
    ["MATCH", "`MATCH`"],
    ["Café ünï", "`Café ünï`"],
    ["``", "``````"],
  ])("backtickName(%p) is %p and reads back unchanged", (name, quoted) => {
    expect(backtickName(name)).toBe(quoted);
    expect(tokenize(quoted)).toEqual([tok("name", name, 0, quoted.length)]);
  });
});

describe("refusals name the problem and its offset", () => {
  test.each<[string, string, number]>([
    ["x $", "a parameter name must follow $ at offset 2", 2],
    ["$ x", "a parameter name must follow $ at offset 0", 0],
    ["GRANT # x", 'unexpected character "#" at offset 6', 6],
    ["a ! b", 'unexpected character "!" at offset 2', 2],
    ["x `open", "unterminated quoted name starting at offset 2", 2],
    ["x $`open", "unterminated quoted name starting at offset 3", 3],
    ["ab 'open", "unterminated string starting at offset 3", 3],
    ['"open', "unterminated string starting at offset 0", 0],
    ["'ends in a backslash\\", "unterminated string starting at offset 0", 0],
    // \u at the end runs past the text: still unterminated, never a character out of nothing.
    ["`a\\u", "unterminated quoted name starting at offset 0", 0],
  ])("%p", (text, message, offset) => {
    let caught: unknown;
    try {
      tokenize(text);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CypherTokenError);
    const e = caught as CypherTokenError;
    expect({ name: e.name, message: e.message, offset: e.offset }).toEqual({ name: "CypherTokenError", message, offset });
  });
});

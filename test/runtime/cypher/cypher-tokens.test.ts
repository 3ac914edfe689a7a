import { propertyRuns } from "../../support/property-runs";
/**
 * The tokenizer that reads names back from the server (issue 20, item 6): backtick-aware, never a pattern.
 * Property tests (fast-check): any name, rendered quoted or (when the server would) bare, tokenizes back to
 * the same name; a row granted to a hostile role is read as that role, never as another.
 */
import fc from "fast-check";
import { isUnescapedSymbolicName } from "../../../domain/neo4j/names";
import { backtickName, CypherTokenError, tokenize } from "../../../runtime/cypher/cypher-tokens";
import { parsePrivilegeRow, roleOfRow } from "../../../runtime/cypher/privilege-commands";

const kinds = (text: string) => tokenize(text).map((t) => `${t.kind}:${t.text}`);

describe("tokenize", () => {
  test.each<[string, string[]]>([
    ["GRANT ACCESS ON DATABASE `films` TO `app`", ["word:GRANT", "word:ACCESS", "word:ON", "word:DATABASE", "name:films", "word:TO", "name:app"]],
    ["TO `x`` TO ``admin`", ["word:TO", "name:x` TO `admin"]],
    ["`a\\u0041b`", ["name:aAb"]],
    ["'O\\'Brien' \"say \\\"hi\\\"\"", ["string:O'Brien", 'string:say "hi"']],
    ["n.`p` >= -1.5e3", ["word:n", "punct:.", "name:p", "punct:>=", "punct:-", "number:1.5e3"]],
    ["FOR ()-[r:T|U]->() WHERE r.p <> $v", ["word:FOR", "punct:(", "punct:)", "punct:-", "punct:[", "word:r", "punct::", "word:T", "punct:|", "word:U", "punct:]", "punct:-", "punct:>", "punct:(", "punct:)", "word:WHERE", "word:r", "punct:.", "word:p", "punct:<>", "param:v"]],
    ["NODE Café", ["word:NODE", "word:Café"]],
    ["apoc.*", ["word:apoc", "punct:.", "punct:*"]],
  ])("%s", (text, expected) => expect(kinds(text)).toEqual(expected));

  test.each([["`unterminated"], ["'open"], ["GRANT # x"], ["$"]])("refuses %s", (text) => expect(() => tokenize(text)).toThrow(CypherTokenError));

  test("adjacent tokens are marked by their offsets (globs)", () => {
    const [a, dot, star] = tokenize("apoc.* x");
    expect([a.end === dot.start, dot.end === star.start]).toEqual([true, true]);
  });
});

describe("names round-trip through the tokenizer (property)", () => {
  const anyName = fc.string({ minLength: 1, maxLength: 40, unit: "binary" });
  test("any name, backtick-quoted, reads back as one name token with the same text", () => {
    fc.assert(
      fc.property(anyName, (name) => {
        const tokens = tokenize(backtickName(name));
        expect(tokens).toHaveLength(1);
        expect(tokens[0]).toMatchObject({ kind: "name", text: name });
      }),
      { numRuns: propertyRuns(2000) },
    );
  });

  test("a name the server prints bare (a valid unescaped symbolic name) reads back as one word with the same text", () => {
    // A leading `$` reads as a parameter token; the row parser takes it as a name (see the row property below).
    fc.assert(
      fc.property(anyName.filter((n) => isUnescapedSymbolicName(n) && !n.startsWith("$")), (name) => {
        expect(tokenize(name)).toEqual([{ kind: "word", text: name, start: 0, end: name.length }]);
      }),
      { numRuns: propertyRuns(1000) },
    );
  });

  test("a row for any role is read as that role, quoted or bare, whatever the name holds (` TO `, backticks, dots)", () => {
    const hostile = fc.oneof(anyName, fc.constantFrom("x` TO `admin", "a TO admin", "r.o.le", "`", "``", "admin`", " TO `admin`", "Café", "MATCH", "TO", "$role", "a\\u0041"));
    fc.assert(
      fc.property(hostile, fc.constantFrom("GRANT ACCESS ON DATABASE `films`", "DENY READ {ssn} ON GRAPH `films` NODE Person", "GRANT LOAD ON ALL DATA"), (role, body) => {
        // The server quotes roles always; a bare one is read too, except `$x`, which is SHOW USER PRIVILEGES' parameter.
        const rendered = isUnescapedSymbolicName(role) && !role.startsWith("$") ? role : backtickName(role);
        const row = `${body} TO ${rendered}`;
        expect(roleOfRow(row)).toBe(role);
        const atoms = parsePrivilegeRow(row);
        expect(atoms?.map((a) => a.role)).toEqual([role]);
      }),
      { numRuns: propertyRuns(1000) },
    );
  });
});

test("`TO $role` (SHOW USER PRIVILEGES AS COMMANDS) is a parameter, not a role named $role", () => {
  expect(roleOfRow("GRANT ACCESS ON HOME DATABASE TO $role")).toBeNull();
  expect(roleOfRow("GRANT ACCESS ON HOME DATABASE TO `$role`")).toBe("$role");
});

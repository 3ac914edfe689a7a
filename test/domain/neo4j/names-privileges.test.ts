/**
 * Naming rules (Operations Manual pages cited in docs/vendor-facts.md "Neo4j access") and the privilege
 * catalog's refusals, table-driven. Each rejection names the config path, the value and what is allowed.
 */
import { parseNeo4jAccess, Neo4jAccessConfigError } from "../../../domain/neo4j/access-model";
import { aliasNameProblem, constituentName, databaseNameProblem, isUnescapedSymbolicName, SYMBOLIC_NAME_PART, SYMBOLIC_NAME_START } from "../../../domain/neo4j/names";

describe("database names (Operations Manual, naming rules for databases)", () => {
  test.each<[string, string | null]>([
    ["films", null],
    ["Films-2024", null],
    ["db.v2", null],
    ["2025db", null], // a digit first: Neo4j 2025.01+
    ["ab", "must be 3-63 characters long (got 2)"],
    ["a".repeat(64), "must be 3-63 characters long (got 64)"],
    ["films.", "must not end with a dot or a dash"],
    ["films-", "must not end with a dot or a dash"],
    ["-films", "must start with an ASCII letter (or, from Neo4j 2025.01, a digit)"],
    ["_films", "must start with an ASCII letter (or, from Neo4j 2025.01, a digit)"],
    ["fil_ms", "may contain only ASCII letters, digits, dots and dashes"],
    ["systemx", 'must not start with "system" (reserved for internal use)'],
    ["fïlms", "may contain only ASCII letters, digits, dots and dashes"],
    // edges and near-misses
    ["abc", null],
    ["a".repeat(63), null],
    ["SYSTEM2", 'must not start with "system" (reserved for internal use)'],
    ["mysystem", null], // "system" is reserved as a prefix only
    ["films.2", null],
    ["a.-b", null],
  ])("%s", (name, problem) => expect(databaseNameProblem(name)).toBe(problem));
});

describe("alias names (Operations Manual, naming rules for database aliases)", () => {
  test.each<[string, string | null]>([
    ["films-alias", null],
    ["ünïcødé alias", null],
    ["we`ird", null],
    ["1st", null],
    ["a-", null], // aliases may end with a dash, unlike databases
    ["films.", "must not end with a dot"],
    ["_internal", 'must not start with "_" (reserved for internal use)'],
    ["System-copy", 'must not start with "system" (reserved for internal use)'],
    ["", "must not be empty"],
    [" x", "must not start or end with whitespace (Cypher trims it)"],
    ["a\u0000b", "must not contain control characters or backslashes"],
    ["x".repeat(65535), "must be at most 65534 characters long (got 65535)"],
    // edges and near-misses
    ["x".repeat(65534), null],
    ["a", null],
    ["x ", "must not start or end with whitespace (Cypher trims it)"],
    ["a b", null],
    ["a.b", null],
    ["a_", null],
    ["mysystem", null],
    ["a\\b", "must not contain control characters or backslashes"],
    ["a\u001fb", "must not contain control characters or backslashes"],
    ["a\u007fb", "must not contain control characters or backslashes"],
    ["a\u0080b", null],
  ])("%j", (name, problem) => expect(aliasNameProblem(name)).toBe(problem));
});

describe("isUnescapedSymbolicName (Java identifier rules the server quotes by)", () => {
  // Java's isJavaIdentifierStart: letters (L), letter numbers (Nl), currency symbols (Sc), connector punctuation
  // (Pc); isJavaIdentifierPart adds digits (Nd), marks (Mn, Mc), format characters (Cf) and the identifier-ignorable
  // controls U+0000-0008, U+000E-001B, U+007F-009F.
  test.each<[string, boolean]>([
    ["Person", true],
    ["Café", true],
    ["名前", true],
    ["_x", true],
    ["$x", true],
    ["MATCH", true],
    ["a1", true],
    ["\u216bx", true], // Ⅻ, Nl, first
    ["\u20acx", true], // €, Sc, first
    ["\u203fx", true], // ‿, Pc, first
    ["x\u0301", true], // combining acute, Mn
    ["x\u0903", true], // Devanagari visarga, Mc
    ["x\u200b", true], // zero width space, Cf
    ["x\u0000", true],
    ["x\u0008", true],
    ["x\u000e", true],
    ["x\u001b", true],
    ["x\u007f", true],
    ["x\u009f", true],
    ["1a", false],
    ["\u0301x", false], // a mark cannot start a name
    ["\u0001x", false],
    ["x\u0009", false], // tab is no identifier part
    ["x\u000d", false],
    ["x\u001c", false],
    ["x\u00a0", false],
    ["a-b", false],
    ["a.b", false],
    ["a b", false],
    ["a`b", false],
    ["ab!", false],
    ["", false],
  ])("%j -> %s", (name, bare) => expect(isUnescapedSymbolicName(name)).toBe(bare));

  test.each<[string, boolean, boolean]>([
    ["a", true, true],
    ["_", true, true],
    ["7", false, true],
    ["\u0301", false, true],
    ["\u0005", false, true],
    ["-", false, false],
    [" ", false, false],
  ])("one code point %j: starts a name %s, continues one %s", (ch, start, part) => {
    expect(new RegExp(`^${SYMBOLIC_NAME_START.source}$`, "u").test(ch)).toBe(start);
    expect(new RegExp(`^${SYMBOLIC_NAME_PART.source}$`, "u").test(ch)).toBe(part);
  });

  test("a constituent of a composite database is named composite.alias", () => expect(constituentName("shop", "eu")).toBe("shop.eu"));
});

const base = { connection: { uri: "neo4j+s://a.example.com", user: "alice", password: { env: "PW" } } };
function rejects(input: Record<string, unknown>): string {
  try {
    parseNeo4jAccess({ ...base, ...input });
  } catch (e) {
    expect(e).toBeInstanceOf(Neo4jAccessConfigError);
    return (e as Error).message;
  }
  throw new Error("expected a rejection");
}
const role = (...privileges: unknown[]) => ({ roles: [{ name: "r", privileges }] });

describe("config-time refusals", () => {
  test.each<[string, Record<string, unknown>, string]>([
    ["a local alias named like its target", { localAliases: [{ name: "films", target: "films" }] }, 'neo4jAccess.localAliases[0].name: got "films"; is the name of its own target database'],
    ["a local alias named neo4j", { localAliases: [{ name: "neo4j", target: "films" }] }, 'neo4jAccess.localAliases[0].name: got "neo4j"; is the name of a database every DBMS has (neo4j, system)'],
    ["a remote alias named NEO4J", { remoteAliases: [{ name: "NEO4J", target: "films", url: "neo4j+s://h", credentials: { type: "oidc" } }] }, 'neo4jAccess.remoteAliases[0].name: got "NEO4J"; is the name of a database every DBMS has'],
    ["a local alias target ending with a dash", { localAliases: [{ name: "movies", target: "films-" }] }, 'neo4jAccess.localAliases[0].target: got "films-"; must be a database name that must not end with a dot or a dash'],
    [
      "a privilege on a local alias",
      { localAliases: [{ name: "movies", target: "films" }], ...role({ privilege: "MATCH", graph: "movies" }) },
      'neo4jAccess.roles[0].privileges[0].graph: got "movies"; names the local alias movies; privileges are defined on the target database, not on a local alias: write graph: films',
    ],
    ["properties on CREATE", role({ privilege: "CREATE", graph: "*", properties: ["x"] }), 'neo4jAccess.roles[0].privileges[0].properties: got ["x"]; is not accepted by CREATE (a graph privilege; it takes nodes, relationships, graph)'],
    ["a graph on a database privilege", role({ privilege: "START", graph: "films" }), 'neo4jAccess.roles[0].privileges[0].graph: got "films"; is not accepted by START (a database privilege; it takes database)'],
    ["a database on a DBMS privilege", role({ privilege: "ROLE MANAGEMENT", database: "*" }), 'neo4jAccess.roles[0].privileges[0].database: got "*"; is not accepted by ROLE MANAGEMENT (a dbms privilege; it takes nothing but `action`)'],
    ["a graph privilege without a graph", role({ privilege: "TRAVERSE" }), "neo4jAccess.roles[0].privileges[0].graph: is missing; TRAVERSE is a graph privilege"],
    ["DENY MERGE", role({ action: "DENY", privilege: "MERGE", graph: "*" }), 'neo4jAccess.roles[0].privileges[0].action: got "DENY"; MERGE can only be granted'],
    ["REVOKE as an action", role({ action: "REVOKE", privilege: "ACCESS", database: "*" }), 'neo4jAccess.roles[0].privileges[0].action: got "REVOKE"; must be GRANT or DENY (removing a privilege from the config revokes it)'],
    ["a property rule with nodes", role({ privilege: "READ", graph: "*", nodes: ["A"], where: { property: "p", value: 1 } }), "neo4jAccess.roles[0].privileges[0].where: got"],
    ["a property rule without a value", role({ privilege: "READ", graph: "*", where: { property: "p", operator: ">" } }), "neo4jAccess.roles[0].privileges[0].where.value: is missing; is required with operator >"],
    ["a value with IS NULL", role({ privilege: "READ", graph: "*", where: { property: "p", operator: "IS NULL", value: 1 } }), "neo4jAccess.roles[0].privileges[0].where.value: got 1; must be left out with IS NULL"],
    ["a property rule on WRITE", role({ privilege: "WRITE", graph: "*", where: { property: "p", value: 1 } }), "is not accepted by WRITE"],
    ["a procedure glob with a backtick", role({ privilege: "EXECUTE PROCEDURE", procedures: ["apoc`.*"] }), "neo4jAccess.roles[0].privileges[0].procedures"],
    ["an unknown privilege", role({ privilege: "FROBNICATE" }), 'neo4jAccess.roles[0].privileges[0].privilege: got "FROBNICATE"; must be a privilege name'],
    ["LOAD without a source", role({ privilege: "LOAD" }), "neo4jAccess.roles[0].privileges[0].cidr: is missing; LOAD takes exactly one source: allData: true (LOAD ON ALL DATA) or cidr: <block> (LOAD ON CIDR)"],
    ["LOAD with both sources", role({ privilege: "LOAD", allData: true, cidr: "10.0.0.0/8" }), 'neo4jAccess.roles[0].privileges[0].cidr: got "10.0.0.0/8"; LOAD takes exactly one source'],
    ["LOAD ON CIDR that is no block", role({ privilege: "LOAD", cidr: "10.0.0.0/33" }), 'neo4jAccess.roles[0].privileges[0].cidr: got "10.0.0.0/33"; must be an IPv4 or IPv6 CIDR block like 10.0.0.0/8 or 2001:db8::/32'],
    ["LOAD ON CIDR with junk after a valid block", role({ privilege: "LOAD", cidr: "10.0.0.0/8 x" }), "must be an IPv4 or IPv6 CIDR block"],
    ["allData false", role({ privilege: "LOAD", allData: false }), "neo4jAccess.roles[0].privileges[0].allData: got false; must be true (LOAD ON ALL DATA) or left out"],
    ["a graph on LOAD", role({ privilege: "LOAD", allData: true, graph: "*" }), 'neo4jAccess.roles[0].privileges[0].graph: got "*"; is not accepted by LOAD (a load privilege; it takes allData, cidr)'],
    ["a database on a DBMS-only privilege", role({ privilege: "CREATE ROLE", database: "neo4j" }), 'neo4jAccess.roles[0].privileges[0].database: got "neo4j"; is not accepted by CREATE ROLE'],
    ["a home graph on a database privilege", role({ privilege: "ACCESS", graph: { home: true } }), "neo4jAccess.roles[0].privileges[0].graph: got {\"home\":true}; is not accepted by ACCESS"],
    ["home: false", role({ privilege: "ACCESS", database: { home: false } }), "neo4jAccess.roles[0].privileges[0].database"],
    ["IN with a single value", role({ privilege: "READ", graph: "*", where: { property: "p", operator: "IN", value: "a" } }), 'neo4jAccess.roles[0].privileges[0].where.value: got "a"; must be a list of values with operator IN'],
    ["a list without IN", role({ privilege: "READ", graph: "*", where: { property: "p", value: ["a"] } }), 'neo4jAccess.roles[0].privileges[0].where.value: got ["a"]; a list needs operator IN, not ='],
    ["a temporal value with IS NOT NULL", role({ privilege: "READ", graph: "*", where: { property: "p", operator: "IS NOT NULL", value: { date: "2024-10-25" } } }), "must be left out with IS NOT NULL"],
    ["a date that is no date", role({ privilege: "READ", graph: "*", where: { property: "p", operator: ">", value: { date: "25.10.2024" } } }), "neo4jAccess.roles[0].privileges[0].where.value"],
    ["two temporal kinds in one value", role({ privilege: "READ", graph: "*", where: { property: "p", operator: ">", value: { date: "2024-10-25", localtime: "10:00" } } }), "neo4jAccess.roles[0].privileges[0].where.value"],
    ["label and labels", role({ privilege: "READ", graph: "*", where: { label: "A", labels: ["B"], property: "p", value: 1 } }), 'neo4jAccess.roles[0].privileges[0].where.labels: got ["B"]; give label or labels, not both'],
    ["relationship types on a node rule", role({ privilege: "READ", graph: "*", where: { types: ["T"], property: "p", value: 1 } }), 'neo4jAccess.roles[0].privileges[0].where.types: got ["T"]; relationship types need relationship: true'],
    ["node labels on a relationship rule", role({ privilege: "READ", graph: "*", where: { relationship: true, labels: ["A"], property: "p", value: 1 } }), "neo4jAccess.roles[0].privileges[0].where.labels: got [\"A\"]; node labels do not apply to a relationship rule; use types"],
    ["relationship: false", role({ privilege: "READ", graph: "*", where: { relationship: false, property: "p", value: 1 } }), "neo4jAccess.roles[0].privileges[0].where.relationship: got false; must be true (a relationship rule) or left out"],
  ])("refuses %s", (_n, input, expected) => expect(rejects(input)).toContain(expected));

  test("SET PASSWORDS is read as the name the server prints, SET PASSWORD", () => {
    expect(parseNeo4jAccess({ ...base, ...role({ privilege: "SET PASSWORDS" }) }).roles[0].privileges).toEqual([{ action: "GRANT", privilege: "SET PASSWORD" }]);
  });

  test("accepts the new forms: LOAD, HOME scopes, the database scope of ALTER DATABASE, rules with several labels, relationships, IN, NOT and temporal values", () => {
    const c = parseNeo4jAccess({
      ...base,
      ...role(
        { privilege: "LOAD", allData: true, absent: true },
        { action: "DENY", privilege: "LOAD", cidr: "2001:db8::/32" },
        { privilege: "TRAVERSE", graph: { home: true }, nodes: "*" },
        { privilege: "ALTER DATABASE", database: { home: true } },
        { privilege: "READ", graph: "*", properties: "*", where: { labels: ["A", "B"], property: "p", not: true, operator: "IN", value: ["x", 2, false] } },
        { privilege: "MATCH", graph: "*", properties: "*", where: { relationship: true, types: ["OWNS"], property: "since", operator: "<", value: { datetime: "2024-10-25T10:00:00+02:00[Europe/Berlin]" } } },
      ),
    });
    expect(c.roles[0].privileges.map((p) => p.privilege)).toEqual(["LOAD", "LOAD", "TRAVERSE", "ALTER DATABASE", "READ", "MATCH"]);
  });

  test("accepts the whole model: DENY, database and DBMS privileges, property rules, mixed-case database names (stored lowercase)", () => {
    const c = parseNeo4jAccess({
      ...base,
      localAliases: [{ name: "movies", target: "Films" }],
      ...role(
        { action: "DENY", privilege: "READ", graph: "films", nodes: ["Person"], properties: ["ssn"] },
        { privilege: "TRAVERSE", graph: "*", where: { label: "Doc", property: "level", operator: "<=", value: 2 } },
        { privilege: "SHOW TRANSACTION", database: "*", users: ["bob"] },
        { privilege: "EXECUTE BOOSTED PROCEDURE", procedures: ["apoc.*"] },
        { action: "DENY", privilege: "ALL DBMS PRIVILEGES" },
      ),
    });
    expect(c.localAliases[0].target).toBe("films");
    expect(c.roles[0].privileges[1]).toEqual({ action: "GRANT", privilege: "TRAVERSE", graph: "*", where: { label: "Doc", property: "level", operator: "<=", value: 2 } });
  });
});

/**
 * The privilege model's pure rules (domain/neo4j/privileges.ts), table-driven: which server version each declared
 * privilege needs and whether it is sent as Cypher 25, the canonical spelling of temporal values and CIDR blocks,
 * which labels a property rule names, and the refusals of the privilege and property-rule schemas with the field
 * each one names. Version facts: Operations Manual, docs/vendor-facts.md "Neo4j access".
 */
import {
  canonicalCidr,
  canonicalTemporal,
  graphOrDatabaseName,
  isDatabaseScoped,
  loadCidrProblem,
  needsCypher25,
  privilegeRequirements,
  privilegeSchema,
  privilegeTarget,
  propertyRuleSchema,
  ruleLabels,
  temporalOf,
  type PrivilegeInput,
  type PropertyRule,
  type TemporalKind,
} from "../../../domain/neo4j/privileges";

/** The issues a schema reports, as [field, message]. */
function issues(schema: typeof privilegeSchema | typeof propertyRuleSchema | typeof graphOrDatabaseName, input: unknown): [string, string][] {
  const r = schema.safeParse(input);
  if (r.success) return [];
  // Each of these refusals is a custom issue: domain/errors.ts prints a custom issue's message as written.
  expect(r.error.issues.map((i) => i.code)).toEqual(r.error.issues.map(() => "custom"));
  return r.error.issues.map((i) => [i.path.join("."), i.message]);
}

describe("privilegeRequirements and needsCypher25: the version each declared privilege needs", () => {
  test.each<[string, PrivilegeInput, { since: string; what: string }[], boolean]>([
    ["ACCESS (every 5.x)", { privilege: "ACCESS", database: "*" }, [], false],
    ["SET AUTH", { privilege: "SET AUTH" }, [{ since: "5.24", what: "the SET AUTH privilege" }], false],
    ["LOAD ON ALL DATA", { privilege: "LOAD", allData: true }, [{ since: "5.13", what: "LOAD ON ALL DATA" }], false],
    ["LOAD ON CIDR", { privilege: "LOAD", cidr: "10.0.0.0/8" }, [{ since: "5.16", what: "LOAD ON CIDR" }], false],
    ["ALTER DATABASE on the DBMS", { privilege: "ALTER DATABASE" }, [], false],
    ["ALTER DATABASE on a database", { privilege: "ALTER DATABASE", database: "neo4j" }, [{ since: "2025.08", what: "ALTER DATABASE on a database (not on the DBMS)" }], true],
    ["SET DATABASE ACCESS on every database", { privilege: "SET DATABASE ACCESS", database: "*" }, [{ since: "2025.08", what: "SET DATABASE ACCESS on a database (not on the DBMS)" }], true],
    [
      "SET DATABASE DEFAULT LANGUAGE on the home database",
      { privilege: "SET DATABASE DEFAULT LANGUAGE", database: { home: true } },
      [
        { since: "2025.06", what: "the SET DATABASE DEFAULT LANGUAGE privilege" },
        { since: "2025.08", what: "SET DATABASE DEFAULT LANGUAGE on a database (not on the DBMS)" },
      ],
      true,
    ],
    ["SET DATABASE DEFAULT LANGUAGE on the DBMS", { privilege: "SET DATABASE DEFAULT LANGUAGE" }, [{ since: "2025.06", what: "the SET DATABASE DEFAULT LANGUAGE privilege" }], false],
    ["SHOW AUTH RULE", { privilege: "SHOW AUTH RULE" }, [{ since: "2026.03", what: "the SHOW AUTH RULE privilege" }], true],
    ["SET USER METADATA", { privilege: "SET USER METADATA" }, [{ since: "2026.06", what: "the SET USER METADATA privilege" }], true],
    ["a database privilege on a database is no database scope of a DBMS one", { privilege: "START", database: "films" }, [], false],
    ["a node rule", { privilege: "TRAVERSE", graph: "*", where: { property: "p", value: 1 } }, [{ since: "5.20", what: "property-based access control (a where rule)" }], false],
    [
      "a relationship rule with a date",
      { privilege: "TRAVERSE", graph: "*", where: { relationship: true, property: "p", operator: ">", value: { date: "2024-10-25" } } },
      [
        { since: "5.20", what: "property-based access control (a where rule)" },
        { since: "2025.04", what: "a property rule on relationships" },
        { since: "5.26", what: "a temporal value in a property rule" },
      ],
      false,
    ],
    ["a node rule with a list", { privilege: "READ", graph: "*", properties: ["p"], where: { property: "p", operator: "IN", value: ["a", "b"] } }, [{ since: "5.20", what: "property-based access control (a where rule)" }], false],
  ])("%s", (_name, input, requirements, cypher25) => {
    const p = privilegeSchema.parse(input);
    expect(privilegeRequirements(p)).toEqual(requirements);
    expect(needsCypher25(p)).toBe(cypher25);
  });

  test.each<[PrivilegeInput, boolean, string | null]>([
    [{ privilege: "ALTER DATABASE", database: "films" }, true, "films"],
    [{ privilege: "ALTER DATABASE" }, false, null],
    [{ privilege: "ACCESS", database: "films" }, false, "films"], // a database privilege, not a DBMS one on a database
    [{ privilege: "ACCESS", database: { home: true } }, false, null],
    [{ privilege: "TRAVERSE", graph: "*" }, false, "*"],
    [{ privilege: "TRAVERSE", graph: { home: true } }, false, null],
  ])("isDatabaseScoped and privilegeTarget of %j", (input, scoped, target) => {
    const p = privilegeSchema.parse(input);
    expect(isDatabaseScoped(p)).toBe(scoped);
    expect(privilegeTarget(p)).toBe(target);
  });
});

describe("canonicalTemporal: one text per temporal value, null when the text is not of that kind", () => {
  test.each<[TemporalKind, string, string | null]>([
    ["date", "2024-10-25", "2024-10-25"],
    ["date", "2024-1-25", null],
    ["date", "2024-10-25T10:00", null],
    ["localtime", "10:00", "10:00:00"],
    ["localtime", "10:00:00.000", "10:00:00"],
    ["localtime", "10:00:00.500000", "10:00:00.5"],
    ["localtime", "10:00:00.123456789", "10:00:00.123456789"],
    ["localtime", "10:00:00.1234567890", null], // more than nanoseconds
    ["localtime", "9:00", null],
    ["localtime", "10:00Z", null],
    ["time", "10:00Z", "10:00:00Z"],
    ["time", "10:00:01+00:00", "10:00:01Z"],
    ["time", "10:00:00.120+00:00", "10:00:00.12Z"],
    ["time", "10:00-05:00", "10:00:00-05:00"],
    ["time", "10:00+0000", null],
    ["time", "10:00", null],
    ["localdatetime", "2024-10-25T10:00", "2024-10-25T10:00:00"],
    ["localdatetime", "2024-10-25 10:00", null],
    ["datetime", "2024-10-25T10:00+00:00", "2024-10-25T10:00:00Z"],
    ["datetime", "2024-10-25T10:00[Europe/Berlin]", "2024-10-25T10:00:00[Europe/Berlin]"],
    ["datetime", "2024-10-25T10:00:00+00:00[UTC]", "2024-10-25T10:00:00Z[UTC]"],
    ["datetime", "2024-10-25T10:00:00+02:00[Europe/Berlin]", "2024-10-25T10:00:00+02:00[Europe/Berlin]"],
    ["datetime", "2024-10-25T10:00", null],
    ["datetime", "2024-10-25T10:00Z[Europe Berlin]", null],
  ])("canonicalTemporal(%s, %s)", (kind, text, expected) => expect(canonicalTemporal(kind, text)).toBe(expected));
});

describe("CIDR blocks of LOAD ON CIDR", () => {
  test.each<[string, string | null]>([
    ["10.0.0.0/8", null],
    ["2001:db8::/32", null],
    ["10.0.0.0/33", "must be an IPv4 or IPv6 CIDR block like 10.0.0.0/8 or 2001:db8::/32"],
    ["10.0.0.0", "must be an IPv4 or IPv6 CIDR block like 10.0.0.0/8 or 2001:db8::/32"],
  ])("loadCidrProblem(%s)", (text, problem) => expect(loadCidrProblem(text)).toBe(problem));

  test.each([
    ["10.0.0.0/8", "10.0.0.0/8"],
    ["10.1.2.3/8", "10.1.2.3/8"], // host bits are kept as written
    ["2001:0db8:0000::/32", "2001:db8::/32"],
    ["::ffff:10.0.0.1/128", "::ffff:a00:1/128"],
  ])("canonicalCidr(%s)", (text, expected) => expect(canonicalCidr(text)).toBe(expected));
});

describe("a property rule: the labels it names and its temporal value", () => {
  const rule = (r: Partial<PropertyRule>): PropertyRule => ({ property: "p", operator: "=", ...r });
  test.each<[string, PropertyRule, string[]]>([
    ["no label: every node", rule({}), []],
    ["one label", rule({ label: "Doc" }), ["Doc"]],
    ["several labels", rule({ labels: ["A", "B"] }), ["A", "B"]],
    ["a relationship rule without types: every relationship", rule({ relationship: true }), []],
    ["a relationship rule names its types", rule({ relationship: true, types: ["T", "U"] }), ["T", "U"]],
  ])("ruleLabels: %s", (_name, r, labels) => expect(ruleLabels(r)).toStrictEqual(labels));

  test.each<[unknown, { kind: TemporalKind; text: string } | null]>([
    [{ date: "2024-10-25" }, { kind: "date", text: "2024-10-25" }],
    [{ time: "10:00Z" }, { kind: "time", text: "10:00Z" }],
    [{ datetime: "2024-10-25T10:00Z" }, { kind: "datetime", text: "2024-10-25T10:00Z" }],
    [{ duration: "P1D" }, null],
    [{}, null],
    [null, null],
    [["2024-10-25"], null],
    ["2024-10-25", null],
    [3, null],
  ])("temporalOf(%j)", (value, expected) => expect(temporalOf(value)).toEqual(expected));
});

describe("schema refusals name the field and what is allowed", () => {
  test.each<[string, unknown, [string, string][]]>([
    ["a node rule", { label: "A", property: "p", value: 1 }, []],
    ["IS NULL without a value", { property: "p", operator: "IS NULL" }, []],
    ["IN with a list of scalars", { property: "p", operator: "IN", value: [1, "a", true] }, []],
    ["<> with a date", { property: "p", operator: "<>", value: { date: "2024-10-25" } }, []],
    ["a relationship rule with types", { relationship: true, types: ["T"], property: "p", value: 1 }, []],
    ["label and labels", { label: "A", labels: ["B"], property: "p", value: 1 }, [["labels", "give label or labels, not both"]]],
    ["types on a node rule", { types: ["T"], property: "p", value: 1 }, [["types", "relationship types need relationship: true (a relationship rule)"]]],
    ["a label on a relationship rule", { relationship: true, label: "A", property: "p", value: 1 }, [["label", "node labels do not apply to a relationship rule; use types"]]],
    ["labels on a relationship rule", { relationship: true, labels: ["A"], property: "p", value: 1 }, [["labels", "node labels do not apply to a relationship rule; use types"]]],
    ["IN without a value", { property: "p", operator: "IN" }, [["value", "is required with operator IN"]]],
    ["a list with IS NULL", { property: "p", operator: "IS NULL", value: ["a"] }, [["value", "must be left out with IS NULL"]]],
    ["a value with IS NOT NULL", { property: "p", operator: "IS NOT NULL", value: 2 }, [["value", "must be left out with IS NOT NULL"]]],
    ["no value with <", { property: "p", operator: "<" }, [["value", "is required with operator <"]]],
    ["a list with >=", { property: "p", operator: ">=", value: ["a"] }, [["value", "a list needs operator IN, not >="]]],
    ["a single value with IN", { property: "p", operator: "IN", value: 1 }, [["value", "must be a list of values with operator IN"]]],
    [
      "a date with IN",
      { property: "p", operator: "IN", value: { date: "2024-10-25" } },
      [
        ["value", "must be a list of values with operator IN"],
        ["value", "a temporal value takes a comparison (=, <>, >, >=, <, <=), not IN"],
      ],
    ],
  ])("property rule: %s", (_name, input, expected) => expect(issues(propertyRuleSchema, input)).toEqual(expected));

  test.each<[string, PrivilegeInput, [string, string][]]>([
    ["SHOW TRANSACTION for some users", { privilege: "SHOW TRANSACTION", database: "*", users: ["bob"] }, []],
    ["users on ACCESS", { privilege: "ACCESS", database: "*", users: ["bob"] }, [["users", "is not accepted by ACCESS (a database privilege; it takes database)"]]],
    ["users on CREATE ROLE", { privilege: "CREATE ROLE", users: ["x"] }, [["users", "is not accepted by CREATE ROLE (a dbms privilege; it takes nothing but `action`)"]]],
    ["a graph on IMPERSONATE", { privilege: "IMPERSONATE", users: "*", graph: "*" }, [["graph", "is not accepted by IMPERSONATE (a dbms privilege; it takes users)"]]],
    ["a graph on LOAD", { privilege: "LOAD", cidr: "::1/128", graph: "*" }, [["graph", "is not accepted by LOAD (a load privilege; it takes allData, cidr)"]]],
    ["ACCESS without a database", { privilege: "ACCESS" }, [["database", 'ACCESS is a database privilege: give database: "*", a database name or {home: true}']]],
    ["TRAVERSE without a graph", { privilege: "TRAVERSE" }, [["graph", 'TRAVERSE is a graph privilege: give graph: "*", a graph name or {home: true}']]],
    ["LOAD with both sources", { privilege: "LOAD", allData: true, cidr: "10.0.0.0/8" }, [["cidr", "LOAD takes exactly one source: allData: true (LOAD ON ALL DATA) or cidr: <block> (LOAD ON CIDR)"]]],
    ["LOAD ON CIDR with no block", { privilege: "LOAD", cidr: "10.0.0.0/33" }, [["cidr", "must be an IPv4 or IPv6 CIDR block like 10.0.0.0/8 or 2001:db8::/32"]]],
    ["LOAD with no source", { privilege: "LOAD" }, [["cidr", "LOAD takes exactly one source: allData: true (LOAD ON ALL DATA) or cidr: <block> (LOAD ON CIDR)"]]],
    ["a rule and nodes", { privilege: "MATCH", graph: "*", where: { property: "p", value: 1 }, nodes: ["A"] }, [["where", "a property rule replaces nodes/relationships (FOR pattern); give one or the other"]]],
    ["a rule and relationships", { privilege: "READ", graph: "*", where: { property: "p", value: 1 }, relationships: ["R"] }, [["where", "a property rule replaces nodes/relationships (FOR pattern); give one or the other"]]],
    ["DENY MERGE", { action: "DENY", privilege: "MERGE", graph: "*" }, [["action", "MERGE can only be granted; the server refuses DENY MERGE (deny SET PROPERTY and CREATE instead)"]]],
    ["GRANT MERGE", { privilege: "MERGE", graph: "*" }, []],
    ["DENY SET PROPERTY", { action: "DENY", privilege: "SET PROPERTY", graph: "*", properties: ["p"] }, []],
  ])("privilege: %s", (_name, input, expected) => expect(issues(privilegeSchema, input)).toEqual(expected));

  test.each<[string, [string, string][]]>([
    ["*", []],
    ["films", []],
    ["", [["", 'must be "*" or a database or alias name that must not be empty']]],
    ["system", [["", 'must be "*" or a database or alias name that must not start with "system" (reserved for internal use)']]],
    ["_x", [["", 'must be "*" or a database or alias name that must not start with "_" (reserved for internal use)']]],
    ["**", []], // an alias name may be any identifier; "**" is quoted when rendered
  ])("graph or database name %j", (name, expected) => expect(issues(graphOrDatabaseName, name)).toEqual(expected));
});

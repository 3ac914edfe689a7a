import { propertyRuns } from "../../support/property-runs";
/**
 * Reading the rows the manual prints (literal text from the Operations Manual's SHOW output, 5.x and dev
 * branches) into atoms, the keys that make two spellings of one row equal, and a property test that every
 * statement the planner renders reads back as the atom it came from.
 */
import fc from "fast-check";
import { privilegeSchema, type PrivilegeInput } from "../../../domain/neo4j/privileges";
import { atomKey, grantAtom, parsePrivilegeRow, privilegeAtoms, privilegeOfAtom, revokeAtom, roleOfRow, type PrivilegeAtom } from "../../../runtime/cypher/privilege-commands";

const one = (row: string) => {
  const atoms = parsePrivilegeRow(row);
  expect(atoms).not.toBeNull();
  expect(atoms).toHaveLength(1);
  return atoms![0];
};

describe("rows the manual prints", () => {
  test.each<[string, Partial<PrivilegeAtom>]>([
    ["DENY READ {address} ON GRAPH `healthcare` NODE Patient TO `researcherB`", { action: "DENY", command: "READ", qualifier: { kind: "property", name: "address" }, scope: { kind: "graph", name: "healthcare" }, segment: { kind: "node", name: "Patient" }, role: "researcherB" }],
    ["GRANT MATCH {*} ON GRAPH * RELATIONSHIP * TO `reader`", { command: "MATCH", qualifier: { kind: "property", name: "*" }, scope: { kind: "graph", name: "*" }, segment: { kind: "relationship", name: "*" } }],
    ["GRANT SET PASSWORD ON DBMS TO `passwordModifier`", { command: "SET PASSWORD", scope: { kind: "dbms" }, role: "passwordModifier" }],
    ["GRANT LOAD ON ALL DATA TO `PUBLIC`", { command: "LOAD", scope: { kind: "all-data" }, role: "PUBLIC" }],
    ['DENY LOAD ON CIDR "127.0.0.1/32" TO `roleLoadCidr`', { action: "DENY", command: "LOAD", scope: { kind: "cidr", cidr: "127.0.0.1/32" } }],
    ["GRANT ACCESS ON HOME DATABASE TO `PUBLIC`", { command: "ACCESS", scope: { kind: "home-database" } }],
    ["GRANT ALTER COMPOSITE DATABASE ON HOME DATABASE TO `alterDbUsers`", { command: "ALTER COMPOSITE DATABASE", scope: { kind: "home-database" } }],
    ["DENY SET DATABASE DEFAULT LANGUAGE ON DATABASE `system` TO `alterDbUsers`", { command: "SET DATABASE DEFAULT LANGUAGE", scope: { kind: "database", name: "system" } }],
    ["GRANT TRANSACTION MANAGEMENT (*) ON DATABASE * TO `admin`", { command: "TRANSACTION MANAGEMENT", qualifier: { kind: "user", name: "*" } }],
    ["DENY IMPERSONATE (alice) ON DBMS TO `userImpersonator`", { command: "IMPERSONATE", qualifier: { kind: "user", name: "alice" } }],
    ["DENY EXECUTE FUNCTION apoc.any.prop* ON DBMS TO `deniedFunctionExecutor`", { command: "EXECUTE FUNCTION", qualifier: { kind: "glob", name: "apoc.any.prop*" } }],
    ["GRANT SHOW SETTING server.bolt.* ON DBMS TO `configurationViewer`", { command: "SHOW SETTING", qualifier: { kind: "glob", name: "server.bolt.*" } }],
    ["GRANT CREATE NEW NODE LABEL ON DATABASE `neo4j` TO `r`", { command: "CREATE NEW NODE LABEL" }],
    ["GRANT SHOW AUTH RULE ON DBMS TO `authRuleViewer`", { command: "SHOW AUTH RULE" }],
    ["GRANT USER METADATA MANAGEMENT ON DBMS TO `userMetadataManager`", { command: "USER METADATA MANAGEMENT" }],
    [
      "GRANT READ {*} ON GRAPH * FOR (n) WHERE n.createdAt > date('2024-10-25') TO `regularUsers`",
      { segment: { kind: "rule", element: "node", labels: [], property: "createdAt", not: false, operator: ">", value: { date: "2024-10-25" } } },
    ],
    [
      "GRANT READ {*} ON GRAPH * FOR ()-[r]-() WHERE r.createdAt > date('2024-10-25') TO `regularUsers`",
      { segment: { kind: "rule", element: "relationship", labels: [], property: "createdAt", not: false, operator: ">", value: { date: "2024-10-25" } } },
    ],
  ])("%s", (row, expected) => expect(one(row)).toMatchObject(expected));

  test("a row printed for several names is one atom per name (a hand-written row may list them)", () => {
    expect(parsePrivilegeRow("GRANT TRAVERSE ON GRAPHS a, b ELEMENTS X TO r, s")!.map((a) => `${a.role}:${(a.scope as { name: string }).name}:${a.segment!.kind}`)).toEqual([
      "r:a:node",
      "r:a:relationship",
      "r:b:node",
      "r:b:relationship",
      "s:a:node",
      "s:a:relationship",
      "s:b:node",
      "s:b:relationship",
    ]);
  });

  test.each([
    ["SHOW USER PRIVILEGES rows carry $role, not a role", "GRANT ACCESS ON HOME DATABASE TO $role"],
    ["a form this tool does not model", "GRANT READ {*} ON DEFAULT GRAPH NODE * TO `r`"],
    ["an unknown privilege", "GRANT FROBNICATE ON DBMS TO `r`"],
    ["the manual's typo for CREATE AUTH RULE", "GRANT CREATE authRuleAdder ON DBMS TO `authRuleAdder`"],
    ["a function call as a value", "GRANT READ {*} ON GRAPH * FOR (n) WHERE n.p > foo('x') TO `r`"],
    ["junk after the role", "GRANT ACCESS ON DATABASE `a` TO `r` x"],
    ["an unterminated name", "GRANT ACCESS ON DATABASE `a TO `r"],
    ["a rule on another variable", "GRANT READ {*} ON GRAPH * FOR (n) WHERE m.p = 1 TO `r`"],
    ["a REVOKE", "REVOKE GRANT ACCESS ON DATABASE `a` FROM `r`"],
  ])("null (left alone) for %s", (_n, row) => expect(parsePrivilegeRow(row)).toBeNull());

  test("roleOfRow reads the role even of a form this tool does not model (import reports it as skipped)", () => {
    expect(roleOfRow("GRANT READ {*} ON DEFAULT GRAPH NODE * TO `r``s`")).toBe("r`s");
    expect(roleOfRow("REVOKE GRANT ACCESS ON DATABASE `a` FROM `r`")).toBeNull();
  });
});

describe("one key however the server spells a row", () => {
  test.each<[string, string]>([
    ["GRANT MATCH {*} ON GRAPH `db1` NODE * TO `reader`", "GRANT MATCH {*} ON GRAPH db1 NODE * TO reader"],
    ["GRANT ACCESS ON DATABASE `Films` TO `R`", "GRANT ACCESS ON DATABASE films TO `R`"],
    ["DENY READ {x} ON GRAPHS g NODES L TO r", "DENY READ {`x`} ON GRAPH `g` NODE `L` TO `r`"],
    ['GRANT TRAVERSE ON GRAPH * FOR (doc:Doc) WHERE doc.level = "open" TO r', "GRANT TRAVERSE ON GRAPH * FOR (n:`Doc`) WHERE n.`level` = 'open' TO `r`"],
    ["GRANT TRAVERSE ON GRAPH * FOR (n:Doc {level: 'open'}) TO r", "GRANT TRAVERSE ON GRAPH * FOR (n:Doc) WHERE n.level = 'open' TO r"],
    ["GRANT TRAVERSE ON GRAPH * FOR (n:B|A) WHERE n.p = 1 TO r", "GRANT TRAVERSE ON GRAPH * FOR (n:A|B) WHERE n.p = 1 TO r"],
    ["GRANT SET PASSWORDS ON DBMS TO r", "GRANT SET PASSWORD ON DBMS TO `r`"],
    ["GRANT TRANSACTION ON DATABASE * TO r", "GRANT TRANSACTION MANAGEMENT (*) ON DATABASE * TO `r`"],
    ["GRANT EXECUTE USER DEFINED FUNCTIONS * ON DBMS TO r", "GRANT EXECUTE FUNCTION * ON DBMS TO `r`"],
    ['GRANT LOAD ON CIDR "2001:db8:0:0::/32" TO r', "GRANT LOAD ON CIDR '2001:db8::/32' TO r"],
    ["GRANT READ {*} ON GRAPH * FOR (n) WHERE n.t > datetime('2024-10-25T10:00Z') TO r", "GRANT READ {*} ON GRAPH * FOR (n) WHERE n.t > datetime('2024-10-25T10:00:00.000+00:00') TO r"],
    ["GRANT READ {*} ON GRAPH * FOR ()<-[r:T]-() WHERE r.p = TRUE TO r", "GRANT READ {*} ON GRAPH * FOR ()-[x:T]->() WHERE x.p = true TO r"],
  ])("%s == %s", (a, b) => expect(atomKey(one(a))).toBe(atomKey(one(b))));

  test.each<[string, string]>([
    ["GRANT ACCESS ON DATABASE `a` TO `r`", "DENY ACCESS ON DATABASE `a` TO `r`"],
    ["GRANT TRAVERSE ON GRAPH * NODE Person TO r", "GRANT TRAVERSE ON GRAPH * NODE person TO r"],
    ["GRANT TRAVERSE ON GRAPH * NODE A TO r", "GRANT TRAVERSE ON GRAPH * RELATIONSHIP A TO r"],
    ["GRANT READ {*} ON GRAPH * FOR (n) WHERE n.p = 1 TO r", "GRANT READ {*} ON GRAPH * FOR (n) WHERE NOT n.p = 1 TO r"],
    ["GRANT READ {*} ON GRAPH * FOR (n) WHERE n.p = '1' TO r", "GRANT READ {*} ON GRAPH * FOR (n) WHERE n.p = 1 TO r"],
    ["GRANT ACCESS ON HOME DATABASE TO r", "GRANT ACCESS ON DATABASE * TO r"],
    ["GRANT LOAD ON CIDR '10.0.0.0/8' TO r", "GRANT LOAD ON CIDR '10.0.0.0/16' TO r"],
    ["GRANT ACCESS ON DATABASE `a` TO `r`", "GRANT ACCESS ON DATABASE `a` TO `R`"],
  ])("%s != %s", (a, b) => expect(atomKey(one(a))).not.toBe(atomKey(one(b))));
});

describe("rendered statements read back as their atoms (property)", () => {
  const name = fc.oneof(fc.constantFrom("Person", "Café", "MATCH", "first name", "we`ird", "x` TO `admin", "a.b", "名前", "$x"), fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !/[\u0000-\u001f\u007f\\]/.test(s)));
  const names = fc.oneof(fc.constant("*" as const), fc.array(name, { minLength: 1, maxLength: 3 }));
  const scalar = fc.oneof(fc.string({ maxLength: 10 }).filter((s) => !/[\u0000-\u001f\u007f]/.test(s)), fc.integer({ min: -1000, max: 1000 }), fc.boolean());
  const rule = fc.record(
    {
      labels: fc.array(name, { minLength: 1, maxLength: 3 }),
      property: name,
      not: fc.boolean(),
      operator: fc.constantFrom("=", "<>", "<", ">=", "IS NULL", "IS NOT NULL", "IN"),
    },
    { requiredKeys: ["property", "operator"] },
  );
  const privilege: fc.Arbitrary<PrivilegeInput> = fc.oneof(
    fc.record({ privilege: fc.constant("READ" as const), graph: fc.oneof(fc.constant("*"), name.filter((s) => !s.endsWith(".") && !/^(_|system)/i.test(s) && s.trim() === s)), properties: names, nodes: names }),
    fc.record({ privilege: fc.constant("TRAVERSE" as const), graph: fc.constant({ home: true as const }), relationships: names }),
    fc.record({ privilege: fc.constant("SET LABEL" as const), graph: fc.constant("*"), labels: names }),
    fc.record({ privilege: fc.constant("IMPERSONATE" as const), users: names }),
    fc.record({ privilege: fc.constant("LOAD" as const), cidr: fc.constantFrom("10.0.0.0/8", "2001:db8::/32", "127.0.0.1/32") }),
    fc.tuple(rule, scalar, fc.array(scalar, { maxLength: 3 })).map(([r, v, list]): PrivilegeInput => ({
      privilege: "MATCH",
      graph: "*",
      properties: "*",
      where: { ...r, value: r.operator === "IN" ? list : r.operator.startsWith("IS") ? undefined : v } as never,
    })),
  );
  test("privilegeAtoms -> grantAtom / revokeAtom -> parsePrivilegeRow gives the same key", () => {
    fc.assert(
      fc.property(privilege, fc.constantFrom("GRANT", "DENY"), name, (raw, action, role) => {
        const p = privilegeSchema.safeParse({ ...raw, action });
        fc.pre(p.success);
        for (const atom of privilegeAtoms(role, p.data!)) {
          const sent = grantAtom(atom).query;
          const back = parsePrivilegeRow(sent);
          expect(back?.map(atomKey)).toEqual([atomKey(atom)]);
          expect(revokeAtom(atom).query).toBe(sent.replace(/^(GRANT|DENY) /, "REVOKE $1 ").replace(/ TO (`(?:[^`]|``)*`)$/, " FROM $1"));
          // And back into the config shape (import): one privilege that renders the same atom.
          const imported = privilegeOfAtom(back![0]);
          expect(privilegeAtoms(role, privilegeSchema.parse(imported)).map(atomKey)).toEqual([atomKey(atom)]);
        }
      }),
      { numRuns: propertyRuns(1000) },
    );
  });
});

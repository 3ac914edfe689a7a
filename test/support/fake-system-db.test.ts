/**
 * The fake system database prints what the Operations Manual shows. Each fixture is a statement from a manual
 * page and the rows SHOW PRIVILEGES AS COMMANDS prints for it there, copied by hand (neo4j/docs-operations,
 * branches 5.x and dev, read 2026-12-06; docs/vendor-facts.md "Neo4j access"). Rows marked "source" have no
 * printed example in the manual and follow the Neo4j source's prettifier. Then: what each version refuses.
 */
import { Structure } from "./bolt-server";
import { FakeSystemDb, type FakeState } from "./fake-system-db";

const ctx = { user: "neo4j", txId: null, db: "system" };

function run(fake: FakeSystemDb, query: string, params: Record<string, unknown> = {}) {
  return fake.handler(query, params, ctx);
}
function rowsAfter(agent: string, statements: (string | [string, Record<string, unknown>])[], extra: Partial<FakeState> = {}, defaultLanguage: 5 | 25 = 5): string[] {
  const roles = new Set<string>(["PUBLIC", "we`ird role"]);
  for (const s of statements) {
    const q = typeof s === "string" ? s : s[0];
    const m = / (?:TO|FROM) (\w+)$/.exec(q);
    if (m) roles.add(m[1]);
  }
  const fake = new FakeSystemDb({ roles: [...roles], privileges: [], ...extra }, { agent, defaultLanguage });
  for (const s of statements) {
    const [q, p] = typeof s === "string" ? [s, {}] : s;
    const r = run(fake, q, p);
    if ("failure" in r) throw new Error(`${q}: ${r.failure.message}`);
  }
  return fake.state.privileges.slice().sort();
}

type Fixture = [page: string, agent: string, statements: (string | [string, Record<string, unknown>])[], rows: string[]];
const FIXTURES: Fixture[] = [
  [
    "tutorial/access-control.adoc (researcherB)",
    "Neo4j/5.26.0",
    ["GRANT MATCH {*} ON GRAPH healthcare TO researcherB", "DENY READ {name, address, ssn} ON GRAPH healthcare NODES Patient TO researcherB", "DENY TRAVERSE ON GRAPH healthcare RELATIONSHIPS DIAGNOSIS TO researcherB"],
    [
      "DENY READ {address} ON GRAPH `healthcare` NODE Patient TO `researcherB`",
      "DENY READ {name} ON GRAPH `healthcare` NODE Patient TO `researcherB`",
      "DENY READ {ssn} ON GRAPH `healthcare` NODE Patient TO `researcherB`",
      "DENY TRAVERSE ON GRAPH `healthcare` RELATIONSHIP DIAGNOSIS TO `researcherB`",
      "GRANT MATCH {*} ON GRAPH `healthcare` NODE * TO `researcherB`",
      "GRANT MATCH {*} ON GRAPH `healthcare` RELATIONSHIP * TO `researcherB`",
    ],
  ],
  [
    "tutorial/access-control.adoc (doctor)",
    "Neo4j/2026.01.0",
    ["GRANT TRAVERSE ON GRAPH healthcare TO doctor", "GRANT READ {*} ON GRAPH healthcare TO doctor", "GRANT WRITE ON GRAPH healthcare TO doctor", "DENY READ {address} ON GRAPH healthcare NODES Patient TO doctor", "DENY SET PROPERTY {address} ON GRAPH healthcare NODES Patient TO doctor"],
    [
      "DENY READ {address} ON GRAPH `healthcare` NODE Patient TO `doctor`",
      "DENY SET PROPERTY {address} ON GRAPH `healthcare` NODE Patient TO `doctor`",
      "GRANT READ {*} ON GRAPH `healthcare` NODE * TO `doctor`",
      "GRANT READ {*} ON GRAPH `healthcare` RELATIONSHIP * TO `doctor`",
      "GRANT TRAVERSE ON GRAPH `healthcare` NODE * TO `doctor`",
      "GRANT TRAVERSE ON GRAPH `healthcare` RELATIONSHIP * TO `doctor`",
      "GRANT WRITE ON GRAPH `healthcare` TO `doctor`",
    ],
  ],
  [
    "tutorial/access-control.adoc (receptionist)",
    "Neo4j/5.26.0",
    ["GRANT TRAVERSE ON GRAPH healthcare NODES Symptom, Disease TO receptionist", "GRANT DELETE ON GRAPH healthcare RELATIONSHIPS HAS, DIAGNOSIS TO receptionist", "GRANT SET PROPERTY {*} ON GRAPH healthcare NODES Patient TO receptionist", "GRANT CREATE ON GRAPH healthcare NODES Patient TO receptionist"],
    [
      "GRANT CREATE ON GRAPH `healthcare` NODE Patient TO `receptionist`",
      "GRANT DELETE ON GRAPH `healthcare` RELATIONSHIP DIAGNOSIS TO `receptionist`",
      "GRANT DELETE ON GRAPH `healthcare` RELATIONSHIP HAS TO `receptionist`",
      "GRANT SET PROPERTY {*} ON GRAPH `healthcare` NODE Patient TO `receptionist`",
      "GRANT TRAVERSE ON GRAPH `healthcare` NODE Disease TO `receptionist`",
      "GRANT TRAVERSE ON GRAPH `healthcare` NODE Symptom TO `receptionist`",
    ],
  ],
  ["tutorial/access-control.adoc (PUBLIC)", "Neo4j/5.26.0", ["GRANT ACCESS ON DATABASE healthcare TO PUBLIC"], ["GRANT ACCESS ON DATABASE `healthcare` TO `PUBLIC`"]],
  ["dbms-user-management-privileges.adoc (SET PASSWORDS prints singular)", "Neo4j/5.26.0", ["GRANT SET PASSWORDS ON DBMS TO passwordModifier"], ["GRANT SET PASSWORD ON DBMS TO `passwordModifier`"]],
  ["dbms-user-management-privileges.adoc (5.24)", "Neo4j/5.26.0", ["GRANT SET AUTH ON DBMS TO authModifier"], ["GRANT SET AUTH ON DBMS TO `authModifier`"]],
  ["load-privileges.adoc", "Neo4j/5.26.0", ["GRANT LOAD ON ALL DATA TO roleLoadAllData", 'DENY LOAD ON CIDR "127.0.0.1/32" TO roleLoadCidr'], ['DENY LOAD ON CIDR "127.0.0.1/32" TO `roleLoadCidr`', "GRANT LOAD ON ALL DATA TO `roleLoadAllData`"]],
  [
    "dbms-impersonate-privileges.adoc",
    "Neo4j/5.26.0",
    ["GRANT IMPERSONATE (*) ON DBMS TO allUserImpersonator", "GRANT IMPERSONATE (alice, bob) ON DBMS TO userImpersonator", "DENY IMPERSONATE (alice) ON DBMS TO userImpersonator"],
    ["DENY IMPERSONATE (alice) ON DBMS TO `userImpersonator`", "GRANT IMPERSONATE (*) ON DBMS TO `allUserImpersonator`", "GRANT IMPERSONATE (alice) ON DBMS TO `userImpersonator`", "GRANT IMPERSONATE (bob) ON DBMS TO `userImpersonator`"],
  ],
  [
    "dbms-execute-privileges.adoc",
    "Neo4j/5.26.0",
    ["GRANT EXECUTE PROCEDURE * ON DBMS TO boostedProcedureExecutor", "GRANT EXECUTE BOOSTED PROCEDURE db.labels, db.relationshipTypes ON DBMS TO boostedProcedureExecutor", "DENY EXECUTE USER DEFINED FUNCTION apoc.any.prop* ON DBMS TO deniedFunctionExecutor", "GRANT EXECUTE ADMIN PROCEDURES ON DBMS TO adminProcedureExecutor"],
    [
      "DENY EXECUTE FUNCTION apoc.any.prop* ON DBMS TO `deniedFunctionExecutor`",
      "GRANT EXECUTE ADMIN PROCEDURES ON DBMS TO `adminProcedureExecutor`",
      "GRANT EXECUTE BOOSTED PROCEDURE db.labels ON DBMS TO `boostedProcedureExecutor`",
      "GRANT EXECUTE BOOSTED PROCEDURE db.relationshipTypes ON DBMS TO `boostedProcedureExecutor`",
      "GRANT EXECUTE PROCEDURE * ON DBMS TO `boostedProcedureExecutor`",
    ],
  ],
  ["dbms-setting-privileges.adoc", "Neo4j/5.26.0", ["GRANT SHOW SETTINGS * ON DBMS TO deniedConfigurationViewer", "DENY SHOW SETTING dbms.security* ON DBMS TO deniedConfigurationViewer"], ["DENY SHOW SETTING dbms.security* ON DBMS TO `deniedConfigurationViewer`", "GRANT SHOW SETTING * ON DBMS TO `deniedConfigurationViewer`"]],
  [
    "dbms-admin-role.adoc",
    "Neo4j/5.26.0",
    ["GRANT ALL DBMS PRIVILEGES ON DBMS TO customAdministrator", "DENY DATABASE MANAGEMENT ON DBMS TO customAdministrator", "GRANT TRANSACTION MANAGEMENT (*) ON DATABASE * TO customAdministrator", "GRANT ACCESS ON DATABASE system TO customAdministrator"],
    ["DENY DATABASE MANAGEMENT ON DBMS TO `customAdministrator`", "GRANT ACCESS ON DATABASE `system` TO `customAdministrator`", "GRANT ALL DBMS PRIVILEGES ON DBMS TO `customAdministrator`", "GRANT TRANSACTION MANAGEMENT (*) ON DATABASE * TO `customAdministrator`"],
  ],
  ["dbms-admin-role.adoc (ROLE MANAGEMENT is a privilege, not a role grant)", "Neo4j/5.26.0", ["GRANT USER MANAGEMENT ON DBMS TO userAndRoleAdministrator", "GRANT ROLE MANAGEMENT ON DBMS TO userAndRoleAdministrator"], ["GRANT ROLE MANAGEMENT ON DBMS TO `userAndRoleAdministrator`", "GRANT USER MANAGEMENT ON DBMS TO `userAndRoleAdministrator`"]],
  ["built-in-roles.adoc (PUBLIC's procedures and functions)", "Neo4j/5.26.0", ["GRANT EXECUTE PROCEDURES * ON DBMS TO PUBLIC", "GRANT EXECUTE USER DEFINED FUNCTIONS * ON DBMS TO PUBLIC"], ["GRANT EXECUTE FUNCTION * ON DBMS TO `PUBLIC`", "GRANT EXECUTE PROCEDURE * ON DBMS TO `PUBLIC`"]],
  ["dbms-database-management-privileges.adoc (2025.06)", "Neo4j/2025.06.0", ["GRANT SET DATABASE DEFAULT LANGUAGE ON DBMS TO languageModifier", "GRANT ALTER COMPOSITE DATABASE ON DBMS TO compositeDatabaseModifier"], ["GRANT ALTER COMPOSITE DATABASE ON DBMS TO `compositeDatabaseModifier`", "GRANT SET DATABASE DEFAULT LANGUAGE ON DBMS TO `languageModifier`"]],
  [
    "database-administration.adoc, alter database-related privileges (2025.08, Cypher 25)",
    "Neo4j/2025.08.0",
    [
      "CYPHER 25 GRANT ALTER DATABASE ON DATABASE neo4j TO alterDbUsers",
      "CYPHER 25 DENY ALTER DATABASE ON DATABASE system TO alterDbUsers",
      "CYPHER 25 GRANT SET DATABASE ACCESS ON DATABASE neo4j TO alterDbUsers",
      "CYPHER 25 DENY SET DATABASE ACCESS ON DATABASE neo4j TO alterDbUsers",
      "CYPHER 25 GRANT SET DATABASE DEFAULT LANGUAGE ON DATABASE neo4j TO alterDbUsers",
      "CYPHER 25 DENY SET DATABASE DEFAULT LANGUAGE ON DATABASE system TO alterDbUsers",
      "CYPHER 25 GRANT ALTER COMPOSITE DATABASE ON HOME DATABASE TO alterDbUsers",
      "CYPHER 25 DENY ALTER COMPOSITE DATABASE ON DATABASE composite TO alterDbUsers",
    ],
    [
      "DENY ALTER COMPOSITE DATABASE ON DATABASE `composite` TO `alterDbUsers`",
      "DENY ALTER DATABASE ON DATABASE `system` TO `alterDbUsers`",
      "DENY SET DATABASE ACCESS ON DATABASE `neo4j` TO `alterDbUsers`",
      "DENY SET DATABASE DEFAULT LANGUAGE ON DATABASE `system` TO `alterDbUsers`",
      "GRANT ALTER COMPOSITE DATABASE ON HOME DATABASE TO `alterDbUsers`",
      "GRANT ALTER DATABASE ON DATABASE `neo4j` TO `alterDbUsers`",
      "GRANT SET DATABASE ACCESS ON DATABASE `neo4j` TO `alterDbUsers`",
      "GRANT SET DATABASE DEFAULT LANGUAGE ON DATABASE `neo4j` TO `alterDbUsers`",
    ],
  ],
  [
    "dbms-auth-rule-management-privileges.adoc (2026.03; the page's CREATE example prints `CREATE authRuleAdder`, a typo)",
    "Neo4j/2026.03.0",
    ["CYPHER 25 GRANT RENAME AUTH RULE ON DBMS TO authRuleNameModifier", "CYPHER 25 GRANT ALTER AUTH RULE ON DBMS TO authRuleModifier", "CYPHER 25 GRANT DROP AUTH RULE ON DBMS TO authRuleDropper", "CYPHER 25 GRANT SHOW AUTH RULE ON DBMS TO authRuleViewer", "CYPHER 25 GRANT AUTH RULE MANAGEMENT ON DBMS TO authRuleManager"],
    ["GRANT ALTER AUTH RULE ON DBMS TO `authRuleModifier`", "GRANT AUTH RULE MANAGEMENT ON DBMS TO `authRuleManager`", "GRANT DROP AUTH RULE ON DBMS TO `authRuleDropper`", "GRANT RENAME AUTH RULE ON DBMS TO `authRuleNameModifier`", "GRANT SHOW AUTH RULE ON DBMS TO `authRuleViewer`"],
  ],
  [
    "dbms-user-metadata-management-privileges.adoc (2026.06)",
    "Neo4j/2026.06.0",
    ["CYPHER 25 GRANT SET USER METADATA ON DBMS TO userMetadataSetter", "CYPHER 25 GRANT SHOW USER METADATA ON DBMS TO userMetadataViewer", "CYPHER 25 GRANT USER METADATA MANAGEMENT ON DBMS TO userMetadataManager"],
    ["GRANT SET USER METADATA ON DBMS TO `userMetadataSetter`", "GRANT SHOW USER METADATA ON DBMS TO `userMetadataViewer`", "GRANT USER METADATA MANAGEMENT ON DBMS TO `userMetadataManager`"],
  ],
  [
    "property-based-access-control.adoc (temporal value, 5.26; the manual prints the stored date)",
    "Neo4j/5.26.0",
    [["GRANT READ {*} ON GRAPH * FOR (n) WHERE n.createdAt > $d TO regularUsers", { d: new Structure(0x44, [20021]) }]],
    ["GRANT READ {*} ON GRAPH * FOR (n) WHERE n.createdAt > date('2024-10-25') TO `regularUsers`"],
  ],
  [
    "property-based-access-control.adoc (relationships, 2025.04)",
    "Neo4j/2025.04.0",
    [["GRANT READ {*} ON GRAPH * FOR ()-[r]-() WHERE r.createdAt > $d TO regularUsers", { d: new Structure(0x44, [20021]) }]],
    ["GRANT READ {*} ON GRAPH * FOR ()-[r]-() WHERE r.createdAt > date('2024-10-25') TO `regularUsers`"],
  ],
  [
    "source: several labels, map form, string quoting (Prettifier.extractPropertyRuleExpression, ExpressionStringifier.quote)",
    "Neo4j/5.26.0",
    ["GRANT READ { address } ON GRAPH * FOR (:Email|Website {domain: 'exampledomain.com'}) TO regularUsers", "GRANT TRAVERSE ON GRAPH * FOR (n:Email) WHERE n.classification IS NULL TO regularUsers", "DENY MATCH {*} ON GRAPH * FOR (n) WHERE NOT n.owner IN ['a', \"O'Brien\"] TO regularUsers"],
    [
      'DENY MATCH {*} ON GRAPH * FOR (n) WHERE NOT n.owner IN ["a", "O\'Brien"] TO `regularUsers`',
      'GRANT READ {address} ON GRAPH * FOR (n:Email|Website) WHERE n.domain = "exampledomain.com" TO `regularUsers`',
      "GRANT TRAVERSE ON GRAPH * FOR (n:Email) WHERE n.classification IS NULL TO `regularUsers`",
    ],
  ],
  [
    "source: names quoted only when not symbolic names; databases and roles always (every manual example)",
    "Neo4j/5.26.0",
    ["GRANT READ {`Café`, `first name`} ON GRAPH `Films` NODES `MATCH`, `a-b` TO `we``ird role`"],
    [
      "GRANT READ {Café} ON GRAPH `films` NODE MATCH TO `we``ird role`",
      "GRANT READ {Café} ON GRAPH `films` NODE `a-b` TO `we``ird role`",
      "GRANT READ {`first name`} ON GRAPH `films` NODE MATCH TO `we``ird role`",
      "GRANT READ {`first name`} ON GRAPH `films` NODE `a-b` TO `we``ird role`",
    ],
  ],
];

describe("SHOW PRIVILEGES AS COMMANDS rows, as the manual prints them", () => {
  test.each(FIXTURES)("%s on %s", (_page, agent, statements, rows) => {
    expect(rowsAfter(agent, statements)).toEqual([...rows].sort());
  });

  test("a REVOKE removes exactly the printed row, whatever spelling it uses (REVOKE GRANT TRAVERSE ... NODES A)", () => {
    const fake = new FakeSystemDb({ roles: ["PUBLIC", "r"], privileges: ["GRANT TRAVERSE ON GRAPH `g` NODE A TO `r`", "GRANT TRAVERSE ON GRAPH `g` NODE B TO `r`", "DENY TRAVERSE ON GRAPH `g` NODE A TO `r`"] });
    expect("failure" in run(fake, "REVOKE GRANT TRAVERSE ON GRAPHS `G` NODES `A` FROM `r`")).toBe(false);
    expect(fake.state.privileges).toEqual(["GRANT TRAVERSE ON GRAPH `g` NODE B TO `r`", "DENY TRAVERSE ON GRAPH `g` NODE A TO `r`"]);
    run(fake, "REVOKE TRAVERSE ON GRAPH g NODE A, B FROM r");
    expect(fake.state.privileges).toEqual([]);
  });

  test("SHOW PRIVILEGES AS COMMANDS has only the command column unless immutable is yielded", () => {
    const fake = new FakeSystemDb({ roles: ["PUBLIC", "r"], privileges: ["GRANT ACCESS ON DATABASE `a` TO `r`"], immutablePrivileges: ["GRANT ACCESS ON DATABASE `a` TO `r`"] });
    expect(run(fake, "SHOW PRIVILEGES AS COMMANDS")).toEqual({ fields: ["command"], records: [["GRANT ACCESS ON DATABASE `a` TO `r`"]] });
    expect(run(fake, "SHOW PRIVILEGES AS COMMANDS YIELD command, immutable")).toEqual({ fields: ["command", "immutable"], records: [["GRANT ACCESS ON DATABASE `a` TO `r`", true]] });
  });

  test("PUBLIC's default rows, per version (LOAD ON ALL DATA from 5.13)", () => {
    expect(new FakeSystemDb({}, { agent: "Neo4j/5.26.0" }).state.privileges.filter((p) => p.endsWith("`PUBLIC`"))).toEqual([
      "GRANT ACCESS ON HOME DATABASE TO `PUBLIC`",
      "GRANT EXECUTE FUNCTION * ON DBMS TO `PUBLIC`",
      "GRANT EXECUTE PROCEDURE * ON DBMS TO `PUBLIC`",
      "GRANT LOAD ON ALL DATA TO `PUBLIC`",
    ]);
    expect(new FakeSystemDb({}, { agent: "Neo4j/5.12.0" }).state.privileges).not.toContain("GRANT LOAD ON ALL DATA TO `PUBLIC`");
  });
});

describe("what each version refuses", () => {
  const date = { d: new Structure(0x44, [20021]) };
  test.each<[string, string, string, Record<string, unknown>?]>([
    ["5.12.0", "GRANT LOAD ON ALL DATA TO r", "5.13"],
    ["5.15.0", 'GRANT LOAD ON CIDR "10.0.0.0/8" TO r', "5.16"],
    ["5.23.0", "GRANT SET AUTH ON DBMS TO r", "5.24"],
    ["5.19.0", "GRANT TRAVERSE ON GRAPH * FOR (n:A) WHERE n.p = 1 TO r", "5.20"],
    ["5.25.0", "GRANT TRAVERSE ON GRAPH * FOR (n:A) WHERE n.p > $d TO r", "5.26", date],
    ["5.26.0", "GRANT TRAVERSE ON GRAPH * FOR ()-[r:T]-() WHERE r.p = 1 TO r", "2025.04"],
    ["5.26.0", "GRANT SET DATABASE DEFAULT LANGUAGE ON DBMS TO r", "2025.06"],
    ["2025.05.0", "GRANT ALTER COMPOSITE DATABASE ON DBMS TO r", "2025.06"],
    ["2025.06.0", "CYPHER 25 GRANT ALTER DATABASE ON DATABASE neo4j TO r", "DBMS"],
    ["2025.08.0", "GRANT ALTER DATABASE ON DATABASE neo4j TO r", "DBMS"],
    ["2026.01.0", "CYPHER 25 GRANT AUTH RULE MANAGEMENT ON DBMS TO r", "2026.03"],
    ["2026.03.0", "GRANT SHOW AUTH RULE ON DBMS TO r", "Cypher 25"],
    ["2026.03.0", "CYPHER 25 GRANT SET USER METADATA ON DBMS TO r", "2026.06"],
    ["5.26.0", "CYPHER 25 GRANT ACCESS ON DATABASE * TO r", "Cypher 25 does not exist"],
    ["5.26.0", "GRANT TRAVERSE ON GRAPH * FOR (n) WHERE n.p > date('2024-10-25') TO r", "literal-based"],
  ])("Neo4j %s refuses %s", (version, query, why, params = {}) => {
    const fake = new FakeSystemDb({ roles: ["PUBLIC", "r"] }, { agent: `Neo4j/${version}` });
    const r = run(fake, query, params);
    expect("failure" in r && r.failure.message).toContain(why);
  });

  test("DEFAULT LANGUAGE on an alias exists from 2025.06", () => {
    const q = "CREATE ALIAS `a` FOR DATABASE `db` AT $url USER $user PASSWORD $password DEFAULT LANGUAGE CYPHER 5";
    const p = { url: "neo4j+s://h", user: "u", password: "p" };
    expect(run(new FakeSystemDb({}, { agent: "Neo4j/5.26.0" }), q, p)).toMatchObject({ failure: { gqlStatus: "42I06" } });
    expect("failure" in run(new FakeSystemDb({}, { agent: "Neo4j/2025.06.0" }), q, p)).toBe(false);
  });

  test("a remote alias on neo4j:// needs DRIVER ssl_enforced: false; a pool of 0 is refused", () => {
    const q = "CREATE ALIAS `a` FOR DATABASE `db` AT $url USER $user PASSWORD $password DRIVER $driver";
    const fake = new FakeSystemDb();
    expect(run(fake, q, { url: "neo4j://h:7687", user: "u", password: "p", driver: {} })).toMatchObject({ failure: { gqlStatus: "42N89" } });
    expect(run(fake, q, { url: "neo4j+s://h:7687", user: "u", password: "p", driver: { connection_pool_max_size: 0 } })).toMatchObject({ failure: { gqlStatus: "42N89" } });
    expect("failure" in run(fake, q, { url: "neo4j://h:7687", user: "u", password: "p", driver: { ssl_enforced: false } })).toBe(false);
  });

  test("composite constituents: `comp`.`alias` in Cypher 5, refused quoted part by part in Cypher 25, whole name resolved", () => {
    const databases = [{ name: "garden", type: "composite" }];
    const v5 = new FakeSystemDb({ databases }, { agent: "Neo4j/5.26.0" });
    run(v5, "CREATE ALIAS `garden`.`flowers` FOR DATABASE `x`");
    run(v5, "CREATE ALIAS `garden.trees` FOR DATABASE `x`");
    expect(v5.state.aliases.map((a) => [a.name, a.composite])).toEqual([
      ["garden.flowers", "garden"],
      ["garden.trees", null],
    ]);
    const v25 = new FakeSystemDb({ databases }, { agent: "Neo4j/2026.01.0" });
    expect(run(v25, "CYPHER 25 CREATE ALIAS `garden`.`flowers` FOR DATABASE `x`")).toMatchObject({ failure: { gqlStatus: "42NAA" } });
    run(v25, "CYPHER 25 CREATE ALIAS `garden.flowers` FOR DATABASE `x`");
    expect(v25.state.aliases.map((a) => [a.name, a.composite])).toEqual([["garden.flowers", "garden"]]);
    // From 2025.06 a regular alias may not take a constituent's name.
    expect(run(v25, "CYPHER 5 CREATE ALIAS `garden.flowers` FOR DATABASE `x`")).toMatchObject({ failure: { gqlStatus: "42N87" } });
  });

  test("IMMUTABLE rows: never granted and never revoked while auth is enabled, not even by a plain REVOKE", () => {
    const row = "GRANT ACCESS ON DATABASE `a` TO `r`";
    const fake = new FakeSystemDb({ roles: ["PUBLIC", "r"], privileges: [row], immutablePrivileges: [row] });
    expect(run(fake, "GRANT IMMUTABLE ACCESS ON DATABASE b TO r")).toMatchObject({ failure: { gqlStatus: "42NFF" } });
    expect(run(fake, "REVOKE GRANT ACCESS ON DATABASE a FROM r")).toMatchObject({ failure: { gqlStatus: "42NFF" } });
    expect(fake.state.privileges).toEqual([row]);
  });

  test("PUBLIC is never dropped or granted; from 2026.03 a role on an auth rule takes no DENY", () => {
    const fake = new FakeSystemDb({ roles: ["PUBLIC", "ruled"], authRules: [{ name: "rule1", roles: ["ruled"] }] }, { agent: "Neo4j/2026.03.0" });
    expect("failure" in run(fake, "DROP ROLE `PUBLIC` IF EXISTS")).toBe(true);
    expect("failure" in run(fake, "GRANT ROLE `PUBLIC` TO `neo4j`")).toBe(true);
    expect("failure" in run(fake, "DENY ACCESS ON DATABASE * TO `ruled`")).toBe(true);
    expect("failure" in run(fake, "GRANT ACCESS ON DATABASE * TO `ruled`")).toBe(false);
    expect(run(fake, "CYPHER 25 SHOW AUTH RULES YIELD name, roles")).toEqual({ fields: ["name", "roles"], records: [["rule1", ["ruled"]]] });
    expect("failure" in run(new FakeSystemDb({}, { agent: "Neo4j/2026.01.0" }), "CYPHER 25 SHOW AUTH RULES YIELD name, roles")).toBe(true);
  });
});

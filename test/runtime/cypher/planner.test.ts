/**
 * The planner against observed states written as the server prints them (literal SHOW PRIVILEGES AS COMMANDS
 * rows in the manual's form: role and database names quoted, labels and properties bare when they can be,
 * SET PASSWORD singular; docs/vendor-facts.md "Neo4j access"). Nothing here is computed by the code under test:
 * every observed row and every expected statement is written out. Every case runs as Neo4j 5.26 and as 2026.06,
 * and each change case has the literal state after it, against which a second run plans nothing.
 */
import { parseNeo4jAccess, type Neo4jAccessInput } from "../../../domain/neo4j/access-model";
import { displayStatement, PlanError, quoteIdent, type AccessSpec, type ObservedAlias, type ObservedState } from "../../../runtime/cypher/model";
import { planChanges, planDestroy } from "../../../runtime/cypher/planner";

const conn = { uri: "neo4j+s://a.example.com", user: "alice", password: { env: "PW" } };
const spec = (s: Omit<Neo4jAccessInput, "connection">): AccessSpec => parseNeo4jAccess({ connection: conn, ...s });

const V5 = "Neo4j/5.26.0";
const V2026 = "Neo4j/2026.06.0";
const AGENTS = [V5, V2026];

const PUBLIC_ROWS = ["GRANT ACCESS ON HOME DATABASE TO `PUBLIC`", "GRANT EXECUTE FUNCTION * ON DBMS TO `PUBLIC`", "GRANT EXECUTE PROCEDURE * ON DBMS TO `PUBLIC`", "GRANT LOAD ON ALL DATA TO `PUBLIC`"];
const FOREIGN_ALIAS: ObservedAlias = { name: "foreign-alias", composite: null, database: "films", location: "local", url: null, user: null, driver: null, properties: {} };

/** A server with built-in roles, some foreign items, and users carol and dave (as SHOW prints them). */
function server(agent: string, over: Partial<ObservedState> & { rows?: string[] } = {}): ObservedState {
  const { rows = [], ...rest } = over;
  return {
    server: { agent },
    roles: ["PUBLIC", "admin", "reader", "foreign_role"],
    privileges: [...PUBLIC_ROWS, "GRANT MATCH {*} ON GRAPH * NODE * TO `reader`", "GRANT MATCH {*} ON GRAPH * RELATIONSHIP * TO `reader`", "GRANT ACCESS ON DATABASE `films` TO `foreign_role`", ...rows],
    users: [
      { name: "neo4j", roles: ["admin", "PUBLIC"], home: null },
      { name: "carol", roles: ["PUBLIC", "foreign_role"], home: null },
      { name: "dave", roles: ["PUBLIC"], home: "films" },
    ],
    aliases: [FOREIGN_ALIAS],
    compositeDatabases: [],
    ...rest,
  };
}
const users = (carol: string[], dave: string[] = ["PUBLIC"], daveHome: string | null = "films") => [
  { name: "neo4j", roles: ["admin", "PUBLIC"], home: null },
  { name: "carol", roles: carol, home: null },
  { name: "dave", roles: dave, home: daveHome },
];

const remote = (over: Record<string, unknown> = {}) => ({
  name: "db1-remote-alias",
  target: "db1",
  url: "neo4j+s://location:7687",
  credentials: { type: "stored" as const, user: "remote_user", password: { env: "REMOTE_PW" } },
  ...over,
});
/** The remote alias of reference 000 as SHOW ALIASES prints it on a 2026.x server. */
const A_ALIAS: ObservedAlias = { name: "db1-remote-alias", composite: null, database: "db1", location: "remote", url: "neo4j+s://location:7687", user: "remote_user", driver: {}, properties: {}, credentials: "STORED NATIVE CREDENTIALS", defaultLanguage: "CYPHER 5" };

/** Reference 000, DBMS A. */
const A = spec({
  roles: [{ name: "remote_access", privileges: [{ privilege: "ACCESS", database: "db1-remote-alias" }] }],
  users: [{ name: "carol", roles: ["remote_access"] }],
  remoteAliases: [remote()],
});
const afterA = (agent: string) =>
  server(agent, {
    roles: ["PUBLIC", "admin", "reader", "foreign_role", "remote_access"],
    rows: ["GRANT ACCESS ON DATABASE `db1-remote-alias` TO `remote_access`"],
    users: users(["PUBLIC", "foreign_role", "remote_access"]),
    aliases: [FOREIGN_ALIAS, A_ALIAS],
  });

const B = spec({
  roles: [{ name: "shared_to_remote", privileges: [{ privilege: "ACCESS", database: "db1" }, { privilege: "MATCH", graph: "db1" }] }],
  users: [{ name: "dave", roles: ["shared_to_remote"], homeDatabase: "db1" }],
});
const B_ROWS = ["GRANT ACCESS ON DATABASE `db1` TO `shared_to_remote`", "GRANT MATCH {*} ON GRAPH `db1` NODE * TO `shared_to_remote`", "GRANT MATCH {*} ON GRAPH `db1` RELATIONSHIP * TO `shared_to_remote`"];
const afterB = (agent: string) => server(agent, { roles: ["PUBLIC", "admin", "reader", "foreign_role", "shared_to_remote"], rows: B_ROWS, users: users(["PUBLIC", "foreign_role"], ["PUBLIC", "shared_to_remote"], "db1") });

const queries = (desired: AccessSpec, observed: ObservedState, previous: AccessSpec | null = null, opts = {}) => planChanges(desired, observed, previous, opts).map((s) => s.query);

/** [name, desired, observed before, previous, expected statements, observed after (a second run plans nothing)] */
type Case = [string, AccessSpec, (agent: string) => ObservedState, AccessSpec | null, string[], (agent: string) => ObservedState];

const roleWith = (name: string, ...privileges: NonNullable<Neo4jAccessInput["roles"]>[number]["privileges"] & unknown[]) => spec({ roles: [{ name, privileges }] });
const withRole = (name: string, rows: string[]) => (agent: string) => server(agent, { roles: ["PUBLIC", "admin", "reader", "foreign_role", name], rows });

const CASES: Case[] = [
  [
    "create: reference 000 on an empty server, in dependency order, values as parameters",
    A,
    (agent) => server(agent),
    null,
    ["CREATE ROLE `remote_access` IF NOT EXISTS", "CREATE ALIAS `db1-remote-alias` FOR DATABASE `db1` AT $url USER $user PASSWORD $password", "GRANT ACCESS ON DATABASE `db1-remote-alias` TO `remote_access`", "GRANT ROLE `remote_access` TO `carol`"],
    afterA,
  ],
  ["no-op: a second run against the applied result", A, afterA, A, [], afterA],
  ["no-op without a previous state", A, afterA, null, [], afterA],
  [
    "create: MATCH {*} is printed as NODE * and RELATIONSHIP * rows; home database last",
    B,
    (agent) => server(agent),
    null,
    [
      "CREATE ROLE `shared_to_remote` IF NOT EXISTS",
      "GRANT ACCESS ON DATABASE `db1` TO `shared_to_remote`",
      "GRANT MATCH {*} ON GRAPH `db1` NODE * TO `shared_to_remote`",
      "GRANT MATCH {*} ON GRAPH `db1` RELATIONSHIP * TO `shared_to_remote`",
      "GRANT ROLE `shared_to_remote` TO `dave`",
      "ALTER USER `dave` SET HOME DATABASE `db1`",
    ],
    afterB,
  ],
  [
    "change: a privilege removed from an owned role is revoked, a new one granted (the server prints the label bare)",
    spec({ roles: [{ name: "shared_to_remote", privileges: [{ privilege: "ACCESS", database: "db1" }, { privilege: "TRAVERSE", graph: "db1", nodes: ["Person"] }] }], users: [{ name: "dave", roles: ["shared_to_remote"], homeDatabase: "db1" }] }),
    afterB,
    B,
    ["REVOKE GRANT MATCH {*} ON GRAPH `db1` NODE * FROM `shared_to_remote`", "REVOKE GRANT MATCH {*} ON GRAPH `db1` RELATIONSHIP * FROM `shared_to_remote`", "GRANT TRAVERSE ON GRAPH `db1` NODE `Person` TO `shared_to_remote`"],
    (agent) => server(agent, { roles: ["PUBLIC", "admin", "reader", "foreign_role", "shared_to_remote"], rows: ["GRANT ACCESS ON DATABASE `db1` TO `shared_to_remote`", "GRANT TRAVERSE ON GRAPH `db1` NODE Person TO `shared_to_remote`"], users: users(["PUBLIC", "foreign_role"], ["PUBLIC", "shared_to_remote"], "db1") }),
  ],
  [
    "create: several labels and properties are one row each; names the server prints bare or quoted (Café, MATCH, `first name`)",
    roleWith("r", { privilege: "READ", graph: "Films", nodes: ["Café", "MATCH"], properties: ["first name", "id"] }),
    (agent) => server(agent),
    null,
    [
      "CREATE ROLE `r` IF NOT EXISTS",
      "GRANT READ {`first name`} ON GRAPH `Films` NODE `Café` TO `r`",
      "GRANT READ {`first name`} ON GRAPH `Films` NODE `MATCH` TO `r`",
      "GRANT READ {`id`} ON GRAPH `Films` NODE `Café` TO `r`",
      "GRANT READ {`id`} ON GRAPH `Films` NODE `MATCH` TO `r`",
    ],
    withRole("r", ["GRANT READ {`first name`} ON GRAPH `films` NODE Café TO `r`", "GRANT READ {`first name`} ON GRAPH `films` NODE MATCH TO `r`", "GRANT READ {id} ON GRAPH `films` NODE Café TO `r`", "GRANT READ {id} ON GRAPH `films` NODE MATCH TO `r`"]),
  ],
  [
    "SET PASSWORDS is granted as the server prints it (SET PASSWORD) and converges",
    roleWith("pw_admin", { privilege: "SET PASSWORDS" } as never),
    (agent) => server(agent),
    null,
    ["CREATE ROLE `pw_admin` IF NOT EXISTS", "GRANT SET PASSWORD ON DBMS TO `pw_admin`"],
    withRole("pw_admin", ["GRANT SET PASSWORD ON DBMS TO `pw_admin`"]),
  ],
  [
    "removing SET PASSWORD from the config revokes the row the server printed",
    roleWith("pw_admin"),
    withRole("pw_admin", ["GRANT SET PASSWORD ON DBMS TO `pw_admin`"]),
    roleWith("pw_admin", { privilege: "SET PASSWORDS" } as never),
    ["REVOKE GRANT SET PASSWORD ON DBMS FROM `pw_admin`"],
    withRole("pw_admin", []),
  ],
  [
    "PUBLIC locked down: LOAD ON ALL DATA and EXECUTE PROCEDURE * must be absent; the role is never created, dropped or granted",
    spec({ roles: [{ name: "PUBLIC", privileges: [{ privilege: "LOAD", allData: true, absent: true }, { privilege: "EXECUTE PROCEDURE", procedures: "*", absent: true }, { action: "DENY", privilege: "LOAD", cidr: "169.254.0.0/16" }] }] }),
    (agent) => server(agent),
    null,
    ["REVOKE GRANT LOAD ON ALL DATA FROM `PUBLIC`", "REVOKE GRANT EXECUTE PROCEDURE * ON DBMS FROM `PUBLIC`", "DENY LOAD ON CIDR '169.254.0.0/16' TO `PUBLIC`"],
    (agent) => ({ ...server(agent), privileges: server(agent).privileges.filter((p) => p !== "GRANT LOAD ON ALL DATA TO `PUBLIC`" && p !== "GRANT EXECUTE PROCEDURE * ON DBMS TO `PUBLIC`").concat(['DENY LOAD ON CIDR "169.254.0.0/16" TO `PUBLIC`']) }),
  ],
  [
    "PUBLIC left out of the config: only the rows it declared are revoked, its other rows stay, the role stays",
    spec({}),
    (agent) => server(agent, { rows: ['DENY LOAD ON CIDR "169.254.0.0/16" TO `PUBLIC`'] }),
    spec({ roles: [{ name: "PUBLIC", privileges: [{ action: "DENY", privilege: "LOAD", cidr: "169.254.0.0/16" }, { privilege: "LOAD", allData: true, absent: true }] }] }),
    ["REVOKE DENY LOAD ON CIDR '169.254.0.0/16' FROM `PUBLIC`"],
    (agent) => server(agent),
  ],
  [
    "HOME GRAPH and HOME DATABASE scopes",
    roleWith("homer", { privilege: "TRAVERSE", graph: { home: true }, nodes: ["Doc"] }, { privilege: "ACCESS", database: { home: true } }),
    (agent) => server(agent),
    null,
    ["CREATE ROLE `homer` IF NOT EXISTS", "GRANT TRAVERSE ON HOME GRAPH NODE `Doc` TO `homer`", "GRANT ACCESS ON HOME DATABASE TO `homer`"],
    withRole("homer", ["GRANT TRAVERSE ON HOME GRAPH NODE Doc TO `homer`", "GRANT ACCESS ON HOME DATABASE TO `homer`"]),
  ],
  [
    "property rules: several labels, NOT, IN, relationships (2025.04+ only on the newer server) converge with the printed form",
    roleWith(
      "pbac",
      { privilege: "READ", graph: "*", properties: ["address"], where: { labels: ["Email", "Website"], property: "domain", value: "exampledomain.com" } },
      { action: "DENY", privilege: "MATCH", graph: "*", properties: "*", where: { property: "owner", not: true, operator: "IN", value: ["a", "O'Brien"] } },
      { privilege: "TRAVERSE", graph: "*", where: { label: "Email", property: "classification", operator: "IS NULL" } },
    ),
    (agent) => server(agent),
    null,
    [
      "CREATE ROLE `pbac` IF NOT EXISTS",
      "GRANT READ {`address`} ON GRAPH * FOR (n:`Email`|`Website`) WHERE n.`domain` = 'exampledomain.com' TO `pbac`",
      "DENY MATCH {*} ON GRAPH * FOR (n) WHERE NOT n.`owner` IN ['a', 'O\\'Brien'] TO `pbac`",
      "GRANT TRAVERSE ON GRAPH * FOR (n:`Email`) WHERE n.`classification` IS NULL TO `pbac`",
    ],
    withRole("pbac", [
      'GRANT READ {address} ON GRAPH * FOR (n:Website|Email) WHERE n.domain = "exampledomain.com" TO `pbac`',
      'DENY MATCH {*} ON GRAPH * FOR (n) WHERE NOT n.owner IN ["a", "O\'Brien"] TO `pbac`',
      "GRANT TRAVERSE ON GRAPH * FOR (n:Email) WHERE n.classification IS NULL TO `pbac`",
    ]),
  ],
  [
    "a temporal value is sent as a parameter and converges with the date the server prints",
    roleWith("dated", { privilege: "READ", graph: "*", properties: "*", where: { property: "createdAt", operator: ">", value: { date: "2024-10-25" } } }),
    (agent) => server(agent),
    null,
    ["CREATE ROLE `dated` IF NOT EXISTS", "GRANT READ {*} ON GRAPH * FOR (n) WHERE n.`createdAt` > $value TO `dated`"],
    withRole("dated", ["GRANT READ {*} ON GRAPH * FOR (n) WHERE n.createdAt > date('2024-10-25') TO `dated`"]),
  ],
  [
    "LOAD ON CIDR: one block however it is spelled (IPv6 compressed)",
    roleWith("loader", { privilege: "LOAD", cidr: "2001:db8:0:0::/32" }),
    withRole("loader", ['GRANT LOAD ON CIDR "2001:db8::/32" TO `loader`']),
    null,
    [],
    withRole("loader", ['GRANT LOAD ON CIDR "2001:db8::/32" TO `loader`']),
  ],
  [
    "change: remote alias URL and target in one ALTER",
    spec({ ...A, remoteAliases: [remote({ url: "neo4j+s://other:7687", target: "db2" })] }),
    afterA,
    A,
    ["ALTER ALIAS `db1-remote-alias` SET DATABASE TARGET `db2` AT $url"],
    (agent) => ({ ...afterA(agent), aliases: [FOREIGN_ALIAS, { ...A_ALIAS, database: "db2", url: "neo4j+s://other:7687" }] }),
  ],
  [
    "change: stored user changes re-send the password",
    spec({ ...A, remoteAliases: [remote({ credentials: { type: "stored", user: "other_user", password: { env: "REMOTE_PW" } } })] }),
    afterA,
    A,
    ["ALTER ALIAS `db1-remote-alias` SET DATABASE USER $user PASSWORD $password"],
    (agent) => ({ ...afterA(agent), aliases: [FOREIGN_ALIAS, { ...A_ALIAS, user: "other_user" }] }),
  ],
  [
    "change: DRIVER and PROPERTIES (SHOW ALIASES prints durations and lowercases PROPERTIES keys)",
    spec({ ...A, remoteAliases: [remote({ driver: { connection_timeout: "5s" }, properties: { teamName: "x" } })] }),
    afterA,
    A,
    ["ALTER ALIAS `db1-remote-alias` SET DATABASE DRIVER $driver PROPERTIES $properties"],
    (agent) => ({ ...afterA(agent), aliases: [FOREIGN_ALIAS, { ...A_ALIAS, driver: { connection_timeout: 5000 }, properties: { teamname: "x" } }] }),
  ],
  [
    "create: clauses in the documented order (DRIVER, PROPERTIES)",
    spec({ remoteAliases: [remote({ driver: { ssl_enforced: true }, properties: { team: "x" } })] }),
    (agent) => server(agent),
    null,
    ["CREATE ALIAS `db1-remote-alias` FOR DATABASE `db1` AT $url USER $user PASSWORD $password DRIVER $driver PROPERTIES $properties"],
    (agent) => server(agent, { aliases: [FOREIGN_ALIAS, { ...A_ALIAS, driver: { ssl_enforced: true }, properties: { team: "x" } }] }),
  ],
  [
    "change: remote -> local needs drop and create",
    spec({ ...A, roles: [{ name: "remote_access", privileges: [{ privilege: "ACCESS", database: "db1" }] }], remoteAliases: [], localAliases: [{ name: "db1-remote-alias", target: "db1" }] }),
    afterA,
    A,
    // The row on the alias died with it; the role now names the target.
    ["DROP ALIAS `db1-remote-alias` IF EXISTS FOR DATABASE", "CREATE ALIAS `db1-remote-alias` FOR DATABASE `db1`", "GRANT ACCESS ON DATABASE `db1` TO `remote_access`"],
    (agent) => ({
      ...afterA(agent),
      privileges: server(agent).privileges.concat(["GRANT ACCESS ON DATABASE `db1` TO `remote_access`"]),
      aliases: [FOREIGN_ALIAS, { name: "db1-remote-alias", composite: null, database: "db1", location: "local", url: null, user: null, driver: null, properties: {} }],
    }),
  ],
  [
    "removal: everything owned goes, in reverse order; foreign items stay",
    spec({}),
    afterA,
    A,
    ["DROP ALIAS `db1-remote-alias` IF EXISTS FOR DATABASE", "DROP ROLE `remote_access` IF EXISTS"],
    (agent) => server(agent, { users: users(["PUBLIC", "foreign_role"]) }),
  ],
  [
    "removal: a role grant of a built-in role and an owned home database",
    spec({ users: [{ name: "dave", roles: [] }] }),
    (agent) => server(agent, { users: users(["PUBLIC", "foreign_role"], ["PUBLIC", "reader"], "db1") }),
    spec({ users: [{ name: "dave", roles: ["reader"], homeDatabase: "db1" }] }),
    ["REVOKE ROLE `reader` FROM `dave`", "ALTER USER `dave` REMOVE HOME DATABASE"],
    (agent) => server(agent, { users: users(["PUBLIC", "foreign_role"], ["PUBLIC"], null) }),
  ],
  ["removal: a home database someone changed since is left alone", spec({}), (agent) => server(agent), spec({ users: [{ name: "dave", roles: [], homeDatabase: "db1" }] }), [], (agent) => server(agent)],
  ["foreign: items not declared now or before are untouched, even with the same user", spec({ users: [{ name: "carol", roles: ["reader"] }] }), (agent) => server(agent), null, ["GRANT ROLE `reader` TO `carol`"], (agent) => server(agent, { users: users(["PUBLIC", "foreign_role", "reader"]) })],
  ["foreign: a previous state already removed by hand plans nothing", spec({}), (agent) => server(agent), A, [], (agent) => server(agent)],
  [
    "foreign rows on an owned role stay (only declared rows are revoked)",
    spec({ roles: [{ name: "foreign_role", privileges: [] }] }),
    (agent) => server(agent),
    spec({ roles: [{ name: "foreign_role", privileges: [{ privilege: "ACCESS", database: "other" }] }] }),
    [],
    (agent) => server(agent),
  ],
  [
    "a row on a role named like an injection is that role's, never admin's",
    spec({ roles: [{ name: "admin_reader", privileges: [] }] }),
    (agent) => server(agent, { roles: ["PUBLIC", "admin", "reader", "foreign_role", "admin_reader", "x` TO `admin"], rows: ["GRANT SET PASSWORD ON DBMS TO `x`` TO ``admin`"] }),
    spec({ roles: [{ name: "admin_reader", privileges: [{ privilege: "SET PASSWORD" }] }] }),
    [],
    (agent) => server(agent, { roles: ["PUBLIC", "admin", "reader", "foreign_role", "admin_reader", "x` TO `admin"], rows: ["GRANT SET PASSWORD ON DBMS TO `x`` TO ``admin`"] }),
  ],
];

describe.each(AGENTS)("planChanges as %s", (agent) => {
  test.each(CASES)("%s", (_name, desired, before, previous, expected) => {
    expect(queries(desired, before(agent), previous)).toEqual(expected);
  });

  test.each(CASES)("second run plans nothing: %s", (_name, desired, _before, _previous, _expected, after) => {
    expect(queries(desired, after(agent), desired)).toEqual([]);
  });

  test("parameters: secrets stay references, temporal values typed", () => {
    const plan = planChanges(A, server(agent));
    expect(plan[1].params).toEqual({ url: "neo4j+s://location:7687", user: "remote_user", password: { $secret: { env: "REMOTE_PW" } } });
    expect(displayStatement(plan[1])).toContain("$password = <secret from environment variable REMOTE_PW>");
    const dated = planChanges(CASES.find((c) => c[0].startsWith("a temporal value"))![1], server(agent));
    expect(dated[1].params).toEqual({ value: { $temporal: { kind: "date", text: "2024-10-25" } } });
    expect(displayStatement(dated[1])).toContain('$value = date("2024-10-25")');
  });

  test("refreshCredentials re-sends stored credentials", () => {
    expect(queries(A, afterA(agent), A, { refreshCredentials: true })).toEqual(["ALTER ALIAS `db1-remote-alias` SET DATABASE USER $user PASSWORD $password"]);
  });

  test.each<[string, AccessSpec, string]>([
    ["missing user", spec({ users: [{ name: "nobody", roles: [] }] }), 'users[0].name: user "nobody" does not exist on the server; create it first'],
    ["unknown role", spec({ users: [{ name: "carol", roles: ["ghost"] }] }), 'users[0].roles[0]: role "ghost" is neither declared in roles nor present on the server'],
  ])("refuses to plan: %s", (_n, desired, msg) => {
    expect(() => planChanges(desired, server(agent))).toThrow(PlanError);
    expect(() => planChanges(desired, server(agent))).toThrow(msg);
  });

  test("a role removed from roles but still granted is refused", () => {
    const prev = spec({ roles: [{ name: "r1", privileges: [] }], users: [{ name: "carol", roles: ["r1"] }] });
    const desired = spec({ users: [{ name: "carol", roles: ["r1"] }] });
    const observed = server(agent, { roles: ["PUBLIC", "admin", "reader", "foreign_role", "r1"], users: users(["PUBLIC", "foreign_role", "r1"]) });
    expect(() => planChanges(desired, observed, prev)).toThrow('role "r1" is removed from roles by this change but still granted here');
  });

  test("planDestroy removes exactly what the applied state declared, users deleted or not", () => {
    const expected = ["DROP ALIAS `db1-remote-alias` IF EXISTS FOR DATABASE", "DROP ROLE `remote_access` IF EXISTS"];
    expect(planDestroy(A, afterA(agent)).map((s) => s.query)).toEqual(expected);
    expect(planDestroy(A, { ...afterA(agent), users: [] }).map((s) => s.query)).toEqual(expected);
  });

  test("IMMUTABLE rows: declared ones count as present, and a plan that would revoke one is refused (a plain REVOKE would hit it)", () => {
    const row = "GRANT ACCESS ON DATABASE `films` TO `locked`";
    const observed = { ...withRole("locked", [row])(agent), immutablePrivileges: [row] };
    const declared = roleWith("locked", { privilege: "ACCESS", database: "films" });
    expect(queries(declared, observed, declared)).toEqual([]);
    expect(() => planChanges(roleWith("locked"), observed, declared)).toThrow(
      'roles[0] (locked): GRANT ACCESS ON DATABASE `films` TO `locked` is IMMUTABLE on the server: it can be revoked only with auth disabled (Operations Manual, "Immutable roles and privileges")',
    );
    expect(() => planChanges(roleWith("locked", { privilege: "ACCESS", database: "films", absent: true }), observed)).toThrow("is IMMUTABLE on the server");
    // A mutable twin of an immutable row: the REVOKE would hit both.
    const twins = { ...withRole("locked", [row, row])(agent), immutablePrivileges: [row] };
    expect(() => planChanges(roleWith("locked"), twins, declared)).toThrow("is IMMUTABLE on the server");
  });

  test("a row declared both present and absent is refused", () => {
    const both = roleWith("g", { privilege: "LOAD", allData: true }, { privilege: "LOAD", allData: true, absent: true });
    expect(() => planChanges(both, withRole("g", [])(agent))).toThrow("roles[0] (g): GRANT LOAD ON ALL DATA TO `g` is declared both present and absent; keep one");
  });

  test("a row the tool does not model is left alone (never revoked, never read as another role's)", () => {
    const observed = withRole("r", ["GRANT READ {*} ON DEFAULT GRAPH NODE * TO `r`", "GRANT FROBNICATE ON DBMS TO `r`"])(agent);
    expect(queries(roleWith("r"), observed, roleWith("r", { privilege: "ACCESS", database: "films" }))).toEqual([]);
  });
});

describe("version gates (the server version from the Bolt HELLO)", () => {
  type Gate = [string, NonNullable<Neo4jAccessInput["roles"]>[number]["privileges"], string, string, string[]];
  const GATES: Gate[] = [
    ["LOAD ON CIDR", [{ privilege: "LOAD", cidr: "10.0.0.0/8" }], "Neo4j/5.15.0", "LOAD ON CIDR needs Neo4j 5.16 or later, and this server is Neo4j 5.15.0", ["GRANT LOAD ON CIDR '10.0.0.0/8' TO `g`"]],
    ["LOAD ON ALL DATA", [{ privilege: "LOAD", allData: true }], "Neo4j/5.12.0", "LOAD ON ALL DATA needs Neo4j 5.13 or later", ["GRANT LOAD ON ALL DATA TO `g`"]],
    ["SET AUTH", [{ privilege: "SET AUTH" }], "Neo4j/5.23.0", "the SET AUTH privilege needs Neo4j 5.24 or later", ["GRANT SET AUTH ON DBMS TO `g`"]],
    ["a property rule", [{ privilege: "TRAVERSE", graph: "*", where: { property: "p", value: 1 } }], "Neo4j/5.19.0", "property-based access control (a where rule) needs Neo4j 5.20 or later", ["GRANT TRAVERSE ON GRAPH * FOR (n) WHERE n.`p` = 1 TO `g`"]],
    ["a temporal rule value", [{ privilege: "TRAVERSE", graph: "*", where: { property: "p", operator: "<", value: { datetime: "2024-10-25T10:00:00Z" } } }], "Neo4j/5.25.0", "a temporal value in a property rule needs Neo4j 5.26 or later", ["GRANT TRAVERSE ON GRAPH * FOR (n) WHERE n.`p` < $value TO `g`"]],
    ["a relationship rule", [{ privilege: "TRAVERSE", graph: "*", where: { relationship: true, types: ["OWNS"], property: "p", value: 1 } }], V5, "a property rule on relationships needs Neo4j 2025.04 or later, and this server is Neo4j 5.26.0", ["GRANT TRAVERSE ON GRAPH * FOR ()-[r:`OWNS`]-() WHERE r.`p` = 1 TO `g`"]],
    ["SET DATABASE DEFAULT LANGUAGE on the DBMS", [{ privilege: "SET DATABASE DEFAULT LANGUAGE" }], V5, "the SET DATABASE DEFAULT LANGUAGE privilege needs Neo4j 2025.06 or later, and this server is Neo4j 5.26.0", ["GRANT SET DATABASE DEFAULT LANGUAGE ON DBMS TO `g`"]],
    ["ALTER COMPOSITE DATABASE on the DBMS", [{ privilege: "ALTER COMPOSITE DATABASE" }], V5, "the ALTER COMPOSITE DATABASE privilege needs Neo4j 2025.06", ["GRANT ALTER COMPOSITE DATABASE ON DBMS TO `g`"]],
    ["ALTER DATABASE on a database (Cypher 25)", [{ privilege: "ALTER DATABASE", database: "neo4j" }], "Neo4j/2025.06.0", "ALTER DATABASE on a database (not on the DBMS) needs Neo4j 2025.08 or later, and this server is Neo4j 2025.06.0", ["CYPHER 25 GRANT ALTER DATABASE ON DATABASE `neo4j` TO `g`"]],
    ["SET DATABASE ACCESS on the home database", [{ privilege: "SET DATABASE ACCESS", database: { home: true } }], V5, "SET DATABASE ACCESS on a database (not on the DBMS) needs Neo4j 2025.08", ["CYPHER 25 GRANT SET DATABASE ACCESS ON HOME DATABASE TO `g`"]],
    ["AUTH RULE MANAGEMENT (Cypher 25)", [{ privilege: "AUTH RULE MANAGEMENT" }], "Neo4j/2026.01.0", "the AUTH RULE MANAGEMENT privilege needs Neo4j 2026.03 or later, and this server is Neo4j 2026.01.0", ["CYPHER 25 GRANT AUTH RULE MANAGEMENT ON DBMS TO `g`"]],
    ["SET USER METADATA (Cypher 25)", [{ privilege: "SET USER METADATA" }], "Neo4j/2026.03.0", "the SET USER METADATA privilege needs Neo4j 2026.06 or later", ["CYPHER 25 GRANT SET USER METADATA ON DBMS TO `g`"]],
  ];
  test.each(GATES)("%s: refused on an older server, planned on 2026.06", (_n, privileges, oldAgent, message, planned) => {
    const desired = roleWith("g", ...(privileges as never[]));
    const old = withRole("g", [])(oldAgent);
    expect(() => planChanges(desired, old)).toThrow(PlanError);
    expect(() => planChanges(desired, old)).toThrow(`roles[0].privileges[0]: ${message}`);
    expect(queries(desired, withRole("g", [])(V2026))).toEqual(planned);
  });

  test("alias features: DEFAULT LANGUAGE from 2025.06, OIDC CREDENTIAL FORWARDING from 2026.01 (sent as Cypher 25)", () => {
    const lang = spec({ remoteAliases: [remote({ defaultLanguage: 25 })] });
    expect(() => planChanges(lang, server(V5))).toThrow("remoteAliases[0].defaultLanguage: DEFAULT LANGUAGE on aliases needs Neo4j 2025.06 or later, and this server is Neo4j 5.26.0; remove defaultLanguage");
    expect(() => planChanges(lang, server("Neo4j/2025.05.0"))).toThrow(PlanError);
    expect(queries(lang, server("Neo4j/2025.06.0"))).toEqual(["CREATE ALIAS `db1-remote-alias` FOR DATABASE `db1` AT $url USER $user PASSWORD $password DEFAULT LANGUAGE CYPHER 25"]);
    const oidc = spec({ remoteAliases: [remote({ credentials: { type: "oidc" } })] });
    expect(() => planChanges(oidc, server("Neo4j/2025.12.0"))).toThrow("remoteAliases[0].credentials: OIDC CREDENTIAL FORWARDING needs Neo4j 2026.01 or later, and this server is Neo4j 2025.12.0");
    expect(queries(oidc, server("Neo4j/2026.01.0"))).toEqual(["CYPHER 25 CREATE ALIAS `db1-remote-alias` FOR DATABASE `db1` AT $url OIDC CREDENTIAL FORWARDING"]);
  });

  test("a row that must be absent needs no version: on an older server it cannot be there", () => {
    expect(queries(roleWith("g", { privilege: "LOAD", cidr: "10.0.0.0/8", absent: true }), withRole("g", [])("Neo4j/5.15.0"))).toEqual([]);
  });

  test("an unreadable agent is treated as the newest server (the server refuses what it lacks, explained by gqlstatus)", () => {
    expect(queries(roleWith("g", { privilege: "SET AUTH" }), { ...withRole("g", [])(V5), server: { agent: "Custom/1" } })).toEqual(["GRANT SET AUTH ON DBMS TO `g`"]);
  });
});

describe("DENY and auth rules (Neo4j 2026.03+)", () => {
  const ruled = (agent: string): ObservedState => ({ ...withRole("ruled", [])(agent), authRuleRoles: ["ruled"] });
  test("a DENY on a role assigned to an auth rule is refused with the manual's reason", () => {
    const desired = roleWith("ruled", { action: "DENY", privilege: "ACCESS", database: "films" });
    expect(() => planChanges(desired, ruled(V2026))).toThrow(
      'roles[0].privileges[0]: DENY on role "ruled" is refused by the server: the role is assigned to an auth rule, and from Neo4j 2026.03 denied privileges may not be assigned to a role once it has been assigned to an auth rule',
    );
    expect(queries(roleWith("ruled", { privilege: "ACCESS", database: "films" }), ruled(V2026))).toEqual(["GRANT ACCESS ON DATABASE `films` TO `ruled`"]);
    // Before 2026.03 there are no auth rules: the list is ignored.
    expect(queries(desired, ruled(V5))).toEqual(["DENY ACCESS ON DATABASE `films` TO `ruled`"]);
  });
});

describe("aliases in composite databases", () => {
  const garden = (agent: string, aliases: ObservedAlias[] = []): ObservedState => server(agent, { compositeDatabases: ["garden"], aliases: [FOREIGN_ALIAS, ...aliases] });
  const FLOWERS: ObservedAlias = { name: "garden.flowers", composite: "garden", database: "perennial-flowers", location: "local", url: null, user: null, driver: null, properties: {} };
  const constituent = spec({ localAliases: [{ name: "flowers", composite: "garden", target: "perennial-flowers" }] });

  test.each<[string, string[]]>([
    [V5, ["CREATE ALIAS `garden`.`flowers` FOR DATABASE `perennial-flowers`"]],
    ["Neo4j/2025.06.0", ["CYPHER 25 CREATE ALIAS `garden.flowers` FOR DATABASE `perennial-flowers`"]],
  ])("a constituent on %s: quoted part by part in Cypher 5, whole in Cypher 25", (agent, expected) => {
    const plan = planChanges(constituent, garden(agent));
    expect(plan.map((s) => s.query)).toEqual(expected);
    expect(plan[0].notOnAura).toBe("aliases in composite databases");
    expect(queries(constituent, garden(agent, [FLOWERS]), constituent)).toEqual([]);
    expect(queries(spec({}), garden(agent, [FLOWERS]), constituent)).toEqual([agent === V5 ? "DROP ALIAS `garden`.`flowers` IF EXISTS FOR DATABASE" : "CYPHER 25 DROP ALIAS `garden.flowers` IF EXISTS FOR DATABASE"]);
  });

  test.each(AGENTS)("a regular alias with a dot is quoted whole, and refused when a composite database matches its prefix (%s)", (agent) => {
    const dotted = spec({ localAliases: [{ name: "garden.trees", target: "trees" }] });
    expect(queries(dotted, server(agent))).toEqual(["CREATE ALIAS `garden.trees` FOR DATABASE `trees`"]);
    expect(() => planChanges(dotted, garden(agent))).toThrow('localAliases[0].name: "garden.trees" starts with the name of the composite database garden, so the server could take it as that database\'s alias trees (Cypher 25) or as a regular alias with a dot (Cypher 5); say which: composite: garden with name: trees');
  });

  test.each(AGENTS)("the server's composite column decides what an existing alias is (%s)", (agent) => {
    const asRegular = spec({ localAliases: [{ name: "garden.flowers", target: "perennial-flowers" }] });
    expect(() => planChanges(asRegular, garden(agent, [FLOWERS]))).toThrow('"garden.flowers" is the alias flowers of the composite database garden on the server; declare it as composite: garden with name: flowers');
    expect(() => planChanges(constituent, server(agent))).toThrow("localAliases[0].composite: the composite database garden does not exist on the server; create it first");
  });
});

describe("injection attempts in every name stay inside backticks", () => {
  const evil = ["x` TO `admin", "a`; DROP ROLE admin //", "``", "r`) RETURN 1 //"];
  // Names that bypassed validation (e.g. a construct used without the schema) must still be quoted safely.
  const raw = (n: string): AccessSpec => ({
    roles: [{ name: n, privileges: [{ action: "GRANT", privilege: "ACCESS", database: n }, { action: "GRANT", privilege: "MATCH", graph: n, nodes: [n], properties: [n] }] }],
    users: [{ name: n, roles: [n], homeDatabase: n }],
    localAliases: [{ name: n, target: n }],
    remoteAliases: [{ name: `${n}2`, target: n, url: "neo4j+s://h", credentials: { type: "stored", user: n, password: { env: "P" } } }],
  });
  test.each(evil)("%s", (n) => {
    const observed: ObservedState = { ...server(V5), users: [...server(V5).users, { name: n, roles: [], home: null }] };
    const plan = planChanges(raw(n), observed);
    const quoted = quoteIdent(n);
    for (const s of plan) {
      // Remove every correctly quoted identifier; what is left must contain no backtick at all.
      const rest = s.query.split(quoted).join("ID").replace(/`[^`]*(?:``[^`]*)*`/g, "Q");
      expect(rest).not.toContain("`");
      expect(rest).not.toMatch(/DROP ROLE admin|RETURN 1/);
    }
    expect(plan.find((s) => s.query.includes("USER $user"))!.params.user).toBe(n);
  });

  test.each<[string]>([["a\\u0060b"], ["line\nbreak"], ["nul\u0000"]])("quoteIdent refuses %j", (n) => {
    expect(() => quoteIdent(n)).toThrow("contains a control character or backslash");
  });

  test("quoteIdent doubles backticks", () => expect(quoteIdent("a`b")).toBe("`a``b`"));
});

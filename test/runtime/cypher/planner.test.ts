import { parseNeo4jAccess, type Neo4jAccessInput } from "../../../domain/neo4j/access-model";
import { displayStatement, normalizeCommand, privilegeRows, quoteIdent, revokeOf, roleOfCommand, type AccessSpec, type ObservedAlias, type ObservedState, PlanError } from "../../../runtime/cypher/model";
import { planChanges, planDestroy } from "../../../runtime/cypher/planner";

const conn = { uri: "neo4j+s://a.example.com", user: "alice", password: { env: "PW" } };
const spec = (s: Omit<Neo4jAccessInput, "connection">): AccessSpec => parseNeo4jAccess({ connection: conn, ...s });

const remote = (over: Record<string, unknown> = {}) => ({
  name: "db1-remote-alias",
  target: "db1",
  url: "neo4j+s://location:7687",
  credentials: { type: "stored" as const, user: "remote_user", password: { env: "REMOTE_PW" } },
  ...over,
});

/** Reference 000, DBMS A. */
const A = spec({
  roles: [{ name: "remote_access", privileges: [{ privilege: "ACCESS", database: "db1-remote-alias" }] }],
  users: [{ name: "carol", roles: ["remote_access"] }],
  remoteAliases: [remote()],
});

/** What the server shows once `s` is applied on top of `base`. Uses the server's own quoting style for rows. */
function applied(s: AccessSpec, base: ObservedState = server()): ObservedState {
  const o: ObservedState = JSON.parse(JSON.stringify(base));
  for (const r of s.roles) {
    if (!o.roles.includes(r.name)) o.roles.push(r.name);
    for (const p of r.privileges) for (const row of privilegeRows(r.name, p)) o.privileges.push(normalizeCommand(row));
  }
  for (const u of s.users) {
    const ou = o.users.find((x) => x.name === u.name)!;
    for (const r of u.roles) if (!ou.roles.includes(r)) ou.roles.push(r);
    if (u.homeDatabase) ou.home = u.homeDatabase;
  }
  // As SHOW ALIASES prints them: PROPERTIES keys lowercased, no default language on local aliases.
  const props = (p: Record<string, unknown> | undefined) => Object.fromEntries(Object.entries(p ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  for (const a of s.localAliases) o.aliases.push({ name: a.name, database: a.target, location: "local", url: null, user: null, driver: null, properties: props(a.properties), defaultLanguage: null });
  for (const a of s.remoteAliases) {
    const driver: Record<string, string | number | boolean> = {};
    for (const [k, v] of Object.entries(a.driver ?? {})) driver[k] = typeof v === "string" && k !== "logging_level" ? require("../../../domain/neo4j/access-model").parseDurationMs(v) : (v as number | boolean | string);
    o.aliases.push({
      name: a.name,
      database: a.target,
      location: "remote",
      url: a.url,
      user: a.credentials.type === "stored" ? a.credentials.user : null,
      driver,
      properties: props(a.properties),
      credentials: a.credentials.type === "stored" ? "STORED NATIVE CREDENTIALS" : "OIDC CREDENTIAL FORWARDING",
    });
  }
  return o;
}

/** A server with built-in roles, some foreign items, and users carol and dave. */
function server(): ObservedState {
  return {
    roles: ["PUBLIC", "admin", "reader", "foreign_role"],
    privileges: ["GRANT ACCESS ON HOME DATABASE TO `PUBLIC`", "GRANT MATCH {*} ON GRAPH * NODE * TO `reader`", "GRANT ACCESS ON DATABASE `films` TO `foreign_role`"],
    users: [
      { name: "neo4j", roles: ["admin", "PUBLIC"], home: null },
      { name: "carol", roles: ["PUBLIC", "foreign_role"], home: null },
      { name: "dave", roles: ["PUBLIC"], home: "films" },
    ],
    aliases: [{ name: "foreign-alias", database: "films", location: "local", url: null, user: null, driver: null, properties: null }],
  };
}

const queries = (desired: AccessSpec, observed: ObservedState, previous: AccessSpec | null = null, opts = {}) => planChanges(desired, observed, previous, opts).map((s) => s.query);

describe("planChanges", () => {
  test("create: reference 000 on an empty server, in dependency order, values as parameters", () => {
    const plan = planChanges(A, server());
    expect(plan.map((s) => s.query)).toEqual([
      "CREATE ROLE `remote_access` IF NOT EXISTS",
      "CREATE ALIAS `db1-remote-alias` FOR DATABASE `db1` AT $url USER $user PASSWORD $password",
      "GRANT ACCESS ON DATABASE `db1-remote-alias` TO `remote_access`",
      "GRANT ROLE `remote_access` TO `carol`",
    ]);
    expect(plan[1].params).toEqual({ url: "neo4j+s://location:7687", user: "remote_user", password: { $secret: { env: "REMOTE_PW" } } });
    expect(displayStatement(plan[1])).toContain("$password = <secret from environment variable REMOTE_PW>");
  });

  type Case = [string, AccessSpec, ObservedState, AccessSpec | null, string[]];
  const withA = applied(A);
  const B = spec({
    roles: [
      { name: "shared_to_remote", privileges: [{ privilege: "ACCESS", database: "db1" }, { privilege: "MATCH", graph: "db1" }] },
    ],
    users: [{ name: "dave", roles: ["shared_to_remote"], homeDatabase: "db1" }],
  });
  const cases: Case[] = [
    ["no-op: second run against the applied result", A, withA, A, []],
    ["no-op without a previous state", A, withA, null, []],
    [
      "create: MATCH {*} expands to NODE * and RELATIONSHIP * rows, home database last",
      B,
      server(),
      null,
      [
        "CREATE ROLE `shared_to_remote` IF NOT EXISTS",
        "GRANT ACCESS ON DATABASE `db1` TO `shared_to_remote`",
        "GRANT MATCH {*} ON GRAPH `db1` NODE * TO `shared_to_remote`",
        "GRANT MATCH {*} ON GRAPH `db1` RELATIONSHIP * TO `shared_to_remote`",
        "GRANT ROLE `shared_to_remote` TO `dave`",
        "ALTER USER `dave` SET HOME DATABASE `db1`",
      ],
    ],
    ["no-op for B applied", B, applied(B), B, []],
    [
      "change: a privilege removed from an owned role is revoked, a new one granted",
      spec({ roles: [{ name: "shared_to_remote", privileges: [{ privilege: "ACCESS", database: "db1" }, { privilege: "TRAVERSE", graph: "db1", nodes: ["Person"] }] }], users: [{ name: "dave", roles: ["shared_to_remote"], homeDatabase: "db1" }] }),
      applied(B),
      B,
      [
        "REVOKE GRANT MATCH {*} ON GRAPH `db1` NODE * FROM `shared_to_remote`",
        "REVOKE GRANT MATCH {*} ON GRAPH `db1` RELATIONSHIP * FROM `shared_to_remote`",
        "GRANT TRAVERSE ON GRAPH `db1` NODE `Person` TO `shared_to_remote`",
      ],
    ],
    [
      "change: remote alias URL and target in one ALTER",
      spec({ ...A, remoteAliases: [remote({ url: "neo4j+s://other:7687", target: "db2" })] }),
      withA,
      A,
      ["ALTER ALIAS `db1-remote-alias` SET DATABASE TARGET `db2` AT $url"],
    ],
    [
      "change: stored user changes re-send the password",
      spec({ ...A, remoteAliases: [remote({ credentials: { type: "stored", user: "other_user", password: { env: "REMOTE_PW" } } })] }),
      withA,
      A,
      ["ALTER ALIAS `db1-remote-alias` SET DATABASE USER $user PASSWORD $password"],
    ],
    [
      "change: DRIVER, PROPERTIES and DEFAULT LANGUAGE",
      spec({ ...A, remoteAliases: [remote({ driver: { connection_timeout: "5s" }, properties: { team: "x" }, defaultLanguage: 25 })] }),
      { ...withA, aliases: withA.aliases.map((a) => (a.name === "db1-remote-alias" ? { ...a, defaultLanguage: "CYPHER 5" } : a)) },
      A,
      ["ALTER ALIAS `db1-remote-alias` SET DATABASE DRIVER $driver DEFAULT LANGUAGE CYPHER 25 PROPERTIES $properties"],
    ],
    [
      "no-op: equal DRIVER durations however written",
      spec({ ...A, remoteAliases: [remote({ driver: { connection_timeout: "PT5S" } })] }),
      applied(spec({ ...A, remoteAliases: [remote({ driver: { connection_timeout: "5000ms" } })] })),
      A,
      [],
    ],
    [
      "no-op: PROPERTIES keys that the server shows lowercased",
      spec({ ...A, remoteAliases: [remote({ properties: { newestNorthwind: true } })], localAliases: [{ name: "films-alias", target: "films", properties: { ownerTeam: "graph" } }] }),
      applied(spec({ ...A, remoteAliases: [remote({ properties: { newestNorthwind: true } })], localAliases: [{ name: "films-alias", target: "films", properties: { ownerTeam: "graph" } }] })),
      A,
      [],
    ],
    [
      "create: clauses in the documented order (DRIVER, DEFAULT LANGUAGE, PROPERTIES)",
      spec({ remoteAliases: [remote({ driver: { ssl_enforced: true }, defaultLanguage: 5, properties: { team: "x" } })] }),
      server(),
      null,
      ["CREATE ALIAS `db1-remote-alias` FOR DATABASE `db1` AT $url USER $user PASSWORD $password DRIVER $driver DEFAULT LANGUAGE CYPHER 5 PROPERTIES $properties"],
    ],
    [
      "change: stored -> OIDC needs drop and create",
      spec({ ...A, remoteAliases: [remote({ credentials: { type: "oidc" } })] }),
      withA,
      A,
      // CYPHER 25: OIDC forwarding parses only as Cypher 25; the privilege on the alias died with it: re-granted.
      ["DROP ALIAS `db1-remote-alias` IF EXISTS FOR DATABASE", "CYPHER 25 CREATE ALIAS `db1-remote-alias` FOR DATABASE `db1` AT $url OIDC CREDENTIAL FORWARDING", "GRANT ACCESS ON DATABASE `db1-remote-alias` TO `remote_access`"],
    ],
    [
      "change: remote -> local needs drop and create",
      // Privileges on a local alias are refused: the role names the target instead.
      spec({ ...A, roles: [{ name: "remote_access", privileges: [{ privilege: "ACCESS", database: "db1" }] }], remoteAliases: [], localAliases: [{ name: "db1-remote-alias", target: "db1" }] }),
      withA,
      A,
      ["DROP ALIAS `db1-remote-alias` IF EXISTS FOR DATABASE", "CREATE ALIAS `db1-remote-alias` FOR DATABASE `db1`", "GRANT ACCESS ON DATABASE `db1` TO `remote_access`"],
    ],
    [
      "change: local alias target and properties",
      spec({ localAliases: [{ name: "films-alias", target: "movies", properties: { a: 1 } }] }),
      applied(spec({ localAliases: [{ name: "films-alias", target: "films" }] })),
      spec({ localAliases: [{ name: "films-alias", target: "films" }] }),
      ["ALTER ALIAS `films-alias` SET DATABASE TARGET `movies` PROPERTIES $properties"],
    ],
    [
      "removal: everything owned goes, in reverse order; foreign items stay",
      spec({}),
      withA,
      A,
      ["DROP ALIAS `db1-remote-alias` IF EXISTS FOR DATABASE", "DROP ROLE `remote_access` IF EXISTS"],
    ],
    [
      "removal: a role grant of a built-in role and an owned home database",
      spec({ users: [{ name: "dave", roles: [] }] }),
      applied(spec({ users: [{ name: "dave", roles: ["reader"], homeDatabase: "db1" }] })),
      spec({ users: [{ name: "dave", roles: ["reader"], homeDatabase: "db1" }] }),
      ["REVOKE ROLE `reader` FROM `dave`", "ALTER USER `dave` REMOVE HOME DATABASE"],
    ],
    [
      "removal: a home database someone changed since is left alone",
      spec({}),
      { ...server(), users: server().users.map((u) => (u.name === "dave" ? { ...u, home: "films" } : u)) },
      spec({ users: [{ name: "dave", roles: [], homeDatabase: "db1" }] }),
      [],
    ],
    [
      "foreign: items not declared now or before are untouched, even with the same user",
      spec({ users: [{ name: "carol", roles: ["reader"] }] }),
      server(),
      null,
      ["GRANT ROLE `reader` TO `carol`"],
    ],
    [
      "foreign: previous state that was already removed by hand plans nothing",
      spec({}),
      server(),
      A,
      [],
    ],
    [
      "foreign privileges on an owned role stay (only declared rows are revoked)",
      spec({ roles: [{ name: "foreign_role", privileges: [] }] }),
      server(),
      spec({ roles: [{ name: "foreign_role", privileges: [{ privilege: "ACCESS", database: "other" }] }] }),
      [],
    ],
  ];
  test.each(cases)("%s", (_name, desired, observed, previous, expected) => {
    expect(queries(desired, observed, previous)).toEqual(expected);
  });

  test("refreshCredentials re-sends stored credentials", () => {
    expect(queries(A, withA, A, { refreshCredentials: true })).toEqual(["ALTER ALIAS `db1-remote-alias` SET DATABASE USER $user PASSWORD $password"]);
  });

  test("second run plans nothing for every change case", () => {
    for (const [, desired, observed, previous] of cases) {
      // Applying the plan yields the state `applied(desired)` over the foreign items; planning again is empty.
      const after = applied(desired, { ...server(), users: server().users.map((u) => ({ ...u, home: previous?.users.find((p) => p.name === u.name)?.homeDatabase ? null : u.home })) });
      void observed;
      expect(queries(desired, after, desired)).toEqual([]);
    }
  });

  test.each<[string, AccessSpec, string]>([
    ["missing user", spec({ users: [{ name: "nobody", roles: [] }] }), 'users[0].name: user "nobody" does not exist on the server; create it first'],
    ["unknown role", spec({ users: [{ name: "carol", roles: ["ghost"] }] }), 'users[0].roles[0]: role "ghost" is neither declared in roles nor present on the server'],
  ])("refuses to plan: %s", (_n, desired, msg) => {
    expect(() => planChanges(desired, server())).toThrow(PlanError);
    expect(() => planChanges(desired, server())).toThrow(msg);
  });

  test("a role removed from roles but still granted is refused", () => {
    const prev = spec({ roles: [{ name: "r1", privileges: [] }], users: [{ name: "carol", roles: ["r1"] }] });
    const desired = spec({ users: [{ name: "carol", roles: ["r1"] }] });
    expect(() => planChanges(desired, applied(prev), prev)).toThrow('role "r1" is removed from roles by this change but still granted here');
  });

  test("planDestroy removes exactly what the applied state declared", () => {
    expect(planDestroy(A, withA).map((s) => s.query)).toEqual(["DROP ALIAS `db1-remote-alias` IF EXISTS FOR DATABASE", "DROP ROLE `remote_access` IF EXISTS"]);
    // Users deleted on the server meanwhile: destroy still works.
    expect(planDestroy(A, { ...withA, users: [] }).map((s) => s.query)).toEqual(["DROP ALIAS `db1-remote-alias` IF EXISTS FOR DATABASE", "DROP ROLE `remote_access` IF EXISTS"]);
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
    const observed: ObservedState = { ...server(), users: [...server().users, { name: n, roles: [], home: null }] };
    const plan = planChanges(raw(n), observed);
    const quoted = quoteIdent(n);
    for (const s of plan) {
      // Remove every correctly quoted identifier; what is left must contain no backtick at all.
      const rest = s.query.split(quoted).join("ID").replace(/`[^`]*(?:``[^`]*)*`/g, "Q");
      expect(rest).not.toContain("`");
      expect(rest).not.toMatch(/DROP ROLE admin|RETURN 1/);
    }
    // User name stays a bound value where the syntax allows it.
    expect(plan.find((s) => s.query.startsWith("CREATE ALIAS `" ))).toBeDefined();
    expect(planChanges(raw(n), observed).find((s) => s.query.includes("USER $user"))!.params.user).toBe(n);
  });

  test.each<[string]>([["a\\u0060b"], ["line\nbreak"], ["nul\u0000"]])("quoteIdent refuses %j", (n) => {
    expect(() => quoteIdent(n)).toThrow("contains a control character or backslash");
  });

  test("quoteIdent doubles backticks", () => expect(quoteIdent("a`b")).toBe("`a``b`"));
});

describe("privilege rows", () => {
  test.each<[string, Parameters<typeof privilegeRows>[1], string[]]>([
    ["ACCESS", { privilege: "ACCESS", database: "db1" }, ["GRANT ACCESS ON DATABASE `db1` TO `r`"]],
    ["ACCESS *", { privilege: "ACCESS", database: "*" }, ["GRANT ACCESS ON DATABASE * TO `r`"]],
    ["WRITE", { privilege: "WRITE", graph: "g1x" }, ["GRANT WRITE ON GRAPH `g1x` TO `r`"]],
    ["READ props x labels", { privilege: "READ", graph: "*", properties: ["a", "b"], nodes: ["L"] }, ["GRANT READ {`a`} ON GRAPH * NODE `L` TO `r`", "GRANT READ {`b`} ON GRAPH * NODE `L` TO `r`"]],
    ["TRAVERSE rels only", { privilege: "TRAVERSE", graph: "g1x", relationships: ["KNOWS"] }, ["GRANT TRAVERSE ON GRAPH `g1x` RELATIONSHIP `KNOWS` TO `r`"]],
    ["CREATE both", { privilege: "CREATE", graph: "g1x" }, ["GRANT CREATE ON GRAPH `g1x` NODE * TO `r`", "GRANT CREATE ON GRAPH `g1x` RELATIONSHIP * TO `r`"]],
  ])("%s", (_n, p, rows) => expect(privilegeRows("r", p)).toEqual(rows));

  test.each<[string, string]>([
    ["GRANT MATCH {*} ON GRAPH `db1` NODE * TO `reader`", "GRANT MATCH {*} ON GRAPH db1 NODE * TO reader"],
    ["GRANT  ACCESS ON DATABASE `db1-remote-alias` TO remote_access", "GRANT ACCESS ON DATABASE db1-remote-alias TO remote_access"],
    ["DENY READ {x} ON GRAPHS g NODES L TO r", "DENY READ {x} ON GRAPH g NODE L TO r"],
    ["GRANT ACCESS ON DATABASE `Films` TO `R`", "GRANT ACCESS ON DATABASE films TO R"],
    ["GRANT TRAVERSE ON GRAPH Films NODE Person TO r", "GRANT TRAVERSE ON GRAPH films NODE Person TO r"],
    ["GRANT TRAVERSE ON GRAPH * FOR (doc:Doc) WHERE doc.level = \"open\" TO r", "GRANT TRAVERSE ON GRAPH * FOR (n:Doc) WHERE n.level = 'open' TO r"],
    ["GRANT READ { `a` } ON GRAPH * NODE `L` TO `r`", "GRANT READ {a} ON GRAPH * NODE L TO r"],
  ])("normalizeCommand(%s)", (cmd, norm) => expect(normalizeCommand(cmd)).toBe(norm));

  test.each<[string, string | null]>([
    ["GRANT ACCESS ON DATABASE `x` TO `a``b`", "a`b"],
    ["GRANT ACCESS ON DATABASE x TO reader", "reader"],
    ["DENY ACCESS ON DATABASE x TO reader", "reader"],
    ["REVOKE GRANT ACCESS ON DATABASE x FROM reader", null],
  ])("roleOfCommand(%s)", (cmd, role) => expect(roleOfCommand(cmd)).toBe(role));

  test("revokeOf", () => expect(revokeOf("GRANT ACCESS ON DATABASE `x` TO `a``b`")).toBe("REVOKE GRANT ACCESS ON DATABASE `x` FROM `a``b`"));
});

export type { ObservedAlias };

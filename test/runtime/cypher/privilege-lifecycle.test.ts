/**
 * The whole privilege model against the real neo4j-driver and the Bolt test server with the fake system
 * database, which prints rows the way the manual shows them, on a Neo4j 5.26 and a 2026.06 server: apply, plan
 * again (empty), change, destroy; foreign roles and privileges untouched. Every privilege kind the server's
 * version has, PUBLIC and LOAD, temporal rule values sent as driver temporal types. Plus the alias facts of the
 * manual.
 */
import { parseNeo4jAccess, type Neo4jAccessConfig, type Neo4jAccessInput } from "../../../domain/neo4j/access-model";
import { isDeniable, privilegeRequirements, privilegeSchema, PRIVILEGE_CATALOG, PRIVILEGE_NAMES, type PrivilegeInput, type PrivilegeName } from "../../../domain/neo4j/privileges";
import { PlanError } from "../../../runtime/cypher/model";
import { reconcile, type ReconcileOptions } from "../../../runtime/cypher/reconciler";
import { secretResolver } from "../../../runtime/cypher/secrets";
import { BoltTestServer } from "../../support/bolt-server";
import { FakeSystemDb, type FakeSystemDbOptions } from "../../support/fake-system-db";

const env = { T_PW: "test-password", T_REMOTE_PW: "remote-Secret-9" };
let server: BoltTestServer | undefined;
let fake: FakeSystemDb;

const FOREIGN_ROWS = ["GRANT ACCESS ON DATABASE `films` TO `foreign_role`", "DENY TRAVERSE ON GRAPH * NODE `Secret` TO `foreign_role`"];

async function start(opts: FakeSystemDbOptions = {}) {
  fake = new FakeSystemDb(
    {
      roles: ["PUBLIC", "admin", "reader", "foreign_role"],
      privileges: ["GRANT ACCESS ON HOME DATABASE TO `PUBLIC`", "GRANT LOAD ON ALL DATA TO `PUBLIC`", "GRANT EXECUTE PROCEDURE * ON DBMS TO `PUBLIC`", "GRANT MATCH {*} ON GRAPH * NODE * TO `reader`", ...FOREIGN_ROWS],
      users: [
        { name: "neo4j", roles: ["admin", "PUBLIC"], home: null },
        { name: "carol", roles: ["PUBLIC", "foreign_role"], home: null },
      ],
    },
    opts,
  );
  server = await BoltTestServer.start({ handler: fake.handler, hooks: fake.hooks, serverAgent: opts.agent });
}
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const state = (over: Partial<Neo4jAccessInput>): Neo4jAccessConfig =>
  parseNeo4jAccess({ connection: { uri: server!.url(), user: "neo4j", password: { env: "T_PW" }, allowInsecureUrl: true }, ...over });
const run = (mode: ReconcileOptions["mode"], s: Neo4jAccessConfig, over: Partial<ReconcileOptions> = {}) =>
  reconcile({ mode, state: s, env, resolveSecret: secretResolver({ env }), timeoutMs: 20_000, ...over });

/** A security team's policy: DENY, database and DBMS privileges, property rules, write privileges. */
const POLICY: PrivilegeInput[] = [
  { privilege: "ACCESS", database: "films" },
  { privilege: "MATCH", graph: "films", nodes: ["Movie", "Person"] },
  { action: "DENY", privilege: "READ", graph: "films", nodes: ["Person"], properties: ["ssn"] },
  { privilege: "TRAVERSE", graph: "films", where: { label: "Document", property: "classification", operator: "=", value: "public" } },
  { action: "DENY", privilege: "MATCH", graph: "films", properties: "*", where: { label: "Document", property: "level", operator: ">", value: 3 } },
  { privilege: "READ", graph: "films", properties: ["title"], where: { labels: ["Movie", "Série"], property: "released", operator: ">=", value: { date: "2024-10-25" } } },
  { privilege: "TRAVERSE", graph: "films", where: { property: "tier", not: true, operator: "IN", value: ["gold", "O'Brien"] } },
  { privilege: "SET PASSWORDS" as "SET PASSWORD" },
  { privilege: "LOAD", cidr: "10.0.0.0/8" },
  { privilege: "SET PROPERTY", graph: "films", nodes: ["Movie"], properties: ["rating"] },
  { privilege: "SET LABEL", graph: "films", labels: ["Reviewed"] },
  { privilege: "INDEX MANAGEMENT", database: "films" },
  { privilege: "SHOW TRANSACTION", database: "films", users: ["carol"] },
  { action: "DENY", privilege: "STOP", database: "*" },
  { privilege: "EXECUTE PROCEDURE", procedures: ["apoc.*", "db.labels"] },
  { privilege: "IMPERSONATE", users: ["carol"] },
  { action: "DENY", privilege: "USER MANAGEMENT" },
  { privilege: "SHOW SETTING", settings: ["server.bolt.*"] },
];

describe.each(["Neo4j/5.26.0", "Neo4j/2026.06.0"])("privilege lifecycle on %s", (agent) => {
  test("a policy with DENY, database and DBMS privileges and property rules applies, re-plans empty, changes and destroys cleanly", async () => {
    await start({ agent });
    const v1 = state({ roles: [{ name: "film_analyst", privileges: POLICY }], users: [{ name: "carol", roles: ["film_analyst"] }] });
    const applied = await run("apply", v1);
    expect(applied.remaining).toEqual([]);
    const mine = () => fake.state.privileges.filter((p) => p.endsWith("TO `film_analyst`"));
    // As the server prints them (the fake's own printer).
    expect(mine()).toEqual(
      expect.arrayContaining([
        "DENY READ {ssn} ON GRAPH `films` NODE Person TO `film_analyst`",
        'GRANT TRAVERSE ON GRAPH `films` FOR (n:Document) WHERE n.classification = "public" TO `film_analyst`',
        "GRANT READ {title} ON GRAPH `films` FOR (n:Movie|Série) WHERE n.released >= date('2024-10-25') TO `film_analyst`",
        'GRANT TRAVERSE ON GRAPH `films` FOR (n) WHERE NOT n.tier IN ["gold", "O\'Brien"] TO `film_analyst`',
        "GRANT EXECUTE PROCEDURE apoc.* ON DBMS TO `film_analyst`",
        "DENY USER MANAGEMENT ON DBMS TO `film_analyst`",
        "GRANT SET PASSWORD ON DBMS TO `film_analyst`",
        'GRANT LOAD ON CIDR "10.0.0.0/8" TO `film_analyst`',
        "GRANT SHOW TRANSACTION (carol) ON DATABASE `films` TO `film_analyst`",
      ]),
    );
    expect((await run("plan", v1, { previous: v1 })).statements).toEqual([]);

    // DENY wins over GRANT: carol may access films, but a DENY on another role of hers takes it away.
    expect(fake.allowed("carol", "ACCESS", "films")).toBe(true);

    // Change: drop two privileges, flip one GRANT to DENY, add one.
    const v2Privileges: PrivilegeInput[] = [
      ...POLICY.filter((p) => p.privilege !== "SET LABEL" && p.privilege !== "SHOW SETTING" && p.privilege !== "IMPERSONATE"),
      { action: "DENY", privilege: "IMPERSONATE", users: ["carol"] },
      { privilege: "ALL DATABASE PRIVILEGES", database: "films" },
    ];
    const v2 = state({ roles: [{ name: "film_analyst", privileges: v2Privileges }], users: [{ name: "carol", roles: ["film_analyst"] }] });
    const changed = await run("apply", v2, { previous: v1 });
    expect(changed.statements.map((s) => s.query).sort()).toEqual(
      [
        "REVOKE GRANT SET LABEL `Reviewed` ON GRAPH `films` FROM `film_analyst`",
        "REVOKE GRANT SHOW SETTING server.bolt.* ON DBMS FROM `film_analyst`",
        "REVOKE GRANT IMPERSONATE (`carol`) ON DBMS FROM `film_analyst`",
        "DENY IMPERSONATE (`carol`) ON DBMS TO `film_analyst`",
        "GRANT ALL DATABASE PRIVILEGES ON DATABASE `films` TO `film_analyst`",
      ].sort(),
    );
    expect(changed.remaining).toEqual([]);
    expect((await run("plan", v2, { previous: v2 })).statements).toEqual([]);

    // Destroy: the role and its privileges go; the foreign role, its rows and carol's other role stay.
    const destroyed = await run("destroy", v2);
    expect(destroyed.remaining).toEqual([]);
    expect(mine()).toEqual([]);
    expect(fake.state.roles).toContain("foreign_role");
    for (const row of FOREIGN_ROWS) expect(fake.state.privileges).toContain(row);
    expect(fake.user("carol")!.roles).toEqual(["PUBLIC", "foreign_role"]);
  });

  test("ownership for every privilege kind: one role per kind, apply, re-plan empty, GRANT -> DENY, destroy", async () => {
    await start({ agent });
    const example = (name: PrivilegeName, action: "GRANT" | "DENY"): PrivilegeInput => {
      const e = PRIVILEGE_CATALOG[name];
      const q = e.qualifiers as readonly string[];
      const p: Record<string, unknown> = { action, privilege: name };
      if (e.scope === "graph") p.graph = "films";
      if (e.scope === "database") p.database = "films";
      if (e.scope === "load") p.allData = true;
      if (q.includes("segments")) p.nodes = ["Movie"];
      if (q.includes("properties")) p.properties = ["title"];
      if (q.includes("labels")) p.labels = ["Seen"];
      if (q.includes("users")) p.users = ["carol"];
      if (q.includes("procedures")) p.procedures = ["apoc.*"];
      if (q.includes("functions")) p.functions = ["apoc.coll.*"];
      if (q.includes("settings")) p.settings = ["server.*"];
      return p as PrivilegeInput;
    };
    const roleName = (n: PrivilegeName) => `kind_${n.replace(/ /g, "_").toLowerCase()}`;
    // Every kind this server's version has (privilegeRequirements; the older ones are refused, tested in planner.test.ts).
    const [major, minor] = agent.replace("Neo4j/", "").split(".").map(Number);
    const has = (v: string) => {
      const [a, b] = v.split(".").map(Number);
      return major > a || (major === a && minor >= b);
    };
    const kinds = PRIVILEGE_NAMES.filter((n) => privilegeRequirements(privilegeSchema.parse(example(n, "GRANT"))).every((r) => has(r.since)));
    expect(kinds.length).toBe(agent.includes("2026.06") ? PRIVILEGE_NAMES.length : PRIVILEGE_NAMES.length - 11);
    const roles = (deny: boolean) => kinds.map((n) => ({ name: roleName(n), privileges: [example(n, deny && isDeniable(n) ? "DENY" : "GRANT")] }));
    const before = [...fake.state.privileges];
    const v1 = state({ roles: roles(false) });
    expect((await run("apply", v1)).remaining).toEqual([]);
    for (const n of kinds) expect(fake.state.privileges.some((p) => p.endsWith(`TO \`${roleName(n)}\``))).toBe(true);
    expect((await run("plan", v1, { previous: v1 })).statements).toEqual([]);
    const v2 = state({ roles: roles(true) });
    const flipped = await run("apply", v2, { previous: v1 });
    const deniable = kinds.filter(isDeniable).length;
    expect(flipped.statements.filter((s) => /^(CYPHER 25 )?REVOKE GRANT /.test(s.query))).toHaveLength(deniable);
    expect(flipped.statements.filter((s) => /^(CYPHER 25 )?DENY /.test(s.query))).toHaveLength(deniable);
    expect(flipped.remaining).toEqual([]);
    expect((await run("plan", v2, { previous: v2 })).statements).toEqual([]);
    await run("destroy", v2);
    expect(fake.state.privileges).toEqual(before);
    expect(fake.state.roles).toEqual(["PUBLIC", "admin", "reader", "foreign_role"]);
  });
});

describe.each(["Neo4j/5.26.0", "Neo4j/2026.06.0"])("PUBLIC on %s", (agent) => {
  test("locking PUBLIC down revokes only the rows declared absent; PUBLIC is never created, dropped or granted; leaving the config takes back only its own rows", async () => {
    await start({ agent });
    const before = [...fake.state.privileges];
    const locked = state({ roles: [{ name: "PUBLIC", privileges: [{ privilege: "LOAD", allData: true, absent: true }, { privilege: "EXECUTE PROCEDURE", procedures: "*", absent: true }, { action: "DENY", privilege: "LOAD", cidr: "169.254.169.254/32" }] }] });
    const r = await run("apply", locked);
    expect(r.statements.map((x) => x.query)).toEqual(["REVOKE GRANT LOAD ON ALL DATA FROM `PUBLIC`", "REVOKE GRANT EXECUTE PROCEDURE * ON DBMS FROM `PUBLIC`", "DENY LOAD ON CIDR '169.254.169.254/32' TO `PUBLIC`"]);
    expect(r.remaining).toEqual([]);
    expect(fake.state.privileges.filter((p) => p.endsWith("`PUBLIC`"))).toEqual(["GRANT ACCESS ON HOME DATABASE TO `PUBLIC`", 'DENY LOAD ON CIDR "169.254.169.254/32" TO `PUBLIC`']);
    expect(fake.state.roles).toContain("PUBLIC");
    expect((await run("plan", locked, { previous: locked })).statements).toEqual([]);
    // Destroy: the declared DENY goes, the absent rows are not granted back (they were never ours), PUBLIC stays.
    await run("destroy", locked);
    expect(fake.state.privileges.filter((p) => p.endsWith("`PUBLIC`"))).toEqual(["GRANT ACCESS ON HOME DATABASE TO `PUBLIC`"]);
    expect(fake.state.roles).toContain("PUBLIC");
    expect(before).toContain("GRANT LOAD ON ALL DATA TO `PUBLIC`");
  });
});

describe("aliases as the Operations Manual describes them", () => {
  type Credentials = NonNullable<Neo4jAccessInput["remoteAliases"]>[number]["credentials"];
  const remoteAlias = (credentials: Credentials) => ({ name: "films-remote", target: "films", url: "neo4j+s://b.example.com:7687", credentials });
  const stored: Credentials = { type: "stored", user: "remote_user", password: { env: "T_REMOTE_PW" } };

  test("OIDC forwarding on a 2026.01 server with Cypher 5 as the default language: sent as CYPHER 25, applies and converges", async () => {
    await start({ agent: "Neo4j/2026.01.0", defaultLanguage: 5 });
    const s = state({ remoteAliases: [remoteAlias({ type: "oidc" })] });
    const r = await run("apply", s);
    expect(r.statements.map((x) => x.query)).toEqual(["CYPHER 25 CREATE ALIAS `films-remote` FOR DATABASE `films` AT $url OIDC CREDENTIAL FORWARDING"]);
    expect(fake.alias("films-remote")!.oidc).toBe(true);
    expect(r.remaining).toEqual([]);
  });

  test("OIDC forwarding on a Neo4j 5 server is refused before anything is sent, naming the version", async () => {
    await start({ agent: "Neo4j/5.26.0" });
    const err = await run("apply", state({ remoteAliases: [remoteAlias({ type: "oidc" })] })).catch((e) => e);
    expect(err).toBeInstanceOf(PlanError);
    expect(err.message).toContain("remoteAliases[0].credentials: OIDC CREDENTIAL FORWARDING needs Neo4j 2026.01 or later, and this server is Neo4j 5.26.0");
    expect(fake.applied).toEqual([]);
  });

  test("the fake refuses OIDC forwarding without the prefix on a Cypher 5 default (what the prefix prevents)", async () => {
    await start({ agent: "Neo4j/2026.01.0" });
    const r = fake.handler("CREATE ALIAS `a` FOR DATABASE `films` AT $url OIDC CREDENTIAL FORWARDING", { url: "neo4j+s://x" }, { user: "neo4j", txId: null, db: "system" });
    expect("failure" in r && r.failure.gqlStatus).toBe("42I06");
  });

  test("stored -> OIDC drops and recreates the alias; the server drops its privileges and the same apply grants them again", async () => {
    await start({ agent: "Neo4j/2026.01.0" });
    const role = { name: "remote_access", privileges: [{ privilege: "ACCESS" as const, database: "films-remote" }] };
    const v1 = state({ roles: [role], remoteAliases: [remoteAlias(stored)] });
    await run("apply", v1);
    expect(fake.state.privileges).toContain("GRANT ACCESS ON DATABASE `films-remote` TO `remote_access`");
    const v2 = state({ roles: [role], remoteAliases: [remoteAlias({ type: "oidc" })] });
    const r = await run("apply", v2, { previous: v1 });
    expect(r.statements.map((x) => x.query)).toEqual([
      "DROP ALIAS `films-remote` IF EXISTS FOR DATABASE",
      "CYPHER 25 CREATE ALIAS `films-remote` FOR DATABASE `films` AT $url OIDC CREDENTIAL FORWARDING",
      "GRANT ACCESS ON DATABASE `films-remote` TO `remote_access`",
    ]);
    expect(fake.state.privileges).toContain("GRANT ACCESS ON DATABASE `films-remote` TO `remote_access`");
    expect(r.remaining).toEqual([]);
  });

  test("a privilege granted on a local alias is recorded on its target (so the config must name the target)", async () => {
    await start();
    await run("apply", state({ roles: [{ name: "r1", privileges: [] }], localAliases: [{ name: "movies", target: "films" }] }));
    fake.handler("GRANT ACCESS ON DATABASE `movies` TO `r1`", {}, { user: "neo4j", txId: null, db: "system" });
    expect(fake.state.privileges).toContain("GRANT ACCESS ON DATABASE `films` TO `r1`");
    // A role naming an existing local alias (declared elsewhere) is refused at plan time, naming the target.
    const err = await run("plan", state({ roles: [{ name: "r1", privileges: [{ privilege: "ACCESS", database: "movies" }] }] })).catch((e) => e);
    expect(err).toBeInstanceOf(PlanError);
    expect(err.message).toContain("roles[0].privileges[0]: movies is a local alias of films; privileges are defined on the target database, not on a local alias: name films instead");
  });

  test("SHOW ALIASES with a null target (no ACCESS on it) plans no change, run after run", async () => {
    await start({ hiddenTargets: ["movies"] });
    const s = state({ localAliases: [{ name: "movies", target: "films" }] });
    await run("apply", s);
    expect((await run("plan", s, { previous: s })).statements).toEqual([]);
    expect((await run("plan", s, { previous: s })).statements).toEqual([]);
  });
});

describe("what the reconciler reads over Bolt besides the rows: immutable column, auth rules, composite databases", () => {
  test("an IMMUTABLE row (SHOW PRIVILEGES AS COMMANDS YIELD command, immutable) is never revoked: the plan is refused before anything is sent", async () => {
    await start({ agent: "Neo4j/5.26.0" });
    fake.state.roles.push("locked");
    fake.state.privileges.push("GRANT ACCESS ON DATABASE `films` TO `locked`");
    fake.state.immutablePrivileges = ["GRANT ACCESS ON DATABASE `films` TO `locked`"];
    const declared = state({ roles: [{ name: "locked", privileges: [{ privilege: "ACCESS", database: "films" }] }] });
    expect((await run("plan", declared, { previous: declared })).statements).toEqual([]);
    const err = await run("apply", state({ roles: [{ name: "locked", privileges: [] }] }), { previous: declared }).catch((e) => e);
    expect(err).toBeInstanceOf(PlanError);
    expect(err.message).toContain("GRANT ACCESS ON DATABASE `films` TO `locked` is IMMUTABLE on the server");
    expect(fake.applied).toEqual([]);
  });

  test("2026.06: roles on auth rules (CYPHER 25 SHOW AUTH RULES) take no DENY; 5.26 is never asked", async () => {
    await start({ agent: "Neo4j/2026.06.0" });
    fake.state.roles.push("ruled");
    fake.state.authRules = [{ name: "salesRule", roles: ["ruled"] }];
    const err = await run("plan", state({ roles: [{ name: "ruled", privileges: [{ action: "DENY", privilege: "ACCESS", database: "films" }] }] })).catch((e) => e);
    expect(err).toBeInstanceOf(PlanError);
    expect(err.message).toContain('DENY on role "ruled" is refused by the server: the role is assigned to an auth rule');
    expect(server!.statements.map((s) => s.query)).toContain("CYPHER 25 SHOW AUTH RULES YIELD name, roles");
    await server!.close();
    await start({ agent: "Neo4j/5.26.0" });
    await run("plan", state({}));
    expect(server!.statements.map((s) => s.query).filter((q) => /AUTH RULES/.test(q))).toEqual([]);
  });

  test.each([
    ["Neo4j/5.26.0", "CREATE ALIAS `garden`.`flowers` FOR DATABASE `flowers-db`"],
    ["Neo4j/2026.06.0", "CYPHER 25 CREATE ALIAS `garden.flowers` FOR DATABASE `flowers-db`"],
  ])("%s: an alias in a composite database (SHOW DATABASES) is created as a constituent, converges and is dropped", async (agent, create) => {
    await start({ agent });
    fake.state.databases = [...(fake.state.databases ?? []), { name: "garden", type: "composite" }];
    const s = state({ localAliases: [{ name: "flowers", composite: "garden", target: "flowers-db" }] });
    const r = await run("apply", s);
    expect(r.statements.map((x) => x.query)).toEqual([create]);
    expect(fake.state.aliases.map((a) => [a.name, a.composite])).toEqual([["garden.flowers", "garden"]]);
    expect(r.remaining).toEqual([]);
    await run("destroy", s);
    expect(fake.state.aliases).toEqual([]);
  });

  test("a remote alias on bolt:// with ssl_enforced: false is created; the fake refuses it without (what the config check prevents)", async () => {
    await start({ agent: "Neo4j/5.26.0" });
    const alias = { name: "plain", target: "films", url: "bolt://10.0.0.5:7687", allowInsecureUrl: true, credentials: { type: "stored" as const, user: "u", password: { env: "T_REMOTE_PW" } }, driver: { ssl_enforced: false } };
    const r = await run("apply", state({ remoteAliases: [alias] }));
    expect(r.remaining).toEqual([]);
    expect(fake.alias("plain")!.driver).toEqual({ ssl_enforced: false });
    const direct = fake.handler("CREATE ALIAS `other` FOR DATABASE `films` AT $url USER $user PASSWORD $password", { url: "bolt://10.0.0.5:7687", user: "u", password: "p" }, { user: "neo4j", txId: null, db: "system" });
    expect("failure" in direct && direct.failure.gqlStatus).toBe("42N89");
  });
});

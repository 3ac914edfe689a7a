/**
 * Hostile names on the server (issue 20, item 6): someone else creates roles, users, databases and aliases whose
 * names hold backticks, " TO ", dots and unicode, over Bolt, with the real driver. Plan, import and drift read
 * every name back with the tokenizer: the hostile roles stay other roles, never the declared ones, and nothing
 * of theirs is planned, imported under our names or reported as drift.
 */
import neo4j from "neo4j-driver";
import { parse as parseYaml } from "yaml";
import { parsePrivilegeRow } from "../../../runtime/cypher/privilege-commands";
import { observe } from "../../../runtime/cypher/reconciler";
import { BoltTestServer } from "../../support/bolt-server";
import { runCypher } from "../../support/cypher-cli";
import { FakeSystemDb } from "../../support/fake-system-db";

const ADMIN_PW = "hostile-Admin-pw-5";
let server: BoltTestServer;
let fake: FakeSystemDb;

/** Names chosen so that a pattern reading "the last thing after TO" would take them for app_reader or admin. */
const HOSTILE_ROLES = ["x` TO `app_reader", "app_reader TO admin", "app_reader`", "`app_reader", "app.reader", "app_réader", "TO"];
const q = (n: string) => "`" + n.replace(/`/g, "``") + "`";

async function asSomeoneElse(statements: string[]) {
  const driver = neo4j.driver(server.url(), neo4j.auth.basic("neo4j", ADMIN_PW), { logging: { level: "error", logger: () => undefined } });
  const session = driver.session({ database: "system" });
  try {
    for (const s of statements) await session.run(s);
  } finally {
    await session.close();
    await driver.close();
  }
}

beforeEach(async () => {
  fake = new FakeSystemDb(
    {
      roles: ["PUBLIC", "admin", "reader", "app_reader"],
      privileges: ["GRANT ACCESS ON HOME DATABASE TO `PUBLIC`", "GRANT ACCESS ON DATABASE `films` TO `app_reader`"],
      users: [
        { name: "neo4j", roles: ["admin", "PUBLIC"], home: null },
        { name: "carol", roles: ["PUBLIC", "app_reader"], home: null },
      ],
    },
    { agent: "Neo4j/2026.06.0" },
  );
  server = await BoltTestServer.start({ handler: fake.handler, hooks: fake.hooks, users: { neo4j: ADMIN_PW }, serverAgent: "Neo4j/2026.06.0" });
  await asSomeoneElse([
    ...HOSTILE_ROLES.map((r) => `CREATE ROLE ${q(r)} IF NOT EXISTS`),
    ...HOSTILE_ROLES.map((r) => `GRANT ACCESS ON DATABASE \`films\` TO ${q(r)}`),
    ...HOSTILE_ROLES.map((r) => `GRANT SET PASSWORD ON DBMS TO ${q(r)}`),
    `GRANT TRAVERSE ON GRAPH \`we\`\`ird.db\` NODES \`x\`\` TO \`\`app_reader\`, Café TO ${q("x` TO `app_reader")}`,
    `GRANT IMPERSONATE (${q("carol` TO `app_reader")}) ON DBMS TO ${q("app_reader TO admin")}`,
    `GRANT ROLE ${q("x` TO `app_reader")} TO \`carol\``,
  ]);
});
afterEach(async () => server.close());

const cli = (args: string[]) => runCypher({ T_PW: ADMIN_PW }, args);
const connection = () => ({ uri: server.url(), user: "neo4j", password: { env: "T_PW" }, allowInsecureUrl: true });

describe("hostile names read back from the server", () => {
  test("the server holds them as the names they are (the fake's own reading)", () => {
    expect(fake.state.roles).toEqual(expect.arrayContaining(HOSTILE_ROLES));
    expect(fake.state.privileges).toContain("GRANT ACCESS ON DATABASE `films` TO `x`` TO ``app_reader`");
    expect(fake.state.privileges).toContain("GRANT TRAVERSE ON GRAPH `we``ird.db` NODE `x`` TO ``app_reader` TO `x`` TO ``app_reader`");
    expect(fake.user("carol")!.roles).toEqual(["PUBLIC", "app_reader", "x` TO `app_reader"]);
  });

  test("plan: app_reader's rows are its own; the hostile rows never count as app_reader's, and are never revoked", async () => {
    const declared = { connection: connection(), roles: [{ name: "app_reader", privileges: [{ privilege: "ACCESS", database: "films" }, { privilege: "SET PASSWORD" }] }], users: [{ name: "carol", roles: ["app_reader"] }] };
    const state = JSON.stringify(declared);
    // SET PASSWORD is on the hostile roles only: app_reader still needs it.
    const plan = await cli(["plan", "--state", state, "--previous", state, "--detailed-exitcode"]);
    expect(plan.code).toBe(2);
    expect(plan.out).toContain("GRANT SET PASSWORD ON DBMS TO `app_reader`;\n");
    expect(plan.out.match(/^(?!\/\/).*;$/gm)).toEqual(["GRANT SET PASSWORD ON DBMS TO `app_reader`;"]);
    const applied = await cli(["apply", "--state", state, "--previous", state]);
    expect(applied.code).toBe(0);
    // Removing everything of ours revokes only our rows; every hostile role keeps its rows and its grant to carol.
    const before = fake.state.privileges.filter((p) => !p.endsWith("TO `app_reader`"));
    const emptied = JSON.stringify({ ...declared, roles: [{ name: "app_reader", privileges: [] }], users: [{ name: "carol", roles: [] }] });
    const r = await cli(["apply", "--state", emptied, "--previous", state]);
    expect(r.code).toBe(0);
    expect(fake.state.privileges.filter((p) => p.endsWith("TO `app_reader`"))).toEqual([]);
    expect(fake.state.privileges.filter((p) => !p.endsWith("TO `app_reader`"))).toEqual(before);
    expect(fake.user("carol")!.roles).toEqual(["PUBLIC", "x` TO `app_reader"]);
  });

  test("import: app_reader gets exactly its own rows; each hostile role is read as itself (and skipped where no config can name it)", async () => {
    const first = await cli(["import", "--uri", server.url(), "--user", "neo4j", "--password-env", "T_PW", "--allow-insecure-url", "--roles", "^app_reader$"]);
    const mine = parseYaml(first.out).neo4jAccess;
    expect(mine.roles).toEqual([{ name: "app_reader", privileges: [{ action: "GRANT", privilege: "ACCESS", database: "films" }] }]);
    expect(mine.users).toEqual([{ name: "carol", roles: ["app_reader"] }]);
    const all = await cli(["import", "--uri", server.url(), "--user", "neo4j", "--password-env", "T_PW", "--allow-insecure-url"]);
    expect(all.code).toBe(0);
    const doc = parseYaml(all.out).neo4jAccess;
    // `TO` is a valid role name (keywords are names too); the others cannot be declared and are reported by name.
    expect(doc.roles).toEqual([
      { name: "app_reader", privileges: [{ action: "GRANT", privilege: "ACCESS", database: "films" }] },
      { name: "TO", privileges: [{ action: "GRANT", privilege: "ACCESS", database: "films" }, { action: "GRANT", privilege: "SET PASSWORD" }] },
    ]);
    for (const r of HOSTILE_ROLES.filter((n) => n !== "TO")) expect(all.err).toContain(`cypher import: skipped role ${JSON.stringify(r)}: not a role name this tool declares`);
    expect(doc.users).toEqual([{ name: "carol", roles: ["app_reader"] }]);
  });

  test("every row read over Bolt is attributed to its own role, with hostile labels, graphs and users intact", async () => {
    const observed = await observe({ uri: server.url(), user: "neo4j", password: ADMIN_PW });
    const byRole = new Map<string, string[]>();
    for (const row of observed.privileges) for (const a of parsePrivilegeRow(row) ?? []) byRole.set(a.role, [...(byRole.get(a.role) ?? []), JSON.stringify([a.command, a.qualifier?.name ?? null, a.scope, a.segment ?? null])]);
    expect(byRole.get("app_reader")).toEqual([JSON.stringify(["ACCESS", null, { kind: "database", name: "films" }, null])]);
    expect(byRole.get("x` TO `app_reader")).toEqual([
      JSON.stringify(["ACCESS", null, { kind: "database", name: "films" }, null]),
      JSON.stringify(["SET PASSWORD", null, { kind: "dbms" }, null]),
      JSON.stringify(["TRAVERSE", null, { kind: "graph", name: "we`ird.db" }, { kind: "node", name: "x` TO `app_reader" }]),
      JSON.stringify(["TRAVERSE", null, { kind: "graph", name: "we`ird.db" }, { kind: "node", name: "Café" }]),
    ]);
    expect(byRole.get("app_reader TO admin")).toContainEqual(JSON.stringify(["IMPERSONATE", "carol` TO `app_reader", { kind: "dbms" }, null]));
    expect(byRole.has("admin")).toBe(false);
    expect(new Set(byRole.keys())).toEqual(new Set(["PUBLIC", "app_reader", ...HOSTILE_ROLES]));
  });

  test("drift: with the hostile roles on the server, the imported state plans nothing; a hostile role's row removed by hand is no drift of ours, our own row is", async () => {
    const imported = parseYaml((await cli(["import", "--uri", server.url(), "--user", "neo4j", "--password-env", "T_PW", "--allow-insecure-url"])).out).neo4jAccess;
    // The imported names are written back as they are; as config they must pass the role-name rules, so the
    // hostile ones are kept out of the declared state and stay foreign.
    const ours = { connection: connection(), roles: imported.roles.filter((r: { name: string }) => r.name === "app_reader"), users: [{ name: "carol", roles: ["app_reader"] }] };
    const state = JSON.stringify(ours);
    expect(await cli(["plan", "--state", state, "--previous", state, "--detailed-exitcode"])).toMatchObject({ code: 0, out: "No drift: the server matches the desired state.\n" });
    fake.state.privileges = fake.state.privileges.filter((p) => p !== "GRANT ACCESS ON DATABASE `films` TO `x`` TO ``app_reader`");
    expect((await cli(["plan", "--state", state, "--previous", state, "--detailed-exitcode"])).code).toBe(0);
    fake.state.privileges = fake.state.privileges.filter((p) => p !== "GRANT ACCESS ON DATABASE `films` TO `app_reader`");
    const drift = await cli(["plan", "--state", state, "--previous", state, "--detailed-exitcode"]);
    expect(drift.code).toBe(2);
    expect(drift.out).toContain("GRANT ACCESS ON DATABASE `films` TO `app_reader`;\n");
  });
});

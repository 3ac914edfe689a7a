/**
 * `cypher import` and `cypher plan --detailed-exitcode` against the Bolt test server with the real driver:
 * import an existing deployment, plan it again (nothing: exit 0), let the server drift (exit 2, drift printed
 * as Cypher), and errors (exit 1).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { importState } from "../../../runtime/cypher/importer";
import { BoltTestServer } from "../../support/bolt-server";
import { runCypher } from "../../support/cypher-cli";
import { FakeSystemDb } from "../../support/fake-system-db";
import { TEST_SECRETS } from "../../support/test-secrets";

const ADMIN_PW = TEST_SECRETS.importAdminPassword;
let server: BoltTestServer;
let fake: FakeSystemDb;
let dir: string;

/** An existing deployment, in the text a Neo4j 5.26 server prints (the manual's form; see fake-system-db.test.ts). */
const EXISTING = [
  "GRANT ACCESS ON HOME DATABASE TO `PUBLIC`",
  "GRANT LOAD ON ALL DATA TO `PUBLIC`",
  "GRANT MATCH {*} ON GRAPH * NODE * TO `reader`",
  "GRANT ACCESS ON DATABASE `films` TO `app_reader`",
  "GRANT MATCH {*} ON GRAPH `films` NODE Movie TO `app_reader`",
  "GRANT MATCH {title} ON GRAPH `films` RELATIONSHIP ACTED_IN TO `app_reader`",
  "DENY READ {ssn} ON GRAPH `films` NODE Person TO `app_reader`",
  'GRANT TRAVERSE ON GRAPH `films` FOR (n:Document) WHERE n.classification = "public" TO `app_reader`',
  "GRANT READ {*} ON GRAPH `films` FOR (n) WHERE n.createdAt > date('2024-10-25') TO `app_reader`",
  "GRANT SHOW TRANSACTION (*) ON DATABASE `films` TO `app_ops`",
  "GRANT EXECUTE PROCEDURE apoc.* ON DBMS TO `app_ops`",
  "DENY IMPERSONATE (neo4j) ON DBMS TO `app_ops`",
  "GRANT ACCESS ON HOME DATABASE TO `app_ops`",
  "GRANT SET PASSWORD ON DBMS TO `app_ops`",
  'DENY LOAD ON CIDR "10.0.0.0/8" TO `app_ops`',
  "GRANT ACCESS ON DATABASE `films-remote` TO `app_ops`",
  "GRANT READ {*} ON DEFAULT GRAPH NODE * TO `app_ops`",
  "GRANT ACCESS ON DATABASE `locked` TO `app_ops`",
  "GRANT ROLE MANAGEMENT ON DBMS TO `other_team`",
];

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cypher-import-"));
  fake = new FakeSystemDb(
    {
      roles: ["PUBLIC", "admin", "reader", "app_reader", "app_ops", "other_team"],
      privileges: EXISTING,
      immutablePrivileges: ["GRANT ACCESS ON DATABASE `locked` TO `app_ops`"],
      users: [
        { name: "neo4j", roles: ["admin", "PUBLIC"], home: null },
        { name: "carol", roles: ["PUBLIC", "app_reader", "other_team"], home: "films" },
        { name: "dave", roles: ["PUBLIC", "app_ops", "reader"], home: null },
      ],
      aliases: [
        { name: "movies", database: "films", location: "local", url: null, user: null, password: null, oidc: false, driver: null, properties: { team: "graph" }, defaultLanguage: null },
        {
          name: "films-remote",
          database: "films",
          location: "remote",
          url: "neo4j+s://b.example.com:7687",
          user: "remote_user",
          password: "never-shown",
          oidc: false,
          driver: { connection_timeout: 5000, connection_pool_max_size: 10, ssl_enforced: true },
          properties: {},
          defaultLanguage: "CYPHER 5",
        },
      ],
    },
    { agent: "Neo4j/5.26.0" },
  );
  server = await BoltTestServer.start({ handler: fake.handler, hooks: fake.hooks, users: { neo4j: ADMIN_PW }, serverAgent: "Neo4j/5.26.0" });
});
afterEach(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const cli = (args: string[], env: Record<string, string> = {}) => runCypher({ T_PW: ADMIN_PW, ALIAS_FILMS_REMOTE_PASSWORD: "remote-pw", ...env }, args);

const importArgs = () => ["import", "--uri", server.url(), "--user", "neo4j", "--password-env", "T_PW", "--allow-insecure-url", "--roles", "^app_", "--aliases", "--home-databases"];

describe("cypher import", () => {
  test("imports the matching roles, their users and the aliases; skips what it does not model; round trip plans nothing", async () => {
    const file = path.join(dir, "imported.yaml");
    const r = await cli([...importArgs(), "--out", file]);
    expect(r.code).toBe(0);
    // Forms it does not model (DEFAULT GRAPH) and IMMUTABLE rows are reported and left alone.
    expect(r.err).toContain("skipped GRANT READ {*} ON DEFAULT GRAPH NODE * TO `app_ops`: a privilege form this tool does not manage");
    expect(r.err).toContain("skipped GRANT ACCESS ON DATABASE `locked` TO `app_ops`: IMMUTABLE, changed only with auth disabled");
    const doc = parseYaml(fs.readFileSync(file, "utf8")).neo4jAccess;
    expect(doc.roles.map((x: { name: string }) => x.name)).toEqual(["app_reader", "app_ops"]);
    expect(doc.roles[0].privileges).toContainEqual({ action: "DENY", privilege: "READ", graph: "films", properties: ["ssn"], nodes: ["Person"] });
    expect(doc.roles[0].privileges).toContainEqual({ action: "GRANT", privilege: "TRAVERSE", graph: "films", where: { property: "classification", operator: "=", label: "Document", value: "public" } });
    expect(doc.roles[0].privileges).toContainEqual({ action: "GRANT", privilege: "READ", graph: "films", properties: "*", where: { property: "createdAt", operator: ">", value: { date: "2024-10-25" } } });
    // SET PASSWORD (printed singular), HOME DATABASE and LOAD ON CIDR are imported, no longer skipped.
    expect(doc.roles[1].privileges).toEqual(
      expect.arrayContaining([
        { action: "GRANT", privilege: "SET PASSWORD" },
        { action: "GRANT", privilege: "ACCESS", database: { home: true } },
        { action: "DENY", privilege: "LOAD", cidr: "10.0.0.0/8" },
        { action: "DENY", privilege: "IMPERSONATE", users: ["neo4j"] },
      ]),
    );
    expect(doc.users).toEqual([
      { name: "carol", roles: ["app_reader"], homeDatabase: "films" },
      { name: "dave", roles: ["app_ops"] },
    ]);
    expect(doc.localAliases).toEqual([{ name: "movies", target: "films", properties: { team: "graph" } }]);
    expect(doc.remoteAliases[0].credentials).toEqual({ type: "stored", user: "remote_user", password: { env: "ALIAS_FILMS_REMOTE_PASSWORD" } });
    // No secret in the output: the server never shows the stored password, and the admin password stays a reference.
    expect(fs.readFileSync(file, "utf8")).not.toContain(ADMIN_PW);

    const state = JSON.stringify(doc);
    const plan = await cli(["plan", "--state", state, "--previous", state, "--detailed-exitcode"]);
    expect(plan.err).toBe("");
    expect(plan.out).toBe("No drift: the server matches the desired state.\n");
    expect(plan.code).toBe(0);
  });

  test("the role filter leaves other roles out; other roles' rows never appear", async () => {
    const r = await cli([...importArgs().slice(0, -4), "--roles", "^other"]);
    const doc = parseYaml(r.out).neo4jAccess;
    expect(doc.roles).toEqual([{ name: "other_team", privileges: [{ action: "GRANT", privilege: "ROLE MANAGEMENT" }] }]);
    expect(doc.users).toEqual([{ name: "carol", roles: ["other_team"] }]);
    expect(doc.remoteAliases).toEqual([]);
  });

  test("a bad role filter and a missing password variable are exit 1 with the flag named", async () => {
    expect(await cli([...importArgs().slice(0, 8), "--roles", "(["])).toMatchObject({ code: 1, err: expect.stringContaining('error: --roles: got "(["; not a regular expression') });
    const r = await cli(["import", "--uri", server.url(), "--user", "neo4j", "--password-env", "NOPE", "--allow-insecure-url"]);
    expect(r).toMatchObject({ code: 1, err: "error: --password-env: environment variable NOPE is not set\n" });
  });

  test("importState is pure: built-in roles are never imported, unknown forms are reported", () => {
    const r = importState({ roles: ["admin", "PUBLIC", "x"], privileges: ["GRANT FROBNICATE ON DBMS TO `x`", "GRANT ACCESS ON DATABASE * TO `admin`", "GRANT LOAD ON ALL DATA TO `PUBLIC`"], users: [], aliases: [] });
    expect(r.state.roles).toEqual([{ name: "x", privileges: [] }]);
    expect(r.skipped).toEqual(["GRANT FROBNICATE ON DBMS TO `x`: a privilege form this tool does not manage (left on the server, unmanaged)"]);
    // PUBLIC only when the filter names it (its rows can be managed; the role itself never is).
    expect(importState({ roles: ["PUBLIC", "admin"], privileges: ["GRANT LOAD ON ALL DATA TO `PUBLIC`"], users: [], aliases: [] }, { roleFilter: /^PUBLIC$/ }).state.roles).toEqual([
      { name: "PUBLIC", privileges: [{ action: "GRANT", privilege: "LOAD", allData: true }] },
    ]);
    // A constituent of a composite database comes back as its composite and its own name.
    const aliases = importState(
      { roles: [], privileges: [], users: [], aliases: [{ name: "garden.flowers", composite: "garden", database: "flowers-db", location: "local", url: null, user: null, driver: null, properties: {} }] },
      { aliases: true },
    ).state.localAliases;
    expect(aliases).toEqual([{ name: "flowers", composite: "garden", target: "flowers-db" }]);
  });
});

describe("cypher plan --detailed-exitcode (drift detection)", () => {
  test("exit 2 with the drift printed as Cypher when the server drifted; parameters shown, secrets as references", async () => {
    const doc = parseYaml((await cli(importArgs())).out).neo4jAccess;
    // Someone revokes a managed privilege and drops the remote alias by hand.
    fake.state.privileges = fake.state.privileges.filter((p) => !p.startsWith("DENY READ {ssn}") && !p.startsWith("GRANT SET PASSWORD"));
    fake.state.aliases = fake.state.aliases.filter((a) => a.name !== "films-remote");
    const state = JSON.stringify(doc);
    const r = await cli(["plan", "--state", state, "--previous", state, "--detailed-exitcode"]);
    expect(r.code).toBe(2);
    expect(r.out).toContain("Drift: ");
    expect(r.out).toContain("DENY READ {`ssn`} ON GRAPH `films` NODE `Person` TO `app_reader`;\n");
    expect(r.out).toContain("GRANT SET PASSWORD ON DBMS TO `app_ops`;\n");
    expect(r.out).toContain("CREATE ALIAS `films-remote` FOR DATABASE `films` AT $url USER $user PASSWORD $password DRIVER $driver;\n");
    expect(r.out).toContain("// $password = <secret from environment variable ALIAS_FILMS_REMOTE_PASSWORD>\n");
    expect(r.out).not.toContain("remote-pw");
  });

  test("exit 1 on error (unreachable server), never 0 or 2", async () => {
    const doc = parseYaml((await cli(importArgs())).out).neo4jAccess;
    await server.close();
    const r = await cli(["plan", "--state", JSON.stringify(doc), "--detailed-exitcode", "--timeout", "1s"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("error: gave up after");
  });
});

/**
 * `aura-secure cypher` at its edges, in process against the Bolt test server: each rejected option names the
 * option, the value and what is allowed (exit 1, nothing on stdout); the exact text of plan, apply, destroy,
 * replace and import; --json's mode and applied; the replace hand-off; the help text of every subcommand.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cypherCommand } from "../../../runtime/cypher/cli";
import { BoltTestServer } from "../../support/bolt-server";
import { runCypher } from "../../support/cypher-cli";
import { FakeSystemDb } from "../../support/fake-system-db";
import { TEST_SECRETS } from "../../support/test-secrets";
import { exampleConfig } from "../../../config/example";

const PW = TEST_SECRETS.boltServerPassword;
let server: BoltTestServer;
let fake: FakeSystemDb;
let dir: string;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cypher-cli-edges-"));
  fake = new FakeSystemDb({ users: [{ name: "neo4j", roles: ["admin"], home: null }, { name: "erin", roles: [], home: null }] }, { agent: "Neo4j/5.26.0" });
  server = await BoltTestServer.start({ handler: fake.handler, hooks: fake.hooks, users: { neo4j: PW }, serverAgent: "Neo4j/5.26.0" });
});
afterEach(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A state of this file's own (names no other test file uses: the replace hand-off note is keyed by the state). */
const state = (over: Record<string, unknown> = {}) => ({
  id: "cli-edges",
  connection: { uri: { env: "T_URI" }, user: "neo4j", password: { env: "T_PW" }, allowInsecureUrl: true },
  roles: [{ name: "edge_reader", privileges: [{ privilege: "ACCESS", database: "neo4j" }] }],
  users: [{ name: "erin", roles: ["edge_reader"] }],
  localAliases: [{ name: "edge-movies", target: "neo4j", properties: { team: "graph" } }],
  ...over,
});
const json = (s: unknown) => JSON.stringify(s);

const cli = (args: string[], env: Record<string, string> = {}) => runCypher({ T_URI: server.url(), T_PW: PW, ...env }, args);
const file = (name: string, text: string) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
};

/** A valid app config without a neo4jAccess section: the embedded example's, with that section taken out. */
const { neo4jAccess: _exampleAccess, ...CONFIG_WITHOUT_ACCESS } = exampleConfig;

const CONNECTION_SHAPE = "must be {uri, user, password, allowInsecureUrl?, allowUnverifiedTls?}";
const STATE_EXPECTED = "expected a Neo4j access state as JSON (the neo4jAccess section: connection, roles, users, aliases), inline or in a file";
const ENV_NAME_ALLOWED = "is not an environment variable name; allowed: letters, digits and '_', not starting with a digit";

/** JSON.parse's own words differ between Node versions: the message around them is pinned. */
const withoutParserWords = (text: string) => text.replace(/is not JSON \(.*?\); expected/, "is not JSON (<parser>); expected");

/** The elapsed time is the clock's; everything else of the line is pinned. */
const withoutMs = (text: string) => text.replace(/\(\d+ ms, /, "(<ms> ms, ");

describe("rejected options: exit 1, one line naming the option, the value and what is allowed, nothing on stdout", () => {
  // Each case: arguments, extra environment, the whole of stderr (a function of the temp folder for file paths).
  test.each<[string, (d: string) => string[], Record<string, string>, (d: string) => string]>([
    ["--state and --state-env together", () => ["plan", "--state", json(state()), "--state-env", "T_STATE"], { T_STATE: json(state()) }, () => "error: give either --state or --state-env, not both\n"],
    ["--previous and --previous-env together", () => ["apply", "--state", json(state()), "--previous", json(state()), "--previous-env", "T_PREV"], { T_PREV: json(state()) }, () => "error: give either --previous or --previous-env, not both\n"],
    ["--also and --also-env together", () => ["destroy", "--state", json(state()), "--also", json(state()), "--also-env", "T_ALSO"], { T_ALSO: json(state()) }, () => "error: give either --also or --also-env, not both\n"],
    ["--applied and --applied-env together", () => ["replace", "--applied", json(state()), "--applied-env", "T_OLD", "--declared", json(state())], { T_OLD: json(state()) }, () => "error: give either --applied or --applied-env, not both\n"],
    ["replace without the applied state", () => ["replace", "--declared", json(state())], {}, () => "error: missing --applied <json|file> (or --applied-env <VAR>)\n"],
    ["destroy without a state", () => ["destroy"], {}, () => "error: missing --state <json|file> (or --state-env <VAR>)\n"],
    ["--state-env not a variable name", () => ["plan", "--state-env", "1STATE"], {}, () => `error: --state-env "1STATE" ${ENV_NAME_ALLOWED}\n`],
    ["--previous-env not a variable name", () => ["plan", "--state", json(state()), "--previous-env", "prev-state"], {}, () => `error: --previous-env "prev-state" ${ENV_NAME_ALLOWED}\n`],
    ["--declared-env not a variable name", () => ["replace", "--applied", json(state()), "--declared-env", "NEW STATE"], {}, () => `error: --declared-env "NEW STATE" ${ENV_NAME_ALLOWED}\n`],
    ["--also-env not set", () => ["destroy", "--state", json(state()), "--also-env", "T_NOPE"], {}, () => "error: --also-env: environment variable T_NOPE is not set\n"],
    ["--state-env holding bad JSON names the variable", () => ["plan", "--state-env", "T_STATE"], { T_STATE: "{nope" }, () => `error: --state-env T_STATE is not JSON (<parser>); ${STATE_EXPECTED}\n`],
    ["inline JSON after spaces is still inline", () => ["plan", "--state", "  {nope"], {}, () => `error: --state is not JSON (<parser>); ${STATE_EXPECTED}\n`],
    ["a state file with bad JSON names the file", () => ["plan", "--state", file("bad.json", "nope")], {}, (d) => `error: --state ${d}/bad.json is not JSON (<parser>); ${STATE_EXPECTED}\n`],
    ["--previous with --config is still --previous", () => ["plan", "--config", file("c.json", json({ ...CONFIG_WITHOUT_ACCESS, neo4jAccess: state() })), "--previous", "{nope"], {}, () => `error: --previous is not JSON (<parser>); ${STATE_EXPECTED}\n`],
    ["--config and --state-env together", () => ["apply", "--config", file("c.json", json({ ...CONFIG_WITHOUT_ACCESS, neo4jAccess: state() })), "--state-env", "T_STATE"], { T_STATE: json(state()) }, () => "error: give either --config or --state/--state-env, not both\n"],
    ["--config without a neo4jAccess section", () => ["plan", "--config", file("c.json", json(CONFIG_WITHOUT_ACCESS))], {}, (d) => `error: --config: ${d}/c.json has no neo4jAccess section\n`],
    ["--config that does not exist", (d) => ["plan", "--config", path.join(d, "nope.yaml")], {}, (d) => `error: --config ${d}/nope.yaml does not exist; expected the app's config file (YAML or JSON)\n`],
    ["--config holding a string", () => ["plan", "--config", file("str.json", '"hello"')], {}, (d) => `error: --config ${d}/str.json: invalid config:\n  - (root): got "hello"; must be {project, stackPrefix?, tags?, backend?, regions?, neo4jAccess?}\n`],
    ["--config holding a string, with --allow-unverified-tls", () => ["plan", "--allow-unverified-tls", "--config", file("str.json", '"hello"')], {}, (d) => `error: --config ${d}/str.json: invalid config:\n  - (root): got "hello"; must be {project, stackPrefix?, tags?, backend?, regions?, neo4jAccess?}\n`],
    [
      "--config with an empty neo4jAccess, with --allow-unverified-tls",
      () => ["plan", "--allow-unverified-tls", "--config", file("c.json", json({ ...CONFIG_WITHOUT_ACCESS, neo4jAccess: null }))],
      {},
      (d) => `error: --config ${d}/c.json: invalid config:\n  - neo4jAccess: is empty (a key with nothing after the colon is null in YAML); must be {id?, connection, roles?, users?, localAliases?, remoteAliases?, runner?}, or remove the key\n`,
    ],
    [
      "--config with an invalid section names the file",
      () => ["plan", "--config", file("c.json", json({ project: "acme", regions: [] }))],
      {},
      (d) => `error: --config ${d}/c.json: invalid config:\n  - regions: got []; list at least one region (or give neo4jAccess)\n`,
    ],
    // --allow-unverified-tls adds to a connection that is there; a missing or malformed one is reported as it is.
    ["--allow-unverified-tls, no connection", () => ["plan", "--allow-unverified-tls", "--state", json(state({ connection: undefined }))], {}, () => `error: invalid Neo4j access config:\n  --state.connection: is missing; ${CONNECTION_SHAPE}\n`],
    ["--allow-unverified-tls, connection null", () => ["plan", "--allow-unverified-tls", "--state", json(state({ connection: null }))], {}, () => `error: invalid Neo4j access config:\n  --state.connection: is empty (a key with nothing after the colon is null in YAML); ${CONNECTION_SHAPE}, or remove the key\n`],
    ["--allow-unverified-tls, connection a string", () => ["plan", "--allow-unverified-tls", "--state", json(state({ connection: "neo4j+ssc://h" }))], {}, () => `error: invalid Neo4j access config:\n  --state.connection: got "neo4j+ssc://h"; ${CONNECTION_SHAPE}\n`],
    ["--allow-unverified-tls, connection a list", () => ["plan", "--allow-unverified-tls", "--state", json(state({ connection: [] }))], {}, () => `error: invalid Neo4j access config:\n  --state.connection: got []; ${CONNECTION_SHAPE}\n`],
    [
      "plan --previous on another DBMS",
      () => ["plan", "--state", json(state()), "--previous", json(state({ connection: { ...state().connection, uri: "bolt://127.0.0.2:7687" } }))],
      {},
      () => "error: --previous: its connection reaches another DBMS than --state's; plan each server on its own\n",
    ],
    ["plan --timeout 0s", () => ["plan", "--state", json(state()), "--timeout", "0s"], {}, () => 'error: --timeout: got "0s"; must be a duration like 60s or 2m\n'],
    ["apply --timeout soon", () => ["apply", "--state", json(state()), "--timeout", "soon"], {}, () => 'error: --timeout: got "soon"; must be a duration like 60s or 2m\n'],
    ["destroy --timeout PT0S", () => ["destroy", "--state", json(state()), "--timeout", "PT0S"], {}, () => 'error: --timeout: got "PT0S"; must be a duration like 60s or 2m\n'],
    // Checked even when there is nothing to change.
    ["replace --timeout 0ms with nothing to do", () => ["replace", "--applied", json(state()), "--declared", json(state()), "--timeout", "0ms"], {}, () => 'error: --timeout: got "0ms"; must be a duration like 60s or 2m\n'],
  ])("%s", async (_n, args, env, expected) => {
    const r = await cli(args(dir), env);
    expect({ ...r, err: withoutParserWords(r.err) }).toEqual({ out: "", err: expected(dir), code: 1 });
    // Refused before anything was written (the server may have been read).
    expect(server.statements.filter((s) => !s.query.startsWith("SHOW"))).toEqual([]);
  });
});

describe("plan, apply and destroy print what they run", () => {
  const PLANNED = [
    "  CREATE ROLE `edge_reader` IF NOT EXISTS",
    "  CREATE ALIAS `edge-movies` FOR DATABASE `neo4j` PROPERTIES $properties",
    '      $properties = {team: "graph"}',
    "  GRANT ACCESS ON DATABASE `neo4j` TO `edge_reader`",
    "  GRANT ROLE `edge_reader` TO `erin`",
    "",
  ].join("\n");

  test("plan, apply, plan again, destroy, destroy again", async () => {
    expect(await cli(["plan", "--state", json(state())])).toEqual({ out: `Would run 4 statement(s):\n${PLANNED}`, err: "", code: 0 });
    const applied = await cli(["apply", "--state", json(state())]);
    expect({ ...applied, out: withoutMs(applied.out) }).toEqual({
      out: `Ran 4 statement(s) in one transaction (<ms> ms, 1 attempt(s)):\n${PLANNED}`,
      err: "cypher: applying 4 statement(s) in one transaction\n",
      code: 0,
    });
    expect(await cli(["plan", "--state", json(state())])).toEqual({ out: "No changes: the server already matches the desired state.\n", err: "", code: 0 });
    const destroyed = await cli(["destroy", "--state", json(state())]);
    expect({ ...destroyed, out: withoutMs(destroyed.out) }).toEqual({
      out: "Ran 2 statement(s) in one transaction (<ms> ms, 1 attempt(s)):\n  DROP ALIAS `edge-movies` IF EXISTS FOR DATABASE\n  DROP ROLE `edge_reader` IF EXISTS\n",
      err: "cypher: applying 2 statement(s) in one transaction\n",
      code: 0,
    });
    expect(await cli(["destroy", "--state", json(state())])).toEqual({ out: "No changes: the server already matches the removal of the state.\n", err: "", code: 0 });
  });

  test("plan --detailed-exitcode: 2 with the drift as Cypher, then 0 once applied", async () => {
    expect(await cli(["plan", "--detailed-exitcode", "--state", json(state())])).toEqual({
      out: [
        "Drift: 4 statement(s) would bring the server back to the desired state:",
        "CREATE ROLE `edge_reader` IF NOT EXISTS;",
        "CREATE ALIAS `edge-movies` FOR DATABASE `neo4j` PROPERTIES $properties;",
        '// $properties = {team: "graph"}',
        "GRANT ACCESS ON DATABASE `neo4j` TO `edge_reader`;",
        "GRANT ROLE `edge_reader` TO `erin`;",
        "",
      ].join("\n"),
      err: "",
      code: 2,
    });
    await cli(["apply", "--state", json(state())]);
    expect(await cli(["plan", "--detailed-exitcode", "--state", json(state())])).toEqual({ out: "No drift: the server matches the desired state.\n", err: "", code: 0 });
  });

  test("destroy --also --json: mode destroy, applied when any step applied, the statements of all steps", async () => {
    await cli(["apply", "--state", json(state())]);
    // The second state is all inside the first: its own step finds nothing left to remove.
    const r = await cli(["destroy", "--json", "--state", json(state()), "--also", json(state({ localAliases: [] }))]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("cypher: applying 2 statement(s) in one transaction\n");
    const j = JSON.parse(r.out) as Record<string, unknown>;
    expect(typeof j.elapsedMs).toBe("number");
    expect({ ...j, elapsedMs: 0 }).toEqual({
      mode: "destroy",
      applied: true,
      attempts: 1,
      elapsedMs: 0,
      statements: [
        { query: "DROP ALIAS `edge-movies` IF EXISTS FOR DATABASE", params: {} },
        { query: "DROP ROLE `edge_reader` IF EXISTS", params: {} },
      ],
      remaining: 0,
    });
  });

  test("destroy --json with nothing to remove: mode destroy, not applied", async () => {
    const r = await cli(["destroy", "--json", "--state", json(state())]);
    const j = JSON.parse(r.out) as Record<string, unknown>;
    expect({ code: r.code, err: r.err, ...j, elapsedMs: 0 }).toEqual({ code: 0, err: "", mode: "destroy", applied: false, attempts: 1, elapsedMs: 0, statements: [], remaining: 0 });
  });
});

describe("replace and the hand-off to the create step", () => {
  const v2 = () => state({ roles: [{ name: "edge_reader", privileges: [] }, { name: "edge_writer", privileges: [] }], users: [{ name: "erin", roles: ["edge_writer"] }] });

  test("same DBMS: one apply (--json mode apply); only `apply --after-replace` takes the note, once", async () => {
    await cli(["apply", "--state", json(state())]);
    const r = await cli(["replace", "--json", "--applied", json(state()), "--declared", json(v2())]);
    expect(r.err).toBe(
      "cypher: changing the applied state into the declared one in one transaction (kept items stay in place; dropped items go in the same commit as the new ones)\ncypher: applying 4 statement(s) in one transaction\n",
    );
    expect({ ...(JSON.parse(r.out) as object), elapsedMs: 0 }).toEqual({
      mode: "apply",
      applied: true,
      attempts: 1,
      elapsedMs: 0,
      statements: [
        { query: "REVOKE ROLE `edge_reader` FROM `erin`", params: {} },
        { query: "REVOKE GRANT ACCESS ON DATABASE `neo4j` FROM `edge_reader`", params: {} },
        { query: "CREATE ROLE `edge_writer` IF NOT EXISTS", params: {} },
        { query: "GRANT ROLE `edge_writer` TO `erin`", params: {} },
      ],
      remaining: 0,
    });
    // A plan and a plain apply read the server (and leave the note in place).
    const reads = server.statements.length;
    expect(await cli(["plan", "--state", json(v2())])).toEqual({ out: "No changes: the server already matches the desired state.\n", err: "", code: 0 });
    expect(await cli(["apply", "--state", json(v2())])).toEqual({ out: "No changes: the server already matches the desired state.\n", err: "", code: 0 });
    expect(server.statements.length).toBeGreaterThan(reads);
    const before = server.statements.length;
    expect(await cli(["apply", "--after-replace", "--state", json(v2())])).toEqual({ out: "No changes: this apply's `cypher replace` step has just applied this state.\n", err: "", code: 0 });
    expect(server.statements.length).toBe(before);
  });

  test("another DBMS: the applied state is removed there (--json mode destroy), and no note is left for the create step", async () => {
    const otherFake = new FakeSystemDb({ users: [{ name: "neo4j", roles: ["admin"], home: null }, { name: "erin", roles: [], home: null }] });
    const other = await BoltTestServer.start({ handler: otherFake.handler, hooks: otherFake.hooks, users: { neo4j: PW }, txIdOffset: 1000 });
    try {
      const old = state({ connection: { ...state().connection, uri: { env: "T_OLD_URI" } } });
      const env = { T_OLD_URI: other.url() };
      await cli(["apply", "--state", json(old)], env);
      expect(otherFake.state.roles).toContain("edge_reader");
      const r = await cli(["replace", "--json", "--applied", json(old), "--declared", json(v2())], env);
      expect(r.err).toBe(
        "cypher: the connection now points at another DBMS: removing what this object applied from the old one; the create step applies the new state on the new one\ncypher: applying 2 statement(s) in one transaction\n",
      );
      expect(JSON.parse(r.out)).toMatchObject({ mode: "destroy", applied: true, statements: [{ query: "DROP ALIAS `edge-movies` IF EXISTS FOR DATABASE" }, { query: "DROP ROLE `edge_reader` IF EXISTS" }] });
      expect(otherFake.state.roles).not.toContain("edge_reader");
      // The create step then applies the declared state here: the server is read and written.
      const created = await cli(["apply", "--after-replace", "--state", json(v2())], env);
      expect(withoutMs(created.out)).toBe(
        [
          "Ran 4 statement(s) in one transaction (<ms> ms, 1 attempt(s)):",
          "  CREATE ROLE `edge_reader` IF NOT EXISTS",
          "  CREATE ROLE `edge_writer` IF NOT EXISTS",
          "  CREATE ALIAS `edge-movies` FOR DATABASE `neo4j` PROPERTIES $properties",
          '      $properties = {team: "graph"}',
          "  GRANT ROLE `edge_writer` TO `erin`",
          "",
        ].join("\n"),
      );
    } finally {
      await other.close();
    }
  });
});

describe("cypher import", () => {
  const seed = (agent: string) =>
    new FakeSystemDb(
      {
        roles: ["PUBLIC", "admin", "edge_a", "edge_b", "other"],
        privileges: ["GRANT ACCESS ON DATABASE `films` TO `edge_a`", "GRANT MATCH {*} ON GRAPH `films` NODE Movie TO `edge_a`", "GRANT ACCESS ON DATABASE `films` TO `edge_b`", "GRANT ROLE MANAGEMENT ON DBMS TO `other`"],
        users: [
          { name: "neo4j", roles: ["admin", "PUBLIC"], home: null },
          { name: "erin", roles: ["PUBLIC", "edge_a"], home: "films" },
          { name: "frank", roles: ["PUBLIC", "edge_b", "other"], home: null },
        ],
        aliases: [
          { name: "movies", database: "films", location: "local", url: null, user: null, password: null, oidc: false, driver: null, properties: {}, defaultLanguage: null },
          { name: "films-remote", database: "films", location: "remote", url: "neo4j+s://b.example.com:7687", user: "remote_user", password: "never-shown", oidc: false, driver: null, properties: {}, defaultLanguage: null },
        ],
      },
      { agent },
    );
  const base = (uri: string) => ["import", "--uri", uri, "--user", "neo4j", "--password-env", "T_PW", "--allow-insecure-url"];

  test("writes the YAML to --out (mode 0644 whatever the umask), a header naming the server, and a count on stderr", async () => {
    const seeded = seed("Neo4j/5.26.0");
    const s = await BoltTestServer.start({ handler: seeded.handler, hooks: seeded.hooks, users: { neo4j: PW }, serverAgent: "Neo4j/5.26.0" });
    const out = path.join(dir, "imported.yaml");
    const umask = process.umask(0);
    let r: Awaited<ReturnType<typeof cli>>;
    try {
      r = await cli([...base(s.url()), "--roles", "^edge_", "--aliases", "--home-databases", "--id", "edges", "--out", out]);
    } finally {
      process.umask(umask);
      await s.close();
    }
    expect(r).toEqual({ out: "", err: `cypher import: 2 role(s), 3 privilege(s), 2 user(s), 2 alias(es) written to ${out}\n`, code: 0 });
    expect(fs.statSync(out).mode & 0o777).toBe(0o644);
    expect(fs.readFileSync(out, "utf8")).toBe(
      [
        `# Imported by aura-secure cypher import from ${s.url()} (Neo4j/5.26.0)`,
        "neo4jAccess:",
        "  id: edges",
        "  connection:",
        `    uri: ${s.url()}`,
        "    user: neo4j",
        "    password:",
        "      env: T_PW",
        "    allowInsecureUrl: true",
        "  roles:",
        "    - name: edge_a",
        "      privileges:",
        "        - action: GRANT",
        "          privilege: ACCESS",
        "          database: films",
        "        - action: GRANT",
        "          privilege: MATCH",
        "          graph: films",
        '          properties: "*"',
        "          nodes:",
        "            - Movie",
        "    - name: edge_b",
        "      privileges:",
        "        - action: GRANT",
        "          privilege: ACCESS",
        "          database: films",
        "  users:",
        "    - name: erin",
        "      roles:",
        "        - edge_a",
        "      homeDatabase: films",
        "    - name: frank",
        "      roles:",
        "        - edge_b",
        "  localAliases:",
        "    - name: movies",
        "      target: films",
        "  remoteAliases:",
        "    - name: films-remote",
        "      target: films",
        "      url: neo4j+s://b.example.com:7687",
        "      credentials:",
        "        type: stored",
        "        user: remote_user",
        "        password:",
        "          env: ALIAS_FILMS_REMOTE_PASSWORD",
        "",
      ].join("\n"),
    );
  });

  test("to stdout; a server that reports no version is named as such", async () => {
    const s = await BoltTestServer.start({ users: { neo4j: PW }, serverAgent: "", handler: new FakeSystemDb({}).handler });
    try {
      const r = await cli(base(s.url()));
      expect(r.err).toBe("cypher import: 0 role(s), 0 privilege(s), 0 user(s), 0 alias(es)\n");
      expect(r.out.split("\n")[0]).toBe(`# Imported by aura-secure cypher import from ${s.url()} (unknown version)`);
    } finally {
      await s.close();
    }
  });

  test.each<[string, (uri: string, d: string) => string[], Record<string, string>, (uri: string, d: string) => string]>([
    ["--out in a folder that does not exist", (u, d) => [...base(u), "--out", path.join(d, "no", "x.yaml")], {}, (_u, d) => `error: --out ${d}/no/x.yaml: folder ${d}/no does not exist; create it first\n`],
    ["--out empty", (u) => [...base(u), "--out", ""], {}, () => "error: --out: got an empty path; expected the file to write\n"],
    ["--out a folder", (u, d) => [...base(u), "--out", d], {}, (_u, d) => `error: --out ${d} is a folder; expected the path of the file to write\n`],
    ["an unencrypted --uri without --allow-insecure-url", (u) => base(u).slice(0, -1), {}, (u) => `error: --uri: got "${u}"; uses the unencrypted scheme bolt://; allowed: neo4j+s, bolt+s (or pass --allow-insecure-url)\n`],
    ["--timeout 0s", (u) => [...base(u), "--timeout", "0s"], {}, () => 'error: --timeout: got "0s"; must be a duration like 30s\n'],
    ["--timeout soon", (u) => [...base(u), "--timeout", "soon"], {}, () => 'error: --timeout: got "soon"; must be a duration like 30s\n'],
    ["--id that no state may have", (u) => [...base(u), "--id", "Bad Id"], {}, () => 'error: invalid Neo4j access config:\n  imported neo4jAccess.id: got "Bad Id"; must be 1-40 lowercase letters, digits or dashes, starting with a letter\n'],
  ])("%s", async (_n, args, env, expected) => {
    const r = await cli(args(server.url(), dir), env);
    expect(r).toEqual({ out: "", err: expected(server.url(), dir), code: 1 });
  });

  test("a wrong password is told in the flags' terms (--user and --password-env), with the --uri named", async () => {
    // Bolt 5.0 has no GQL status: the server's code alone says what failed.
    const old = await BoltTestServer.start({ users: { neo4j: PW }, maxBoltVersion: "5.0" });
    try {
      const r = await cli(base(old.url()), { T_PW: "wrong" });
      expect(r).toEqual({
        out: "",
        err: `error: cannot log in to --uri ${old.url()} as neo4j: authentication failed: wrong user name or password for the connection (check --user and --password-env) [GQLSTATUS 50N42, Neo.ClientError.Security.Unauthorized] (server said: The client is unauthorized due to authentication failure.)\n`,
        code: 1,
      });
    } finally {
      await old.close();
    }
  });
});

describe("help: every subcommand says what it does and what each option takes", () => {
  const COMMON: [string, string, string | undefined][] = [
    ["--config <file>", "the app's YAML/JSON config; its neo4jAccess section is the desired state", undefined],
    ["--state <json|file>", "desired state as inline JSON or a file path", undefined],
    ["--state-env <VAR>", "environment variable holding the desired state JSON", undefined],
    ["--timeout <duration>", "overall deadline including retries, e.g. 60s or 2m", "60s"],
    ["--allow-unverified-tls", "accept neo4j+ssc:// and bolt+ssc:// for the connection: TLS that never checks the server's certificate (like allowUnverifiedTls: true)", undefined],
    ["--json", "print the result as JSON", undefined],
  ];
  test.each<[string, string, [string, string, string | undefined][]]>([
    [
      "plan",
      "Dry run: print the statements that apply would run (secrets shown as references only)",
      [
        ...COMMON,
        ["--previous <json|file>", "the state applied last time; what it declared and --state drops is removed", undefined],
        ["--previous-env <VAR>", "environment variable holding the previous state JSON", undefined],
        ["--refresh-credentials", "re-send stored alias passwords", undefined],
        ["--detailed-exitcode", "exit 0 when the server matches, 2 when it drifted (the drift is printed as Cypher), 1 on error", undefined],
      ],
    ],
    [
      "apply",
      "Apply the desired state in one transaction",
      [
        ...COMMON,
        ["--previous <json|file>", "the state applied last time; what it declared and --state drops is removed", undefined],
        ["--previous-env <VAR>", "environment variable holding the previous state JSON", undefined],
        ["--refresh-credentials", "re-send stored alias passwords (the server never shows them, so a rotation is not detected)", undefined],
        ["--after-replace", "the local-exec runner's create step: succeed at once when this apply's `cypher replace` step has just applied this state", undefined],
      ],
    ],
    [
      "import",
      "Read a live DBMS (roles, privileges, users, aliases) and write the equivalent neo4jAccess YAML",
      [
        ["--uri <uri>", "the DBMS to read, e.g. neo4j+s://host:7687", undefined],
        ["--user <name>", "a user allowed to run SHOW ROLES / PRIVILEGES / USERS / ALIASES", undefined],
        ["--password-env <VAR>", "environment variable holding that user's password (never on the command line)", undefined],
        ["--allow-insecure-url", "accept neo4j:// and bolt:// (unencrypted)", undefined],
        ["--allow-unverified-tls", "accept neo4j+ssc:// and bolt+ssc:// (TLS that never checks the server's certificate)", undefined],
        ["--roles <regex>", "only roles whose name matches this regular expression (built-in roles are never imported)", undefined],
        ["--aliases", "also import local and remote aliases (stored passwords become {env} references)", undefined],
        ["--home-databases", "also import the home databases of the users taken in", undefined],
        ["--id <id>", "the id of the imported state", "imported"],
        ["--out <file>", "write the YAML to this file instead of stdout", undefined],
        ["--timeout <duration>", "connection deadline", "30s"],
      ],
    ],
    [
      "destroy",
      "Remove everything the given (applied) state declared, and nothing else",
      [
        ...COMMON,
        ["--also <json|file>", "a second state to remove as well (the local-exec runner passes the configuration's current one)", undefined],
        ["--also-env <VAR>", "environment variable holding that second state", undefined],
      ],
    ],
    [
      "replace",
      "The local-exec runner's destroy-time step: change the applied state into the declared one in one transaction (nothing kept is ever absent)",
      [
        ["--applied <json|file>", "the state the replaced object applied", undefined],
        ["--applied-env <VAR>", "environment variable holding it (the runner passes self.input.state)", undefined],
        ["--declared <json|file>", "the state the configuration declares now", undefined],
        ["--declared-env <VAR>", "environment variable holding it (written into the provisioner from the configuration)", undefined],
        ["--timeout <duration>", "overall deadline including retries, e.g. 60s or 2m", "60s"],
        ["--json", "print the result as JSON", undefined],
      ],
    ],
  ])("%s", (name, description, options) => {
    const cmd = cypherCommand().commands.find((c) => c.name() === name)!;
    expect(cmd.description()).toBe(description);
    expect(cmd.options.map((o) => [o.flags, o.description, o.defaultValue])).toEqual(options);
  });

  test("the cypher command itself", () => {
    const cmd = cypherCommand();
    expect(cmd.description()).toBe("Plan, apply or remove Neo4j roles, privileges, role grants, home databases and database aliases");
    expect(cmd.commands.map((c) => c.name())).toEqual(["plan", "apply", "import", "destroy", "replace"]);
    // import's connection options are required: commander refuses the command without them.
    expect(cmd.commands[2].options.filter((o) => o.mandatory).map((o) => o.flags)).toEqual(["--uri <uri>", "--user <name>", "--password-env <VAR>"]);
  });
});

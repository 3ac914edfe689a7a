/**
 * `cypher import` edge cases: what the importer takes from the four SHOW queries, read through the real driver
 * from the Bolt test server and the fake system database, and how each row maps to the access model (roles
 * and every privilege kind, users, local and remote aliases) or is left on the server as foreign, unmanaged.
 * The observed rows are literal text as a Neo4j server prints them; every expected value is written out.
 */
import neo4j from "neo4j-driver";
import { defaultPasswordEnv, importState, type ImportOptions } from "../../../runtime/cypher/importer";
import { observe } from "../../../runtime/cypher/reconciler";
import { BoltTestServer } from "../../support/bolt-server";
import { FakeSystemDb, type FakeAlias, type FakeState } from "../../support/fake-system-db";
import { TEST_SECRETS } from "../../support/test-secrets";

const ADMIN_PW = TEST_SECRETS.importAdminPassword;

/** Starts a server holding `state` (as `agent` prints it), reads it as `cypher import` does, closes it. */
async function importFrom(state: Partial<FakeState>, opts: ImportOptions, fakeOpts: { agent?: string; hiddenTargets?: string[] } = {}) {
  const agent = fakeOpts.agent ?? "Neo4j/5.26.0";
  const fake = new FakeSystemDb(state, { agent, hiddenTargets: fakeOpts.hiddenTargets });
  const server = await BoltTestServer.start({ handler: fake.handler, hooks: fake.hooks, users: { neo4j: ADMIN_PW }, serverAgent: agent });
  try {
    const observed = await observe({ uri: server.url(), user: "neo4j", password: ADMIN_PW }, 10_000);
    return importState(observed, opts);
  } finally {
    await server.close();
  }
}

const local = (over: Partial<FakeAlias> & { name: string; database: string }): FakeAlias => ({
  location: "local",
  url: null,
  user: null,
  password: null,
  oidc: false,
  driver: null,
  properties: {},
  defaultLanguage: null,
  ...over,
});
const remote = (over: Partial<FakeAlias> & { name: string; database: string; url: string }): FakeAlias => ({
  location: "remote",
  user: "remote_user",
  password: TEST_SECRETS.remoteAliasPassword,
  oidc: false,
  driver: null,
  properties: {},
  defaultLanguage: null,
  ...over,
});

/** A deployment with built-in roles, a foreign team and a role name no config can declare. */
const ROLES_STATE: Partial<FakeState> = {
  roles: ["PUBLIC", "admin", "architect", "publisher", "editor", "reader", "app_reader", "ops-team", "other_team"],
  privileges: [
    "GRANT ACCESS ON HOME DATABASE TO `PUBLIC`",
    "GRANT EXECUTE FUNCTION * ON DBMS TO `PUBLIC`",
    "GRANT MATCH {*} ON GRAPH * NODE * TO `reader`",
    "GRANT ACCESS ON DATABASE * TO `admin`",
    "GRANT ACCESS ON DATABASE `films` TO `app_reader`",
    // Parsed into a privilege the model cannot declare (the system database is reserved): unmanaged.
    "GRANT ACCESS ON DATABASE `system` TO `app_reader`",
    "DENY READ {ssn} ON GRAPH `films` NODE Person TO `app_reader`",
    'DENY LOAD ON CIDR "10.0.0.0/8" TO `app_reader`',
    // The foreign team's rows: a form the tool does not model and an IMMUTABLE one. Never reported.
    "GRANT READ {*} ON DEFAULT GRAPH NODE * TO `other_team`",
    "GRANT ACCESS ON DATABASE `locked` TO `other_team`",
    "GRANT ROLE MANAGEMENT ON DBMS TO `other_team`",
    "GRANT SHOW TRANSACTION (*) ON DATABASE `films` TO `ops-team`",
  ],
  immutablePrivileges: ["GRANT ACCESS ON DATABASE `locked` TO `other_team`"],
  users: [{ name: "neo4j", roles: ["admin", "PUBLIC"], home: null }],
  aliases: [],
};

const APP_READER_PRIVILEGES = [
  { action: "GRANT", privilege: "ACCESS", database: "films" },
  { action: "DENY", privilege: "READ", graph: "films", properties: ["ssn"], nodes: ["Person"] },
  { action: "DENY", privilege: "LOAD", cidr: "10.0.0.0/8" },
];
const SYSTEM_ROW_SKIPPED = "GRANT ACCESS ON DATABASE `system` TO `app_reader`: a privilege form this tool does not manage (left on the server, unmanaged)";

describe("cypher import: which roles and privilege rows are taken in", () => {
  test.each<[string, RegExp | undefined, unknown[], string[]]>([
    [
      "no filter: every role not built in; a name no config can declare is reported",
      undefined,
      [
        { name: "app_reader", privileges: APP_READER_PRIVILEGES },
        { name: "other_team", privileges: [{ action: "GRANT", privilege: "ROLE MANAGEMENT" }] },
      ],
      [
        'role "ops-team": not a role name this tool declares (a letter, then letters, digits or underscores); left on the server, unmanaged',
        SYSTEM_ROW_SKIPPED,
        "GRANT READ {*} ON DEFAULT GRAPH NODE * TO `other_team`: a privilege form this tool does not manage (left on the server, unmanaged)",
        "GRANT ACCESS ON DATABASE `locked` TO `other_team`: IMMUTABLE, changed only with auth disabled (left on the server, unmanaged)",
      ],
    ],
    [
      "a filter naming built-in roles takes PUBLIC (its rows can be managed) and never admin or reader; other roles' rows are not read",
      /^(PUBLIC|admin|reader|app_reader)$/,
      [
        {
          name: "PUBLIC",
          privileges: [
            { action: "GRANT", privilege: "ACCESS", database: { home: true } },
            { action: "GRANT", privilege: "EXECUTE FUNCTION", functions: "*" },
          ],
        },
        { name: "app_reader", privileges: APP_READER_PRIVILEGES },
      ],
      [SYSTEM_ROW_SKIPPED],
    ],
    ["a filter for one team: the other teams' rows are neither read nor reported", /^app_/, [{ name: "app_reader", privileges: APP_READER_PRIVILEGES }], [SYSTEM_ROW_SKIPPED]],
  ])("%s", async (_name, roleFilter, roles, skipped) => {
    const r = await importFrom(ROLES_STATE, { roleFilter });
    expect(r.state.roles).toEqual(roles);
    expect(r.skipped).toEqual(skipped);
  });
});

describe("cypher import: users", () => {
  const state: Partial<FakeState> = {
    roles: ["PUBLIC", "admin", "reader", "app_reader", "other_team"],
    privileges: [],
    users: [
      { name: "neo4j", roles: ["admin", "PUBLIC"], home: null },
      { name: "carol", roles: ["PUBLIC", "app_reader", "other_team"], home: "films" },
      // Holds a selected role but has a name no config can declare: reported, not imported.
      { name: "carol smith", roles: ["PUBLIC", "app_reader"], home: null },
      // Holds no selected role: not ours, not reported, whatever its name.
      { name: "bad name", roles: ["PUBLIC", "other_team"], home: null },
      { name: "dave", roles: ["PUBLIC", "reader"], home: "films" },
      { name: "erin@example.com", roles: ["app_reader"], home: null },
    ],
    aliases: [],
  };
  const USER_SKIPPED = 'user "carol smith": not a user name this tool declares; its role grants are left on the server, unmanaged';

  test.each<[string, ImportOptions, unknown[]]>([
    [
      "only the selected role grants; home databases when asked",
      { roleFilter: /^app_/, homeDatabases: true },
      [
        { name: "carol", roles: ["app_reader"], homeDatabase: "films" },
        { name: "erin@example.com", roles: ["app_reader"] },
      ],
    ],
    [
      "no home databases unless asked",
      { roleFilter: /^app_/ },
      [
        { name: "carol", roles: ["app_reader"] },
        { name: "erin@example.com", roles: ["app_reader"] },
      ],
    ],
  ])("%s", async (_name, opts, users) => {
    const r = await importFrom(state, opts);
    expect(r.state.users).toEqual(users);
    expect(r.skipped).toEqual([USER_SKIPPED]);
  });
});

describe("cypher import: aliases as SHOW ALIASES FOR DATABASE YIELD * shows them", () => {
  test("Neo4j 5.26 (no defaultLanguage or credentials column): local, constituent and remote aliases; foreign ones reported", async () => {
    const r = await importFrom(
      {
        roles: ["PUBLIC"],
        privileges: [],
        users: [],
        aliases: [
          // Only string, number and boolean property values can be declared; others are left out.
          local({ name: "movies", database: "films", properties: { team: "graph", tier: 2, public: true, tags: ["a", "b"], owner: { name: "x" } } }),
          local({ name: "bare", database: "films" }),
          local({ name: "garden.flowers", composite: "garden", database: "flowers-db" }),
          local({ name: "hidden-alias", database: "secret-db" }),
          local({ name: "odd-props", database: "films", properties: { "cost-centre": "42" } }),
          remote({ name: "plain-remote", database: "films", url: "neo4j://h1.example.com:7687", driver: { ssl_enforced: false } }),
          remote({
            name: "secure-remote",
            database: "films",
            url: "neo4j+s://h2.example.com:7687",
            driver: { ssl_enforced: true, connection_timeout: new neo4j.Duration(0, 0, 5, 0), connection_pool_max_size: 10, logging_level: null },
            properties: { region: "eu" },
          }),
          remote({ name: "tls-off", database: "films", url: "bolt+s://h3.example.com:7687", driver: { ssl_enforced: false } }),
          remote({ name: "self-signed", database: "films", url: "neo4j+ssc://h4.example.com:7687", user: "ssc_user" }),
          remote({ name: "eu--films.remote", database: "films", url: "bolt+s://h5.example.com" }),
        ],
      },
      { aliases: true },
      { hiddenTargets: ["hidden-alias"] },
    );
    expect(r.state.localAliases).toEqual([
      { name: "movies", target: "films", properties: { team: "graph", tier: 2, public: true } },
      { name: "bare", target: "films" },
      { name: "flowers", composite: "garden", target: "flowers-db" },
    ]);
    expect(r.state.remoteAliases).toEqual([
      {
        name: "plain-remote",
        target: "films",
        url: "neo4j://h1.example.com:7687",
        allowInsecureUrl: true,
        credentials: { type: "stored", user: "remote_user", password: { env: "ALIAS_PLAIN_REMOTE_PASSWORD" } },
        driver: { ssl_enforced: false },
      },
      {
        name: "secure-remote",
        target: "films",
        url: "neo4j+s://h2.example.com:7687",
        credentials: { type: "stored", user: "remote_user", password: { env: "ALIAS_SECURE_REMOTE_PASSWORD" } },
        driver: { ssl_enforced: true, connection_timeout: "5000ms", connection_pool_max_size: 10 },
        properties: { region: "eu" },
      },
      {
        name: "tls-off",
        target: "films",
        url: "bolt+s://h3.example.com:7687",
        allowInsecureUrl: true,
        credentials: { type: "stored", user: "remote_user", password: { env: "ALIAS_TLS_OFF_PASSWORD" } },
        driver: { ssl_enforced: false },
      },
      {
        name: "self-signed",
        target: "films",
        url: "neo4j+ssc://h4.example.com:7687",
        allowUnverifiedTls: true,
        credentials: { type: "stored", user: "ssc_user", password: { env: "ALIAS_SELF_SIGNED_PASSWORD" } },
      },
      {
        name: "eu--films.remote",
        target: "films",
        url: "bolt+s://h5.example.com",
        credentials: { type: "stored", user: "remote_user", password: { env: "ALIAS_EU_FILMS_REMOTE_PASSWORD" } },
      },
    ]);
    expect(r.skipped).toEqual([
      "alias hidden-alias: its target is hidden from the connecting user (no ACCESS on it); grant ACCESS or import with a user who has it",
      'alias "odd-props": not an alias this tool can declare as the server shows it; left on the server, unmanaged',
    ]);
    // The stored password is never shown by the server, so never in the result.
    expect(JSON.stringify(r)).not.toContain(TEST_SECRETS.remoteAliasPassword);
  });

  test("Neo4j 2026.01 (defaultLanguage and credentials columns): OIDC forwarding and each default language", async () => {
    const r = await importFrom(
      {
        roles: ["PUBLIC"],
        privileges: [],
        users: [],
        aliases: [
          local({ name: "movies", database: "films" }),
          remote({ name: "oidc-remote", database: "films", url: "neo4j+s://o.example.com:7687", user: null, password: null, oidc: true, defaultLanguage: "CYPHER 25" }),
          remote({ name: "five-remote", database: "films", url: "neo4j+s://f.example.com:7687", defaultLanguage: "CYPHER 5" }),
          remote({ name: "unset-remote", database: "films", url: "neo4j+s://u.example.com:7687", defaultLanguage: null }),
        ],
      },
      { aliases: true, passwordEnvFor: (a) => `PW_${a.length}` },
      { agent: "Neo4j/2026.01.0" },
    );
    expect(r.state.localAliases).toEqual([{ name: "movies", target: "films" }]);
    expect(r.state.remoteAliases).toEqual([
      { name: "oidc-remote", target: "films", url: "neo4j+s://o.example.com:7687", credentials: { type: "oidc" }, defaultLanguage: 25 },
      { name: "five-remote", target: "films", url: "neo4j+s://f.example.com:7687", credentials: { type: "stored", user: "remote_user", password: { env: "PW_11" } }, defaultLanguage: 5 },
      { name: "unset-remote", target: "films", url: "neo4j+s://u.example.com:7687", credentials: { type: "stored", user: "remote_user", password: { env: "PW_12" } } },
    ]);
    expect(r.skipped).toEqual([]);
  });

  test("aliases are left out unless asked for", async () => {
    const r = await importFrom({ roles: ["PUBLIC"], privileges: [], users: [], aliases: [local({ name: "movies", database: "films" })] }, {}, { hiddenTargets: ["movies"] });
    expect(r.state).toEqual({ roles: [], users: [], localAliases: [], remoteAliases: [] });
    expect(r.skipped).toEqual([]);
  });
});

describe("defaultPasswordEnv: the variable a remote alias's stored password is read from", () => {
  test.each<[string, string]>([
    ["films-remote", "ALIAS_FILMS_REMOTE_PASSWORD"],
    ["eu--films.remote", "ALIAS_EU_FILMS_REMOTE_PASSWORD"],
    ["a b  c", "ALIAS_A_B_C_PASSWORD"],
    ["Mixed9case", "ALIAS_MIXED9CASE_PASSWORD"],
  ])("%s -> %s", (alias, env) => expect(defaultPasswordEnv(alias)).toBe(env));
});

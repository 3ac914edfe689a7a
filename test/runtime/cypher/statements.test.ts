/**
 * The alias and role statements as the server receives them: exact text, exact parameters (values never in
 * the text), the `CYPHER 25` prefix where the server needs it, and ALTER with only the parts that changed.
 * Expected values are written out; the aliases are parsed from raw input as the CLI would.
 */
import { parseNeo4jAccess, type LocalAliasConfig, type RemoteAliasConfig } from "../../../domain/neo4j/access-model";
import * as S from "../../../runtime/cypher/statements";

const conn = { uri: "neo4j+s://a.example.com", user: "alice", password: { env: "PW" } };
const remote = (over: Record<string, unknown> = {}): RemoteAliasConfig =>
  parseNeo4jAccess({
    connection: conn,
    remoteAliases: [{ name: "films-remote", target: "films", url: "neo4j+s://b.example.com:7687", credentials: { type: "stored", user: "remote_user", password: { env: "REMOTE_PW" } }, ...over }],
  }).remoteAliases[0];
const local = (over: Record<string, unknown> = {}): LocalAliasConfig => parseNeo4jAccess({ connection: conn, localAliases: [{ name: "movies", target: "films", ...over }] }).localAliases[0];

const OIDC = { credentials: { type: "oidc" } };
const SECRET = { $secret: { env: "REMOTE_PW" } };

describe("roles, grants and home databases", () => {
  test.each<[string, ReturnType<typeof S.createRole>, string]>([
    ["create role", S.createRole("app`ops"), "CREATE ROLE `app``ops` IF NOT EXISTS"],
    ["drop role", S.dropRole("Café"), "DROP ROLE `Café` IF EXISTS"],
    ["grant role", S.grantRole("reader", "carol"), "GRANT ROLE `reader` TO `carol`"],
    ["revoke role", S.revokeRole("reader", "carol"), "REVOKE ROLE `reader` FROM `carol`"],
    ["set home", S.setHome("carol", "films"), "ALTER USER `carol` SET HOME DATABASE `films`"],
    ["remove home", S.removeHome("carol"), "ALTER USER `carol` REMOVE HOME DATABASE"],
  ])("%s", (_n, st, query) => expect(st).toStrictEqual({ query, params: {} }));
});

describe("local aliases", () => {
  test.each<[string, ReturnType<typeof S.createLocalAlias>, ReturnType<typeof S.createLocalAlias>]>([
    ["plain", S.createLocalAlias(local()), { query: "CREATE ALIAS `movies` FOR DATABASE `films`", params: {} }],
    ["with properties", S.createLocalAlias(local({ properties: { team: "graph", tier: 2 } })), { query: "CREATE ALIAS `movies` FOR DATABASE `films` PROPERTIES $properties", params: { properties: { team: "graph", tier: 2 } } }],
    // No capabilities known: a server with Cypher 25 is assumed (the whole name, with the prefix).
    [
      "in a composite, capabilities unknown",
      S.createLocalAlias(local({ composite: "garden" })),
      { query: "CYPHER 25 CREATE ALIAS `garden.movies` FOR DATABASE `films`", params: {}, notOnAura: "aliases in composite databases" },
    ],
    [
      "in a composite, Cypher 5 only: quoted part by part",
      S.createLocalAlias(local({ composite: "garden" }), { cypher25: false }),
      { query: "CREATE ALIAS `garden`.`movies` FOR DATABASE `films`", params: {}, notOnAura: "aliases in composite databases" },
    ],
  ])("create %s", (_n, st, expected) => expect(st).toStrictEqual(expected));

  test.each<[string, ReturnType<typeof S.dropAlias>, ReturnType<typeof S.dropAlias>]>([
    ["regular", S.dropAlias({ name: "movies" }), { query: "DROP ALIAS `movies` IF EXISTS FOR DATABASE", params: {} }],
    ["in a composite, capabilities unknown", S.dropAlias({ name: "movies", composite: "garden" }), { query: "CYPHER 25 DROP ALIAS `garden.movies` IF EXISTS FOR DATABASE", params: {}, notOnAura: "aliases in composite databases" }],
    ["in a composite, Cypher 25", S.dropAlias({ name: "movies", composite: "garden" }, { cypher25: true }), { query: "CYPHER 25 DROP ALIAS `garden.movies` IF EXISTS FOR DATABASE", params: {}, notOnAura: "aliases in composite databases" }],
    ["in a composite, Cypher 5 only", S.dropAlias({ name: "movies", composite: "garden" }, { cypher25: false }), { query: "DROP ALIAS `garden`.`movies` IF EXISTS FOR DATABASE", params: {}, notOnAura: "aliases in composite databases" }],
  ])("drop %s", (_n, st, expected) => expect(st).toStrictEqual(expected));
});

describe("remote aliases", () => {
  test.each<[string, ReturnType<typeof S.createRemoteAlias>, ReturnType<typeof S.createRemoteAlias>]>([
    [
      "stored credentials",
      S.createRemoteAlias(remote()),
      {
        query: "CREATE ALIAS `films-remote` FOR DATABASE `films` AT $url USER $user PASSWORD $password",
        params: { url: "neo4j+s://b.example.com:7687", user: "remote_user", password: SECRET },
        notOnAura: "remote database aliases",
      },
    ],
    [
      "every clause, in the manual's order",
      S.createRemoteAlias(remote({ driver: { ssl_enforced: true, connection_timeout: "5s" }, defaultLanguage: 25, properties: { team: "graph" } })),
      {
        query: "CREATE ALIAS `films-remote` FOR DATABASE `films` AT $url USER $user PASSWORD $password DRIVER $driver DEFAULT LANGUAGE CYPHER 25 PROPERTIES $properties",
        params: { url: "neo4j+s://b.example.com:7687", user: "remote_user", password: SECRET, driver: { connection_timeout: { $durationMs: 5000 }, ssl_enforced: true }, properties: { team: "graph" } },
        notOnAura: "remote database aliases",
      },
    ],
    [
      "default language 5",
      S.createRemoteAlias(remote({ defaultLanguage: 5 })),
      {
        query: "CREATE ALIAS `films-remote` FOR DATABASE `films` AT $url USER $user PASSWORD $password DEFAULT LANGUAGE CYPHER 5",
        params: { url: "neo4j+s://b.example.com:7687", user: "remote_user", password: SECRET },
        notOnAura: "remote database aliases",
      },
    ],
    [
      "OIDC, capabilities unknown: CYPHER 25 prefix",
      S.createRemoteAlias(remote(OIDC)),
      { query: "CYPHER 25 CREATE ALIAS `films-remote` FOR DATABASE `films` AT $url OIDC CREDENTIAL FORWARDING", params: { url: "neo4j+s://b.example.com:7687" }, notOnAura: "remote database aliases" },
    ],
    [
      "OIDC on a server with Cypher 25",
      S.createRemoteAlias(remote(OIDC), { cypher25: true }),
      { query: "CYPHER 25 CREATE ALIAS `films-remote` FOR DATABASE `films` AT $url OIDC CREDENTIAL FORWARDING", params: { url: "neo4j+s://b.example.com:7687" }, notOnAura: "remote database aliases" },
    ],
    [
      "OIDC on a server without Cypher 25: no prefix",
      S.createRemoteAlias(remote(OIDC), { cypher25: false }),
      { query: "CREATE ALIAS `films-remote` FOR DATABASE `films` AT $url OIDC CREDENTIAL FORWARDING", params: { url: "neo4j+s://b.example.com:7687" }, notOnAura: "remote database aliases" },
    ],
    [
      "OIDC in a composite with Cypher 25: one prefix only",
      S.createRemoteAlias(remote({ ...OIDC, composite: "garden" }), { cypher25: true }),
      { query: "CYPHER 25 CREATE ALIAS `garden.films-remote` FOR DATABASE `films` AT $url OIDC CREDENTIAL FORWARDING", params: { url: "neo4j+s://b.example.com:7687" }, notOnAura: "aliases in composite databases" },
    ],
    [
      "stored, in a composite, Cypher 5 only",
      S.createRemoteAlias(remote({ composite: "garden" }), { cypher25: false }),
      {
        query: "CREATE ALIAS `garden`.`films-remote` FOR DATABASE `films` AT $url USER $user PASSWORD $password",
        params: { url: "neo4j+s://b.example.com:7687", user: "remote_user", password: SECRET },
        notOnAura: "aliases in composite databases",
      },
    ],
  ])("create %s", (_n, st, expected) => expect(st).toStrictEqual(expected));

  test.each<[unknown, string]>([
    [7, "invalid default language 7"],
    [4, "invalid default language 4"],
    ["25", "invalid default language 25"],
  ])("a default language other than 5 or 25 (%p) is refused, never written into the text", (n, message) => {
    const a = { ...remote(), defaultLanguage: n as 5 };
    expect(() => S.createRemoteAlias(a)).toThrow(new Error(message));
    expect(() => S.alterAlias(a, { defaultLanguage: true })).toThrow(new Error(message));
  });
});

describe("ALTER ALIAS sets only what changed", () => {
  const full = () => remote({ driver: { logging_level: "INFO" }, defaultLanguage: 5, properties: { a: 1 } });
  test.each<[string, LocalAliasConfig | RemoteAliasConfig, S.AliasChanges, ReturnType<typeof S.createRole> | null]>([
    ["local target", local(), { target: true }, { query: "ALTER ALIAS `movies` SET DATABASE TARGET `films`", params: {} }],
    ["local properties", local({ properties: { team: "graph" } }), { properties: true }, { query: "ALTER ALIAS `movies` SET DATABASE PROPERTIES $properties", params: { properties: { team: "graph" } } }],
    ["local properties removed: an empty map", local(), { properties: true }, { query: "ALTER ALIAS `movies` SET DATABASE PROPERTIES $properties", params: { properties: {} } }],
    // A local alias has no credentials, driver or language: changes to them write nothing.
    ["local, only remote parts changed", local(), { credentials: true, driver: true, defaultLanguage: true }, null],
    ["nothing changed", full(), {}, null],
    ["remote target: with its URL", full(), { target: true }, { query: "ALTER ALIAS `films-remote` SET DATABASE TARGET `films` AT $url", params: { url: "neo4j+s://b.example.com:7687" }, notOnAura: "remote database aliases" }],
    ["remote credentials", full(), { credentials: true }, { query: "ALTER ALIAS `films-remote` SET DATABASE USER $user PASSWORD $password", params: { user: "remote_user", password: SECRET }, notOnAura: "remote database aliases" }],
    ["remote credentials, OIDC: nothing to set", remote(OIDC), { credentials: true }, null],
    ["remote driver", full(), { driver: true }, { query: "ALTER ALIAS `films-remote` SET DATABASE DRIVER $driver", params: { driver: { logging_level: "INFO" } }, notOnAura: "remote database aliases" }],
    ["remote driver removed: an empty map", remote(), { driver: true }, { query: "ALTER ALIAS `films-remote` SET DATABASE DRIVER $driver", params: { driver: {} }, notOnAura: "remote database aliases" }],
    ["remote default language", full(), { defaultLanguage: true }, { query: "ALTER ALIAS `films-remote` SET DATABASE DEFAULT LANGUAGE CYPHER 5", params: {}, notOnAura: "remote database aliases" }],
    ["remote default language removed: nothing to set", remote(), { defaultLanguage: true }, null],
    ["remote properties only (the language is left alone)", full(), { properties: true }, { query: "ALTER ALIAS `films-remote` SET DATABASE PROPERTIES $properties", params: { properties: { a: 1 } }, notOnAura: "remote database aliases" }],
    [
      "remote, everything, in the manual's order",
      full(),
      { target: true, credentials: true, driver: true, properties: true, defaultLanguage: true },
      {
        query: "ALTER ALIAS `films-remote` SET DATABASE TARGET `films` AT $url USER $user PASSWORD $password DRIVER $driver DEFAULT LANGUAGE CYPHER 5 PROPERTIES $properties",
        params: { url: "neo4j+s://b.example.com:7687", user: "remote_user", password: SECRET, driver: { logging_level: "INFO" }, properties: { a: 1 } },
        notOnAura: "remote database aliases",
      },
    ],
    [
      "in a composite, capabilities unknown",
      local({ composite: "garden", properties: { a: 1 } }),
      { properties: true },
      { query: "CYPHER 25 ALTER ALIAS `garden.movies` SET DATABASE PROPERTIES $properties", params: { properties: { a: 1 } }, notOnAura: "aliases in composite databases" },
    ],
  ])("%s", (_n, a, changes, expected) => {
    // toStrictEqual: a parameter set to undefined (a url on a local alias) is a difference.
    expect(S.alterAlias(a, changes)).toStrictEqual(expected);
  });

  test("in a composite on a server with Cypher 5 only, the name is quoted part by part", () => {
    expect(S.alterAlias(local({ composite: "garden" }), { target: true }, { cypher25: false })).toStrictEqual({
      query: "ALTER ALIAS `garden`.`movies` SET DATABASE TARGET `films`",
      params: {},
      notOnAura: "aliases in composite databases",
    });
  });

  test("the parameter maps are copies: changing one never changes the alias", () => {
    const a = local({ properties: { a: 1 } });
    const st = S.alterAlias(a, { properties: true })!;
    (st.params.properties as Record<string, unknown>).a = 2;
    expect(a.properties).toEqual({ a: 1 });
  });
});

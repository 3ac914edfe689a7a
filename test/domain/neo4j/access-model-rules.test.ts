/**
 * The checks of the Neo4j access config one by one, each with the raw issue the schema reports (code, path,
 * input and message written out), so a changed path, code or text shows; then the duration parser, the DRIVER
 * map's messages, the Lambda runner's egress and Secrets Manager rules, remoteAliasSchemeProblem, secretRefs,
 * runtimeState and formatIssues.
 */
import {
  formatIssues,
  lambdaRunnerSchema,
  Neo4jAccessConfigError,
  neo4jAccessSchema,
  parseDurationMs,
  parseNeo4jAccess,
  remoteAliasSchemeProblem,
  runtimeState,
  secretRefs,
  type Neo4jAccessConfig,
} from "../../../domain/neo4j/access-model";

const CONNECTION = { uri: "neo4j+s://db.example.com:7687", user: "neo4j", password: { env: "NEO4J_PASSWORD" } };
const ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:neo4j-AbCdEf";
const remote = (name: string, over: Record<string, unknown> = {}) => ({ name, target: "db1", url: "neo4j+s://remote.example.com:7687", credentials: { type: "oidc" }, ...over });
const LAMBDA = { type: "lambda", region: "eu-west-1", vpcId: "vpc-01234567", subnetIds: ["subnet-01234567"], neo4jCidrs: ["10.0.0.0/24"], createSecretsManagerEndpoint: true };

/** The raw issues of a state (all fields, as zod reports them with their input). */
function issues(state: Record<string, unknown>): unknown[] {
  const r = neo4jAccessSchema.safeParse({ connection: CONNECTION, ...state }, { reportInput: true });
  return r.success ? [] : r.error.issues;
}
const custom = (path: Array<string | number>, input: unknown, message: string) => ({ code: "custom", path, input, message });

describe("neo4jAccess: each rule's issue, whole", () => {
  test.each<[string, Record<string, unknown>, unknown[]]>([
    ["a valid state", { roles: [{ name: "r1" }], users: [{ name: "bob", roles: ["r1", "reader"] }] }, []],
    ["a target that is no database name", { localAliases: [{ name: "films", target: "ab" }] }, [custom(["localAliases", 0, "target"], "ab", "must be a database name that must be 3-63 characters long (got 2)")]],
    ["a home database that is no alias name", { users: [{ name: "bob", homeDatabase: "db1." }] }, [custom(["users", 0, "homeDatabase"], "db1.", "must be an alias name that must not end with a dot")]],
    [
      "a composite that is no database name",
      { localAliases: [{ name: "x", composite: "ab", target: "movies" }] },
      [custom(["localAliases", 0, "composite"], "ab", "must be a composite database name that must be 3-63 characters long (got 2)")],
    ],
    ["two users whose names differ in case only", { users: [{ name: "bob" }, { name: "Bob" }] }, [custom(["users", 1, "name"], "Bob", "duplicates users[0].name; names must be unique")]],
    ["two roles whose names differ in case only", { roles: [{ name: "r1" }, { name: "x" }, { name: "R1" }] }, [custom(["roles", 2, "name"], "R1", "duplicates roles[0].name; names must be unique")]],
    ["a user and a role of one name are no duplicates", { roles: [{ name: "bob" }], users: [{ name: "bob", roles: ["bob"] }] }, []],
    [
      "a local and a remote alias of one name",
      { localAliases: [{ name: "films", target: "movies" }], remoteAliases: [remote("films")] },
      [custom(["remoteAliases", 0, "name"], "films", "duplicates localAliases[0].name; alias names must be unique")],
    ],
    [
      "two constituents of one composite with one name (the composite in another case)",
      { localAliases: [{ name: "x", composite: "garden", target: "movies" }, { name: "x", composite: "Garden", target: "films" }] },
      [custom(["localAliases", 1, "name"], "x", "duplicates localAliases[0].name; alias names must be unique (garden.x inside its composite database)")],
    ],
    ["constituents of one name in two composites", { localAliases: [{ name: "x", composite: "garden", target: "movies" }, { name: "x", composite: "orchard", target: "movies" }] }, []],
    [
      "an alias named after a database every DBMS has",
      { localAliases: [{ name: "NEO4J", target: "movies" }] },
      [custom(["localAliases", 0, "name"], "NEO4J", "is the name of a database every DBMS has (neo4j, system); an alias needs a name of its own")],
    ],
    [
      "a remote alias named neo4j",
      { remoteAliases: [remote("neo4j")] },
      [custom(["remoteAliases", 0, "name"], "neo4j", "is the name of a database every DBMS has (neo4j, system); an alias needs a name of its own")],
    ],
    ["a constituent named neo4j is fine", { localAliases: [{ name: "neo4j", composite: "garden", target: "movies" }] }, []],
    ["a local alias named after its own target", { localAliases: [{ name: "Movies", target: "movies" }] }, [custom(["localAliases", 0, "name"], "Movies", "is the name of its own target database; an alias needs a name of its own")]],
    [
      "a built-in role declared",
      { roles: [{ name: "architect" }] },
      [
        custom(
          ["roles", 0, "name"],
          "architect",
          "is a built-in role (PUBLIC, admin, architect, publisher, editor, reader); declared roles are created and dropped by this tool, so declare your own role and grant built-in roles through users[].roles (only PUBLIC may be declared, to manage its privileges)",
        ),
      ],
    ],
    ["PUBLIC declared to manage its privileges", { roles: [{ name: "PUBLIC" }] }, []],
    [
      "privileges on a local alias, by database and by graph",
      { localAliases: [{ name: "films", target: "movies" }], roles: [{ name: "r1", privileges: [{ privilege: "ACCESS", database: "Films" }, { privilege: "MATCH", graph: "films" }, { privilege: "ACCESS", database: "movies" }] }] },
      [
        custom(["roles", 0, "privileges", 0, "database"], "Films", "names the local alias Films; privileges are defined on the target database, not on a local alias: write database: movies"),
        custom(["roles", 0, "privileges", 1, "graph"], "films", "names the local alias films; privileges are defined on the target database, not on a local alias: write graph: movies"),
      ],
    ],
    [
      "PUBLIC granted and a role listed twice",
      { roles: [{ name: "r1" }], users: [{ name: "bob", roles: ["r1", "PUBLIC", "r1"] }] },
      [custom(["users", 0, "roles", 1], "PUBLIC", "PUBLIC is granted to every user implicitly and cannot be granted"), custom(["users", 0, "roles", 2], "r1", "is listed twice")],
    ],
    ["the same role for two users is no repetition", { roles: [{ name: "r1" }], users: [{ name: "bob", roles: ["r1"] }, { name: "eve", roles: ["r1"] }] }, []],
    [
      "an insecure connection URI",
      { connection: { ...CONNECTION, uri: "bolt://db.example.com:7687" } },
      [custom(["connection", "uri"], "bolt://db.example.com:7687", "uses the unencrypted scheme bolt://; allowed: neo4j+s, bolt+s (or set allowInsecureUrl: true)")],
    ],
    ["a connection URI read from the environment is checked at apply time", { connection: { ...CONNECTION, uri: { env: "NEO4J_URI" } } }, []],
    [
      "an insecure remote alias URL",
      { remoteAliases: [remote("r", { url: "neo4j://remote.example.com" })] },
      [custom(["remoteAliases", 0, "url"], "neo4j://remote.example.com", "uses the unencrypted scheme neo4j://; allowed: neo4j+s, bolt+s (or set allowInsecureUrl: true)")],
    ],
    [
      "ssl_enforced: false without allowInsecureUrl",
      { remoteAliases: [remote("r", { driver: { ssl_enforced: false } })] },
      [custom(["remoteAliases", 0, "driver", "ssl_enforced"], false, "false disables TLS to the remote DBMS; allowed only with allowInsecureUrl: true")],
    ],
    ["ssl_enforced: false with allowInsecureUrl", { remoteAliases: [remote("r", { driver: { ssl_enforced: false }, allowInsecureUrl: true })] }, []],
    ["a constituent remote alias without a default language", { remoteAliases: [remote("r", { composite: "garden" })] }, []],
    ["a regular remote alias with a default language", { remoteAliases: [remote("r", { defaultLanguage: 5 })] }, []],
    [
      "a constituent remote alias with a default language",
      { remoteAliases: [remote("r", { composite: "garden", defaultLanguage: 5 })] },
      [custom(["remoteAliases", 0, "defaultLanguage"], 5, "must be left out for an alias in the composite database garden: it always uses the composite database's Cypher version")],
    ],
  ])("%s", (_name, state, expected) => {
    expect(issues(state)).toEqual(expected);
  });

  test("names compare in lower case: a role that fails its own check does not become a duplicate in upper case", () => {
    expect(issues({ roles: [{ name: "ß" }, { name: "SS" }] }).map((i) => (i as { path: unknown[]; code: string }).path)).toEqual([["roles", 0, "name"]]);
  });
});

describe("neo4jAccess: secret references must suit the runner", () => {
  const LOCAL_EXEC = "must be {env} or {file} with the local-exec runner (Secrets Manager ARNs need the lambda runner)";
  const WITH_LAMBDA = "must be {secretsManagerArn} with the lambda runner (the function reads it at run time)";
  const oidc = (n: number) => Array.from({ length: n }, (_, i) => remote(`alias-${i}`));

  test.each<[string, Record<string, unknown>, unknown[]]>([
    ["no runner: any reference", { connection: { ...CONNECTION, password: { secretsManagerArn: ARN } } }, []],
    ["local-exec with environment variables and files", { runner: { type: "local-exec" }, remoteAliases: [remote("r", { credentials: { type: "stored", user: "u", password: { file: "/run/pw" } } })] }, []],
    [
      "local-exec with Secrets Manager ARNs",
      { runner: { type: "local-exec" }, connection: { ...CONNECTION, password: { secretsManagerArn: ARN } }, remoteAliases: [remote("r", { credentials: { type: "stored", user: "u", password: { secretsManagerArn: ARN } } })] },
      [custom(["connection", "password"], { secretsManagerArn: ARN }, LOCAL_EXEC), custom(["remoteAliases", 0, "credentials", "password"], { secretsManagerArn: ARN }, LOCAL_EXEC)],
    ],
    ["lambda with Secrets Manager ARNs", { runner: LAMBDA, connection: { ...CONNECTION, password: { secretsManagerArn: ARN } } }, []],
    ["lambda with an environment variable", { runner: LAMBDA }, [custom(["connection", "password"], { env: "NEO4J_PASSWORD" }, WITH_LAMBDA)]],
    [
      "lambda: the index of the eleventh alias is a number in the path",
      {
        runner: LAMBDA,
        connection: { ...CONNECTION, password: { secretsManagerArn: ARN } },
        remoteAliases: [...oidc(10), remote("alias-10", { credentials: { type: "stored", user: "u", password: { file: "/run/pw" } } })],
      },
      [custom(["remoteAliases", 10, "credentials", "password"], { file: "/run/pw" }, WITH_LAMBDA)],
    ],
  ])("%s", (_name, state, expected) => {
    expect(issues(state)).toEqual(expected);
  });
});

describe("lambdaRunnerSchema: CIDRs, egress span and the way to Secrets Manager", () => {
  const EGRESS = "the function's egress goes only to the Neo4j endpoint's and the Secrets Manager endpoint's addresses (there is no opt-in for more); list only the addresses that must be reached";
  const EMPTY =
    "is empty, so the function cannot reach Secrets Manager to read the passwords: a Lambda in a VPC reaches it only through an interface VPC endpoint, and its security group allows egress only to neo4jCidrs and secretsManagerCidrs. List the addresses of the VPC's Secrets Manager interface endpoint here, or set createSecretsManagerEndpoint: true to create one in subnetIds";
  const runnerIssues = (over: Record<string, unknown>) => {
    const r = lambdaRunnerSchema.safeParse({ ...LAMBDA, ...over }, { reportInput: true });
    return r.success ? [] : r.error.issues;
  };

  test.each<[string, Record<string, unknown>, unknown[]]>([
    ["a private /24 and an endpoint to create", {}, []],
    [
      "CIDRs that are none, or have host bits set",
      { neo4jCidrs: ["not-a-cidr", "10.0.0.1/24"] },
      [
        custom(["neo4jCidrs", 0], "not-a-cidr", 'must be an IPv4 CIDR block like "10.0.0.0/16" (four numbers 0-255 without leading zeros, then /0-32)'),
        custom(["neo4jCidrs", 1], "10.0.0.1/24", "has host bits set: the network address of a /24 is 10.0.0.0/24; write that (AWS refuses anything else)"),
      ],
    ],
    ["a /0 with an address is refused once, as a CIDR (not again as too wide)", { neo4jCidrs: ["1.2.3.4/0"] }, [custom(["neo4jCidrs", 0], "1.2.3.4/0", "is every IPv4 address (a /0 is 0.0.0.0/0 whatever the address); list your client CIDRs")]],
    [
      "one entry too wide on its own: named by its index, and the union is not judged again",
      { neo4jCidrs: ["0.0.0.0/0"], secretsManagerCidrs: ["10.1.0.0/28"], createSecretsManagerEndpoint: undefined },
      [custom(["neo4jCidrs", 0], "0.0.0.0/0", `0.0.0.0/0 together cover the whole internet (3,702,258,688 public IPv4 addresses): ${EGRESS}`)],
    ],
    [
      "entries fine on their own, too wide together in one list: the list",
      { neo4jCidrs: ["1.0.0.0/8", "2.0.0.0/8"] },
      [custom(["neo4jCidrs"], ["1.0.0.0/8", "2.0.0.0/8"], `1.0.0.0/8, 2.0.0.0/8 together cover 33,554,432 public IPv4 addresses, more than one /8 (IPv4) or /32 (IPv6): ${EGRESS}`)],
    ],
    [
      "in Secrets Manager's list too",
      { secretsManagerCidrs: ["1.0.0.0/8", "2.0.0.0/8"], createSecretsManagerEndpoint: undefined },
      [custom(["secretsManagerCidrs"], ["1.0.0.0/8", "2.0.0.0/8"], `1.0.0.0/8, 2.0.0.0/8 together cover 33,554,432 public IPv4 addresses, more than one /8 (IPv4) or /32 (IPv6): ${EGRESS}`)],
    ],
    [
      "each list fine, the two together too wide: reported on secretsManagerCidrs with no value",
      { neo4jCidrs: ["1.0.0.0/8"], secretsManagerCidrs: ["2.0.0.0/8"], createSecretsManagerEndpoint: undefined },
      [
        {
          code: "custom",
          path: ["secretsManagerCidrs"],
          params: { noValue: true },
          message: `with neo4jCidrs: 1.0.0.0/8, 2.0.0.0/8 together cover 33,554,432 public IPv4 addresses, more than one /8 (IPv4) or /32 (IPv6): ${EGRESS}`,
        },
      ],
    ],
    ["neither Secrets Manager CIDRs nor an endpoint to create", { createSecretsManagerEndpoint: undefined }, [custom(["secretsManagerCidrs"], [], EMPTY)]],
    ["createSecretsManagerEndpoint: false is no endpoint", { createSecretsManagerEndpoint: false }, [custom(["secretsManagerCidrs"], [], EMPTY)]],
    ["Secrets Manager CIDRs of an endpoint you have", { secretsManagerCidrs: ["10.1.0.0/28"], createSecretsManagerEndpoint: undefined }, []],
    ["Secrets Manager CIDRs, and createSecretsManagerEndpoint: false", { secretsManagerCidrs: ["10.1.0.0/28"], createSecretsManagerEndpoint: false }, []],
    [
      "both an endpoint you have and one to create",
      { secretsManagerCidrs: ["10.1.0.0/28"] },
      [
        custom(
          ["createSecretsManagerEndpoint"],
          true,
          "is set together with secretsManagerCidrs (an endpoint you have); a second Secrets Manager endpoint with private DNS in the same VPC is refused by AWS: give one of the two",
        ),
      ],
    ],
  ])("%s", (_name, over, expected) => {
    expect(runnerIssues(over)).toEqual(expected);
  });
});

describe("the messages of the DRIVER map", () => {
  const message = (driver: unknown) => {
    try {
      parseNeo4jAccess({ connection: CONNECTION, remoteAliases: [remote("r", { driver })] });
    } catch (e) {
      return (e as Error).message;
    }
    return "accepted";
  };
  test.each<[string, unknown, string]>([
    ["not a map", "fast", 'invalid Neo4j access config:\n  neo4jAccess.remoteAliases[0].driver: got "fast"; must be a map of DRIVER settings'],
    [
      "two unknown keys, in their order",
      { b_key: 1, a_key: 2 },
      'invalid Neo4j access config:\n  neo4jAccess.remoteAliases[0].driver: got {"b_key":1,"a_key":2}; unknown DRIVER setting(s) b_key, a_key; allowed: ssl_enforced, connection_timeout, connection_max_lifetime, connection_pool_acquisition_timeout, connection_pool_idle_test, connection_pool_max_size, logging_level',
    ],
    ["every documented key", { ssl_enforced: true, connection_timeout: "5s", connection_max_lifetime: "1h", connection_pool_acquisition_timeout: "PT1M", connection_pool_idle_test: "500ms", connection_pool_max_size: -1, logging_level: "NONE" }, "accepted"],
  ])("%s", (_name, driver, expected) => expect(message(driver)).toBe(expected));
});

describe("parseDurationMs", () => {
  test.each<[string, number | null]>([
    ["0ms", 0],
    ["15s", 15000],
    ["10m", 600000],
    ["2h", 7200000],
    ["5sx", null],
    ["5hx", null],
    ["x5s", null],
    ["5 s", null],
    ["PT1H", 3600000],
    ["PT2H", 7200000],
    ["PT12H", 43200000],
    ["PT10M", 600000],
    ["PT1M", 60000],
    ["PT1H1M1S", 3661000],
    ["PT0.25S", 250],
    ["PT0.125S", 125],
    ["PT0.1234S", null],
    ["PT1.S", null],
    ["PT5S", 5000],
    ["xPT5S", null],
    ["PT5Sx", null],
    ["PT5SPT", null],
    ["PTxH", null],
    ["PT1M1H", null],
    ["P1D", null],
    ["", null],
  ])("%j -> %j", (text, ms) => expect(parseDurationMs(text)).toBe(ms));
});

describe("remoteAliasSchemeProblem", () => {
  const TAIL =
    "but the URL uses the unencrypted scheme neo4j://: the server enforces a secure scheme unless the alias's DRIVER says ssl_enforced: false, so the CREATE would fail and roll back the whole apply; set driver: {ssl_enforced: false} (with allowInsecureUrl: true), or use neo4j+s://";
  test.each<[string, { ssl_enforced?: boolean } | undefined, string | null]>([
    ["neo4j://a", undefined, `defaults to true, ${TAIL}`],
    ["neo4j://a", {}, `defaults to true, ${TAIL}`],
    ["neo4j://a", { ssl_enforced: true }, `is true, ${TAIL}`],
    ["neo4j://a", { ssl_enforced: false }, null],
    ["neo4j+s://a", undefined, null],
    ["bolt+ssc://a", undefined, null],
    ["not a url", undefined, null],
    [" neo4j://a", undefined, null],
    ["@neo4j://a", undefined, null],
  ])("%j %j", (url, driver, expected) => expect(remoteAliasSchemeProblem(url, driver)).toBe(expected));
});

describe("secretRefs and runtimeState", () => {
  const state = (remoteAliases: unknown[], runner?: unknown): Neo4jAccessConfig =>
    ({ id: "default", connection: CONNECTION, roles: [], users: [], localAliases: [], remoteAliases, ...(runner ? { runner } : {}) }) as unknown as Neo4jAccessConfig;

  test("the connection's password first, then each stored alias password with its index", () => {
    expect(
      secretRefs(
        state([
          remote("a", { credentials: { type: "stored", user: "u", password: { env: "A_PW" } } }),
          remote("b"),
          remote("c", { credentials: { type: "stored", user: "u", password: { secretsManagerArn: ARN, jsonKey: "pw" } } }),
        ]),
      ),
    ).toEqual([
      { path: "connection.password", ref: { env: "NEO4J_PASSWORD" } },
      { path: "remoteAliases[0].credentials.password", ref: { env: "A_PW" } },
      { path: "remoteAliases[2].credentials.password", ref: { secretsManagerArn: ARN, jsonKey: "pw" } },
    ]);
  });

  test("OIDC aliases only: the connection's password alone", () => {
    expect(secretRefs(state([remote("a")]))).toEqual([{ path: "connection.password", ref: { env: "NEO4J_PASSWORD" } }]);
  });

  test("runtimeState drops the runner and keeps everything else", () => {
    expect(runtimeState(state([], { type: "local-exec", cliCommand: "npx --no aura-secure", timeout: "120s" }))).toEqual({
      id: "default",
      connection: CONNECTION,
      roles: [],
      users: [],
      localAliases: [],
      remoteAliases: [],
    });
  });
});

describe("Neo4jAccessConfigError", () => {
  test("its name, message and problems", () => {
    const e = new Neo4jAccessConfigError(["a: got 1; x", "b: got 2; y"]);
    expect([e.name, e.message, e.problems]).toEqual(["Neo4jAccessConfigError", "invalid Neo4j access config:\n  a: got 1; x\n  b: got 2; y", ["a: got 1; x", "b: got 2; y"]]);
  });

  test("parseNeo4jAccess throws it", () => {
    let thrown: unknown;
    try {
      parseNeo4jAccess({ connection: CONNECTION, roles: [{ name: "admin" }, { name: "x" }, { name: "X" }] });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Neo4jAccessConfigError);
    expect((thrown as Error).name).toBe("Neo4jAccessConfigError");
  });
});

describe("formatIssues: path, shown value and discriminator", () => {
  type Issues = Parameters<typeof formatIssues>[0];
  const format = (list: Array<Record<string, unknown>>, base: string) => formatIssues({ issues: list } as unknown as Issues, base);
  const at = (path: Array<string | number>, input: unknown, extra: Record<string, unknown> = {}) => ({ code: "custom", path, input, message: "M", ...extra });
  const disc = { code: "invalid_union", discriminator: "type" };

  test.each<[string, Record<string, unknown>, string, string]>([
    ["a path of keys and indexes under a base", at(["remoteAliases", 0, "credentials", "user"], "u"), "neo4jAccess", 'neo4jAccess.remoteAliases[0].credentials.user: got "u"; M'],
    ["no base: the path starts with its first key", at(["connection", "uri"], "x"), "", 'connection.uri: got "x"; M'],
    ["no base, an index first", at([0, "name"], "x"), "", '[0].name: got "x"; M'],
    ["no path: the base", at([], 1), "neo4jAccess", "neo4jAccess: got 1; M"],
    ["no value", at(["a"], undefined), "b", "b.a: got nothing; M"],
    ["null", at(["a"], null), "b", "b.a: got null; M"],
    ["false", at(["a"], false), "b", "b.a: got false; M"],
    ["an object with a key named undefined is shown whole", at(["a"], { undefined: "x" }), "b", 'b.a: got {"undefined":"x"}; M'],
    ["120 characters are shown whole", at(["a"], "x".repeat(118)), "b", `b.a: got "${"x".repeat(118)}"; M`],
    ["121 characters are cut to 117 and ...", at(["a"], "x".repeat(119)), "b", `b.a: got "${"x".repeat(116)}...; M`],
    ["a discriminated union shows the discriminator's value", at(["credentials", "type"], { type: "kerb", user: "u" }, disc), "c", 'c.credentials.type: got "kerb"; M'],
    ["a discriminated union without the key shows the object", at(["credentials", "type"], { user: "u" }, disc), "c", 'c.credentials.type: got {"user":"u"}; M'],
    ["a discriminated union given a string shows the string", at(["credentials"], "kerb", disc), "c", 'c.credentials: got "kerb"; M'],
    ["a discriminated union given null shows null", at(["credentials"], null, disc), "c", "c.credentials: got null; M"],
    ["a discriminated union given nothing", at(["credentials"], undefined, disc), "c", "c.credentials: got nothing; M"],
  ])("%s", (_name, issue, base, expected) => {
    expect(format([issue], base)).toEqual([expected]);
  });

  test("one line per issue, in order", () => {
    expect(format([at(["a"], 1), at(["b"], 2)], "x")).toEqual(["x.a: got 1; M", "x.b: got 2; M"]);
  });

  test("issues of a real parse", () => {
    const r = neo4jAccessSchema.safeParse({ connection: CONNECTION, remoteAliases: [remote("r", { credentials: { type: "kerberos" } })] }, { reportInput: true });
    expect(r.success ? [] : formatIssues(r.error, "neo4jAccess")).toEqual(['neo4jAccess.remoteAliases[0].credentials.type: got "kerberos"; must be {type: "stored", user, password: <secret reference>} or {type: "oidc"}']);
  });
});

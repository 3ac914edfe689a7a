import { checkNeo4jUrl, parseDurationMs, parseNeo4jAccess, Neo4jAccessConfigError } from "../../../domain/neo4j/access-model";
import { dbmsA as referenceDbmsA } from "../../support/dbms-a";

/** Reference 000, DBMS A, with every remote alias option set. */
const dbmsA = () =>
  referenceDbmsA({ uri: "neo4j+s://dbms-a.example.com:7687", user: "alice", password: { env: "NEO4J_PASSWORD" } }, { env: "REMOTE_USER_PASSWORD" }, {
    carol: { homeDatabase: "db1-remote-alias" },
    alias: {
      driver: { ssl_enforced: true, connection_timeout: "5s", connection_pool_max_size: 10, logging_level: "INFO" },
      properties: { team: "graph" },
      defaultLanguage: 25,
    },
  });

function rejects(input: unknown): string {
  try {
    parseNeo4jAccess(input);
  } catch (e) {
    expect(e).toBeInstanceOf(Neo4jAccessConfigError);
    return (e as Error).message;
  }
  throw new Error("expected a rejection");
}

describe("neo4jAccess schema", () => {
  test("accepts the reference 000 setup and fills defaults", () => {
    const c = parseNeo4jAccess(dbmsA());
    expect(c.id).toBe("default");
    expect(c.localAliases).toEqual([]);
    expect(c.remoteAliases[0].credentials).toEqual({ type: "stored", user: "remote_user", password: { env: "REMOTE_USER_PASSWORD" } });
  });

  test("accepts OIDC forwarding, local aliases, general privileges, Secrets Manager and file refs", () => {
    const c = dbmsA() as any;
    c.connection.password = { secretsManagerArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:neo4j-admin-AbCdEf", jsonKey: "password" };
    c.remoteAliases[0].credentials = { type: "oidc" };
    c.localAliases = [{ name: "films", target: "movies", properties: { owner: "x", n: 1, on: true } }];
    c.roles[0].privileges.push(
      { privilege: "MATCH", graph: "db1" },
      { privilege: "READ", graph: "*", properties: ["name"], nodes: ["Person"] },
      { privilege: "TRAVERSE", graph: "movies", relationships: "*" },
      { privilege: "WRITE", graph: "movies" },
    );
    c.users[0].roles.push("reader");
    expect(() => parseNeo4jAccess(c)).not.toThrow();
    c.connection.password = { file: "/run/secrets/neo4j" };
    expect(() => parseNeo4jAccess(c)).not.toThrow();
  });

  const mutate = (f: (c: any) => void) => {
    const c = dbmsA() as any;
    f(c);
    return c;
  };
  test.each<[string, (c: any) => void, string]>([
    ["insecure remote alias URL", (c) => (c.remoteAliases[0].url = "neo4j://location:7687"), 'neo4jAccess.remoteAliases[0].url: got "neo4j://location:7687"; uses the unencrypted scheme neo4j://; allowed: neo4j+s, bolt+s (or set allowInsecureUrl: true)'],
    ["unverified TLS on a remote alias", (c) => (c.remoteAliases[0].url = "neo4j+ssc://location:7687"), 'neo4jAccess.remoteAliases[0].url: got "neo4j+ssc://location:7687"; uses neo4j+ssc://, which encrypts but accepts any certificate'],
    ["unverified TLS on the connection", (c) => (c.connection.uri = "bolt+ssc://db:7687"), "neo4jAccess.connection.uri: got \"bolt+ssc://db:7687\"; uses bolt+ssc://, which encrypts but accepts any certificate (self-signed, expired or issued for another host): it never checks who answers, so anyone on the network path can pose as the server and receive the user and password; use bolt+s:// with a certificate your system trusts, or set allowUnverifiedTls: true if you really mean it"],
    ["allowInsecureUrl does not allow +ssc", (c) => Object.assign(c.connection, { uri: "neo4j+ssc://db:7687", allowInsecureUrl: true }), "set allowUnverifiedTls: true"],
    ["the connection's opt-in is not the alias's", (c) => { c.connection.allowUnverifiedTls = true; c.remoteAliases[0].url = "neo4j+ssc://location:7687"; }, "neo4jAccess.remoteAliases[0].url"],
    ["credentials in the connection URI", (c) => (c.connection.uri = "neo4j+s://admin:hunter2-in-url@db:7687"), 'neo4jAccess.connection.uri: got "neo4j+s://<credentials not shown>@db:7687"; must not hold credentials (user:password@ before the host; the value is not shown): a URL is copied into cdk.tf.json, the Terraform state and logs; give the user in connection.user and the password as a secret reference in connection.password'],
    ["credentials in an alias URL, a / in the password", (c) => (c.remoteAliases[0].url = "neo4j+s://u:pa/ss@location:7687"), 'neo4jAccess.remoteAliases[0].url: got "neo4j+s://<credentials not shown>@location:7687"; must not hold credentials (user:password@ before the host; the value is not shown): a URL is copied into cdk.tf.json, the Terraform state and logs; give them as credentials: {type: stored, user, password: <secret reference>}'],
    ["unknown URL scheme", (c) => (c.remoteAliases[0].url = "http://location:7474"), "has unknown scheme http://"],
    ["insecure connection URI", (c) => (c.connection.uri = "bolt://127.0.0.1:7687"), 'neo4jAccess.connection.uri: got "bolt://127.0.0.1:7687"; uses the unencrypted scheme bolt://'],
    ["ssl_enforced false without opt-in", (c) => (c.remoteAliases[0].driver.ssl_enforced = false), "neo4jAccess.remoteAliases[0].driver.ssl_enforced: got false; false disables TLS"],
    ["undocumented DRIVER key", (c) => (c.remoteAliases[0].driver.trust_all = true), 'neo4jAccess.remoteAliases[0].driver: got {"ssl_enforced":true'],
    ["DRIVER key named in error", (c) => (c.remoteAliases[0].driver.trust_all = true), "unknown DRIVER setting(s) trust_all; allowed: ssl_enforced"],
    ["DRIVER value of wrong type", (c) => (c.remoteAliases[0].driver.connection_pool_max_size = "10"), "neo4jAccess.remoteAliases[0].driver.connection_pool_max_size: got \"10\""],
    ["bad duration", (c) => (c.remoteAliases[0].driver.connection_timeout = "5 seconds"), 'neo4jAccess.remoteAliases[0].driver.connection_timeout: got "5 seconds"; must be a duration'],
    ["bad logging level", (c) => (c.remoteAliases[0].driver.logging_level = "TRACE"), 'neo4jAccess.remoteAliases[0].driver.logging_level: got "TRACE"'],
    ["password given as a literal", (c) => (c.remoteAliases[0].credentials.password = "secretpassword"), 'neo4jAccess.remoteAliases[0].credentials.password: got a literal string (<not shown>); the secret itself must never be written here'],
    ["connection password literal", (c) => (c.connection.password = "pw"), "neo4jAccess.connection.password: got a literal string (<not shown>); the secret itself must never be written here"],
    ["bad secret ARN", (c) => (c.connection.password = { secretsManagerArn: "arn:aws:s3:::bucket" }), "neo4jAccess.connection.password"],
    ["unknown credential type", (c) => (c.remoteAliases[0].credentials = { type: "kerberos" }), 'neo4jAccess.remoteAliases[0].credentials.type: got "kerberos"'],
    ["role name injection", (c) => (c.roles[0].name = "x` TO admin //"), 'neo4jAccess.roles[0].name: got "x` TO admin //"; must be a role name'],
    ["built-in role declared", (c) => (c.roles[0].name = "admin"), 'neo4jAccess.roles[0].name: got "admin"; is a built-in role'],
    ["user name injection", (c) => (c.users[0].name = "carol`) DROP"), "neo4jAccess.users[0].name: got \"carol`) DROP\"; must be a user name"],
    ["granted role injection", (c) => (c.users[0].roles = ["r`x"]), 'neo4jAccess.users[0].roles[0]: got "r`x"'],
    ["PUBLIC granted", (c) => (c.users[0].roles = ["PUBLIC"]), "neo4jAccess.users[0].roles[0]: got \"PUBLIC\"; PUBLIC is granted to every user"],
    ["home database ending with a dot", (c) => (c.users[0].homeDatabase = "db1."), 'neo4jAccess.users[0].homeDatabase: got "db1."; must be an alias name that must not end with a dot'],
    ["alias name with a control character", (c) => (c.remoteAliases[0].name = "a\nFOR DATABASE system"), 'neo4jAccess.remoteAliases[0].name: got "a\\nFOR DATABASE system"; must be an alias name that must not contain control characters'],
    ["alias target injection", (c) => (c.remoteAliases[0].target = "db1`x"), "neo4jAccess.remoteAliases[0].target"],
    ["privilege database with a backslash", (c) => (c.roles[0].privileges[0].database = "x\\u0060 TO admin"), "neo4jAccess.roles[0].privileges[0].database"],
    ["label with a backslash", (c) => c.roles[0].privileges.push({ privilege: "MATCH", graph: "db1", nodes: ["L\\u0060"] }), "neo4jAccess.roles[0].privileges[1].nodes[0]"],
    ["unknown privilege", (c) => c.roles[0].privileges.push({ privilege: "ALL", graph: "db1" }), 'neo4jAccess.roles[0].privileges[1].privilege: got "ALL"'],
    ["properties on TRAVERSE", (c) => c.roles[0].privileges.push({ privilege: "TRAVERSE", graph: "db1", properties: "*" }), "neo4jAccess.roles[0].privileges[1].properties: got \"*\"; is not accepted by TRAVERSE (a graph privilege; it takes nodes, relationships, where, graph)"],
    ["WRITE with nodes", (c) => c.roles[0].privileges.push({ privilege: "WRITE", graph: "db1", nodes: "*" }), "neo4jAccess.roles[0].privileges[1].nodes: got \"*\"; is not accepted by WRITE (a graph privilege; it takes graph)"],
    ["duplicate role", (c) => c.roles.push({ name: "remote_access" }), "neo4jAccess.roles[1].name: got \"remote_access\"; duplicates roles[0].name"],
    ["duplicate alias across kinds", (c) => (c.localAliases = [{ name: "db1-remote-alias", target: "db1" }]), "duplicates localAliases[0].name"],
    ["alias named system", (c) => (c.localAliases = [{ name: "system", target: "neo4j" }]), 'neo4jAccess.localAliases[0].name: got "system"; must be an alias name that must not start with "system"'],
    ["bad default language", (c) => (c.remoteAliases[0].defaultLanguage = 4), "neo4jAccess.remoteAliases[0].defaultLanguage: got 4; must be 5 or 25"],
    ["default language on a local alias", (c) => (c.localAliases = [{ name: "films", target: "movies", defaultLanguage: 25 }]), "neo4jAccess.localAliases[0].defaultLanguage: unknown key"],
    ["bad property key", (c) => (c.remoteAliases[0].properties = { "a b": 1 }), "neo4jAccess.remoteAliases[0].properties"],
    ["unknown top-level key", (c) => (c.aliases = []), "neo4jAccess.aliases: unknown key"],
    ["bad env var name", (c) => (c.connection.password = { env: "NEO4J-PW" }), "neo4jAccess.connection.password"],
  ])("rejects %s", (_name, f, expected) => {
    expect(rejects(mutate(f))).toContain(expected);
  });

  test("reports every problem at once, one per line", () => {
    const msg = rejects(mutate((c) => {
      c.roles[0].name = "1bad";
      c.remoteAliases[0].url = "bolt://x:1";
    }));
    expect(msg.split("\n").length).toBe(3);
  });

  test("a password in a URL is never shown", () => {
    const msg = rejects(mutate((c) => {
      c.connection.uri = "neo4j+s://admin:pw-7d1f@db:7687";
      c.remoteAliases[0].url = "neo4j+s://tokenonly-9e2a@location:7687";
    }));
    expect(msg).not.toContain("pw-7d1f");
    expect(msg).not.toContain("tokenonly-9e2a");
  });

  test("allowUnverifiedTls opts in per URL, for +ssc only", () => {
    expect(() => parseNeo4jAccess(mutate((c) => Object.assign(c.remoteAliases[0], { url: "neo4j+ssc://x:7687", allowUnverifiedTls: true })))).not.toThrow();
    expect(() => parseNeo4jAccess(mutate((c) => Object.assign(c.connection, { uri: "bolt+ssc://127.0.0.1:7687", allowUnverifiedTls: true })))).not.toThrow();
    expect(rejects(mutate((c) => Object.assign(c.connection, { uri: "bolt://127.0.0.1:7687", allowUnverifiedTls: true })))).toContain("uses the unencrypted scheme bolt://; allowed: neo4j+s, bolt+s, neo4j+ssc, bolt+ssc (or set allowInsecureUrl: true)");
  });

  test("allowInsecureUrl opts in per URL; a remote alias on neo4j:// or bolt:// also needs DRIVER ssl_enforced: false (else the CREATE fails at apply)", () => {
    expect(() => parseNeo4jAccess(mutate((c) => Object.assign(c.remoteAliases[0], { url: "neo4j://x:7687", allowInsecureUrl: true, driver: { ssl_enforced: false } })))).not.toThrow();
    expect(() => parseNeo4jAccess(mutate((c) => Object.assign(c.connection, { uri: "bolt://127.0.0.1:7687", allowInsecureUrl: true })))).not.toThrow();
    expect(rejects(mutate((c) => Object.assign(c.remoteAliases[0], { url: "neo4j://x:7687", allowInsecureUrl: true, driver: { ssl_enforced: true } })))).toContain(
      "neo4jAccess.remoteAliases[0].driver.ssl_enforced: got true; is true, but the URL uses the unencrypted scheme neo4j://: the server enforces a secure scheme unless the alias's DRIVER says ssl_enforced: false, so the CREATE would fail and roll back the whole apply; set driver: {ssl_enforced: false} (with allowInsecureUrl: true), or use neo4j+s://",
    );
    expect(rejects(mutate((c) => Object.assign(c.remoteAliases[0], { url: "bolt://x:7687", allowInsecureUrl: true, driver: undefined })))).toContain(
      "neo4jAccess.remoteAliases[0].driver.ssl_enforced: is missing; defaults to true, but the URL uses the unencrypted scheme bolt://",
    );
  });

  test.each<[string, (c: any) => void, string]>([
    ["connection_pool_max_size 0", (c) => (c.remoteAliases[0].driver.connection_pool_max_size = 0), "neo4jAccess.remoteAliases[0].driver.connection_pool_max_size: got 0; must not be 0 (Neo4j refuses a pool of 0); -1 means unlimited"],
    ["DEFAULT LANGUAGE on an alias in a composite database", (c) => (c.remoteAliases[0].composite = "garden"), "neo4jAccess.remoteAliases[0].defaultLanguage: got 25; must be left out for an alias in the composite database garden"],
    ["a composite name that is no database name", (c) => (c.remoteAliases[0].composite = "ab"), 'neo4jAccess.remoteAliases[0].composite: got "ab"; must be a composite database name that must be 3-63 characters long'],
    ["two constituents with the same full name", (c) => (c.localAliases = [{ name: "x", composite: "garden", target: "t1" }, { name: "garden.x", target: "t2" }]), "neo4jAccess.localAliases[1].name: got \"garden.x\"; duplicates localAliases[0].name; alias names must be unique"],
    ["a built-in role other than PUBLIC", (c) => (c.roles[0].name = "reader"), 'neo4jAccess.roles[0].name: got "reader"; is a built-in role (PUBLIC, admin, architect, publisher, editor, reader); declared roles are created and dropped by this tool, so declare your own role and grant built-in roles through users[].roles (only PUBLIC may be declared, to manage its privileges)'],
  ])("refuses %s", (_n, f, message) => expect(rejects(mutate(f))).toContain(message));

  test("accepts PUBLIC's privileges, a constituent alias, and a pool of -1 (unlimited)", () => {
    const c = parseNeo4jAccess(
      mutate((x) => {
        x.roles.push({ name: "PUBLIC", privileges: [{ privilege: "LOAD", allData: true, absent: true }] });
        x.localAliases = [{ name: "flowers", composite: "Garden", target: "flowers-db" }];
        x.remoteAliases[0].driver.connection_pool_max_size = -1;
      }),
    );
    expect(c.roles[1]).toEqual({ name: "PUBLIC", privileges: [{ action: "GRANT", privilege: "LOAD", allData: true, absent: true }] });
    expect(c.localAliases[0]).toEqual({ name: "flowers", composite: "garden", target: "flowers-db" });
  });

  test.each<[string, boolean | { allowInsecureUrl?: boolean; allowUnverifiedTls?: boolean }, string | null]>([
    ["neo4j+s://a.b:7687", false, null],
    ["bolt+s://a.b:7687", false, null],
    ["bolt+ssc://127.0.0.1:7687", { allowUnverifiedTls: true }, null],
    ["neo4j+ssc://a", { allowUnverifiedTls: false, allowInsecureUrl: true }, "uses neo4j+ssc://, which encrypts but accepts any certificate (self-signed, expired or issued for another host): it never checks who answers, so anyone on the network path can pose as the server and receive the user and password; use neo4j+s:// with a certificate your system trusts, or set allowUnverifiedTls: true if you really mean it"],
    ["bolt+ssc://127.0.0.1:7687", false, "uses bolt+ssc://, which encrypts but accepts any certificate (self-signed, expired or issued for another host): it never checks who answers, so anyone on the network path can pose as the server and receive the user and password; use bolt+s:// with a certificate your system trusts, or set allowUnverifiedTls: true if you really mean it"],
    ["neo4j://a", true, null],
    ["neo4j://a", false, "uses the unencrypted scheme neo4j://; allowed: neo4j+s, bolt+s (or set allowInsecureUrl: true)"],
    ["https://a", true, "has unknown scheme https://; allowed: neo4j+s, bolt+s, neo4j, bolt"],
    ["https://a", { allowInsecureUrl: true, allowUnverifiedTls: true }, "has unknown scheme https://; allowed: neo4j+s, bolt+s, neo4j+ssc, bolt+ssc, neo4j, bolt"],
    ["neo4j+s://a@b", { allowInsecureUrl: true, allowUnverifiedTls: true }, "must not hold credentials (user:password@ before the host; the value is not shown): a URL is copied into cdk.tf.json, the Terraform state and logs; give the user in connection.user and the password as a secret reference in connection.password"],
    ["not a url", false, "must be a URL like neo4j+s://host:7687: a scheme, a host name or address, an optional port and routing context (?key=value), nothing else"],
    ["neo4j+s://db.example.com:7687/path?policy=eu", false, "must be a URL like neo4j+s://host:7687: a scheme, a host name or address, an optional port and routing context (?key=value), nothing else"],
    ["neo4j+s://db.example.com:7687?policy=eu", false, null],
  ])("checkNeo4jUrl(%s, %j)", (url, optIns, expected) => {
    expect(checkNeo4jUrl(url, optIns)).toBe(expected);
  });

  test.each<[string, number | null]>([
    ["500ms", 500],
    ["5s", 5000],
    ["2m", 120000],
    ["1h", 3600000],
    ["PT1M30S", 90000],
    ["PT0.5S", 500],
    ["PT", null],
    ["5", null],
    ["-5s", null],
  ])("parseDurationMs(%s)", (text, ms) => expect(parseDurationMs(text)).toBe(ms));
});

describe("docs/neo4j-access.md examples", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const YAML = require("yaml") as typeof import("yaml");
  const md = require("node:fs").readFileSync(require("node:path").join(__dirname, "../../../docs/neo4j-access.md"), "utf8") as string;
  const blocks = [...md.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => YAML.parse(m[1]));

  test("the DBMS B and DBMS A examples of reference 000 validate", () => {
    expect(parseNeo4jAccess(blocks[0].neo4jAccess).roles[0].name).toBe("shared_to_remote");
    expect(parseNeo4jAccess(blocks[1].neo4jAccess).remoteAliases[0].name).toBe("db1-remote-alias");
  });

  test("the privilege example validates", () => {
    const roles = blocks.find((b) => b?.roles && !b.neo4jAccess).roles;
    const c = parseNeo4jAccess({ ...blocks[1].neo4jAccess, roles });
    expect(c.roles[0].privileges.map((p) => `${p.action} ${p.privilege}`)).toEqual(["GRANT ACCESS", "GRANT MATCH", "DENY READ", "GRANT TRAVERSE", "GRANT READ", "GRANT SHOW TRANSACTION", "GRANT EXECUTE PROCEDURE", "GRANT LOAD", "DENY USER MANAGEMENT"]);
  });

  test("the PUBLIC lock-down example validates", () => {
    const roles = blocks.filter((b) => b?.roles && !b.neo4jAccess)[1].roles;
    const c = parseNeo4jAccess({ ...blocks[1].neo4jAccess, roles });
    expect(c.roles[0].name).toBe("PUBLIC");
    expect(c.roles[0].privileges.map((p) => `${p.action} ${p.privilege}${p.absent ? " absent" : ""}`)).toEqual(["GRANT LOAD absent", "GRANT EXECUTE PROCEDURE absent", "DENY LOAD"]);
  });

  test("the lambda runner example validates once the passwords are Secrets Manager ARNs", () => {
    const a = { ...blocks[1].neo4jAccess, runner: blocks.find((b) => b?.runner).runner };
    expect(() => parseNeo4jAccess(a)).toThrow("must be {secretsManagerArn} with the lambda runner");
    const arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-AbCdEf";
    a.connection.password = { secretsManagerArn: arn };
    a.remoteAliases[0].credentials.password = { secretsManagerArn: arn };
    expect(parseNeo4jAccess(a).runner?.type).toBe("lambda");
  });
});

import { describeSecretRef, displayParam, displayStatement, driverParam, type ParamValue } from "../../../runtime/cypher/model";
import { capabilities, parseServerAgent, parseVersion } from "../../../runtime/cypher/server-version";

/** How statements and parameters are shown in a plan, the DRIVER map sent, and what a server version allows. */
describe("parameters as the plan shows them", () => {
  test.each<[ParamValue, string]>([
    [null, "null"],
    ["text", '"text"'],
    [7, "7"],
    [true, "true"],
    [[1, "a", [false]], '[1, "a", [false]]'],
    [{ $secret: { env: "PW" } }, "<secret from environment variable PW>"],
    [{ $secret: { file: "/run/pw" } }, "<secret from file /run/pw>"],
    [{ $secret: { secretsManagerArn: "arn:aws:secretsmanager:eu-west-1:1:secret:x" } }, "<secret from Secrets Manager arn:aws:secretsmanager:eu-west-1:1:secret:x>"],
    [{ $secret: { secretsManagerArn: "arn:aws:secretsmanager:eu-west-1:1:secret:x", jsonKey: "pw" } }, "<secret from Secrets Manager arn:aws:secretsmanager:eu-west-1:1:secret:x (key pw)>"],
    [{ $durationMs: 1500 }, "duration(PT1.5S)"],
    [{ $temporal: { kind: "date", text: "2024-10-25" } }, 'date("2024-10-25")'],
    [{ a: 1, b: { $durationMs: 5000 }, c: [null] }, "{a: 1, b: duration(PT5S), c: [null]}"],
    [{}, "{}"],
  ])("%j is %s", (v, text) => {
    expect(displayParam(v)).toBe(text);
  });

  test("a statement with parameters lists each under the query; one without is the query alone", () => {
    expect(displayStatement({ query: "CREATE ROLE `r` IF NOT EXISTS", params: {} })).toBe("CREATE ROLE `r` IF NOT EXISTS");
    expect(displayStatement({ query: "ALTER ALIAS `a` SET DATABASE USER $user PASSWORD $password", params: { user: "u", password: { $secret: { env: "PW" } } } })).toBe(
      'ALTER ALIAS `a` SET DATABASE USER $user PASSWORD $password\n    $user = "u"\n    $password = <secret from environment variable PW>',
    );
  });

  test.each([
    [{ env: "A" }, "environment variable A"],
    [{ file: "f" }, "file f"],
    [{ secretsManagerArn: "arn:x" }, "Secrets Manager arn:x"],
    [{ secretsManagerArn: "arn:x", jsonKey: "k" }, "Secrets Manager arn:x (key k)"],
  ])("secret reference %j is %s", (ref, text) => {
    expect(describeSecretRef(ref)).toBe(text);
  });
});

describe("the DRIVER map", () => {
  test("durations become milliseconds, the logging level stays text, keys sorted, unset keys left out", () => {
    expect(driverParam({ ssl_enforced: true, logging_level: "INFO", connection_timeout: "5s", connection_max_lifetime: "1h", connection_pool_max_size: 10, connection_pool_acquisition_timeout: undefined } as never)).toEqual({
      connection_max_lifetime: { $durationMs: 3_600_000 },
      connection_pool_max_size: 10,
      connection_timeout: { $durationMs: 5000 },
      logging_level: "INFO",
      ssl_enforced: true,
    });
    expect(Object.keys(driverParam({ ssl_enforced: true, connection_timeout: "1s" } as never)!)).toEqual(["connection_timeout", "ssl_enforced"]);
  });
  test.each([[undefined], [{}], [{ connection_timeout: undefined }]])("%j sends no map", (d) => {
    expect(driverParam(d as never)).toBeUndefined();
  });
  test("a duration that does not parse is refused, naming it", () => {
    expect(() => driverParam({ connection_timeout: "soon" } as never)).toThrow('invalid duration "soon"');
  });
});

describe("what a server version allows", () => {
  test.each([
    ["Neo4j/5.26.0", { major: 5, minor: 26, text: "5.26.0" }],
    ["neo4j/2025.06.1", { major: 2025, minor: 6, text: "2025.06.1" }],
    ["Neo4j/2026.01", { major: 2026, minor: 1, text: "2026.01" }],
    ["Memgraph/2.0", null],
    ["Neo4j/x.1", null],
    ["", null],
    [undefined, null],
    [null, null],
  ])("agent %j reads as %j", (agent, expected) => {
    expect(parseServerAgent(agent)).toEqual(expected);
  });

  test.each([
    ["5.16", [5, 16]],
    ["2025.08", [2025, 8]],
  ])("version %s", (text, expected) => {
    expect(parseVersion(text)).toEqual(expected);
  });
  test.each([["5"], ["5.16.1"], ["v5.16"], [" 5.16"]])("%j is not a version", (text) => {
    expect(() => parseVersion(text)).toThrow(`not a Neo4j version: ${text}`);
  });

  test.each<[string, { version: string; cypher25: boolean; oidcForwarding: boolean; aliasDefaultLanguage: boolean }]>([
    ["Neo4j/5.26.0", { version: "Neo4j 5.26.0", cypher25: false, oidcForwarding: false, aliasDefaultLanguage: false }],
    ["Neo4j/2025.05.0", { version: "Neo4j 2025.05.0", cypher25: false, oidcForwarding: false, aliasDefaultLanguage: false }],
    ["Neo4j/2025.06.0", { version: "Neo4j 2025.06.0", cypher25: true, oidcForwarding: false, aliasDefaultLanguage: true }],
    ["Neo4j/2025.12.0", { version: "Neo4j 2025.12.0", cypher25: true, oidcForwarding: false, aliasDefaultLanguage: true }],
    ["Neo4j/2026.01.0", { version: "Neo4j 2026.01.0", cypher25: true, oidcForwarding: true, aliasDefaultLanguage: true }],
  ])("%s", (agent, expected) => {
    const c = capabilities(agent);
    expect({ version: c.version, cypher25: c.cypher25, oidcForwarding: c.oidcForwarding, aliasDefaultLanguage: c.aliasDefaultLanguage }).toEqual(expected);
  });

  test.each([
    ["Neo4j/5.26.0", "5.26", true],
    ["Neo4j/5.26.0", "5.27", false],
    ["Neo4j/5.26.0", "2025.01", false],
    ["Neo4j/2025.08.0", "2025.08", true],
    ["Neo4j/2025.08.0", "2025.09", false],
    ["Neo4j/2025.08.0", "5.26", true],
    ["Neo4j/2025.08.0", "2024.12", true],
  ])("%s is at least %s: %s", (agent, version, expected) => {
    expect(capabilities(agent).atLeast(version)).toBe(expected);
  });

  test.each([
    [undefined, "unknown"],
    ["", "unknown"],
    ["SomeProxy/1.0", "unknown (SomeProxy/1.0)"],
  ])("an unreadable agent %j is treated as the newest server", (agent, version) => {
    const c = capabilities(agent);
    expect({ version: c.version, cypher25: c.cypher25, oidcForwarding: c.oidcForwarding, aliasDefaultLanguage: c.aliasDefaultLanguage, any: c.atLeast("2099.01") }).toEqual({ version, cypher25: true, oidcForwarding: true, aliasDefaultLanguage: true, any: true });
  });
});

import {
  AURA_API_BASE_URL,
  AURA_CMK_PATH,
  AURA_TOKEN_PATH,
  REASON_KEY_ACTIVE,
  REASON_KEY_NOT_FOUND,
  auraApiBaseUrlProblem,
  auraApiBaseUrlSchema,
  auraApiCredentialsSchema,
  auraCmkRunnerSchema,
  auraSecretRefSchema,
  cmkRegistrationSpecSchema,
  cmkStatusOutcome,
  normalizeBaseUrl,
} from "../../../domain/aura/aura-api";

/**
 * domain/aura/aura-api.ts directly (the runtime tests reach it only through the HTTP client): the base URL
 * rule with each refusal and its near-misses, the status meanings, secret references, durations, and the
 * schema issues as zod reports them. Facts: docs/vendor-facts.md, "Aura API".
 */

const HTTPS_ONLY = "must use https:// (plain http:// is accepted only on loopback: 127.0.0.1, [::1] or localhost)";
const BAD_HOST = "must name its host by a DNS name or an IP address";
const NOT_PLAIN = (reads: string, why = "no spaces, quotes, braces or backticks") => `must be written as it is read: ${reads} (${why})`;
const CREDENTIALS =
  "must not hold credentials (user:password@ before the host; the value is not shown): a URL is copied into cdk.tf.json, the Terraform state and logs; give clientId and clientSecret as secret references";

describe("Aura API facts", () => {
  test("base URL, paths and error reasons (docs/vendor-facts.md, Aura API)", () => {
    expect([AURA_API_BASE_URL, AURA_TOKEN_PATH, AURA_CMK_PATH, REASON_KEY_ACTIVE, REASON_KEY_NOT_FOUND]).toEqual([
      "https://api.neo4j.io",
      "/oauth/token",
      "/v1/customer-managed-keys",
      "encryption-key-is-active",
      "encryption-key-not-found",
    ]);
  });
});

describe("auraApiBaseUrlProblem", () => {
  test.each<[string, string, string | null]>([
    // Accepted
    ["the Aura API", "https://api.neo4j.io", null],
    ["with a trailing slash", "https://api.neo4j.io/", null],
    ["with a path", "https://api.neo4j.io/proxy/v1", null],
    ["https with a port", "https://proxy.example.com:8443", null],
    ["a single-label host over https", "https://proxy", null],
    ["https to an IPv6 address", "https://[2001:db8::1]", null],
    ["http on 127.0.0.1", "http://127.0.0.1:8080", null],
    ["http on localhost", "http://localhost:8080", null],
    ["http on [::1]", "http://[::1]:9000", null],
    ["http on 127.x.y.z with multi-digit parts", "http://127.10.20.30", null],
    ["http on 127.0.0.2", "http://127.0.0.2", null],

    // Credentials in the URL (checked before anything else, even before parsing)
    ["user and password", "https://user:pw@api.neo4j.io", CREDENTIALS],
    ["an @ in the path", "https://api.neo4j.io/a@b", CREDENTIALS],
    ["an @ in text that is no URL", "not a url@all", CREDENTIALS],

    // Not a URL
    ["no scheme", "api.neo4j.io", "must be an absolute URL like https://api.neo4j.io"],
    ["text", "not a url", "must be an absolute URL like https://api.neo4j.io"],
    ["empty", "", "must be an absolute URL like https://api.neo4j.io"],

    // Query or fragment
    ["a query", "https://api.neo4j.io/?x=1", "must not have a query or fragment"],
    ["a fragment", "https://api.neo4j.io/#f", "must not have a query or fragment"],
    ["a query and a fragment", "https://api.neo4j.io/?x=1#f", "must not have a query or fragment"],

    // Host names the URL parser lets through
    ["junk before the host", "https://$api.neo4j.io", BAD_HOST],
    ["junk after the host", "https://api.neo4j.io$", BAD_HOST],
    ["junk inside a label", "https://api.ne{o}4j.io", BAD_HOST],
    ["an underscore", "https://a_b.example.com", BAD_HOST],
    ["junk before a loopback address (the parser refuses it)", "http://$127.0.0.1", "must be an absolute URL like https://api.neo4j.io"],

    // Text the parser rewrites
    ["a space in the path", "https://api.neo4j.io/a b", NOT_PLAIN("https://api.neo4j.io/a%20b")],
    ["a quote in the path", 'https://api.neo4j.io/a"b', NOT_PLAIN("https://api.neo4j.io/a%22b")],
    ["a short IPv4 address", "http://127.1", NOT_PLAIN("http://127.0.0.1", "the host reads as 127.0.0.1")],
    ["a host in capitals", "https://API.neo4j.io", NOT_PLAIN("https://api.neo4j.io", "host names are lower case")],
    ["https's own port", "https://api.neo4j.io:443", NOT_PLAIN("https://api.neo4j.io", "the scheme's own port is left out")],
    ["http's own port on loopback", "http://localhost:80/", NOT_PLAIN("http://localhost", "the scheme's own port is left out")],
    ["https's own port on an IPv6 address", "https://[::1]:443", NOT_PLAIN("https://[::1]", "the scheme's own port is left out")],
    ["an empty port", "https://api.neo4j.io:", NOT_PLAIN("https://api.neo4j.io", "an empty port is left out")],

    // Plain http off loopback, other schemes
    ["http to the Aura API", "http://api.neo4j.io", HTTPS_ONLY],
    ["http to 128.0.0.1", "http://128.0.0.1", HTTPS_ONLY],
    ["http to 10.127.0.1", "http://10.127.0.1", HTTPS_ONLY],
    ["http to a name starting like a loopback address", "http://127.0.0.1.example.com", HTTPS_ONLY],
    ["http to a name starting with localhost", "http://localhost.example.com", HTTPS_ONLY],
    ["ftp on loopback", "ftp://127.0.0.1", HTTPS_ONLY],
    ["ws on localhost", "ws://localhost:8080", HTTPS_ONLY],
  ])("%s: %s", (_name, url, expected) => {
    expect(auraApiBaseUrlProblem(url)).toBe(expected);
  });

  test("the credentials message names where they belong instead", () => {
    expect(auraApiBaseUrlProblem("https://id:secret@api.neo4j.io", "use --client-id")).toBe(
      "must not hold credentials (user:password@ before the host; the value is not shown): a URL is copied into cdk.tf.json, the Terraform state and logs; use --client-id",
    );
  });
});

describe("normalizeBaseUrl", () => {
  test.each([
    ["https://api.neo4j.io", "https://api.neo4j.io"],
    ["https://api.neo4j.io/", "https://api.neo4j.io"],
    ["https://api.neo4j.io///", "https://api.neo4j.io"],
    ["http://127.0.0.1:8080/proxy/", "http://127.0.0.1:8080/proxy"],
    ["http://127.0.0.1:8080//proxy", "http://127.0.0.1:8080//proxy"],
    ["", ""],
    ["/", ""],
  ])("%j -> %j", (input, expected) => {
    expect(normalizeBaseUrl(input)).toBe(expected);
  });
});

describe("cmkStatusOutcome", () => {
  const READY = { outcome: "ready", meaning: "Aura can use the key: create instances in this region with it" };
  const WAIT = {
    outcome: "wait",
    meaning:
      "Aura has the key but cannot use it yet: it is checking its access (the key policy statement, the service accounts' roles or the service principal's role from the Aura console must be in place)",
  };
  const DELETING = { outcome: "fail", meaning: "the registration is being removed from Aura (someone deleted it); register the key again once it is gone" };
  const FAILED = {
    outcome: "fail",
    meaning: "Aura could not use the key: check that the key exists, is enabled and grants Aura the access the console shows, then delete and register it again",
  };
  const unknown = (shown: string) => ({
    outcome: "fail",
    meaning: `status ${shown} is not one the Aura API documents; check the key in the Aura console > security settings > Customer Managed Key`,
  });

  test.each<[string | undefined, { outcome: string; meaning: string }]>([
    ["ready", READY],
    ["READY", READY],
    [" Ready\n", READY],
    ["pending", WAIT],
    ["PENDING ", WAIT],
    ["", WAIT],
    ["   ", WAIT],
    [undefined, WAIT],
    ["deleting", DELETING],
    ["Deleting", DELETING],
    ["error", FAILED],
    ["failed", FAILED],
    ["FAILED", FAILED],
    ["readyish", unknown('"readyish"')],
    ["not-ready", unknown('"not-ready"')],
    ["disabled", unknown('"disabled"')],
    [" Rotating ", unknown('" Rotating "')],
  ])("%j", (status, expected) => {
    expect(cmkStatusOutcome(status)).toEqual(expected);
  });
});

describe("auraSecretRefSchema", () => {
  test.each<[string, unknown]>([
    ["env", { env: "AURA_CLIENT_ID" }],
    ["file", { file: "/run/secrets/aura-client-secret" }],
    ["Secrets Manager", { secretsManagerArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:aura-api-AbCdEf" }],
    ["Secrets Manager with a JSON key", { secretsManagerArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:aura-api-AbCdEf", jsonKey: "clientSecret" }],
  ])("a reference (%s) is taken as given", (_name, ref) => {
    expect(auraSecretRefSchema.safeParse(ref)).toEqual({ success: true, data: ref });
  });

  test.each<[string, unknown, string]>([
    ["a literal secret", "s3cr3t-value", "a literal string (<not shown>)"],
    ["a number", 12345, "a literal number (<not shown>)"],
    ["a list", ["s3cr3t"], "a literal list (<not shown>)"],
    ["an object with a secret beside a reference key", { env: "AURA_CLIENT_ID", value: "s3cr3t" }, 'an object with keys "env", "value" (values <not shown>)'],
    ["an env reference with a bad name", { env: "1-not-a-name" }, 'an object with keys "env" (values <not shown>)'],
  ])("%s is refused without being repeated", (_name, value, description) => {
    const result = auraSecretRefSchema.safeParse(value, { reportInput: true });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([{ code: "custom", path: [], message: "must be a secret reference, never the id or secret itself", input: { description } }]);
  });
});

describe("auraApiCredentialsSchema", () => {
  test("both references", () => {
    expect(auraApiCredentialsSchema.parse({ clientId: { env: "AURA_CLIENT_ID" }, clientSecret: { file: "/run/secrets/aura" } })).toEqual({
      clientId: { env: "AURA_CLIENT_ID" },
      clientSecret: { file: "/run/secrets/aura" },
    });
  });

  test("a literal client secret is refused at its path", () => {
    const result = auraApiCredentialsSchema.safeParse({ clientId: { env: "AURA_CLIENT_ID" }, clientSecret: "s3cr3t" });
    expect(result.error?.issues).toEqual([{ code: "custom", path: ["clientSecret"], message: "must be a secret reference, never the id or secret itself" }]);
  });
});

describe("durations (auraCmkRunnerSchema)", () => {
  test("defaults", () => {
    expect(auraCmkRunnerSchema.parse({})).toEqual({ cliCommand: "npx --no aura-secure", timeout: "15m", pollInterval: "15s" });
  });

  test.each(["1ms", "1s", "30s", "10m", "1h", "PT1M30S", "PT0.5S"])("%s is a duration", (d) => {
    expect(auraCmkRunnerSchema.safeParse({ timeout: d, pollInterval: d })).toEqual({
      success: true,
      data: { cliCommand: "npx --no aura-secure", timeout: d, pollInterval: d },
    });
  });

  test.each(["0s", "0ms", "PT0S", "0h", "", "PT", "30", "abc", "-5s", "1.5s", "10 m"])("%j is refused", (d) => {
    expect(auraCmkRunnerSchema.safeParse({ timeout: d, pollInterval: d }).error?.issues).toEqual([
      { code: "custom", path: ["timeout"], message: 'must be a duration like "30s", "10m" or "1h" (how long to wait for the key to become ready)' },
      { code: "custom", path: ["pollInterval"], message: 'must be a duration like "30s", "10m" or "1h" (time between status checks)' },
    ]);
  });
});

describe("auraApiBaseUrlSchema", () => {
  test("a good URL passes as written", () => {
    expect(auraApiBaseUrlSchema.safeParse("http://127.0.0.1:8080/")).toEqual({ success: true, data: "http://127.0.0.1:8080/" });
  });

  test("a URL with credentials: the issue hides them", () => {
    expect(auraApiBaseUrlSchema.safeParse("https://id:s3cr3t@api.neo4j.io", { reportInput: true }).error?.issues).toEqual([
      { code: "custom", path: [], message: CREDENTIALS, input: "https://<credentials not shown>@api.neo4j.io" },
    ]);
  });

  test("plain http off loopback", () => {
    expect(auraApiBaseUrlSchema.safeParse("http://api.neo4j.io", { reportInput: true }).error?.issues).toEqual([
      { code: "custom", path: [], message: HTTPS_ONLY, input: "http://api.neo4j.io" },
    ]);
  });
});

describe("cmkRegistrationSpecSchema", () => {
  const request = {
    name: "eu-key",
    tenant_id: "6e6a2c1b-0d3c-4c8e-9f2a-1b2c3d4e5f60",
    instance_type: "enterprise-db",
    cloud_provider: "aws",
    key_id: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    region: "eu-west-1",
  };
  const credentials = { clientId: { env: "AURA_CLIENT_ID" }, clientSecret: { env: "AURA_CLIENT_SECRET" } };

  test("defaults: the Aura API, 15 minutes, every 15 seconds", () => {
    expect(cmkRegistrationSpecSchema.parse({ credentials, request })).toEqual({
      baseUrl: "https://api.neo4j.io",
      credentials,
      request,
      timeout: "15m",
      pollInterval: "15s",
    });
  });

  test("a zero deadline and a bad base URL are refused at their paths", () => {
    expect(cmkRegistrationSpecSchema.safeParse({ baseUrl: "http://api.neo4j.io", credentials, request, timeout: "0s", pollInterval: "5s" }).error?.issues).toEqual([
      { code: "custom", path: ["baseUrl"], message: HTTPS_ONLY },
      { code: "custom", path: ["timeout"], message: 'must be a duration like "30s", "10m" or "1h" (overall deadline)' },
    ]);
  });
});

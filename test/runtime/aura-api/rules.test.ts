import { z } from "zod";
import { auraApiBaseUrlProblem, auraSecretRefSchema, cmkRegistrationSpecSchema, cmkStatusOutcome } from "../../../domain/aura/aura-api";
import { formatZodIssues } from "../../../domain/errors";
import { describeAuraError, parseErrorItems } from "../../../runtime/aura-api/errors";
import { backoffDelayMs, parseRetryAfter, retryKind } from "../../../runtime/aura-api/retry";
import { parseRefFlag } from "../../../runtime/aura-api/credentials";

const NOW = Date.parse("2026-12-02T12:00:00Z");

describe("parseRetryAfter", () => {
  test.each([
    ["absent", null, null],
    ["delta seconds", "3", 3000],
    ["zero", "0", 0],
    ["padded", " 7 ", 7000],
    ["HTTP-date 5 s ahead", "Wed, 02 Dec 2026 12:00:05 GMT", 5000],
    ["HTTP-date in the past", "Wed, 02 Dec 2026 11:59:00 GMT", 0],
    ["negative number", "-1", null],
    ["fraction", "1.5", null],
    ["garbage", "soon", null],
  ])("%s", (_name, header, expected) => {
    expect(parseRetryAfter(header, NOW)).toBe(expected);
  });
});

describe("retryKind: 429 always, 5xx and network errors only when idempotent, other 4xx never", () => {
  test.each([
    [429, false, "rate-limited"],
    [429, true, "rate-limited"],
    [500, true, "server-error"],
    [503, true, "server-error"],
    [503, false, null],
    [null, true, "network"],
    [null, false, null],
    [400, true, null],
    [401, true, null],
    [403, true, null],
    [404, true, null],
    [409, true, null],
    [200, true, null],
  ] as const)("%s idempotent=%s -> %s", (status, idempotent, expected) => {
    expect(retryKind(status, idempotent)).toBe(expected);
  });
});

describe("backoffDelayMs", () => {
  const policy = { baseMs: 1000, capMs: 8000, maxRetries: 5 };
  test.each([
    ["first retry, no jitter", 1, null, 0, 500],
    ["first retry, full jitter", 1, null, 1, 1000],
    ["third retry", 3, null, 1, 4000],
    ["capped", 10, null, 1, 8000],
    ["Retry-After longer than backoff wins", 1, 5000, 1, 5000],
    ["backoff longer than Retry-After wins", 4, 1000, 1, 8000],
    ["Retry-After above the cap is still honoured", 1, 60_000, 0.5, 60_000],
  ])("%s", (_n, retry, retryAfter, random, expected) => {
    expect(backoffDelayMs(retry, retryAfter, policy, () => random)).toBe(expected);
  });
});

describe("describeAuraError turns Aura's error body into one line", () => {
  test.each([
    [
      "field errors",
      400,
      '{"errors":[{"message":"must be one of aws, gcp, azure","reason":"invalid-input","field":"cloud_provider"}]}',
      "req-1",
      ["registering: Aura API answered 400: cloud_provider: must be one of aws, gcp, azure [reason invalid-input]", "correct it before sending it again", "X-Request-Id req-1"],
    ],
    ["key in use", 400, '{"errors":[{"message":"Can not delete encryption key k. The key is linked to an active instance.","reason":"encryption-key-is-active"}]}', null, ["The key is linked to an active instance. [reason encryption-key-is-active]"]],
    ["gateway's single error", 403, '{"error":"Forbidden"}', null, ["answered 403: Forbidden", "Admin is the safe choice"]],
    ["no JSON", 502, "<html>bad gateway</html>", null, ["answered 502 (no error details in the response)", "server error"]],
    ["empty", 404, "", null, ["answered 404 (Aura does not know this resource"]],
  ])("%s", (_n, status, body, requestId, parts) => {
    const msg = describeAuraError("registering", status, body, requestId);
    for (const p of parts) expect(msg).toContain(p);
  });

  test("parseErrorItems keeps message, reason and field; ignores other shapes", () => {
    expect(parseErrorItems('{"errors":[{"message":"m","reason":"r","field":"f"},"x"]}')).toEqual([{ message: "m", reason: "r", field: "f" }]);
    expect(parseErrorItems("[]")).toEqual([]);
    expect(parseErrorItems("not json")).toEqual([]);
  });
});

describe("auraApiBaseUrlProblem: https, or http on loopback only", () => {
  test.each([
    ["https://api.neo4j.io", null],
    ["https://api.neo4j.io/", null],
    ["http://127.0.0.1:8080", null],
    ["http://127.1.2.3", null],
    ["http://[::1]:9000", null],
    ["http://localhost:9000", null],
    ["http://api.neo4j.io", "must use https://"],
    ["http://10.0.0.5", "must use https://"],
    ["ftp://api.neo4j.io", "must use https://"],
    ["api.neo4j.io", "absolute URL"],
    ["https://user:pw@api.neo4j.io", "must not hold credentials"],
    ["https://api.neo4j.io?x=1", "query"],
  ])("%s", (url, problem) => {
    const got = auraApiBaseUrlProblem(url);
    if (problem === null) expect(got).toBeNull();
    else expect(got).toContain(problem);
  });
});

describe("cmkStatusOutcome", () => {
  test.each([
    ["ready", "ready", "create instances"],
    ["READY", "ready", "create instances"],
    ["pending", "wait", "checking its access"],
    [undefined, "wait", "checking its access"],
    ["deleting", "fail", "being removed"],
    ["error", "fail", "could not use the key"],
    ["quarantined", "fail", 'status "quarantined" is not one the Aura API documents'],
  ])("%s -> %s", (status, outcome, meaning) => {
    const r = cmkStatusOutcome(status);
    expect(r.outcome).toBe(outcome);
    expect(r.meaning).toContain(meaning);
  });
});

describe("client id and secret are references, never literals, and refusals never repeat them", () => {
  const LITERAL = "s3cr3t-literal-value-987";
  const schema = z.object({ clientSecret: auraSecretRefSchema });
  const problems = (v: unknown) => {
    const r = schema.safeParse({ clientSecret: v }, { reportInput: true });
    return r.success ? [] : formatZodIssues(r.error.issues);
  };

  test.each([
    ["a literal string", LITERAL, 'got a literal string (<not shown>)'],
    ["an object with a literal", { value: LITERAL }, 'got an object with keys "value" (values <not shown>)'],
    ["a number", 12345, 'got a literal number (<not shown>)'],
  ])("refuses %s", (_n, value, shown) => {
    const lines = problems(value);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("clientSecret: ");
    expect(lines[0]).toContain(shown);
    expect(lines[0]).toContain("must be a secret reference");
    expect(lines.join("\n")).not.toContain(LITERAL);
    expect(lines.join("\n")).not.toContain("12345");
  });

  test.each([[{ env: "AURA_CLIENT_SECRET" }], [{ file: "/run/secrets/aura" }], [{ secretsManagerArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:aura", jsonKey: "secret" }]])("accepts %j", (ref) => {
    expect(problems(ref)).toEqual([]);
  });

  test("the runner spec refuses a literal secret without repeating it", () => {
    const r = cmkRegistrationSpecSchema.safeParse({
      credentials: { clientId: { env: "A" }, clientSecret: LITERAL },
      request: { name: "k", tenant_id: "t-1", instance_type: "enterprise-db", cloud_provider: "aws", key_id: "arn", region: "us-east-1" },
    }, { reportInput: true });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error!.issues)).not.toContain(LITERAL);
  });

  test.each([
    ["env:AURA_ID", { env: "AURA_ID" }],
    ["file:/run/secrets/x", { file: "/run/secrets/x" }],
    ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:aura-api#client_secret", { secretsManagerArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:aura-api", jsonKey: "client_secret" }],
  ])("command-line reference %s", (text, ref) => {
    expect(parseRefFlag(text, "--client-secret")).toEqual(ref);
  });

  test.each([
    ["a literal", LITERAL, "not a secret reference (the value is not shown)"],
    ["a bad env name", "env:1X", "is not an environment variable name"],
    ["an empty file", "file:", "needs a path"],
    ["a non Secrets Manager ARN", "arn:aws:kms:eu-west-1:123456789012:key/x", "is not a Secrets Manager secret ARN"],
  ])("command line refuses %s", (_n, text, message) => {
    expect(() => parseRefFlag(text, "--client-secret")).toThrow(message);
    try {
      parseRefFlag(text, "--client-secret");
    } catch (e) {
      expect((e as Error).message).not.toContain(LITERAL);
    }
  });
});

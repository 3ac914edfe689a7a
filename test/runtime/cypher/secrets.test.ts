import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { UserError } from "../../../runtime/cli/errors";
import { awsSdkSecretsManagerFetcher, secretResolver } from "../../../runtime/cypher/secrets";
import { FakeSecretsManager } from "../../support/fake-secrets-manager";

/**
 * Secret references resolved at apply time: environment variables, files and Secrets Manager (the fetcher is the
 * Lambda's seam; the AWS SDK one runs against a loopback Secrets Manager that answers as GetSecretValue is
 * documented). Values here are test values, never real secrets.
 */
const ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:neo4j-admin-AbCdEf";
let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "aura-secrets-"))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string, body: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, body);
  return p;
};

describe("environment variables and files", () => {
  const resolve = secretResolver({ env: { PW: "from-env", EMPTY: "" } });
  test("a set variable", async () => {
    await expect(resolve({ env: "PW" })).resolves.toBe("from-env");
  });
  test.each([["UNSET"], ["EMPTY"]])("%s is refused, naming it", async (name) => {
    const e = await resolve({ env: name }).catch((x) => x);
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toBe(`environment variable ${name} is not set (it must hold a password at apply time)`);
  });
  test.each([
    ["one trailing newline is dropped", "pw-1\n", "pw-1"],
    ["a trailing CRLF is dropped", "pw-2\r\n", "pw-2"],
    ["only one newline is dropped", "pw-3\n\n", "pw-3\n"],
    ["inner and leading whitespace is kept", " pw 4", " pw 4"],
  ])("a file: %s", async (_name, body, expected) => {
    await expect(resolve({ file: file(`f-${expected.length}-${body.length}`, body) })).resolves.toBe(expected);
  });
  test.each([["empty", ""], ["only a newline", "\n"]])("a file that is %s is refused", async (name, body) => {
    const p = file(`empty-${name.length}`, body);
    await expect(resolve({ file: p })).rejects.toThrow(new UserError(`secret file ${p} is empty`));
  });
  test("a file that is not there is refused with the system's code", async () => {
    const p = path.join(dir, "missing");
    await expect(resolve({ file: p })).rejects.toThrow(new UserError(`cannot read secret file ${p}: ENOENT`));
  });
  test("the process environment by default", async () => {
    process.env.AURA_SECRETS_TEST_PW = "from-process";
    try {
      await expect(secretResolver()({ env: "AURA_SECRETS_TEST_PW" })).resolves.toBe("from-process");
    } finally {
      delete process.env.AURA_SECRETS_TEST_PW;
    }
  });
});

describe("Secrets Manager references", () => {
  const fetcher = (answers: Record<string, string>, calls: string[] = []) => async (arn: string) => {
    calls.push(arn);
    if (!(arn in answers)) throw Object.assign(new Error("Secrets Manager can't find the specified secret."), { name: "ResourceNotFoundException" });
    return answers[arn]!;
  };

  test("the CLI refuses them (only the Lambda runner reads Secrets Manager)", async () => {
    await expect(secretResolver({ env: {} })({ secretsManagerArn: ARN })).rejects.toThrow(
      new UserError(`Secrets Manager ${ARN}: Secrets Manager references are resolved by the Lambda runner only; use {env} or {file} with the CLI`),
    );
  });
  test("the whole secret string", async () => {
    await expect(secretResolver({ fetchSecretsManager: fetcher({ [ARN]: "whole" }) })({ secretsManagerArn: ARN })).resolves.toBe("whole");
  });
  test("a JSON key of the secret", async () => {
    await expect(secretResolver({ fetchSecretsManager: fetcher({ [ARN]: JSON.stringify({ password: "pw-json", user: "neo4j" }) }) })({ secretsManagerArn: ARN, jsonKey: "password" })).resolves.toBe("pw-json");
  });
  test.each<[string, string, string]>([
    ["not JSON", "plain", `Secrets Manager ${ARN} (key password): the secret is not JSON, so jsonKey password cannot be read`],
    ["JSON without the key", JSON.stringify({ pass: "x" }), `Secrets Manager ${ARN} (key password): the secret has no string field password`],
    ["the key holds a number", JSON.stringify({ password: 42 }), `Secrets Manager ${ARN} (key password): the secret has no string field password`],
    ["the key holds an empty string", JSON.stringify({ password: "" }), `Secrets Manager ${ARN} (key password): the secret has no string field password`],
    ["JSON null", "null", `Secrets Manager ${ARN} (key password): the secret has no string field password`],
  ])("a JSON key refused: %s", async (_name, text, message) => {
    await expect(secretResolver({ fetchSecretsManager: fetcher({ [ARN]: text }) })({ secretsManagerArn: ARN, jsonKey: "password" })).rejects.toThrow(new UserError(message));
  });
  test("a secret that cannot be read is named with the service's error", async () => {
    await expect(secretResolver({ fetchSecretsManager: fetcher({}) })({ secretsManagerArn: ARN })).rejects.toThrow(
      new UserError(`cannot read Secrets Manager ${ARN}: ResourceNotFoundException: Secrets Manager can't find the specified secret.`),
    );
  });
  test("each reference is read once per run; another key of the same secret is another reference", async () => {
    const calls: string[] = [];
    const resolve = secretResolver({ fetchSecretsManager: fetcher({ [ARN]: JSON.stringify({ a: "1", b: "2" }) }, calls) });
    const values = await Promise.all([resolve({ secretsManagerArn: ARN, jsonKey: "a" }), resolve({ secretsManagerArn: ARN, jsonKey: "a" }), resolve({ secretsManagerArn: ARN, jsonKey: "b" })]);
    expect(values).toEqual(["1", "1", "2"]);
    expect(calls).toEqual([ARN, ARN]);
  });
});

describe("the AWS SDK fetcher", () => {
  let sm: FakeSecretsManager;
  let restoreEnv: () => void = () => undefined;
  const other = "arn:aws:secretsmanager:ap-south-1:111122223333:secret:in-mumbai-AbCdEf";
  const binary = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:binary-AbCdEf";
  beforeAll(async () => {
    sm = await FakeSecretsManager.start([{ arn: ARN, string: "sdk-read" }, { arn: other, string: "sdk-read-mumbai" }, { arn: binary, binary: Buffer.from("bytes") }]);
    restoreEnv = sm.useInProcess();
  });
  afterAll(async () => {
    restoreEnv();
    await sm?.close();
  });

  test("reads the SecretString in the ARN's own region", async () => {
    await expect(awsSdkSecretsManagerFetcher(ARN)).resolves.toBe("sdk-read");
    await expect(awsSdkSecretsManagerFetcher(other)).resolves.toBe("sdk-read-mumbai");
    expect(sm.calls.map((c) => [c.secretId, c.region])).toEqual([
      [ARN, "eu-west-1"],
      [other, "ap-south-1"],
    ]);
  });
  test("refuses a binary secret", async () => {
    await expect(awsSdkSecretsManagerFetcher(binary)).rejects.toThrow("the secret holds binary data (SecretBinary), not text; store the value as a secret string (aws secretsmanager put-secret-value --secret-string)");
  });
  test("refuses an ARN without a region before calling", async () => {
    const before = sm.calls.length;
    await expect(awsSdkSecretsManagerFetcher("arn:aws:secretsmanager::111122223333:secret:x")).rejects.toThrow("the ARN names no region");
    expect(sm.calls.length).toBe(before);
  });
});

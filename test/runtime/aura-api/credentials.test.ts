import { resolveCredentials } from "../../../runtime/aura-api/credentials";
import { UserError } from "../../../runtime/cli/errors";
import { awsSdkSecretsManagerFetcher } from "../../../runtime/cypher/secrets";
import { FakeAuraApi } from "../../support/fake-aura-api";
import { FakeSecretsManager } from "../../support/fake-secrets-manager";
import { runAuraSecure } from "../../support/run-cli";
import { TEST_SECRETS } from "../../support/test-secrets";

/**
 * The CLI's Secrets Manager read (aura cmk --client-id/--client-secret arn:...[#jsonKey]): the real AWS SDK
 * v3 client against a loopback Secrets Manager that answers as GetSecretValue is documented.
 */

const SECRET = TEST_SECRETS.secretsManagerAuraSecret;
const CLIENT_ID = "sm-client-id-1";
const arn = (region: string, name: string) => `arn:aws:secretsmanager:${region}:111122223333:secret:${name}-AbCdEf`;
const JSON_SECRET = arn("eu-west-1", "aura/api");
const PLAIN = arn("eu-west-1", "aura/plain-secret");
const OTHER_REGION = arn("ap-south-1", "aura/in-mumbai");
const BINARY = arn("eu-west-1", "aura/binary");
const DENIED = arn("eu-west-1", "aura/denied");
const DELETED = arn("eu-west-1", "aura/deleted");
const UNDECRYPTABLE = arn("eu-west-1", "aura/key-disabled");
const TWO_LINES = arn("eu-west-1", "aura/two-lines");
const MISSING = arn("eu-west-1", "aura/never-created");

let sm: FakeSecretsManager;
let restoreEnv: () => void = () => undefined;

beforeAll(async () => {
  sm = await FakeSecretsManager.start([
    { arn: JSON_SECRET, string: JSON.stringify({ clientId: CLIENT_ID, clientSecret: SECRET }) },
    { arn: PLAIN, string: SECRET },
    { arn: OTHER_REGION, string: SECRET },
    { arn: BINARY, binary: Buffer.from(SECRET, "utf8") },
    { arn: DENIED, string: SECRET, denied: true },
    { arn: DELETED, string: SECRET, deleted: true },
    { arn: UNDECRYPTABLE, string: SECRET, undecryptable: true },
    { arn: TWO_LINES, string: `${SECRET}\nsecond-line` },
  ]);
  restoreEnv = sm.useInProcess();
});
afterAll(async () => {
  restoreEnv();
  await sm?.close();
});
beforeEach(() => void sm.calls.splice(0));

describe("the AWS SDK fetcher against GetSecretValue", () => {
  test("SecretString: read by its ARN, in the ARN's region (no AWS_REGION set)", async () => {
    await expect(awsSdkSecretsManagerFetcher(PLAIN)).resolves.toBe(SECRET);
    await expect(awsSdkSecretsManagerFetcher(OTHER_REGION)).resolves.toBe(SECRET);
    expect(sm.calls).toEqual([
      { target: "secretsmanager.GetSecretValue", secretId: PLAIN, region: "eu-west-1" },
      { target: "secretsmanager.GetSecretValue", secretId: OTHER_REGION, region: "ap-south-1" },
    ]);
  });

  test("SecretBinary is refused, saying what to store instead (the bytes are not passed on as a credential)", async () => {
    await expect(awsSdkSecretsManagerFetcher(BINARY)).rejects.toThrow(
      "the secret holds binary data (SecretBinary), not text; store the value as a secret string (aws secretsmanager put-secret-value --secret-string)",
    );
  });

  test.each([
    ["aura/never-created", MISSING, "ResourceNotFoundException", "Secrets Manager can't find the specified secret."],
    ["aura/deleted", DELETED, "InvalidRequestException", "You can't perform this operation on the secret because it was marked for deletion."],
    ["aura/key-disabled", UNDECRYPTABLE, "DecryptionFailure", "Secrets Manager can't decrypt the protected secret text using the provided KMS key."],
  ])("%s: the service's error arrives with its name and message", async (_name, secretArn, name, message) => {
    const e = await awsSdkSecretsManagerFetcher(secretArn).catch((x) => x);
    expect({ name: e.name, message: e.message }).toEqual({ name, message });
  });
});

describe("resolveCredentials: Secrets Manager references", () => {
  test("JSON keys of one secret give the client id and the client secret", async () => {
    await expect(
      resolveCredentials({ clientId: { secretsManagerArn: JSON_SECRET, jsonKey: "clientId" }, clientSecret: { secretsManagerArn: JSON_SECRET, jsonKey: "clientSecret" } }),
    ).resolves.toEqual({ clientId: CLIENT_ID, clientSecret: SECRET });
  });

  test.each<[string, { secretsManagerArn: string; jsonKey?: string }, string]>([
    ["a JSON key the secret lacks", { secretsManagerArn: JSON_SECRET, jsonKey: "client_secret" }, `Aura API client secret (Secrets Manager ${JSON_SECRET} (key client_secret)): Secrets Manager ${JSON_SECRET} (key client_secret): the secret has no string field client_secret`],
    ["a JSON key of a secret that is not JSON", { secretsManagerArn: PLAIN, jsonKey: "clientSecret" }, `Aura API client secret (Secrets Manager ${PLAIN} (key clientSecret)): Secrets Manager ${PLAIN} (key clientSecret): the secret is not JSON, so jsonKey clientSecret cannot be read`],
    ["a binary secret", { secretsManagerArn: BINARY }, `Aura API client secret (Secrets Manager ${BINARY}): cannot read Secrets Manager ${BINARY}: Error: the secret holds binary data (SecretBinary), not text; store the value as a secret string (aws secretsmanager put-secret-value --secret-string)`],
    ["a secret that does not exist", { secretsManagerArn: MISSING }, `Aura API client secret (Secrets Manager ${MISSING}): cannot read Secrets Manager ${MISSING}: ResourceNotFoundException: Secrets Manager can't find the specified secret.`],
    [
      "a secret the caller may not read",
      { secretsManagerArn: DENIED },
      `Aura API client secret (Secrets Manager ${DENIED}): cannot read Secrets Manager ${DENIED}: AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/ci-deploy/pipeline is not authorized to perform: secretsmanager:GetSecretValue on resource: ${DENIED} because no identity-based policy allows the secretsmanager:GetSecretValue action`,
    ],
    ["a secret of two lines", { secretsManagerArn: TWO_LINES }, `Aura API client secret (Secrets Manager ${TWO_LINES}): Secrets Manager ${TWO_LINES} holds more than one line; it must hold only the client secret`],
  ])("%s: refused, naming the reference, never the value", async (_name, ref, message) => {
    const e = await resolveCredentials({ clientId: { env: "SM_TEST_CLIENT_ID" }, clientSecret: ref }, { env: { SM_TEST_CLIENT_ID: CLIENT_ID } }).catch((x) => x);
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toBe(message);
    expect(e.message).not.toContain(SECRET);
  });
});

describe("aura cmk with Secrets Manager references, end to end", () => {
  let api: FakeAuraApi;
  beforeAll(async () => void (api = await FakeAuraApi.start({ clientId: CLIENT_ID, clientSecret: SECRET })));
  afterAll(async () => api?.close());

  test("the id and secret read from one JSON secret log in to the Aura API; neither is printed", async () => {
    const r = await runAuraSecure(["aura", "cmk", "list", "--base-url", api.url, "--client-id", `${JSON_SECRET}#clientId`, "--client-secret", `${JSON_SECRET}#clientSecret`, "--json"]);
    expect({ code: r.code, stderr: r.stderr, stdout: JSON.parse(r.stdout) }).toEqual({ code: 0, stderr: "", stdout: [] });
    expect(api.tokenRequests).toBe(1);
    expect(sm.calls.map((c) => c.secretId)).toEqual([JSON_SECRET, JSON_SECRET]);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });

  test("a secret that does not exist: one line naming the flag's reference, and the Aura API is never asked", async () => {
    const before = api.requests.length;
    const r = await runAuraSecure(["aura", "cmk", "list", "--base-url", api.url, "--client-id", `${JSON_SECRET}#clientId`, "--client-secret", MISSING]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: Aura API client secret (Secrets Manager ${MISSING}): cannot read Secrets Manager ${MISSING}: ResourceNotFoundException: Secrets Manager can't find the specified secret.\n`);
    expect(api.requests.length).toBe(before);
  });
});

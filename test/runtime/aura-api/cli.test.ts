import { Command } from "commander";
import { auraCommand } from "../../../runtime/aura-api/cli";
import { runCli } from "../../../runtime/cli/errors";
import { FakeAuraApi } from "../../support/fake-aura-api";
import { recordOutput } from "../../support/secret-sweep";
import { TEST_SECRETS } from "../../support/test-secrets";

const CLIENT_ID = "cli-client-id";
const CLIENT_SECRET = TEST_SECRETS.auraCliClientSecret;
const TENANT = "6f1e2d3c-4b5a-4968-8776-655443322110";
const ARN = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

let fake: FakeAuraApi;
beforeEach(async () => {
  fake = await FakeAuraApi.start({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, pendingPolls: 2 });
});
afterEach(async () => fake.close());

async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = "";
  let stderr = "";
  const sink = { write: (c: string) => (stderr += c) };
  const program = new Command("aura-secure").exitOverride().addCommand(
    auraCommand({
      stdout: { write: (c: string) => (stdout += c) },
      stderr: sink,
      env: { AURA_CLIENT_ID: CLIENT_ID, AURA_CLIENT_SECRET: CLIENT_SECRET, ...env },
      backoff: { baseMs: 5, capMs: 20, maxRetries: 3 },
    }),
  );
  process.exitCode = undefined;
  await runCli(program, ["node", "aura-secure", ...args], { stderr: sink });
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  recordOutput(`aura ${args.join(" ").slice(0, 60)} stdout`, stdout);
  recordOutput(`aura ${args.join(" ").slice(0, 60)} stderr`, stderr);
  return { code, stdout, stderr };
}

const createArgs = () => ["aura", "cmk", "create", "--base-url", fake.url, "--name", "acme-eu", "--tenant-id", TENANT, "--type", "enterprise-db", "--cloud-provider", "aws", "--region", "eu-west-1", "--key-id", ARN];

test("create --await registers, prints progress on stderr and the result on stdout; a second create reuses it", async () => {
  const first = await run([...createArgs(), "--await", "--poll-interval", "10ms"]);
  expect(first.code).toBe(0);
  const [key] = [...fake.keys.values()];
  expect(first.stdout).toBe(`Registered: ${key.id} "acme-eu" project ${TENANT}: aws eu-west-1 enterprise-db key ${ARN}, status ready\nAura can use the key: create instances in this region with it.\n`);
  expect(first.stderr).toContain(`aura cmk: registered ${ARN} as ${key.id} (status pending)`);
  expect(first.stderr).toContain(`aura cmk: key ${key.id} is pending after`);
  expect(first.stderr).not.toContain(CLIENT_SECRET);

  const second = await run([...createArgs(), "--json"]);
  expect(second.code).toBe(0);
  expect(JSON.parse(second.stdout)).toMatchObject({ id: key.id, status: "ready", created: false });
  expect(second.stderr).toContain("not registering it twice");
  expect(fake.apiRequests("POST")).toHaveLength(1);
});

test("a literal client secret on the command line is refused and not repeated", async () => {
  const r = await run([...createArgs(), "--client-secret", CLIENT_SECRET]);
  expect(r.code).toBe(1);
  expect(r.stderr).toBe("error: --client-secret: not a secret reference (the value is not shown); give env:NAME, file:PATH or a Secrets Manager ARN, never the id or secret itself\n");
  expect(fake.requests).toHaveLength(0);
});

test("an unset environment variable is named, with no value", async () => {
  const r = await run([...createArgs(), "--client-secret", "env:NOT_SET_HERE"]);
  expect(r.code).toBe(1);
  expect(r.stderr).toBe("error: Aura API client secret (environment variable NOT_SET_HERE): environment variable NOT_SET_HERE is not set\n");
});

test("plain http to a host other than loopback is refused by its flag, before any secret is read", async () => {
  // The secret's variable is unset: the base URL is refused first, so the unset variable is never mentioned.
  const r = await run(["aura", "cmk", "list", "--base-url", "http://api.neo4j.io", "--client-secret", "env:NOT_SET_HERE"]);
  expect(r).toEqual({ code: 1, stdout: "", stderr: 'error: --base-url "http://api.neo4j.io" must use https:// (plain http:// is accepted only on loopback: 127.0.0.1, [::1] or localhost)\n' });
});

test("missing flags are listed", async () => {
  const r = await run(["aura", "cmk", "create", "--base-url", fake.url, "--name", "x"]);
  expect(r.stderr).toBe("error: missing --tenant-id, --type, --cloud-provider, --region, --key-id (or give --spec-env with the runner's JSON)\n");
});

test("status by project and key id, with what the status means", async () => {
  const k = fake.addKey({ tenant_id: TENANT, key_id: ARN, status: "pending", pendingPolls: 5 });
  const r = await run(["aura", "cmk", "status", "--base-url", fake.url, "--tenant-id", TENANT, "--key-id", ARN]);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain(`${k.id} "existing" project ${TENANT}`);
  expect(r.stdout).toContain("status pending\nAura has the key but cannot use it yet");
});

test("list shows the registrations", async () => {
  const k = fake.addKey({ tenant_id: TENANT, key_id: ARN, name: "prod" });
  const r = await run(["aura", "cmk", "list", "--base-url", fake.url, "--tenant-id", TENANT]);
  expect(r.stdout).toBe(`${k.id} "prod" project ${TENANT}\n`);
});

test("delete refuses, with Aura's reason, while instances use the key; exit code 1", async () => {
  const k = fake.addKey({ tenant_id: TENANT, key_id: ARN, inUse: true });
  const r = await run(["aura", "cmk", "delete", k.id, "--base-url", fake.url]);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`error: Aura refuses to remove customer managed key ${k.id} while instances use it`);
  expect(r.stderr).toContain("[reason encryption-key-is-active]");
  expect(fake.keys.has(k.id)).toBe(true);
});

test("the runner's spec: create awaits; delete removes by key id; a second delete has nothing to do", async () => {
  const spec = JSON.stringify({
    baseUrl: fake.url,
    credentials: { clientId: { env: "AURA_CLIENT_ID" }, clientSecret: { env: "AURA_CLIENT_SECRET" } },
    request: { name: "acme-eu", tenant_id: TENANT, instance_type: "enterprise-db", cloud_provider: "aws", key_id: ARN, region: "eu-west-1" },
    timeout: "30s",
    pollInterval: "10ms",
  });
  const created = await run(["aura", "cmk", "create", "--spec-env", "SPEC"], { SPEC: spec });
  expect(created.code).toBe(0);
  expect(created.stdout).toContain("status ready");
  const removed = await run(["aura", "cmk", "delete", "--spec-env", "SPEC"], { SPEC: spec });
  expect(removed.stdout).toMatch(/^Removed cmk-\d+ from Aura; the key in the cloud KMS is unchanged\.\n$/);
  expect(fake.keys.size).toBe(0);
  const again = await run(["aura", "cmk", "delete", "--spec-env", "SPEC"], { SPEC: spec });
  expect(again.stdout).toBe(`Nothing to remove: key ${ARN} is not registered in project ${TENANT}.\n`);
});

test("spec and flags are not mixed; a bad spec names its fields", async () => {
  const mixed = await run(["aura", "cmk", "create", "--spec-env", "SPEC", "--name", "x"], { SPEC: "{}" });
  expect(mixed.stderr).toBe("error: give either --spec-env or the key flags, not both (also given: --name)\n");
  const bad = await run(["aura", "cmk", "create", "--spec-env", "SPEC"], { SPEC: JSON.stringify({ baseUrl: "http://example.com", credentials: { clientId: { env: "A" }, clientSecret: "literal-xyz" }, request: {} }) });
  expect(bad.stderr).toContain('baseUrl: got "http://example.com"; must use https://');
  expect(bad.stderr).toContain('credentials.clientSecret: got a literal string (<not shown>)');
  expect(bad.stderr).not.toContain("literal-xyz");
});

import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { App, DataResource, LocalBackend, TerraformOutput, TerraformStack, Testing } from "cdktf";
import { AuraCmkRegistration, CMK_SPEC_ENV, type AuraCmkRegistrationProps } from "../../../constructs/aura/cmk-registration";
import { FakeAuraApi } from "../../support/fake-aura-api";
import { describeWithTerraform, offlineEnv, type TerraformRun } from "../../support/terraform";
import { TEST_SECRETS } from "../../support/test-secrets";

const CLIENT_ID = "tf-client-id-7788";
const CLIENT_SECRET = TEST_SECRETS.auraRunnerClientSecret;
const TENANT = "6f1e2d3c-4b5a-4968-8776-655443322110";
const ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const BIN = path.resolve(__dirname, "../../../bin/aura-secure.js");

const props = (over: Partial<AuraCmkRegistrationProps> = {}): AuraCmkRegistrationProps => ({
  name: "acme-us-east-1",
  tenantId: TENANT,
  instanceType: "enterprise-db",
  cloud: "aws",
  keyId: ARN,
  region: "us-east-1",
  credentials: { clientId: { env: "T_AURA_CLIENT_ID" }, clientSecret: { env: "T_AURA_CLIENT_SECRET" } },
  runner: { cliCommand: `node ${BIN}` },
  ...over,
});

describe("AuraCmkRegistration synth", () => {
  const synth = (p = props()) => JSON.parse(Testing.synthScope((s) => void new AuraCmkRegistration(s, "reg", p)));

  test("terraform_data with the spec (references only), identity triggers, create and destroy provisioners using self", () => {
    const [res] = Object.values(synth().resource.terraform_data) as any[];
    expect(res.input.spec).toEqual({
      baseUrl: "https://api.neo4j.io",
      credentials: { clientId: { env: "T_AURA_CLIENT_ID" }, clientSecret: { env: "T_AURA_CLIENT_SECRET" } },
      timeout: "15m",
      pollInterval: "15s",
      request: { name: "acme-us-east-1", tenant_id: TENANT, instance_type: "enterprise-db", cloud_provider: "aws", region: "us-east-1", key_id: ARN },
    });
    expect(res.triggers_replace).toEqual({ tenant_id: TENANT, instance_type: "enterprise-db", cloud_provider: "aws", region: "us-east-1", base_url: "https://api.neo4j.io", key_id: ARN });
    const env = { [CMK_SPEC_ENV]: "${jsonencode(self.input.spec)}" };
    expect(res.provisioner).toEqual([
      { "local-exec": { command: `node ${BIN} aura cmk create --spec-env ${CMK_SPEC_ENV}`, environment: env } },
      { "local-exec": { command: `node ${BIN} aura cmk delete --spec-env ${CMK_SPEC_ENV}`, environment: env, when: "destroy" } },
    ]);
  });

  test("user text is escaped for Terraform, the key reference is not; the status command names the references", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "s");
    const key = new DataResource(stack, "key", { input: { v: "x" } });
    const reg = new AuraCmkRegistration(stack, "reg", props({ name: "a ${b} %{c}", keyId: key.id }));
    const json = JSON.parse(Testing.synth(stack));
    const res = Object.values(json.resource.terraform_data).find((r: any) => r.provisioner) as any;
    expect(res.input.spec.request.name).toBe("a $${b} %%{c}");
    expect(res.input.spec.request.key_id).toBe("${terraform_data.key.id}");
    expect(reg.statusCommand).toContain(`aura cmk status --client-id env:T_AURA_CLIENT_ID --client-secret env:T_AURA_CLIENT_SECRET --tenant-id ${TENANT} --key-id `);
  });

  test("depends_on lists what Aura's access needs", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "s");
    const policy = new DataResource(stack, "policy", { input: { v: "p" } });
    new AuraCmkRegistration(stack, "reg", props({ dependsOn: [policy] }));
    const res = Object.values(JSON.parse(Testing.synth(stack)).resource.terraform_data).find((r: any) => r.provisioner) as any;
    expect(res.depends_on).toEqual(["terraform_data.policy"]);
  });

  test.each([
    ["plain http off loopback", { baseUrl: "http://api.neo4j.io" }, 'customerManagedKey.auraApi.baseUrl: got "http://api.neo4j.io"; must use https://'],
    ["a literal secret", { credentials: { clientId: { env: "A" }, clientSecret: CLIENT_SECRET as never } }, 'customerManagedKey.auraApi.credentials.clientSecret: got a literal string (<not shown>)'],
    ["a bad timeout", { runner: { timeout: "soon" } }, 'customerManagedKey.auraApi.runner.timeout: got "soon"; must be a duration'],
  ])("refuses %s", (_n, over, message) => {
    let msg = "";
    try {
      synth(props({ ...over, configPath: "customerManagedKey.auraApi" } as Partial<AuraCmkRegistrationProps>));
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toContain(message);
    expect(msg).not.toContain(CLIENT_SECRET);
  });
});

async function tf(run: TerraformRun, args: string[]): Promise<{ ok: boolean; out: string }> {
  // Async: the fake Aura API runs in this process and must keep answering while terraform runs.
  try {
    const r = await promisify(execFile)("terraform", [...args, "-no-color"], { cwd: run.dir, env: run.env, encoding: "utf8", timeout: 180_000, maxBuffer: 64 * 1024 * 1024 });
    return { ok: true, out: r.stdout + r.stderr };
  } catch (e) {
    const x = e as { stdout?: string; stderr?: string; message: string };
    return { ok: false, out: `${x.stdout ?? ""}${x.stderr ?? ""}` };
  }
}

async function must(run: TerraformRun, args: string[]): Promise<string> {
  const r = await tf(run, args);
  if (!r.ok) throw new Error(`terraform ${args.join(" ")} failed:\n${r.out}`);
  return r.out;
}

/** A stack holding only the registration (and a stand-in for the key policy): applies offline. */
function synthStack(outdir: string, dir: string, over: Partial<AuraCmkRegistrationProps>): void {
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "aura-cmk");
  new LocalBackend(stack, { path: path.join(dir, "terraform.tfstate") });
  const policy = new DataResource(stack, "key_policy", { input: { arn: ARN } });
  const reg = new AuraCmkRegistration(stack, "cmk_registration", props({ dependsOn: [policy], ...over }));
  new TerraformOutput(stack, "aura_cmk_registration", { value: { status_command: reg.statusCommand } });
  app.synth();
  fs.copyFileSync(path.join(outdir, "stacks", "aura-cmk", "cdk.tf.json"), path.join(dir, "cdk.tf.json"));
}

function secretHits(dir: string): { file: string; hits: number }[] {
  return fs
    .readdirSync(dir)
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .map((f) => ({ file: f, hits: fs.readFileSync(path.join(dir, f), "utf8").split(CLIENT_SECRET).length - 1 }));
}

describeWithTerraform(
  "registration runner: real terraform apply and destroy against the fake Aura API",
  () => {
    let fake: FakeAuraApi;
    let root: string;
    beforeAll(async () => {
      fake = await FakeAuraApi.start({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, pendingPolls: 2 });
      root = fs.mkdtempSync(path.join(os.tmpdir(), "aura-cmk-tf-"));
    });
    afterAll(async () => {
      await fake?.close();
      fs.rmSync(root, { recursive: true, force: true });
    });

    test("apply registers and waits for ready; no-op plan; credential change re-registers nothing; destroy is refused while in use, then removes the registration only; no secret in JSON or state", async () => {
      const dir = path.join(root, "stack");
      fs.mkdirSync(dir);
      const secretFile = path.join(root, "aura-secret");
      fs.writeFileSync(secretFile, `${CLIENT_SECRET}\n`, { mode: 0o600 });
      const run: TerraformRun = { dir, env: { ...offlineEnv(root), T_AURA_CLIENT_ID: CLIENT_ID, T_AURA_CLIENT_ID_2: CLIENT_ID } };
      const runner = { cliCommand: `node ${BIN}`, timeout: "90s", pollInterval: "200ms" };
      const v1 = { baseUrl: fake.url, runner, credentials: { clientId: { env: "T_AURA_CLIENT_ID" }, clientSecret: { file: secretFile } } };
      synthStack(path.join(root, "out1"), dir, v1);

      await must(run, ["init", "-input=false"]);
      const applied = await must(run, ["apply", "-auto-approve", "-input=false"]);
      expect(applied).toMatch(/Registered: cmk-\d+ "acme-us-east-1" project 6f1e2d3c-4b5a-4968-8776-655443322110: aws us-east-1 enterprise-db key arn:aws:kms/);
      expect(applied).toContain("status ready");
      expect(applied).toContain("is pending after");
      // The stand-in for the key policy was created before the registration ran.
      const policyCreated = applied.indexOf("terraform_data.key_policy: Creation complete");
      const registration = applied.indexOf("aura cmk create");
      expect([policyCreated >= 0, registration >= 0]).toEqual([true, true]);
      expect(policyCreated).toBeLessThan(registration);
      const [key] = [...fake.keys.values()];
      expect(key).toMatchObject({ tenant_id: TENANT, key_id: ARN, status: "ready", type: "enterprise-db" });
      expect(fake.apiRequests("POST")).toHaveLength(1);

      expect((await must(run, ["plan", "-input=false"]))).toContain("No changes.");

      // Another reference for the same client: an in-place update, no second registration.
      synthStack(path.join(root, "out2"), dir, { ...v1, credentials: { clientId: { env: "T_AURA_CLIENT_ID_2" }, clientSecret: { file: secretFile } } });
      const updated = await must(run, ["apply", "-auto-approve", "-input=false"]);
      expect(updated).toContain("1 changed, 0 destroyed");
      expect(fake.apiRequests("POST")).toHaveLength(1);
      expect(fake.keys.size).toBe(1);

      // Aura refuses to remove a key that instances use: destroy fails with Aura's reason.
      key.inUse = true;
      const refused = await tf(run, ["destroy", "-auto-approve", "-input=false"]);
      expect(refused.ok).toBe(false);
      expect(refused.out).toContain(`Aura refuses to remove customer managed key ${key.id} (${ARN}) while instances use it`);
      expect(refused.out).toContain("encryption-key-is-active");
      expect(fake.keys.has(key.id)).toBe(true);

      key.inUse = false;
      const destroyed = await must(run, ["destroy", "-auto-approve", "-input=false"]);
      expect(destroyed).toContain(`Removed ${key.id} from Aura; the key in the cloud KMS is unchanged.`);
      expect(fake.keys.size).toBe(0);

      const scanned = secretHits(dir);
      expect(scanned.map((s) => s.file)).toEqual(expect.arrayContaining(["cdk.tf.json", "terraform.tfstate"]));
      for (const s of scanned) expect(s).toEqual({ file: s.file, hits: 0 });
      // What the state does hold: the references, which destroy reads.
      expect(fs.readFileSync(path.join(dir, "terraform.tfstate.backup"), "utf8")).toContain("T_AURA_CLIENT_ID_2");
    });
  },
  false,
);

import { execFile, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { exampleConfig } from "../../config/example";
import { installedVersion, npmEnv, packInto } from "../package/pack";
import { BoltTestServer } from "../support/bolt-server";
import { FakeSystemDb } from "../support/fake-system-db";
import { describeUnless } from "../support/real-tools";
import { startFakeSts, type FakeSts } from "../support/fake-sts";
import { offlineEnv, terraformUnavailableReason } from "../support/terraform";

/**
 * cdktf-cli 0.21 itself, as a pipeline runs it: installed into a fresh app that depends on the packed package,
 * whose main composes the stacks from a config file. `cdktf synth` writes the dependency of the access stack
 * on the network it needs; `cdktf deploy` refuses to run the access stack alone without it, deploys it against
 * the Bolt test server when told the network came first, and then `aura-secure cypher plan --detailed-exitcode`
 * finds nothing to do. `cdktf deploy '*'` holds the access stack back while the region stack fails (credentials
 * of another account, answered by a fake STS), and runs it when the order is switched off. The registry is
 * unreachable for every child (a proxy on a closed loopback port), as on runners without registry access.
 *
 * cdktf-cli comes from the npm registry into the npm cache once; each run installs it from the cache into one
 * temp app (the packages the repository's `npm ci` cached, plus cdktf-cli). Commands after the first synth
 * reuse cdktf.out (--skip-synth) except the one that follows a config change.
 */

const CDKTF_CLI_VERSION = "0.21.0";
const REGION = "aura-aws-us-east-1";
const ACCESS = "aura-neo4j-access-dbms-a";
const ADMIN_PW = "Adm1n-cdktf-cli-PW-4821";
const ALIAS_PW = "Al1as-cdktf-cli-PW-9313";
const OTHER_ACCOUNT = "444455556666";
const OTHER_KEY = "AKIAOTHERACCOUNT0001";

const APP_MAIN = `
const { App } = require("cdktf");
const { composeApp, loadConfigFile } = require("cdktf-aura-secure");
const app = new App();
composeApp(app, loadConfigFile("aura.json"));
app.synth();
`;

/** The app, installed once at collection; null with the reason when it cannot be (the test is then skipped). */
function installApp(): { work: string; app: string } | { skip: string } {
  const tf = terraformUnavailableReason();
  if (tf) return { skip: tf };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "aura-cdktf-cli-"));
  const app = path.join(work, "app");
  fs.mkdirSync(app);
  const pack = packInto(work);
  const dependencies = {
    cdktf: installedVersion("cdktf"),
    constructs: installedVersion("constructs"),
    "@cdktf/provider-aws": installedVersion("@cdktf/provider-aws"),
    "cdktf-aura-secure": `file:${pack.tarball}`,
    "cdktf-cli": CDKTF_CLI_VERSION,
  };
  fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "graph-pipeline", private: true, dependencies }, null, 2));
  const r = spawnSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], { cwd: app, env: npmEnv(), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    const why = `${r.stderr}`.split("\n").find((l) => /ERR!/.test(l)) ?? `npm exited ${r.status}`;
    return { skip: `cdktf-cli@${CDKTF_CLI_VERSION} could not be installed from the npm registry or cache (${why.trim()})` };
  }
  fs.writeFileSync(path.join(app, "main.js"), APP_MAIN);
  fs.writeFileSync(
    path.join(app, "cdktf.json"),
    JSON.stringify({ language: "typescript", app: "node main.js", projectId: "graph-pipeline", sendCrashReports: "false", terraformProviders: [], terraformModules: [], context: {} }),
  );
  return { work, app };
}

/** One AWS region (the example's us-east-1, no key) and the example's access state, against the Bolt test server. */
function writeConfig(app: string, boltUrl: string, extraRoles: string[] = []): void {
  const c = JSON.parse(JSON.stringify(exampleConfig));
  c.regions = [c.regions[0]];
  delete c.regions[0].customerManagedKey;
  c.neo4jAccess.connection = { uri: boltUrl, user: "neo4j", password: { env: "DBMS_A_ADMIN_PASSWORD" }, allowInsecureUrl: true };
  c.neo4jAccess.roles.push(...extraRoles.map((name) => ({ name })));
  fs.writeFileSync(path.join(app, "aura.json"), JSON.stringify(c, null, 2));
}

const setup = installApp();
jest.setTimeout(1_800_000);

if ("skip" in setup) {
  describeUnless(setup.skip, "cdktf-cli deploys the stacks in dependency order", () => undefined);
} else {
  const { work, app } = setup;
  const cdktf = path.join(app, "node_modules/.bin/cdktf");

  describe("cdktf-cli deploys the stacks in dependency order", () => {
    let server: BoltTestServer;
    let fake: FakeSystemDb;
    let sts: FakeSts;
    let env: NodeJS.ProcessEnv;

    /** Async, so the Bolt server and the fake STS in this process answer while cdktf runs. */
    const run = async (file: string, args: string[]): Promise<{ status: number; output: string }> => {
      try {
        const r = await promisify(execFile)(file, args, { cwd: app, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, timeout: 1_200_000 });
        return { status: 0, output: `${r.stdout}${r.stderr}` };
      } catch (err) {
        const e = err as { code?: number; stdout?: string; stderr?: string; message: string };
        return { status: typeof e.code === "number" ? e.code : 1, output: `${e.stdout ?? ""}${e.stderr ?? ""}${typeof e.code === "number" ? "" : e.message}` };
      }
    };
    const manifest = () => JSON.parse(fs.readFileSync(path.join(app, "cdktf.out/manifest.json"), "utf8")) as { stacks: Record<string, { dependencies: string[] }> };

    beforeAll(async () => {
      fake = new FakeSystemDb({ users: [{ name: "neo4j", roles: ["admin"], home: null }, { name: "carol", roles: ["PUBLIC"], home: null }], roles: ["PUBLIC", "admin", "reader"] });
      server = await BoltTestServer.start({ handler: fake.handler, hooks: fake.hooks, users: { neo4j: ADMIN_PW } });
      sts = await startFakeSts({ [OTHER_KEY]: { account: OTHER_ACCOUNT, arn: `arn:aws:iam::${OTHER_ACCOUNT}:user/ci` } });
      writeConfig(app, server.url("bolt"));
      // Terraform from the offline mirror (offlineEnv's CLI config); npm's own variables of this run left out.
      const tf = offlineEnv(work);
      env = {
        ...npmEnv(),
        TF_CLI_CONFIG_FILE: tf.TF_CLI_CONFIG_FILE,
        TF_IN_AUTOMATION: "1",
        AWS_EC2_METADATA_DISABLED: "true",
        // Nothing leaves the machine: the registry (and any other host) is behind a proxy that does not answer.
        HTTPS_PROXY: "http://127.0.0.1:9",
        HTTP_PROXY: "http://127.0.0.1:9",
        NO_PROXY: "127.0.0.1,localhost",
        CHECKPOINT_DISABLE: "1",
        CI: "1",
        FORCE_COLOR: "0",
        // The pipeline holds credentials of another account; STS (the fake) says so.
        AWS_ACCESS_KEY_ID: OTHER_KEY,
        AWS_SECRET_ACCESS_KEY: "fake-secret",
        AWS_ENDPOINT_URL_STS: sts.url,
        DBMS_A_ADMIN_PASSWORD: ADMIN_PW,
        AURA_ALIAS_USER_PASSWORD: ALIAS_PW,
      };
    });
    afterAll(async () => {
      await server?.close();
      await sts?.close();
      fs.rmSync(work, { recursive: true, force: true });
    });

    test("cdktf synth: the manifest has the access stack depending on the region whose orchestration its alias reaches", async () => {
      const r = await run(cdktf, ["synth"]);
      expect({ status: r.status, output: r.status === 0 ? "" : r.output }).toEqual({ status: 0, output: "" });
      expect(Object.fromEntries(Object.entries(manifest().stacks).map(([name, s]) => [name, s.dependencies]))).toEqual({ [REGION]: [], [ACCESS]: [REGION] });
    });

    test("without registry access, the first init of an AWS stack stops at provider locking; --skip-provider-lock gets past it", async () => {
      const locked = await run(cdktf, ["diff", REGION, "--skip-synth"]);
      expect(locked.status).not.toBe(0);
      expect(locked.output).toContain("Could not retrieve providers for locking");
      // With the flag, init installs from the mirror and the plan goes as far as the provider's account check.
      fs.rmSync(path.join(app, "cdktf.out/stacks", REGION, ".terraform.lock.hcl"), { force: true });
      const skipped = await run(cdktf, ["diff", REGION, "--skip-synth", "--skip-provider-lock"]);
      expect(skipped.output).not.toContain("Could not retrieve providers for locking");
      expect(skipped.output).toContain(`AWS account ID not allowed: ${OTHER_ACCOUNT}`);
    });

    test("cdktf deploy of the access stack alone is refused while its network is not part of the run", async () => {
      const r = await run(cdktf, ["deploy", ACCESS, "--auto-approve", "--skip-synth"]);
      expect(r.status).not.toBe(0);
      expect(r.output).toContain(`The following dependencies are not included in the stacks to run: ${REGION}`);
      expect(server.statements).toEqual([]);
    });

    test("cdktf deploy <access stack> --outputs-file, the network deployed before: Cypher applied, then cypher plan --detailed-exitcode exits 0", async () => {
      const outputs = path.join(app, "outputs.json");
      const r = await run(cdktf, ["deploy", ACCESS, "--ignore-missing-stack-dependencies", "--auto-approve", "--skip-synth", "--outputs-file", outputs]);
      expect({ status: r.status, output: r.status === 0 ? "" : r.output }).toEqual({ status: 0, output: "" });
      expect(fake.state.roles).toContain("orders_readers");
      expect(fake.alias("orders-aura")).toMatchObject({ location: "remote", url: "neo4j+s://abcd1234.production-orch-0000.neo4j.io:7687", user: "alias_user", password: ALIAS_PW });
      expect(fake.user("carol")).toMatchObject({ roles: expect.arrayContaining(["orders_readers"]), home: "orders-aura" });
      // The outputs file is written for the stacks of the run only (the access stack has no output of its own yet).
      expect(Object.keys(JSON.parse(fs.readFileSync(outputs, "utf8"))).filter((stack) => stack !== ACCESS)).toEqual([]);
      // No password in what cdktf wrote: the synthesized stack, the outputs, the state.
      for (const file of [outputs, path.join(app, "cdktf.out/stacks", ACCESS, "cdk.tf.json"), path.join(app, `terraform.${ACCESS}.tfstate`)]) {
        const text = fs.readFileSync(file, "utf8");
        expect({ file: path.basename(file), leaks: [ADMIN_PW, ALIAS_PW].filter((pw) => text.includes(pw)) }).toEqual({ file: path.basename(file), leaks: [] });
      }

      const plan = await run(path.join(app, "node_modules/.bin/aura-secure"), ["cypher", "plan", "--config", "aura.json", "--detailed-exitcode"]);
      expect({ status: plan.status, output: plan.status === 0 ? "" : plan.output }).toEqual({ status: 0, output: "" });
    });

    test("cdktf deploy '*': the region stack is refused (another account), so the access stack's change is held back", async () => {
      writeConfig(app, server.url("bolt"), ["orders_auditors"]);
      const before = server.statements.length;
      const r = await run(cdktf, ["deploy", "*", "--auto-approve", "--skip-provider-lock"]);
      expect(r.status).not.toBe(0);
      expect(r.output).toContain(`AWS account ID not allowed: ${OTHER_ACCOUNT}`);
      expect(fake.state.roles).not.toContain("orders_auditors");
      expect(server.statements.slice(before)).toEqual([]);
    });

    test("control: with the order switched off (--ignore-missing-stack-dependencies) the same run applies the access stack beside the failing region", async () => {
      const r = await run(cdktf, ["deploy", "*", "--auto-approve", "--skip-provider-lock", "--ignore-missing-stack-dependencies", "--skip-synth"]);
      expect(r.status).not.toBe(0);
      expect(r.output).toContain(`AWS account ID not allowed: ${OTHER_ACCOUNT}`);
      expect(fake.state.roles).toContain("orders_auditors");
      const plan = await run(path.join(app, "node_modules/.bin/aura-secure"), ["cypher", "plan", "--config", "aura.json", "--detailed-exitcode"]);
      expect({ status: plan.status, output: plan.status === 0 ? "" : plan.output }).toEqual({ status: 0, output: "" });
    });
  });
}

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import fc from "fast-check";
import { AuraCmkRegistration, CMK_SPEC_ENV } from "../../constructs/aura/cmk-registration";
import { Neo4jAccessLocalExecRunner, STATE_ENV } from "../../constructs/neo4j/local-exec-runner";
import { parseNeo4jAccess, runtimeState } from "../../domain/neo4j/access-model";
import { shellArgument, shellCommandProblem } from "../../domain/shell";
import { parseConfig } from "../../config/load";
import { configWith } from "../support/crossing-configs";
import { CROSSINGS_SEED, hostile } from "../support/hostile";
import { synthConfig } from "../support/synth";
import { describeWithTerraform, offlineEnv, terraform, withOfflineAwsProviders, type TerraformRun } from "../support/terraform";

/**
 * The crossings end to end, on a sample of hostile values drawn by fast-check (the pure checks run 1,000+
 * cases each in kinds.test.ts): real terraform reads what we escaped, real sh runs what we quoted, and a
 * stub binary in place of the CLI records what it received, byte for byte.
 *
 * - Key registration runners and Neo4j access runners whose cliCommand is the stub with a hostile argument,
 *   whose spec or state holds hostile names, paths and values: `terraform validate`, then `terraform apply`
 *   runs every provisioner; the stub must receive the argument, and the spec or state JSON, unchanged.
 * - The status_command output of each registration: `sh -n` accepts it, and run with the stub it hands over
 *   every value (a hostile file reference, a hostile key id) as one argument, unchanged.
 * - A region config holding hostile text in every field that accepts it: `terraform validate` on its stacks.
 */

const SAMPLES = 10;
const TENANT = "6f1e2d3c-4b5a-4968-8776-655443322110";
const BASE_URL = "http://127.0.0.1:9/aura";

/** Terraform's edge cases first, then the sample; text a shell argument can hold (no NUL, no line breaks in a command). */
const FIXED = ["$${x}", "$$${x}", "%%{x}", "${", "%{ if true }x%{ endif }", '${file("/etc/hostname")}', "$$", "a$", "it's $(id) `id` \"q\"; |&<>"];
const oneLine = (v: string) => v.length > 0 && !v.includes("\u0000") && shellCommandProblem(`x ${shellArgument(v)}`) === null;
const values = [...FIXED, ...fc.sample(hostile.filter(oneLine), { numRuns: SAMPLES, seed: CROSSINGS_SEED })];
/** Any text for names, paths and values that travel as JSON (a line break included), but no NUL in a path. */
const anyText = [...FIXED, ...fc.sample(hostile.filter((v) => v.length > 0 && !v.includes("\u0000")), { numRuns: SAMPLES, seed: CROSSINGS_SEED + 1 })];

const STUB = `#!/bin/sh
# Records its arguments (NUL-separated) and the provisioners' JSON, in files named by its first argument.
out="$STUB_OUT/$1"
shift
for a in "$@"; do printf '%s\\0' "$a"; done > "$out.args"
printf '%s' "\${${CMK_SPEC_ENV}-}" > "$out.cmk"
printf '%s' "\${${STATE_ENV}-}" > "$out.state"
`;

const readArgs = (file: string) => fs.readFileSync(file, "utf8").split("\u0000").slice(0, -1);

describeWithTerraform(
  "crossings end to end: terraform reads it literally, sh hands it over byte for byte",
  () => {
    let root: string;
    let stub: string;
    beforeAll(() => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), "crossings-e2e-"));
      stub = path.join(root, "bin", "aura secure stub");
      fs.mkdirSync(path.dirname(stub));
      fs.writeFileSync(stub, STUB, { mode: 0o755 });
    });
    afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

    test("runners' provisioners and status_command, through terraform apply and sh", () => {
      const dir = path.join(root, "stack");
      fs.mkdirSync(dir);
      const app = new App({ outdir: path.join(root, "out") });
      const stack = new TerraformStack(app, "crossings");
      new LocalBackend(stack, { path: path.join(dir, "terraform.tfstate") });
      const cases = values.map((arg, i) => {
        const text = anyText[i % anyText.length]!;
        // A path made of the hostile text (cut by code points: half a surrogate pair is no file name).
        const file = [...path.join(root, `secret ${text.replace(/[/\u0000-\u001f]/g, "_")}`)].slice(0, 200).join("");
        const keyId = `arn:aws:kms:us-east-1:111122223333:key/${arg}`;
        const cliCommand = `${shellArgument(stub)} ${shellArgument(`c${i}`)} ${shellArgument(arg)}`;
        const reg = new AuraCmkRegistration(stack, `reg${i}`, {
          name: text,
          tenantId: TENANT,
          instanceType: "enterprise-db",
          cloud: "aws",
          keyId,
          region: "us-east-1",
          baseUrl: BASE_URL,
          credentials: { clientId: { env: "AURA_CLIENT_ID" }, clientSecret: { file } },
          runner: { cliCommand },
        });
        new TerraformOutput(stack, `status${i}`, { value: reg.statusCommand });
        const access = parseNeo4jAccess({
          id: `s${i}`,
          connection: { uri: "neo4j+s://db.example.com:7687", user: "admin", password: { file } },
          roles: [{ name: "app_reader", privileges: [{ privilege: "TRAVERSE", graph: "films", where: { label: "Doc", property: "p", operator: "=", value: text } }] }],
          localAliases: [{ name: "films-alias", target: "films", properties: { note: text } }],
        });
        new Neo4jAccessLocalExecRunner(stack, `acc${i}`, { access, cliCommand: `${shellArgument(stub)} ${shellArgument(`a${i}`)} ${shellArgument(arg)}` });
        return { arg, text, file, keyId, state: runtimeState(access) };
      });
      app.synth();
      fs.copyFileSync(path.join(root, "out", "stacks", "crossings", "cdk.tf.json"), path.join(dir, "cdk.tf.json"));

      const created = path.join(root, "created");
      fs.mkdirSync(created);
      const run: TerraformRun = { dir, env: { ...offlineEnv(root), STUB_OUT: created } };
      terraform(run, ["init", "-input=false"]);
      terraform(run, ["validate"]);
      terraform(run, ["apply", "-auto-approve", "-input=false", "-parallelism=4"]);

      const outputs = JSON.parse(terraform(run, ["output", "-json"])) as Record<string, { value: string }>;
      const statusRuns = path.join(root, "status");
      fs.mkdirSync(statusRuns);
      for (const [i, c] of cases.entries()) {
        // The key registration: the stub got the hostile argument and, in the environment, the spec as declared.
        expect(readArgs(path.join(created, `c${i}.args`))).toEqual([c.arg, "aura", "cmk", "create", "--spec-env", CMK_SPEC_ENV]);
        expect(JSON.parse(fs.readFileSync(path.join(created, `c${i}.cmk`), "utf8"))).toEqual({
          baseUrl: BASE_URL,
          credentials: { clientId: { env: "AURA_CLIENT_ID" }, clientSecret: { file: c.file } },
          timeout: "15m",
          pollInterval: "15s",
          request: { name: c.text, tenant_id: TENANT, instance_type: "enterprise-db", cloud_provider: "aws", region: "us-east-1", key_id: c.keyId },
        });
        // The Neo4j access runner: the same for the state.
        expect(readArgs(path.join(created, `a${i}.args`))).toEqual([c.arg, "cypher", "apply", "--state-env", STATE_ENV, "--after-replace", "--timeout", "120s"]);
        expect(JSON.parse(fs.readFileSync(path.join(created, `a${i}.state`), "utf8"))).toEqual(JSON.parse(JSON.stringify(c.state)));

        // status_command: valid sh, and every value one argument, unchanged.
        const command = outputs[`status${i}`]!.value;
        expect(spawnSync("sh", ["-n", "-c", command]).status).toBe(0);
        const r = spawnSync("sh", ["-c", command], { env: { ...process.env, STUB_OUT: statusRuns }, encoding: "utf8" });
        expect(r.status).toBe(0);
        expect(readArgs(path.join(statusRuns, `c${i}.args`))).toEqual([
          c.arg,
          "aura",
          "cmk",
          "status",
          "--base-url",
          BASE_URL,
          "--client-id",
          "env:AURA_CLIENT_ID",
          "--client-secret",
          `file:${c.file}`,
          "--tenant-id",
          TENANT,
          "--key-id",
          c.keyId,
        ]);
      }
    });
  },
  false,
);

describeWithTerraform("crossings end to end: a region config holding hostile text validates with terraform", () => {
  test("every field of the AWS region that accepts hostile text holds one, and terraform validate passes on its stacks", () => {
    const { config } = configWith("regions[]@aws.network.allowedCidrs[].description")!;
    // Values each field accepts (the property test shows which); quotes, $, backticks, line breaks where allowed.
    const region = config.regions[0];
    config.tags = { owner: "it's $(id) `id`", "cost:center": 'say "hi"' };
    region.tags = { team: "a;b|c&d" };
    region.network.allowedCidrs[0].description = "apps (prod) #1 $HOME {x}";
    region.network.allowedSecurityGroups[0].description = "ci; runners & $(id)";
    region.customerManagedKey.description = 'key "primary"\nline two $$ %% {y} `id`';
    region.customerManagedKey.auraStatement.Sid = "Allow ${aws:username} and 'quotes'";
    region.customerManagedKey.auraApi.runner.cliCommand = '${HOME}/bin/aura-secure --flag "$(id)"';
    region.customerManagedKey.auraApi.credentials.clientSecret = { file: "/run/secrets/it's ${here}" };
    region.customerManagedKey.auraApi.baseUrl = "https://api.neo4j.io/$(id)'x";
    parseConfig(JSON.parse(JSON.stringify(config)));
    const synth = synthConfig(config);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "crossings-validate-"));
    const stacks = synth.stacks.map((s) => s.name);
    expect(stacks.length).toBeGreaterThan(0);
    // One init downloads nothing (the mirror) but takes its time: later stacks reuse its providers.
    let pluginDir: string | null = null;
    for (const name of stacks) {
      const dir = path.join(root, name);
      fs.cpSync(synth.stackDir(name), dir, { recursive: true });
      withOfflineAwsProviders(dir);
      const json = JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8"));
      delete json.terraform?.backend;
      fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify(json));
      const run: TerraformRun = { dir, env: { ...offlineEnv(root), ...(pluginDir ? { TF_PLUGIN_CACHE_DIR: pluginDir } : {}) } };
      if (!pluginDir) {
        pluginDir = path.join(root, "plugins");
        fs.mkdirSync(pluginDir);
        run.env.TF_PLUGIN_CACHE_DIR = pluginDir;
      }
      terraform(run, ["init", "-input=false", "-backend=false"]);
      expect(terraform(run, ["validate"])).toContain("The configuration is valid");
    }
    fs.rmSync(root, { recursive: true, force: true });
  });
});

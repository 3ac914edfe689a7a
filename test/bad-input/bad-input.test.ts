import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Testing } from "cdktf";
import { stringify } from "yaml";
import { ConfigError, UserError } from "../../domain/errors";
import { loadConfigFile, parseConfig, resolveConfigFile } from "../../config/load";
import { runAuraSecure } from "../support/run-cli";
import { SECRETS, STACK_FRAME, collect, collected } from "./secrets";
import { configRows, freshConfig } from "./config-rows";
import { cliRows } from "./cli-rows";
import { constructRows } from "./construct-rows";
import { Neo4jAccessLocalExecRunner } from "../../constructs/neo4j/local-exec-runner";
import { parseNeo4jAccess } from "../../domain/neo4j/access-model";

/**
 * Bad input at every door (issue 14): config, config files, CLI flags and construct props. Each row asserts
 * the path, flag or prop named and the hint given; every message is collected for the secret sweep at the end.
 */
let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "aura-bad-input-"));
  fs.mkdirSync(path.join(dir, "conf"));
  fs.mkdirSync(path.join(dir, "empty"));
  fs.writeFileSync(path.join(dir, "not-a-keystore.txt"), "hello");
  // `terraform output -json` of a region stack, for the verify rows.
  fs.writeFileSync(
    path.join(dir, "outputs.json"),
    JSON.stringify({ aura_console: { value: { product: "AuraDB Virtual Dedicated Cloud", connectivity_checks: [] }, type: "object" }, private_uri_patterns: { value: ["neo4j+s://<dbid>.production-orch-0000.neo4j.io"], type: "list" } }),
  );
  const config = freshConfig();
  config.neo4jAccess.connection.password = SECRETS.password;
  fs.writeFileSync(path.join(dir, "secret-config.yaml"), stringify(config));
  const made = await runAuraSecure(["keystore", "create", "--out", path.join(dir, "real.p12"), "--alias", "k"], { KEYSTORE_PASSWORD: SECRETS.keystorePassword });
  if (made.code !== 0) throw new Error(made.stderr);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (err instanceof UserError) return err.message;
    throw err;
  }
  throw new Error("expected a UserError");
}

describe("config rows (parseConfig, in-process)", () => {
  test.each(configRows)("%s", (_name, mutate, where, hint) => {
    const config = freshConfig();
    mutate(config);
    const message = messageOf(() => parseConfig(config));
    collect(message);
    const line = message.split("\n").find((l) => l.includes(`${where}`)) ?? "";
    expect(message).toContain(where);
    expect(line).toContain(hint);
    expect(message).not.toMatch(STACK_FRAME);
  });
});

describe("config files as users have them (loadConfigFile, in-process)", () => {
  const good = () => stringify(freshConfig());
  const rows: Array<[string, string, string | Buffer, string]> = [
    ["empty file", "empty.yaml", "", "is empty"],
    ["whitespace only", "blank.yaml", "  \n\n", "is empty"],
    ["comments only", "comments.yaml", "# todo\n", "holds only comments"],
    ["empty JSON file", "empty.json", "", "is empty"],
    ["Latin-1 bytes", "latin1.yaml", Buffer.concat([Buffer.from("project: acme\ntags:\n  owner: Jos"), Buffer.from([0xe9]), Buffer.from("\n")]), "is not UTF-8: byte 0xe9 at offset 32 (line 3, column 13)"],
    ["UTF-16 file", "utf16.yaml", Buffer.from("\ufeffproject: a", "utf16le"), "is UTF-16"],
    ["duplicate JSON key", "dup.json", '{"project": "a", "project": "b"}', "the key project is given twice (line 1"],
    ["duplicate YAML key", "dup.yaml", "project: a\nproject: b\n", "the key project is given twice (line 2"],
    ["JSON syntax error", "bad.json", '{"project": }', "not valid JSON"],
    ["YAML syntax error", "bad.yaml", "project: [a\n", "not valid YAML"],
    ["tab indentation", "tabs.yaml", "project: a\nregions:\n\t- cloud: aws\n", "not valid YAML"],
    ["a list at the top", "list.yaml", "- a\n- b\n", "must be"],
    ["missing file", "none.yaml", "", "cannot read the config file (ENOENT): no such file"],
    ["a folder", "conf", "", "cannot read the config file (EISDIR)"],
    ["a literal password in YAML", "secret.yaml", "", "{env: NAME}"],
  ];
  test.each(rows)("%s", (_name, file, content, hint) => {
    const abs = path.join(dir, "files", file);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    if (file === "conf") fs.mkdirSync(abs, { recursive: true });
    else if (file === "secret.yaml") fs.copyFileSync(path.join(dir, "secret-config.yaml"), abs);
    else if (file !== "none.yaml") fs.writeFileSync(abs, content);
    const message = messageOf(() => loadConfigFile(abs));
    collect(message);
    expect(message).toContain(abs);
    expect(message).toContain(hint);
    expect(message).not.toMatch(STACK_FRAME);
  });

  test("a UTF-8 byte-order mark (PowerShell) is accepted", () => {
    const abs = path.join(dir, "bom.yaml");
    fs.writeFileSync(abs, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(good())]));
    expect(loadConfigFile(abs).project).toBe("acme-graph");
  });

  test("YAML anchors and merge keys (<<: *common) work", () => {
    const abs = path.join(dir, "merge.yaml");
    const config = freshConfig();
    const aws = config.regions[1];
    fs.writeFileSync(
      abs,
      `project: acme-graph\ncommon: &common\n  cloud: aws\n  product: ds-enterprise\n  accountId: "111122223333"\n`.replace("common: &common", "x-common: &common") +
        stringify({ regions: [{ ...aws, cloud: undefined, product: undefined, accountId: undefined }] }).replace("regions:\n  - ", "regions:\n  - <<: *common\n    "),
    );
    // The top-level "x-common" helper key is unknown to the schema: the merge worked if that is the only problem.
    const message = messageOf(() => loadConfigFile(abs));
    expect(message).toContain('["x-common"]: unknown key');
    expect(message.split("\n").filter((l) => l.trim().startsWith("- "))).toHaveLength(1);
  });

  test("a relative --config is resolved against INIT_CWD (where npm was started)", () => {
    expect(resolveConfigFile("aura.yaml", { INIT_CWD: "/home/me/infra" })).toBe("/home/me/infra/aura.yaml");
    expect(resolveConfigFile("/abs/aura.yaml", { INIT_CWD: "/home/me/infra" })).toBe("/abs/aura.yaml");
    expect(resolveConfigFile(undefined, { AURA_CONFIG: "cfg.yaml", INIT_CWD: "/x" })).toBe("/x/cfg.yaml");
  });

  test("npm run synth --config=x.yaml (npm took the option) gets the -- hint", () => {
    const message = messageOf(() => resolveConfigFile(undefined, { npm_lifecycle_event: "synth", npm_config_config: "x.yaml" }));
    collect(message);
    expect(message).toContain("npm run synth -- --config x.yaml");
  });
});

describe("CLI rows (aura-secure in-process)", () => {
  test.each(cliRows)("%s", async (_name, args, env, flag, hint) => {
    const argv = args.map((a) => a.replace(/^DIR/, dir));
    const before = fs.readdirSync(dir).sort();
    const r = await runAuraSecure(argv, env);
    collect(r.stderr, r.stdout);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: /);
    expect(r.stderr).toContain(flag);
    expect(r.stderr).toContain(hint);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    // Nothing written: the temp folder holds exactly what it held before.
    expect(fs.readdirSync(dir).sort()).toEqual(before);
    expect(fs.readdirSync(path.join(dir, "conf"))).toEqual([]);
  });
});

describe("construct rows (props checked like the config)", () => {
  test.each(constructRows)("%s", (_name, build, prop, hint) => {
    const message = messageOf(() => Testing.synthScope((scope) => build(scope)));
    collect(message);
    expect(message).toMatch(/ at [^\s:]*c\b/);
    expect(message).toContain(prop);
    expect(message).toContain(hint);
    expect(message).not.toMatch(STACK_FRAME);
  });
});

describe("one crossing into Terraform", () => {
  test('runner.cliCommand "${HOME}/bin/aura-secure" is escaped (declared "escape"), so Terraform hands the shell ${HOME}', () => {
    const access = parseNeo4jAccess({ connection: { uri: "neo4j+s://h:7687", user: "admin", password: { env: "PW" } }, runner: { type: "local-exec", cliCommand: "${HOME}/bin/aura-secure" } });
    const json = JSON.parse(Testing.synthScope((scope) => void new Neo4jAccessLocalExecRunner(scope, "access", { access })));
    const provisioners = (Object.values(json.resource.terraform_data)[0] as { provisioner: Array<{ "local-exec": { command: string } }> }).provisioner;
    expect(provisioners.map((p) => p["local-exec"].command.split(" ")[0])).toEqual(["$${HOME}/bin/aura-secure", "$${HOME}/bin/aura-secure"]);
  });

  test('a tag declared "refuse" with "${" is refused in the config (constructs refuse it too: see the construct rows)', () => {
    const config = freshConfig();
    config.regions[0].tags = { owner: "${var.owner}" };
    expect(messageOf(() => parseConfig(config))).toContain("regions[0].tags.owner: got \"${var.owner}\"; must not contain");
  });
});

describe("end to end: the real programs exit 1, print no stack trace and write nothing", () => {
  const root = path.resolve(__dirname, "../..");
  const tsx = require.resolve("tsx/cli");
  const synth = (args: string[], env: Record<string, string> = {}) => {
    const outdir = path.join(dir, `out-${Math.random().toString(36).slice(2)}`);
    const r = spawnSync(process.execPath, [tsx, "main.ts", ...args], { cwd: root, encoding: "utf8", env: { ...process.env, AURA_CONFIG: "", CDKTF_OUTDIR: outdir, ...env } });
    collect(r.stdout, r.stderr);
    return { ...r, outdir };
  };

  test("synth of a config with a literal password: exit 1, the secret nowhere, no cdktf.out", () => {
    const r = synth(["--config", path.join(dir, "secret-config.yaml")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("neo4jAccess.connection.password: got a literal string (<not shown>)");
    expect(r.stderr + r.stdout).not.toContain(SECRETS.password);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(fs.existsSync(r.outdir)).toBe(false);
  });

  test("npm run synth --config x.yaml (without --): the app says how to pass it", () => {
    const r = synth(["x.yaml"], { npm_lifecycle_event: "synth", npm_config_config: "true" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("npm run synth -- --config x.yaml");
    expect(fs.existsSync(r.outdir)).toBe(false);
  });

  test("a relative --config under npm is looked for in INIT_CWD, and the message shows it as typed there", () => {
    const r = synth(["--config", "missing.yaml"], { INIT_CWD: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("Invalid config file:\n  - missing.yaml: cannot read the config file (ENOENT)");
    expect(fs.existsSync(r.outdir)).toBe(false);
    // Outside the folder the user runs in, the path is absolute.
    const outside = synth(["--config", path.join(dir, "missing.yaml")], { INIT_CWD: root });
    expect(outside.stderr).toContain(`${path.join(dir, "missing.yaml")}: cannot read the config file (ENOENT)`);
  });

  test("the CLI binary: a literal password in --state is not echoed, exit 1, no stack trace", () => {
    const bin = path.join(root, "bin/aura-secure.js");
    const state = JSON.stringify({ connection: { uri: "neo4j+s://h:7687", user: "u", password: SECRETS.password } });
    const r = spawnSync(process.execPath, [bin, "cypher", "plan", "--state", state], { encoding: "utf8" });
    collect(r.stdout, r.stderr);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("--state.connection.password: got a literal string (<not shown>)");
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });
});

describe("the secret sweep", () => {
  test("no secret the rows gave appears in any message they produced", () => {
    expect(collected.length).toBeGreaterThan(200);
    for (const secret of Object.values(SECRETS)) {
      const hits = collected.filter((m) => m.includes(secret));
      expect(hits).toEqual([]);
    }
  });

  test("credential-looking values are redacted in any UserError", () => {
    const e = new UserError(`got https://admin:${SECRETS.urlPassword}@db:7473 and ${SECRETS.awsKey} and ${SECRETS.githubToken} and password=${SECRETS.password} and {"token":"${SECRETS.password}"}`);
    for (const secret of Object.values(SECRETS)) expect(e.message).not.toContain(secret);
    expect(e.message).toContain("https://admin:<password not shown>@db:7473");
    const c = new ConfigError([`x: got ${SECRETS.awsKey}`]);
    expect(c.problems.join()).not.toContain(SECRETS.awsKey);
  });
});

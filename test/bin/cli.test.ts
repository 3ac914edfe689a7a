import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildProgram } from "../../bin/cli";

const BIN = path.join(__dirname, "../../bin/aura-secure.js");

function aura(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, ...options.env }, input: options.input });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "aura-cli-"))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("aura-secure (spawned)", () => {
  test("--help lists the command groups", () => {
    const result = aura(["--help"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: aura-secure/);
    for (const group of ["keystore", "certs", "conf", "cypher"]) expect(result.stdout).toMatch(new RegExp(`^\\s+${group}\\b`, "m"));
  });

  // Every leaf command of the program, read from the program itself so a new command is covered too;
  // rendered in-process (commander's --help prints exactly helpInformation()), one spawn above is enough.
  const leaves = buildProgram().commands.flatMap((group) => group.commands.map((command) => [group.name(), command.name(), command] as const));
  test("the program has the documented commands", () => {
    expect(leaves.map(([g, c]) => `${g} ${c}`)).toEqual(
      expect.arrayContaining(["keystore create", "keystore inspect", "certs create", "certs letsencrypt", "conf render", "conf check", "cypher plan", "cypher apply", "cypher destroy"]),
    );
  });
  test.each(leaves)("%s %s --help", (group, name, command) => {
    const help = command.helpInformation();
    expect(help).toContain(`Usage: aura-secure ${group} ${name}`);
    expect(command.description().length).toBeGreaterThan(20);
    expect(help).toContain("-h, --help");
  });

  test("a user mistake prints one line, exit code 1, no stack trace", () => {
    const result = aura(["keystore", "create", "--out", path.join(dir, "k.p12"), "--alias", "k", "--key-size", "512"], { env: { KEYSTORE_PASSWORD: "long-enough-pw" } });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("error: --key-size 512 is not allowed; allowed: 256 (Neo4j needs an AES-256 key for alias credentials)\n");
    expect(fs.existsSync(path.join(dir, "k.p12"))).toBe(false);
  });

  test("a missing required option is reported by commander with exit code 1", () => {
    const result = aura(["keystore", "create", "--alias", "k"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("error: required option '--out <file>' not specified");
  });

  test("--password-stdin: the password comes from stdin and never shows in output", () => {
    const out = path.join(dir, "stdin.p12");
    const password = "piped-password-42";
    const created = aura(["keystore", "create", "--out", out, "--alias", "neo-key", "--password-stdin"], { input: `${password}\n`, env: { KEYSTORE_PASSWORD: "" } });
    expect(created.status).toBe(0);
    expect(created.stdout + created.stderr).not.toContain(password);
    const inspected = aura(["keystore", "inspect", out, "--password-stdin"], { input: password });
    expect(inspected.status).toBe(0);
    expect(inspected.stdout).toMatch(/^neo-key\s+secret key\s+AES\s+256 bits$/m);
  });

  test("a password passed as an argument is not an option", () => {
    const result = aura(["keystore", "create", "--out", path.join(dir, "x.p12"), "--alias", "k", "--password", "in-argv-123"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("error: unknown option '--password'");
    expect(fs.existsSync(path.join(dir, "x.p12"))).toBe(false);
  });
});

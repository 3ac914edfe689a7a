import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readPkcs12Entries } from "../../../runtime/keystore/pkcs12-read";
import { describeUnless, missingToolsReason, rootReason, run, testUnless, testWithTools } from "../../support/real-tools";
import { runWithWarnings } from "../capture-stderr";
import { TEST_SECRETS } from "../../support/test-secrets";

const PASSWORD = TEST_SECRETS.keptKeystorePassword;
const WORKTREE = path.resolve(__dirname, "../../..");
let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "aura-keys-kept-"))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const create = (out: string, extra: string[] = [], env: Record<string, string | undefined> = { KEYSTORE_PASSWORD: PASSWORD }) =>
  runWithWarnings(["keystore", "create", "--out", out, "--alias", "aliaskey", ...extra], env);

describe("keystore create keeps keys", () => {
  test("--force keeps the replaced keystore as <out>.bak-<timestamp> (same bytes, 0600) and warns", async () => {
    const out = path.join(dir, "ks.p12");
    expect((await create(out)).code).toBe(0);
    const old = fs.readFileSync(out);
    const forced = await create(out, ["--force"]);
    expect(forced.code).toBe(0);
    const backups = fs.readdirSync(dir).filter((name) => name.startsWith("ks.p12.bak-"));
    expect(backups).toHaveLength(1);
    const backup = path.join(dir, backups[0]!);
    expect(fs.readFileSync(backup).equals(old)).toBe(true);
    expect(fs.statSync(backup).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(out).equals(old)).toBe(false);
    expect(forced.stderr).toBe(
      `warning: replaced the keystore ${out}; the old one is kept as ${backup}. Alias credentials stored with the old key cannot be decrypted with the new one: ` +
        "set them again (ALTER ALIAS ... SET DATABASE USER ... PASSWORD ...) or restore the backup. Keep the backup until then.\n",
    );
    expect(forced.stderr + forced.stdout).not.toContain(PASSWORD);
    // The backup is a working keystore: the old key is still there.
    expect(readPkcs12Entries(fs.readFileSync(backup), PASSWORD)).toEqual([{ alias: "aliaskey", type: "secret key", algorithm: "AES", keySizeBits: 256 }]);
    // A second replacement in the same second never overwrites the first backup.
    expect((await create(out, ["--force"])).code).toBe(0);
    expect(fs.readdirSync(dir).filter((name) => name.startsWith("ks.p12.bak-"))).toHaveLength(2);
  });

  test("a dangling symlink at --out is refused without --force, and replaced by the file with it", async () => {
    const out = path.join(dir, "link.p12");
    const target = path.join(dir, "elsewhere", "ks.p12");
    fs.symlinkSync(target, out);
    const refused = await create(out);
    expect(refused).toMatchObject({ code: 1, stderr: `error: --out ${out} is a symlink to ${target}, which does not exist; remove it, or pass --force to replace the link with a file\n` });
    expect(fs.lstatSync(out).isSymbolicLink()).toBe(true);
    const forced = await create(out, ["--force"]);
    expect(forced.code).toBe(0);
    expect(fs.lstatSync(out).isFile()).toBe(true);
    expect(fs.existsSync(target)).toBe(false);
    expect(fs.readdirSync(dir).filter((name) => name.startsWith("link.p12.bak-"))).toEqual([]); // nothing to keep
  });

  testUnless(rootReason(), "as root: --owner hands the keystore over; without it, the output says how (chown needs root)", async () => {
    const owned = path.join(dir, "owned.p12");
    const result = await create(owned, ["--owner", "54321:54322"]);
    expect(result.code).toBe(0);
    expect([fs.statSync(owned).uid, fs.statSync(owned).gid]).toEqual([54321, 54322]);
    expect(result.stdout).toContain(`owner: ${owned} now belong to 54321:54322 (uid 54321, gid 54322)\n`);
    const plain = path.join(dir, "plain.p12");
    const hint = await create(plain);
    expect(hint.stdout).toContain(`running as root: the files belong to root; hand them to the user running Neo4j: chown neo4j:neo4j ${plain} (or pass --owner neo4j:neo4j)\n`);
    expect(await create(path.join(dir, "x.p12"), ["--owner", "nobody-aura-test"])).toMatchObject({ code: 1, stderr: 'error: --owner "nobody-aura-test": user nobody-aura-test does not exist on this machine\n' });
  });
});

describe("keystore inspect", () => {
  testWithTools("warns on an AES key that is not 256 bits (keytool -keysize 128)", ["keytool"], async () => {
    const file = path.join(dir, "aes128.p12");
    expect(run("keytool", ["-genseckey", "-keyalg", "aes", "-keysize", "128", "-storetype", "pkcs12", "-keystore", file, "-alias", "small", "-storepass:env", "KEYSTORE_PASSWORD"], { env: { KEYSTORE_PASSWORD: PASSWORD } }).status).toBe(0);
    const result = await runWithWarnings(["keystore", "inspect", file], { KEYSTORE_PASSWORD: PASSWORD });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^small\s+secret key\s+AES\s+128 bits$/m);
    expect(result.stderr).toBe("warning: small is an AES key of 128 bits; Neo4j encrypts alias credentials with AES/GCM and needs 256 bits\n");
    const ours = path.join(dir, "ours.p12");
    expect((await create(ours)).code).toBe(0);
    expect((await runWithWarnings(["keystore", "inspect", ours], { KEYSTORE_PASSWORD: PASSWORD })).stderr).toBe("");
  });
});

/** Runs the real CLI under a pseudo-terminal (util-linux `script`), answering each prompt once it appears. */
function onTerminal(args: string[], answers: Array<[string, string]>, argv = [process.execPath, path.join(WORKTREE, "bin/aura-secure.js")]): Promise<{ code: number | null; output: string }> {
  const command = [...argv, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(" ");
  const child = spawn("script", ["-q", "-e", "-c", command, "/dev/null"], { env: { ...process.env, KEYSTORE_PASSWORD: "" } });
  let output = "";
  const pending = [...answers];
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    // Answer only after the prompt: typed-ahead input would be echoed before the prompt turns echo off.
    while (pending.length > 0 && output.includes(pending[0]![0])) {
      const [, answer] = pending.shift()!;
      setTimeout(() => child.stdin.write(`${answer}\r`), 100);
      output = output.replace(answers[answers.length - pending.length - 1]![0], `<${answers.length - pending.length}>`);
    }
  });
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, output })));
}

describeUnless(missingToolsReason(["script"]), "--password-stdin on a terminal (util-linux script for a pty)", () => {
  test("control: the pty does echo what a plain `read` is answered", async () => {
    const result = await onTerminal(["-c", 'printf "Answer: "; read answer; echo done'], [["Answer: ", "visible-answer-3"]], ["sh"]);
    expect(result.output).toContain("visible-answer-3");
    expect(result.output).toContain("done");
  });

  test("asks twice without echo, and the keystore opens with the typed password", async () => {
    const out = path.join(dir, "typed.p12");
    const typed = "typed-on-a-tty-7";
    const result = await onTerminal(["keystore", "create", "--out", out, "--alias", "aliaskey", "--password-stdin"], [["Keystore password: ", typed], ["Repeat the password: ", typed]]);
    expect(result.output).not.toContain(typed);
    expect(result.output).toContain("<1>");
    expect(result.output).toContain("<2>");
    expect(result.code).toBe(0);
    expect(readPkcs12Entries(fs.readFileSync(out), typed)).toHaveLength(1);
  });

  test("two different answers write nothing", async () => {
    const out = path.join(dir, "typo.p12");
    const result = await onTerminal(["keystore", "create", "--out", out, "--alias", "aliaskey", "--password-stdin"], [["Keystore password: ", "first-answer-1"], ["Repeat the password: ", "other-answer-2"]]);
    expect(result.code).toBe(1);
    expect(result.output).toContain("error: the two passwords typed on the terminal differ; nothing was written");
    expect(result.output).not.toMatch(/first-answer-1|other-answer-2/);
    expect(fs.existsSync(out)).toBe(false);
  });
});

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** The app from its sources, through tsx (`npm run synth:dev`); `npm run synth` runs the same main.ts compiled. */
const root = path.resolve(__dirname, "../..");
const tsxCli = require.resolve("tsx/cli");

function runApp(args: string[], env: Record<string, string> = {}) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "aura-app-"));
  const r = spawnSync(process.execPath, [tsxCli, "main.ts", ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, AURA_CONFIG: "", CDKTF_OUTDIR: outdir, ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, outdir };
}

describe("the app (npm run synth)", () => {
  test("with no argument it synthesizes the embedded example and prints a summary of the stacks", () => {
    const r = runApp([]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Synthesized \d+ stack\(s\) from the embedded example config/);
    expect(r.stdout).toContain("aura-aws-us-east-1");
    expect(fs.existsSync(path.join(r.outdir, "stacks", "aura-aws-us-east-1", "cdk.tf.json"))).toBe(true);
  });

  test("with the default outdir, local state lives in the project folder, outside cdktf.out", () => {
    const r = runApp([], { CDKTF_OUTDIR: "cdktf.out" });
    expect(r.status).toBe(0);
    const json = JSON.parse(fs.readFileSync(path.join(root, "cdktf.out", "stacks", "aura-aws-us-east-1", "cdk.tf.json"), "utf8"));
    expect(json.terraform.backend.local.path).toBe("../../../terraform.aura-aws-us-east-1.tfstate");
  });

  test("it prints the constructs' warnings, which cdktf-cli would otherwise be the only one to show", () => {
    const r = runApp([]);
    expect(r.stderr).toContain("warning: aura-azure-eastus/cmk: After Key Vault rotates the Aura key, wait at least 24 hours");
  });

  test("the manifest carries no stack traces (absolute paths would differ per machine)", () => {
    const r = runApp([]);
    const manifest = fs.readFileSync(path.join(r.outdir, "manifest.json"), "utf8");
    expect(manifest).toContain("@cdktf/warn");
    expect(manifest).not.toContain("stacktrace");
  });

  test("a bad config file fails with the config path and value, exit code 1, and no stack trace", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aura-bad-"));
    const file = path.join(dir, "aura.yaml");
    fs.writeFileSync(file, "project: acme\nregions:\n  - cloud: aws\n    region: us-east-1\n    product: free\n");
    const r = runApp(["--config", file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`Invalid ${file}:`);
    expect(r.stderr).toContain('regions[0].product: got "free"');
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(fs.existsSync(path.join(r.outdir, "stacks"))).toBe(false);
  });

  test("AURA_CONFIG names the config file when --config is absent", () => {
    const r = runApp([], { AURA_CONFIG: "/nonexistent/aura.yaml" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("/nonexistent/aura.yaml: cannot read the config file (ENOENT)");
  });

  test("stack folders left in cdktf.out by an earlier synth of another config are pointed out, not deleted", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "aura-app-"));
    fs.mkdirSync(path.join(outdir, "stacks", "aura-aws-ap-south-1"), { recursive: true });
    fs.writeFileSync(path.join(outdir, "stacks", "aura-aws-ap-south-1", "terraform.aura-aws-ap-south-1.tfstate"), "{}");
    const r = runApp([], { CDKTF_OUTDIR: outdir });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`warning: ${path.join(outdir, "stacks")} also holds aura-aws-ap-south-1 from an earlier synth, which this config does not produce`);
    expect(r.stderr).not.toContain("aura-aws-us-east-1 from an earlier synth");
    expect(fs.existsSync(path.join(outdir, "stacks", "aura-aws-ap-south-1", "terraform.aura-aws-ap-south-1.tfstate"))).toBe(true);
  });

  test("--help describes the option", () => {
    const r = runApp(["--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("--config <file>");
  });
});

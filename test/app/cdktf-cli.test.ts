import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runByCdktfCli } from "../../stacks/warnings";

/**
 * Under cdktf-cli (`cdktf synth`), the CLI prints the manifest's annotations as WARN and every stderr line of
 * the app as [ERROR], and removes stack folders the synth did not write: the app must stay quiet on stderr.
 * The environment below is what cli-core 0.21.0 (synth-stack.js) sets when it runs the app.
 */
const root = path.resolve(__dirname, "../..");
const CLI_ENV = { CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: "true", CDKTF_CONTEXT_JSON: JSON.stringify({ cdktfRelativeModules: [] }) };

describe("runByCdktfCli", () => {
  test.each([
    ["cdktf-cli's environment", CLI_ENV, true],
    ["only the continue-on-error flag", { CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: "true" }, true],
    ["only cdktf-cli's context", { CDKTF_CONTEXT_JSON: '{"cdktfRelativeModules":["./mod"],"x":1}' }, true],
    ["a context set by the user for another reason", { CDKTF_CONTEXT_JSON: '{"env":"prod"}' }, false],
    ["a context that is not JSON", { CDKTF_CONTEXT_JSON: "not json" }, false],
    ["an outdir alone (npm run synth in a test)", { CDKTF_OUTDIR: "/tmp/x" }, false],
    ["nothing", {}, false],
  ])("%s -> %s", (_name, env, expected) => {
    expect(runByCdktfCli(env)).toBe(expected);
  });
});

describe("the app started by cdktf-cli", () => {
  test("writes no warning to stderr (the CLI shows the annotation once) and leaves stale folders to the CLI", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "aura-cli-"));
    fs.mkdirSync(path.join(outdir, "stacks", "aura-aws-ap-south-1"), { recursive: true });
    const r = spawnSync(process.execPath, [require.resolve("tsx/cli"), "main.ts"], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, AURA_CONFIG: "", CDKTF_OUTDIR: outdir, ...CLI_ENV },
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    // The warning is still in the manifest, where cdktf-cli reads and prints it.
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
    const annotations = Object.values<any>(manifest.stacks).flatMap((s) => s.annotations ?? []);
    expect(annotations).toEqual(expect.arrayContaining([expect.objectContaining({ level: "@cdktf/warn", message: expect.stringContaining("wait at least 24 hours") })]));
    fs.rmSync(outdir, { recursive: true, force: true });
  });
});

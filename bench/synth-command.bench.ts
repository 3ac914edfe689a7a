import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * Whole-process wall time of `npm run synth`'s command (the compiled app, as cdktf.json runs it too) on the
 * embedded example, against the 1 s target (issue 13), next to `npm run synth:dev` (tsx) for comparison.
 * The command is read from package.json and run through the shell, without npm's own start-up around it.
 * Best of RUNS, so a busy machine's one slow start does not fail the line.
 */
const ROOT = path.resolve(__dirname, "..");
const RUNS = 3;
const TARGET_MS = 1000;

/** Best wall time, and the CPU time (user + sys, from bash's `time`) of that run: on a busy machine the CPU figure shows what the wall time would be idle. */
function timeCommand(command: string): { wallMs: number; cpuMs: number } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "aura-bench-synth-"));
  try {
    let best = { wallMs: Infinity, cpuMs: Infinity };
    for (let i = 0; i < RUNS; i++) {
      const t0 = process.hrtime.bigint();
      // Binaries of node_modules/.bin on PATH, as npm run does (synth:dev calls tsx by name).
      const r = spawnSync("bash", ["-c", `TIMEFORMAT='cpu %U %S'; time (${command}) >/dev/null`], {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, PATH: `${path.join(ROOT, "node_modules/.bin")}${path.delimiter}${process.env.PATH}`, AURA_CONFIG: "", CDKTF_OUTDIR: outdir },
      });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (r.status !== 0) throw new Error(`${command} failed:\n${r.stdout}\n${r.stderr}`);
      const cpu = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
      if (ms < best.wallMs) best = { wallMs: ms, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN };
    }
    return best;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
let failed = false;
console.log(`script       command                 wall(ms, best of ${RUNS})  cpu(ms)  target`);
for (const [name, target] of [["synth", TARGET_MS], ["synth:dev", null]] as const) {
  const command = scripts[name]!;
  const { wallMs: ms, cpuMs } = timeCommand(command);
  const verdict = target === null ? "(for comparison)" : ms < target ? `< ${target} ms ok` : `< ${target} ms FAILED`;
  if (target !== null && ms >= target) failed = true;
  console.log(`${name.padEnd(12)} ${command.padEnd(23)} ${ms.toFixed(0).padStart(20)} ${cpuMs.toFixed(0).padStart(8)}  ${verdict}`);
}
console.log("wall = whole process: node start, imports, config validation, synth, writing cdktf.out (npm's own start-up not included); cpu = user + sys of that run.");
process.exitCode = failed ? 1 : 0;

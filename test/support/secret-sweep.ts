import * as fs from "node:fs";
import * as path from "node:path";
import { TEST_SECRETS, type TestSecretName } from "./test-secrets";

/**
 * The secret sweep: every output of the test run is scanned for the test secrets (test-secrets.ts).
 * Installed once per test file by test/support/setup.ts; it watches
 * - the worker's process.stdout and process.stderr, and the console (jest's buffer of it),
 * - every child process a test starts (spawn, exec, execFile, fork and their sync forms), whatever the test
 *   then does with the output: the streams are read where node fills them, so a test cannot bypass it;
 * - what the helpers that run the CLI in-process capture (run-cli.ts records it, tests use captureWriter()).
 * A hit is written at once to the run's sweep folder (the reporter test/support/secret-sweep-reporter.js
 * fails the whole run on any hit) and fails the test file in its afterAll. Messages name the secret, never
 * its value.
 */

export interface SweepHit {
  secret: TestSecretName;
  source: string;
  file: string;
  test: string | undefined;
}

type Recorder = (source: string, text: string) => void;

interface SharedState {
  /** The recorder of the test file running now (the patches outlive a file; the recorder does not). */
  record: Recorder;
  /** Programs whose stdout is a secret by design, declared by the running test file (secretChannel). */
  channels: Set<string>;
}

const STATE = Symbol.for("aura-secure.secret-sweep");
const PATCHED = Symbol.for("aura-secure.secret-sweep.patched");

const SECRETS = Object.entries(TEST_SECRETS) as Array<[TestSecretName, string]>;
const LONGEST = Math.max(...SECRETS.map(([, s]) => s.length));

/** Names of the secrets `text` holds. */
export function secretsIn(text: string): TestSecretName[] {
  return SECRETS.filter(([, secret]) => text.includes(secret)).map(([name]) => name);
}

function textOf(chunk: unknown): string {
  if (chunk === undefined || chunk === null) return "";
  if (typeof chunk === "string") return chunk;
  if (Buffer.isBuffer(chunk) || chunk instanceof Uint8Array) return Buffer.from(chunk).toString("latin1");
  return String(chunk);
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const childProcess = require("node:child_process") as typeof import("node:child_process") & { [STATE]?: SharedState; [PATCHED]?: boolean };

function shared(): SharedState {
  if (!childProcess[STATE]) childProcess[STATE] = { record: () => undefined, channels: new Set() };
  return childProcess[STATE]!;
}

/** Scans a stream chunk by chunk, keeping a tail so a secret split across two chunks is still found. */
class StreamScanner {
  private tail = "";
  constructor(private readonly source: string) {}
  push(chunk: unknown): void {
    const text = this.tail + textOf(chunk);
    shared().record(this.source, text);
    this.tail = text.slice(-(LONGEST - 1));
  }
}

/**
 * Declares a program whose stdout carries a secret by design and is read by the code under test, never shown
 * (a keystore password command: printing the password is its job). Its stdout is not swept; its stderr is.
 * Narrow on purpose: an exact path, for the rest of the test file only.
 */
export function secretChannel(program: string): void {
  shared().channels.add(program);
}

const isSecretChannel = (file: unknown) => typeof file === "string" && shared().channels.has(file);

/** Records output a helper captured (in-process CLI runs, writers handed to commands). */
export function recordOutput(source: string, ...texts: Array<unknown>): void {
  for (const t of texts) shared().record(source, textOf(t));
}

/** A `{write}` sink for commands' stdout/stderr in tests: keeps the text and records it for the sweep. */
export function captureWriter(source: string): { write(chunk: string): boolean; readonly text: string } {
  let text = "";
  const scanner = new StreamScanner(source);
  return {
    write(chunk: string) {
      text += chunk;
      scanner.push(chunk);
      return true;
    },
    get text() {
      return text;
    },
  };
}

/**
 * Runs `fn` with the sweep looking for `markers` (name -> value) instead of the test secrets, its hits going
 * to `hits` instead of failing the run: the sweep's own tests prove what it catches without printing a secret.
 */
export async function withSweepRecorder<T>(markers: Record<string, string>, hits: Array<{ secret: string; source: string }>, fn: () => Promise<T> | T): Promise<T> {
  const state = shared();
  const before = state.record;
  state.record = (source, text) => {
    for (const [name, marker] of Object.entries(markers)) if (text.includes(marker)) hits.push({ secret: name, source });
  };
  try {
    return await fn();
  } finally {
    state.record = before;
  }
}

function describeCommand(file: unknown, args: unknown): string {
  const words = [file, ...(Array.isArray(args) ? args : [])].map((w) => String(w));
  const shown = words.join(" ");
  return `child process \`${shown.length > 80 ? `${shown.slice(0, 77)}...` : shown}\``;
}

/** Output a child would write straight to the worker's descriptors ("inherit") is piped and passed on, so it is seen. */
function pipeInherited(options: unknown): { options: unknown; passOn: boolean[] } {
  if (!options || typeof options !== "object") return { options, passOn: [false, false, false] };
  const o = options as { stdio?: unknown };
  const std = o.stdio;
  const list: unknown[] = std === undefined ? [] : typeof std === "string" ? [std, std, std] : Array.isArray(std) ? [...std] : [];
  const passOn = [false, false, false];
  for (const fd of [1, 2]) {
    const v = list[fd];
    if (v === "inherit" || v === fd || v === (fd === 1 ? process.stdout : process.stderr)) {
      list[fd] = "pipe";
      passOn[fd] = true;
    }
  }
  if (!passOn[1] && !passOn[2]) return { options, passOn };
  if (list[0] === undefined) list[0] = typeof std === "string" ? std : "pipe";
  return { options: { ...o, stdio: list }, passOn };
}

/** Splits the optional args list off the arguments of spawnSync/execFileSync-like functions. */
function optionsIndex(args: unknown[]): number {
  for (let i = 1; i < args.length; i++) if (args[i] && typeof args[i] === "object" && !Array.isArray(args[i])) return i;
  return -1;
}

function patchChildProcesses(): void {
  if (childProcess[PATCHED]) return;
  childProcess[PATCHED] = true;
  const cp = childProcess as unknown as Record<string, (...a: unknown[]) => unknown>;

  // Sync forms: the result holds the output.
  const origSpawnSync = cp.spawnSync!;
  cp.spawnSync = (...args: unknown[]) => {
    const i = optionsIndex(args);
    let passOn = [false, false, false];
    if (i >= 0) ({ options: args[i], passOn } = pipeInherited(args[i]));
    const r = origSpawnSync(...args) as { stdout?: unknown; stderr?: unknown };
    const source = describeCommand(args[0], args[1]);
    if (!isSecretChannel(args[0])) recordOutput(`${source} stdout`, r?.stdout);
    recordOutput(`${source} stderr`, r?.stderr);
    if (passOn[1] && r?.stdout) process.stdout.write(r.stdout as string);
    if (passOn[2] && r?.stderr) process.stderr.write(r.stderr as string);
    return r;
  };
  for (const name of ["execFileSync", "execSync"]) {
    const orig = cp[name]!;
    cp[name] = (...args: unknown[]) => {
      const i = optionsIndex(args);
      if (i >= 0) args[i] = pipeInherited(args[i]).options;
      const source = describeCommand(args[0], name === "execFileSync" ? args[1] : []);
      try {
        const out = orig(...args);
        recordOutput(`${source} stdout`, out);
        return out;
      } catch (e) {
        const err = e as { stdout?: unknown; stderr?: unknown; message?: string };
        recordOutput(`${source} stdout`, err.stdout);
        recordOutput(`${source} stderr`, err.stderr, err.message);
        throw e;
      }
    };
  }

  // Async forms (spawn, exec, execFile, fork) all start a ChildProcess: watch its pipes where node pushes the data.
  const proto = childProcess.ChildProcess.prototype as unknown as { spawn: (options: { file?: string; args?: string[]; stdio?: unknown }) => unknown };
  const origSpawn = proto.spawn;
  proto.spawn = function (this: import("node:child_process").ChildProcess, options) {
    const piped = pipeInherited(options);
    const result = origSpawn.call(this, piped.options as typeof options);
    const source = describeCommand(options?.file, (options?.args ?? []).slice(1));
    for (const [fd, stream] of [[1, this.stdout], [2, this.stderr]] as const) {
      if (!stream || (fd === 1 && isSecretChannel(options?.file))) continue;
      const scanner = new StreamScanner(`${source} ${fd === 1 ? "stdout" : "stderr"}`);
      const push = stream.push.bind(stream);
      stream.push = (chunk: unknown, encoding?: BufferEncoding) => {
        if (chunk !== null) scanner.push(chunk);
        return push(chunk, encoding);
      };
      if (piped.passOn[fd]) stream.pipe(fd === 1 ? process.stdout : process.stderr, { end: false });
    }
    return result;
  };
}

function patchStream(stream: NodeJS.WriteStream, name: string): void {
  const s = stream as NodeJS.WriteStream & { [PATCHED]?: boolean };
  if (s[PATCHED]) return;
  s[PATCHED] = true;
  const scanner = new StreamScanner(name);
  const write = stream.write;
  stream.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
    scanner.push(chunk);
    return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof stream.write;
}

/**
 * The console of a test file: jest buffers what tests log and its reporter prints it. Read from that buffer
 * rather than by wrapping console (a wrapper would make jest show the wrapper as every message's origin).
 */
let consoleScanned = 0;
export function scanConsoleBuffer(): void {
  const buffer = (console as Console & { getBuffer?: () => Array<{ message: string; type: string }> | undefined }).getBuffer?.() ?? [];
  for (const entry of buffer.slice(consoleScanned)) recordOutput(`console.${entry.type}`, entry.message);
  consoleScanned = buffer.length;
}

/** Installs the sweep for the current test file (called from test/support/setup.ts). */
export function installSecretSweep(testFile: string): void {
  const hits: SweepHit[] = [];
  const dir = process.env.AURA_SECRET_SWEEP_DIR;
  const currentTest = () => {
    try {
      return expect.getState().currentTestName;
    } catch {
      return undefined;
    }
  };
  const record: Recorder = (source, text) => {
    for (const secret of secretsIn(text)) {
      // A test name holding the secret is not repeated in the report.
      const hit = { secret, source, file: testFile, test: source === "test name" ? undefined : currentTest() };
      hits.push(hit);
      if (dir && fs.existsSync(dir)) fs.appendFileSync(path.join(dir, `hits-${process.pid}.jsonl`), `${JSON.stringify(hit)}\n`);
    }
  };
  shared().record = record;
  shared().channels = new Set();
  patchChildProcesses();
  patchStream(process.stdout, "stdout");
  patchStream(process.stderr, "stderr");
  // Test names are printed by the reporter: a secret in one is output too.
  beforeEach(() => {
    const name = currentTest();
    if (name) record("test name", name);
  });
  // The recorder stays this file's until the next file installs its own: output of later hooks still counts
  // (the reporter sees it in the sweep folder even when this check has already run).
  afterEach(() => scanConsoleBuffer());
  afterAll(() => {
    scanConsoleBuffer();
    if (hits.length > 0) {
      const lines = hits.map((h) => `  - TEST_SECRETS.${h.secret} in ${h.source}${h.test ? ` (test "${h.test}")` : ""}`);
      throw new Error(`secret sweep: a test secret appeared in the output of this file:\n${[...new Set(lines)].join("\n")}`);
    }
  });
}

import { execFile, spawn, spawnSync, execSync } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { captureWriter, scanConsoleBuffer, secretsIn, withSweepRecorder } from "./secret-sweep";
import { TEST_SECRETS } from "./test-secrets";

/**
 * The secret sweep itself. Markers stand in for the secrets (withSweepRecorder), so proving that output is
 * caught never prints a test secret; the last test runs a jest of its own on a file that leaks a real one.
 */
const MARKER = "sweep-marker-4f9e1c";
const markers = { marker: MARKER };

async function caught(fn: () => Promise<unknown> | unknown): Promise<string[]> {
  const hits: Array<{ secret: string; source: string }> = [];
  await withSweepRecorder(markers, hits, fn);
  return hits.map((h) => h.source);
}

describe("what the sweep watches", () => {
  test("spawnSync output kept by the test", async () => {
    const sources = await caught(() => spawnSync("sh", ["-c", `printf %s ${MARKER}`], { encoding: "utf8" }));
    expect(sources).toEqual([`child process \`sh -c printf %s ${MARKER}\` stdout`]);
  });

  test("execSync output, stderr too, also when the command fails", async () => {
    const sources = await caught(() => {
      try {
        execSync(`printf %s ${MARKER} >&2; exit 3`, { stdio: ["ignore", "pipe", "pipe"] });
      } catch {
        // expected: the exit status is 3
      }
    });
    expect(sources.some((s) => s.endsWith("stderr"))).toBe(true);
  });

  test("promisified execFile (async), the way terraform helpers run it", async () => {
    const sources = await caught(() => promisify(execFile)("sh", ["-c", `printf %s ${MARKER}`]));
    expect(sources).toEqual([`child process \`sh -c printf %s ${MARKER}\` stdout`]);
  });

  test("a secret split across two chunks of a child's stream", async () => {
    const half = MARKER.length / 2;
    const sources = await caught(
      () =>
        new Promise<void>((resolve) => {
          const child = spawn("sh", ["-c", `printf %s ${MARKER.slice(0, half)}; sleep 0.2; printf %s ${MARKER.slice(half)}`]);
          child.stdout.resume();
          child.on("close", () => resolve());
        }),
    );
    expect(sources.length).toBeGreaterThan(0);
  });

  test("a child that inherits the worker's stdout is piped, scanned and its output still passed on", async () => {
    const sources = await caught(
      () =>
        new Promise<void>((resolve) => {
          spawn("sh", ["-c", `printf '%s\\n' ${MARKER}`], { stdio: ["ignore", "inherit", "inherit"] }).on("close", () => resolve());
        }),
    );
    expect(sources).toContain(`child process \`sh -c printf '%s\\n' ${MARKER}\` stdout`);
  });

  test("console and process.stderr of the worker", async () => {
    const sources = await caught(() => {
      console.warn(`warning about ${MARKER}`);
      scanConsoleBuffer();
      process.stderr.write(`${MARKER}\n`);
    });
    expect(sources).toEqual(expect.arrayContaining(["console.warn", "stderr"]));
  });

  test("writers handed to commands in-process (captureWriter)", async () => {
    const sources = await caught(() => {
      const out = captureWriter("cypher plan stdout");
      out.write(MARKER.slice(0, 5));
      out.write(MARKER.slice(5));
    });
    expect(sources).toEqual(["cypher plan stdout"]);
  });

  test("secretsIn names the secrets a text holds, by name", () => {
    expect(secretsIn(`x ${TEST_SECRETS.urlPassword} y ${TEST_SECRETS.awsKey}`)).toEqual(["awsKey", "urlPassword"]);
    expect(secretsIn("nothing here")).toEqual([]);
  });
});

test("a run whose test keeps a leaked secret to itself still fails, naming the secret and not its value", () => {
  const root = path.resolve(__dirname, "../..");
  const config = {
    rootDir: root,
    roots: ["<rootDir>/test/support/fixtures"],
    testMatch: ["**/leaks-a-secret.fixture.ts"],
    testEnvironment: "node",
    transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
    setupFilesAfterEnv: ["<rootDir>/test/support/setup.ts"],
    reporters: ["default", "<rootDir>/test/support/secret-sweep-reporter.js"],
  };
  const r = spawnSync(process.execPath, [require.resolve("jest/bin/jest"), "--config", JSON.stringify(config), "--ci"], { cwd: root, encoding: "utf8", timeout: 300_000 });
  const output = `${r.stdout}${r.stderr}`;
  expect(r.status).toBe(1);
  expect(output).toContain("secret sweep: a test secret appeared in the output of this file:");
  expect(output).toContain('TEST_SECRETS.password in child process `sh -c printf "connecting with %s\\n" "$PW"` stdout (test "a child process prints a secret the test never shows")');
  expect(output).toMatch(/secret sweep: 1 test secret\(s\) appeared in the output of the run:\n {2}- TEST_SECRETS.password in child process/);
  expect(output).not.toContain(TEST_SECRETS.password);
});

import * as fs from "node:fs";
import * as path from "node:path";
import type { CheckResult, VerifyReport } from "../../runtime/verify/run";
import type { TwinWorld } from "./net/world";

/**
 * `aura-secure verify` run as a user runs it after `cdktf deploy`, on a client host of the twin: the
 * repository's CLI (bin/aura-secure.js, what node_modules/.bin/aura-secure starts), the outputs terraform
 * would print, the network's resolver as --dns-server, the twin's test CA. No --allow-loopback, no
 * --port-map: the checks reach the endpoint's private addresses on Aura's ports.
 */

const BIN = path.resolve(__dirname, "../../bin/aura-secure.js");
/** The Bolt test server's default login; given to verify by reference (an environment variable), as users do. */
const PASSWORD = { env: "TWIN_NEO4J_PASSWORD", value: "test-password" };

export interface VerifyRun {
  client: string;
  args: string[];
  code: number;
  report: VerifyReport;
  stderr: string;
}

export interface VerifyOptions {
  /** Outputs of the stacks to check, as cdktf's --outputs-file writes them ({ stack: { output: value } }). */
  outputs: Record<string, Record<string, unknown>>;
  /** Instance names to check (`<dbid>.production-orch-<orch>.neo4j.io`). */
  dbids: string[];
  caFile: string;
  /** Per probe; a dropped connection takes this long to fail. */
  timeout?: string;
}

let runs = 0;

export async function verifyFrom(world: TwinWorld, clientLabel: string, o: VerifyOptions): Promise<VerifyRun> {
  const client = world.client(clientLabel);
  const file = path.join(world.dir, `${world.runId}-outputs-${++runs}.json`);
  fs.writeFileSync(file, JSON.stringify(o.outputs, null, 2));
  const args = [
    "verify",
    "--outputs", file,
    "--dns-server", `${client.dnsServer}:53`,
    "--ca-file", o.caFile,
    ...o.dbids.flatMap((d) => ["--dbid", d]),
    "--user", "neo4j",
    "--password-env", PASSWORD.env,
    "--timeout", o.timeout ?? "4s",
    "--retries", "0",
    "--json",
  ];
  const r = await world.exec(clientLabel, process.execPath, [BIN, ...args], { [PASSWORD.env]: PASSWORD.value });
  let report: VerifyReport;
  try {
    report = JSON.parse(r.stdout) as VerifyReport;
  } catch {
    throw new Error(`verify from ${clientLabel} printed no JSON report (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
  return { client: clientLabel, args, code: r.code, report, stderr: r.stderr };
}

/** `<status> <check id>: <detail>` per check, for readable assertions and failure messages. */
export function lines(run: VerifyRun): string[] {
  return run.report.results.map((r: CheckResult) => `${r.status} ${r.id}: ${r.detail}`);
}

import * as path from "node:path";
import { Command } from "commander";
import { loadConfigOption } from "../cli/config-option";
import { writeFileAtomic } from "../cli/atomic-files";
import { UserError } from "../cli/errors";
import { assertOutputFile, readInputText, readJsonInput } from "../cli/input-files";
import { validateEnvName } from "../cli/secrets";
import { secretResolver } from "../cypher/secrets";
import { parsePrivateCidrs } from "./addresses";
import { parseDnsServer, parseDuration, parsePortMap, passwordRef, resolveDnsServer } from "./flags";
import { deploymentsFromConfig, deploymentsFromOutputs, type Deployment } from "./inputs";
import { renderJunit } from "./junit";
import { systemLookup } from "./lookup-hook";
import { renderJson, renderTable } from "./report";
import { runVerify, type VerifyOptions } from "./run";

const collect = (value: string, previous: string[] = []) => [...previous, value];

interface CliOptions {
  outputs: string[];
  config?: string;
  dbid: string[];
  dnsServer?: string;
  timeout: string;
  retries: string;
  retryDelay: string;
  caFile?: string;
  user?: string;
  passwordEnv?: string;
  passwordFile?: string;
  privateCidr: string[];
  allowLoopback?: boolean;
  portMap: string[];
  json?: boolean;
  junit?: string;
}

const OUTPUTS_EXPECTED = "`terraform output -json` of a region stack, or the file of `cdktf deploy --outputs-file`";

export function readOutputsFile(file: string): Deployment[] {
  return deploymentsFromOutputs(readJsonInput(file, "--outputs", OUTPUTS_EXPECTED, ["terraform-outputs", "cdktf-outputs"]), file);
}

/** --ca-file: read once, before any check, and refused when it holds no certificate. */
function readCaFile(file: string): void {
  const expected = "a PEM file of CA certificates (-----BEGIN CERTIFICATE-----)";
  if (!readInputText(file, "--ca-file", expected).includes("-----BEGIN CERTIFICATE-----")) throw new UserError(`--ca-file ${file} holds no PEM certificate; expected ${expected}`);
}

/** Progress lines start once a run has taken this long (a quick run prints only its report). */
export const PROGRESS_AFTER_MS = 1000;

export interface VerifyCommandDeps {
  /** The clock progress follows (Date.now by default; tests pass a virtual one). */
  now?: () => number;
}

export function verifyCommand(deps: VerifyCommandDeps = {}): Command {
  const now = deps.now ?? Date.now;
  return new Command("verify")
    .description(
      "After deploy, prove from inside the network that the private path to Aura works: DNS answers the endpoint's private address, " +
        "ports 7687/443/7474 (8491 AuraDS) connect, TLS 1.2/1.3 with Aura's suites and a valid certificate (TLS 1.1 refused), " +
        "HTTPS discovery, Bolt with the real driver and a private routing table. Exit 1 when any check fails.",
    )
    .option("--outputs <file>", "`terraform output -json` of a region stack, or the cdktf --outputs-file JSON (repeatable; - for stdin)", collect, [])
    .option("--config <file>", "the app's YAML/JSON config (no endpoint addresses: prefer --outputs)")
    .option("--dbid <id>", "instance id from the Aura console, or <dbid>.production-orch-<orch>.neo4j.io (repeatable)", collect, [])
    .option("--dns-server <host:port>", "DNS server to ask (default: the system resolver, as applications do)")
    .option("--timeout <duration>", "per probe: DNS query, connect, handshake, request", "5s")
    .option("--retries <n>", "extra attempts for failures that may clear (timeouts, refused connections), 0-5", "2")
    .option("--retry-delay <duration>", "wait between attempts", "2s")
    .option("--ca-file <pem>", "trust these CA certificates instead of the system's (private CAs, tests)")
    .option("--user <name>", "Neo4j user for the Bolt login (then the server version and routing table are checked)")
    .option("--password-env <VAR>", "environment variable holding the password")
    .option("--password-file <file>", "file holding the password")
    .option("--private-cidr <cidr>", "also treat this IPv4 range as private (networks with non-RFC1918 internal ranges; repeatable)", collect, [])
    .option("--allow-loopback", "accept 127.0.0.0/8 and ::1 answers as private: for tests only, never a real deployment")
    .option("--port-map <aura=local>", "connect to another port for an Aura port, e.g. 7687=41234: for tests and port forwards only (repeatable)", collect, [])
    .option("--json", "print the report as JSON")
    .option("--junit <file>", "also write a JUnit XML report (for CI test reports)")
    .action(async (cli: CliOptions) => {
      const deployments = [...cli.outputs.flatMap(readOutputsFile), ...(cli.config ? deploymentsFromConfig(loadConfigOption(cli.config), cli.config) : [])];
      if (deployments.length === 0) throw new UserError("give --outputs <file> (terraform output -json, or cdktf --outputs-file) or --config <file>");
      // Every input is checked before the first probe: a mistake fails in milliseconds, not after the checks.
      if (cli.passwordEnv !== undefined) validateEnvName(cli.passwordEnv, "--password-env");
      if (cli.passwordFile !== undefined) readInputText(cli.passwordFile, "--password-file", "a file holding the Neo4j password");
      if (cli.caFile !== undefined) readCaFile(cli.caFile);
      if (cli.junit !== undefined) assertOutputFile(cli.junit, "--junit");
      const dnsServer = cli.dnsServer === undefined ? undefined : parseDnsServer(cli.dnsServer);
      const ref = passwordRef(cli);
      if (ref && !cli.user) throw new UserError("a password was given without --user");
      if (cli.user && !ref) throw new UserError(`--user ${cli.user} needs --password-env <VAR> or --password-file <file>`);
      if (!/^\d+$/.test(cli.retries)) throw new UserError(`--retries ${JSON.stringify(cli.retries)} must be a whole number 0-5`);
      const server = dnsServer === undefined ? undefined : await resolveDnsServer(dnsServer, "--dns-server", systemLookup);
      if (server?.note) process.stderr.write(`verify: ${server.note}\n`);
      const resolveSecret = secretResolver();
      const started = now();
      let announced = false;
      let lastRetry: { id: string; detail: string } | null = null;
      const options: VerifyOptions = {
        deployments,
        dbids: cli.dbid,
        dnsServer: server?.address,
        dnsServerDescription: server?.description,
        timeoutMs: parseDuration(cli.timeout, "--timeout"),
        retries: Number(cli.retries),
        retryDelayMs: parseDuration(cli.retryDelay, "--retry-delay"),
        policy: { allowLoopback: cli.allowLoopback ?? false, privateCidrs: parsePrivateCidrs(cli.privateCidr) },
        caFile: cli.caFile,
        portMap: parsePortMap(cli.portMap),
        credentials: cli.user && ref ? { user: cli.user, password: () => resolveSecret(ref) } : undefined,
        // Progress only once the run takes more than a moment, on stderr so --json stays clean.
        onProgress: (done, total, check) => {
          if (now() - started < PROGRESS_AFTER_MS) return;
          if (!announced) process.stderr.write(`verify: ${total} checks, still running...\n`);
          announced = true;
          process.stderr.write(`verify: [${done + 1}/${total}] ${check.host} ${check.title}\n`);
        },
        // One line per attempt; the cause only when it differs from the attempt before.
        onRetry: (check, attempt, of, detail, delayMs) => {
          const same = lastRetry?.id === check.id && lastRetry.detail === detail;
          lastRetry = { id: check.id, detail };
          process.stderr.write(`verify: ${check.host} ${check.title}: ${same ? "same failure" : detail}; attempt ${attempt}/${of} in ${(delayMs / 1000).toFixed(1)} s\n`);
        },
      };
      const report = await runVerify(options);
      process.stdout.write(cli.json ? renderJson(report) : renderTable(report));
      if (cli.junit) {
        const target = path.resolve(cli.junit);
        writeFileAtomic(target, renderJunit(report), 0o644, "--junit");
      }
      if (!report.ok) process.exitCode = 1;
    });
}

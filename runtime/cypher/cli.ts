/**
 * `aura-secure cypher plan|apply|destroy`: the reconciler as a CLI, used by the local-exec runner and by hand.
 * The state (JSON, secret references only) comes from --state (inline JSON or a file) or --state-env (an
 * environment variable holding the JSON, which avoids shell quoting in provisioners). Passwords are read
 * from the environment variables or files the state names, never from the command line.
 */
import * as fs from "node:fs";
import { Command } from "commander";
import { stringify as toYaml } from "yaml";
import * as path from "node:path";
import { parseConfig, readConfigFile } from "../../config/load";
import { checkNeo4jUrl, parseDurationMs, parseNeo4jAccess, showNeo4jUrl, type Neo4jAccessConfig } from "../../domain/neo4j/access-model";
import { CREDENTIALS_INSTEAD } from "../../domain/url-credentials";
import { underConfigFlag } from "../cli/config-option";
import { inCallerTerms, UserError } from "../cli/errors";
import { assertOutputFile, parseJsonInput, readInputText } from "../cli/input-files";
import { validateEnvName } from "../cli/secrets";
import { displayParam, displayStatement } from "./model";
import { importState } from "./importer";
import { observe, reconcileSteps, resolveUri, type ReconcileResult } from "./reconciler";
import { secretResolver, type SecretsManagerFetcher } from "./secrets";
import { recordHandoff, takeHandoff } from "./handoff";
import type { LookupFn } from "../net/resolve";
import { changeSteps, removalSteps, replacementSteps, sameServer, stateIdentity, type RunnerStep } from "./transition";

export interface CypherCliDeps {
  stdout?: { write(chunk: string): unknown };
  stderr?: { write(chunk: string): unknown };
  env?: NodeJS.ProcessEnv;
  fetchSecretsManager?: SecretsManagerFetcher;
  /** Backoff waits (the fault soak runs them instantly; the deadline stays real). */
  sleep?: (ms: number) => Promise<void>;
  /** The name check before connecting (dns.lookup by default). */
  lookup?: LookupFn;
}

interface Opts {
  config?: string;
  state?: string;
  stateEnv?: string;
  previous?: string;
  previousEnv?: string;
  also?: string;
  alsoEnv?: string;
  applied?: string;
  appliedEnv?: string;
  declared?: string;
  declaredEnv?: string;
  afterReplace?: boolean;
  timeout: string;
  refreshCredentials?: boolean;
  json?: boolean;
  detailedExitcode?: boolean;
  allowUnverifiedTls?: boolean;
}

interface ImportOpts {
  uri: string;
  user: string;
  passwordEnv: string;
  allowInsecureUrl?: boolean;
  allowUnverifiedTls?: boolean;
  roles?: string;
  aliases?: boolean;
  homeDatabases?: boolean;
  id: string;
  out?: string;
  timeout: string;
}

const STATE_EXPECTED = "a Neo4j access state as JSON (the neo4jAccess section: connection, roles, users, aliases), inline or in a file";

/** Reads a state from inline JSON (starts with "{") or a file path. `what` names the option in errors. */
export function readStateArg(text: string, what: string): unknown {
  const trimmed = text.trim();
  const inline = trimmed.startsWith("{");
  const raw = inline ? trimmed : readInputText(trimmed, what, STATE_EXPECTED);
  return parseJsonInput(raw, inline ? what : `${what} ${trimmed}`, STATE_EXPECTED, ["access-state"]);
}

/** The CLI opt-in, added to the connection of a raw state before it is validated (the state may say so itself). */
function withCliOptIns(raw: unknown, o: Opts): unknown {
  if (!o.allowUnverifiedTls || !raw || typeof raw !== "object" || Array.isArray(raw)) return raw;
  const state = raw as { connection?: unknown };
  if (!state.connection || typeof state.connection !== "object" || Array.isArray(state.connection)) return raw;
  return { ...state, connection: { ...state.connection, allowUnverifiedTls: true } };
}

type StateArg = "state" | "previous" | "also" | "applied" | "declared";

function loadState(o: Opts, env: NodeJS.ProcessEnv, which: StateArg): Neo4jAccessConfig | null {
  const inline = o[which];
  const envName = o[`${which}Env`];
  const flag = `--${which}`;
  if (inline && envName) throw new UserError(`give either ${flag} or ${flag}-env, not both`);
  if (which === "state" && o.config) {
    if (inline || envName) throw new UserError("give either --config or --state/--state-env, not both");
    return neo4jAccessFromConfigFile(o.config, o);
  }
  let raw: unknown;
  if (inline) raw = readStateArg(inline, flag);
  else if (envName) {
    validateEnvName(envName, `${flag}-env`);
    const v = env[envName];
    if (!v) throw new UserError(`${flag}-env: environment variable ${envName} is not set`);
    raw = readStateArg(v, `${flag}-env ${envName}`);
  } else if (which === "state" || which === "applied" || which === "declared") throw new UserError(`missing ${flag} <json|file> (or ${flag}-env <VAR>)`);
  else return null;
  return parseNeo4jAccess(withCliOptIns(raw, o), flag);
}

/** The neo4jAccess section of the app's own config file (the one `npm run synth -- --config` reads). */
function neo4jAccessFromConfigFile(file: string, o: Opts): Neo4jAccessConfig {
  // Read like loadConfigFile, so --allow-unverified-tls reaches the connection before the config is
  // validated; the file's problems come under --config's name.
  const abs = path.resolve(file);
  const config = underConfigFlag(file, "--config", () => {
    const raw = readConfigFile(abs) as { neo4jAccess?: unknown } | null;
    const input = raw && typeof raw === "object" && "neo4jAccess" in raw ? { ...raw, neo4jAccess: withCliOptIns(raw.neo4jAccess, o) } : raw;
    return parseConfig(input, abs, path.dirname(abs));
  });
  if (!config.neo4jAccess) throw new UserError(`--config: ${file} has no neo4jAccess section`);
  return config.neo4jAccess;
}

function addCommon(cmd: Command): Command {
  return cmd
    .option("--config <file>", "the app's YAML/JSON config; its neo4jAccess section is the desired state")
    .option("--state <json|file>", "desired state as inline JSON or a file path")
    .option("--state-env <VAR>", "environment variable holding the desired state JSON")
    .option("--timeout <duration>", "overall deadline including retries, e.g. 60s or 2m", "60s")
    .option("--allow-unverified-tls", "accept neo4j+ssc:// and bolt+ssc:// for the connection: TLS that never checks the server's certificate (like allowUnverifiedTls: true)")
    .option("--json", "print the result as JSON");
}

/** The config paths the reader's messages name, as `cypher import` flags. */
const IMPORT_FLAGS = { "connection.uri": "--uri", "connection.user and connection.password": "--user and --password-env" };

export function cypherCommand(deps: CypherCliDeps = {}): Command {
  const out = deps.stdout ?? process.stdout;
  const err = deps.stderr ?? process.stderr;
  const cypher = new Command("cypher").description("Plan, apply or remove Neo4j roles, privileges, role grants, home databases and database aliases");

  const timeoutOf = (o: Opts): number => {
    const timeoutMs = parseDurationMs(o.timeout);
    if (timeoutMs === null || timeoutMs <= 0) throw new UserError(`--timeout: got ${JSON.stringify(o.timeout)}; must be a duration like 60s or 2m`);
    return timeoutMs;
  };

  const runSteps = (steps: RunnerStep[], o: Opts, env: NodeJS.ProcessEnv): Promise<ReconcileResult[]> =>
    reconcileSteps(steps, {
      env,
      timeoutMs: timeoutOf(o),
      refreshCredentials: o.refreshCredentials,
      resolveSecret: secretResolver({ env, fetchSecretsManager: deps.fetchSecretsManager }),
      log: (line) => err.write(`cypher: ${line}\n`),
      sleep: deps.sleep,
      lookup: deps.lookup,
    });

  const report = (mode: "plan" | "apply" | "destroy", result: ReconcileResult, o: Opts) => {
    // Terraform's convention: 0 no changes, 2 changes (drift), 1 error (a UserError, set by runCli).
    if (o.detailedExitcode && result.statements.length) process.exitCode = 2;
    if (o.json) {
      out.write(`${JSON.stringify({ mode, applied: result.applied, attempts: result.attempts, elapsedMs: result.elapsedMs, statements: result.statements, remaining: result.remaining.length })}\n`);
      return;
    }
    if (o.detailedExitcode) {
      if (!result.statements.length) return void out.write("No drift: the server matches the desired state.\n");
      out.write(`Drift: ${result.statements.length} statement(s) would bring the server back to the desired state:\n`);
      for (const st of result.statements) {
        out.write(`${st.query};\n`);
        for (const [k, v] of Object.entries(st.params)) out.write(`// $${k} = ${displayParam(v)}\n`);
      }
      return;
    }
    if (!result.statements.length) {
      out.write(`No changes: the server already matches the ${mode === "destroy" ? "removal of the" : "desired"} state.\n`);
      return;
    }
    const verb = mode === "plan" ? "Would run" : "Ran";
    out.write(`${verb} ${result.statements.length} statement(s)${mode === "plan" ? "" : ` in one transaction (${result.elapsedMs} ms, ${result.attempts} attempt(s))`}:\n`);
    for (const s of result.statements) out.write(`  ${displayStatement(s).replace(/\n/g, "\n  ")}\n`);
  };

  const run = async (mode: "plan" | "apply", o: Opts) => {
    const env = deps.env ?? process.env;
    const state = loadState(o, env, "state")!;
    const previous = loadState(o, env, "previous");
    if (mode === "apply" && o.afterReplace && takeHandoff(stateIdentity(state))) {
      out.write("No changes: this apply's `cypher replace` step has just applied this state.\n");
      return;
    }
    // A previous state on another DBMS is removed there; this one starts from nothing of ours.
    const same = previous === null || sameServer(resolveUri(previous, env), resolveUri(state, env));
    if (!same && mode === "plan") throw new UserError("--previous: its connection reaches another DBMS than --state's; plan each server on its own");
    const results = await runSteps(changeSteps(previous, state, same, mode), o, env);
    report(mode, results[results.length - 1], o);
  };

  /** The destroy-time step of a replaced local-exec runner object (transition.ts says why). */
  const replace = async (o: Opts) => {
    const env = deps.env ?? process.env;
    const applied = loadState(o, env, "applied")!;
    const declared = loadState(o, env, "declared")!;
    // Every flag is checked before anything else, even when there will be nothing to do.
    timeoutOf(o);
    const plan = replacementSteps(applied, declared, sameServer(resolveUri(applied, env), resolveUri(declared, env)));
    err.write(`cypher: ${plan.note}\n`);
    if (!plan.steps.length) return void out.write("No changes made by the replacement step.\n");
    const results = await runSteps(plan.steps, o, env);
    if (plan.declaredApplied) recordHandoff(stateIdentity(declared));
    report(plan.steps[plan.steps.length - 1].mode === "destroy" ? "destroy" : "apply", results[results.length - 1], o);
  };

  const destroy = async (o: Opts) => {
    const env = deps.env ?? process.env;
    const results = await runSteps(removalSteps(loadState(o, env, "state")!, loadState(o, env, "also")), o, env);
    const all = { ...results[0], statements: results.flatMap((r) => r.statements), applied: results.some((r) => r.applied) };
    report("destroy", all, o);
  };

  addCommon(cypher.command("plan").description("Dry run: print the statements that apply would run (secrets shown as references only)"))
    .option("--previous <json|file>", "the state applied last time; what it declared and --state drops is removed")
    .option("--previous-env <VAR>", "environment variable holding the previous state JSON")
    .option("--refresh-credentials", "re-send stored alias passwords")
    .option("--detailed-exitcode", "exit 0 when the server matches, 2 when it drifted (the drift is printed as Cypher), 1 on error")
    .action((o: Opts) => run("plan", o));
  addCommon(cypher.command("apply").description("Apply the desired state in one transaction"))
    .option("--previous <json|file>", "the state applied last time; what it declared and --state drops is removed")
    .option("--previous-env <VAR>", "environment variable holding the previous state JSON")
    .option("--refresh-credentials", "re-send stored alias passwords (the server never shows them, so a rotation is not detected)")
    .option("--after-replace", "the local-exec runner's create step: succeed at once when this apply's `cypher replace` step has just applied this state")
    .action((o: Opts) => run("apply", o));
  cypher
    .command("import")
    .description("Read a live DBMS (roles, privileges, users, aliases) and write the equivalent neo4jAccess YAML")
    .requiredOption("--uri <uri>", "the DBMS to read, e.g. neo4j+s://host:7687")
    .requiredOption("--user <name>", "a user allowed to run SHOW ROLES / PRIVILEGES / USERS / ALIASES")
    .requiredOption("--password-env <VAR>", "environment variable holding that user's password (never on the command line)")
    .option("--allow-insecure-url", "accept neo4j:// and bolt:// (unencrypted)")
    .option("--allow-unverified-tls", "accept neo4j+ssc:// and bolt+ssc:// (TLS that never checks the server's certificate)")
    .option("--roles <regex>", "only roles whose name matches this regular expression (built-in roles are never imported)")
    .option("--aliases", "also import local and remote aliases (stored passwords become {env} references)")
    .option("--home-databases", "also import the home databases of the users taken in")
    .option("--id <id>", "the id of the imported state", "imported")
    .option("--out <file>", "write the YAML to this file instead of stdout")
    .option("--timeout <duration>", "connection deadline", "30s")
    .action(async (o: ImportOpts) => {
      const env = deps.env ?? process.env;
      if (o.out !== undefined) assertOutputFile(o.out, "--out");
      const why = checkNeo4jUrl(o.uri, {
        allowInsecureUrl: o.allowInsecureUrl,
        allowUnverifiedTls: o.allowUnverifiedTls,
        names: { insecure: "pass --allow-insecure-url", unverified: "pass --allow-unverified-tls" },
        credentialsInstead: CREDENTIALS_INSTEAD.cliNeo4j,
      });
      if (why) throw new UserError(`--uri: got ${JSON.stringify(showNeo4jUrl(o.uri))}; ${why}`);
      const password = env[o.passwordEnv];
      if (!password) throw new UserError(`--password-env: environment variable ${o.passwordEnv} is not set`);
      let roleFilter: RegExp | undefined;
      if (o.roles !== undefined) {
        try {
          roleFilter = new RegExp(o.roles);
        } catch (e) {
          throw new UserError(`--roles: got ${JSON.stringify(o.roles)}; not a regular expression (${(e as Error).message})`);
        }
      }
      const timeoutMs = parseDurationMs(o.timeout);
      if (timeoutMs === null || timeoutMs <= 0) throw new UserError(`--timeout: got ${JSON.stringify(o.timeout)}; must be a duration like 30s`);
      // The reader speaks of the config's connection.*; this caller typed flags.
      const observed = await observe({ uri: o.uri, user: o.user, password }, timeoutMs, deps.lookup, `--uri ${showNeo4jUrl(o.uri)}`).catch((e: unknown) => {
        if (e instanceof UserError) throw new UserError(inCallerTerms(e.message, IMPORT_FLAGS));
        throw e;
      });
      const { state, skipped } = importState(observed, { roleFilter, aliases: o.aliases, homeDatabases: o.homeDatabases });
      const doc = {
        neo4jAccess: {
          id: o.id,
          connection: { uri: o.uri, user: o.user, password: { env: o.passwordEnv }, ...(o.allowInsecureUrl ? { allowInsecureUrl: true } : {}), ...(o.allowUnverifiedTls ? { allowUnverifiedTls: true } : {}) },
          ...state,
        },
      };
      // The imported state must be one this tool accepts as it is.
      parseNeo4jAccess(doc.neo4jAccess, "imported neo4jAccess");
      const yaml = `# Imported by aura-secure cypher import from ${o.uri} (${observed.server?.agent || "unknown version"})\n${toYaml(doc)}`;
      if (o.out) fs.writeFileSync(o.out, yaml, { mode: 0o644 });
      else out.write(yaml);
      for (const line of skipped) err.write(`cypher import: skipped ${line}\n`);
      err.write(`cypher import: ${state.roles.length} role(s), ${state.roles.reduce((n, r) => n + r.privileges!.length, 0)} privilege(s), ${state.users.length} user(s), ${state.localAliases.length + state.remoteAliases.length} alias(es)${o.out ? ` written to ${o.out}` : ""}\n`);
    });
  addCommon(cypher.command("destroy").description("Remove everything the given (applied) state declared, and nothing else"))
    .option("--also <json|file>", "a second state to remove as well (the local-exec runner passes the configuration's current one)")
    .option("--also-env <VAR>", "environment variable holding that second state")
    .action((o: Opts) => destroy(o));
  cypher
    .command("replace")
    .description("The local-exec runner's destroy-time step: change the applied state into the declared one in one transaction (nothing kept is ever absent)")
    .option("--applied <json|file>", "the state the replaced object applied")
    .option("--applied-env <VAR>", "environment variable holding it (the runner passes self.input.state)")
    .option("--declared <json|file>", "the state the configuration declares now")
    .option("--declared-env <VAR>", "environment variable holding it (written into the provisioner from the configuration)")
    .option("--timeout <duration>", "overall deadline including retries, e.g. 60s or 2m", "60s")
    .option("--json", "print the result as JSON")
    .action((o: Opts) => replace(o));
  return cypher;
}

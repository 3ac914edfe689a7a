import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { UserError } from "../cli/errors";
import { DEFAULT_PASSWORD_ENV } from "../cli/keystore-command";
import { listPkcs12AliasesWithoutPassword, readPkcs12Entries } from "../keystore/pkcs12-read";
import { checkConfFolder, CheckReport, CommandFacts, ConfFolderFacts, FileFacts, findCommandExpansions, KeystoreFacts, passwordRunDecision, PolicyFacts, programOf } from "./check";
import { findDuplicateSettings, parseConfSettings, settingValues } from "./settings";

/** stat and open for reading; EACCES anywhere (the file, or a folder on the way) is a fact, never a crash. */
function fileFacts(file: string, optional = false): FileFacts {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Behind a folder this user cannot search, an optional file (neo4j-admin.conf) may as well be absent.
    if ((code === "EACCES" || code === "EPERM") && !optional) return { path: file, exists: true, isFile: true, readable: false };
    return { path: file, exists: false };
  }
  let readable = true;
  if (stat.isFile()) {
    try {
      fs.closeSync(fs.openSync(file, "r"));
    } catch {
      readable = false;
    }
  }
  return { path: file, exists: true, isFile: stat.isFile(), mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid, readable };
}

function readText(file: FileFacts): string | null {
  if (!file.exists || !file.isFile || file.readable === false) return null;
  try {
    return fs.readFileSync(file.path, "utf8");
  } catch {
    return null;
  }
}

function exists(candidate: string): boolean {
  try {
    fs.statSync(candidate);
    return true;
  } catch {
    return false;
  }
}

/** Relative programs run from NEO4J_HOME (reference 000 uses `$(conf/password.sh)`); bare names come from PATH. */
function resolveProgram(program: string, home: string, searchPath: string): string | null {
  if (program.includes("/")) {
    const candidate = path.resolve(home, program);
    return exists(candidate) ? candidate : null;
  }
  for (const folder of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(folder, program);
    if (exists(candidate)) return candidate;
  }
  return null;
}

function commandFacts(confPath: string, setting: string, command: string, home: string): CommandFacts {
  const program = programOf(command);
  const found = resolveProgram(program, home, process.env.PATH ?? "");
  if (!found) return { confPath, setting, command, program, resolved: null, isFile: false, executableByUser: false };
  // Through links to the file that runs: its mode, owner and folder are what count (and what conf check would run).
  let resolved = found;
  try {
    resolved = fs.realpathSync(found);
  } catch {
    // a dangling link: statSync below says it is not there
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(resolved);
  } catch {
    return { confPath, setting, command, program, resolved: null, isFile: false, executableByUser: false };
  }
  let executableByUser = true;
  try {
    fs.accessSync(resolved, fs.constants.X_OK);
  } catch {
    executableByUser = false;
  }
  const folderPath = path.dirname(resolved);
  const folderStat = fs.statSync(folderPath);
  const folder = { path: folderPath, mode: folderStat.mode & 0o7777, uid: folderStat.uid };
  return { confPath, setting, command, program, resolved, isFile: stat.isFile(), executableByUser, mode: stat.mode & 0o7777, uid: stat.uid, folder };
}

export interface CheckOptions {
  /** NEO4J_HOME (default: the parent of the conf folder). */
  home?: string;
  /** Run the $(...) password command (only when its program passed every check) and open the keystore with its output. */
  runPasswordScript?: boolean;
  /** Environment variables handed to the password command besides PATH, LANG and LC_ALL (default: KEYSTORE_PASSWORD). */
  passEnv?: readonly string[];
  /** How long the password command may take (default 10 s); it is killed after. */
  passwordTimeoutMs?: number;
}

/** The environment variable the password script of `conf render` prints. */
const DEFAULT_PASS_ENV = [DEFAULT_PASSWORD_ENV];
const DEFAULT_PASSWORD_TIMEOUT_MS = 10_000;
/** A fixed PATH: the program runs by its absolute path, and what it starts is found in the system folders only. */
const MINIMAL_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/**
 * Runs the password command the way Neo4j would before it starts (from NEO4J_HOME, exit 0, output = value),
 * but only the program conf check vetted, by its resolved path, without a shell, with a minimal environment
 * (PATH, LANG, LC_ALL and the variables named in passEnv) and a deadline. Never called for a flagged program.
 */
function runPasswordCommand(program: string, args: string[], shown: string, home: string, options: CheckOptions): { value: string; ran: string } | { error: string; ran: string } {
  const names = [...new Set(options.passEnv ?? DEFAULT_PASS_ENV)];
  const env: NodeJS.ProcessEnv = { PATH: MINIMAL_PATH, LANG: "C", LC_ALL: "C" };
  for (const name of names) if (process.env[name] !== undefined) env[name] = process.env[name];
  const timeoutMs = options.passwordTimeoutMs ?? DEFAULT_PASSWORD_TIMEOUT_MS;
  const given = names.filter((n) => env[n] !== undefined);
  const ran = `ran ${program}${args.length ? ` ${args.join(" ")}` : ""} (no shell) with only PATH, LANG, LC_ALL${given.length ? `, ${given.join(", ")}` : ""} in its environment${names.length > given.length ? ` (${names.filter((n) => env[n] === undefined).join(", ")} not set here)` : ""}, timeout ${timeoutMs / 1000} s`;
  const result = spawnSync(program, args, { cwd: home, env, encoding: "utf8", timeout: timeoutMs, killSignal: "SIGKILL", stdio: ["ignore", "pipe", "pipe"] });
  const error = result.error as NodeJS.ErrnoException | undefined;
  if (error?.code === "ETIMEDOUT") return { error: `$(${shown}) did not finish within ${timeoutMs / 1000} s and was killed; Neo4j expects it to exit with 0 within a reasonable time`, ran };
  if (error) return { error: `could not run $(${shown}) (${error.code ?? error.message})`, ran };
  if (result.status !== 0) {
    const said = (result.stderr ?? "").trim().split("\n")[0] ?? "";
    return { error: `$(${shown}) exited with ${result.status ?? result.signal}${said ? `: ${said}` : ""}; Neo4j would not start`, ran };
  }
  return { value: (result.stdout ?? "").replace(/\r?\n$/, ""), ran };
}

function keystoreFacts(confPath: string, values: Map<string, string>, options: CheckOptions): KeystoreFacts | undefined {
  const setting = "dbms.security.keystore.path";
  const keystorePath = values.get(setting);
  // A path that is itself $(...) is only known when Neo4j starts; the folder rules above cover its command.
  if (keystorePath === undefined || /^\$\(.*\)$/.test(keystorePath)) return undefined;
  const file = fileFacts(keystorePath);
  const password = values.get("dbms.security.keystore.password");
  const expansion = password === undefined ? null : /^\$\((.*)\)$/.exec(password);
  const facts: KeystoreFacts = { confPath, setting, file, keyName: values.get("dbms.security.key.name"), passwordInClear: password !== undefined && !expansion };
  if (!file.exists || !file.isFile || file.readable === false) return facts;
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(keystorePath);
  } catch (error) {
    return { ...facts, file: { ...file, readable: false } };
  }
  try {
    facts.listing = listPkcs12AliasesWithoutPassword(bytes);
  } catch (error) {
    facts.listing = { error: error instanceof UserError ? error.message : String(error) };
    return facts;
  }
  if (options.runPasswordScript) {
    if (password === undefined) facts.opened = { error: "dbms.security.keystore.password is not set" };
    // A password in clear opens the keystore as it is; a $(...) command waits for the checks (checkConfDir).
    else if (!expansion) facts.opened = openKeystore(bytes, password);
  }
  return facts;
}

function openKeystore(bytes: Buffer, password: string): NonNullable<KeystoreFacts["opened"]> {
  try {
    return { entries: readPkcs12Entries(bytes, password) };
  } catch (error) {
    // Never the password itself: only that the command's output did not open the keystore.
    const reason = error instanceof UserError ? error.message : String(error);
    return { error: `the output of the password setting does not open the keystore (${reason})` };
  }
}

/** Names the file behind a link (certbot's live/ files are links into archive/), when it can be resolved. */
function withLinkTarget(file: FileFacts): FileFacts {
  try {
    if (!fs.lstatSync(file.path).isSymbolicLink()) return file;
    return { ...file, target: fs.realpathSync(file.path) };
  } catch {
    return file;
  }
}

/**
 * Enabled SSL policies (dbms.ssl.policy.<scope>.enabled=true): base_directory (default certificates/<scope>)
 * relative to NEO4J_HOME, private_key and public_certificate (defaults private.key, public.crt) relative to it.
 */
function policyFacts(confPath: string, values: Map<string, string>, home: string): PolicyFacts[] {
  const scopes = [...values.keys()].map((key) => /^dbms\.ssl\.policy\.([^.]+)\.enabled$/.exec(key)?.[1]).filter((scope): scope is string => scope !== undefined);
  return scopes
    .filter((scope) => values.get(`dbms.ssl.policy.${scope}.enabled`)?.toLowerCase() === "true")
    .map((scope) => {
      const get = (name: string, fallback: string) => values.get(`dbms.ssl.policy.${scope}.${name}`) ?? fallback;
      const base = path.resolve(home, get("base_directory", `certificates/${scope}`));
      return {
        confPath,
        scope,
        privateKey: withLinkTarget(fileFacts(path.resolve(base, get("private_key", "private.key")))),
        certificate: withLinkTarget(fileFacts(path.resolve(base, get("public_certificate", "public.crt")))),
      };
    });
}

export function gatherConfFacts(confDir: string, homeOrOptions: string | CheckOptions = {}): ConfFolderFacts {
  const options: CheckOptions = typeof homeOrOptions === "string" ? { home: homeOrOptions } : homeOrOptions;
  const home = options.home ?? path.dirname(path.resolve(confDir));
  const conf = fileFacts(path.join(confDir, "neo4j.conf"));
  const adminConf = fileFacts(path.join(confDir, "neo4j-admin.conf"), true);
  const commands: CommandFacts[] = [];
  let keystore: KeystoreFacts | undefined;
  let policies: PolicyFacts[] = [];
  for (const file of [conf, adminConf]) {
    const text = readText(file);
    if (text === null) continue;
    const settings = parseConfSettings(text);
    file.duplicates = findDuplicateSettings(settings);
    commands.push(...findCommandExpansions(text).map((found) => commandFacts(file.path, found.setting, found.command, home)));
    if (file === conf) {
      keystore = keystoreFacts(file.path, settingValues(settings), options);
      policies = policyFacts(file.path, settingValues(settings), home);
    }
  }
  const gids = typeof process.getgroups === "function" ? process.getgroups() : [];
  const gid = typeof process.getgid === "function" ? process.getgid() : -1;
  return {
    conf,
    adminConf,
    user: { uid: typeof process.getuid === "function" ? process.getuid() : -1, gids: [...new Set([gid, ...gids])] },
    commands,
    keystore,
    policies,
  };
}

/**
 * Gathers the facts, then (with runPasswordScript) runs the password command only if passwordRunDecision
 * allows it, i.e. after its program passed every check; otherwise the report says it was not run and why.
 */
export function checkConfDir(confDir: string, homeOrOptions?: string | CheckOptions): CheckReport {
  const options: CheckOptions = typeof homeOrOptions === "string" ? { home: homeOrOptions } : (homeOrOptions ?? {});
  const facts = gatherConfFacts(confDir, options);
  const keystore = facts.keystore;
  const decision = options.runPasswordScript && keystore?.listing && !("error" in keystore.listing) ? passwordRunDecision(facts) : null;
  if (keystore && decision) {
    if ("notRun" in decision) keystore.notRun = decision.notRun;
    else {
      const home = options.home ?? path.dirname(path.resolve(confDir));
      const command = facts.commands.find((c) => c.setting === "dbms.security.keystore.password")!;
      const got = runPasswordCommand(decision.run.program, decision.run.args, command.command, home, options);
      keystore.ran = got.ran;
      keystore.opened = "error" in got ? { error: got.error } : openKeystore(fs.readFileSync(keystore.file.path), got.value);
    }
  }
  return checkConfFolder(facts);
}

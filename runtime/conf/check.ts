import { shellArgument as sh } from "../../domain/shell";
import { DuplicateSetting } from "./settings";

/** Facts about a Neo4j conf folder, gathered by check-fs.ts; the rules below are pure. */
export interface FileFacts {
  path: string;
  exists: boolean;
  isFile?: boolean;
  mode?: number;
  uid?: number;
  gid?: number;
  /** False when this user cannot read it (EACCES on open, or on a folder on the way). */
  readable?: boolean;
  /** Where a link leads (the file whose mode and owner count), when path is a link. */
  target?: string;
  /** Settings declared more than once (conf files only). */
  duplicates?: DuplicateSetting[];
}

/** The keystore named by dbms.security.keystore.path, as far as this user can see it. */
export interface KeystoreFacts {
  /** The conf file the settings are in. */
  confPath: string;
  setting: string;
  file: FileFacts;
  keyName?: string;
  /** Entries seen without the password, or why the file could not be parsed. */
  listing?: { entries: Array<{ alias: string | null; type: string }> } | { error: string };
  /** Present when the password script was run (--run-password-script). */
  opened?: { error: string } | { entries: Array<{ alias: string | null; type: string; algorithm: string; keySizeBits?: number }> };
  /** With --run-password-script: why the password command was not run (passwordRunDecision). */
  notRun?: string;
  /** With --run-password-script: how the password command was run (program, environment, timeout). */
  ran?: string;
  /** dbms.security.keystore.password is written in clear (not $(...)). */
  passwordInClear: boolean;
}

export interface CommandFacts {
  /** The conf file the setting is in. */
  confPath: string;
  setting: string;
  command: string;
  /** The program the command runs, as written. */
  program: string;
  /** Where it was found (absolute, links resolved: the file that runs), or null when not found. */
  resolved: string | null;
  isFile: boolean;
  executableByUser: boolean;
  mode?: number;
  /** Owner of the program: who may change it. */
  uid?: number;
  /** The folder holding the program: who may replace it. */
  folder?: { path: string; mode: number; uid?: number };
}

/** An enabled SSL policy's key and certificate, resolved as Neo4j does (relative to NEO4J_HOME, then base_directory). */
export interface PolicyFacts {
  confPath: string;
  scope: string;
  privateKey: FileFacts;
  certificate: FileFacts;
}

export interface ConfFolderFacts {
  conf: FileFacts;
  adminConf: FileFacts;
  user: { uid: number; gids: number[] };
  commands: CommandFacts[];
  keystore?: KeystoreFacts;
  policies?: PolicyFacts[];
}

export interface CheckReport {
  problems: string[];
  notes: string[];
}

export interface CommandExpansion {
  line: number;
  setting: string;
  command: string;
}

/** Neo4j expands a value only when the whole value is `$(...)` (reference 004). */
export function findCommandExpansions(confText: string): CommandExpansion[] {
  const found: CommandExpansion[] = [];
  confText.split(/\r?\n/).forEach((text, index) => {
    const match = /^\s*([^#=\s][^=]*?)\s*=\s*\$\((.*)\)\s*$/.exec(text);
    if (match) found.push({ line: index + 1, setting: match[1]!, command: match[2]!.trim() });
  });
  return found;
}

/** The program of a command line: its first word, or the first quoted string. */
export function programOf(command: string): string {
  const trimmed = command.trim();
  const quoted = /^(["'])(.*?)\1/.exec(trimmed);
  return quoted ? quoted[2]! : (trimmed.split(/\s+/)[0] ?? "");
}

const octal = (mode: number) => `0${(mode & 0o777).toString(8).padStart(3, "0")}`;

/** At most 0640: owner read/write, group read, nothing for others, no execute bits. */
const BEYOND_0640 = 0o137;

const OWNER_MODE_RULE = "the user running Neo4j must own it or be in its group, and the mode be at most 0640 (owner read/write, group read, others nothing)";

function checkConfFile(file: FileFacts, name: string, user: ConfFolderFacts["user"], problems: string[]): void {
  if (!file.exists) return;
  if (!file.isFile) {
    problems.push(`${file.path}: ${name} is not a regular file`);
    return;
  }
  if (file.readable === false) {
    problems.push(
      `${file.path}: cannot be read by this user (uid ${user.uid}): permission denied; ${OWNER_MODE_RULE}: chown neo4j:neo4j ${sh(file.path)} && chmod 640 ${sh(file.path)} (run the check as the Neo4j user)`,
    );
  }
  if (file.mode !== undefined && (file.mode & BEYOND_0640) !== 0) {
    problems.push(
      `${file.path}: mode ${octal(file.mode)} is too open; command expansion needs at most 0640 (owner read/write, group read, others nothing): chmod 640 ${sh(file.path)}`,
    );
  }
  for (const duplicate of file.duplicates ?? []) {
    problems.push(
      `${file.path}: ${duplicate.key} is set ${duplicate.lines.length} times (lines ${duplicate.lines.join(", ")}); Neo4j 5 validates strictly and refuses to start on a duplicate setting: keep one line (aura-secure conf merge replaces lines instead of appending)`,
    );
  }
}

/** Neo4j reads the policy's key and certificate at start, as its own user; a key others can read is a leaked key. */
function checkPolicy(policy: PolicyFacts, user: ConfFolderFacts["user"], problems: string[]): void {
  const where = `${policy.confPath}: dbms.ssl.policy.${policy.scope}`;
  const shown = (file: FileFacts) => (file.target ? `${file.path} (-> ${file.target})` : file.path);
  for (const [what, file] of [["private key", policy.privateKey], ["certificate", policy.certificate]] as const) {
    if (!file.exists) problems.push(`${where}: ${what} ${shown(file)} not found; Neo4j will not start with this policy enabled`);
    else if (file.readable === false) {
      problems.push(`${where}: ${what} ${shown(file)} cannot be read by this user (uid ${user.uid}): permission denied (through a link, the file it points to and every folder on the way count); give the Neo4j user or its group read access`);
    }
  }
  const key = policy.privateKey;
  if (key.exists && key.mode !== undefined && (key.mode & 0o007) !== 0) {
    problems.push(`${where}: private key ${shown(key)} has mode ${octal(key.mode)}, readable by every user of the machine: chmod o-rwx ${sh(key.target ?? key.path)}`);
  }
}

/** Neo4j encrypts alias credentials with AES/GCM and needs a 256-bit AES key (reference 000). */
function checkKeystore(keystore: KeystoreFacts, user: ConfFolderFacts["user"], problems: string[], notes: string[]): void {
  const where = `${keystore.confPath}: ${keystore.setting}=${keystore.file.path}`;
  const file = keystore.file;
  if (!keystore.file.path.startsWith("/")) problems.push(`${where}: the keystore path must be absolute (Neo4j documents dbms.security.keystore.path as an absolute path)`);
  if (keystore.keyName === undefined) problems.push(`${where}: dbms.security.key.name is not set; name the AES key's alias in the keystore`);
  if (keystore.passwordInClear) notes.push(`${keystore.confPath}: dbms.security.keystore.password is written in clear; use command expansion, e.g. $(/etc/neo4j/keystore-password.sh) (aura-secure conf render writes one)`);
  if (!file.exists) {
    problems.push(`${where}: keystore not found`);
    return;
  }
  if (!file.isFile) {
    problems.push(`${where}: the keystore is not a regular file`);
    return;
  }
  if (file.readable === false) {
    problems.push(`${where}: the keystore cannot be read by this user (uid ${user.uid}): permission denied; the Neo4j user must own it (mode 0600) or be in its group (mode 0640): chown neo4j:neo4j ${sh(file.path)} && chmod 600 ${sh(file.path)}`);
    return;
  }
  if (file.mode !== undefined && (file.mode & 0o007) !== 0) {
    problems.push(`${where}: the keystore has mode ${octal(file.mode)}, open to every user of the machine; it protects every stored alias credential: chmod o-rwx ${sh(file.path)}`);
  }
  const listing = keystore.listing;
  if (listing && "error" in listing) {
    problems.push(`${where}: ${listing.error}`);
    return;
  }
  if (listing && keystore.keyName !== undefined) {
    const entry = listing.entries.find((candidate) => candidate.alias === keystore.keyName);
    const aliases = listing.entries.map((candidate) => candidate.alias ?? "(no alias)").join(", ") || "none";
    if (!entry) problems.push(`${where}: no entry named ${JSON.stringify(keystore.keyName)} (dbms.security.key.name); the keystore holds: ${aliases}`);
    else if (entry.type !== "secret key") problems.push(`${where}: ${JSON.stringify(keystore.keyName)} is a ${entry.type}, not a secret key; Neo4j needs an AES-256 secret key (aura-secure keystore create)`);
  }
  if (keystore.ran) notes.push(`${where}: ${keystore.ran}`);
  const opened = keystore.opened;
  if (!opened && keystore.notRun) {
    // Asked for and not done: reported as a problem, so the check fails closed.
    problems.push(`${where}: the password command was not run: ${keystore.notRun}; the key's size and the password were not checked`);
    return;
  }
  if (!opened) {
    notes.push(`${where}: the key's size and the password were not checked (they need the password): pass --run-password-script to run the password command and open the keystore with its output`);
    return;
  }
  if ("error" in opened) {
    problems.push(`${where}: ${opened.error}`);
    return;
  }
  const key = opened.entries.find((candidate) => candidate.alias === keystore.keyName);
  if (key && key.type === "secret key" && (!key.algorithm.startsWith("AES") || key.keySizeBits !== 256)) {
    problems.push(`${where}: ${JSON.stringify(keystore.keyName)} is a ${key.algorithm} key of ${key.keySizeBits ?? "?"} bits; Neo4j encrypts alias credentials with AES/GCM and needs a 256-bit AES key (aura-secure keystore create --key-size 256)`);
  }
}

/**
 * What is wrong with a $(...) program: missing, not a regular file, not executable, or open to change by
 * someone other than root, the conf's owner and the user running the check (the Neo4j user, as the check
 * should be run): its mode, its folder's mode, its owner, its folder's owner. A program with any problem is
 * never run by conf check (passwordRunDecision).
 */
export function commandProblems(command: CommandFacts, owners: { conf: number | undefined; user: number }): string[] {
  const where = `${command.confPath}: ${command.setting}=$(${command.command})`;
  if (!command.resolved) return [`${where}: ${command.program} not found`];
  if (!command.isFile) return [`${where}: ${command.resolved} is not a regular file`];
  const problems: string[] = [];
  if (!command.executableByUser) problems.push(`${where}: ${command.resolved} is not executable by this user: chmod u+x ${sh(command.resolved)}`);
  if (command.mode !== undefined && (command.mode & 0o022) !== 0) {
    problems.push(`${where}: ${command.resolved} has mode ${octal(command.mode)}, writable by group or others, who could change what Neo4j runs: chmod go-w ${sh(command.resolved)}`);
  }
  const trusted = (uid: number | undefined) => uid === undefined || uid === 0 || uid === owners.conf || uid === owners.user;
  const who = `neither root, the owner of neo4j.conf (uid ${owners.conf ?? "?"}) nor the user running the check (uid ${owners.user})`;
  if (!trusted(command.uid)) {
    problems.push(`${where}: ${command.resolved} belongs to uid ${command.uid}, ${who}: that user can change what Neo4j runs; chown it to the owner of neo4j.conf or root`);
  }
  if (command.folder && (command.folder.mode & 0o002) !== 0) {
    problems.push(`${where}: its folder ${command.folder.path} has mode ${octal(command.folder.mode)}, writable by others, who could replace the script Neo4j runs: chmod o-w ${sh(command.folder.path)}`);
  }
  if (command.folder && !trusted(command.folder.uid)) {
    problems.push(`${where}: its folder ${command.folder.path} belongs to uid ${command.folder.uid}, ${who}: that user can replace the script Neo4j runs`);
  }
  return problems;
}

/** Characters conf check runs a command with: a program and plain words. Anything else is shell syntax it cannot vet. */
const PLAIN_COMMAND = /^[A-Za-z0-9_@%+=:,./ \t-]+$/;

export type PasswordRunDecision = { run: { program: string; args: string[] } } | { notRun: string };

/**
 * Whether `conf check --run-password-script` may run the keystore password command, and how: only a command
 * of plain words whose program passed every check above, run by its resolved path (what was checked is what
 * runs), never through a shell. Null when there is no command to run (no keystore, or a password in clear).
 */
export function passwordRunDecision(facts: ConfFolderFacts): PasswordRunDecision | null {
  const keystore = facts.keystore;
  if (!keystore || keystore.passwordInClear) return null;
  const command = facts.commands.find((c) => c.confPath === keystore.confPath && c.setting === "dbms.security.keystore.password");
  if (!command) return null;
  const problems = commandProblems(command, { conf: facts.conf.uid, user: facts.user.uid });
  if (problems.length > 0) return { notRun: `the program has the problem(s) listed for dbms.security.keystore.password, and conf check never runs a program it flags` };
  // Run as root, a program the Neo4j user may change would hand that user root: only programs of root or of
  // the user running the check are run (Neo4j itself runs them as the Neo4j user).
  const foreign = [command.uid, command.folder?.uid].find((uid) => uid !== undefined && uid !== 0 && uid !== facts.user.uid);
  if (foreign !== undefined) {
    return { notRun: `${command.resolved} or its folder belongs to uid ${foreign} and this check runs as uid ${facts.user.uid}; conf check runs only programs of root or of its own user: run it as the Neo4j user (sudo -u <neo4j user> aura-secure conf check ...)` };
  }
  if (!PLAIN_COMMAND.test(command.command)) {
    return { notRun: `$(${command.command}) holds shell syntax (quotes, $, ;, |, &, <, >, brackets...) that would run more than the program checked; conf check runs only a program and plain words` };
  }
  const [, ...args] = command.command.trim().split(/[ \t]+/);
  return { run: { program: command.resolved!, args } };
}

export function checkConfFolder(facts: ConfFolderFacts): CheckReport {
  const problems: string[] = [];
  const notes: string[] = [];
  if (!facts.conf.exists) {
    problems.push(`${facts.conf.path}: neo4j.conf not found`);
    return { problems, notes };
  }
  checkConfFile(facts.conf, "neo4j.conf", facts.user, problems);
  checkConfFile(facts.adminConf, "neo4j-admin.conf", facts.user, problems);

  const { uid, gid } = facts.conf;
  if (uid !== undefined && gid !== undefined && uid !== facts.user.uid && !facts.user.gids.includes(gid)) {
    problems.push(
      `${facts.conf.path}: owned by uid ${uid} and gid ${gid}; the user running Neo4j (uid ${facts.user.uid}, groups ${facts.user.gids.join(",")}) must own it or be in its group`,
    );
  }

  for (const command of facts.commands) problems.push(...commandProblems(command, { conf: facts.conf.uid, user: facts.user.uid }));
  if (facts.keystore) checkKeystore(facts.keystore, facts.user, problems, notes);
  for (const policy of facts.policies ?? []) checkPolicy(policy, facts.user, problems);
  if (facts.commands.length > 0) {
    notes.push(
      `${facts.commands.length} setting(s) use $(...): start Neo4j with --expand-commands (bin/neo4j start --expand-commands), otherwise they are treated as invalid settings`,
    );
  }
  return { problems, notes };
}

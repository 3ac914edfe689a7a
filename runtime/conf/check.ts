/** Facts about a Neo4j conf folder, gathered by check-fs.ts; the rules below are pure. */
export interface FileFacts {
  path: string;
  exists: boolean;
  isFile?: boolean;
  mode?: number;
  uid?: number;
  gid?: number;
}

export interface CommandFacts {
  /** The conf file the setting is in. */
  confPath: string;
  setting: string;
  command: string;
  /** The program the command runs, as written. */
  program: string;
  /** Where it was found (absolute), or null when not found. */
  resolved: string | null;
  isFile: boolean;
  executableByUser: boolean;
  mode?: number;
}

export interface ConfFolderFacts {
  conf: FileFacts;
  adminConf: FileFacts;
  user: { uid: number; gids: number[] };
  commands: CommandFacts[];
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

function checkConfFile(file: FileFacts, name: string, problems: string[]): void {
  if (!file.exists) return;
  if (!file.isFile) {
    problems.push(`${file.path}: ${name} is not a regular file`);
    return;
  }
  if (file.mode !== undefined && (file.mode & BEYOND_0640) !== 0) {
    problems.push(
      `${file.path}: mode ${octal(file.mode)} is too open; command expansion needs at most 0640 (owner read/write, group read, others nothing): chmod 640 ${file.path}`,
    );
  }
}

export function checkConfFolder(facts: ConfFolderFacts): CheckReport {
  const problems: string[] = [];
  const notes: string[] = [];
  if (!facts.conf.exists) {
    problems.push(`${facts.conf.path}: neo4j.conf not found`);
    return { problems, notes };
  }
  checkConfFile(facts.conf, "neo4j.conf", problems);
  checkConfFile(facts.adminConf, "neo4j-admin.conf", problems);

  const { uid, gid } = facts.conf;
  if (uid !== undefined && gid !== undefined && uid !== facts.user.uid && !facts.user.gids.includes(gid)) {
    problems.push(
      `${facts.conf.path}: owned by uid ${uid} and gid ${gid}; the user running Neo4j (uid ${facts.user.uid}, groups ${facts.user.gids.join(",")}) must own it or be in its group`,
    );
  }

  for (const command of facts.commands) {
    const where = `${command.confPath}: ${command.setting}=$(${command.command})`;
    if (!command.resolved) {
      problems.push(`${where}: ${command.program} not found`);
    } else if (!command.isFile) {
      problems.push(`${where}: ${command.resolved} is not a regular file`);
    } else {
      if (!command.executableByUser) problems.push(`${where}: ${command.resolved} is not executable by this user: chmod u+x ${command.resolved}`);
      if (command.mode !== undefined && (command.mode & 0o022) !== 0) {
        problems.push(`${where}: ${command.resolved} has mode ${octal(command.mode)}, writable by group or others, who could change what Neo4j runs: chmod go-w ${command.resolved}`);
      }
    }
  }
  if (facts.commands.length > 0) {
    notes.push(
      `${facts.commands.length} setting(s) use $(...): start Neo4j with --expand-commands (bin/neo4j start --expand-commands), otherwise they are treated as invalid settings`,
    );
  }
  return { problems, notes };
}

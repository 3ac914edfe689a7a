import * as fs from "fs";
import * as path from "path";
import { checkConfFolder, CheckReport, CommandFacts, ConfFolderFacts, FileFacts, findCommandExpansions, programOf } from "./check";

function fileFacts(file: string): FileFacts {
  try {
    const stat = fs.statSync(file);
    return { path: file, exists: true, isFile: stat.isFile(), mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid };
  } catch {
    return { path: file, exists: false };
  }
}

/** Relative programs run from NEO4J_HOME (reference 000 uses `$(conf/password.sh)`); bare names come from PATH. */
function resolveProgram(program: string, home: string, searchPath: string): string | null {
  if (program.includes("/")) {
    const candidate = path.resolve(home, program);
    return fs.existsSync(candidate) ? candidate : null;
  }
  for (const folder of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(folder, program);
    if (fs.existsSync(candidate)) return candidate;
  }
  return null;
}

function commandFacts(confPath: string, setting: string, command: string, home: string): CommandFacts {
  const program = programOf(command);
  const resolved = resolveProgram(program, home, process.env.PATH ?? "");
  if (!resolved) return { confPath, setting, command, program, resolved: null, isFile: false, executableByUser: false };
  const stat = fs.statSync(resolved);
  let executableByUser = true;
  try {
    fs.accessSync(resolved, fs.constants.X_OK);
  } catch {
    executableByUser = false;
  }
  return { confPath, setting, command, program, resolved, isFile: stat.isFile(), executableByUser, mode: stat.mode & 0o7777 };
}

export function gatherConfFacts(confDir: string, home = path.dirname(path.resolve(confDir))): ConfFolderFacts {
  const conf = fileFacts(path.join(confDir, "neo4j.conf"));
  const adminConf = fileFacts(path.join(confDir, "neo4j-admin.conf"));
  const commands = [conf, adminConf]
    .filter((file) => file.exists && file.isFile)
    .flatMap((file) =>
      findCommandExpansions(fs.readFileSync(file.path, "utf8")).map((found) => commandFacts(file.path, found.setting, found.command, home)),
    );
  const gids = typeof process.getgroups === "function" ? process.getgroups() : [];
  const gid = typeof process.getgid === "function" ? process.getgid() : -1;
  return {
    conf,
    adminConf,
    user: { uid: typeof process.getuid === "function" ? process.getuid() : -1, gids: [...new Set([gid, ...gids])] },
    commands,
  };
}

export function checkConfDir(confDir: string, home?: string): CheckReport {
  return checkConfFolder(gatherConfFacts(confDir, home));
}

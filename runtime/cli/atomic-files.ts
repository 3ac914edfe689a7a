import { execFileSync } from "child_process";
import { shellArgument } from "../../domain/shell";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { UserError } from "./errors";

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOENT":
      return "folder does not exist";
    case "ENOTDIR":
      return "a part of the path is not a folder";
    case "EROFS":
      return "read-only file system";
    case "EEXIST":
      return "already exists";
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}

/** Fails early, before anything is written, when the target exists and --force was not given. */
export function assertWritableTarget(target: string, input: string, force: boolean): void {
  const folder = path.dirname(path.resolve(target));
  let folderStat: fs.Stats;
  try {
    folderStat = fs.statSync(folder);
  } catch (error) {
    throw new UserError(`${input} ${target}: cannot use folder ${folder} (${describeFsError(error)})`);
  }
  if (!folderStat.isDirectory()) throw new UserError(`${input} ${target}: ${folder} is not a folder`);
  try {
    fs.accessSync(folder, fs.constants.W_OK);
  } catch (error) {
    throw new UserError(`${input} ${target}: folder ${folder} is not writable (${describeFsError(error)})`);
  }
  // lstat, not exists: a dangling symlink is something an admin put there (or an attacker pointing us elsewhere).
  if (isSymlink(target) && !fs.existsSync(target) && !force) {
    throw new UserError(`${input} ${target} is a symlink to ${fs.readlinkSync(target)}, which does not exist; remove it, or pass --force to replace the link with a file`);
  }
  if (fs.existsSync(target) && !force) {
    throw new UserError(`${input} ${target} already exists; pass --force to overwrite it`);
  }
}

/** A file's new owner: uid and gid, resolved from `--owner user[:group]`. */
export interface Owner {
  uid: number;
  gid: number;
  /** As given, for messages. */
  spec: string;
}

/**
 * Resolves `user[:group]` (names or numbers) with `id` and `getent`: Node has no getpwnam, and these read
 * the same NSS sources (files, LDAP, sssd) chown does. Without a group, the user's primary group.
 */
export function parseOwner(spec: string, input = "--owner"): Owner {
  const match = /^([A-Za-z0-9_][A-Za-z0-9_.-]*\$?)(?::([A-Za-z0-9_][A-Za-z0-9_.-]*))?$/.exec(spec);
  if (!match) throw new UserError(`${input} ${JSON.stringify(spec)} is not user[:group]; allowed: a user name or uid, optionally ':' and a group name or gid`);
  const [, user, group] = match;
  const lookup = (args: string[]): string | null => {
    try {
      return execFileSync(args[0]!, args.slice(1), { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    } catch {
      return null;
    }
  };
  const uidText = /^\d+$/.test(user!) ? user! : lookup(["id", "-u", "--", user!]);
  if (uidText === null) throw new UserError(`${input} ${JSON.stringify(spec)}: user ${user} does not exist on this machine`);
  let gidText: string | null;
  if (group === undefined) gidText = lookup(["id", "-g", "--", user!]);
  else if (/^\d+$/.test(group)) gidText = group;
  else gidText = lookup(["getent", "group", group])?.split(":")[2] ?? null;
  if (gidText === null || !/^\d+$/.test(gidText)) throw new UserError(`${input} ${JSON.stringify(spec)}: group ${group ?? "of " + user} does not exist on this machine`);
  return { uid: Number(uidText), gid: Number(gidText), spec };
}

export const isRoot = (): boolean => typeof process.getuid === "function" && process.getuid() === 0;

/**
 * What to tell the user about ownership after writing files: with --owner, who owns them now; as root
 * without it, the chown that hands them to the Neo4j user (root-owned 0600 files are unreadable to Neo4j).
 */
export function ownerNote(paths: readonly string[], owner: Owner | undefined, recursive = false): string {
  if (owner) return `owner: ${paths.join(", ")} now belong to ${owner.spec} (uid ${owner.uid}, gid ${owner.gid})\n`;
  if (!isRoot()) return "";
  return `running as root: the files belong to root; hand them to the user running Neo4j: chown ${recursive ? "-R " : ""}neo4j:neo4j ${paths.map(shellArgument).join(" ")} (or pass --owner neo4j:neo4j)\n`;
}

/** Timestamp for backup names, sortable and free of ':' (2026-12-02T14-05-44Z). */
export function backupStamp(now = new Date()): string {
  return now.toISOString().replace(/\.\d+Z$/, "Z").replace(/:/g, "-");
}

/**
 * Copies a file next to itself as <name>.bak-<timestamp>, keeping its mode and owner, and never over an
 * existing backup. Returns the backup's path.
 */
export function backupFile(target: string, input: string, now = new Date()): string {
  const stat = fs.statSync(target);
  let backup = `${target}.bak-${backupStamp(now)}`;
  for (let n = 2; fs.existsSync(backup) || isSymlink(backup); n++) backup = `${target}.bak-${backupStamp(now)}-${n}`;
  try {
    fs.copyFileSync(target, backup, fs.constants.COPYFILE_EXCL);
    fs.chmodSync(backup, stat.mode & 0o7777);
    if (isRoot()) fs.chownSync(backup, stat.uid, stat.gid);
  } catch (error) {
    fs.rmSync(backup, { force: true });
    throw new UserError(`${input} ${target}: could not keep a backup at ${backup} (${describeFsError(error)}); nothing was changed`);
  }
  return backup;
}

export function tempSibling(target: string): string {
  return path.join(path.dirname(path.resolve(target)), `.${path.basename(target)}.${randomBytes(6).toString("hex")}.tmp`);
}

/**
 * Writes the file next to its target and renames it into place, so a failure never leaves a
 * half-written file and the mode is right from the first byte (no window with a wider mode).
 */
export function writeFileAtomic(target: string, data: string | Buffer, mode: number, input: string, owner?: { uid: number; gid: number }): void {
  const temp = tempSibling(target);
  try {
    fs.writeFileSync(temp, data, { mode, flag: "wx" });
    fs.chmodSync(temp, mode); // the umask may have narrowed or the caller asked for bits it strips
    if (owner) fs.chownSync(temp, owner.uid, owner.gid); // before the rename: the file never exists with the wrong owner
    fs.renameSync(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw new UserError(`${input} ${target}: could not write (${describeFsError(error)})`);
  }
}

/**
 * Builds a set of folders in a temp dir, then moves each into place. Existing targets are checked
 * by the caller first; with force they are moved aside and removed only after the new one is in.
 */
export function installFolders(parent: string, build: (tempRoot: string) => string[], input: string): void {
  const tempRoot = path.join(parent, `.aura-secure-${randomBytes(6).toString("hex")}.tmp`);
  try {
    fs.mkdirSync(tempRoot, { mode: 0o700 });
  } catch (error) {
    throw new UserError(`${input} ${parent}: could not write (${describeFsError(error)})`);
  }
  try {
    const names = build(tempRoot);
    for (const name of names) {
      const target = path.join(parent, name);
      const aside = fs.existsSync(target) || isSymlink(target) ? `${tempRoot}.old-${name}` : undefined;
      if (aside) fs.renameSync(target, aside);
      fs.renameSync(path.join(tempRoot, name), target);
      if (aside) fs.rmSync(aside, { recursive: true, force: true });
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`${input} ${parent}: could not write (${describeFsError(error)})`);
  } finally {
    fs.rmSync(tempRoot, { recursive: true, force: true });
  }
}

function isSymlink(target: string): boolean {
  try {
    return fs.lstatSync(target).isSymbolicLink();
  } catch {
    return false;
  }
}

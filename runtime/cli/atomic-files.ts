import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { UserError } from "./errors";

function describeFsError(error: unknown): string {
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
  if (fs.existsSync(target) && !force) {
    throw new UserError(`${input} ${target} already exists; pass --force to overwrite it`);
  }
}

export function tempSibling(target: string): string {
  return path.join(path.dirname(path.resolve(target)), `.${path.basename(target)}.${randomBytes(6).toString("hex")}.tmp`);
}

/**
 * Writes the file next to its target and renames it into place, so a failure never leaves a
 * half-written file and the mode is right from the first byte (no window with a wider mode).
 */
export function writeFileAtomic(target: string, data: string | Buffer, mode: number, input: string): void {
  const temp = tempSibling(target);
  try {
    fs.writeFileSync(temp, data, { mode, flag: "wx" });
    fs.chmodSync(temp, mode); // the umask may have narrowed or the caller asked for bits it strips
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

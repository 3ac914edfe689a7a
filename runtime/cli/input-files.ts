import * as fs from "node:fs";
import * as path from "node:path";
import { wrongDocument, type DocumentKind } from "../../domain/documents";
import { UserError } from "./errors";

/**
 * The files and folders a command is given, checked before any work with messages that name the flag,
 * the path and what was expected: "--outputs plan.json: this is a Terraform plan, not stack outputs".
 * Every command reads its inputs through these, so a folder, an empty file or a missing path never
 * surfaces as a Node error with a stack trace.
 */

/** `--flag value`, or for a positional argument its description and value ("keystore file x.p12"). */
function named(flag: string, file: string): string {
  return `${flag} ${file}`;
}

function statOf(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch {
    return null;
  }
}

/** The reason a path cannot be read, in words. */
function unreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "does not exist";
  if (code === "EACCES" || code === "EPERM") return "is not readable (permission denied)";
  if (code === "ENOTDIR") return "does not exist (a part of the path is not a folder)";
  if (code === "EISDIR") return "is a folder";
  return `cannot be read (${code ?? (error as Error).message})`;
}

/**
 * The contents of a file the user named. `expected` says what belongs there ("a PEM file of CA
 * certificates"); `allowEmpty` for files that may legitimately be empty.
 */
export function readInputFile(file: string, flag: string, expected: string, options: { allowEmpty?: boolean } = {}): Buffer {
  if (file === "") throw new UserError(`${flag}: got an empty path; expected ${expected}`);
  const st = statOf(file);
  if (st?.isDirectory()) throw new UserError(`${named(flag, file)} is a folder; expected ${expected}`);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new UserError(`${named(flag, file)} ${unreadable(error)}; expected ${expected}`);
  }
  if (!options.allowEmpty && bytes.toString("utf8").trim() === "") throw new UserError(`${named(flag, file)} is empty; expected ${expected}`);
  return bytes;
}

export function readInputText(file: string, flag: string, expected: string, options: { allowEmpty?: boolean } = {}): string {
  return readInputFile(file, flag, expected, options).toString("utf8");
}

/**
 * A JSON document the user named (a file, or `-` for stdin), parsed, and refused when it is recognisably
 * another kind of document than `kinds` ("this is a Terraform plan, not stack outputs").
 */
export function readJsonInput(file: string, flag: string, expected: string, kinds: readonly DocumentKind[]): unknown {
  const text = file === "-" ? readStdinText(flag, expected) : readInputText(file, flag, expected);
  return parseJsonInput(text, named(flag, file), expected, kinds);
}

/** Inline JSON (`--state '{...}'`) or the text of a file, parsed and checked like readJsonInput. */
export function parseJsonInput(text: string, what: string, expected: string, kinds: readonly DocumentKind[]): unknown {
  if (text.trim() === "") throw new UserError(`${what} is empty; expected ${expected}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${what} is not JSON (${(error as Error).message.split("\n")[0]}); expected ${expected}`);
  }
  const wrong = wrongDocument(json, kinds, expected);
  if (wrong) throw new UserError(`${what}: ${wrong}`);
  return json;
}

function readStdinText(flag: string, expected: string): string {
  try {
    return fs.readFileSync(0, "utf8");
  } catch (error) {
    throw new UserError(`${flag} -: cannot read stdin (${(error as NodeJS.ErrnoException).code ?? "error"}); expected ${expected}`);
  }
}

/** A folder the command reads: it must exist and be a folder. */
export function assertInputFolder(dir: string, flag: string, expected: string): void {
  const st = statOf(dir);
  if (!st) throw new UserError(`${named(flag, dir)} does not exist; expected ${expected}`);
  if (!st.isDirectory()) throw new UserError(`${named(flag, dir)} is not a folder (it is a file); expected ${expected}`);
}

/** A folder the command writes into or creates: when something is already there, it must be a folder. */
export function assertOutputFolder(dir: string, flag: string): void {
  const st = statOf(dir);
  if (st && !st.isDirectory()) throw new UserError(`${named(flag, dir)} is not a folder (it is a file); give a folder to write into`);
  if (!st) {
    const parent = path.dirname(path.resolve(dir));
    const up = statOf(parent);
    if (up && !up.isDirectory()) throw new UserError(`${named(flag, dir)}: ${parent} is not a folder`);
  }
}

/** A file the command writes: not a folder, in a folder that exists. */
export function assertOutputFile(file: string, flag: string): void {
  if (file === "") throw new UserError(`${flag}: got an empty path; expected the file to write`);
  if (statOf(file)?.isDirectory()) throw new UserError(`${named(flag, file)} is a folder; expected the path of the file to write`);
  const parent = path.dirname(path.resolve(file));
  const up = statOf(parent);
  if (!up) throw new UserError(`${named(flag, file)}: folder ${parent} does not exist; create it first`);
  if (!up.isDirectory()) throw new UserError(`${named(flag, file)}: ${parent} is not a folder`);
}

/** Writes a file the user named (after assertOutputFile), turning a failure into a message naming the flag. */
export function writeOutputFile(file: string, text: string, flag: string): void {
  assertOutputFile(file, flag);
  try {
    fs.writeFileSync(file, text);
  } catch (error) {
    throw new UserError(`${named(flag, file)} cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

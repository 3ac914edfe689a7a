import { isUtf8 } from "node:buffer";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Document, Node as YamlNode } from "yaml";
import { wrongDocument } from "../domain/documents";
import { ConfigError, UserError, formatZodIssues } from "../domain/errors";
import { checkCustomerManagedKeys } from "./keys";
import { configSchema, type AuraSecureConfig } from "./schema";

/** Validates a config object; throws ConfigError listing every problem with its path. */
export function parseConfig(input: unknown, source = "config", baseDir = process.cwd()): AuraSecureConfig {
  const result = configSchema.safeParse(input, { reportInput: true });
  if (!result.success) throw new ConfigError(formatZodIssues(result.error.issues, { schema: configSchema, input }), source);
  // Key statement files are read relative to baseDir (the config file's folder) and every key policy is linted here.
  const keyProblems = checkCustomerManagedKeys(result.data.project, result.data.regions, baseDir);
  if (keyProblems.length > 0) throw new ConfigError(keyProblems, source);
  return result.data;
}

const fileError = (file: string, problem: string) => new ConfigError([`${file}: ${problem}`], "config file");

/**
 * The text of a config file as users have them: a UTF-8 byte-order mark (PowerShell's `Out-File` writes
 * one) is dropped; bytes that are not UTF-8 (a file saved as Latin-1 or UTF-16) are refused with their
 * offset, instead of turning into U+FFFD in every tag and name.
 */
export function decodeConfigBytes(bytes: Buffer, file: string): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) throw fileError(file, "is UTF-16 (byte-order mark FF FE); save it as UTF-8");
  if (bytes[0] === 0xfe && bytes[1] === 0xff) throw fileError(file, "is UTF-16 (byte-order mark FE FF); save it as UTF-8");
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  if (isUtf8(body)) return body.toString("utf8");
  // The first replacement character the lenient decoder made whose bytes are not a literal U+FFFD is the bad byte.
  const text = new TextDecoder("utf-8").decode(body);
  let offset = 0;
  for (const ch of text) {
    const size = Buffer.byteLength(ch);
    if (ch === "\ufffd" && !(body[offset] === 0xef && body[offset + 1] === 0xbf && body[offset + 2] === 0xbd)) break;
    offset += size;
  }
  const before = body.subarray(0, offset).toString("utf8");
  const line = before.split("\n").length;
  const column = before.length - before.lastIndexOf("\n");
  const at = offset + (body === bytes ? 0 : 3);
  throw fileError(file, `is not UTF-8: byte 0x${body[offset]?.toString(16).padStart(2, "0")} at offset ${at} (line ${line}, column ${column}); save the file as UTF-8`);
}

/**
 * Reads a JSON or YAML config file (by extension; anything but .json parses as YAML, a superset of JSON).
 * YAML anchors, aliases and merge keys (`<<: *common`) work; a key given twice is refused in both formats
 * (JSON.parse would silently keep the last one). Paths in messages are shown as displayPath says.
 */
export function readConfigFile(file: string): unknown {
  const abs = path.resolve(file);
  const shown = displayPath(abs);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "error";
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a folder" : code === "EACCES" ? "not readable (permission denied)" : `cannot be read (${code})`;
    throw fileError(shown, `cannot read the config file (${code}): ${why}; give an existing JSON or YAML file${shown !== file ? ` (given as ${JSON.stringify(file)})` : ""}`);
  }
  const text = decodeConfigBytes(bytes, shown);
  const isJson = path.extname(abs).toLowerCase() === ".json";
  if (text.trim() === "") throw fileError(shown, "is empty; write the config in it (start from the README's example), or leave out --config to synthesize the embedded example");
  if (isJson) {
    try {
      JSON.parse(text);
    } catch (err) {
      throw fileError(shown, `not valid JSON: ${(err as Error).message.split("\n")[0]}`);
    }
  }
  // JSON is YAML 1.2, so one parser reports duplicate keys with their line for both formats.
  // Required here, not at the top: the embedded example and JSON configs built in code never need the parser.
  const yaml = require("yaml") as typeof import("yaml");
  const doc = yaml.parseDocument(text, { merge: !isJson, uniqueKeys: true, prettyErrors: true });
  const first = doc.errors[0];
  if (first) {
    const where = first.linePos?.[0] ? ` (line ${first.linePos[0].line}, column ${first.linePos[0].col})` : "";
    if (first.code === "DUPLICATE_KEY") {
      const key = duplicateKeyPath(yaml, doc, first.pos[0]);
      throw fileError(shown, `${key ? `the key ${key}` : "a key"} is given twice${where}; keep one (the later one would silently win)`);
    }
    throw fileError(shown, `not valid ${isJson ? "JSON" : "YAML"}: ${first.message.split("\n")[0]}`);
  }
  const value = doc.toJS({ maxAliasCount: 1000 }) as unknown;
  if (value === null || value === undefined) throw fileError(shown, "holds only comments; write the config in it, or leave out --config to synthesize the embedded example");
  const wrong = wrongDocument(value, ["aura-config"], "an aura-secure config (project, regions, neo4jAccess)");
  if (wrong) throw fileError(shown, wrong);
  return value;
}

/**
 * The config path of the key that starts at `offset` (where the parser reports a duplicate), e.g.
 * `regions[0].region`, so the message names the key and where it is, not only its line.
 */
function duplicateKeyPath(yaml: typeof import("yaml"), doc: Document, offset: number): string | null {
  let found: string | null = null;
  yaml.visit(doc, {
    Pair(_key, pair, ancestors) {
      const key = pair.key as YamlNode | null;
      if (found !== null || !yaml.isScalar(key) || key.range?.[0] !== offset) return undefined;
      const parts: string[] = [];
      const chain = [...ancestors, pair];
      chain.forEach((node, i) => {
        if (yaml.isPair(node) && yaml.isScalar(node.key)) parts.push(`${parts.length ? "." : ""}${String(node.key.value)}`);
        if (yaml.isSeq(node)) parts.push(`[${node.items.indexOf(chain[i + 1] as never)}]`);
      });
      found = parts.join("");
      return yaml.visit.BREAK;
    },
  });
  return found;
}

export function loadConfigFile(file: string): AuraSecureConfig {
  const abs = path.resolve(file);
  return parseConfig(readConfigFile(abs), displayPath(abs), path.dirname(abs));
}

/**
 * How messages show a config file: relative to the folder the user runs the command in (npm's INIT_CWD,
 * else the working directory) when it is inside it, as they typed it; absolute otherwise.
 */
export function displayPath(abs: string, env: NodeJS.ProcessEnv = process.env): string {
  const from = env.INIT_CWD?.trim() || process.cwd();
  const rel = path.relative(from, abs);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : abs;
}

/**
 * The config file to use: the `--config` option wins over AURA_CONFIG; null means the embedded example.
 * A relative path is resolved against the folder the user ran the command from: npm runs scripts in the
 * package folder and tells that folder in INIT_CWD.
 */
export function resolveConfigFile(option: string | undefined, env: NodeJS.ProcessEnv): string | null {
  const hint = npmSwallowedOptionsHint([], env);
  if (hint) throw new UserError(hint);
  const given = option ?? (env.AURA_CONFIG?.trim() || undefined);
  if (given === undefined) return null;
  const from = env.INIT_CWD?.trim();
  return from && !path.isAbsolute(given) ? path.resolve(from, given) : given;
}

/**
 * `npm run synth --config x.yaml` (without `--`) hands `--config` to npm itself: the app then sees either a
 * stray `x.yaml` argument or no option at all and would synthesize the embedded example. npm tells which
 * options it took in npm_config_<name>; when it took one of the app's, say how to pass it.
 */
export function npmSwallowedOptionsHint(args: readonly string[], env: NodeJS.ProcessEnv): string | null {
  if (!env.npm_lifecycle_event) return null;
  const taken = ["config"].filter((name) => env[`npm_config_${name}`] !== undefined);
  if (taken.length === 0) return null;
  const value = env.npm_config_config && env.npm_config_config !== "true" ? env.npm_config_config : (args[0] ?? "<file>");
  return `npm took --${taken.join(", --")} as its own option, so the app did not get it; put "--" before the app's options: npm run ${env.npm_lifecycle_event} -- --config ${value}`;
}

import { closest, distance } from "fastest-levenshtein";
import type { z } from "zod";
import { redactCredentials } from "./redact";

export { redactCredentials };

/**
 * A mistake in the user's input or environment: printed as its message, never with a stack trace.
 * Every message passes through redactCredentials, so a credential-looking value quoted back anywhere in
 * an error (a token pasted into the wrong field, a URL with a password) never reaches a CI log.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(redactCredentials(message));
    this.name = "UserError";
  }
}

/**
 * A user's mistake in the config. The CLI prints `message` only: every line names the config path,
 * the value received and what is allowed, so no stack trace is needed.
 */
export class ConfigError extends UserError {
  readonly problems: readonly string[];
  constructor(
    problems: readonly string[],
    readonly source = "config",
  ) {
    super(`Invalid ${source}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.problems = problems.map(redactCredentials);
    this.name = "ConfigError";
  }
}

// ---------------------------------------------------------------------------------------------------------
// Secrets: which fields hold one (by declaration), and how their values are (never) shown.

/**
 * Field names whose value is a secret wherever they appear (config, CLI state, construct props). A value at
 * such a path is never printed: only whether it was a reference, and which references are allowed.
 */
export const SECRET_FIELD_NAMES: readonly string[] = ["password", "passphrase", "secret", "clientId", "clientSecret", "secretAccessKey", "token", "apiKey", "privateKey"];
const SECRET_FIELDS = new Set(SECRET_FIELD_NAMES.map((n) => n.toLowerCase()));

/** The references a secret may be given as; resolved at apply time, so the value never reaches Terraform. */
export const SECRET_REFERENCES_ALLOWED = "{env: NAME} (an environment variable set at apply time), {file: PATH} or {secretsManagerArn: ARN, jsonKey?}";

export function isSecretField(name: PropertyKey): boolean {
  return typeof name === "string" && SECRET_FIELDS.has(name.toLowerCase());
}

export function isSecretPath(path: readonly PropertyKey[]): boolean {
  return path.some(isSecretField);
}

/** `{env}`, `{file}` or `{secretsManagerArn, jsonKey?}` with string values: safe to print. */
export function isSecretReference(value: unknown): boolean {
  if (!value || typeof value !== "object" || Array.isArray(value)) return false;
  const entries = Object.entries(value as Record<string, unknown>);
  const keys = entries.map(([k]) => k).sort().join(",");
  return entries.every(([, v]) => typeof v === "string") && ["env", "file", "secretsManagerArn", "jsonKey,secretsManagerArn"].includes(keys);
}

const HIDDEN = "<not shown>";

/** A copy of `value` with every non-reference value under a secret field name replaced by a placeholder. */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, isSecretField(k) && !isSecretReference(v) ? HIDDEN : maskSecrets(v)]),
    );
  }
  return value;
}

/** What a secret field must hold instead of a literal value. */
export function literalSecretHint(): string {
  return `the secret itself must never be written here (it would land in Terraform JSON, state and logs); give ${SECRET_REFERENCES_ALLOWED}`;
}

// ---------------------------------------------------------------------------------------------------------
// Paths and values

/** `regions[0].network.subnets["use1-az1"]` from a zod path. */
export function formatPath(path: readonly PropertyKey[], base = ""): string {
  let out = base;
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (typeof part === "string" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out || "(root)";
}

export function formatValue(value: unknown): string {
  if (value === undefined) return "nothing";
  const json = JSON.stringify(maskSecrets(value));
  if (json === undefined) return String(value);
  // Redacted before it is cut short, so a truncated credential cannot slip past the patterns.
  const text = redactCredentials(json);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The value at `path` as shown in a message: a literal at a secret path is described, never shown. */
export function describeInput(path: readonly PropertyKey[], input: unknown): string {
  if (input instanceof HiddenInput) return input.description;
  if (isSecretPath(path) && input !== undefined && !isSecretReference(input)) return describeHidden(input);
  return formatValue(input);
}

/** What a secret-path value was, without the value. */
function describeHidden(input: unknown): string {
  if (input && typeof input === "object" && !Array.isArray(input)) {
    // Only the keys: a value next to a reference key may be the secret itself.
    return `an object with keys ${Object.keys(input).map((k) => JSON.stringify(k)).join(", ") || "(none)"} (values ${HIDDEN})`;
  }
  return `a literal ${Array.isArray(input) ? "list" : typeof input === "string" ? "string" : typeof input} (${HIDDEN})`;
}

/**
 * A zod issue's `input` for a refused secret: only its description, so even the raw issues (reportInput)
 * never hold the value. The formatter prints the description.
 */
export class HiddenInput {
  readonly description: string;
  constructor(value: unknown) {
    this.description = describeHidden(value);
  }
  toJSON(): string {
    return this.description;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Zod issues as user messages

type Issue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;

export interface FormatOptions {
  /** The schema that produced the issues: lets unknown keys suggest the nearest known key and unions list their shapes. */
  schema?: AnySchema;
  /** The input the schema was given (to follow discriminated unions). */
  input?: unknown;
  /** Prefix of every path, e.g. "neo4jAccess" or "--state". */
  base?: string;
}

interface Def {
  type: string;
  innerType?: AnySchema;
  in?: AnySchema;
  out?: AnySchema;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  valueType?: AnySchema;
  options?: AnySchema[];
  discriminator?: string;
  values?: unknown[];
  entries?: Record<string, unknown>;
  getter?: () => AnySchema;
}

const defOf = (s: AnySchema): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The schema a value is checked against, past optional/default/pipe wrappers (the input side of a pipe). */
function unwrap(s: AnySchema): AnySchema {
  for (let i = 0; i < 20; i++) {
    const d = defOf(s);
    if (d.innerType && ["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional", "success"].includes(d.type)) s = d.innerType;
    else if (d.type === "pipe" && d.in) s = defOf(d.in).type === "transform" && d.out ? d.out : d.in;
    else if (d.type === "lazy" && d.getter) s = d.getter();
    else break;
  }
  return s;
}

function isOptional(s: AnySchema): boolean {
  const t = defOf(s).type;
  return t === "optional" || t === "default" || t === "prefault";
}

/** The options of a union that can apply to `input` (the one its discriminator names, if any). */
function unionOptions(s: AnySchema, input: unknown): AnySchema[] {
  const d = defOf(s);
  const options = d.options ?? [];
  if (d.discriminator && input && typeof input === "object") {
    const tag = (input as Record<string, unknown>)[d.discriminator];
    const match = options.filter((o) => {
      const field = defOf(unwrap(o)).shape?.[d.discriminator!];
      const fd = field ? defOf(unwrap(field)) : undefined;
      return fd?.values?.includes(tag) ?? false;
    });
    if (match.length > 0) return match;
  }
  return options;
}

function childSchema(s: AnySchema, key: PropertyKey, input: unknown): AnySchema | undefined {
  const u = unwrap(s);
  const d = defOf(u);
  if (d.type === "object") return typeof key === "string" ? d.shape?.[key] : undefined;
  if (d.type === "array") return d.element;
  if (d.type === "record") return d.valueType;
  if (d.type === "union") {
    for (const o of unionOptions(u, input)) {
      const c = childSchema(o, key, input);
      if (c) return c;
    }
  }
  return undefined;
}

/** The schema at `path` below `schema`, following the input through unions; undefined when lost. */
export function schemaAt(schema: AnySchema, path: readonly PropertyKey[], input: unknown): AnySchema | undefined {
  let s: AnySchema | undefined = schema;
  let value = input;
  for (const key of path) {
    if (!s) return undefined;
    s = childSchema(s, key, value);
    value = value && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[key as string] : undefined;
  }
  return s;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const key of path) v = v && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[key as string] : undefined;
  return v;
}

/** The keys an object schema (or the object options of a union) accepts, optional ones marked by the caller. */
function knownKeys(s: AnySchema | undefined, input: unknown): string[] {
  if (!s) return [];
  const u = unwrap(s);
  const d = defOf(u);
  if (d.type === "object") return Object.keys(d.shape ?? {});
  if (d.type === "union") return [...new Set(unionOptions(u, input).flatMap((o) => knownKeys(o, input)))];
  return [];
}

/** A short description of what a schema accepts: `{env}`, `{cidr, description}`, `a string`, `"*"`. */
export function describeShape(s: AnySchema): string {
  const u = unwrap(s);
  const d = defOf(u);
  switch (d.type) {
    case "object":
      return `{${Object.entries(d.shape ?? {})
        .map(([k, v]) => (isOptional(v) ? `${k}?` : k))
        .join(", ")}}`;
    case "string":
      return "a string";
    case "number":
    case "int":
      return "a number";
    case "boolean":
      return "true or false";
    case "array":
      return d.element ? `a list of ${describeShape(d.element)}` : "a list";
    case "record":
      return "a map";
    case "literal":
      return (d.values ?? []).map((v) => JSON.stringify(v)).join(" or ");
    case "enum":
      return Object.values(d.entries ?? {})
        .map((v) => JSON.stringify(v))
        .join(" or ");
    case "union":
      return (d.options ?? []).map(describeShape).join(" or ");
    default:
      return d.type;
  }
}

const GENERIC_TYPE = /^Invalid input(: expected (\w+), received (\w+))?$/;

/** What is allowed, from the issue's message; zod's generic texts are rewritten into plain words. */
function allowedText(issue: Issue, here?: AnySchema): string {
  const m = GENERIC_TYPE.exec(issue.message);
  if (issue.code === "invalid_type" && m) {
    if (here && (issue.expected === "object" || issue.expected === "array")) return `must be ${describeShape(here)}`;
    // "nonoptional": a key whose value may be anything (z.unknown()) but must be there.
    if (issue.expected === "nonoptional") return "must be given (any value)";
    const expected = issue.expected === "int" ? "a whole number" : issue.expected === "array" ? "a list" : issue.expected === "object" ? "a map of keys and values" : `a ${issue.expected}`;
    return `must be ${expected}`;
  }
  return issue.message;
}

/** The quote hint for digits where a string is expected (YAML and JSON drop the leading zeros of numbers). */
function numberForStringHint(input: number): string {
  const digits = Number.isInteger(input) && input >= 0 ? String(input) : null;
  const zeros = digits ? ` (if it had leading zeros, like an orchestration id "0000" or an account id "012345678901", they are gone: write it as shown in the console)` : "";
  return `got the number ${JSON.stringify(input)}; write it in quotes${digits ? `, "${digits}"` : ""}: unquoted digits are read as a number${zeros}`;
}

/** Does a union branch's issue list mean "the input has this branch's type, but something inside is wrong"? */
function branchFits(branch: readonly Issue[]): boolean {
  return branch.length > 0 && !branch.some((i) => i.path.length === 0 && (i.code === "invalid_type" || i.code === "unrecognized_keys" || i.code === "invalid_value"));
}

function nearestKey(key: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const best = closest(key, [...known]);
  const d = distance(key.toLowerCase(), best.toLowerCase());
  // Up to half the length, at most 3 edits: "rotate" finds "rotation", "en" finds "env", "xyz" finds nothing.
  return d <= Math.min(3, Math.max(1, Math.floor(Math.max(key.length, best.length) / 2))) ? best : undefined;
}

/** One line per zod issue: `<path>: got <value>; <what is allowed>`. */
export function formatZodIssues(issues: readonly Issue[], options: FormatOptions = {}): string[] {
  const base = options.base ?? "";
  return issues.flatMap((issue) => formatIssue(issue, options, base));
}

function formatIssue(issue: Issue, options: FormatOptions, base: string): string[] {
  const where = formatPath(issue.path, base);
  const here = options.schema ? schemaAt(options.schema, issue.path, options.input) : undefined;
  let input = "input" in issue ? (issue as { input?: unknown }).input : undefined;
  const secret = isSecretPath(issue.path);

  if (issue.code === "invalid_union" && issue.errors.length > 0) {
    // A branch whose type fits the input has the specific problem (a bad field inside): show that one.
    const fitting = issue.errors.filter(branchFits).sort((a, b) => a.length - b.length);
    const best = fitting[0];
    if (best) return formatZodIssues(best.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })), options);
    // None fits: list the shapes allowed, and the nearest key if a key looks misspelt.
    const shapes = issue.message === "Invalid input" && here ? `must be one of: ${describeShape(here)}` : issue.message;
    const unknown = issue.errors.flat().find((i) => i.path.length === 0 && i.code === "unrecognized_keys") as { keys: string[] } | undefined;
    const known = knownKeys(here, input);
    const suggestions = (unknown?.keys ?? [])
      .map((k) => [k, nearestKey(k, known)] as const)
      .filter(([, n]) => n !== undefined)
      .map(([k, n]) => `"${k}" looks like a misspelling of "${n}"`);
    const hint = suggestions.length ? ` (${suggestions.join(", ")})` : "";
    if (input === undefined) return [`${where}: is missing; ${shapes}`];
    // A literal where a secret belongs: never shown, and the one thing to say is which references are allowed.
    if (secret && !isSecretReference(input) && (typeof input !== "object" || input === null)) return [`${where}: got ${describeInput(issue.path, input)}; ${literalSecretHint()}`];
    if (typeof input === "number" && here && describeShape(here).includes("a string")) return [`${where}: ${numberForStringHint(input)}; ${shapes}`];
    return [`${where}: got ${describeInput(issue.path, input)}; ${shapes}${hint}`];
  }
  // Record keys: the key is the value at fault, and the inner issue says what is allowed.
  if (issue.code === "invalid_key") {
    const inner = issue.issues.map((i) => i.message).join("; ");
    return [`${where}: got key ${formatValue(issue.input)}; ${inner}`];
  }
  if (issue.code === "unrecognized_keys" && !issue.message.startsWith("Unrecognized key")) {
    // The schema wrote its own message (e.g. listing the DRIVER settings allowed): keep it.
    return [`${where}: got ${formatValue(input)}; ${issue.message}`];
  }
  if (issue.code === "unrecognized_keys") {
    // Stryker disable next-line LogicalOperator: here is already `options.schema ? schemaAt(options.schema, issue.path, options.input) : undefined`, so `here ?? (that)` and `here && (that)` give the same schema for every input
    const parent = here ?? (options.schema ? schemaAt(options.schema, issue.path, options.input) : undefined);
    const known = knownKeys(parent, valueAt(options.input, issue.path));
    return issue.keys.map((key) => {
      const near = nearestKey(key, known);
      const allowed = known.length > 0 && known.length <= 16 ? ` (allowed keys here: ${known.join(", ")})` : "";
      return `${formatPath([...issue.path, key], base)}: unknown key${near ? `; did you mean "${near}"?` : "; remove it or check the spelling"}${allowed}`;
    });
  }
  // A discriminated union reports the whole object at the discriminator's path: show the discriminator.
  const last = issue.path[issue.path.length - 1];
  if (issue.code === "invalid_union" && typeof last === "string" && input !== null && typeof input === "object" && last in input) {
    input = (input as Record<string, unknown>)[last];
  }
  if (issue.code === "custom" && (issue.params as { noValue?: boolean } | undefined)?.noValue) {
    // A rule about a whole set (e.g. too many tags) has no single value to show.
    return [`${where}: ${issue.message}`];
  }
  if (issue.code === "custom" && input === undefined) return [`${where}: is missing; ${issue.message}`];
  if (issue.code === "invalid_type" && input === undefined) {
    return [`${where}: is missing; ${allowedText(issue, here)}${secret ? ` (${SECRET_REFERENCES_ALLOWED})` : ""}`];
  }
  if (issue.code === "invalid_type" && issue.expected === "string" && typeof input === "number" && !secret) {
    const custom = GENERIC_TYPE.test(issue.message) ? "" : `; ${issue.message}`;
    return [`${where}: ${numberForStringHint(input)}${custom}`];
  }
  if (issue.code === "invalid_type" && input === null) {
    return [`${where}: is empty (a key with nothing after the colon is null in YAML); ${allowedText(issue, here)}, or remove the key`];
  }
  const literal = secret && input !== undefined && !isSecretReference(input) && typeof input !== "object" ? `; ${literalSecretHint()}` : "";
  return [`${where}: got ${describeInput(issue.path, input)}; ${allowedText(issue, here)}${literal}`];
}

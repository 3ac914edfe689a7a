import { z } from "zod";
import {
  ConfigError,
  HiddenInput,
  SECRET_FIELD_NAMES,
  SECRET_REFERENCES_ALLOWED,
  UserError,
  describeInput,
  describeShape,
  formatPath,
  formatValue,
  formatZodIssues,
  isSecretField,
  isSecretPath,
  isSecretReference,
  literalSecretHint,
  maskSecrets,
  schemaAt,
  type FormatOptions,
} from "../../domain/errors";
import { TEST_SECRETS } from "../support/test-secrets";

// The messages of config and synth problems, written out in full: a mutant that changes a word, drops a clause
// or picks another wording fails an exact comparison.

type Issue = z.core.$ZodIssue;
type Schema = z.core.$ZodType;

/** Issues as zod shapes them, written by hand (only the fields the formatter reads). */
const fmt = (issues: readonly object[], options: FormatOptions = {}): string[] => formatZodIssues(issues as unknown as Issue[], options);
/** A schema with only a def: the formatter reads nothing else, so odd defs zod never builds can be tried. */
const fake = (def: Record<string, unknown>): Schema => ({ _zod: { def } }) as unknown as Schema;
/** The issues zod reports for `input`, with the input kept (as config/load.ts parses). */
const issuesOf = (schema: z.ZodType, input: unknown): Issue[] => {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) throw new Error("expected the schema to refuse the input");
  return result.error.issues;
};

const REFS = "{env: NAME} (an environment variable set at apply time), {file: PATH} or {secretsManagerArn: ARN, jsonKey?}";
const HINT =
  "the secret itself must never be written here (it would land in Terraform JSON, state and logs); give {env: NAME} (an environment variable set at apply time), {file: PATH} or {secretsManagerArn: ARN, jsonKey?}";
const ZEROS = ' (if it had leading zeros, like an orchestration id "0000" or an account id "012345678901", they are gone: write it as shown in the console)';
const EMPTY = "is empty (a key with nothing after the colon is null in YAML)";
const { password: pw, urlPassword } = TEST_SECRETS;

describe("UserError and ConfigError", () => {
  test("a UserError is named and its message redacted", () => {
    const e = new UserError(`bad value password=${pw}`);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe("UserError");
    expect(e.message).toBe("bad value password=<not shown>");
  });

  test.each<{ name: string; problems: string[]; source?: string; message: string; shown: string[]; sourceName: string }>([
    { name: "two problems, default source", problems: ["a: x", "b: y"], message: "Invalid config:\n  - a: x\n  - b: y", shown: ["a: x", "b: y"], sourceName: "config" },
    { name: "one problem, named source", problems: ["--state: missing"], source: "--state", message: "Invalid --state:\n  - --state: missing", shown: ["--state: missing"], sourceName: "--state" },
    { name: "no problems", problems: [], message: "Invalid config:\n", shown: [], sourceName: "config" },
    {
      name: "credentials redacted in message and problems",
      problems: [`url: got "https://neo4j:${urlPassword}@host"`],
      message: 'Invalid config:\n  - url: got "https://neo4j:<password not shown>@host"',
      shown: ['url: got "https://neo4j:<password not shown>@host"'],
      sourceName: "config",
    },
  ])("$name", ({ problems, source, message, shown, sourceName }) => {
    const e = source === undefined ? new ConfigError(problems) : new ConfigError(problems, source);
    expect(e).toBeInstanceOf(UserError);
    expect(e.name).toBe("ConfigError");
    expect(e.message).toBe(message);
    expect(e.problems).toEqual(shown);
    expect(e.source).toBe(sourceName);
  });
});

describe("secret fields and references", () => {
  test("the secret field names and the references allowed", () => {
    expect(SECRET_FIELD_NAMES).toEqual(["password", "passphrase", "secret", "clientId", "clientSecret", "secretAccessKey", "token", "apiKey", "privateKey"]);
    expect(SECRET_REFERENCES_ALLOWED).toBe(REFS);
    expect(literalSecretHint()).toBe(HINT);
  });

  test.each<{ field: PropertyKey; secret: boolean }>([
    { field: "password", secret: true },
    { field: "PASSWORD", secret: true },
    { field: "clientid", secret: true },
    { field: "privateKey", secret: true },
    { field: "passwords", secret: false },
    { field: "name", secret: false },
    { field: "", secret: false },
    { field: 0, secret: false },
    { field: Symbol("password"), secret: false },
  ])("isSecretField($field) is $secret", ({ field, secret }) => {
    expect(isSecretField(field)).toBe(secret);
  });

  test.each<{ path: PropertyKey[]; secret: boolean }>([
    { path: [], secret: false },
    { path: ["neo4j", 0, "token"], secret: true },
    { path: ["token", "env"], secret: true },
    { path: ["tokens", 0], secret: false },
  ])("isSecretPath($path) is $secret", ({ path, secret }) => {
    expect(isSecretPath(path)).toBe(secret);
  });

  test.each<{ name: string; value: unknown; ref: boolean }>([
    { name: "{env}", value: { env: "NEO4J_PASSWORD" }, ref: true },
    { name: "{file}", value: { file: "/run/secrets/pw" }, ref: true },
    { name: "{secretsManagerArn}", value: { secretsManagerArn: "arn:aws:secretsmanager:us-east-1:1:secret:x" }, ref: true },
    { name: "{secretsManagerArn, jsonKey} in that order", value: { secretsManagerArn: "arn:x", jsonKey: "password" }, ref: true },
    { name: "{jsonKey, secretsManagerArn} in that order", value: { jsonKey: "password", secretsManagerArn: "arn:x" }, ref: true },
    { name: "empty string value still a reference", value: { env: "" }, ref: true },
    { name: "{jsonKey} alone", value: { jsonKey: "password" }, ref: false },
    { name: "{}", value: {}, ref: false },
    { name: "two references", value: { env: "A", file: "B" }, ref: false },
    { name: "{env} with a number", value: { env: 1 }, ref: false },
    { name: "{env} with an object", value: { env: { name: "A" } }, ref: false },
    { name: "jsonKey not a string", value: { secretsManagerArn: "arn:x", jsonKey: 5 }, ref: false },
    { name: "a key next to env", value: { env: "A", value: "B" }, ref: false },
    { name: "{Env} (case matters)", value: { Env: "A" }, ref: false },
    { name: "null", value: null, ref: false },
    { name: "undefined", value: undefined, ref: false },
    { name: "the string env", value: "env", ref: false },
    { name: "a number", value: 0, ref: false },
    { name: "a list", value: ["env"], ref: false },
    { name: "a list carrying an env property", value: Object.assign([], { env: "A" }), ref: false },
    { name: "a function carrying an env property", value: Object.assign(() => undefined, { env: "A" }), ref: false },
  ])("isSecretReference: $name", ({ value, ref }) => {
    expect(isSecretReference(value)).toBe(ref);
  });

  test.each<{ name: string; value: unknown; masked: unknown }>([
    { name: "literal password hidden", value: { password: pw, user: "neo4j" }, masked: { password: "<not shown>", user: "neo4j" } },
    { name: "reference kept", value: { password: { env: "PW" } }, masked: { password: { env: "PW" } } },
    { name: "field name case-insensitive", value: { Token: "t", name: "n" }, masked: { Token: "<not shown>", name: "n" } },
    { name: "not-quite reference hidden", value: { password: { file: 5 } }, masked: { password: "<not shown>" } },
    { name: "null secret hidden", value: { clientId: null }, masked: { clientId: "<not shown>" } },
    { name: "inside lists and nested objects", value: { nested: [{ apiKey: "k" }, 3], deeper: { a: { secret: ["x"] } } }, masked: { nested: [{ apiKey: "<not shown>" }, 3], deeper: { a: { secret: "<not shown>" } } } },
    { name: "no secret field", value: { a: { b: "c" } }, masked: { a: { b: "c" } } },
    { name: "a string", value: "pw", masked: "pw" },
    { name: "null", value: null, masked: null },
    { name: "a number", value: 5, masked: 5 },
    { name: "a list of strings", value: ["a", "b"], masked: ["a", "b"] },
  ])("maskSecrets: $name", ({ value, masked }) => {
    expect(maskSecrets(value)).toEqual(masked);
  });
});

describe("paths and values", () => {
  test.each<{ path: PropertyKey[]; base?: string; text: string }>([
    { path: [], text: "(root)" },
    { path: [], base: "neo4jAccess", text: "neo4jAccess" },
    { path: ["a"], text: "a" },
    { path: ["a", "b"], text: "a.b" },
    { path: ["regions", 0, "network", "subnets", "use1-az1"], text: 'regions[0].network.subnets["use1-az1"]' },
    { path: [0], text: "[0]" },
    { path: [0, "a"], text: "[0].a" },
    { path: ["_x9"], text: "_x9" },
    { path: ["9x"], text: '["9x"]' },
    { path: ["a b"], text: '["a b"]' },
    { path: [""], text: '[""]' },
    { path: [Symbol("s")], text: '["Symbol(s)"]' },
    { path: ["x"], base: "--state", text: "--state.x" },
    { path: [2], base: "tags", text: "tags[2]" },
  ])("formatPath($path, $base) is $text", ({ path, base, text }) => {
    expect(base === undefined ? formatPath(path) : formatPath(path, base)).toBe(text);
  });

  test.each<{ name: string; value: unknown; text: string }>([
    { name: "undefined", value: undefined, text: "nothing" },
    { name: "a string", value: "abc", text: '"abc"' },
    { name: "null", value: null, text: "null" },
    { name: "false", value: false, text: "false" },
    { name: "an object, keys in input order", value: { b: 1, a: [1, "x"] }, text: '{"b":1,"a":[1,"x"]}' },
    { name: "a secret field masked", value: { password: pw, user: "u" }, text: '{"password":"<not shown>","user":"u"}' },
    { name: "a symbol (no JSON)", value: Symbol("k"), text: "Symbol(k)" },
    { name: "80 characters kept", value: "a".repeat(78), text: `"${"a".repeat(78)}"` },
    { name: "81 characters cut to 77 and an ellipsis", value: "a".repeat(79), text: `"${"a".repeat(76)}...` },
    { name: "a credential redacted", value: `key ${TEST_SECRETS.awsKey}`, text: '"key <AWS access key id not shown>"' },
    { name: "redacted before the cut", value: `${"x".repeat(69)} ${TEST_SECRETS.awsKey}`, text: `"${"x".repeat(69)} <AWS a...` },
  ])("formatValue: $name", ({ value, text }) => {
    expect(formatValue(value)).toBe(text);
  });

  test.each<{ name: string; path: PropertyKey[]; input: unknown; text: string }>([
    { name: "literal string at a secret path", path: ["password"], input: pw, text: "a literal string (<not shown>)" },
    { name: "number at a nested secret path", path: ["db", "Password"], input: 42, text: "a literal number (<not shown>)" },
    { name: "boolean", path: ["token"], input: true, text: "a literal boolean (<not shown>)" },
    { name: "list", path: ["token"], input: ["a"], text: "a literal list (<not shown>)" },
    { name: "null", path: ["token"], input: null, text: "a literal object (<not shown>)" },
    { name: "object: only its keys", path: ["token"], input: { value: "x", env: "y" }, text: 'an object with keys "value", "env" (values <not shown>)' },
    { name: "empty object", path: ["token"], input: {}, text: "an object with keys (none) (values <not shown>)" },
    { name: "reference shown", path: ["password"], input: { env: "PW" }, text: '{"env":"PW"}' },
    { name: "nothing at a secret path", path: ["password"], input: undefined, text: "nothing" },
    { name: "literal at another path shown", path: ["name"], input: "pw", text: '"pw"' },
    { name: "HiddenInput anywhere shows its description", path: ["name"], input: new HiddenInput("x"), text: "a literal string (<not shown>)" },
    { name: "HiddenInput of an object", path: [], input: new HiddenInput({ a: 1 }), text: 'an object with keys "a" (values <not shown>)' },
  ])("describeInput: $name", ({ path, input, text }) => {
    expect(describeInput(path, input)).toBe(text);
  });

  test("a HiddenInput serialises as its description, never the value", () => {
    const hidden = new HiddenInput(7);
    expect(hidden.description).toBe("a literal number (<not shown>)");
    expect(hidden.toJSON()).toBe("a literal number (<not shown>)");
    expect(JSON.stringify({ input: new HiddenInput(pw) })).toBe('{"input":"a literal string (<not shown>)"}');
  });
});

/** `z.string()` wrapped `n` times in `.optional()`. */
const optionalTimes = (n: number): Schema => {
  let s: z.ZodType = z.string();
  for (let i = 0; i < n; i++) s = s.optional();
  return s;
};

describe("describeShape", () => {
  test.each<{ name: string; schema: Schema; text: string }>([
    {
      name: "object: optional, default and prefault keys marked, nullable not",
      schema: z.object({ id: z.string(), ttl: z.number().optional(), mode: z.string().default("a"), pre: z.string().prefault("b"), note: z.string().nullable() }),
      text: "{id, ttl?, mode?, pre?, note}",
    },
    { name: "empty object", schema: z.object({}), text: "{}" },
    { name: "object def without a shape", schema: fake({ type: "object" }), text: "{}" },
    { name: "string", schema: z.string(), text: "a string" },
    { name: "number", schema: z.number(), text: "a number" },
    { name: "z.int()", schema: z.int(), text: "a number" },
    { name: "int def", schema: fake({ type: "int" }), text: "a number" },
    { name: "boolean", schema: z.boolean(), text: "true or false" },
    { name: "list", schema: z.array(z.string()), text: "a list of a string" },
    { name: "list of objects", schema: z.array(z.object({ cidr: z.string() })), text: "a list of {cidr}" },
    { name: "array def without an element", schema: fake({ type: "array" }), text: "a list" },
    { name: "record", schema: z.record(z.string(), z.number()), text: "a map" },
    { name: "literal", schema: z.literal("*"), text: '"*"' },
    { name: "literal of two values", schema: z.literal(["a", "b"]), text: '"a" or "b"' },
    { name: "literal def without values", schema: fake({ type: "literal" }), text: "" },
    { name: "enum", schema: z.enum(["x", "y"]), text: '"x" or "y"' },
    { name: "enum def without entries", schema: fake({ type: "enum" }), text: "" },
    { name: "union", schema: z.union([z.string(), z.object({ env: z.string() })]), text: "a string or {env}" },
    { name: "union def without options", schema: fake({ type: "union" }), text: "" },
    { name: "another type: its name", schema: z.null(), text: "null" },
    { name: "any", schema: z.any(), text: "any" },
    { name: "optional", schema: z.string().optional(), text: "a string" },
    { name: "nullable", schema: z.string().nullable(), text: "a string" },
    { name: "default", schema: z.string().default("x"), text: "a string" },
    { name: "prefault", schema: z.string().prefault("x"), text: "a string" },
    { name: "readonly", schema: z.string().readonly(), text: "a string" },
    { name: "catch", schema: z.string().catch("x"), text: "a string" },
    { name: "nonoptional", schema: z.string().nonoptional(), text: "a string" },
    { name: "success", schema: z.success(z.string()), text: "a string" },
    { name: "a wrapper not unwrapped (promise)", schema: z.promise(z.string()), text: "promise" },
    { name: "pipe: its input side", schema: z.string().pipe(z.coerce.number()), text: "a string" },
    { name: "transform: the input side", schema: z.string().transform((s) => s.length), text: "a string" },
    { name: "preprocess: the schema after the transform", schema: z.preprocess((v) => v, z.number()), text: "a number" },
    { name: "pipe def without an input", schema: fake({ type: "pipe" }), text: "pipe" },
    { name: "lazy", schema: z.lazy(() => z.boolean()), text: "true or false" },
    { name: "lazy def without a getter", schema: fake({ type: "lazy" }), text: "lazy" },
    { name: "20 wrappers unwrapped", schema: optionalTimes(20), text: "a string" },
    { name: "the 21st wrapper stays", schema: optionalTimes(21), text: "optional" },
  ])("$name: $text", ({ schema, text }) => {
    expect(describeShape(schema)).toBe(text);
  });
});

// Schemas for schemaAt and the unknown-key messages. Each leaf is its own instance, so schemaAt's answer can be
// compared by identity.
const Id = z.string();
const Ttl = z.number().optional();
const Zone = z.object({ id: Id, ttl: Ttl });
const Zones = z.array(Zone);
const LabelValue = z.number();
const Root = z.object({ zones: Zones, labels: z.record(z.string(), LabelValue) });
const ZeroKeyed = z.object({ "0": Id });
const XA = z.string();
const XB = z.number();
const XN = z.boolean();
const XS = z.boolean();
const OnlyA = z.boolean();
const OnlyB = z.boolean();
const OptA = z.object({ kind: z.literal("a"), x: XA, onlyA: OnlyA });
const OptB = z.object({ kind: z.literal("b"), x: XB, onlyB: OnlyB });
const DU = z.discriminatedUnion("kind", [OptA, OptB]);
const Holder = z.object({ src: DU });
const PlainA = z.string();
const PlainB = z.number();
const Plain = z.union([z.object({ a: PlainA }), z.object({ b: PlainB })]);
/** A discriminated union with options zod would refuse: not an object, no discriminator, a discriminator without values. */
const Odd = fake({ type: "union", discriminator: "kind", options: [z.string(), z.object({ x: XN }), z.object({ kind: z.string(), x: XS }), OptB] });
const fnWith = (props: object): unknown => Object.assign(() => undefined, props);

describe("schemaAt", () => {
  test.each<{ name: string; schema: Schema; path: PropertyKey[]; input?: unknown; found: Schema | undefined }>([
    { name: "the root", schema: Root, path: [], found: Root },
    { name: "an object key", schema: Root, path: ["zones"], found: Zones },
    { name: "a list element", schema: Root, path: ["zones", 3], found: Zone },
    { name: "a key of a list element", schema: Root, path: ["zones", 3, "id"], found: Id },
    { name: "an optional key: the wrapper", schema: Root, path: ["zones", 0, "ttl"], found: Ttl },
    { name: "a record value", schema: Root, path: ["labels", "any"], found: LabelValue },
    { name: "an unknown key", schema: Root, path: ["nope"], found: undefined },
    { name: "below an unknown key", schema: Root, path: ["nope", "deeper", "still"], found: undefined },
    { name: "below a string", schema: Root, path: ["zones", 0, "id", "x"], found: undefined },
    { name: "a string key that looks like a number", schema: ZeroKeyed, path: ["0"], found: Id },
    { name: "a number key on an object", schema: ZeroKeyed, path: [0], found: undefined },
    { name: "object def without a shape", schema: fake({ type: "object" }), path: ["x"], found: undefined },
    { name: "union: first option with the key", schema: Plain, path: ["a"], found: PlainA },
    { name: "union: second option with the key", schema: Plain, path: ["b"], found: PlainB },
    { name: "union: no option with the key", schema: Plain, path: ["c"], found: undefined },
    { name: "union def without options", schema: fake({ type: "union" }), path: ["x"], found: undefined },
    { name: "options on a def that is no union are not searched", schema: fake({ type: "tuple", options: [z.object({ x: XA })] }), path: ["x"], found: undefined },
    { name: "discriminator b", schema: DU, path: ["x"], input: { kind: "b" }, found: XB },
    { name: "discriminator a", schema: DU, path: ["x"], input: { kind: "a" }, found: XA },
    { name: "discriminator restricts the keys", schema: DU, path: ["onlyB"], input: { kind: "a" }, found: undefined },
    { name: "unknown discriminator: every option", schema: DU, path: ["onlyB"], input: { kind: "zzz" }, found: OnlyB },
    { name: "unknown discriminator: first option wins", schema: DU, path: ["x"], input: { kind: "zzz" }, found: XA },
    { name: "no input: first option", schema: DU, path: ["x"], input: undefined, found: XA },
    { name: "null input: first option", schema: DU, path: ["x"], input: null, found: XA },
    { name: "a string input: first option", schema: DU, path: ["x"], input: "b", found: XA },
    { name: "a function input is not followed", schema: DU, path: ["x"], input: fnWith({ kind: "b" }), found: XA },
    { name: "the input followed into a nested union", schema: Holder, path: ["src", "x"], input: { src: { kind: "b" } }, found: XB },
    { name: "null on the way", schema: Holder, path: ["src", "x"], input: { src: null }, found: XA },
    { name: "a function on the way is not followed", schema: Holder, path: ["src", "x"], input: fnWith({ src: { kind: "b" } }), found: XA },
    { name: "odd options skipped, the one with the value found", schema: Odd, path: ["x"], input: { kind: "b" }, found: XB },
  ])("$name", ({ schema, path, input, found }) => {
    expect(schemaAt(schema, path, input)).toBe(found);
  });
});

describe("formatZodIssues: unknown keys", () => {
  const Strict = z.object({ name: z.string(), rotation: z.boolean().optional(), env: z.string().optional() }).strict();
  const allowed = " (allowed keys here: name, rotation, env)";
  const keys16 = "k01, k02, k03, k04, k05, k06, k07, k08, k09, k10, k11, k12, k13, k14, k15, k16";
  const objectOf = (n: number) => z.object(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${String(i + 1).padStart(2, "0")}`, z.string()]))).strict();
  const unknownKeys = (path: PropertyKey[], keys: string[]) => ({ code: "unrecognized_keys", path, keys, message: `Unrecognized keys: ${keys.map((k) => `"${k}"`).join(", ")}` });

  test.each<{ name: string; issues: readonly object[]; options: FormatOptions; lines: string[] }>([
    {
      name: "nearest key suggested within half the length (at most 3 edits), else none",
      issues: [unknownKeys([], ["rotate", "xyz", "na", "NAME", "rota"])],
      options: { schema: Strict, input: {} },
      lines: [
        `rotate: unknown key; did you mean "rotation"?${allowed}`,
        `xyz: unknown key; remove it or check the spelling${allowed}`,
        `na: unknown key; did you mean "name"?${allowed}`,
        `NAME: unknown key; did you mean "name"?${allowed}`,
        `rota: unknown key; remove it or check the spelling${allowed}`,
      ],
    },
    {
      name: "one edit on a one-letter key",
      issues: [unknownKeys([], ["b"])],
      options: { schema: z.object({ a: z.string() }).strict() },
      lines: ['b: unknown key; did you mean "a"? (allowed keys here: a)'],
    },
    {
      name: "with a base",
      issues: [unknownKeys([], ["rotate"])],
      options: { schema: Strict, input: {}, base: "neo4jAccess" },
      lines: [`neo4jAccess.rotate: unknown key; did you mean "rotation"?${allowed}`],
    },
    {
      name: "zod's own issue, with the whole config",
      issues: issuesOf(z.object({ regions: z.array(z.object({ zone: z.string(), cidr: z.string() }).strict()) }), { regions: [{ zone: "a", cidr: "b" }, { zoen: "a", cidr: "b", zone: "c" }] }),
      options: { schema: z.object({ regions: z.array(z.object({ zone: z.string(), cidr: z.string() }).strict()) }), input: { regions: [{ zone: "a", cidr: "b" }, { zoen: "a", cidr: "b", zone: "c" }] } },
      lines: ['regions[1].zoen: unknown key; did you mean "zone"? (allowed keys here: zone, cidr)'],
    },
    { name: "no schema: no suggestion, no list", issues: [unknownKeys(["a"], ["foo"])], options: {}, lines: ["a.foo: unknown key; remove it or check the spelling"] },
    { name: "16 keys listed", issues: [unknownKeys([], ["zzzz"])], options: { schema: objectOf(16) }, lines: [`zzzz: unknown key; remove it or check the spelling (allowed keys here: ${keys16})`] },
    { name: "17 keys not listed", issues: [unknownKeys([], ["zzzz"])], options: { schema: objectOf(17) }, lines: ["zzzz: unknown key; remove it or check the spelling"] },
    {
      name: "a record is no list of keys",
      issues: [unknownKeys(["labels"], ["x"])],
      options: { schema: z.object({ labels: z.record(z.string(), z.string()) }) },
      lines: ["labels.x: unknown key; remove it or check the spelling"],
    },
    {
      name: "discriminated union: the keys of the option the input names",
      issues: [unknownKeys(["src"], ["onlyC"])],
      options: { schema: Holder, input: { src: { kind: "b", onlyC: 1 } } },
      lines: ['src.onlyC: unknown key; did you mean "onlyB"? (allowed keys here: kind, x, onlyB)'],
    },
    {
      name: "discriminated union, unknown discriminator: the keys of every option, once",
      issues: [unknownKeys(["src"], ["onlyC"])],
      options: { schema: Holder, input: { src: { kind: "zzz" } } },
      lines: ['src.onlyC: unknown key; did you mean "onlyA"? (allowed keys here: kind, x, onlyA, onlyB)'],
    },
    {
      name: "a function input is not followed",
      issues: [unknownKeys(["src"], ["onlyC"])],
      options: { schema: Holder, input: fnWith({ src: { kind: "b" } }) },
      lines: ['src.onlyC: unknown key; did you mean "onlyA"? (allowed keys here: kind, x, onlyA, onlyB)'],
    },
    {
      name: "options on a def that is no union give no keys",
      issues: [unknownKeys(["t"], ["x"])],
      options: { schema: z.object({ t: fake({ type: "tuple", options: [z.object({ x: z.string() })] }) }) },
      lines: ["t.x: unknown key; remove it or check the spelling"],
    },
    {
      name: "null on the way: the schema is lost",
      issues: [unknownKeys(["src", "inner"], ["k"])],
      options: { schema: Holder, input: { src: null } },
      lines: ["src.inner.k: unknown key; remove it or check the spelling"],
    },
    {
      name: "a schema's own message is kept, with the value",
      issues: [{ code: "unrecognized_keys", path: ["driver"], keys: ["FOO"], message: "allowed DRIVER settings: a, b", input: { FOO: 1 } }],
      options: { schema: Strict },
      lines: ['driver: got {"FOO":1}; allowed DRIVER settings: a, b'],
    },
  ])("$name", ({ issues, options, lines }) => {
    expect(fmt(issues, options)).toEqual(lines);
  });
});

describe("formatZodIssues: record keys", () => {
  test.each<{ name: string; issues: readonly object[]; lines: string[] }>([
    {
      name: "zod's issue",
      issues: issuesOf(z.object({ labels: z.record(z.string().regex(/^a/), z.string()) }), { labels: { b: "1" } }),
      lines: ['labels.b: got key "b"; Invalid string: must match pattern /^a/'],
    },
    {
      name: "two inner messages",
      issues: [{ code: "invalid_key", path: ["labels", "Bad Key"], input: "Bad Key", message: "Invalid key in record", issues: [{ message: "no spaces" }, { message: "lower case" }] }],
      lines: ['labels["Bad Key"]: got key "Bad Key"; no spaces; lower case'],
    },
  ])("$name", ({ issues, lines }) => {
    expect(fmt(issues)).toEqual(lines);
  });
});

describe("formatZodIssues: unions", () => {
  const Ref = z.union([z.object({ env: z.string() }).strict(), z.object({ file: z.string() }).strict(), z.object({ secretsManagerArn: z.string(), jsonKey: z.string().optional() }).strict()]);
  const IdOrRef = z.union([z.string(), z.object({ env: z.string() }).strict()]);
  const Cfg = z.object({ name: z.string(), password: Ref.optional(), location: Ref.optional(), orchestrationId: IdOrRef.optional() });
  const Required = z.object({ location: Ref });
  const refShapes = "must be one of: {env} or {file} or {secretsManagerArn, jsonKey?}";
  const withSchema = (input: object) => ({ issues: issuesOf(Cfg, { name: "n", ...input }), options: { schema: Cfg, input: { name: "n", ...input } } });
  const noSchema = (input: object) => ({ issues: issuesOf(Cfg, { name: "n", ...input }), options: {} });

  test.each<{ name: string; issues: readonly object[]; options: FormatOptions; lines: string[] }>([
    { name: "misspelt key suggested", ...withSchema({ location: { fiel: "x" } }), lines: [`location: got {"fiel":"x"}; ${refShapes} ("fiel" looks like a misspelling of "file")`] },
    {
      name: "two misspelt keys",
      ...withSchema({ location: { fiel: "x", en: "y" } }),
      lines: [`location: got {"fiel":"x","en":"y"}; ${refShapes} ("fiel" looks like a misspelling of "file", "en" looks like a misspelling of "env")`],
    },
    { name: "a key like nothing: no suggestion", ...withSchema({ location: { xyz: "x" } }), lines: [`location: got {"xyz":"x"}; ${refShapes}`] },
    { name: "missing", issues: issuesOf(Required, {}), options: { schema: Required, input: {} }, lines: [`location: is missing; ${refShapes}`] },
    { name: "missing, no schema", issues: issuesOf(Required, {}), options: {}, lines: ["location: is missing; Invalid input"] },
    { name: "a literal secret: never shown, the references allowed", ...withSchema({ password: pw }), lines: [`password: got a literal string (<not shown>); ${HINT}`] },
    { name: "a number as secret", ...withSchema({ password: 12345 }), lines: [`password: got a literal number (<not shown>); ${HINT}`] },
    { name: "null as secret", ...withSchema({ password: null }), lines: [`password: got a literal object (<not shown>); ${HINT}`] },
    { name: "an object as secret: its keys and the shapes", ...withSchema({ password: { evn: "X" } }), lines: [`password: got an object with keys "evn" (values <not shown>); ${refShapes}`] },
    {
      name: "an object as secret, misspelt key",
      ...withSchema({ password: { en: "X" } }),
      lines: [`password: got an object with keys "en" (values <not shown>); ${refShapes} ("en" looks like a misspelling of "env")`],
    },
    {
      name: "digits where a string is allowed",
      ...withSchema({ orchestrationId: 7 }),
      lines: [`orchestrationId: got the number 7; write it in quotes, "7": unquoted digits are read as a number${ZEROS}; must be one of: a string or {env}`],
    },
    { name: "a boolean where a string is allowed", ...withSchema({ orchestrationId: true }), lines: ["orchestrationId: got true; must be one of: a string or {env}"] },
    { name: "a number where no string is allowed", ...withSchema({ location: 7 }), lines: [`location: got 7; ${refShapes}`] },
    { name: "a number, no schema", ...noSchema({ orchestrationId: 7 }), lines: ["orchestrationId: got 7; Invalid input"] },
    { name: "an object, no schema", ...noSchema({ location: { fiel: "x" } }), lines: ['location: got {"fiel":"x"}; Invalid input'] },
    {
      name: "the union's own message kept",
      issues: [{ code: "invalid_union", path: ["location"], message: "give one reference", input: 5, errors: [[{ code: "invalid_type", path: [], expected: "object", message: "Invalid input: expected object, received number", input: 5 }]] }],
      options: { schema: Cfg, input: { name: "n", location: 5 } },
      lines: ["location: got 5; give one reference"],
    },
  ])("none fits: $name", ({ issues, options, lines }) => {
    expect(fmt(issues, options)).toEqual(lines);
  });

  const type = (path: PropertyKey[], expected: string, received: string, input?: unknown) => ({
    code: "invalid_type",
    path,
    expected,
    message: `Invalid input: expected ${expected}, received ${received}`,
    ...(input === undefined ? {} : { input }),
  });
  const union = (path: PropertyKey[], input: unknown, errors: object[][]) => ({ code: "invalid_union", path, message: "Invalid input", input, errors });

  test.each<{ name: string; issue: object; lines: string[] }>([
    {
      name: "the fitting branch with the fewest issues, at the union's path and base",
      issue: union(["sources", 0], { port: "x", kind: "y" }, [
        [],
        [type([], "string", "object", { port: "x", kind: "y" })],
        [type(["port"], "number", "string", "x"), type(["host"], "string", "undefined")],
        [type(["kind"], "boolean", "string", "y")],
      ]),
      lines: ['neo4jAccess.sources[0].kind: got "y"; must be a boolean'],
    },
    {
      name: "a branch with an unknown key at its root does not fit, however short",
      issue: union(["x"], { zz: 1 }, [
        [{ code: "unrecognized_keys", path: [], keys: ["zz"], message: 'Unrecognized key: "zz"', input: { zz: 1 } }, type(["env"], "string", "undefined")],
        [type(["file"], "string", "undefined"), type(["mode"], "string", "undefined"), type(["ttl"], "number", "undefined")],
      ]),
      lines: ["neo4jAccess.x.file: is missing; must be a string", "neo4jAccess.x.mode: is missing; must be a string", "neo4jAccess.x.ttl: is missing; must be a number"],
    },
    {
      name: "a custom issue at the root fits",
      issue: union(["choice"], { a: 1, b: 2 }, [[{ code: "custom", path: [], message: "give exactly one of a or b", input: { a: 1, b: 2 } }], [type([], "string", "object", { a: 1, b: 2 })]]),
      lines: ['neo4jAccess.choice: got {"a":1,"b":2}; give exactly one of a or b'],
    },
    {
      name: "only an unknown key at the root: nothing fits",
      issue: union(["choice"], { zz: 1 }, [[{ code: "unrecognized_keys", path: [], keys: ["zz"], message: 'Unrecognized key: "zz"', input: { zz: 1 } }]]),
      lines: ['neo4jAccess.choice: got {"zz":1}; Invalid input'],
    },
    {
      name: "only a wrong value at the root: nothing fits",
      issue: union(["choice"], "b", [[{ code: "invalid_value", path: [], values: ["a"], message: 'Invalid input: expected "a"', input: "b" }]]),
      lines: ['neo4jAccess.choice: got "b"; Invalid input'],
    },
    { name: "only empty branches: nothing fits", issue: union(["choice"], 3, [[], []]), lines: ["neo4jAccess.choice: got 3; Invalid input"] },
  ])("$name", ({ issue, lines }) => {
    expect(fmt([issue], { base: "neo4jAccess" })).toEqual(lines);
  });

  test.each<{ name: string; issues: readonly object[]; lines: string[] }>([
    {
      name: "zod's unknown discriminator: the discriminator shown",
      issues: issuesOf(Holder, { src: { kind: "zzz" } }),
      lines: ["src.kind: got \"zzz\"; Invalid discriminator value. Expected 'a' | 'b'"],
    },
    { name: "null input", issues: [union(["kind"], null, [])], lines: ["kind: got null; Invalid input"] },
    { name: "a string input", issues: [union(["kind"], "str", [])], lines: ['kind: got "str"; Invalid input'] },
    { name: "the key absent from the input", issues: [union(["kind"], {}, [])], lines: ["kind: got {}; Invalid input"] },
    { name: "a list index is no discriminator", issues: [union([0], ["x"], [])], lines: ['[0]: got ["x"]; Invalid input'] },
    { name: "not a union: the whole value", issues: [{ code: "custom", path: ["a"], message: "bad a", input: { a: 5 } }], lines: ['a: got {"a":5}; bad a'] },
  ])("no branches: $name", ({ issues, lines }) => {
    expect(fmt(issues)).toEqual(lines);
  });
});

describe("formatZodIssues: one issue, one line", () => {
  const S = z.object({
    name: z.string(),
    count: z.int(),
    tags: z.array(z.string()),
    zone: z.object({ id: z.string(), ttl: z.number().optional() }),
    enabled: z.boolean(),
    password: z.string().optional(),
    port: z.number(),
  });
  const type = (path: PropertyKey[], expected: string, input?: unknown, message = `Invalid input: expected ${expected}, received x`) => ({
    code: "invalid_type",
    path,
    expected,
    message,
    ...(input === undefined ? {} : { input }),
  });
  const tooSmall = (path: PropertyKey[], n: number, input?: unknown) => ({
    code: "too_small",
    path,
    origin: "string",
    minimum: n,
    message: `Too small: expected string to have >=${n} characters`,
    ...(input === undefined ? {} : { input }),
  });
  const custom = (path: PropertyKey[], message: string, extra: object = {}) => ({ code: "custom", path, message, ...extra });
  const digits = (n: string) => `got the number ${n}; write it in quotes, "${n}": unquoted digits are read as a number${ZEROS}`;

  test.each<{ name: string; issue: object; schema?: boolean; line: string }>([
    { name: "object expected, shape from the schema", issue: type(["zone"], "object", "x"), schema: true, line: 'zone: got "x"; must be {id, ttl?}' },
    { name: "object expected, no schema", issue: type(["zone"], "object", "x"), line: 'zone: got "x"; must be a map of keys and values' },
    { name: "object expected, schema lost", issue: type(["zone", "extra", "deep"], "object", "x"), schema: true, line: 'zone.extra.deep: got "x"; must be a map of keys and values' },
    { name: "list expected, shape from the schema", issue: type(["tags"], "array", "x"), schema: true, line: 'tags: got "x"; must be a list of a string' },
    { name: "list expected, no schema", issue: type(["tags"], "array", "x"), line: 'tags: got "x"; must be a list' },
    { name: "whole number expected (a schema is no help)", issue: type(["count"], "int", "x"), schema: true, line: 'count: got "x"; must be a whole number' },
    { name: "boolean expected", issue: type(["enabled"], "boolean", "x"), schema: true, line: 'enabled: got "x"; must be a boolean' },
    { name: "string expected, got true", issue: type(["name"], "string", true), schema: true, line: "name: got true; must be a string" },
    { name: "the short generic text", issue: type(["port"], "number", "x", "Invalid input"), line: 'port: got "x"; must be a number' },
    { name: "a schema's own text", issue: type(["port"], "number", "x", "Expected a port number"), line: 'port: got "x"; Expected a port number' },
    { name: "a generic text on another code is kept", issue: custom(["name"], "Invalid input: expected string, received number", { input: 5 }), line: "name: got 5; Invalid input: expected string, received number" },
    { name: "missing", issue: type(["name"], "string"), line: "name: is missing; must be a string" },
    { name: "missing, any value allowed (z.unknown)", issue: type(["outputs"], "nonoptional"), line: "outputs: is missing; must be given (any value)" },
    { name: "missing object, shape from the schema", issue: type(["zone"], "object"), schema: true, line: "zone: is missing; must be {id, ttl?}" },
    { name: "missing secret: the references allowed", issue: type(["password"], "string"), line: `password: is missing; must be a string (${REFS})` },
    { name: "null", issue: type(["name"], "string", null), line: `name: ${EMPTY}; must be a string, or remove the key` },
    { name: "null object, shape from the schema", issue: type(["zone"], "object", null), schema: true, line: `zone: ${EMPTY}; must be {id, ttl?}, or remove the key` },
    { name: "null secret", issue: type(["password"], "string", null), line: `password: ${EMPTY}; must be a string, or remove the key` },
    { name: "digits for a string", issue: type(["name"], "string", 42), line: `name: ${digits("42")}` },
    { name: "zero for a string", issue: type(["name"], "string", 0), line: `name: ${digits("0")}` },
    { name: "a negative number for a string", issue: type(["name"], "string", -3), line: "name: got the number -3; write it in quotes: unquoted digits are read as a number" },
    { name: "a fraction for a string", issue: type(["name"], "string", 2.5), line: "name: got the number 2.5; write it in quotes: unquoted digits are read as a number" },
    { name: "digits for a string, the schema's own text", issue: type(["name"], "string", 12, "Expected an account id"), line: `name: ${digits("12")}; Expected an account id` },
    { name: "a number for a boolean", issue: type(["enabled"], "boolean", 5), line: "enabled: got 5; must be a boolean" },
    { name: "a number for a secret: not shown, no quote hint", issue: type(["password"], "string", 5), line: `password: got a literal number (<not shown>); must be a string; ${HINT}` },
    { name: "a literal secret too short", issue: tooSmall(["password"], 8, pw), line: `password: got a literal string (<not shown>); Too small: expected string to have >=8 characters; ${HINT}` },
    { name: "a secret without its input", issue: tooSmall(["password"], 8), line: "password: got nothing; Too small: expected string to have >=8 characters" },
    { name: "a literal too short elsewhere", issue: tooSmall(["name"], 3, "ab"), line: 'name: got "ab"; Too small: expected string to have >=3 characters' },
    { name: "an object secret: its keys, no hint", issue: custom(["password"], "must be a reference", { input: { value: "x" } }), line: 'password: got an object with keys "value" (values <not shown>); must be a reference' },
    { name: "a secret reference shown", issue: custom(["password"], "variable PW is not set", { input: { env: "PW" } }), line: 'password: got {"env":"PW"}; variable PW is not set' },
    { name: "a rule about a whole set: no value", issue: custom(["tags"], "at most 50 tags, got 51", { params: { noValue: true }, input: ["a"] }), line: "tags: at most 50 tags, got 51" },
    { name: "noValue false: the value", issue: custom(["tags"], "at most 50 tags", { params: { noValue: false }, input: ["a"] }), line: 'tags: got ["a"]; at most 50 tags' },
    { name: "custom without params: the value", issue: custom(["tags"], "at most 50 tags", { input: 3 }), line: "tags: got 3; at most 50 tags" },
    {
      name: "noValue only counts on a custom issue",
      issue: { code: "too_big", path: ["tags"], origin: "array", maximum: 1, message: "Too big: expected array to have <=1 items", params: { noValue: true }, input: ["a", "b"] },
      line: 'tags: got ["a","b"]; Too big: expected array to have <=1 items',
    },
    { name: "custom, missing", issue: custom(["name"], "give a name"), line: "name: is missing; give a name" },
    { name: "custom, null", issue: custom(["name"], "give a name", { input: null }), line: "name: got null; give a name" },
    { name: "at the root", issue: custom([], "give a name", { input: 1 }), line: "(root): got 1; give a name" },
  ])("$name", ({ issue, schema, line }) => {
    expect(fmt([issue], schema ? { schema: S, input: {} } : {})).toEqual([line]);
  });

  test("several issues, one line each, in order; no options", () => {
    expect(formatZodIssues(issuesOf(S, { name: 1, count: 1, tags: [], zone: { id: "a" }, enabled: "yes", port: 1 }))).toEqual([
      `name: ${digits("1")}`,
      'enabled: got "yes"; must be a boolean',
    ]);
  });
});

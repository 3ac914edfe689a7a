import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App } from "cdktf";
import type { Command, Option } from "commander";
import { buildProgram, COMMAND_HINTS } from "../../bin/cli";
import { exampleConfig } from "../../config/example";
import { parseConfig } from "../../config/load";
import { composeApp } from "../../stacks/compose";
import { runAuraSecure, type CliResult } from "../support/run-cli";
import { gcpOutputs } from "../runtime/verify/fixtures";

/**
 * Every command and subcommand of `aura-secure`, read from the commander program itself (a new command or
 * flag is covered, or this test fails asking for its kind), run with missing, malformed and wrong-type
 * arguments and files: a folder where a file belongs, an empty file, a missing one, a Terraform plan where
 * outputs belong and outputs where a plan belongs. Each run must exit 1 with a message that names the
 * argument and says what was expected, and no stack frames.
 */

let dir: string;
/** A fresh folder per case, holding the sample files; `@/x` in arguments means <that folder>/x. */
let caseDir: string;

/** A run whose base arguments reach the network fails fast: nothing listens there. */
const CLOSED = "127.0.0.1:9";
const ENV = { KEYSTORE_PASSWORD: "long-enough-password", PW: "neo4j-password", AURA_CLIENT_ID: "id", AURA_CLIENT_SECRET: "secret", EMPTY_VAR: undefined };

const STATE = JSON.stringify({ connection: { uri: `neo4j+s://${CLOSED}`, user: "neo4j", password: { env: "PW" } } });
const AURA_BASE = ["--base-url", `http://${CLOSED}`, "--timeout", "1s"];

/**
 * A valid invocation of each command: a case changes one argument of it, so the message is about that
 * argument. A command missing here fails the test: add its base invocation.
 */
const BASE: Record<string, string[]> = {
  "keystore create": ["--out", "@/new.p12", "--alias", "aliaskey"],
  "keystore inspect": ["@/real.p12"],
  "certs create": ["--out", "@/certs", "--ca-dir", "@/ca", "--dns", "neo4j.internal"],
  "certs letsencrypt": ["--live", "@/letsencrypt/live/neo4j.example.com", "--out", "@/le"],
  "conf render": ["--out", "@/conf"],
  "conf check": ["@/conf"],
  "conf merge": ["--conf", "@/neo4j.conf", "--fragment", "@/fragment.conf", "--dry-run"],
  "cypher plan": ["--state", STATE, "--timeout", "1s"],
  "cypher apply": ["--state", STATE, "--timeout", "1s"],
  "cypher destroy": ["--state", STATE, "--timeout", "1s"],
  "cypher replace": ["--applied", STATE, "--declared", STATE, "--timeout", "1s"],
  "cypher import": ["--uri", `neo4j+s://${CLOSED}`, "--user", "neo4j", "--password-env", "PW", "--timeout", "1s"],
  "aura cmk create": [...AURA_BASE, "--name", "k", "--tenant-id", "t", "--type", "enterprise-db", "--cloud-provider", "aws", "--region", "us-east-1", "--key-id", "arn:aws:kms:us-east-1:111122223333:key/x"],
  "aura cmk status": [...AURA_BASE, "cmk-1"],
  "aura cmk list": [...AURA_BASE],
  "aura cmk delete": [...AURA_BASE, "cmk-1"],
  verify: ["--outputs", "@/outputs.json", "--dbid", "abcd1234", "--dns-server", CLOSED, "--timeout", "100ms", "--retries", "0"],
  review: ["@/plan.json"],
  diagram: ["--out", "@/cdktf.out"],
};

/** Flags a case needs beside the one it changes (`<command> <flag>`), so the changed one is what fails. */
const COMPANIONS: Record<string, string[]> = {
  "conf render --keystore": ["--key-name", "aliaskey"],
  "conf render --key-name": ["--keystore", "/var/lib/neo4j/aliases.pkcs12"],
  "conf render --script": ["--keystore", "/var/lib/neo4j/aliases.pkcs12", "--key-name", "aliaskey"],
  "verify --password-env": ["--user", "neo4j"],
  "verify --password-file": ["--user", "neo4j"],
};

/** Flags that replace others of the base (`--config` instead of `--state`): those are left out. */
const INSTEAD: Record<string, string[]> = {
  "--config": ["--state", "--state-env"],
  "--state-env": ["--state", "--config"],
  "--applied-env": ["--applied"],
  "--declared-env": ["--declared"],
  "--spec-env": ["--name", "--tenant-id", "--type", "--cloud-provider", "--region", "--key-id", "--base-url"],
};

interface Case {
  label: string;
  value: string;
  env?: Record<string, string | undefined>;
  /** What the message must say besides the argument's name. */
  expect: RegExp;
}

const missingFile: Case = { label: "a file that does not exist", value: "@/absent.json", expect: /does not exist|no such file|not found/i };
const folderForFile: Case = { label: "a folder where a file belongs", value: "@/folder", expect: /folder|directory/i };
const emptyFile: Case = { label: "an empty file", value: "@/empty.txt", expect: /empty/i };
const fileIn = [missingFile, folderForFile, emptyFile];
const jsonIn = [...fileIn, { label: "a file that is not JSON", value: "@/text.txt", expect: /JSON/ }];
const planFile: Case = { label: "a Terraform plan", value: "@/plan.json", expect: /plan/i };
const outputsFile: Case = { label: "stack outputs", value: "@/outputs.json", expect: /outputs/i };
const fileOut = [
  { label: "a folder where the file to write belongs", value: "@/folder", expect: /folder|directory/i },
  { label: "a file in a folder that does not exist", value: "@/absent/out.txt", expect: /does not exist/i },
];
const dirIn = [
  { label: "a folder that does not exist", value: "@/absent", expect: /does not exist/i },
  { label: "a file where a folder belongs", value: "@/text.txt", expect: /not a folder|is a file/i },
];
const dirOut = [{ label: "a file where a folder belongs", value: "@/text.txt", expect: /not a folder|is a file/i }];
const bad = (value: string, expect: RegExp): Case[] => [{ label: JSON.stringify(value), value, expect }];

/** How to get each kind of argument wrong; keys are `<command> <flags>` or `<flags>`, arguments `<command> <name>`. */
const CASES: Record<string, Case[]> = {
  // files read
  "keystore inspect file": [...fileIn, { label: "a text file", value: "@/text.txt", expect: /PKCS12/ }],
  "--fragment <file>": fileIn,
  "--conf <file>": fileIn,
  "--config <file>": [...fileIn, planFile, outputsFile],
  "--outputs <file>": [...jsonIn, planFile],
  "review plans": [...jsonIn, outputsFile],
  "--state <json|file>": [...jsonIn, planFile],
  "--previous <json|file>": [...jsonIn, planFile],
  "--also <json|file>": [...jsonIn, planFile],
  "--applied <json|file>": [...jsonIn, planFile],
  "--declared <json|file>": [...jsonIn, planFile],
  "--acknowledgements <file>": [...fileIn, { label: "a file that is not an acknowledgements list", value: "@/text.txt", expect: /acknowledgements/i }],
  "--ca-file <pem>": [...fileIn, { label: "a file without certificates", value: "@/text.txt", expect: /PEM|certificate/i }],
  "--password-file <file>": fileIn,
  // files written
  "keystore create --out <file>": fileOut,
  "cypher import --out <file>": fileOut,
  "--junit <file>": fileOut,
  "--output <file>": fileOut,
  "--mermaid <file>": fileOut,
  "--svg <file>": fileOut,
  "--script <path>": fileOut,
  // folders
  "certs create --out <dir>": dirOut,
  "--ca-dir <dir>": dirOut,
  "certs letsencrypt --out <dir>": dirOut,
  "conf render --out <dir>": dirIn,
  "conf check dir": dirIn,
  "--live <dir>": dirIn,
  "--home <dir>": dirIn,
  "diagram --out <dir>": [...dirIn, { label: "a folder without synthesized stacks", value: "@/folder", expect: /stacks|synth/i }],
  "--certificates-dir <dir>": bad("certs with space", /path|character/i),
  "--keystore <path>": bad("relative.p12", /absolute/i),
  // values
  "--timeout <duration>": bad("soon", /duration/i),
  "--retry-delay <duration>": bad("later", /duration/i),
  "--poll-interval <duration>": bad("often", /duration/i),
  "--retries <n>": bad("many", /whole number|0-5/),
  "--days <n>": bad("year", /days|number/i),
  "--ca-days <n>": bad("decade", /days|number/i),
  "--key-size <bits>": bad("huge", /allowed/i),
  "--bolt-port <port>": bad("99999", /port/i),
  "--https-port <port>": bad("-1", /port/i),
  "--password-env <NAME>": bad("1-BAD", /environment variable/i),
  "--password-env <VAR>": bad("1-BAD", /environment variable/i),
  "--pass-env <NAME>": bad("1-BAD", /environment variable/i),
  "--state-env <VAR>": [...bad("1-BAD", /environment variable/i), { label: "a variable that is not set", value: "EMPTY_VAR", expect: /not set/i }],
  "--previous-env <VAR>": [...bad("1-BAD", /environment variable/i), { label: "a variable that is not set", value: "EMPTY_VAR", expect: /not set/i }],
  "--also-env <VAR>": [...bad("1-BAD", /environment variable/i), { label: "a variable that is not set", value: "EMPTY_VAR", expect: /not set/i }],
  "--applied-env <VAR>": [...bad("1-BAD", /environment variable/i), { label: "a variable that is not set", value: "EMPTY_VAR", expect: /not set/i }],
  "--declared-env <VAR>": [...bad("1-BAD", /environment variable/i), { label: "a variable that is not set", value: "EMPTY_VAR", expect: /not set/i }],
  "--spec-env <VAR>": [...bad("1-BAD", /environment variable/i), { label: "a variable that is not set", value: "EMPTY_VAR", expect: /not set/i }],
  "--dns-server <host:port>": bad("a:b:c", /host|address/i),
  "--private-cidr <cidr>": bad("10.0.0.0/33", /CIDR|range|prefix/i),
  "--port-map <aura=local>": bad("7687", /aura port/i),
  "--uri <uri>": bad("not-a-uri", /URI|URL|scheme/i),
  "--base-url <url>": bad("ftp://api.example.com", /https/i),
  "--client-id <ref>": bad("plain-value", /reference/i),
  "--client-secret <ref>": bad("plain-value", /reference/i),
  "--policies <list>": bad("bolt,ftp", /allowed/i),
  "--tls-versions <list>": bad("TLSv1", /allowed/i),
  "--ciphers <list>": bad("RC4-MD5", /cipher/i),
  "--key-type <type>": bad("dsa", /allowed/i),
  "--client-auth <mode>": bad("MAYBE", /allowed/i),
  "--format <format>": bad("html", /allowed|choices/i),
  "--fail-on <severity>": bad("low", /allowed|choices/i),
  "--today <date>": bad("tomorrow", /YYYY-MM-DD|date/i),
  "--owner <user[:group]>": bad("a:b:c", /user/i),
  "--roles <regex>": bad("(", /regular expression/i),
  "--ip <address>": bad("300.1.1.1", /address/i),
  "--listen-address <address>": bad("300.1.1.1", /address/i),
  "--alias <key-name>": bad("My Key", /alias|allowed/i),
  "--key-name <alias>": bad("My Key", /alias|allowed/i),
  "--dns <name>": bad("bad name!", /name/i),
  "--group <group>": bad("bad group!", /group/i),
  "--cloud-provider <cloud>": bad("ibm", /aws/),
  "--type <instanceType>": bad("Enterprise DB", /instance type/i),
  "--dbid <id>": bad("not/an/id", /dbid|instance id/i),
  // free text: any value is one the command can only find wrong by asking the server
  "--user <name>": [],
  "--id <id>": [],
  "--name <name>": [],
  "--tenant-id <id>": [],
  "--key-id <id>": [],
  "--region <region>": [],
  "--ca-name <cn>": [],
  "--restart-command <command>": [],
  "aura cmk status id": [],
  "aura cmk delete id": [],
};

interface Leaf {
  name: string;
  command: Command;
}

function leaves(command: Command, prefix: string[] = []): Leaf[] {
  return command.commands.flatMap((sub) => {
    const at = [...prefix, sub.name()];
    return sub.commands.length ? leaves(sub, at) : [{ name: at.join(" "), command: sub }];
  });
}

const program = buildProgram();
const hidden = new Set(Object.keys(COMMAND_HINTS));
const commands = leaves(program).filter((l) => !hidden.has(l.name));

function optionKey(leaf: string, o: Option): string {
  const flags = o.flags.replace(/^-\w, /, "");
  return `${leaf} ${flags}` in CASES ? `${leaf} ${flags}` : flags;
}

function expand(args: readonly string[]): string[] {
  return args.map((a) => a.replace(/^@\//, `${caseDir}/`));
}

/** Leaves out options (with their values) and positional arguments of the base. */
function without(base: readonly string[], flags: readonly string[], dropPositional: boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < base.length; i++) {
    if (flags.includes(base[i]!)) i++;
    else if (base[i]!.startsWith("--")) out.push(base[i]!, ...(base[i + 1] !== undefined && !base[i + 1]!.startsWith("--") ? [base[++i]!] : []));
    else if (!dropPositional) out.push(base[i]!);
  }
  return out;
}

/** Replaces (or adds) one option's value in the base arguments, with the companions the case needs. */
function withOption(leaf: string, flag: string, value: string): string[] {
  const base = INSTEAD[flag] ? without(BASE[leaf]!, INSTEAD[flag]!, flag === "--spec-env") : [...BASE[leaf]!];
  const out = [...base, ...(COMPANIONS[`${leaf} ${flag}`] ?? [])];
  const at = out.indexOf(flag);
  if (at >= 0) out.splice(at, 2, flag, value);
  else out.push(flag, value);
  return out;
}

/** Replaces the positional arguments (those not after a flag) of the base, in order. */
function withArgument(base: readonly string[], command: Command, index: number, value: string | undefined): string[] {
  const positional: number[] = [];
  for (let i = 0; i < base.length; i++) {
    if (base[i]!.startsWith("--")) {
      const option = command.options.find((o) => o.long === base[i]);
      if (option && (option.required || option.optional)) i++;
      continue;
    }
    positional.push(i);
  }
  const out = [...base];
  if (index < positional.length) {
    if (value === undefined) out.splice(positional[index]!, 1);
    else out[positional[index]!] = value;
  } else if (value !== undefined) out.push(value);
  return out;
}

async function run(leaf: string, args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  let warnings = "";
  const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    warnings += String(chunk);
    return true;
  });
  try {
    const result = await runAuraSecure([...leaf.split(" "), ...expand(args)], { ...ENV, ...env });
    return { ...result, stderr: warnings + result.stderr };
  } finally {
    spy.mockRestore();
  }
}

const STACK_FRAME = /^\s+at .+(\(.+:\d+:\d+\)|:\d+:\d+)$/m;

function expectRefused(result: CliResult, names: string, expected: RegExp): void {
  const said = result.stderr;
  expect({ code: result.code, said }).toEqual({ code: 1, said: expect.stringContaining(names) });
  expect(said).toMatch(expected);
  expect(said).not.toMatch(STACK_FRAME);
  expect(said).not.toContain("internal error");
}

function samples(into: string): void {
  fs.mkdirSync(path.join(into, "folder"));
  fs.mkdirSync(path.join(into, "conf"));
  fs.writeFileSync(path.join(into, "empty.txt"), "");
  fs.writeFileSync(path.join(into, "text.txt"), "just some words\n");
  fs.writeFileSync(path.join(into, "neo4j.conf"), "server.default_listen_address=0.0.0.0\n");
  fs.writeFileSync(path.join(into, "conf/neo4j.conf"), "server.default_listen_address=0.0.0.0\n", { mode: 0o600 });
  fs.writeFileSync(path.join(into, "fragment.conf"), "server.bolt.tls_level=REQUIRED\n");
  fs.writeFileSync(path.join(into, "outputs.json"), JSON.stringify(gcpOutputs({ orch: "0000", privateIp: "10.0.0.5" })));
  fs.copyFileSync(path.join(__dirname, "../runtime/review/fixtures/aura-azure-eastus.json"), path.join(into, "plan.json"));
  fs.copyFileSync(path.join(dir, "real.p12"), path.join(into, "real.p12"));
  fs.cpSync(path.join(dir, "cdktf.out"), path.join(into, "cdktf.out"), { recursive: true });
  const live = path.join(into, "letsencrypt/live/neo4j.example.com");
  fs.mkdirSync(live, { recursive: true });
  for (const f of ["privkey.pem", "fullchain.pem", "chain.pem"]) fs.writeFileSync(path.join(live, f), "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "aura-cli-args-"));
  caseDir = dir;
  const made = await runAuraSecure(["keystore", "create", "--out", path.join(dir, "real.p12"), "--alias", "aliaskey"], ENV);
  expect(made.code).toBe(0);
  const app = new App({ outdir: path.join(dir, "cdktf.out"), stackTraces: false });
  composeApp(app, parseConfig(exampleConfig, "example"));
  app.synth();
});

beforeEach(() => {
  caseDir = fs.mkdtempSync(path.join(dir, "case-"));
  samples(caseDir);
});

test("every command has a base invocation, and every argument a kind", () => {
  const unknown: string[] = [];
  for (const { name, command } of commands) {
    if (!(name in BASE)) unknown.push(`BASE["${name}"]`);
    for (const o of command.options) if ((o.required || o.optional) && !(optionKey(name, o) in CASES)) unknown.push(`CASES["${optionKey(name, o)}"]`);
    for (const a of command.registeredArguments) if (!(`${name} ${a.name()}` in CASES)) unknown.push(`CASES["${name} ${a.name()}"]`);
  }
  expect(unknown).toEqual([]);
});

const optionCases = commands.flatMap(({ name, command }) =>
  command.options
    .filter((o) => (o.required || o.optional) && optionKey(name, o) in CASES)
    .flatMap((o) => CASES[optionKey(name, o)]!.map((c) => [name, o.long!, c.label, c] as const)),
);
const argumentCases = commands.flatMap(({ name, command }) =>
  command.registeredArguments.flatMap((a, index) => (CASES[`${name} ${a.name()}`] ?? []).map((c) => [name, a.name(), c.label, index, c] as const)),
);

describe.each(commands.map((c) => [c.name, c.command] as const))("aura-secure %s", (name, command) => {
  // (jest refuses an empty table: each block runs only when the command has such arguments)
  const required = command.options.filter((o) => o.mandatory);
  if (required.length) test.each(required.map((o) => [o.long!]))("without %s: commander names the missing option", async (flag) => {
    const base = BASE[name]!;
    const at = base.indexOf(flag);
    expect({ flag, inBase: at >= 0 }).toEqual({ flag, inBase: true }); // else nothing would be left out
    expectRefused(await run(name, [...base.slice(0, at), ...base.slice(at + 2)]), flag, /not specified/);
  });
  const valued = command.options.filter((o) => o.required);
  if (valued.length) test.each(valued.map((o) => [o.long!]))("%s with no value: commander names the option", async (flag) => {
    const base = BASE[name]!;
    const at = base.indexOf(flag);
    expectRefused(await run(name, [...(at >= 0 ? [...base.slice(0, at), ...base.slice(at + 2)] : base), flag]), flag, /argument missing/);
  });
  const requiredArgs = command.registeredArguments.map((a, i) => [a, i] as const).filter(([a]) => a.required);
  if (requiredArgs.length) test.each(requiredArgs.map(([a, i]) => [a.name(), i]))("without the <%s> argument: commander names it", async (arg, index) => {
    expectRefused(await run(name, withArgument(BASE[name]!, command, index, undefined)), `'${arg}'`, /missing required argument/);
  });
});

test.each(optionCases)("aura-secure %s %s: %s", async (name, flag, _label, c) => {
  expectRefused(await run(name, withOption(name, flag, c.value), c.env), flag, c.expect);
});

test.each(argumentCases)("aura-secure %s <%s>: %s", async (name, _arg, _label, index, c) => {
  const result = await run(name, withArgument(BASE[name]!, commands.find((l) => l.name === name)!.command, index, c.value));
  expectRefused(result, expand([c.value])[0]!, c.expect);
});

test.each(Object.entries(COMMAND_HINTS))("aura-secure %s says the command is aura-secure %s", async (wrong, right) => {
  expectRefused(await run(wrong, ["create"]), `aura-secure ${right}`, new RegExp(`unknown command '${wrong}'`));
});

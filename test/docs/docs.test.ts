import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App } from "cdktf";
import { Construct } from "constructs";
import * as ts from "typescript";
import { parse as parseYaml, parseAllDocuments } from "yaml";
import { exampleConfig } from "../../config/example";
import { parseConfig } from "../../config/load";
import { configSchema } from "../../config/schema";
import { parseNeo4jAccess } from "../../domain/neo4j/access-model";
import { parseAcknowledgements } from "../../runtime/review/acknowledgements";
import { RULE_IDS } from "../../runtime/review/rules";
import { composeApp } from "../../stacks/compose";
import { ensureBuilt, npmEnv } from "../package/pack";
import { describeWithTerraform, offlineEnv } from "../support/terraform";
import { allBlocks, REPO, where, type Block } from "./markdown-blocks";

/**
 * The README and docs/ as a newcomer follows them: every YAML config is valid for the schema, every
 * TypeScript snippet compiles against the built package and synthesizes, every exported construct has an
 * example, every Terraform address named exists in what the example (or a snippet) synthesizes, every
 * console transcript prints what the command prints (warnings included), and the offline plan preview
 * recipe runs as written. Blocks are found by their content and the markers above them (markdown-blocks.ts).
 */

const blocks = allBlocks();
let work: string;

/** The docs' working folder: the `<!-- file: ... -->` blocks, and an app folder like a clone (npm run synth, npx aura-secure). */
function prepareWorkFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aura-docs-"));
  for (const b of blocks.filter((x) => x.markers.file)) {
    const target = path.join(dir, b.markers.file!);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, b.text);
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { name: string; version: string; scripts: Record<string, string> };
  // The same name, version and synth script as the repository, so npm prints the same banner.
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: pkg.name, version: pkg.version, private: true, scripts: { synth: pkg.scripts.synth } }));
  fs.symlinkSync(path.join(REPO, "dist"), path.join(dir, "dist"));
  fs.mkdirSync(path.join(dir, "node_modules/.bin"), { recursive: true });
  fs.symlinkSync(path.join(REPO, "bin/aura-secure.js"), path.join(dir, "node_modules/.bin/aura-secure"));
  return dir;
}

beforeAll(() => {
  ensureBuilt();
  work = prepareWorkFolder();
});

describe("markers", () => {
  test("every docs marker is one the tests know, and a skip says why", () => {
    const bad = blocks.flatMap((b) =>
      Object.entries(b.markers)
        .filter(([k, v]) => k !== "file" && !(k === "invalid" || (k === "recipe" && v) || (k === "skip" && v.length > 3)))
        .map(([k, v]) => `${where(b)}: <!-- docs: ${k} ${v} -->`),
    );
    expect(bad).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------
// YAML

type YamlKind = "config" | "config-part" | "neo4jAccess" | "neo4jAccess-part" | "region" | "customerManagedKey" | "acknowledgements" | "ci" | "other-file";

/** Top-level keys of a config: a block of some of them (`backend:`, `tags:`) is checked inside the example. */
const CONFIG_KEYS = Object.keys(configSchema.shape);

/** Keys of a neo4jAccess section: a block of only these is a part of one (roles, runner, ...). */
const ACCESS_KEYS = ["id", "connection", "roles", "users", "localAliases", "remoteAliases", "runner", "dropUnknownPrivileges"];
/** The section a part is checked in: the Lambda runner needs Secrets Manager references, so the base uses one. */
const ACCESS_BASE = {
  id: "docs",
  connection: { uri: "neo4j+s://dbms.example.com:7687", user: "admin", password: { secretsManagerArn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:neo4j-admin-AbCdEf" } },
};

/** What a YAML block is, from its top-level keys. */
function yamlKind(b: Block, value: unknown): YamlKind | null {
  if (Array.isArray(value) && value.length && typeof value[0] === "object" && value[0] !== null && "cloud" in value[0]) return "region";
  if (typeof value !== "object" || value === null) return null;
  const keys = Object.keys(value);
  if (keys.includes("jobs") || keys.includes("stages") || keys.some((k) => /^[\w-]+$/.test(k) && typeof (value as Record<string, unknown>)[k] === "object" && "script" in ((value as Record<string, object>)[k] ?? {}))) return "ci";
  if (keys.includes("regions") || keys.includes("project")) return "config";
  if (keys.length === 1 && keys[0] === "neo4jAccess") return "neo4jAccess";
  if (keys.length > 0 && keys.every((k) => CONFIG_KEYS.includes(k))) return "config-part";
  if (keys.length > 0 && keys.every((k) => ACCESS_KEYS.includes(k))) return "neo4jAccess-part";
  if (keys.length === 1 && keys[0] === "customerManagedKey") return "customerManagedKey";
  if (keys.length === 1 && keys[0] === "acknowledgements") return "acknowledgements";
  if (b.markers.file) return "other-file";
  return null;
}

const base = () => JSON.parse(JSON.stringify(exampleConfig)) as { project: string; regions: Array<Record<string, unknown> & { cloud: string }>; [k: string]: unknown };

/** The cloud a customerManagedKey fragment is for, from the fields only that cloud has. */
function keyCloud(key: Record<string, unknown>): "aws" | "gcp" | "azure" {
  if ("auraServiceAccounts" in key) return "gcp";
  if ("vaultName" in key) return "azure";
  return "aws";
}

/** A config holding the fragment, in a region of the example for its cloud: the schema sees it in place. */
function configAround(kind: YamlKind, value: unknown): unknown {
  const config = base();
  if (kind === "config") return value;
  if (kind === "region") return { project: "docs-example", regions: value };
  if (kind === "config-part") return { ...config, ...(value as object) };
  if (kind === "neo4jAccess") return { ...config, neo4jAccess: (value as { neo4jAccess: unknown }).neo4jAccess };
  const key = (value as { customerManagedKey: Record<string, unknown> }).customerManagedKey;
  const region = config.regions.find((r) => r.cloud === keyCloud(key))!;
  region.customerManagedKey = key;
  return { ...config, regions: [region] };
}

const yamlBlocks = blocks.filter((b) => b.lang === "yaml" && !b.markers.skip);

test("the docs show YAML", () => expect(yamlBlocks.length).toBeGreaterThan(5));

// A block of several YAML documents (`---` between them) shows alternatives: each is checked on its own.
test.each(yamlBlocks.flatMap((b) => parseAllDocuments(b.text, { uniqueKeys: true }).map((doc, i, all) => [`${where(b)}${all.length > 1 ? ` (document ${i + 1})` : ""}`, b, doc] as const)))("YAML at %s is valid", (_at, b, doc) => {
  expect(doc.errors.map((e) => e.message)).toEqual([]);
  const value = doc.toJS() as unknown;
  const kind = yamlKind(b, value);
  if (kind === null) throw new Error(`${where(b)}: not a config, a region, a neo4jAccess or customerManagedKey section, or CI YAML: say what it is with a marker (markdown-blocks.ts)`);
  if (kind === "ci" || kind === "other-file") return;
  const attempt = () =>
    kind === "acknowledgements"
      ? parseAcknowledgements(b.text, where(b), RULE_IDS)
      : kind === "neo4jAccess-part"
      ? parseNeo4jAccess({ ...ACCESS_BASE, ...(value as object) })
      : kind === "neo4jAccess"
        ? parseNeo4jAccess((value as { neo4jAccess: unknown }).neo4jAccess)
        : // The checks across regions run when the stacks are composed: a config is valid when that passes too.
          composeApp(new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "aura-docs-app-")) }), parseConfig(configAround(kind, value), where(b), work));
  if (b.markers.invalid !== undefined) expect(attempt).toThrow();
  else attempt();
});

// ---------------------------------------------------------------------------------------------------
// TypeScript: compiled against the built package as an app has it, then run

const tsBlocks = blocks.filter((b) => (b.lang === "ts" || b.lang === "typescript") && !b.markers.skip);
const snippetAddresses = new Set<string>();

/** Addresses of every resource in a synth output folder, for_each keys included. */
function addressesIn(outdir: string, into: Set<string>): void {
  const stacks = path.join(outdir, "stacks");
  if (!fs.existsSync(stacks)) return;
  for (const stack of fs.readdirSync(stacks)) {
    const file = path.join(stacks, stack, "cdk.tf.json");
    if (!fs.existsSync(file)) continue;
    const json = JSON.parse(fs.readFileSync(file, "utf8")) as { resource?: Record<string, Record<string, { for_each?: unknown }>> };
    const resources = json.resource ?? {};
    const keysOf = (forEach: unknown, depth = 0): string[] => {
      if (forEach && typeof forEach === "object" && !Array.isArray(forEach)) return Object.keys(forEach);
      const ref = typeof forEach === "string" ? /^\$\{(\w+)\.([\w-]+)\}$/.exec(forEach) : null;
      return ref && depth < 3 ? keysOf(resources[ref[1]!]?.[ref[2]!]?.for_each, depth + 1) : [];
    };
    for (const [type, byName] of Object.entries(resources)) {
      for (const [name, body] of Object.entries(byName)) {
        into.add(`${type}.${name}`);
        for (const key of keysOf(body.for_each)) into.add(`${type}.${name}["${key}"]`);
      }
    }
  }
}

describe("TypeScript snippets", () => {
  let app: string;
  let compiled: Map<Block, string>;

  beforeAll(() => {
    app = fs.mkdtempSync(path.join(os.tmpdir(), "aura-docs-ts-"));
    const nm = path.join(app, "node_modules");
    fs.mkdirSync(path.join(nm, "@types"), { recursive: true });
    fs.mkdirSync(path.join(nm, "@cdktf"), { recursive: true });
    // As an app installs them: the package itself (its dist/ and .d.ts files), cdktf, constructs, the bindings.
    fs.symlinkSync(REPO, path.join(nm, "cdktf-aura-secure"));
    for (const dep of ["cdktf", "constructs", "@types/node", "@cdktf/provider-aws", "@cdktf/provider-google", "@cdktf/provider-azurerm"]) {
      fs.symlinkSync(path.join(REPO, "node_modules", dep), path.join(nm, dep));
    }
    compiled = new Map();
    tsBlocks.forEach((b, i) => {
      const file = path.join(app, `snippet-${i}.ts`);
      fs.writeFileSync(file, `// ${where(b)}\n${b.text}`);
      compiled.set(b, file);
    });
    const program = ts.createProgram([...compiled.values()], {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      strict: true,
      skipLibCheck: true,
      types: ["node"],
      outDir: app,
      rootDir: app,
    });
    const emitted = program.emit();
    const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics].map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
      if (!d.file) return text;
      const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
      const header = d.file.text.split("\n")[0]!.replace(/^\/\/ /, "");
      return `${header} (snippet line ${line}): ${text}`;
    });
    if (diagnostics.length) throw new Error(`the docs' TypeScript does not compile:\n${diagnostics.join("\n")}`);
  });

  test.each(tsBlocks.map((b) => [where(b), b] as const))("the snippet at %s compiles and synthesizes", (_at, b) => {
    const js = compiled.get(b)!.replace(/\.ts$/, ".js");
    const outdir = fs.mkdtempSync(path.join(app, "out-"));
    const r = spawnSync(process.execPath, [js], { cwd: app, encoding: "utf8", env: { ...process.env, CDKTF_OUTDIR: outdir } });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
    expect(r.stderr).not.toMatch(/^\s+at /m);
    addressesIn(outdir, snippetAddresses);
  });

  test("every construct the package exports has an example", () => {
    const entries = ["dist/index.js", "dist/aws.js", "dist/gcp.js", "dist/azure.js"].map((e) => require(path.join(REPO, e)) as Record<string, unknown>);
    const constructs = [...new Set(entries.flatMap((m) => Object.entries(m).filter(([, v]) => typeof v === "function" && (v as { prototype: unknown }).prototype instanceof Construct).map(([k]) => k)))].sort();
    expect(constructs.length).toBeGreaterThan(15);
    const code = tsBlocks.map((b) => b.text).join("\n");
    const missing = constructs.filter((name) => !new RegExp(`\\bnew ${name}\\(|\\bextends ${name}\\b`).test(code));
    expect(missing).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------
// Terraform addresses

describe("Terraform addresses", () => {
  // An address may end in a glob `*` (acknowledgements): it must then match an address of the example.
  const ADDRESS = /\b(?:aws|google|azurerm|terraform)_[a-z0-9_]+\.[a-z0-9_-]+(?:\["[^"\]]+"\]|\*)?/g;
  const exampleAddresses = new Set<string>();

  beforeAll(() => {
    // Into a folder of its own: the transcripts' synth output must not see these stacks.
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "aura-docs-example-"));
    const r = spawnSync(process.execPath, [path.join(REPO, "dist/main.js"), "--quiet"], { cwd: work, encoding: "utf8", env: { ...process.env, CDKTF_OUTDIR: outdir } });
    expect(r.status).toBe(0);
    addressesIn(outdir, exampleAddresses);
  });

  test("every address the docs name is in the synthesized example or in what a snippet synthesizes", () => {
    // vendor-facts.md names provider arguments (`google_compute_forwarding_rule.no_automate_dns_zone`), not addresses.
    const files = ["README.md", ...fs.readdirSync(path.join(REPO, "docs")).filter((f) => f.endsWith(".md") && f !== "vendor-facts.md").map((f) => `docs/${f}`)];
    const named = files.flatMap((file) =>
      [...fs.readFileSync(path.join(REPO, file), "utf8").matchAll(ADDRESS)].map((m) => ({ file, address: m[0] })),
    );
    expect(named.length).toBeGreaterThan(2);
    // Attribute references (aws_vpc_endpoint.x.dns_entry) name their resource first; a resource type alone is not an address.
    const known = (address: string) =>
      address.endsWith("*") ? [...exampleAddresses, ...snippetAddresses].some((a) => a.startsWith(address.slice(0, -1))) : exampleAddresses.has(address) || snippetAddresses.has(address);
    const unknown = named.filter(({ address }) => !known(address));
    expect(unknown).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------
// Console transcripts: `$ command` lines, then exactly what it prints (stdout and stderr, in order)

const transcripts = blocks.filter((b) => b.lang === "console" && !b.markers.skip);

/** `npm run synth ...` and `npx aura-secure ...` run as a user runs them, in the docs' working folder. */
const ALLOWED = /^(npm run synth|npx aura-secure)\b/;

function runTranscript(b: Block): { expected: string; actual: string } {
  const lines = b.text.replace(/\n$/, "").split("\n");
  let expected = "";
  let actual = "";
  for (let i = 0; i < lines.length; i++) {
    const command = /^\$ (.*)$/.exec(lines[i]!)?.[1];
    if (command === undefined) throw new Error(`${where(b)}: a transcript starts with "$ <command>"`);
    if (!ALLOWED.test(command)) throw new Error(`${where(b)}: ${command}: transcripts run npm run synth or npx aura-secure only`);
    const output: string[] = [];
    while (i + 1 < lines.length && !lines[i + 1]!.startsWith("$ ")) output.push(lines[++i]!);
    expected += `$ ${command}\n${output.join("\n")}\n`;
    const r = spawnSync("bash", ["-c", `${command} 2>&1`], { cwd: work, encoding: "utf8", env: npmEnv({ PATH: `${path.join(work, "node_modules/.bin")}:${process.env.PATH}`, AURA_CONFIG: "" }) });
    actual += `$ ${command}\n${r.stdout.replace(/\n$/, "")}\n`;
  }
  return { expected, actual };
}

test("the docs have transcripts", () => expect(transcripts.length).toBeGreaterThan(0));

test.each(transcripts.map((b) => [where(b), b] as const))("the transcript at %s prints what the command prints", (_at, b) => {
  const { expected, actual } = runTranscript(b);
  expect(actual).toBe(expected);
});

// ---------------------------------------------------------------------------------------------------
// Recipes run verbatim

const recipe = blocks.find((b) => b.markers.recipe === "offline-preview");

describeWithTerraform("the offline plan preview recipe", () => {
  test("is in the README", () => expect(recipe).toBeDefined());

  test("runs as written, with the config's default settings, no cloud credentials and no state backend", () => {
    const config = parseYaml(fs.readFileSync(path.join(work, "aura.yaml"), "utf8")) as { regions: Array<{ cloud: string; dns?: { checkVpcDnsSettings?: boolean } }>; backend?: { type: string } };
    // The documented config keeps the VPC DNS check on (its default) and a remote backend: the recipe must cope.
    expect([...new Set(config.regions.filter((r) => r.cloud === "aws").map((r) => r.dns?.checkVpcDnsSettings !== false))]).toEqual([true]);
    expect(config.backend?.type).not.toBe("local");
    const env = Object.fromEntries(Object.entries(offlineEnv(work)).filter(([k]) => !k.startsWith("AWS_")));
    const r = spawnSync("bash", ["-euo", "pipefail", "-c", recipe!.text], {
      cwd: work,
      encoding: "utf8",
      env: npmEnv({ ...(env as Record<string, string>), AWS_EC2_METADATA_DISABLED: "true", PATH: `${path.join(work, "node_modules/.bin")}:${process.env.PATH}` }),
      timeout: 300_000,
    });
    expect({ status: r.status, output: r.status === 0 ? "" : `${r.stdout}\n${r.stderr}` }).toEqual({ status: 0, output: "" });
    const stackDir = path.join(work, "cdktf.preview/stacks/aura-aws-us-east-1");
    const plan = JSON.parse(fs.readFileSync(path.join(stackDir, "plan.json"), "utf8")) as { resource_changes: Array<{ address: string; change: { actions: string[] } }> };
    expect(plan.resource_changes.map((c) => c.address)).toEqual(expect.arrayContaining(["aws_vpc_endpoint.privatelink_endpoint"]));
    expect([...new Set(plan.resource_changes.map((c) => c.change.actions.join()))]).toEqual(["create"]);
  });
});

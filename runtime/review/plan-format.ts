/**
 * Reading `terraform show -json <planfile>` output. The format is documented by HashiCorp ("JSON Output
 * Format", see docs/vendor-facts.md, section Plan review): `format_version` "1.x" (a new major version is not
 * backward compatible and must be rejected; unknown properties must be ignored), `resource_changes[]` with
 * `change.actions`, `change.before/after`, `change.after_unknown`, `change.replace_paths`, `change.importing`,
 * `action_reason`, `previous_address` and `deposed` (an object left by a failed create_before_destroy: its
 * delete is a change of its own), `resource_drift[]` (changes made outside Terraform, same shape), and
 * `configuration` (the provisioners that run on create, which no other part of the plan shows).
 * zod checks only the fields the reviewer reads and lets every other property through.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { UserError } from "../cli/errors";
import { byText } from "./values";

const changeSchema = z.looseObject({
  actions: z.array(z.string()).min(1),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  after_unknown: z.unknown().optional(),
  replace_paths: z.array(z.array(z.union([z.string(), z.number()]))).optional(),
  importing: z.looseObject({ id: z.string().optional() }).nullable().optional(),
});

const resourceChangeSchema = z.looseObject({
  address: z.string(),
  mode: z.string().optional(),
  type: z.string(),
  name: z.string(),
  index: z.union([z.string(), z.number()]).optional(),
  deposed: z.string().optional(),
  action_reason: z.string().optional(),
  previous_address: z.string().optional(),
  change: changeSchema,
});

const planSchema = z.looseObject({
  format_version: z.string(),
  terraform_version: z.string().optional(),
  resource_changes: z.array(resourceChangeSchema).optional(),
  resource_drift: z.array(resourceChangeSchema).optional(),
  configuration: z.unknown().optional(),
});

export type ResourceChangeJson = z.infer<typeof resourceChangeSchema>;

/** What a change does, folded from `change.actions` as the format documents them. */
export type ChangeKind = "create" | "update" | "replace" | "delete" | "no-op" | "read" | "forget";

/** A local-exec (or other) provisioner of a resource, from the plan's configuration: it runs on create. */
export interface Provisioner {
  type: string;
  /** `when = destroy` provisioners run when the resource is destroyed (or replaced). */
  when?: string;
  /** The command as configured, when it is a constant; undefined when it is an expression. */
  command?: string;
  /** Set when the command is an expression the plan shows only as references. */
  commandReferences?: string[];
  interpreter?: unknown;
}

export interface ResourceChange {
  /** The stack (plan) this change belongs to. */
  stack: string;
  address: string;
  type: string;
  name: string;
  index?: string | number;
  kind: ChangeKind;
  actions: string[];
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** Paths (dotted) of `after` values only known after apply. */
  afterUnknown: unknown;
  replacePaths: (string | number)[][];
  actionReason?: string;
  /** Set for the delete of a deposed object (left by a failed create_before_destroy): its key. */
  deposed?: string;
  /** The import id when this change also imports the object into Terraform. */
  importing?: { id?: string };
  /** The address before a `moved` block. */
  previousAddress?: string;
  /** Replaced with the old object forgotten instead of destroyed (actions with "forget" and "create"). */
  forgetsOld?: boolean;
  /** The actions list is none the format documents: shown, and reported as not understood. */
  unknownActions?: boolean;
  /** Provisioners of the resource's configuration (run on create, and `when = destroy` ones on destroy). */
  provisioners?: Provisioner[];
  /** The module-local configuration address (`terraform_data.x`, no index) for configuration look-ups. */
  configAddress?: string;
  /**
   * What each top-level argument refers to, from the plan's configuration (`expressions.<arg>.references`):
   * how a value known only after apply is tied to the resource it comes from.
   */
  references?: Record<string, string[]>;
}

export interface StackPlan {
  stack: string;
  file: string;
  terraformVersion?: string;
  changes: ResourceChange[];
  /** Changes made outside Terraform since the last run (`resource_drift`), per resource. */
  drift: ResourceChange[];
}

/** Folds the actions list: ["delete","create"] and ["create","delete"] are both a replacement. */
export function changeKind(actions: readonly string[]): ChangeKind {
  const key = actions.join(",");
  switch (key) {
    case "create":
    case "update":
    case "delete":
    case "read":
    case "forget":
    case "no-op":
      return key;
    case "delete,create":
    case "create,delete":
    case "forget,create":
    case "create,forget":
      return "replace";
    default:
      // A future action list: treat as an update so it is shown, never silently dropped.
      return "update";
  }
}

const KNOWN_ACTIONS = new Set(["create", "update", "delete", "read", "forget", "no-op", "delete,create", "create,delete", "forget,create", "create,forget"]);

const asRecord = (v: unknown): Record<string, unknown> | null => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

/** Parses one plan's JSON text; `source` names the file in messages. */
export function parsePlanJson(text: string, source: string, stack: string): StackPlan {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${source}: not JSON (${(e as Error).message}); give the output of \`terraform show -json <planfile>\``);
  }
  const obj = asRecord(json);
  if (!obj || typeof obj.format_version !== "string") {
    throw new UserError(`${source}: not a Terraform plan in JSON (no format_version); give the output of \`terraform show -json <planfile>\`, not cdk.tf.json or a state file`);
  }
  const major = obj.format_version.split(".")[0];
  if (major !== "1") {
    throw new UserError(`${source}: format_version ${JSON.stringify(obj.format_version)} is not supported; this reviewer reads format 1.x (terraform 1.x \`show -json\`)`);
  }
  if (!("resource_changes" in obj) && !("planned_values" in obj) && "values" in obj) {
    throw new UserError(`${source}: this is \`terraform show -json\` of a state, not of a plan; run \`terraform plan -out=plan.bin\` and \`terraform show -json plan.bin\``);
  }
  const parsed = planSchema.safeParse(obj);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(`${source}: ${issue.path.map(String).join(".") || "(root)"}: ${issue.message}; expected the documented plan format (resource_changes[].change.actions)`);
  }
  const provisioners = provisionersByAddress(parsed.data.configuration);
  const references = referencesByAddress(parsed.data.configuration);
  const toChange = (c: ResourceChangeJson): ResourceChange => {
    const configAddress = configAddressOf(c.address);
    const prov = provisioners.get(configAddress);
    const refs = references.get(configAddress);
    return {
      stack,
      address: c.address,
      type: c.type,
      name: c.name,
      ...(c.index !== undefined ? { index: c.index } : {}),
      kind: changeKind(c.change.actions),
      actions: c.change.actions,
      before: asRecord(c.change.before),
      after: asRecord(c.change.after),
      afterUnknown: c.change.after_unknown ?? {},
      replacePaths: c.change.replace_paths ?? [],
      ...(c.action_reason ? { actionReason: c.action_reason } : {}),
      ...(c.deposed !== undefined ? { deposed: c.deposed } : {}),
      ...(c.change.importing ? { importing: { ...(c.change.importing.id !== undefined ? { id: c.change.importing.id } : {}) } } : {}),
      ...(c.previous_address && c.previous_address !== c.address ? { previousAddress: c.previous_address } : {}),
      ...(c.change.actions.includes("forget") && c.change.actions.includes("create") ? { forgetsOld: true } : {}),
      ...(!KNOWN_ACTIONS.has(c.change.actions.join(",")) ? { unknownActions: true } : {}),
      ...(prov ? { provisioners: prov } : {}),
      ...(refs ? { references: refs } : {}),
      configAddress,
    };
  };
  const managed = (c: ResourceChangeJson) => (c.mode ?? "managed") === "managed";
  const changes = (parsed.data.resource_changes ?? []).filter(managed).map(toChange);
  const drift = (parsed.data.resource_drift ?? []).filter(managed).map(toChange);
  return { stack, file: source, ...(parsed.data.terraform_version ? { terraformVersion: parsed.data.terraform_version } : {}), changes, drift };
}

/** `module.a["x"].aws_x.y["k"]` -> `module.a.aws_x.y`: the configuration address of an instance. */
export function configAddressOf(address: string): string {
  return address.replace(/\[(?:"(?:[^"\\]|\\.)*"|\d+)\]/g, "");
}

/** Resources of `configuration.root_module` and its `module_calls`, with their address prefixed `module.<name>.`. */
function configurationResources(configuration: unknown): Array<{ address: string; resource: Record<string, unknown> }> {
  const out: Array<{ address: string; resource: Record<string, unknown> }> = [];
  const walk = (module: Record<string, unknown> | null, prefix: string) => {
    if (!module) return;
    for (const r of Array.isArray(module.resources) ? module.resources : []) {
      const res = asRecord(r);
      if (res && typeof res.address === "string") out.push({ address: `${prefix}${res.address}`, resource: res });
    }
    const calls = asRecord(module.module_calls) ?? {};
    for (const [name, call] of Object.entries(calls)) walk(asRecord(asRecord(call)?.module), `${prefix}module.${name}.`);
  };
  walk(asRecord(asRecord(configuration)?.root_module), "");
  return out;
}

/** The references of each resource's top-level arguments, per configuration address. */
export function referencesByAddress(configuration: unknown): Map<string, Record<string, string[]>> {
  const out = new Map<string, Record<string, string[]>>();
  for (const { address, resource } of configurationResources(configuration)) {
    const refs: Record<string, string[]> = {};
    for (const [arg, expr] of Object.entries(asRecord(resource.expressions) ?? {})) {
      const list = asRecord(expr)?.references;
      if (Array.isArray(list) && list.length) refs[arg] = list.map(String);
    }
    if (Object.keys(refs).length) out.set(address, refs);
  }
  return out;
}

/**
 * Provisioners per configuration address, from `configuration.root_module` and its `module_calls` (nested
 * modules are prefixed `module.<name>.`). Commands are constant values or expressions (shown by references).
 */
export function provisionersByAddress(configuration: unknown): Map<string, Provisioner[]> {
  const out = new Map<string, Provisioner[]>();
  for (const { address, resource: res } of configurationResources(configuration)) {
    if (!Array.isArray(res.provisioners)) continue;
    const list = res.provisioners.flatMap((p): Provisioner[] => {
      const pr = asRecord(p);
      if (!pr || typeof pr.type !== "string") return [];
      const ex = asRecord(pr.expressions) ?? {};
      const command = asRecord(ex.command);
      const when = typeof pr.when === "string" ? pr.when : undefined;
      return [
        {
          type: pr.type,
          ...(when ? { when } : {}),
          ...(typeof command?.constant_value === "string" ? { command: command.constant_value } : {}),
          ...(command && typeof command.constant_value !== "string" ? { commandReferences: Array.isArray(command.references) ? command.references.map(String) : [] } : {}),
          ...(ex.interpreter !== undefined ? { interpreter: asRecord(ex.interpreter)?.constant_value ?? ex.interpreter } : {}),
        },
      ];
    });
    out.set(address, list);
  }
  return out;
}

/**
 * The stack a plan file belongs to: `cdktf.out/stacks/<stack>/plan.json` -> <stack>; `<stack>.json` or
 * `<stack>.plan.json` -> <stack>.
 */
export function stackNameOf(file: string): string {
  const base = path.basename(file).replace(/\.json$/i, "").replace(/\.plan$/i, "");
  if (/^(plan|tfplan)$/i.test(base)) return path.basename(path.dirname(path.resolve(file)));
  return base;
}

/**
 * Expands the arguments into plan files: a file is taken as is; a folder gives its `*.json` files and each
 * subfolder's `plan.json` (so `cdktf.out/stacks` works after `terraform show -json plan.bin > plan.json`).
 */
export function planFiles(inputs: readonly string[]): string[] {
  const files: string[] = [];
  for (const input of inputs) {
    if (!fs.existsSync(input)) throw new UserError(`plan ${JSON.stringify(input)}: no such file or folder`);
    if (!fs.statSync(input).isDirectory()) {
      files.push(input);
      continue;
    }
    const found: string[] = [];
    for (const e of fs.readdirSync(input, { withFileTypes: true })) {
      if (e.isFile() && e.name.endsWith(".json")) found.push(path.join(input, e.name));
      if (e.isDirectory() && fs.existsSync(path.join(input, e.name, "plan.json"))) found.push(path.join(input, e.name, "plan.json"));
    }
    if (!found.length) throw new UserError(`plan folder ${JSON.stringify(input)} holds no *.json file and no <stack>/plan.json; write each plan with \`terraform show -json plan.bin > plan.json\``);
    files.push(...found.sort());
  }
  return files;
}

/** Reads every plan; two plans for one stack are an error (the counts would double). */
export function loadPlans(inputs: readonly string[]): StackPlan[] {
  const plans = planFiles(inputs).map((file) => parsePlanJson(fs.readFileSync(file, "utf8"), file, stackNameOf(file)));
  const seen = new Map<string, string>();
  for (const p of plans) {
    const other = seen.get(p.stack);
    if (other) throw new UserError(`plans ${other} and ${p.file} are both for stack ${p.stack}; give one plan per stack`);
    seen.set(p.stack, p.file);
  }
  return plans.sort((a, b) => byText(a.stack, b.stack));
}

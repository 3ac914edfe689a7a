/**
 * Reading `terraform show -json <planfile>` output. The format is documented by HashiCorp ("JSON Output
 * Format", see docs/vendor-facts.md, section Plan review): `format_version` "1.x" (a new major version is not
 * backward compatible and must be rejected; unknown properties must be ignored), `resource_changes[]` with
 * `change.actions`, `change.before/after`, `change.after_unknown`, `change.replace_paths` and `action_reason`.
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
});

const resourceChangeSchema = z.looseObject({
  address: z.string(),
  mode: z.string().optional(),
  type: z.string(),
  name: z.string(),
  index: z.union([z.string(), z.number()]).optional(),
  deposed: z.string().optional(),
  action_reason: z.string().optional(),
  change: changeSchema,
});

const planSchema = z.looseObject({
  format_version: z.string(),
  terraform_version: z.string().optional(),
  resource_changes: z.array(resourceChangeSchema).optional(),
});

export type ResourceChangeJson = z.infer<typeof resourceChangeSchema>;

/** What a change does, folded from `change.actions` as the format documents them. */
export type ChangeKind = "create" | "update" | "replace" | "delete" | "no-op" | "read" | "forget";

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
}

export interface StackPlan {
  stack: string;
  file: string;
  terraformVersion?: string;
  changes: ResourceChange[];
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
      return "replace";
    default:
      // A future action list: treat as an update so it is shown, never silently dropped.
      return "update";
  }
}

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
  const changes = (parsed.data.resource_changes ?? [])
    .filter((c) => (c.mode ?? "managed") === "managed" && c.deposed === undefined)
    .map(
      (c): ResourceChange => ({
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
      }),
    );
  return { stack, file: source, ...(parsed.data.terraform_version ? { terraformVersion: parsed.data.terraform_version } : {}), changes };
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

/**
 * Acknowledgements: findings a team has accepted, the way checkov and tfsec let one (`aura-review.yaml`, or
 * `--acknowledgements <file>`). Each entry names a rule, an address (glob), optionally a stack (glob), a reason
 * and an expiry date. A matched finding is shown with its reason and does not gate; after the expiry date it
 * gates again and says so; an entry that matches nothing is reported as stale (the change it was for is gone,
 * or the glob is wrong). The file is validated with zod: every problem names the entry, the value and what is
 * allowed.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { z } from "zod";
import { formatZodIssues, UserError } from "../../domain/errors";
import { readInputText } from "../cli/input-files";
import type { Finding } from "./rule";

/** The file the review reads when it exists in the working folder and --acknowledgements is not given. */
export const DEFAULT_ACKNOWLEDGEMENTS_FILE = "aura-review.yaml";

const RULE_ID = /^AURA-[A-Z]+-\d+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const isDate = (s: string) => {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
};

export function acknowledgementsSchema(knownRules: readonly string[]) {
  const entry = z.strictObject({
    rule: z
      .string({ error: "must be a rule id like AURA-SG-1 (see docs/ci-review.md)" })
      .regex(RULE_ID, { error: "must be a rule id like AURA-SG-1 (see docs/ci-review.md)" })
      .refine((r) => knownRules.includes(r), { error: `is not a rule of this review; known rules: ${knownRules.join(", ")}` }),
    address: z.string({ error: 'must be a resource address, * and ? allowed, like aws_vpc_security_group_ingress_rule.privatelink_ingress_*' }).min(1, { error: "must not be empty" }),
    stack: z.string({ error: "must be a stack name, * and ? allowed, like aura-aws-us-east-1" }).min(1, { error: "must not be empty" }).optional(),
    reason: z.string({ error: "is required: say why the finding is accepted (who decided, which ticket)" }).trim().min(3, { error: "is required: say why the finding is accepted (who decided, which ticket)" }),
    expires: z
      .union([z.string(), z.date()], { error: "is required: a date like 2027-01-31 after which the finding gates again" })
      .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
      .refine(isDate, { error: "must be a date like 2027-01-31 (YYYY-MM-DD)" }),
  });
  return z.strictObject({ acknowledgements: z.array(entry, { error: "must be a list of {rule, address, stack?, reason, expires}" }) });
}

export interface AcknowledgementEntry {
  rule: string;
  address: string;
  stack?: string;
  reason: string;
  expires: string;
}

export interface AcknowledgementFile {
  file: string;
  entries: AcknowledgementEntry[];
}

export interface StaleAcknowledgement {
  entry: string;
  rule: string;
  address: string;
  stack?: string;
  reason: string;
  expires: string;
}

/**
 * `*` any run of characters, `?` one character, everything else literal. Written here because path globs
 * (minimatch, picomatch) give `/` and `[...]` meanings that Terraform addresses (`r["a/b"]`) must not have.
 */
export function addressGlob(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "s");
}

/** Parses and validates the file's text; `file` names it in messages. */
export function parseAcknowledgements(text: string, file: string, knownRules: readonly string[]): AcknowledgementFile {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  const first = doc.errors[0];
  if (first) {
    const where = first.linePos?.[0] ? ` (line ${first.linePos[0].line}, column ${first.linePos[0].col})` : "";
    throw new UserError(`${file}: not valid YAML${where}: ${first.message.split("\n")[0]}`);
  }
  const value = doc.toJS() as unknown;
  if (value === null || value === undefined) return { file, entries: [] };
  const schema = acknowledgementsSchema(knownRules);
  const parsed = schema.safeParse(value, { reportInput: true });
  if (!parsed.success) {
    throw new UserError(`${file} is not a valid acknowledgements file:\n${formatZodIssues(parsed.error.issues, { schema, input: value }).map((l) => `  - ${l}`).join("\n")}`);
  }
  return { file, entries: parsed.data.acknowledgements.map(({ stack, ...e }) => ({ ...e, ...(stack !== undefined ? { stack } : {}) })) };
}

/** Reads `file`, or aura-review.yaml in `cwd` when no file is given and it exists; null when there is none. */
export function loadAcknowledgements(file: string | undefined, cwd: string, knownRules: readonly string[]): AcknowledgementFile | null {
  const chosen = file ?? (fs.existsSync(path.join(cwd, DEFAULT_ACKNOWLEDGEMENTS_FILE)) ? path.join(cwd, DEFAULT_ACKNOWLEDGEMENTS_FILE) : undefined);
  if (!chosen) return null;
  const expected = "a YAML file with acknowledgements: [{rule, address, stack?, reason, expires}]";
  // A file named on the command line must hold entries; an empty aura-review.yaml found by default holds none.
  const text = readInputText(chosen, file !== undefined ? "--acknowledgements" : DEFAULT_ACKNOWLEDGEMENTS_FILE, expected, { allowEmpty: file === undefined });
  if (text.trim() === "") return null;
  try {
    return parseAcknowledgements(text, file ?? DEFAULT_ACKNOWLEDGEMENTS_FILE, knownRules);
  } catch (e) {
    if (e instanceof UserError && file !== undefined) throw new UserError(`--acknowledgements: ${e.message}`);
    throw e;
  }
}

/** The date part of `now` in UTC: an entry expiring on a day is valid through that day. */
const today = (now: Date) => now.toISOString().slice(0, 10);

/** Marks the findings each entry matches (first matching entry wins) and lists the entries that match none. */
export function applyAcknowledgements(findings: readonly Finding[], ack: AcknowledgementFile, now: Date): { findings: Finding[]; stale: StaleAcknowledgement[] } {
  const used = new Set<number>();
  const compiled = ack.entries.map((e) => ({ e, address: addressGlob(e.address), stack: e.stack ? addressGlob(e.stack) : null }));
  const out = findings.map((f) => {
    const i = compiled.findIndex((c) => c.e.rule === f.ruleId && c.address.test(f.address) && (!c.stack || c.stack.test(f.stack)));
    if (i < 0) return f;
    used.add(i);
    const e = compiled[i]!.e;
    return { ...f, acknowledged: { reason: e.reason, expires: e.expires, expired: e.expires < today(now), entry: `${ack.file}: acknowledgements[${i}]` } };
  });
  const stale = compiled
    .map((c, i) => ({ c, i }))
    .filter(({ i }) => !used.has(i))
    .map(({ c, i }) => ({ entry: `${ack.file}: acknowledgements[${i}]`, rule: c.e.rule, address: c.e.address, ...(c.e.stack ? { stack: c.e.stack } : {}), reason: c.e.reason, expires: c.e.expires }));
  return { findings: out, stale };
}

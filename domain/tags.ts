import { templateProblem } from "./terraform-literal";

/**
 * Tag and label rules of each cloud (docs/vendor-facts.md, "Tags and labels"), as pure functions shared
 * by the config schema and the constructs: a bad tag fails at synth, not halfway through an apply.
 */

export const AWS_TAG_LIMITS = { perResource: 50, keyLength: 128, valueLength: 256 } as const;
export const AZURE_TAG_LIMITS = { perResource: 50, nameLength: 512, valueLength: 256 } as const;
export const GCP_LABEL_LIMITS = { perResource: 64, length: 63 } as const;

/** Tags the stacks add to every AWS resource themselves (provider default tags and each resource's Name). */
export const AWS_TAGS_ADDED = ["project", "managed-by", "Name"] as const;
export const AZURE_TAGS_ADDED = ["project", "managed-by"] as const;
export const GCP_LABELS_ADDED = ["project", "managed-by"] as const;

export interface TagProblem {
  /** The tag key at fault, or undefined for a problem of the whole set. */
  key?: string;
  problem: string;
}

const AWS_KEY = /^[\p{L}\p{N} _.:/=+@-]+$/u;

export function awsTagProblems(tags: Readonly<Record<string, string>>): TagProblem[] {
  const out: TagProblem[] = [];
  for (const [key, value] of Object.entries(tags)) {
    if (key.length === 0 || [...key].length > AWS_TAG_LIMITS.keyLength) out.push({ key, problem: `tag keys are 1-${AWS_TAG_LIMITS.keyLength} characters (AWS)` });
    else if (!AWS_KEY.test(key)) out.push({ key, problem: "tag keys are letters, digits, spaces and _ . : / = + - @ (AWS)" });
    if (/^aws:/i.test(key)) out.push({ key, problem: 'tag keys must not start with "aws:": AWS reserves that prefix' });
    if (typeof value !== "string") continue;
    if ([...value].length > AWS_TAG_LIMITS.valueLength) out.push({ key, problem: `tag values are at most ${AWS_TAG_LIMITS.valueLength} characters (AWS); this one has ${[...value].length}` });
    if (/^aws:/i.test(value)) out.push({ key, problem: 'tag values must not start with "aws:": AWS reserves that prefix' });
    const template = templateProblem(value);
    if (template) out.push({ key, problem: template });
  }
  return out;
}

export function azureTagProblems(tags: Readonly<Record<string, string>>): TagProblem[] {
  const out: TagProblem[] = [];
  for (const [key, value] of Object.entries(tags)) {
    if (key.length === 0 || key.length > AZURE_TAG_LIMITS.nameLength) out.push({ key, problem: `tag names are 1-${AZURE_TAG_LIMITS.nameLength} characters (Azure)` });
    if (/[<>%&\\?/]/.test(key)) out.push({ key, problem: "tag names must not contain < > % & \\ ? / (Azure)" });
    if (typeof value !== "string") continue;
    if (value.length > AZURE_TAG_LIMITS.valueLength) out.push({ key, problem: `tag values are at most ${AZURE_TAG_LIMITS.valueLength} characters (Azure); this one has ${value.length}` });
    const template = templateProblem(value);
    if (template) out.push({ key, problem: template });
  }
  return out;
}

const GCP_KEY = /^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u;
const GCP_VALUE = /^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u;

export function gcpLabelProblems(labels: Readonly<Record<string, string>>): TagProblem[] {
  const out: TagProblem[] = [];
  for (const [key, value] of Object.entries(labels)) {
    if (!GCP_KEY.test(key)) out.push({ key, problem: "label keys are 1-63 lowercase letters, digits, _ and -, starting with a lowercase letter (GCP)" });
    if (typeof value === "string" && !GCP_VALUE.test(value)) out.push({ key, problem: "label values are at most 63 lowercase letters, digits, _ and - (GCP)" });
    if (Buffer.byteLength(key) > 128 || (typeof value === "string" && Buffer.byteLength(value) > 128)) out.push({ key, problem: "label keys and values are at most 128 bytes (GCP)" });
  }
  return out;
}

/** The count rule: every set that lands on one resource together, with the ones the stacks add, within the limit. */
export function tagCountProblem(sets: ReadonlyArray<Readonly<Record<string, string>> | undefined>, added: readonly string[], limit: number, cloud: string, noun = "tags"): string | null {
  const keys = new Set<string>(added);
  for (const set of sets) for (const k of Object.keys(set ?? {})) if (!/^aws:/i.test(k)) keys.add(k);
  if (keys.size <= limit) return null;
  return `makes ${keys.size} ${noun} on each resource (with the ones added by this package: ${added.join(", ")}); ${cloud} allows ${limit} per resource: remove ${keys.size - limit}`;
}

import fc from "fast-check";
import { parseConfig } from "../../config/load";
import { CONFIG_CROSSINGS, type CrossingKind, type InventoryEntry } from "../../domain/crossings";
import { ConfigError, formatPath } from "../../domain/errors";
import { shellCommandProblem } from "../../domain/shell";
import { quoteIdent } from "../../runtime/cypher/privilege-commands";
import { clone, configWith, locate } from "../support/crossing-configs";
import { CROSSINGS_SEED, hostileFor } from "../support/hostile";
import { parseLeaves, unquoteIdentifier } from "../support/cypher-parse";
import { synthConfig } from "../support/synth";
import { readTemplate, stringsOf } from "../support/terraform-template";

/**
 * Every inventoried config field (domain/crossings.ts) gets hostile text (test/support/hostile.ts) through
 * the real validation: either it is refused, by a ConfigError naming the field (never another error), or
 * the treatment the inventory declares holds for what was accepted. A sample of the accepted values is then
 * synthesized and must arrive in cdk.tf.json literally, with no Terraform template of its own.
 */

const RUNS_PER_FIELD = 20;

/** Fields whose value is an object (unknown in the schema): probed through string leaves inside it. */
const PROBES: Array<[RegExp, string[]]> = [
  // Inline statement text (its { file } form is a path, checked in the kinds test).
  [/\.auraStatement$/, [".Sid", ".Action[]"]],
  [/\.credentials\.clientId$/, [".env"]],
  [/\.credentials\.clientSecret$/, [".file"]],
];
function probesOf(field: string): string[] {
  const probe = PROBES.find(([re]) => re.test(field));
  return probe ? probe[1].map((suffix) => field + suffix) : [field];
}

interface FieldCase {
  field: string;
  probe: string;
  entry: InventoryEntry;
}
const cases: FieldCase[] = CONFIG_CROSSINGS.flatMap((entry) => entry.fields.flatMap((field) => probesOf(field).map((probe) => ({ field, probe, entry }))));

const has = (entry: InventoryEntry, kind: CrossingKind, treatment?: string) => entry.crossings.some((c) => c.kind === kind && (treatment === undefined || c.treatment === treatment));
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The problem lines of a ConfigError that name the field (its path or an ancestor of it, never the root). */
function namesField(problems: readonly string[], path: Array<string | number>): boolean {
  const prefixes = path.map((_, i) => formatPath(path.slice(0, i + 1))).filter((p) => p !== "(root)");
  return problems.some((line) => prefixes.some((p) => line.startsWith(`${p}:`) || line.startsWith(`${p}[`) || line.startsWith(`${p}.`)));
}

/** The official parser reads the quoted name as one token, between the same keywords, and it reads back as the name. */
function identifierArrivesLiterally(name: string): boolean {
  const quoted = quoteIdent(name);
  const leaves = parseLeaves(`CREATE ROLE ${quoted} IF NOT EXISTS`);
  return JSON.stringify(leaves) === JSON.stringify(["CREATE", "ROLE", quoted, "IF", "NOT", "EXISTS"]) && unquoteIdentifier(leaves[2]!) === name;
}

/** What a hostile accepted value breaks, by the field's declared treatments; null when nothing. */
function treatmentBroken(c: FieldCase, value: string): string | null {
  const e = c.entry;
  const templates = /[$%]\{/.test(value);
  if (has(e, "terraform", "refuse") && !has(e, "terraform", "escape") && templates) return "declared terraform: refuse, but a template sequence was accepted";
  if (has(e, "shell", "refuse") && shellCommandProblem(value) !== null) return "declared shell: refuse, but a line break or control character was accepted";
  if (has(e, "url", "refuse") && (/[\s@"'`<>\\^{|}]/.test(value) || CONTROL.test(value))) return "declared url: refuse, but credentials, whitespace or unsafe characters were accepted";
  if (has(e, "file-path") && !/\.auraStatement\./.test(c.probe) && CONTROL.test(value)) return "declared file-path, but a control character was accepted";
  if (has(e, "cypher-identifier", "refuse") && !/^[A-Za-z0-9_.*?]+$/.test(value)) return "declared cypher-identifier: refuse, but a non-glob character was accepted";
  return null;
}

const accepted = new Map<string, { probe: string; value: string }[]>();
const casesByKind = new Map<CrossingKind, number>();

describe("every inventoried config field, fed hostile text", () => {
  test("every field is found in the test configs (test/support/crossing-configs.ts)", () => {
    expect(cases.filter((c) => configWith(c.probe) === null).map((c) => c.probe)).toEqual([]);
  });

  test.each(cases.map((c) => [c.probe, c] as const))("%s", (_probe, c) => {
    const base = configWith(c.probe)!;
    fc.assert(
      fc.property(hostileFor(base.at.value), (value) => {
        const { config, at } = configWith(c.probe)!;
        at.set(value);
        let parsed: unknown;
        try {
          parsed = parseConfig(config);
        } catch (e) {
          // A refusal is a ConfigError naming the field: never another error, never a stack trace.
          if (!(e instanceof ConfigError)) throw new Error(`${c.probe}: ${JSON.stringify(value).slice(0, 80)} threw ${(e as Error).name}: ${(e as Error).message.slice(0, 200)}`);
          if (!namesField(e.problems, at.path)) throw new Error(`${c.probe}: refused without naming ${formatPath(at.path)}:\n${e.problems.join("\n")}`);
          return;
        }
        const broken = treatmentBroken(c, value);
        if (broken) throw new Error(`${c.probe}: ${JSON.stringify(value).slice(0, 120)}: ${broken}`);
        if (has(c.entry, "cypher-identifier", "quote")) {
          const arrived = locate(parsed, c.probe)?.value ?? value;
          if (!identifierArrivesLiterally(arrived)) throw new Error(`${c.probe}: ${JSON.stringify(arrived)} does not lex as one quoted identifier`);
        }
        const list = accepted.get(c.probe) ?? [];
        if (list.length < 3) accepted.set(c.probe, [...list, { probe: c.probe, value }]);
      }),
      { numRuns: RUNS_PER_FIELD, seed: CROSSINGS_SEED },
    );
    for (const k of new Set(c.entry.crossings.map((x) => x.kind))) casesByKind.set(k, (casesByKind.get(k) ?? 0) + RUNS_PER_FIELD);
  });

  test("the fields of each crossing kind got hostile text (the pure per-kind tests add 1,000 each)", () => {
    // Every kind but the HTTP header, which no config string reaches directly (only a secret read through a reference).
    const kinds = ["terraform", "shell", "url", "cypher-identifier", "cypher-literal", "cypher-parameter", "file-path"] as const;
    expect(kinds.filter((kind) => (casesByKind.get(kind) ?? 0) < RUNS_PER_FIELD)).toEqual([]);
    expect(casesByKind.get("terraform")).toBeGreaterThanOrEqual(1000);
  });
});

// ---------------------------------------------------------------------------------------------------------
// What was accepted arrives in Terraform JSON literally.

/** Interpolations our constructs write: references and functions of references, nothing a user typed. */
const OWN_TEMPLATE = /^\$\{[A-Za-z0-9_.()\[\]*", -]+\}$/;

describe("accepted hostile values, synthesized", () => {
  test("arrive in cdk.tf.json as written (after Terraform's own unescaping), and no user text is a live template", () => {
    // One config per base holding an accepted value in as many fields as still validate together.
    const groups = new Map<number, Array<{ probe: string; value: string }>>();
    for (const list of accepted.values()) {
      const first = list[list.length - 1]!;
      const entry = CONFIG_CROSSINGS.find((e) => e.fields.some((f) => first.probe.startsWith(f)))!;
      if (entry.crossings.length === 0 || !has(entry, "terraform")) continue;
      const { base } = configWith(first.probe)!;
      groups.set(base, [...(groups.get(base) ?? []), first]);
    }
    expect(groups.size).toBeGreaterThan(0);
    let checked = 0;
    for (const group of groups.values()) {
      let config = clone(configWith(group[0]!.probe)!.config);
      const applied: Array<{ probe: string; value: string }> = [];
      for (const item of group) {
        const next = clone(config);
        const at = locate(next, item.probe);
        if (!at) continue;
        at.set(item.value);
        try {
          parseConfig(clone(next));
        } catch {
          continue;
        }
        config = next;
        applied.push(item);
      }
      const parsed = parseConfig(clone(config));
      const synth = synthConfig(config);
      const all = synth.stacks.flatMap((s) => stringsOf(synth.json(s.name)));
      const read = all.map(readTemplate);
      const live = read.flatMap((r) => r.live).filter((t) => !OWN_TEMPLATE.test(t));
      expect(live).toEqual([]);
      for (const item of applied) {
        const expected = locate(parsed, item.probe)?.value ?? item.value;
        const asJson = JSON.stringify(expected).slice(1, -1);
        const arrived = read.some((r) => r.text.includes(expected) || r.text.includes(asJson));
        if (!arrived) throw new Error(`${item.probe}: ${JSON.stringify(expected).slice(0, 120)} is not in the synthesized JSON as written`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});

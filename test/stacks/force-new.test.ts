import * as fs from "node:fs";
import * as path from "node:path";
import { exampleConfig } from "../../config/example";
import { PRODUCT_LABELS } from "../../domain/aura/names";
import { expectGolden } from "../support/golden";
import { synthConfig } from "../support/synth";
import { FORCE_NEW } from "./force-new/attributes";

/**
 * Upgrades that replace nothing (issue 24, item 5): every argument whose change replaces a resource, with its
 * value in the example stacks, against a golden file. A library change that moves one of these values would
 * replace that resource in every deployment on upgrade (a new endpoint Aura must accept again, Aura's role
 * on the key gone until recreated, a new PSC connection...). When the change is deliberate, regenerate the
 * golden file (UPDATE_FORCE_NEW_GOLDEN=1 npx jest test/stacks/force-new.test.ts writes it and fails; review the
 * diff and run again without it) and name the resource and
 * why in CHANGELOG.md. The golden holds `for_each` and `lifecycle.ignore_changes` too: the first feeds
 * `each.*` values, and dropping an ignored attribute makes older deployments replace on its old value.
 */

const GOLDEN = path.join(__dirname, "force-new", "golden.json");

type Values = Record<string, unknown>;

/** The value at a dotted path; through a list of blocks, the list of values. */
function valueAt(resource: Values, dotted: string): unknown {
  let current: unknown = resource;
  for (const key of dotted.split(".")) {
    if (Array.isArray(current)) current = current.map((c) => (c as Values)?.[key]);
    else if (current && typeof current === "object") current = (current as Values)[key];
    else return undefined;
  }
  return current;
}

function forceNewValues(): { golden: Record<string, Record<string, Values>>; unknownTypes: string[] } {
  const synth = synthConfig(exampleConfig);
  const golden: Record<string, Record<string, Values>> = {};
  const unknownTypes = new Set<string>();
  for (const { name: stack } of synth.stacks) {
    const resources = (synth.json(stack).resource ?? {}) as Record<string, Record<string, Values>>;
    for (const [type, byName] of Object.entries(resources)) {
      const attrs = FORCE_NEW[type];
      if (!attrs) {
        unknownTypes.add(type);
        continue;
      }
      for (const [name, res] of Object.entries(byName)) {
        const entry: Values = {};
        for (const attr of attrs) {
          const v = valueAt(res, attr);
          if (v !== undefined) entry[attr] = v;
        }
        if (res.for_each !== undefined) entry.for_each = res.for_each;
        const ignored = valueAt(res, "lifecycle.ignore_changes");
        if (ignored !== undefined) entry["lifecycle.ignore_changes"] = ignored;
        (golden[stack] ??= {})[`${type}.${name}`] = entry;
      }
    }
  }
  return { golden, unknownTypes: [...unknownTypes].sort() };
}

/** Every string in a value, with where it is. */
function strings(value: unknown, at: string): Array<[string, string]> {
  if (typeof value === "string") return [[at, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${at}[${i}]`));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => strings(v, `${at}.${k}`));
  return [];
}

describe("arguments that force a replacement, in the example stacks", () => {
  const { golden, unknownTypes } = forceNewValues();

  test("every resource type of the example has its list of replacing arguments (test/stacks/force-new/attributes.ts)", () => {
    expect(unknownTypes).toEqual([]);
  });

  test("their values are the golden ones: a change here replaces resources on upgrade and must be named in CHANGELOG.md", () => {
    expectGolden(GOLDEN, `${JSON.stringify(golden, null, 2)}\n`, "UPDATE_FORCE_NEW_GOLDEN");
  });

  test("they hold values from the config, never the library's own prose (product labels, 'managed by')", () => {
    const prose = [...Object.values(PRODUCT_LABELS), "cdktf-aura-secure", "managed by", "Managed by"];
    const found = Object.entries(golden).flatMap(([stack, byAddress]) =>
      Object.entries(byAddress).flatMap(([address, entry]) =>
        strings(entry, `${stack}/${address}`).filter(([at, s]) => !at.includes(".lifecycle.ignore_changes") && prose.some((p) => s.includes(p))),
      ),
    );
    expect(found).toEqual([]);
  });

  test("CHANGELOG.md names the replacements of this release", () => {
    const changelog = fs.readFileSync(path.join(__dirname, "../../CHANGELOG.md"), "utf8");
    expect(changelog).toMatch(/^## Unreleased$/m);
    for (const address of ["google_compute_forwarding_rule.psc_forwarding_rule", "terraform_data.cmk_registration_register"]) expect(changelog).toContain(address);
  });
});

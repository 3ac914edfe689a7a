import { Command } from "commander";
import { z } from "zod";
import { buildProgram } from "../../bin/cli";
import { configSchema } from "../../config/schema";
import { CLI_CROSSINGS, CONFIG_CROSSINGS, CROSSING_KINDS, type InventoryEntry } from "../../domain/crossings";
import { neo4jAccessSchema } from "../../domain/neo4j/access-model";
import { stringFields } from "../support/crossing-configs";

/**
 * The inventory of crossings (domain/crossings.ts) against the code: every string field of the config schema
 * (which composes the access model's) and every CLI flag or argument that takes a value must be listed, and
 * nothing listed may be gone. A new field or flag fails here until someone declares where its text goes.
 */

const listed = (inventory: readonly InventoryEntry[]) => new Set(inventory.flatMap((e) => e.fields));

/** Fields of `schema` the inventory does not list. */
function unlistedFields(schema: z.core.$ZodType, inventory: readonly InventoryEntry[], base = ""): string[] {
  const known = listed(inventory);
  return stringFields(schema, base).filter((f) => !known.has(f));
}

/** `aura-secure <command> --flag` for every option taking a value, and `<argument>` for every argument. */
function valueFlags(program: Command): string[] {
  const out: string[] = [];
  const walk = (cmd: Command, prefix: string) => {
    for (const o of cmd.options) if (o.required || o.optional) out.push(`${prefix} ${o.long}`);
    for (const a of cmd.registeredArguments) out.push(`${prefix} <${a.name()}>`);
    for (const sub of cmd.commands) walk(sub, `${prefix} ${sub.name()}`);
  };
  walk(program, program.name());
  return out;
}

describe("every string field of the config is in the inventory", () => {
  test("the config schema (regions of every cloud, keys, backend, neo4jAccess)", () => {
    expect(unlistedFields(configSchema, CONFIG_CROSSINGS)).toEqual([]);
  });

  test("the access model on its own (what cypher --state takes) is the config's neo4jAccess", () => {
    expect(unlistedFields(neo4jAccessSchema, CONFIG_CROSSINGS, "neo4jAccess")).toEqual([]);
  });

  test("nothing listed is gone from the schema", () => {
    const fields = new Set(stringFields(configSchema));
    expect(CONFIG_CROSSINGS.flatMap((e) => e.fields).filter((f) => !fields.has(f))).toEqual([]);
  });

  test("the walk sees every kind of schema the config uses (an unknown kind would be listed as <kind>)", () => {
    expect(stringFields(configSchema).filter((f) => f.includes("<"))).toEqual([]);
  });
});

describe("every CLI flag that takes a value is in the inventory", () => {
  test("aura-secure, all commands", () => {
    const known = listed(CLI_CROSSINGS);
    expect(valueFlags(buildProgram()).filter((f) => !known.has(f))).toEqual([]);
  });

  test("nothing listed is gone from the CLI", () => {
    const flags = new Set(valueFlags(buildProgram()));
    expect(CLI_CROSSINGS.flatMap((e) => e.fields).filter((f) => !flags.has(f))).toEqual([]);
  });
});

describe("the inventory test catches what nobody declared", () => {
  test("a new string field in the config, at the top or deep inside neo4jAccess", () => {
    const grown = z.strictObject({
      ...configSchema.shape,
      ownerEmail: z.string(),
      neo4jAccess: neo4jAccessSchema.safeExtend({ connection: z.strictObject({ ...(neo4jAccessSchema.shape.connection.shape), proxy: z.string().optional() }) }).optional(),
    });
    expect(unlistedFields(grown, CONFIG_CROSSINGS)).toEqual(["neo4jAccess.connection.proxy", "ownerEmail"]);
  });

  test("a string inside a new union member, a record and a list", () => {
    const grown = z.strictObject({ ...configSchema.shape, hooks: z.array(z.discriminatedUnion("type", [z.strictObject({ type: z.literal("exec"), env: z.record(z.string(), z.string()) })])) });
    expect(unlistedFields(grown, CONFIG_CROSSINGS)).toEqual(["hooks[]@exec.env{key}", "hooks[]@exec.env{}"]);
  });

  test("a new flag on a command", () => {
    const program = buildProgram();
    program.commands.find((c) => c.name() === "cypher")!.commands.find((c) => c.name() === "plan")!.option("--proxy <url>", "a new flag");
    const known = listed(CLI_CROSSINGS);
    expect(valueFlags(program).filter((f) => !known.has(f))).toEqual(["aura-secure cypher plan --proxy"]);
  });
});

describe("the entries themselves", () => {
  const all = [...CONFIG_CROSSINGS, ...CLI_CROSSINGS];

  test("each field is listed once", () => {
    const fields = all.flatMap((e) => e.fields);
    expect(fields.filter((f, i) => fields.indexOf(f) !== i)).toEqual([]);
  });

  test("each crossing names a known kind and treatment, and says how", () => {
    for (const e of all) {
      expect(e.how.length).toBeGreaterThan(20);
      for (const c of e.crossings) {
        expect(CROSSING_KINDS).toContain(c.kind);
        expect(["escape", "quote", "parameterize", "refuse"]).toContain(c.treatment);
      }
    }
  });

  test("every kind of crossing is declared somewhere", () => {
    const kinds = new Set(all.flatMap((e) => e.crossings.map((c) => c.kind)));
    expect([...kinds].sort()).toEqual([...CROSSING_KINDS].sort());
  });
});

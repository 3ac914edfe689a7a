/**
 * The privilege model of Neo4j 5 and 2025.x/2026.x (Operations Manual, "Authentication and authorization":
 * read, write, database and DBMS privileges, property-based access control; sources in docs/vendor-facts.md,
 * section "Neo4j access"). One declared privilege is a GRANT or a DENY; REVOKE is what the planner sends when
 * a privilege leaves the config.
 *
 * The catalog says, per privilege, which scope it takes (graph, database or DBMS) and which qualifiers the
 * server accepts, so combinations the server refuses (e.g. properties on CREATE) are refused at config time.
 */
import { z } from "zod";
import { aliasNameProblem } from "./names";

export type PrivilegeScope = "graph" | "database" | "dbms";
/** Qualifiers a privilege may carry besides its scope. */
export type Qualifier = "segments" | "properties" | "where" | "labels" | "users" | "procedures" | "functions" | "settings";

interface CatalogEntry {
  scope: PrivilegeScope;
  qualifiers: readonly Qualifier[];
  /** The command text SHOW PRIVILEGES AS COMMANDS prints for it, when it differs from the config name. */
  command?: string;
}

const graph = (...qualifiers: Qualifier[]): CatalogEntry => ({ scope: "graph", qualifiers });
const db = (...qualifiers: Qualifier[]): CatalogEntry => ({ scope: "database", qualifiers });
const dbms = (...qualifiers: Qualifier[]): CatalogEntry => ({ scope: "dbms", qualifiers });

export const PRIVILEGE_CATALOG = {
  // Graph privileges (read and write privileges pages).
  TRAVERSE: graph("segments", "where"),
  READ: graph("segments", "properties", "where"),
  MATCH: graph("segments", "properties", "where"),
  CREATE: graph("segments"),
  DELETE: graph("segments"),
  "SET LABEL": graph("labels"),
  "REMOVE LABEL": graph("labels"),
  "SET PROPERTY": graph("segments", "properties"),
  MERGE: graph("segments", "properties"),
  WRITE: graph(),
  "ALL GRAPH PRIVILEGES": graph(),
  // Database privileges (database administration page).
  ACCESS: db(),
  START: db(),
  STOP: db(),
  "CREATE INDEX": db(),
  "DROP INDEX": db(),
  "SHOW INDEX": db(),
  "INDEX MANAGEMENT": db(),
  "CREATE CONSTRAINT": db(),
  "DROP CONSTRAINT": db(),
  "SHOW CONSTRAINT": db(),
  "CONSTRAINT MANAGEMENT": db(),
  "CREATE NEW LABEL": { scope: "database", qualifiers: [], command: "CREATE NEW NODE LABEL" },
  "CREATE NEW TYPE": { scope: "database", qualifiers: [], command: "CREATE NEW RELATIONSHIP TYPE" },
  "CREATE NEW NAME": { scope: "database", qualifiers: [], command: "CREATE NEW PROPERTY NAME" },
  "NAME MANAGEMENT": db(),
  "SHOW TRANSACTION": db("users"),
  "TERMINATE TRANSACTION": db("users"),
  "TRANSACTION MANAGEMENT": db("users"),
  "ALL DATABASE PRIVILEGES": db(),
  // DBMS privileges (DBMS administration page).
  "ROLE MANAGEMENT": dbms(),
  "CREATE ROLE": dbms(),
  "RENAME ROLE": dbms(),
  "DROP ROLE": dbms(),
  "ASSIGN ROLE": dbms(),
  "REMOVE ROLE": dbms(),
  "SHOW ROLE": dbms(),
  "USER MANAGEMENT": dbms(),
  "CREATE USER": dbms(),
  "RENAME USER": dbms(),
  "DROP USER": dbms(),
  "SHOW USER": dbms(),
  "ALTER USER": dbms(),
  "SET PASSWORDS": dbms(),
  "SET USER STATUS": dbms(),
  "SET USER HOME DATABASE": dbms(),
  "DATABASE MANAGEMENT": dbms(),
  "CREATE DATABASE": dbms(),
  "DROP DATABASE": dbms(),
  "ALTER DATABASE": dbms(),
  "SET DATABASE ACCESS": dbms(),
  "COMPOSITE DATABASE MANAGEMENT": dbms(),
  "CREATE COMPOSITE DATABASE": dbms(),
  "DROP COMPOSITE DATABASE": dbms(),
  "ALIAS MANAGEMENT": dbms(),
  "CREATE ALIAS": dbms(),
  "DROP ALIAS": dbms(),
  "ALTER ALIAS": dbms(),
  "SHOW ALIAS": dbms(),
  "PRIVILEGE MANAGEMENT": dbms(),
  "SHOW PRIVILEGE": dbms(),
  "ASSIGN PRIVILEGE": dbms(),
  "REMOVE PRIVILEGE": dbms(),
  "SERVER MANAGEMENT": dbms(),
  "SHOW SERVERS": dbms(),
  IMPERSONATE: dbms("users"),
  "EXECUTE PROCEDURE": dbms("procedures"),
  "EXECUTE BOOSTED PROCEDURE": dbms("procedures"),
  "EXECUTE ADMIN PROCEDURES": dbms(),
  "EXECUTE FUNCTION": dbms("functions"),
  "EXECUTE BOOSTED FUNCTION": dbms("functions"),
  "SHOW SETTING": dbms("settings"),
  "ALL DBMS PRIVILEGES": dbms(),
} as const satisfies Record<string, CatalogEntry>;

export type PrivilegeName = keyof typeof PRIVILEGE_CATALOG;

/**
 * Privileges that can only be granted: the server refuses `DENY MERGE` ("Use DENY SET PROPERTY and DENY
 * CREATE instead"; the official parser reports the same).
 */
const GRANT_ONLY: ReadonlySet<string> = new Set(["MERGE"]);
export const isDeniable = (p: PrivilegeName): boolean => !GRANT_ONLY.has(p);
export const PRIVILEGE_NAMES = Object.keys(PRIVILEGE_CATALOG) as PrivilegeName[];
export const catalogEntry = (p: PrivilegeName): CatalogEntry => PRIVILEGE_CATALOG[p];

/** Which field each qualifier is written in. */
const QUALIFIER_FIELDS: Record<Qualifier, readonly string[]> = {
  segments: ["nodes", "relationships"],
  properties: ["properties"],
  where: ["where"],
  labels: ["labels"],
  users: ["users"],
  procedures: ["procedures"],
  functions: ["functions"],
  settings: ["settings"],
};

// ---------------------------------------------------------------------------------------------------------

/** Label, relationship type and property names: any non-empty name (quoted with backticks when rendered). */
const elementName = z
  .string()
  .min(1, { error: "must not be empty" })
  // eslint-disable-next-line no-control-regex
  .refine((s) => !/[\u0000-\u001f\u007f\\]/.test(s), { error: "must not contain control characters or backslashes" });
const names = z.union([z.literal("*"), z.array(elementName).min(1, { error: 'must list at least one name, or be "*"' })], {
  error: 'must be "*" or a list of names',
});
/** Procedure, function and setting name globs (`apoc.*`, `db.labels`, `server.bolt.*`); rendered unquoted. */
const GLOB = /^[A-Za-z_*?][A-Za-z0-9_.*?]*$/;
const globs = z.union([z.literal("*"), z.array(z.string().regex(GLOB, { error: "must be a name glob like apoc.* or db.labels (letters, digits, _ . * ?)" })).min(1)], {
  error: 'must be "*" or a list of name globs',
});
/** A graph or database name, or "*" for all. Privileges name databases or aliases, so the alias rules apply. */
export const graphOrDatabaseName = z.string().superRefine((s, ctx) => {
  if (s === "*") return;
  const why = aliasNameProblem(s);
  if (why) ctx.addIssue({ code: "custom", input: s, message: `must be "*" or a database or alias name that ${why}` });
});

export const COMPARISON_OPERATORS = ["=", "<>", ">", ">=", "<", "<=", "IS NULL", "IS NOT NULL"] as const;

/** A property rule (property-based access control): `FOR (n:Label) WHERE n.property <op> value`. */
export const propertyRuleSchema = z.strictObject({
  /** Node label the rule applies to; without it every node. */
  label: elementName.optional(),
  property: elementName,
  operator: z.enum(COMPARISON_OPERATORS, { error: `must be one of ${COMPARISON_OPERATORS.join(", ")}` }).default("="),
  value: z.union([z.string(), z.number().finite(), z.boolean()], { error: "must be a string, number or boolean" }).optional(),
});
export type PropertyRule = z.output<typeof propertyRuleSchema>;

const privilegeNameSchema = z.enum(PRIVILEGE_NAMES as [PrivilegeName, ...PrivilegeName[]], {
  error: `must be a privilege name; one of ${PRIVILEGE_NAMES.join(", ")}`,
});

/**
 * One declared privilege. Which fields apply depends on `privilege` (see PRIVILEGE_CATALOG); the others are
 * refused with a message naming what the privilege takes.
 */
export const privilegeSchema = z
  .strictObject({
    /** GRANT (default) or DENY. A DENY wins over any GRANT of the same privilege. */
    action: z.enum(["GRANT", "DENY"], { error: "must be GRANT or DENY (removing a privilege from the config revokes it)" }).default("GRANT"),
    privilege: privilegeNameSchema,
    /** Graph privileges: the graph ("*" for all). */
    graph: graphOrDatabaseName.optional(),
    /** Database privileges: the database ("*" for all). */
    database: graphOrDatabaseName.optional(),
    nodes: names.optional(),
    relationships: names.optional(),
    properties: names.optional(),
    labels: names.optional(),
    where: propertyRuleSchema.optional(),
    users: names.optional(),
    procedures: globs.optional(),
    functions: globs.optional(),
    settings: globs.optional(),
  })
  .superRefine((p, ctx) => {
    const entry = catalogEntry(p.privilege);
    const allowed = new Set(entry.qualifiers.flatMap((q) => QUALIFIER_FIELDS[q]));
    if (entry.scope === "graph") allowed.add("graph");
    if (entry.scope === "database") allowed.add("database");
    for (const field of ["graph", "database", ...Object.values(QUALIFIER_FIELDS).flat()]) {
      if ((p as Record<string, unknown>)[field] !== undefined && !allowed.has(field)) {
        const takes = [...allowed].join(", ") || "nothing but `action`";
        ctx.addIssue({ code: "custom", path: [field], input: (p as Record<string, unknown>)[field], message: `is not accepted by ${p.privilege} (a ${entry.scope} privilege; it takes ${takes})` });
      }
    }
    if (p.action === "DENY" && !isDeniable(p.privilege)) {
      ctx.addIssue({ code: "custom", path: ["action"], input: p.action, message: `${p.privilege} can only be granted; the server refuses DENY ${p.privilege} (deny SET PROPERTY and CREATE instead)` });
    }
    if (entry.scope === "graph" && p.graph === undefined) ctx.addIssue({ code: "custom", path: ["graph"], input: undefined, message: `${p.privilege} is a graph privilege: give graph: "*" or a graph name` });
    if (entry.scope === "database" && p.database === undefined) ctx.addIssue({ code: "custom", path: ["database"], input: undefined, message: `${p.privilege} is a database privilege: give database: "*" or a database name` });
    if (p.where) {
      if (p.nodes !== undefined || p.relationships !== undefined) {
        ctx.addIssue({ code: "custom", path: ["where"], input: p.where, message: "a property rule replaces nodes/relationships (FOR pattern); give one or the other" });
      }
      const nullOp = p.where.operator === "IS NULL" || p.where.operator === "IS NOT NULL";
      if (nullOp && p.where.value !== undefined) ctx.addIssue({ code: "custom", path: ["where", "value"], input: p.where.value, message: `must be left out with ${p.where.operator}` });
      if (!nullOp && p.where.value === undefined) ctx.addIssue({ code: "custom", path: ["where", "value"], input: undefined, message: `is required with operator ${p.where.operator}` });
    }
  });
export type Privilege = z.output<typeof privilegeSchema>;
export type PrivilegeInput = z.input<typeof privilegeSchema>;

/** The database a privilege is defined on ("*" for all, null for DBMS privileges). */
export function privilegeTarget(p: Privilege): string | null {
  return p.graph ?? p.database ?? null;
}

/**
 * The privilege model of Neo4j 5 and 2025.x/2026.x (Operations Manual, "Authentication and authorization":
 * read, write, load, database and DBMS privileges, property-based access control; sources and the dates they
 * were read in docs/vendor-facts.md, section "Neo4j access"). One declared privilege is a GRANT or a DENY (or,
 * with `absent: true`, a row that must not be on the server); REVOKE is what the planner sends when a privilege
 * leaves the config.
 *
 * The catalog says, per privilege, which scope it takes (graph, database, DBMS or a load source), which
 * qualifiers the server accepts, the first server version that has it and whether its syntax exists only in
 * Cypher 25, so combinations the server refuses (e.g. properties on CREATE) are refused at config time and
 * version gaps at plan time (the planner reads the version from the Bolt HELLO).
 */
import ipaddr from "ipaddr.js";
import { z } from "zod";
import { aliasNameProblem } from "./names";

export type PrivilegeScope = "graph" | "database" | "dbms" | "load";
/** Qualifiers a privilege may carry besides its scope. */
export type Qualifier = "segments" | "properties" | "where" | "labels" | "users" | "procedures" | "functions" | "settings" | "source";

interface CatalogEntry {
  scope: PrivilegeScope;
  qualifiers: readonly Qualifier[];
  /** The command text SHOW PRIVILEGES AS COMMANDS prints for it, when it differs from the config name. */
  command?: string;
  /** First Neo4j version that has it ("5.24", "2026.03"); absent: every 5.x. */
  since?: string;
  /** Its syntax exists only in Cypher 25: sent with a `CYPHER 25` prefix. */
  cypher25?: boolean;
  /** A DBMS privilege that may also be granted on databases (`ON DATABASE x`), from this version, in Cypher 25. */
  databaseScopeSince?: string;
}

const graph = (...qualifiers: Qualifier[]): CatalogEntry => ({ scope: "graph", qualifiers });
const db = (...qualifiers: Qualifier[]): CatalogEntry => ({ scope: "database", qualifiers });
const dbms = (...qualifiers: Qualifier[]): CatalogEntry => ({ scope: "dbms", qualifiers });
const since = (e: CatalogEntry, version: string, extra: Partial<CatalogEntry> = {}): CatalogEntry => ({ ...e, since: version, ...extra });

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
  // Load privileges (load privileges page): ON ALL DATA from 5.13, ON CIDR from 5.16 (see privilegeRequirements).
  LOAD: { scope: "load", qualifiers: ["source"] },
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
  // DBMS privileges (DBMS privilege pages).
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
  /** Written `SET PASSWORD[S]`; SHOW prints the singular, so that is the name (SET PASSWORDS is read as it). */
  "SET PASSWORD": dbms(),
  "SET AUTH": since(dbms(), "5.24"),
  "SET USER STATUS": dbms(),
  "SET USER HOME DATABASE": dbms(),
  "SET USER METADATA": since(dbms(), "2026.06", { cypher25: true }),
  "SHOW USER METADATA": since(dbms(), "2026.06", { cypher25: true }),
  "USER METADATA MANAGEMENT": since(dbms(), "2026.06", { cypher25: true }),
  "DATABASE MANAGEMENT": dbms(),
  "CREATE DATABASE": dbms(),
  "DROP DATABASE": dbms(),
  "ALTER DATABASE": { ...dbms(), databaseScopeSince: "2025.08" },
  "SET DATABASE ACCESS": { ...dbms(), databaseScopeSince: "2025.08" },
  "SET DATABASE DEFAULT LANGUAGE": since(dbms(), "2025.06", { databaseScopeSince: "2025.08" }),
  "COMPOSITE DATABASE MANAGEMENT": dbms(),
  "CREATE COMPOSITE DATABASE": dbms(),
  "DROP COMPOSITE DATABASE": dbms(),
  "ALTER COMPOSITE DATABASE": since(dbms(), "2025.06", { databaseScopeSince: "2025.08" }),
  "ALIAS MANAGEMENT": dbms(),
  "CREATE ALIAS": dbms(),
  "DROP ALIAS": dbms(),
  "ALTER ALIAS": dbms(),
  "SHOW ALIAS": dbms(),
  "AUTH RULE MANAGEMENT": since(dbms(), "2026.03", { cypher25: true }),
  "CREATE AUTH RULE": since(dbms(), "2026.03", { cypher25: true }),
  "RENAME AUTH RULE": since(dbms(), "2026.03", { cypher25: true }),
  "ALTER AUTH RULE": since(dbms(), "2026.03", { cypher25: true }),
  "DROP AUTH RULE": since(dbms(), "2026.03", { cypher25: true }),
  "SHOW AUTH RULE": since(dbms(), "2026.03", { cypher25: true }),
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

/** Names the config also accepts, read as the name the server prints (`SET PASSWORDS` is `SET PASSWORD`). */
export const PRIVILEGE_SYNONYMS: Readonly<Record<string, PrivilegeName>> = { "SET PASSWORDS": "SET PASSWORD" };

/**
 * Privileges that can only be granted: the server refuses `DENY MERGE` ("Use DENY SET PROPERTY and DENY
 * CREATE instead"; the official parser reports the same).
 */
const GRANT_ONLY: ReadonlySet<string> = new Set(["MERGE"]);
export const isDeniable = (p: PrivilegeName): boolean => !GRANT_ONLY.has(p);
export const PRIVILEGE_NAMES = Object.keys(PRIVILEGE_CATALOG) as PrivilegeName[];
export const catalogEntry = (p: PrivilegeName): CatalogEntry => PRIVILEGE_CATALOG[p];

/** Which fields each qualifier is written in. */
const QUALIFIER_FIELDS: Record<Qualifier, readonly string[]> = {
  segments: ["nodes", "relationships"],
  properties: ["properties"],
  where: ["where"],
  labels: ["labels"],
  users: ["users"],
  procedures: ["procedures"],
  functions: ["functions"],
  settings: ["settings"],
  source: ["allData", "cidr"],
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
  // Stryker disable next-line ConditionalExpression: equivalent, "*" is also an acceptable alias name; the line says "*" means all
  if (s === "*") return;
  const why = aliasNameProblem(s);
  if (why) ctx.addIssue({ code: "custom", input: s, message: `must be "*" or a database or alias name that ${why}` });
});
/** `ON HOME GRAPH` / `ON HOME DATABASE`: the home database of whoever uses the privilege. */
export const HOME = { home: true } as const;
const scopeName = z.union([graphOrDatabaseName, z.strictObject({ home: z.literal(true) })], {
  error: 'must be "*", a database or alias name, or {home: true} (the user\'s home database)',
});

/** A CIDR block for `LOAD ON CIDR` (IPv4 or IPv6); null when fine. */
export function loadCidrProblem(text: string): string | null {
  try {
    ipaddr.parseCIDR(text);
    return null;
  } catch {
    return "must be an IPv4 or IPv6 CIDR block like 10.0.0.0/8 or 2001:db8::/32";
  }
}
/** The CIDR as one canonical text (address normalized, host bits kept as written): how two spellings compare. */
export function canonicalCidr(text: string): string {
  const [addr, prefix] = ipaddr.parseCIDR(text);
  return `${addr.toString()}/${prefix}`;
}

export const COMPARISON_OPERATORS = ["=", "<>", ">", ">=", "<", "<="] as const;
export const RULE_OPERATORS = [...COMPARISON_OPERATORS, "IS NULL", "IS NOT NULL", "IN"] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];

/** Temporal values in a property rule (from Neo4j 5.26): sent as typed parameters, printed as `date('2024-10-25')`. */
export const TEMPORAL_KINDS = ["date", "localtime", "time", "localdatetime", "datetime"] as const;
export type TemporalKind = (typeof TEMPORAL_KINDS)[number];
const DATE = "\\d{4}-\\d{2}-\\d{2}";
const CLOCK = "\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?";
const OFFSET = "(?:Z|[+-]\\d{2}:\\d{2})";
export const TEMPORAL_PATTERNS: Record<TemporalKind, RegExp> = {
  date: new RegExp(`^${DATE}$`),
  localtime: new RegExp(`^${CLOCK}$`),
  time: new RegExp(`^${CLOCK}${OFFSET}$`),
  localdatetime: new RegExp(`^${DATE}T${CLOCK}$`),
  datetime: new RegExp(`^${DATE}T${CLOCK}(?:${OFFSET}(?:\\[[A-Za-z_/+-]+\\])?|\\[[A-Za-z_/+-]+\\])$`),
};
const TEMPORAL_EXAMPLES: Record<TemporalKind, string> = {
  date: "2024-10-25",
  localtime: "12:30:00",
  time: "12:30:00Z",
  localdatetime: "2024-10-25T12:30:00",
  datetime: "2024-10-25T12:30:00Z",
};
const temporalText = (k: TemporalKind) => z.string().regex(TEMPORAL_PATTERNS[k], { error: `must be an ISO-8601 ${k} like ${TEMPORAL_EXAMPLES[k]}` });
const temporalValue = z.union(
  [
    z.strictObject({ date: temporalText("date") }),
    z.strictObject({ localtime: temporalText("localtime") }),
    z.strictObject({ time: temporalText("time") }),
    z.strictObject({ localdatetime: temporalText("localdatetime") }),
    z.strictObject({ datetime: temporalText("datetime") }),
  ],
  { error: "must be one temporal value: {date}, {localtime}, {time}, {localdatetime} or {datetime} with an ISO-8601 text" },
);
export type TemporalValue = Partial<Record<TemporalKind, string>>;
export type ScalarValue = string | number | boolean;
export type RuleValue = ScalarValue | ScalarValue[] | TemporalValue;
const scalar = z.union([z.string(), z.number().finite(), z.boolean()], { error: "must be a string, number or boolean" });

/**
 * A property rule (property-based access control): `FOR (n:A|B) WHERE [NOT] n.property <op> value` on nodes, or
 * `FOR ()-[r:T|U]-() WHERE ...` on relationships (Neo4j 2025.04+). One property per rule, as the manual says.
 */
export const propertyRuleSchema = z
  .strictObject({
    /** One node label (the rule applies to nodes with it); `labels` for several. Without either: every node. */
    label: elementName.optional(),
    labels: z.array(elementName).min(1, { error: "must list at least one label" }).optional(),
    /** A relationship rule (`FOR ()-[r]-()`), Neo4j 2025.04+; `types` narrows it to relationship types. */
    relationship: z.literal(true, { error: "must be true (a relationship rule) or left out (a node rule)" }).optional(),
    types: z.array(elementName).min(1, { error: "must list at least one relationship type" }).optional(),
    property: elementName,
    /** `WHERE NOT n.property ...` */
    not: z.boolean().optional(),
    operator: z.enum(RULE_OPERATORS, { error: `must be one of ${RULE_OPERATORS.join(", ")}` }).default("="),
    value: z.union([scalar, z.array(scalar), temporalValue], { error: "must be a string, number, boolean, a list of them (with IN), or a temporal value like {date: 2024-10-25}" }).optional(),
  })
  .superRefine((r, ctx) => {
    const issue = (path: string, input: unknown, message: string) => ctx.addIssue({ code: "custom", path: [path], input, message });
    if (r.label !== undefined && r.labels !== undefined) issue("labels", r.labels, "give label or labels, not both");
    if (r.types !== undefined && !r.relationship) issue("types", r.types, "relationship types need relationship: true (a relationship rule)");
    if (r.relationship && (r.label !== undefined || r.labels !== undefined)) issue(r.label !== undefined ? "label" : "labels", r.label ?? r.labels, "node labels do not apply to a relationship rule; use types");
    const nullOp = r.operator === "IS NULL" || r.operator === "IS NOT NULL";
    if (nullOp && r.value !== undefined) issue("value", r.value, `must be left out with ${r.operator}`);
    if (!nullOp && r.value === undefined) issue("value", undefined, `is required with operator ${r.operator}`);
    if (r.value === undefined || nullOp) return;
    const isList = Array.isArray(r.value);
    // Stryker disable next-line ConditionalExpression: the value schema refuses null before this runs
    const isTemporal = r.value !== null && typeof r.value === "object" && !isList;
    if (r.operator === "IN" && !isList) issue("value", r.value, "must be a list of values with operator IN");
    if (r.operator !== "IN" && isList) issue("value", r.value, `a list needs operator IN, not ${r.operator}`);
    if (isTemporal && !(COMPARISON_OPERATORS as readonly string[]).includes(r.operator)) issue("value", r.value, `a temporal value takes a comparison (${COMPARISON_OPERATORS.join(", ")}), not ${r.operator}`);
  });
export type PropertyRule = z.output<typeof propertyRuleSchema>;

/** The node labels (or relationship types) a rule names; empty for every node (or relationship). */
export function ruleLabels(r: PropertyRule): string[] {
  return r.relationship ? [...(r.types ?? [])] : r.labels ? [...r.labels] : r.label !== undefined ? [r.label] : [];
}
/** The temporal kind of a rule value, or null. */
export function temporalOf(v: unknown): { kind: TemporalKind; text: string } | null {
  // Stryker disable next-line ConditionalExpression: equivalent but for null; a string's or list's keys are indexes, never a kind
  if (v === null || typeof v !== "object" || Array.isArray(v)) return null;
  const [k] = Object.keys(v) as TemporalKind[];
  // Stryker disable next-line ConditionalExpression: equivalent, includes(undefined) is false
  return k && (TEMPORAL_KINDS as readonly string[]).includes(k) ? { kind: k, text: String((v as TemporalValue)[k]) } : null;
}

const privilegeNameSchema = z.preprocess(
  (v) => (typeof v === "string" && v in PRIVILEGE_SYNONYMS ? PRIVILEGE_SYNONYMS[v] : v),
  z.enum(PRIVILEGE_NAMES as [PrivilegeName, ...PrivilegeName[]], {
    error: `must be a privilege name; one of ${PRIVILEGE_NAMES.join(", ")}`,
  }),
);

/**
 * One declared privilege. Which fields apply depends on `privilege` (see PRIVILEGE_CATALOG); the others are
 * refused with a message naming what the privilege takes.
 */
export const privilegeSchema = z
  .strictObject({
    /** GRANT (default) or DENY. A DENY wins over any GRANT of the same privilege. */
    action: z.enum(["GRANT", "DENY"], { error: "must be GRANT or DENY (removing a privilege from the config revokes it)" }).default("GRANT"),
    privilege: privilegeNameSchema,
    /**
     * The row must NOT be on the server: it is revoked when present and never granted. For rows someone else
     * put there, e.g. PUBLIC's default `LOAD ON ALL DATA` or `EXECUTE PROCEDURE *`.
     */
    absent: z.boolean().optional(),
    /** Graph privileges: the graph ("*" for all, {home: true} for the home graph). */
    graph: scopeName.optional(),
    /** Database privileges: the database ("*" for all, {home: true} for the home database). */
    database: scopeName.optional(),
    nodes: names.optional(),
    relationships: names.optional(),
    properties: names.optional(),
    labels: names.optional(),
    where: propertyRuleSchema.optional(),
    users: names.optional(),
    procedures: globs.optional(),
    functions: globs.optional(),
    settings: globs.optional(),
    /** LOAD ON ALL DATA. */
    allData: z.literal(true, { error: "must be true (LOAD ON ALL DATA) or left out" }).optional(),
    /** LOAD ON CIDR: an IPv4 or IPv6 block. */
    cidr: z
      .string({ error: "must be a CIDR block" })
      .superRefine((s, ctx) => {
        const why = loadCidrProblem(s);
        if (why) ctx.addIssue({ code: "custom", input: s, message: why });
      })
      .optional(),
  })
  .superRefine((p, ctx) => {
    const entry = catalogEntry(p.privilege);
    const allowed = new Set(entry.qualifiers.flatMap((q) => QUALIFIER_FIELDS[q]));
    if (entry.scope === "graph") allowed.add("graph");
    if (entry.scope === "database" || entry.databaseScopeSince) allowed.add("database");
    for (const field of ["graph", "database", ...Object.values(QUALIFIER_FIELDS).flat()]) {
      if ((p as Record<string, unknown>)[field] !== undefined && !allowed.has(field)) {
        const takes = [...allowed].join(", ") || "nothing but `action`";
        ctx.addIssue({ code: "custom", path: [field], input: (p as Record<string, unknown>)[field], message: `is not accepted by ${p.privilege} (a ${entry.scope} privilege; it takes ${takes})` });
      }
    }
    if (p.action === "DENY" && !isDeniable(p.privilege)) {
      ctx.addIssue({ code: "custom", path: ["action"], input: p.action, message: `${p.privilege} can only be granted; the server refuses DENY ${p.privilege} (deny SET PROPERTY and CREATE instead)` });
    }
    if (entry.scope === "graph" && p.graph === undefined) ctx.addIssue({ code: "custom", path: ["graph"], input: undefined, message: `${p.privilege} is a graph privilege: give graph: "*", a graph name or {home: true}` });
    if (entry.scope === "database" && p.database === undefined) ctx.addIssue({ code: "custom", path: ["database"], input: undefined, message: `${p.privilege} is a database privilege: give database: "*", a database name or {home: true}` });
    if (entry.scope === "load" && (p.allData === undefined) === (p.cidr === undefined)) {
      ctx.addIssue({ code: "custom", path: ["cidr"], input: p.cidr, message: "LOAD takes exactly one source: allData: true (LOAD ON ALL DATA) or cidr: <block> (LOAD ON CIDR)" });
    }
    if (p.where && (p.nodes !== undefined || p.relationships !== undefined)) {
      ctx.addIssue({ code: "custom", path: ["where"], input: p.where, message: "a property rule replaces nodes/relationships (FOR pattern); give one or the other" });
    }
  });
export type Privilege = z.output<typeof privilegeSchema>;
export type PrivilegeInput = z.input<typeof privilegeSchema>;

/** The database a privilege is defined on ("*" for all, null for DBMS, load and HOME privileges). */
export function privilegeTarget(p: Pick<Privilege, "graph" | "database">): string | null {
  const on = p.graph ?? p.database ?? null;
  return typeof on === "string" ? on : null;
}

/** Is this declared privilege on the database scope of a privilege that is otherwise a DBMS one (2025.08+)? */
export const isDatabaseScoped = (p: Pick<Privilege, "privilege" | "database">): boolean => catalogEntry(p.privilege).scope === "dbms" && p.database !== undefined;

/** One version requirement of a declared privilege: what needs which Neo4j version. */
export interface Requirement {
  /** "5.16", "2025.08" */
  since: string;
  what: string;
}

/**
 * The server versions a declared privilege needs (Operations Manual; docs/vendor-facts.md "Neo4j access"):
 * the privilege itself, its database scope, its load source and its property rule's features.
 */
export function privilegeRequirements(p: Privilege): Requirement[] {
  const entry = catalogEntry(p.privilege);
  const out: Requirement[] = [];
  if (entry.since) out.push({ since: entry.since, what: `the ${p.privilege} privilege` });
  if (isDatabaseScoped(p) && entry.databaseScopeSince) out.push({ since: entry.databaseScopeSince, what: `${p.privilege} on a database (not on the DBMS)` });
  if (entry.scope === "load") out.push(p.cidr !== undefined ? { since: "5.16", what: "LOAD ON CIDR" } : { since: "5.13", what: "LOAD ON ALL DATA" });
  if (p.where) {
    out.push({ since: "5.20", what: "property-based access control (a where rule)" });
    if (p.where.relationship) out.push({ since: "2025.04", what: "a property rule on relationships" });
    if (temporalOf(p.where.value)) out.push({ since: "5.26", what: "a temporal value in a property rule" });
  }
  return out;
}

/** Is the statement for this privilege Cypher 25 only (sent with a `CYPHER 25` prefix)? */
export function needsCypher25(p: Pick<Privilege, "privilege" | "database">): boolean {
  const entry = catalogEntry(p.privilege);
  return entry.cypher25 === true || isDatabaseScoped(p);
}

/**
 * One text per temporal value however it is spelled (`10:00` and `10:00:00.000`, `+00:00` and `Z`), so a value
 * the server prints compares equal to the one declared. Null when the text is not of that kind.
 */
export function canonicalTemporal(kind: TemporalKind, text: string): string | null {
  if (!TEMPORAL_PATTERNS[kind].test(text)) return null;
  return text.replace(/(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?=$|[Z+\-[])/, (_m, h: string, mi: string, sec?: string, frac?: string) => {
    const f = (frac ?? "").replace(/0+$/, "");
    return `${h}:${mi}:${sec ?? "00"}${f ? `.${f}` : ""}`;
  }).replace(/\+00:00(?=$|\[)/, "Z");
}

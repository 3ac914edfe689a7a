/**
 * Privileges as Cypher command text. The canonical form of a privilege is the text `SHOW PRIVILEGES AS
 * COMMANDS` prints (one row per element, label, property and user: the server splits `GRANT READ {a, b} ON
 * GRAPH g NODES A, B` into four rows), so the planner renders each declared privilege into those rows and
 * compares them, normalized, with the server's own rows. The reverse (parsePrivilegeCommand) reads a server
 * row back into the config shape for `cypher import`.
 *
 * Hand-written: no library renders or parses Neo4j privilege commands (the official parser,
 * @neo4j-cypher/language-support, is used in the tests to check every form rendered here).
 */
import { catalogEntry, PRIVILEGE_CATALOG, PRIVILEGE_NAMES, type Privilege, type PrivilegeName, type PropertyRule } from "../../domain/neo4j/privileges";
import { UserError } from "../cli/errors";

/** A privilege as the planner receives it (action may be left out: GRANT). */
export type PrivilegeSpec = Omit<Privilege, "action"> & { action?: "GRANT" | "DENY" };

/** Backtick-quotes an identifier, doubling backticks inside; control characters and backslashes are refused. */
export function quoteIdent(name: string): string {
  if (name.length === 0) throw new UserError("an identifier cannot be empty");
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(name)) throw new UserError(`identifier ${JSON.stringify(name)} contains a control character or backslash`);
  return "`" + name.replace(/`/g, "``") + "`";
}
const quoteOrStar = (name: string) => (name === "*" ? "*" : quoteIdent(name));

/** A Cypher literal for a property rule value. */
export function cypherLiteral(v: string | number | boolean): string {
  if (typeof v === "string") return `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new UserError(`${v} is not a finite number`);
    return String(v);
  }
  return v ? "true" : "false";
}

function ruleText(r: PropertyRule): string {
  const node = r.label ? `(n:${quoteIdent(r.label)})` : "(n)";
  const cond = r.operator === "IS NULL" || r.operator === "IS NOT NULL" ? r.operator : `${r.operator} ${cypherLiteral(r.value as string | number | boolean)}`;
  return `FOR ${node} WHERE n.${quoteIdent(r.property)} ${cond}`;
}

const list = <T>(v: "*" | T[] | undefined, dflt: "*" | null = "*"): ("*" | T)[] => {
  const x = v ?? dflt;
  return x === null ? [] : x === "*" ? ["*"] : x;
};

/** The command name the server prints for a privilege (`CREATE NEW LABEL` is printed `CREATE NEW NODE LABEL`). */
export function commandName(p: PrivilegeName): string {
  return (PRIVILEGE_CATALOG[p] as { command?: string }).command ?? p;
}

/** The rows `SHOW PRIVILEGES AS COMMANDS` lists for one declared privilege, each itself a valid command. */
export function privilegeRows(role: string, p: PrivilegeSpec): string[] {
  const action = p.action ?? "GRANT";
  const entry = catalogEntry(p.privilege);
  const name = commandName(p.privilege);
  const to = `TO ${quoteIdent(role)}`;
  const has = (q: string) => (entry.qualifiers as readonly string[]).includes(q);
  if (entry.scope === "database") {
    const on = `ON DATABASE ${quoteOrStar(p.database ?? "*")}`;
    if (has("users")) return list(p.users).map((u) => `${action} ${name} (${quoteOrStar(u)}) ${on} ${to}`);
    return [`${action} ${name} ${on} ${to}`];
  }
  if (entry.scope === "dbms") {
    const on = "ON DBMS";
    if (has("users")) return list(p.users).map((u) => `${action} ${name} (${quoteOrStar(u)}) ${on} ${to}`);
    const globs = has("procedures") ? p.procedures : has("functions") ? p.functions : has("settings") ? p.settings : null;
    if (globs !== null) return list(globs).map((g) => `${action} ${name} ${g} ${on} ${to}`);
    return [`${action} ${name} ${on} ${to}`];
  }
  const on = `ON GRAPH ${quoteOrStar(p.graph ?? "*")}`;
  if (has("labels")) return list(p.labels).map((l) => `${action} ${name} ${quoteOrStar(l)} ${on} ${to}`);
  const props = has("properties") ? list(p.properties).map((x) => ` {${quoteOrStar(x)}}`) : [""];
  let segs: string[] = [];
  if (p.where) segs = [ruleText(p.where)];
  else if (has("segments")) {
    const nodes = p.nodes ?? (p.relationships ? undefined : "*");
    const rels = p.relationships ?? (p.nodes ? undefined : "*");
    segs = [...list(nodes, null).map((l) => `NODE ${quoteOrStar(l)}`), ...list(rels, null).map((t) => `RELATIONSHIP ${quoteOrStar(t)}`)];
  }
  const rows: string[] = [];
  for (const prop of props) {
    if (!segs.length) rows.push(`${action} ${name}${prop} ${on} ${to}`);
    for (const seg of segs) rows.push(`${action} ${name}${prop} ${on} ${seg} ${to}`);
  }
  return rows;
}

const ROLE_AT_END = /^(GRANT|DENY) (.*) TO (`(?:[^`]|``)+`|\S+)$/;

/** `GRANT x TO r` -> `REVOKE GRANT x FROM r`; `DENY x TO r` -> `REVOKE DENY x FROM r` (removes exactly that row). */
export function revokeOf(row: string): string {
  const m = ROLE_AT_END.exec(row.trim());
  if (!m) throw new Error(`not a GRANT or DENY row: ${row}`);
  return `REVOKE ${m[1]} ${m[2]} FROM ${m[3]}`;
}

const unquote = (s: string) => (s.startsWith("`") ? s.slice(1, -1).replace(/``/g, "`") : s);

/** The role a `GRANT|DENY ... TO role` row is for (unquoted), or null for other rows. */
export function roleOfCommand(cmd: string): string | null {
  const m = ROLE_AT_END.exec(cmd.trim());
  return m ? unquote(m[3]) : null;
}

const NAME_TOKEN = "(`(?:[^`]|``)+`|[^\\s`{}()]+)";
/** The database or graph a row is defined on (unquoted, "*" for all, null for DBMS and HOME rows). */
export function targetOfCommand(cmd: string): string | null {
  const m = new RegExp(`\\bON (?:GRAPH|DATABASE)S? ${NAME_TOKEN}`).exec(cmd);
  return m ? unquote(m[1]) : null;
}

/**
 * Canonical form of a privilege command for comparison: whitespace collapsed, backticks dropped around
 * names that never need them, plural keywords made singular and the property rule's variable renamed, so the
 * rows compare equal however a server version prints them.
 */
export function normalizeCommand(cmd: string): string {
  let s = cmd.trim().replace(/\s+/g, " ");
  s = s.replace(/`([A-Za-z0-9_.-]+)`/g, "$1");
  s = s.replace(/\{\s*/g, "{").replace(/\s*\}/g, "}").replace(/\(\s*/g, "(").replace(/\s*\)/g, ")");
  s = s.replace(/ ON (GRAPH|DATABASE)S /, " ON $1 ").replace(/ (NODE|RELATIONSHIP|ELEMENT)S /, " $1 ");
  // Database and alias names are case-insensitive (the server stores them lowercase): compare them so.
  s = s.replace(/ ON (GRAPH|DATABASE) (`(?:[^`]|``)+`|[^\s`{}()]+)/, (_m, kind: string, name: string) => ` ON ${kind} ${name.toLowerCase()}`);
  const v = /\bFOR \(([A-Za-z_][A-Za-z0-9_]*)\b/.exec(s);
  if (v && v[1] !== "n") s = s.replace(`FOR (${v[1]}`, "FOR (n").replace(` WHERE ${v[1]}.`, " WHERE n.").replace(` WHERE NOT ${v[1]}.`, " WHERE NOT n.");
  s = s.replace(/\b(TRUE|FALSE)\b/g, (b) => b.toLowerCase()).replace(/"((?:[^"\\]|\\.)*)"/g, (_m, x: string) => `'${x.replace(/'/g, "\\'")}'`);
  return s;
}

// ---------------------------------------------------------------------------------------------------------
// Reading a server row back into the config shape (cypher import)

export interface ParsedRow {
  role: string;
  privilege: Privilege;
}

const NAMES_BY_LENGTH = [...PRIVILEGE_NAMES].sort((a, b) => commandName(b).length - commandName(a).length);

function parseLiteral(text: string): string | number | boolean | undefined {
  const t = text.trim();
  if (/^'(?:[^'\\]|\\.)*'$/.test(t) || /^"(?:[^"\\]|\\.)*"$/.test(t)) return t.slice(1, -1).replace(/\\(.)/g, "$1");
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (/^true$/i.test(t)) return true;
  if (/^false$/i.test(t)) return false;
  return undefined;
}

/** Parses one `SHOW PRIVILEGES AS COMMANDS` row; null when it is a form this tool does not model (e.g. HOME GRAPH). */
export function parsePrivilegeCommand(cmd: string): ParsedRow | null {
  const m = ROLE_AT_END.exec(cmd.trim().replace(/\s+/g, " "));
  if (!m) return null;
  const action = m[1] as "GRANT" | "DENY";
  const role = unquote(m[3]);
  const body = m[2];
  const name = NAMES_BY_LENGTH.find((n) => body === commandName(n) || body.startsWith(`${commandName(n)} `) || body.startsWith(`${commandName(n)}{`));
  if (!name) return null;
  const entry = catalogEntry(name);
  let rest = body.slice(commandName(name).length).trim();
  const p: Record<string, unknown> = { action, privilege: name };
  const take = (re: RegExp): RegExpExecArray | null => {
    const x = re.exec(rest);
    if (x) rest = rest.slice(x[0].length).trim();
    return x;
  };
  const one = (tok: string): string => unquote(tok);
  const has = (q: string) => (entry.qualifiers as readonly string[]).includes(q);
  let x: RegExpExecArray | null;
  if (has("properties") && (x = take(new RegExp(`^\\{\\s*${NAME_TOKEN}\\s*\\}`)))) p.properties = x[1] === "*" ? "*" : [one(x[1])];
  if (has("users") && (x = take(new RegExp(`^\\(\\s*${NAME_TOKEN}\\s*\\)`)))) p.users = x[1] === "*" ? "*" : [one(x[1])];
  if (has("labels") && (x = take(new RegExp(`^${NAME_TOKEN}`)))) p.labels = x[1] === "*" ? "*" : [one(x[1])];
  for (const q of ["procedures", "functions", "settings"] as const) if (has(q) && (x = take(/^([A-Za-z0-9_.*?]+)/))) p[q] = x[1] === "*" ? "*" : [x[1]];
  if (entry.scope === "dbms") {
    if (rest !== "ON DBMS") return null;
    return { role, privilege: p as unknown as Privilege };
  }
  x = take(new RegExp(`^ON (GRAPH|DATABASE)S? ${NAME_TOKEN}`));
  if (!x || (x[1] === "GRAPH") !== (entry.scope === "graph")) return null;
  p[entry.scope === "graph" ? "graph" : "database"] = x[2] === "*" ? "*" : one(x[2]);
  if (rest === "") return { role, privilege: p as unknown as Privilege };
  if (!has("segments")) return null;
  if ((x = take(new RegExp(`^(NODE|RELATIONSHIP)S? ${NAME_TOKEN}$`)))) {
    p[x[1] === "NODE" ? "nodes" : "relationships"] = x[2] === "*" ? "*" : [one(x[2])];
    return { role, privilege: p as unknown as Privilege };
  }
  const rule = new RegExp(`^FOR \\(([A-Za-z_][A-Za-z0-9_]*)(?::${NAME_TOKEN})?\\) WHERE \\1\\.${NAME_TOKEN} (IS NOT NULL|IS NULL|<>|>=|<=|=|<|>)(?: (.+))?$`).exec(rest);
  if (!rule) return null;
  const where: Record<string, unknown> = { property: one(rule[3]), operator: rule[4] };
  if (rule[2]) where.label = one(rule[2]);
  if (rule[5] !== undefined) {
    const v = parseLiteral(rule[5]);
    if (v === undefined) return null;
    where.value = v;
  }
  p.where = where;
  return { role, privilege: p as unknown as Privilege };
}

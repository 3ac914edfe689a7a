/**
 * The fake system database's own reading of privilege commands and its printing of SHOW PRIVILEGES AS COMMANDS
 * rows, written apart from the code under test (it imports nothing from runtime/ or domain/), so a planner that
 * renders a privilege wrongly meets a server that prints it the way Neo4j does, not an echo of itself.
 *
 * How rows are printed, from the Operations Manual (docs/vendor-facts.md "Neo4j access", the SHOW fixtures in
 * fake-system-db.test.ts are copied from its pages):
 * - one row per role, database, element, label, property, user and procedure glob: `DENY READ {name, address,
 *   ssn} ON GRAPH healthcare NODES Patient` prints three rows; `GRANT TRAVERSE ON GRAPH g` prints `NODE *` and
 *   `RELATIONSHIP *`; `ELEMENTS x` prints a NODE and a RELATIONSHIP row;
 * - canonical keywords: `SET PASSWORD` (never PASSWORDS), `NODE`, `RELATIONSHIP`, `GRAPH`, `DATABASE` singular,
 *   `TRANSACTION MANAGEMENT (*)`, `CREATE NEW NODE LABEL`;
 * - the role and the database or graph name always backtick-quoted; labels, relationship types, properties and
 *   users bare when they are valid unescaped symbolic names (Java identifier rules), else quoted;
 * - `LOAD ON CIDR "127.0.0.1/32"` with a double-quoted string; a temporal value as `date('2024-10-25')`.
 * Where the manual shows no printed form, the Neo4j source's prettifier (community Prettifier.scala,
 * ExpressionStringifier) decides, and the fake marks it: several rule labels as `(n:A|B)`, string values in a
 * rule double-quoted unless they hold a double quote, relationship rules as `()-[r:T]-()`. Times other than dates
 * print as java.time does (seconds left out when zero); that is an assumption, and plans must not depend on it.
 */

export type Version = [number, number];
export const atLeast = (v: Version, major: number, minor: number) => v[0] > major || (v[0] === major && v[1] >= minor);
const versionText = ([major, minor]: Version) => `${major}.${major >= 2025 ? String(minor).padStart(2, "0") : minor}`;

export class FakeSyntaxError extends Error {}
export class FakeRefusal extends Error {
  constructor(
    readonly code: string,
    readonly gqlStatus: string,
    message: string,
  ) {
    super(message);
  }
}
const syntax = (m: string): never => {
  throw new FakeSyntaxError(m);
};

// ---------------------------------------------------------------------------------------------------------
// Tokens (a sticky regex; the production tokenizer is a hand loop over code points)

interface Tok {
  t: "name" | "str" | "param" | "num" | "word" | "sym";
  v: string;
  start: number;
  end: number;
}
const TOKEN =
  /\s*(?:(`(?:[^`]|``)*`)|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(\$(?:[\p{L}\p{Pc}][\p{L}\p{Pc}\p{Nd}]*|`(?:[^`]|``)*`))|(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|([\p{L}\p{Nl}\p{Sc}\p{Pc}][\p{L}\p{Nl}\p{Sc}\p{Pc}\p{Nd}\p{Mn}\p{Mc}\p{Cf}]*)|(<>|<=|>=|[{}()[\],.:|=<>*?\-;]))/uy;

const unescapeName = (inner: string) => inner.replace(/``/g, "`").replace(/\\u([0-9a-fA-F]{4})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
const unescapeString = (inner: string) =>
  inner.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_m, e: string) => (e.length > 1 ? String.fromCharCode(parseInt(e.slice(1), 16)) : ({ n: "\n", t: "\t", r: "\r", b: "\b", f: "\f" } as Record<string, string>)[e] ?? e));

export function lex(text: string): Tok[] {
  const out: Tok[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m) syntax(`Invalid input '${text.slice(at, at + 10).trim()}'`);
    const start = m!.index + m![0].length - m![0].trimStart().length;
    const end = TOKEN.lastIndex;
    if (m![1]) out.push({ t: "name", v: unescapeName(m![1].slice(1, -1)), start, end });
    else if (m![2]) out.push({ t: "str", v: unescapeString(m![2].slice(1, -1)), start, end });
    else if (m![3]) out.push({ t: "param", v: m![3].startsWith("$`") ? unescapeName(m![3].slice(2, -1)) : m![3].slice(1), start, end });
    else if (m![4]) out.push({ t: "num", v: m![4], start, end });
    else if (m![5]) out.push({ t: "word", v: m![5], start, end });
    else out.push({ t: "sym", v: m![6], start, end });
    at = end;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Printing names and values the way the server does

const SYMBOLIC = /^[\p{L}\p{Nl}\p{Sc}\p{Pc}][\p{L}\p{Nl}\p{Sc}\p{Pc}\p{Nd}\p{Mn}\p{Mc}\p{Cf}]*$/u;
/** Labels, types, properties, users: bare when a valid unescaped symbolic name. */
export const sym = (n: string) => (n === "*" ? "*" : SYMBOLIC.test(n) ? n : "`" + n.replace(/`/g, "``") + "`");
/** Roles and database names: always quoted (every example in the manual). */
export const bq = (n: string) => "`" + n.replace(/`/g, "``") + "`";
const dbName = (n: string) => (n === "*" ? "*" : bq(n.toLowerCase()));

/** ExpressionStringifier.quote: double quotes, single when the text holds only double quotes, escaped when both. */
function quote(s: string): string {
  const str = s.replace(/\\/g, "\\\\");
  const single = str.includes("'");
  const double = str.includes('"');
  if (single && double) return `"${str.replace(/"/g, '\\"')}"`;
  if (double) return `'${str}'`;
  return `"${str}"`;
}

export type Value = { k: "str"; v: string } | { k: "int" | "float"; v: number } | { k: "bool"; v: boolean } | { k: "list"; v: Value[] } | { k: "temporal"; fn: string; text: string };
function printValue(v: Value): string {
  switch (v.k) {
    case "str":
      return quote(v.v);
    case "int":
      return String(v.v);
    case "float":
      return Number.isInteger(v.v) ? `${v.v}.0` : String(v.v);
    case "bool":
      return v.v ? "true" : "false";
    case "list":
      return `[${v.v.map(printValue).join(", ")}]`;
    case "temporal":
      return `${v.fn}('${v.text}')`;
  }
}

// ---------------------------------------------------------------------------------------------------------
// The privileges the server accepts: every spelling of the manual's syntax, mapped to the printed one.

type Kind = "graph" | "database" | "dbms" | "load" | "dbms-or-database";
type Qual = "props" | "labels" | "users" | "glob" | "segments" | "none";
interface Spec {
  printed: string;
  kind: Kind;
  qual: Qual;
  /** Graph privileges that take NODE/RELATIONSHIP/ELEMENT/FOR: default all elements. */
  elements?: boolean;
  rules?: boolean;
  /** [major, minor] first version; cypher25: the syntax exists only in Cypher 25. */
  since?: Version;
  cypher25?: boolean;
  /** dbms-or-database: the database form from this version, Cypher 25 only. */
  dbSince?: Version;
}
const S = (printed: string, kind: Kind, qual: Qual = "none", extra: Partial<Spec> = {}): Spec => ({ printed, kind, qual, ...extra });
const SPECS: [string[], Spec][] = [
  [["TRAVERSE"], S("TRAVERSE", "graph", "segments", { elements: true, rules: true })],
  [["READ"], S("READ", "graph", "props", { elements: true, rules: true })],
  [["MATCH"], S("MATCH", "graph", "props", { elements: true, rules: true })],
  [["CREATE"], S("CREATE", "graph", "segments", { elements: true })],
  [["DELETE"], S("DELETE", "graph", "segments", { elements: true })],
  [["SET LABEL"], S("SET LABEL", "graph", "labels")],
  [["REMOVE LABEL"], S("REMOVE LABEL", "graph", "labels")],
  [["SET PROPERTY"], S("SET PROPERTY", "graph", "props", { elements: true })],
  [["MERGE"], S("MERGE", "graph", "props", { elements: true })],
  [["WRITE"], S("WRITE", "graph")],
  [["ALL GRAPH PRIVILEGES", "ALL GRAPH", "ALL PRIVILEGES ON GRAPH"], S("ALL GRAPH PRIVILEGES", "graph")],
  [["LOAD"], S("LOAD", "load")],
  [["ACCESS"], S("ACCESS", "database")],
  [["START"], S("START", "database")],
  [["STOP"], S("STOP", "database")],
  [["CREATE INDEX", "CREATE INDEXES"], S("CREATE INDEX", "database")],
  [["DROP INDEX", "DROP INDEXES"], S("DROP INDEX", "database")],
  [["SHOW INDEX", "SHOW INDEXES"], S("SHOW INDEX", "database")],
  [["INDEX MANAGEMENT", "INDEX", "INDEXES"], S("INDEX MANAGEMENT", "database")],
  [["CREATE CONSTRAINT", "CREATE CONSTRAINTS"], S("CREATE CONSTRAINT", "database")],
  [["DROP CONSTRAINT", "DROP CONSTRAINTS"], S("DROP CONSTRAINT", "database")],
  [["SHOW CONSTRAINT", "SHOW CONSTRAINTS"], S("SHOW CONSTRAINT", "database")],
  [["CONSTRAINT MANAGEMENT", "CONSTRAINT", "CONSTRAINTS"], S("CONSTRAINT MANAGEMENT", "database")],
  [["CREATE NEW NODE LABEL", "CREATE NEW NODE LABELS", "CREATE NEW LABEL", "CREATE NEW LABELS"], S("CREATE NEW NODE LABEL", "database")],
  [["CREATE NEW RELATIONSHIP TYPE", "CREATE NEW RELATIONSHIP TYPES", "CREATE NEW TYPE", "CREATE NEW TYPES"], S("CREATE NEW RELATIONSHIP TYPE", "database")],
  [["CREATE NEW PROPERTY NAME", "CREATE NEW PROPERTY NAMES", "CREATE NEW NAME", "CREATE NEW NAMES"], S("CREATE NEW PROPERTY NAME", "database")],
  [["NAME MANAGEMENT", "NAME"], S("NAME MANAGEMENT", "database")],
  [["SHOW TRANSACTION", "SHOW TRANSACTIONS"], S("SHOW TRANSACTION", "database", "users")],
  [["TERMINATE TRANSACTION", "TERMINATE TRANSACTIONS"], S("TERMINATE TRANSACTION", "database", "users")],
  [["TRANSACTION MANAGEMENT", "TRANSACTION"], S("TRANSACTION MANAGEMENT", "database", "users")],
  [["ALL DATABASE PRIVILEGES", "ALL DATABASE", "ALL PRIVILEGES"], S("ALL DATABASE PRIVILEGES", "database")],
  [["ROLE MANAGEMENT"], S("ROLE MANAGEMENT", "dbms")],
  [["CREATE ROLE"], S("CREATE ROLE", "dbms")],
  [["RENAME ROLE"], S("RENAME ROLE", "dbms")],
  [["DROP ROLE"], S("DROP ROLE", "dbms")],
  [["ASSIGN ROLE"], S("ASSIGN ROLE", "dbms")],
  [["REMOVE ROLE"], S("REMOVE ROLE", "dbms")],
  [["SHOW ROLE", "SHOW ROLES"], S("SHOW ROLE", "dbms")],
  [["USER MANAGEMENT"], S("USER MANAGEMENT", "dbms")],
  [["CREATE USER"], S("CREATE USER", "dbms")],
  [["RENAME USER"], S("RENAME USER", "dbms")],
  [["DROP USER"], S("DROP USER", "dbms")],
  [["SHOW USER", "SHOW USERS"], S("SHOW USER", "dbms")],
  [["ALTER USER"], S("ALTER USER", "dbms")],
  [["SET PASSWORD", "SET PASSWORDS"], S("SET PASSWORD", "dbms")],
  [["SET AUTH"], S("SET AUTH", "dbms", "none", { since: [5, 24] })],
  [["SET USER STATUS"], S("SET USER STATUS", "dbms")],
  [["SET USER HOME DATABASE"], S("SET USER HOME DATABASE", "dbms")],
  [["SET USER METADATA"], S("SET USER METADATA", "dbms", "none", { since: [2026, 6], cypher25: true })],
  [["SHOW USER METADATA"], S("SHOW USER METADATA", "dbms", "none", { since: [2026, 6], cypher25: true })],
  [["USER METADATA MANAGEMENT"], S("USER METADATA MANAGEMENT", "dbms", "none", { since: [2026, 6], cypher25: true })],
  [["DATABASE MANAGEMENT"], S("DATABASE MANAGEMENT", "dbms")],
  [["CREATE DATABASE"], S("CREATE DATABASE", "dbms")],
  [["DROP DATABASE"], S("DROP DATABASE", "dbms")],
  [["ALTER DATABASE"], S("ALTER DATABASE", "dbms-or-database", "none", { dbSince: [2025, 8] })],
  [["SET DATABASE ACCESS"], S("SET DATABASE ACCESS", "dbms-or-database", "none", { dbSince: [2025, 8] })],
  [["SET DATABASE DEFAULT LANGUAGE"], S("SET DATABASE DEFAULT LANGUAGE", "dbms-or-database", "none", { since: [2025, 6], dbSince: [2025, 8] })],
  [["COMPOSITE DATABASE MANAGEMENT"], S("COMPOSITE DATABASE MANAGEMENT", "dbms")],
  [["CREATE COMPOSITE DATABASE"], S("CREATE COMPOSITE DATABASE", "dbms")],
  [["DROP COMPOSITE DATABASE"], S("DROP COMPOSITE DATABASE", "dbms")],
  [["ALTER COMPOSITE DATABASE"], S("ALTER COMPOSITE DATABASE", "dbms-or-database", "none", { since: [2025, 6], dbSince: [2025, 8] })],
  [["ALIAS MANAGEMENT"], S("ALIAS MANAGEMENT", "dbms")],
  [["CREATE ALIAS"], S("CREATE ALIAS", "dbms")],
  [["DROP ALIAS"], S("DROP ALIAS", "dbms")],
  [["ALTER ALIAS"], S("ALTER ALIAS", "dbms")],
  [["SHOW ALIAS"], S("SHOW ALIAS", "dbms")],
  [["AUTH RULE MANAGEMENT"], S("AUTH RULE MANAGEMENT", "dbms", "none", { since: [2026, 3], cypher25: true })],
  [["CREATE AUTH RULE"], S("CREATE AUTH RULE", "dbms", "none", { since: [2026, 3], cypher25: true })],
  [["RENAME AUTH RULE"], S("RENAME AUTH RULE", "dbms", "none", { since: [2026, 3], cypher25: true })],
  [["ALTER AUTH RULE"], S("ALTER AUTH RULE", "dbms", "none", { since: [2026, 3], cypher25: true })],
  [["DROP AUTH RULE"], S("DROP AUTH RULE", "dbms", "none", { since: [2026, 3], cypher25: true })],
  [["SHOW AUTH RULE", "SHOW AUTH RULES"], S("SHOW AUTH RULE", "dbms", "none", { since: [2026, 3], cypher25: true })],
  [["PRIVILEGE MANAGEMENT"], S("PRIVILEGE MANAGEMENT", "dbms")],
  [["SHOW PRIVILEGE", "SHOW PRIVILEGES"], S("SHOW PRIVILEGE", "dbms")],
  [["ASSIGN PRIVILEGE"], S("ASSIGN PRIVILEGE", "dbms")],
  [["REMOVE PRIVILEGE"], S("REMOVE PRIVILEGE", "dbms")],
  [["SERVER MANAGEMENT"], S("SERVER MANAGEMENT", "dbms")],
  [["SHOW SERVERS", "SHOW SERVER"], S("SHOW SERVERS", "dbms")],
  [["IMPERSONATE"], S("IMPERSONATE", "dbms", "users")],
  [["EXECUTE PROCEDURE", "EXECUTE PROCEDURES"], S("EXECUTE PROCEDURE", "dbms", "glob")],
  [["EXECUTE BOOSTED PROCEDURE", "EXECUTE BOOSTED PROCEDURES"], S("EXECUTE BOOSTED PROCEDURE", "dbms", "glob")],
  [["EXECUTE ADMIN PROCEDURES", "EXECUTE ADMINISTRATOR PROCEDURES"], S("EXECUTE ADMIN PROCEDURES", "dbms")],
  [["EXECUTE FUNCTION", "EXECUTE FUNCTIONS", "EXECUTE USER DEFINED FUNCTION", "EXECUTE USER DEFINED FUNCTIONS"], S("EXECUTE FUNCTION", "dbms", "glob")],
  [["EXECUTE BOOSTED FUNCTION", "EXECUTE BOOSTED FUNCTIONS", "EXECUTE BOOSTED USER DEFINED FUNCTION", "EXECUTE BOOSTED USER DEFINED FUNCTIONS"], S("EXECUTE BOOSTED FUNCTION", "dbms", "glob")],
  [["SHOW SETTING", "SHOW SETTINGS"], S("SHOW SETTING", "dbms", "glob")],
  [["ALL DBMS PRIVILEGES", "ALL DBMS", "ALL PRIVILEGES ON DBMS"], S("ALL DBMS PRIVILEGES", "dbms")],
];
const SPELLINGS = SPECS.flatMap(([forms, spec]) => forms.map((f) => ({ words: f.split(" "), spec }))).sort((a, b) => b.words.length - a.words.length);

// ---------------------------------------------------------------------------------------------------------
// Reading a GRANT / DENY / REVOKE

export interface Command {
  verb: "GRANT" | "DENY" | "REVOKE";
  /** REVOKE GRANT / REVOKE DENY; null for a plain REVOKE (both). */
  revokes: "GRANT" | "DENY" | null;
  immutable: boolean;
  /** The printed rows' bodies (without `GRANT|DENY ` and ` TO role`). */
  bodies: string[];
  roles: string[];
  /** The graph/database names the command names (to resolve local aliases to their targets). */
  targets: string[];
  printed: string;
  cidr: boolean;
  rule: { relationship: boolean; temporal: boolean } | null;
}

export interface ReadContext {
  version: Version;
  language: 5 | 25;
  params: Record<string, unknown>;
  /** Local alias name -> target (privileges on a local alias are recorded on its target). */
  localTarget: (name: string) => string | undefined;
}

class Reader {
  i = 0;
  constructor(
    readonly t: Tok[],
    readonly ctx: ReadContext,
  ) {}
  word(w: string, k = 0): boolean {
    const x = this.t[this.i + k];
    return x?.t === "word" && x.v.toUpperCase() === w;
  }
  eat(w: string): boolean {
    if (!this.word(w)) return false;
    this.i++;
    return true;
  }
  sym(s: string, k = 0): boolean {
    const x = this.t[this.i + k];
    return x?.t === "sym" && x.v === s;
  }
  eatSym(s: string): boolean {
    if (!this.sym(s)) return false;
    this.i++;
    return true;
  }
  must(w: string) {
    if (!this.eat(w)) syntax(`Invalid input '${this.t[this.i]?.v ?? "EOF"}': expected '${w}'`);
  }
  mustSym(s: string) {
    if (!this.eatSym(s)) syntax(`Invalid input '${this.t[this.i]?.v ?? "EOF"}': expected '${s}'`);
  }
  name(): string {
    const x = this.t[this.i];
    if (x && (x.t === "name" || x.t === "word")) {
      this.i++;
      return x.v;
    }
    if (x?.t === "param") {
      this.i++;
      const v = this.ctx.params[x.v];
      if (typeof v !== "string") syntax(`Expected parameter $${x.v} to be a string`);
      return v as string;
    }
    return syntax(`Invalid input '${x?.v ?? "EOF"}': expected a name`);
  }
  list(allowStar = true): string[] {
    if (allowStar && this.eatSym("*")) return ["*"];
    const out = [this.name()];
    while (this.eatSym(",")) out.push(this.name());
    return out;
  }
  /** A database name, Cypher 5 allowing `a`.`b` parts. */
  db(): string {
    if (this.eatSym("*")) return "*";
    let n = this.name();
    while (this.sym(".") && this.t[this.i + 1] && ["name", "word"].includes(this.t[this.i + 1].t)) {
      this.i++;
      n += "." + this.name();
    }
    return n;
  }
  glob(): string {
    let out = "";
    let end = -1;
    while (this.i < this.t.length) {
      const x = this.t[this.i];
      if (out && x.start !== end) break;
      if (x.t === "word" || x.t === "num" || (x.t === "sym" && (x.v === "." || x.v === "*" || x.v === "?"))) out += x.v;
      else if (x.t === "name") out += x.v;
      else break;
      end = x.end;
      this.i++;
    }
    if (!out) syntax("expected a procedure, function or setting name");
    return out;
  }
  value(): Value {
    const x = this.t[this.i++];
    if (!x) return syntax("expected a value");
    if (x.t === "str") return { k: "str", v: x.v };
    if (x.t === "num") return /[.eE]/.test(x.v) ? { k: "float", v: Number(x.v) } : { k: "int", v: Number(x.v) };
    if (x.t === "sym" && x.v === "-" && this.t[this.i]?.t === "num") {
      const n = this.value() as { k: "int" | "float"; v: number };
      return { k: n.k, v: -n.v };
    }
    if (x.t === "word" && /^(true|false)$/i.test(x.v)) return { k: "bool", v: x.v.toLowerCase() === "true" };
    if (x.t === "word" && /^null$/i.test(x.v)) throw new FakeRefusal("Neo.ClientError.Statement.SyntaxError", "42I06", "Failed to administer property rule. The property value access rule pattern always evaluates to `NULL`. Use `IS NULL` instead.");
    if (x.t === "sym" && x.v === "[") {
      const items: Value[] = [];
      if (!this.eatSym("]")) {
        do items.push(this.value());
        while (this.eatSym(","));
        this.mustSym("]");
      }
      return { k: "list", v: items };
    }
    if (x.t === "param") return paramValue(this.ctx.params[x.v], x.v);
    if (x.t === "word" && this.sym("(")) {
      // The server (and the official parser) refuse function calls: only literal-based predicates.
      throw new FakeRefusal("Neo.ClientError.Statement.SyntaxError", "42I06", `Failed to administer property rule. The expression \`${x.v}(...)\` is not supported. Only single, literal-based predicate expressions are allowed for property-based access control.`);
    }
    return syntax(`Invalid input '${x.v}': expected a literal`);
  }
}

/** A bolt parameter as a rule value: strings, numbers, booleans, lists and the temporal structures. */
function paramValue(v: unknown, name: string): Value {
  if (v === undefined) throw new FakeRefusal("Neo.ClientError.Statement.ParameterMissing", "42N51", `Expected parameter(s): ${name}`);
  if (typeof v === "string") return { k: "str", v };
  if (typeof v === "boolean") return { k: "bool", v };
  if (typeof v === "number" || typeof v === "bigint") return { k: "int", v: Number(v) };
  if (Array.isArray(v)) return { k: "list", v: v.map((x) => paramValue(x, name)) };
  const s = v as { signature?: number; fields?: unknown[] };
  if (typeof s.signature === "number" && Array.isArray(s.fields)) return temporalStructure(s.signature, s.fields.map(Number));
  return syntax(`unsupported parameter $${name}`);
}

const pad = (n: number, w = 2) => String(Math.trunc(Math.abs(n))).padStart(w, "0");
/** java.time's toString: seconds left out when zero, nanoseconds in groups of three. */
function clockText(nanosOfDay: number): string {
  const h = Math.floor(nanosOfDay / 3.6e12);
  const m = Math.floor((nanosOfDay % 3.6e12) / 6e10);
  const sec = Math.floor((nanosOfDay % 6e10) / 1e9);
  const ns = nanosOfDay % 1e9;
  let t = `${pad(h)}:${pad(m)}`;
  if (sec || ns) t += `:${pad(sec)}`;
  if (ns) t += "." + (ns % 1e6 === 0 ? pad(ns / 1e6, 3) : ns % 1e3 === 0 ? pad(ns / 1e3, 6) : pad(ns, 9));
  return t;
}
const offsetText = (sec: number) => (sec === 0 ? "Z" : `${sec < 0 ? "-" : "+"}${pad(Math.abs(sec) / 3600)}:${pad((Math.abs(sec) % 3600) / 60)}`);
function dateText(epochDays: number): string {
  return new Date(epochDays * 86_400_000).toISOString().slice(0, 10);
}
/** Bolt 5 temporal structures: D date, t localtime, T time, d localdatetime, I datetime (UTC seconds + offset). */
function temporalStructure(sig: number, f: number[]): Value {
  switch (String.fromCharCode(sig)) {
    case "D":
      return { k: "temporal", fn: "date", text: dateText(f[0]) };
    case "t":
      return { k: "temporal", fn: "localtime", text: clockText(f[0]) };
    case "T":
      return { k: "temporal", fn: "time", text: clockText(f[0]) + offsetText(f[1]) };
    case "d": {
      const days = Math.floor(f[0] / 86400);
      return { k: "temporal", fn: "localdatetime", text: `${dateText(days)}T${clockText(((f[0] - days * 86400) * 1e9) + f[1])}` };
    }
    case "I": {
      const local = f[0] + f[2];
      const days = Math.floor(local / 86400);
      return { k: "temporal", fn: "datetime", text: `${dateText(days)}T${clockText(((local - days * 86400) * 1e9) + f[1])}${offsetText(f[2])}` };
    }
  }
  return syntax(`unsupported structure 0x${sig.toString(16)}`);
}

/** `FOR (v:A|B) WHERE [NOT] v.p <op> value`, `FOR (v:A {p: value})`, `FOR ()-[v:T]-() WHERE ...`. */
function readRule(r: Reader): { text: string; relationship: boolean; temporal: boolean } {
  r.mustSym("(");
  let relationship = false;
  let variable = "";
  let labels: string[] = [];
  let where = "";
  let temporal = false;
  const cond = (v: string): string => {
    const not = r.eat("NOT");
    if (r.name() !== v) syntax("the property rule must use the pattern's variable");
    r.mustSym(".");
    const prop = r.name();
    let rest: string;
    if (r.eat("IS")) {
      const isNot = r.eat("NOT");
      r.must("NULL");
      rest = isNot ? "IS NOT NULL" : "IS NULL";
    } else if (r.eat("IN")) {
      const value = r.value();
      if (value.k !== "list") syntax("IN takes a list");
      rest = `IN ${printValue(value)}`;
    } else {
      const op = r.t[r.i++];
      if (op?.t !== "sym" || !["=", "<>", "<", "<=", ">", ">="].includes(op.v)) syntax("expected a comparison");
      const value = r.value();
      if (value.k === "temporal") temporal = true;
      rest = `${op.v} ${printValue(value)}`;
    }
    return `WHERE ${not ? "NOT " : ""}${v}.${sym(prop)} ${rest}`;
  };
  const labelList = () => {
    if (r.eatSym(":")) {
      labels = [r.name()];
      while (r.eatSym("|")) labels.push(r.name());
    }
  };
  const inside = (close: string, dflt: string) => {
    if (r.eatSym("{")) {
      const prop = r.name();
      r.mustSym(":");
      const value = r.value();
      if (value.k === "temporal") temporal = true;
      r.mustSym("}");
      variable ||= dflt;
      where = `WHERE ${variable}.${sym(prop)} = ${printValue(value)}`;
    } else if (r.eat("WHERE")) where = cond(variable);
    r.mustSym(close);
  };
  if (r.eatSym(")")) {
    relationship = true;
    r.eatSym("<");
    r.mustSym("-");
    r.mustSym("[");
    if (!r.sym(":") && !r.sym("]") && !r.sym("{")) variable = r.name();
    labelList();
    inside("]", "r");
    r.mustSym("-");
    r.eatSym(">");
    r.mustSym("(");
    r.mustSym(")");
  } else {
    if (!r.sym(":") && !r.sym(")") && !r.sym("{")) variable = r.name();
    labelList();
    inside(")", "n");
  }
  if (!where) {
    r.must("WHERE");
    where = cond(variable);
  }
  const lbl = labels.length ? `:${labels.map(sym).join("|")}` : "";
  const pattern = relationship ? `()-[${sym(variable)}${lbl}]-()` : `(${sym(variable)}${lbl})`;
  return { text: `FOR ${pattern} ${where}`, relationship, temporal };
}

/** Reads a privilege command (after any CYPHER prefix); throws FakeSyntaxError or FakeRefusal as the server would. */
export function readCommand(text: string, ctx: ReadContext): Command | null {
  const r = new Reader(lex(text), ctx);
  const verb = r.eat("GRANT") ? "GRANT" : r.eat("DENY") ? "DENY" : r.eat("REVOKE") ? "REVOKE" : null;
  if (!verb) return null;
  let immutable = r.eat("IMMUTABLE");
  let revokes: Command["revokes"] = null;
  if (verb === "REVOKE") {
    revokes = r.eat("GRANT") ? "GRANT" : r.eat("DENY") ? "DENY" : null;
    immutable = r.eat("IMMUTABLE") || immutable;
  }
  const found = SPELLINGS.find((s) => s.words.every((w, k) => r.word(w, k)));
  if (!found) syntax(`Invalid input '${r.t[r.i]?.v}': not a privilege`);
  r.i += found!.words.length;
  const spec = found!.spec;
  const v = ctx.version;
  if (spec.since && !atLeast(v, ...spec.since)) syntax(`Invalid input: ${spec.printed} does not exist before Neo4j ${versionText(spec.since)}`);
  if (spec.cypher25 && ctx.language !== 25) syntax(`Invalid input '${spec.printed}': Cypher 25 syntax`);
  // Qualifier.
  let quals: string[] = [""];
  if (spec.qual === "props") {
    r.mustSym("{");
    quals = r.list().map((p) => ` {${sym(p)}}`);
    r.mustSym("}");
  } else if (spec.qual === "labels") quals = r.list().map((l) => ` ${sym(l)}`);
  else if (spec.qual === "users") {
    if (r.eatSym("(")) {
      quals = r.list().map((u) => ` (${sym(u)})`);
      r.mustSym(")");
    } else quals = [" (*)"];
  } else if (spec.qual === "glob") {
    const globs = [r.glob()];
    while (r.eatSym(",")) globs.push(r.glob());
    quals = globs.map((g) => ` ${g}`);
  }
  r.must("ON");
  // Scope.
  let scopes: string[];
  const targets: string[] = [];
  let cidr = false;
  if (spec.kind === "load") {
    if (r.eat("ALL")) {
      r.must("DATA");
      if (!atLeast(v, 5, 13)) syntax("Invalid input 'LOAD': LOAD privileges exist from Neo4j 5.13");
      scopes = ["ALL DATA"];
    } else if (r.eat("CIDR")) {
      if (!atLeast(v, 5, 16)) syntax("Invalid input 'CIDR': LOAD ON CIDR exists from Neo4j 5.16");
      const c = r.t[r.i++];
      const value = c?.t === "param" ? ctx.params[c.v] : c?.t === "str" ? c.v : syntax("expected a CIDR string");
      if (typeof value !== "string" || !/^[0-9a-fA-F.:]+\/\d{1,3}$/.test(value)) throw new FakeRefusal("Neo.ClientError.Statement.ArgumentError", "22N04", `Invalid CIDR: ${String(value)}`);
      scopes = [`CIDR ${quote(value)}`];
      cidr = true;
    } else return syntax("LOAD takes ON ALL DATA or ON CIDR");
  } else if (r.eat("DBMS")) {
    if (spec.kind !== "dbms" && spec.kind !== "dbms-or-database") syntax(`Invalid input 'DBMS': ${spec.printed} is not a DBMS privilege`);
    scopes = ["DBMS"];
  } else if (r.eat("HOME") || r.eat("DEFAULT")) {
    const which = r.t[r.i - 1].v.toUpperCase();
    if (r.eat("GRAPH")) scopes = [`${which} GRAPH`];
    else {
      r.must("DATABASE");
      scopes = [`${which} DATABASE`];
    }
  } else if (r.eat("GRAPH") || r.eat("GRAPHS")) {
    const names = [r.db()];
    while (r.eatSym(",")) names.push(r.db());
    targets.push(...names);
    scopes = names.map((n) => `GRAPH ${dbName(ctx.localTarget(n) ?? n)}`);
  } else if (r.eat("DATABASE") || r.eat("DATABASES")) {
    const names = [r.db()];
    while (r.eatSym(",")) names.push(r.db());
    targets.push(...names);
    scopes = names.map((n) => `DATABASE ${dbName(ctx.localTarget(n) ?? n)}`);
  } else return syntax(`Invalid input '${r.t[r.i]?.v}': expected a scope`);
  const isGraph = scopes[0].endsWith("GRAPH") || scopes[0].startsWith("GRAPH");
  const isDb = scopes[0].endsWith("DATABASE") || scopes[0].startsWith("DATABASE");
  if (spec.kind === "graph" && !isGraph) syntax(`Invalid input: ${spec.printed} is a graph privilege`);
  if (spec.kind === "database" && !isDb) syntax(`Invalid input: ${spec.printed} is a database privilege`);
  if (spec.kind === "dbms-or-database" && isDb && (ctx.language !== 25 || !atLeast(v, ...spec.dbSince!))) syntax(`Invalid input 'DATABASE': expected 'DBMS'`);
  if (spec.kind === "dbms" && !scopes[0].startsWith("DBMS")) syntax(`Invalid input: expected 'DBMS'`);
  // Segment.
  let segments = [""];
  let rule: Command["rule"] = null;
  if (spec.elements) {
    if (r.eat("NODE") || r.eat("NODES")) segments = r.list().map((l) => ` NODE ${sym(l)}`);
    else if (r.eat("RELATIONSHIP") || r.eat("RELATIONSHIPS")) segments = r.list().map((t) => ` RELATIONSHIP ${sym(t)}`);
    else if (r.eat("ELEMENT") || r.eat("ELEMENTS")) segments = r.list().flatMap((e) => [` NODE ${sym(e)}`, ` RELATIONSHIP ${sym(e)}`]);
    else if (spec.rules && r.eat("FOR")) {
      if (!atLeast(v, 5, 20)) syntax("Invalid input 'FOR': property-based access control exists from Neo4j 5.20");
      const parsed = readRule(r);
      if (parsed.relationship && !atLeast(v, 2025, 4)) syntax("Invalid input '(': relationship property rules exist from Neo4j 2025.04");
      if (parsed.temporal && !atLeast(v, 5, 26)) syntax("temporal values in property rules exist from Neo4j 5.26");
      segments = [` ${parsed.text}`];
      rule = { relationship: parsed.relationship, temporal: parsed.temporal };
    } else segments = [" NODE *", " RELATIONSHIP *"];
  }
  if (!r.eat(verb === "REVOKE" ? "FROM" : "TO")) syntax(`Invalid input '${r.t[r.i]?.v ?? "EOF"}': expected '${verb === "REVOKE" ? "FROM" : "TO"}'`);
  const roles = r.list(false);
  if (r.i < r.t.length) syntax(`Invalid input '${r.t[r.i].v}': expected end of input`);
  const bodies: string[] = [];
  for (const scope of scopes) for (const q of quals) for (const seg of segments) bodies.push(`${spec.printed}${q} ON ${scope}${seg}`);
  return { verb, revokes, immutable, bodies, roles, targets, printed: spec.printed, cidr, rule };
}

/** The printed row of one body for one role. */
export const printRow = (action: "GRANT" | "DENY", body: string, role: string) => `${action} ${body} TO ${bq(role)}`;

/** Reprints a stored row (so a hand-written row in another spelling compares equal); null when unreadable. */
export function canonicalRow(row: string, version: Version): string | null {
  try {
    const c = readCommand(row, { version, language: 25, params: {}, localTarget: () => undefined });
    if (!c || c.verb === "REVOKE" || c.bodies.length !== 1 || c.roles.length !== 1) return null;
    return printRow(c.verb, c.bodies[0], c.roles[0]);
  } catch {
    return null;
  }
}

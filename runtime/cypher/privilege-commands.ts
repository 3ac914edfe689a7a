/**
 * Privileges as the server shows them. `SHOW PRIVILEGES AS COMMANDS` prints one row per element, label,
 * property and user (the manual's access-control tutorial: `DENY READ {name, address, ssn} ON GRAPH healthcare
 * NODES Patient` comes back as three rows), in a canonical form: `SET PASSWORD` (never PASSWORDS), `NODE` and
 * `GRAPH` singular, role and database names always backtick-quoted, labels, properties and users quoted only
 * when they are not valid unescaped symbolic names (docs/vendor-facts.md "Neo4j access").
 *
 * So each declared privilege is expanded into ATOMS, one per row the server would print, and each server row
 * is PARSED (tokenized, never pattern-matched) into atoms; the planner compares atoms by a key that ignores
 * spelling (quoting, plural keywords, the rule's variable, string quote style, database name case). Statements
 * sent to the server are rendered from atoms with every name backtick-quoted and temporal values as parameters.
 *
 * Hand-written: no library renders or parses Neo4j privilege commands (the official parser,
 * @neo4j-cypher/language-support, is used in the tests to check every form rendered here).
 */
import {
  canonicalCidr,
  canonicalTemporal,
  catalogEntry,
  needsCypher25,
  PRIVILEGE_CATALOG,
  PRIVILEGE_NAMES,
  ruleLabels,
  temporalOf,
  TEMPORAL_KINDS,
  type Privilege,
  type PrivilegeName,
  type RuleOperator,
  type RuleValue,
  type ScalarValue,
  type TemporalKind,
} from "../../domain/neo4j/privileges";
import { UserError } from "../cli/errors";
import { CypherTokenError, tokenize, type Token } from "./cypher-tokens";
import type { ParamValue, Statement } from "./model";

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
export function cypherLiteral(v: ScalarValue): string {
  if (typeof v === "string") return `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new UserError(`${v} is not a finite number`);
    return String(v);
  }
  return v ? "true" : "false";
}

// ---------------------------------------------------------------------------------------------------------
// Atoms

export type ScopeAtom =
  | { kind: "dbms" }
  | { kind: "database" | "graph"; name: string }
  | { kind: "home-database" | "home-graph" }
  | { kind: "all-data" }
  | { kind: "cidr"; cidr: string };

export type RuleAtom = { kind: "rule"; element: "node" | "relationship"; labels: string[]; property: string; not: boolean; operator: RuleOperator; value?: RuleValue };
export type SegmentAtom = { kind: "node" | "relationship"; name: string } | RuleAtom;
export type QualifierAtom = { kind: "property" | "label" | "user" | "glob"; name: string };

/** One row of SHOW PRIVILEGES AS COMMANDS. */
export interface PrivilegeAtom {
  action: "GRANT" | "DENY";
  /** The privilege as the server prints it ("SET PASSWORD", "CREATE NEW NODE LABEL"). */
  command: string;
  qualifier?: QualifierAtom;
  scope: ScopeAtom;
  segment?: SegmentAtom;
  role: string;
  /** The server's `immutable` column (or an IMMUTABLE keyword in the row). */
  immutable?: boolean;
}

/** The command name the server prints for a privilege (`CREATE NEW LABEL` is printed `CREATE NEW NODE LABEL`). */
export function commandName(p: PrivilegeName): string {
  return (PRIVILEGE_CATALOG[p] as { command?: string }).command ?? p;
}
const NAME_OF_COMMAND = new Map(PRIVILEGE_NAMES.map((n) => [commandName(n), n] as const));

const list = <T>(v: "*" | T[] | undefined, dflt: "*" | null = "*"): ("*" | T)[] => {
  const x = v ?? dflt;
  return x === null ? [] : x === "*" ? ["*"] : x;
};

function scopeOf(p: PrivilegeSpec): ScopeAtom {
  const entry = catalogEntry(p.privilege);
  if (entry.scope === "load") return p.cidr !== undefined ? { kind: "cidr", cidr: p.cidr } : { kind: "all-data" };
  const on = entry.scope === "graph" ? p.graph : p.database;
  const kind = entry.scope === "graph" ? "graph" : "database";
  if (entry.scope === "dbms" && p.database === undefined) return { kind: "dbms" };
  if (on === undefined) return { kind, name: "*" };
  if (typeof on === "object") return { kind: kind === "graph" ? "home-graph" : "home-database" };
  return { kind, name: on };
}

/** Atoms per declared privilege object and role: a plan expands each privilege twice (desired and previous). */
const ATOMS = new WeakMap<object, Map<string, readonly PrivilegeAtom[]>>();

/** The rows `SHOW PRIVILEGES AS COMMANDS` lists for one declared privilege. */
export function privilegeAtoms(role: string, p: PrivilegeSpec): PrivilegeAtom[] {
  let byRole = ATOMS.get(p);
  if (!byRole) ATOMS.set(p, (byRole = new Map()));
  let atoms = byRole.get(role);
  if (!atoms) byRole.set(role, (atoms = Object.freeze(expandAtoms(role, p))));
  return [...atoms];
}

function expandAtoms(role: string, p: PrivilegeSpec): PrivilegeAtom[] {
  const action = p.action ?? "GRANT";
  const entry = catalogEntry(p.privilege);
  const command = commandName(p.privilege);
  const scope = scopeOf(p);
  const has = (q: string) => (entry.qualifiers as readonly string[]).includes(q);
  const base = { action, command, scope, role } as const;
  if (entry.scope !== "graph") {
    if (has("users")) return list(p.users).map((u) => ({ ...base, qualifier: { kind: "user", name: u } }));
    const globs = has("procedures") ? p.procedures : has("functions") ? p.functions : has("settings") ? p.settings : null;
    if (globs !== null) return list(globs).map((g) => ({ ...base, qualifier: { kind: "glob", name: g } }));
    return [{ ...base }];
  }
  if (has("labels")) return list(p.labels).map((l) => ({ ...base, qualifier: { kind: "label", name: l } }));
  const props: (QualifierAtom | undefined)[] = has("properties") ? list(p.properties).map((x) => ({ kind: "property", name: x })) : [undefined];
  let segs: (SegmentAtom | undefined)[] = [undefined];
  if (p.where) {
    const w = p.where;
    segs = [{ kind: "rule", element: w.relationship ? "relationship" : "node", labels: ruleLabels(w), property: w.property, not: w.not === true, operator: w.operator, value: w.value }];
  } else if (has("segments")) {
    const nodes = p.nodes ?? (p.relationships ? undefined : "*");
    const rels = p.relationships ?? (p.nodes ? undefined : "*");
    segs = [...list(nodes, null).map((l): SegmentAtom => ({ kind: "node", name: l })), ...list(rels, null).map((t): SegmentAtom => ({ kind: "relationship", name: t }))];
  }
  const out: PrivilegeAtom[] = [];
  for (const qualifier of props) for (const segment of segs) out.push({ ...base, ...(qualifier ? { qualifier } : {}), ...(segment ? { segment } : {}) });
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Rendering (what we send: every name backtick-quoted, temporal values as parameters)

function scopeText(s: ScopeAtom): string {
  switch (s.kind) {
    case "dbms":
      return "ON DBMS";
    case "database":
      return `ON DATABASE ${quoteOrStar(s.name)}`;
    case "graph":
      return `ON GRAPH ${quoteOrStar(s.name)}`;
    case "home-database":
      return "ON HOME DATABASE";
    case "home-graph":
      return "ON HOME GRAPH";
    case "all-data":
      return "ON ALL DATA";
    case "cidr":
      return `ON CIDR ${cypherLiteral(s.cidr)}`;
  }
}

function ruleText(r: RuleAtom, params: Record<string, ParamValue>): string {
  const v = r.element === "node" ? "n" : "r";
  const labels = r.labels.length ? `:${r.labels.map(quoteIdent).join("|")}` : "";
  const pattern = r.element === "node" ? `(n${labels})` : `()-[r${labels}]-()`;
  let cond: string;
  if (r.operator === "IS NULL" || r.operator === "IS NOT NULL") cond = r.operator;
  else if (Array.isArray(r.value)) cond = `${r.operator} [${r.value.map(cypherLiteral).join(", ")}]`;
  else {
    const t = temporalOf(r.value);
    if (t) {
      // Temporal values have no literal form the parser accepts in a rule; as a typed parameter they do.
      params.value = { $temporal: { kind: t.kind, text: t.text } };
      cond = `${r.operator} $value`;
    } else cond = `${r.operator} ${cypherLiteral(r.value as ScalarValue)}`;
  }
  return `FOR ${pattern} WHERE ${r.not ? "NOT " : ""}${v}.${quoteIdent(r.property)} ${cond}`;
}

/** The body of a row: everything between GRANT/DENY and TO role. */
function bodyText(a: PrivilegeAtom, params: Record<string, ParamValue>): string {
  const parts = [a.command];
  const q = a.qualifier;
  if (q?.kind === "property") parts[0] += ` {${quoteOrStar(q.name)}}`;
  if (q?.kind === "label") parts.push(quoteOrStar(q.name));
  if (q?.kind === "user") parts.push(`(${quoteOrStar(q.name)})`);
  if (q?.kind === "glob") parts.push(q.name);
  parts.push(scopeText(a.scope));
  const s = a.segment;
  if (s?.kind === "node") parts.push(`NODE ${quoteOrStar(s.name)}`);
  if (s?.kind === "relationship") parts.push(`RELATIONSHIP ${quoteOrStar(s.name)}`);
  if (s?.kind === "rule") parts.push(ruleText(s, params));
  return parts.join(" ");
}

/** Statements whose syntax exists only in Cypher 25 carry the prefix (valid on every server that has Cypher 25). */
function atomNeedsCypher25(a: PrivilegeAtom): boolean {
  const name = NAME_OF_COMMAND.get(a.command);
  if (!name) return false;
  return needsCypher25({ privilege: name, database: a.scope.kind === "database" || a.scope.kind === "home-database" ? "x" : undefined } as Pick<Privilege, "privilege" | "database">);
}

function statement(text: string, a: PrivilegeAtom, params: Record<string, ParamValue>): Statement {
  return { query: atomNeedsCypher25(a) ? `CYPHER 25 ${text}` : text, params };
}

/** `GRANT|DENY <row> TO role`. */
export function grantAtom(a: PrivilegeAtom): Statement {
  const params: Record<string, ParamValue> = {};
  return statement(`${a.action} ${bodyText(a, params)} TO ${quoteIdent(a.role)}`, a, params);
}

/** `REVOKE GRANT|DENY <row> FROM role`: removes exactly that row (and, without IMMUTABLE, an immutable twin too). */
export function revokeAtom(a: PrivilegeAtom): Statement {
  const params: Record<string, ParamValue> = {};
  return statement(`REVOKE ${a.action} ${bodyText(a, params)} FROM ${quoteIdent(a.role)}`, a, params);
}

/** The GRANT/DENY statements for one declared privilege, one per row the server will print. */
export function privilegeStatements(role: string, p: PrivilegeSpec): Statement[] {
  return privilegeAtoms(role, p).map(grantAtom);
}

// ---------------------------------------------------------------------------------------------------------
// Comparing

function valueKey(v: RuleValue | undefined): unknown {
  if (v === undefined) return null;
  if (Array.isArray(v)) return v.map((x) => valueKey(x));
  const t = temporalOf(v);
  if (t) return { [t.kind]: canonicalTemporal(t.kind, t.text) ?? t.text };
  return v;
}

/**
 * The identity of a row, independent of how it is spelled: database names compared lowercase (the server
 * stores them so), rule labels as a set, values canonical, CIDRs normalized. `immutable` is not part of it.
 */
export function atomKey(a: PrivilegeAtom): string {
  let key = KEYS.get(a);
  if (key !== undefined) return key;
  const s = a.scope;
  const scope = s.kind === "database" || s.kind === "graph" ? [s.kind, s.name.toLowerCase()] : s.kind === "cidr" ? [s.kind, safeCidr(s.cidr)] : [s.kind];
  const g = a.segment;
  const seg = !g ? null : g.kind === "rule" ? [g.kind, g.element, [...g.labels].sort(), g.property, g.not, g.operator, valueKey(g.value)] : [g.kind, g.name];
  key = JSON.stringify([a.action, a.command, a.qualifier ? [a.qualifier.kind, a.qualifier.name] : null, scope, seg, a.role]);
  KEYS.set(a, key);
  return key;
}
const KEYS = new WeakMap<PrivilegeAtom, string>();

function safeCidr(text: string): string {
  try {
    return canonicalCidr(text);
  } catch {
    return text;
  }
}

/** The database or graph a row is defined on ("*" for all); null for DBMS, HOME and load rows. */
export function atomTarget(a: PrivilegeAtom): string | null {
  return a.scope.kind === "database" || a.scope.kind === "graph" ? a.scope.name : null;
}

// ---------------------------------------------------------------------------------------------------------
// Reading server rows

/** Spellings the grammar accepts besides the printed one (`SET PASSWORDS`, `TRANSACTION`, plural forms). */
const PHRASE_SYNONYMS: Record<string, string> = {
  "SET PASSWORDS": "SET PASSWORD",
  "SHOW TRANSACTIONS": "SHOW TRANSACTION",
  "TERMINATE TRANSACTIONS": "TERMINATE TRANSACTION",
  TRANSACTION: "TRANSACTION MANAGEMENT",
  "CREATE INDEXES": "CREATE INDEX",
  "DROP INDEXES": "DROP INDEX",
  "SHOW INDEXES": "SHOW INDEX",
  INDEX: "INDEX MANAGEMENT",
  INDEXES: "INDEX MANAGEMENT",
  "CREATE CONSTRAINTS": "CREATE CONSTRAINT",
  "DROP CONSTRAINTS": "DROP CONSTRAINT",
  "SHOW CONSTRAINTS": "SHOW CONSTRAINT",
  CONSTRAINT: "CONSTRAINT MANAGEMENT",
  CONSTRAINTS: "CONSTRAINT MANAGEMENT",
  "CREATE NEW LABEL": "CREATE NEW NODE LABEL",
  "CREATE NEW LABELS": "CREATE NEW NODE LABEL",
  "CREATE NEW NODE LABELS": "CREATE NEW NODE LABEL",
  "CREATE NEW TYPE": "CREATE NEW RELATIONSHIP TYPE",
  "CREATE NEW TYPES": "CREATE NEW RELATIONSHIP TYPE",
  "CREATE NEW RELATIONSHIP TYPES": "CREATE NEW RELATIONSHIP TYPE",
  "CREATE NEW NAME": "CREATE NEW PROPERTY NAME",
  "CREATE NEW NAMES": "CREATE NEW PROPERTY NAME",
  "CREATE NEW PROPERTY NAMES": "CREATE NEW PROPERTY NAME",
  NAME: "NAME MANAGEMENT",
  "SHOW ROLES": "SHOW ROLE",
  "SHOW USERS": "SHOW USER",
  "SHOW ALIASES": "SHOW ALIAS",
  "SHOW PRIVILEGES": "SHOW PRIVILEGE",
  "SHOW SERVER": "SHOW SERVERS",
  "SHOW SETTINGS": "SHOW SETTING",
  "SHOW AUTH RULES": "SHOW AUTH RULE",
  "EXECUTE PROCEDURES": "EXECUTE PROCEDURE",
  "EXECUTE BOOSTED PROCEDURES": "EXECUTE BOOSTED PROCEDURE",
  "EXECUTE ADMINISTRATOR PROCEDURES": "EXECUTE ADMIN PROCEDURES",
  "EXECUTE FUNCTIONS": "EXECUTE FUNCTION",
  "EXECUTE USER DEFINED FUNCTION": "EXECUTE FUNCTION",
  "EXECUTE USER DEFINED FUNCTIONS": "EXECUTE FUNCTION",
  "EXECUTE BOOSTED FUNCTIONS": "EXECUTE BOOSTED FUNCTION",
  "EXECUTE BOOSTED USER DEFINED FUNCTION": "EXECUTE BOOSTED FUNCTION",
  "EXECUTE BOOSTED USER DEFINED FUNCTIONS": "EXECUTE BOOSTED FUNCTION",
};
/** Every phrase by its first word, longest first (so `SET USER HOME DATABASE` wins over a shorter prefix). */
const PHRASES = new Map<string, { words: string[]; command: string }[]>();
for (const p of [
  ...PRIVILEGE_NAMES.map((n) => ({ words: commandName(n).split(" "), command: commandName(n) })),
  ...Object.entries(PHRASE_SYNONYMS).map(([w, c]) => ({ words: w.split(" "), command: c })),
].sort((a, b) => b.words.length - a.words.length)) {
  PHRASES.set(p.words[0], [...(PHRASES.get(p.words[0]) ?? []), p]);
}

class RowParser {
  private i = 0;
  constructor(private readonly t: Token[]) {}

  peek(k = 0): Token | undefined {
    return this.t[this.i + k];
  }
  /** Is the next token this keyword (a bare word, any case)? Backticked names are never keywords. */
  isWord(w: string, k = 0): boolean {
    const x = this.peek(k);
    return x?.kind === "word" && x.text.toUpperCase() === w;
  }
  isPunct(p: string, k = 0): boolean {
    const x = this.peek(k);
    return x?.kind === "punct" && x.text === p;
  }
  word(w: string): boolean {
    if (!this.isWord(w)) return false;
    this.i++;
    return true;
  }
  punct(p: string): boolean {
    if (!this.isPunct(p)) return false;
    this.i++;
    return true;
  }
  expectWord(w: string): void {
    if (!this.word(w)) throw new RowError(`expected ${w}`);
  }
  expectPunct(p: string): void {
    if (!this.punct(p)) throw new RowError(`expected ${p}`);
  }
  done(): boolean {
    return this.i >= this.t.length;
  }
  /** Takes the next token if it is of this kind. */
  take(kind: Token["kind"]): Token | null {
    const x = this.peek();
    if (x?.kind !== kind) return null;
    this.i++;
    return x;
  }

  /**
   * A name: a backtick-quoted name or a bare word. A bare `$x` is a name too: Java's identifier rules let a
   * name start with `$`, so the server may print one bare, and SHOW output holds no parameters.
   */
  name(): string {
    const x = this.peek();
    if (x && (x.kind === "name" || x.kind === "word" || x.kind === "param")) {
      this.i++;
      return x.kind === "param" ? `$${x.text}` : x.text;
    }
    throw new RowError("expected a name");
  }
  /** `*` or a name. */
  nameOrStar(): string {
    return this.punct("*") ? "*" : this.name();
  }
  /** `item, item, ...` */
  commaList(item: () => string): string[] {
    const out = [item()];
    while (this.punct(",")) out.push(item());
    return out;
  }
  /** The roles after TO: names only (never `*`, never a parameter such as SHOW USER PRIVILEGES' `$role`). */
  roles(): string[] {
    return this.commaList(() => {
      const x = this.take("name") ?? this.take("word");
      if (!x) throw new RowError("expected a role name");
      return x.text;
    });
  }
  /** `*` or `name, name, ...`. */
  names(): string[] {
    return this.punct("*") ? ["*"] : this.commaList(() => this.name());
  }
  /**
   * A database name as printed: one name, or dotted parts (`garden.flowers`, `` `garden`.`flowers` `` in
   * Cypher 5), joined with dots.
   */
  databaseName(): string {
    if (this.punct("*")) return "*";
    let out = this.name();
    while (this.isPunct(".") && (this.peek(1)?.kind === "name" || this.peek(1)?.kind === "word")) {
      this.i++;
      out += `.${this.name()}`;
    }
    return out;
  }
  databaseNames(): string[] {
    return this.commaList(() => this.databaseName());
  }
  /** A glob (`apoc.*`, `dbms.cluster*`, `` `my-proc`.x ``): a run of adjacent name, word, `.`, `*`, `?` tokens. */
  glob(): string {
    let out = "";
    let last: Token | undefined;
    for (;;) {
      const x = this.peek();
      if (!x || (last && x.start !== last.end)) break;
      if (x.kind === "word" || x.kind === "name" || x.kind === "number" || (x.kind === "punct" && [".", "*", "?"].includes(x.text))) {
        out += x.text;
        last = x;
        this.i++;
      } else break;
    }
    if (!out) throw new RowError("expected a procedure, function or setting name");
    return out;
  }
  globs(): string[] {
    return this.commaList(() => this.glob());
  }
  /** The longest known privilege phrase at the cursor. */
  phrase(): string {
    const first = this.peek();
    for (const p of first?.kind === "word" ? (PHRASES.get(first.text.toUpperCase()) ?? []) : []) {
      if (p.words.every((w, k) => this.isWord(w, k))) {
        this.i += p.words.length;
        return p.command;
      }
    }
    throw new RowError("not a privilege this tool models");
  }
  value(): RuleValue {
    const x = this.peek();
    if (!x) throw new RowError("expected a value");
    if (this.take("string")) return x.text;
    if (this.take("number")) return Number(x.text);
    if (this.isPunct("-") && this.peek(1)?.kind === "number") {
      this.i++;
      return -Number(this.take("number")!.text);
    }
    if (this.word("TRUE")) return true;
    if (this.word("FALSE")) return false;
    if (this.punct("[")) {
      const items: ScalarValue[] = [];
      if (!this.punct("]")) {
        do {
          const v = this.value();
          if (typeof v === "object") throw new RowError("a list holds only strings, numbers and booleans");
          items.push(v);
        } while (this.punct(","));
        this.expectPunct("]");
      }
      return items;
    }
    if (x.kind === "word" && (TEMPORAL_KINDS as readonly string[]).includes(x.text.toLowerCase()) && this.isPunct("(", 1) && this.peek(2)?.kind === "string") {
      this.i += 2;
      const text = this.take("string")!.text;
      this.expectPunct(")");
      return { [x.text.toLowerCase() as TemporalKind]: text };
    }
    throw new RowError("expected a literal value");
  }
}

class RowError extends Error {}

/** `WHERE [NOT] v.prop <op> value | IS [NOT] NULL | IN [...]` (the variable is checked, its name ignored). */
function parseCondition(p: RowParser, variable: string, rule: Omit<RuleAtom, "property" | "not" | "operator">): RuleAtom {
  const not = p.word("NOT");
  if (p.name() !== variable) throw new RowError("the rule must test the pattern's variable");
  p.expectPunct(".");
  const property = p.name();
  if (p.word("IS")) {
    const isNot = p.word("NOT");
    p.expectWord("NULL");
    return { ...rule, property, not, operator: isNot ? "IS NOT NULL" : "IS NULL" };
  }
  if (p.word("IN")) return { ...rule, property, not, operator: "IN", value: p.value() };
  const op = p.peek();
  if (op?.kind !== "punct" || !["=", "<>", "<", "<=", ">", ">="].includes(op.text)) throw new RowError("expected a comparison");
  p.punct(op.text);
  return { ...rule, property, not, operator: op.text as RuleOperator, value: p.value() };
}

/** `FOR (v:A|B) WHERE ...`, `FOR (v:A {p: value})`, `FOR (v:A WHERE ...)`, `FOR ()-[v:T]-() WHERE ...`. */
function parseRule(p: RowParser): RuleAtom {
  p.expectPunct("(");
  let element: "node" | "relationship" = "node";
  let variable = "";
  const labels: string[] = [];
  let mapRule: RuleAtom | null = null;
  let inner: RuleAtom | null = null;
  const labelList = () => {
    if (p.punct(":")) {
      labels.push(p.name());
      while (p.punct("|")) labels.push(p.name());
    }
  };
  const mapOrWhere = (close: string) => {
    if (p.punct("{")) {
      const property = p.name();
      p.expectPunct(":");
      mapRule = { kind: "rule", element, labels, property, not: false, operator: "=", value: p.value() };
      p.expectPunct("}");
    } else if (p.word("WHERE")) inner = parseCondition(p, variable, { kind: "rule", element, labels });
    p.expectPunct(close);
  };
  if (p.punct(")")) {
    // ()-[v:T]-() with optional arrow heads.
    element = "relationship";
    p.punct("<");
    p.expectPunct("-");
    p.expectPunct("[");
    if (p.peek()?.kind === "name" || p.peek()?.kind === "word") variable = p.name();
    labelList();
    mapOrWhere("]");
    p.expectPunct("-");
    p.punct(">");
    p.expectPunct("(");
    p.expectPunct(")");
  } else {
    if (p.peek()?.kind === "name" || p.peek()?.kind === "word") variable = p.name();
    labelList();
    mapOrWhere(")");
  }
  const done = mapRule ?? inner;
  if (done) return done;
  p.expectWord("WHERE");
  return parseCondition(p, variable, { kind: "rule", element, labels });
}

/** The tokens of a row, or null when it does not tokenize (such a row is not one this tool reads). */
function tokensOrNull(text: string): Token[] | null {
  try {
    return tokenize(text);
  } catch (e) {
    if (e instanceof CypherTokenError) return null;
    throw e;
  }
}

/**
 * Reads one row of SHOW PRIVILEGES AS COMMANDS into atoms (one per listed name, so `NODES A, B` gives two).
 * Null when the row is not a form this tool models (it is then left on the server untouched, and import
 * reports it). Names are read by the tokenizer: a role called ``x` TO `admin`` is one name.
 */
export function parsePrivilegeRow(text: string, immutable = false): PrivilegeAtom[] | null {
  const tokens = tokensOrNull(text);
  if (!tokens) return null;
  const p = new RowParser(tokens);
  try {
    // A `CYPHER 25` prefix (our own statements, e.g. in the plan review) is not part of the row.
    if (p.word("CYPHER") && !p.take("number")) return null;
    const action = p.word("GRANT") ? "GRANT" : p.word("DENY") ? "DENY" : null;
    if (!action) return null;
    const isImmutable = p.word("IMMUTABLE") || immutable;
    const command = p.phrase();
    const name = NAME_OF_COMMAND.get(command)!;
    const entry = catalogEntry(name);
    const has = (q: string) => (entry.qualifiers as readonly string[]).includes(q);
    let qualifiers: (QualifierAtom | undefined)[] = [undefined];
    if (has("properties")) {
      p.expectPunct("{");
      qualifiers = p.names().map((n) => ({ kind: "property", name: n }));
      p.expectPunct("}");
    } else if (has("labels")) qualifiers = p.names().map((n) => ({ kind: "label", name: n }));
    else if (has("users")) {
      if (p.punct("(")) {
        qualifiers = p.names().map((n) => ({ kind: "user", name: n }));
        p.expectPunct(")");
      } else qualifiers = [{ kind: "user", name: "*" }];
    } else if (has("procedures") || has("functions") || has("settings")) {
      qualifiers = (p.punct("*") ? ["*"] : p.globs()).map((n) => ({ kind: "glob", name: n }));
    }
    p.expectWord("ON");
    let scopes: ScopeAtom[];
    if (entry.scope === "load") {
      if (p.word("ALL")) {
        p.expectWord("DATA");
        scopes = [{ kind: "all-data" }];
      } else if (p.word("CIDR")) {
        const c = p.take("string");
        if (!c) throw new RowError("expected a CIDR string");
        scopes = [{ kind: "cidr", cidr: c.text }];
      } else return null;
    } else if (p.word("DBMS")) scopes = [{ kind: "dbms" }];
    else if (p.word("HOME")) scopes = [{ kind: p.word("GRAPH") ? "home-graph" : (p.expectWord("DATABASE"), "home-database") }];
    // DEFAULT GRAPH/DATABASE is not modelled (the config has no way to say it): such rows are left alone.
    else if (p.word("DEFAULT")) return null; else if (p.word("GRAPH") || p.word("GRAPHS")) scopes = p.databaseNames().map((n) => ({ kind: "graph", name: n }));
    else if (p.word("DATABASE") || p.word("DATABASES")) scopes = p.databaseNames().map((n) => ({ kind: "database", name: n }));
    else return null;
    const scopeKind = scopes[0].kind;
    const graphScope = scopeKind === "graph" || scopeKind === "home-graph";
    const dbScope = scopeKind === "database" || scopeKind === "home-database";
    if ((entry.scope === "graph") !== graphScope) return null;
    if (entry.scope === "database" && !dbScope) return null;
    if (entry.scope === "dbms" && dbScope && !entry.databaseScopeSince) return null;
    let segments: (SegmentAtom | undefined)[] = [undefined];
    if (has("segments") || has("where")) {
      if (p.word("NODE") || p.word("NODES")) segments = p.names().map((n) => ({ kind: "node", name: n }));
      else if (p.word("RELATIONSHIP") || p.word("RELATIONSHIPS")) segments = p.names().map((n) => ({ kind: "relationship", name: n }));
      else if (p.word("ELEMENT") || p.word("ELEMENTS")) {
        segments = p.names().flatMap((n): SegmentAtom[] => [
          { kind: "node", name: n },
          { kind: "relationship", name: n },
        ]);
      } else if (has("where") && p.word("FOR")) segments = [parseRule(p)];
      else if (has("segments")) {
        segments = [
          { kind: "node", name: "*" },
          { kind: "relationship", name: "*" },
        ];
      }
    }
    p.expectWord("TO");
    const roles = p.roles();
    if (!p.done()) return null;
    const out: PrivilegeAtom[] = [];
    for (const role of roles)
      for (const scope of scopes)
        for (const qualifier of qualifiers)
          for (const segment of segments) {
            out.push({ action, command, ...(qualifier ? { qualifier } : {}), scope, ...(segment ? { segment } : {}), role, ...(isImmutable ? { immutable: true } : {}) });
          }
    return out;
  } catch (e) {
    if (e instanceof RowError) return null;
    throw e;
  }
}

/**
 * The role a `GRANT|DENY ... TO role` row is for, read by the tokenizer (a form this tool does not model still
 * ends with `TO role`); null when the text does not end so.
 */
export function roleOfRow(text: string): string | null {
  const atoms = parsePrivilegeRow(text);
  if (atoms && atoms.length) return atoms[0].role;
  const t = tokensOrNull(text);
  if (!t) return null;
  const [to, role] = t.slice(-2);
  const first = t[0]?.kind === "word" ? t[0].text.toUpperCase() : "";
  return (first === "GRANT" || first === "DENY") && to?.kind === "word" && to.text.toUpperCase() === "TO" && (role?.kind === "name" || role?.kind === "word") ? role.text : null;
}

// ---------------------------------------------------------------------------------------------------------
// Back into the config shape (cypher import)

/** One atom as a declared privilege (one per row; import does not merge rows). */
export function privilegeOfAtom(a: PrivilegeAtom): Privilege | null {
  const name = NAME_OF_COMMAND.get(a.command);
  if (!name) return null;
  const entry = catalogEntry(name);
  const p: Record<string, unknown> = { action: a.action, privilege: name };
  const s = a.scope;
  if (entry.scope === "graph") p.graph = s.kind === "graph" ? s.name : { home: true };
  else if (s.kind === "database") p.database = s.name;
  else if (s.kind === "home-database") p.database = { home: true };
  else if (s.kind === "all-data") p.allData = true;
  else if (s.kind === "cidr") p.cidr = s.cidr;
  const q = a.qualifier;
  const one = (n: string) => (n === "*" ? "*" : [n]);
  if (q?.kind === "property") p.properties = one(q.name);
  if (q?.kind === "label") p.labels = one(q.name);
  if (q?.kind === "user") p.users = one(q.name);
  if (q?.kind === "glob") p[entry.qualifiers.includes("procedures" as never) ? "procedures" : entry.qualifiers.includes("functions" as never) ? "functions" : "settings"] = one(q.name);
  const seg = a.segment;
  if (seg?.kind === "node") p.nodes = one(seg.name);
  if (seg?.kind === "relationship") p.relationships = one(seg.name);
  if (seg?.kind === "rule") {
    const w: Record<string, unknown> = { property: seg.property, operator: seg.operator };
    if (seg.element === "relationship") {
      w.relationship = true;
      if (seg.labels.length) w.types = [...seg.labels];
    } else if (seg.labels.length === 1) w.label = seg.labels[0];
    else if (seg.labels.length > 1) w.labels = [...seg.labels];
    if (seg.not) w.not = true;
    if (seg.value !== undefined) w.value = seg.value;
    p.where = w;
  }
  return p as unknown as Privilege;
}


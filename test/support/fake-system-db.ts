/**
 * A QueryHandler for the Bolt test server that simulates the parts of Neo4j's `system` database the Cypher
 * reconciler uses: SHOW ROLES / SHOW PRIVILEGES AS COMMANDS [YIELD command, immutable] / SHOW ALIASES FOR
 * DATABASE YIELD * / SHOW USERS / SHOW DATABASES / SHOW AUTH RULES answered from a scripted state, and the
 * CREATE/DROP ROLE, GRANT/DENY/REVOKE, GRANT/REVOKE ROLE, ALTER USER and CREATE/ALTER/DROP ALIAS statements.
 * Statements in an explicit transaction change a copy that becomes the state on COMMIT only; ROLLBACK (or a
 * lost connection) discards it. Failures mirror Neo4j's codes and GQLSTATUS (42N09 no such user, 42N10 no such
 * role, 42N87 name conflict, 42N89 invalid driver settings, 42I06 syntax).
 *
 * Privileges are read and printed by fake-privileges.ts, apart from the code under test: one row per element,
 * label, property and user, canonical keywords, the server's quoting (see that file). Stored rows are the
 * printed text; two rows are the same privilege when they reprint the same.
 *
 * What the Operations Manual says, modelled (docs/vendor-facts.md, "Neo4j access"), per server version (the
 * `agent`, as the Bolt HELLO reports it):
 * - privileges live on the alias target: a GRANT/DENY naming a local alias is recorded on its target database;
 *   dropping an alias drops the privileges granted on it; DENY wins over GRANT (`allowed()`);
 * - each privilege form exists from its version (LOAD ON ALL DATA 5.13, LOAD ON CIDR 5.16, property rules 5.20,
 *   SET AUTH 5.24, temporal rule values 5.26, relationship rules 2025.04, SET DATABASE DEFAULT LANGUAGE and ALTER
 *   COMPOSITE DATABASE 2025.06, their database scope 2025.08 in Cypher 25 only, AUTH RULE 2026.03 and USER
 *   METADATA 2026.06 in Cypher 25 only); older servers answer a syntax error;
 * - `CYPHER 25` exists from 2025.06; OIDC CREDENTIAL FORWARDING from 2026.01 and only in Cypher 25;
 *   DEFAULT LANGUAGE on aliases from 2025.06; aliases in composite databases take none;
 * - remote aliases on neo4j:// or bolt:// need DRIVER ssl_enforced: false; connection_pool_max_size 0 is refused;
 * - composite constituents are named `comp`.`alias` in Cypher 5 (quoted whole: a regular alias with a dot) and
 *   `comp.alias` in Cypher 25 (resolved against the composite databases; part-by-part quoting refused, 42NAA);
 *   from 2025.06 a regular alias and a constituent may not share a name;
 * - IMMUTABLE privileges change only with auth disabled: granting one, or any REVOKE that would remove one (a
 *   plain REVOKE matches immutable rows too), fails;
 * - PUBLIC cannot be created, dropped or granted; from 2026.03 no DENY may go to a role assigned to an auth rule;
 * - SHOW ALIASES shows a null target to a user without ACCESS on it (`hiddenTargets`).
 */
import type { BoltFailure, QueryContext, QueryHandler, QueryResult, TransactionHooks } from "./bolt-server";
import { atLeast, bq, canonicalRow, FakeRefusal, FakeSyntaxError, lex, printRow, readCommand, type Version } from "./fake-privileges";

export interface FakeAlias {
  /** The full name, `composite.alias` for a constituent (as SHOW ALIASES prints it). */
  name: string;
  database: string;
  location: "local" | "remote";
  url: string | null;
  user: string | null;
  /** Never shown by SHOW ALIASES; kept so tests can check what the reconciler sent. */
  password: string | null;
  oidc: boolean;
  driver: Record<string, unknown> | null;
  /** Keys lowercased, as Neo4j stores and shows them. */
  properties: Record<string, unknown>;
  /** null for local aliases and constituents, which take their target's or composite's language. */
  defaultLanguage: string | null;
  /** The composite database it belongs to; null (or absent) for a regular alias. */
  composite?: string | null;
}
export interface FakeState {
  roles: string[];
  /** Privilege rows as SHOW PRIVILEGES AS COMMANDS prints them. */
  privileges: string[];
  /** Rows (of `privileges`) whose immutable column is true. */
  immutablePrivileges?: string[];
  users: { name: string; roles: string[]; home: string | null }[];
  aliases: FakeAlias[];
  /** SHOW DATABASES: name and type ("standard", "system", "composite"). */
  databases?: { name: string; type: string }[];
  /** SHOW AUTH RULES (2026.03+): the rules and the roles granted to them. */
  authRules?: { name: string; roles: string[] }[];
}

export interface FakeSystemDbOptions {
  /** Return the `credentials` column; default: when the version has it (2026.01+). */
  credentialsColumn?: boolean;
  /** Server version the fake behaves as (same text as the Bolt server's `serverAgent`); default "Neo4j/5.26.0". */
  agent?: string;
  /** db.query.default_language; default 5 (the documented default). */
  defaultLanguage?: 5 | 25;
  /** Aliases whose target SHOW ALIASES shows as null (the connecting user lacks ACCESS on it). */
  hiddenTargets?: string[];
}

const DRIVER_KEYS = new Set(["ssl_enforced", "connection_timeout", "connection_max_lifetime", "connection_pool_acquisition_timeout", "connection_pool_idle_test", "connection_pool_max_size", "logging_level"]);

class Fail extends Error {
  constructor(readonly failure: BoltFailure) {
    super(failure.message);
  }
}
const fail = (code: string, gqlStatus: string, message: string): never => {
  throw new Fail({ code, gqlStatus, message, description: message });
};
const syntaxFail = (message: string): never => fail("Neo.ClientError.Statement.SyntaxError", "42I06", message);

const versionOf = (agent: string | undefined): Version => {
  const m = /(\d+)\.(\d+)/.exec(agent ?? "Neo4j/5.26.0");
  return m ? [Number(m[1]), Number(m[2])] : [5, 26];
};

/** The built-in state, as the manual lists PUBLIC's default privileges (LOAD ON ALL DATA from 5.13). */
export function defaultFakeState(agent?: string): FakeState {
  const v = versionOf(agent);
  return {
    roles: ["PUBLIC", "admin", "architect", "publisher", "editor", "reader"],
    privileges: [
      "GRANT ACCESS ON HOME DATABASE TO `PUBLIC`",
      "GRANT EXECUTE FUNCTION * ON DBMS TO `PUBLIC`",
      "GRANT EXECUTE PROCEDURE * ON DBMS TO `PUBLIC`",
      ...(atLeast(v, 5, 13) ? ["GRANT LOAD ON ALL DATA TO `PUBLIC`"] : []),
      "GRANT MATCH {*} ON GRAPH * NODE * TO `reader`",
      "GRANT MATCH {*} ON GRAPH * RELATIONSHIP * TO `reader`",
    ],
    immutablePrivileges: [],
    users: [{ name: "neo4j", roles: ["admin", "PUBLIC"], home: null }],
    aliases: [],
    databases: [
      { name: "neo4j", type: "standard" },
      { name: "system", type: "system" },
    ],
    authRules: [],
  };
}

export class FakeSystemDb {
  state: FakeState;
  private staged = new Map<number, FakeState>();
  /** Every statement that changed (or would have changed) the state, with the tx it ran in. */
  readonly applied: { query: string; txId: number | null }[] = [];
  commits = 0;
  rollbacks = 0;
  private readonly v: Version;

  constructor(
    initial: Partial<FakeState> = {},
    private readonly opts: FakeSystemDbOptions = {},
  ) {
    this.state = { ...defaultFakeState(opts.agent), ...clone(initial) };
    this.v = versionOf(opts.agent);
  }

  readonly hooks: TransactionHooks = {
    onBegin: (txId) => void this.staged.set(txId, clone(this.state)),
    onCommit: (txId) => {
      const s = this.staged.get(txId);
      this.staged.delete(txId);
      if (s) this.state = s;
      this.commits++;
    },
    onRollback: (txId) => {
      this.staged.delete(txId);
      this.rollbacks++;
    },
  };

  readonly handler: QueryHandler = (query, params, ctx) => {
    try {
      return this.run(query.trim(), params, ctx);
    } catch (e) {
      if (e instanceof Fail) return { failure: e.failure };
      if (e instanceof FakeSyntaxError) return { failure: { code: "Neo.ClientError.Statement.SyntaxError", gqlStatus: "42I06", message: e.message, description: e.message } };
      if (e instanceof FakeRefusal) return { failure: { code: e.code, gqlStatus: e.gqlStatus, message: e.message, description: e.message } };
      throw e;
    }
  };

  alias(name: string): FakeAlias | undefined {
    return this.state.aliases.find((a) => a.name === name);
  }
  user(name: string) {
    return this.state.users.find((u) => u.name === name);
  }
  private atLeast(major: number, minor: number): boolean {
    return atLeast(this.v, major, minor);
  }
  private readonly canonCache = new Map<string, string>();
  /** A stored row in the one spelling this fake prints (hand-written rows in another spelling compare equal). Memoized. */
  private canon = (row: string): string => {
    let c = this.canonCache.get(row);
    if (c === undefined) this.canonCache.set(row, (c = canonicalRow(row, this.v) ?? row));
    return c;
  };

  /** Does `user` hold `privilege` (printed name, e.g. "ACCESS") on database `on` through its roles? DENY wins over GRANT. */
  allowed(user: string, privilege: string, on: string): boolean {
    const u = this.user(user);
    if (!u) return false;
    const roles = new Set([...u.roles, "PUBLIC"]);
    let granted = false;
    for (const row of this.state.privileges) {
      for (const action of ["GRANT", "DENY"] as const) {
        for (const target of ["*", on]) {
          for (const role of roles) {
            if (this.canon(row) !== printRow(action, `${privilege} ON DATABASE ${target === "*" ? "*" : bq(target.toLowerCase())}`, role)) continue;
            if (action === "DENY") return false;
            granted = true;
          }
        }
      }
    }
    return granted;
  }

  private run(query: string, params: Record<string, unknown>, ctx: QueryContext): QueryResult {
    if (ctx.db !== undefined && ctx.db !== "system") fail("Neo.ClientError.Statement.NotSystemDatabaseError", "42N17", "This is an administration command and it should be executed against the system database.");
    const s = ctx.txId === null ? this.state : (this.staged.get(ctx.txId) ?? this.state);
    let m: RegExpExecArray | null;
    let language = this.opts.defaultLanguage ?? 5;
    if ((m = /^CYPHER (5|25) /.exec(query))) {
      if (m[1] === "25" && !this.atLeast(2025, 6)) syntaxFail("Invalid input '25': Cypher 25 does not exist on this version");
      language = Number(m[1]) as 5 | 25;
      query = query.slice(m[0].length);
    }
    if (/OIDC CREDENTIAL FORWARDING/.test(query) && (language !== 25 || !this.atLeast(2026, 1))) {
      syntaxFail("Invalid input 'OIDC': expected 'USER' (OIDC CREDENTIAL FORWARDING is Cypher 25 syntax, Neo4j 2026.01+)");
    }

    if (/^SHOW ROLES$/i.test(query)) return { fields: ["role"], records: s.roles.map((r) => [r]) };
    if ((m = /^SHOW PRIVILEGES AS COMMANDS( YIELD command, immutable)?$/i.exec(query))) {
      const immutable = new Set(s.immutablePrivileges ?? []);
      // `command` is the only default column (Operations Manual, "Manage privileges").
      return m[1] ? { fields: ["command", "immutable"], records: s.privileges.map((p) => [p, immutable.has(p)]) } : { fields: ["command"], records: s.privileges.map((p) => [p]) };
    }
    if (/^SHOW USERS$/i.test(query)) {
      return { fields: ["user", "roles", "passwordChangeRequired", "suspended", "home"], records: s.users.map((u) => [u.name, u.roles, false, false, u.home]) };
    }
    if (/^SHOW DATABASES YIELD name, type$/i.test(query)) return { fields: ["name", "type"], records: (s.databases ?? []).map((d) => [d.name, d.type]) };
    if (/^SHOW AUTH RULES YIELD name, roles$/i.test(query)) {
      if (language !== 25 || !this.atLeast(2026, 3)) syntaxFail("Invalid input 'AUTH': SHOW AUTH RULES is Cypher 25 syntax, Neo4j 2026.03+");
      return { fields: ["name", "roles"], records: (s.authRules ?? []).map((r) => [r.name, r.roles]) };
    }
    if (/^SHOW ALIASES FOR DATABASES? YIELD \*$/i.test(query)) {
      // Columns per version (DESIGN.md section 6): defaultLanguage from 2025.06, credentials from 2026.01.
      const languageColumn = this.atLeast(2025, 6);
      const credentialsColumn = this.opts.credentialsColumn ?? this.atLeast(2026, 1);
      const fields = ["name", "composite", "database", "location", "url", "user", "driver", "properties"];
      if (languageColumn) fields.push("defaultLanguage");
      if (credentialsColumn) fields.push("credentials");
      return {
        fields,
        records: s.aliases.map((a) => {
          const hidden = this.opts.hiddenTargets?.includes(a.name);
          const row: unknown[] = [a.name, a.composite ?? null, hidden ? null : a.database, a.location, a.url, a.user, a.driver, a.properties];
          if (languageColumn) row.push(a.defaultLanguage);
          if (credentialsColumn) row.push(a.location === "local" ? null : a.oidc ? "OIDC CREDENTIAL FORWARDING" : "STORED NATIVE CREDENTIALS");
          return row;
        }),
      };
    }

    this.applied.push({ query, txId: ctx.txId });
    const done: QueryResult = { fields: [], records: [], type: "s", stats: { "system-updates": 1 } };
    const role = (name: string) => {
      if (!s.roles.includes(name)) fail("Neo.ClientError.General.InvalidArguments", "42N10", `Role '${name}' does not exist.`);
    };
    const user = (name: string) => s.users.find((u) => u.name === name) ?? fail("Neo.ClientError.General.InvalidArguments", "42N09", `User '${name}' does not exist.`);
    const names = (text: string) => {
      const t = lex(text);
      if (!t.every((x, i) => (i % 2 === 0 ? x.t === "name" || x.t === "word" : x.t === "sym" && x.v === ","))) syntaxFail(`Invalid input '${text}'`);
      return t.filter((x) => x.t !== "sym").map((x) => x.v);
    };

    if ((m = /^CREATE ROLE (.+?)( IF NOT EXISTS)?$/.exec(query))) {
      const [r] = names(m[1]);
      if (s.roles.includes(r)) {
        if (!m[2]) fail("Neo.ClientError.Statement.ExecutionFailed", "42N87", `Failed to create the specified role '${r}': Role already exists.`);
      } else s.roles.push(r);
      return done;
    }
    if ((m = /^DROP ROLE (.+?)( IF EXISTS)?$/.exec(query))) {
      const [r] = names(m[1]);
      if (r === "PUBLIC") fail("Neo.ClientError.General.InvalidArguments", "42NFF", "Failed to delete the specified role 'PUBLIC': This is a built-in role and cannot be deleted.");
      if (!s.roles.includes(r)) {
        if (!m[2]) role(r);
        return done;
      }
      s.roles = s.roles.filter((x) => x !== r);
      s.privileges = s.privileges.filter((p) => !this.rowIsFor(p, r));
      for (const u of s.users) u.roles = u.roles.filter((x) => x !== r);
      return done;
    }
    if ((m = /^GRANT ROLES? (.+) TO (.+)$/.exec(query)) && !/ ON /.test(query)) {
      const [r] = names(m[1]);
      if (r === "PUBLIC") fail("Neo.ClientError.Statement.ArgumentError", "42NFF", "Failed to grant role 'PUBLIC': PUBLIC is assigned to every user and cannot be granted.");
      role(r);
      const u = user(names(m[2])[0]);
      if (!u.roles.includes(r)) u.roles.push(r);
      return done;
    }
    if ((m = /^REVOKE ROLES? (.+) FROM (.+)$/.exec(query)) && !/ ON /.test(query)) {
      const [r] = names(m[1]);
      const u = user(names(m[2])[0]);
      u.roles = u.roles.filter((x) => x !== r);
      return done;
    }
    if ((m = /^ALTER USER (.+) (SET HOME DATABASE (.+)|REMOVE HOME DATABASE)$/.exec(query))) {
      user(names(m[1])[0]).home = m[3] === undefined ? null : this.aliasName(m[3], language, s).full;
      return done;
    }
    if (/^(GRANT|DENY|REVOKE) /.test(query)) return this.privilege(query, params, language, s, done);
    if ((m = /^CREATE ALIAS (.+?)( IF NOT EXISTS)? FOR DATABASE (\S+)(.*)$/.exec(query))) {
      const ref = this.aliasName(m[1], language, s, true);
      const conflict = s.aliases.find((a) => a.name.toLowerCase() === ref.full.toLowerCase() && ((a.composite ?? null) === ref.composite || this.atLeast(2025, 6)));
      if (conflict) {
        if (m[2] && (conflict.composite ?? null) === ref.composite) return done;
        fail("Neo.ClientError.Database.ExistingAlias", "42N87", `Failed to create the specified database alias '${ref.full}': Database name or alias already exists.`);
      }
      const opt = parseAliasOptions(m[4], params);
      const remote = opt.url !== undefined;
      if (opt.language && (!remote || ref.composite)) syntaxFail("Invalid input 'DEFAULT': local aliases and aliases in composite databases take no DEFAULT LANGUAGE");
      if (opt.language && !this.atLeast(2025, 6)) syntaxFail("Invalid input 'DEFAULT': DEFAULT LANGUAGE exists from Neo4j 2025.06");
      if (remote) checkRemote(opt);
      s.aliases.push({
        name: ref.full,
        composite: ref.composite,
        database: names(m[3])[0].toLowerCase(),
        location: remote ? "remote" : "local",
        url: opt.url ?? null,
        user: opt.user ?? null,
        password: opt.password ?? null,
        oidc: opt.oidc ?? false,
        driver: remote ? (opt.driver ?? {}) : null,
        properties: opt.properties ?? {},
        defaultLanguage: remote && !ref.composite ? (opt.language ?? "CYPHER 5") : null,
      });
      return done;
    }
    if ((m = /^ALTER ALIAS (.+?)( IF EXISTS)? SET DATABASE(.*)$/.exec(query))) {
      const ref = this.aliasName(m[1], language, s);
      const a = s.aliases.find((x) => x.name.toLowerCase() === ref.full.toLowerCase() && (x.composite ?? null) === ref.composite);
      if (!a) {
        if (m[2]) return done;
        return fail("Neo.ClientError.Database.DatabaseNotFound", "42N51", `Failed to alter the specified database alias '${ref.full}': Database alias does not exist.`);
      }
      const opt = parseAliasOptions(m[3], params);
      if (opt.target) a.database = opt.target.toLowerCase();
      if (opt.url !== undefined) {
        if (a.location === "local") fail("Neo.ClientError.Statement.ArgumentError", "22N91", "Failed to alter the specified database alias: cannot change a local alias into a remote one.");
        a.url = opt.url;
      }
      if (opt.user !== undefined) {
        if (a.oidc) fail("Neo.ClientError.Statement.ArgumentError", "22N91", "Failed to alter the specified database alias: cannot change OIDC credential forwarding into stored credentials.");
        a.user = opt.user;
      }
      if (opt.password !== undefined) a.password = opt.password;
      if (opt.driver) a.driver = opt.driver;
      if (opt.properties) a.properties = opt.properties;
      if (opt.language) {
        if (a.location === "local" || a.composite) syntaxFail("Invalid input 'DEFAULT': local aliases and aliases in composite databases take no DEFAULT LANGUAGE");
        if (!this.atLeast(2025, 6)) syntaxFail("Invalid input 'DEFAULT': DEFAULT LANGUAGE exists from Neo4j 2025.06");
        a.defaultLanguage = opt.language;
      }
      if (a.location === "remote") checkRemote({ url: a.url ?? "", driver: a.driver ?? {} });
      return done;
    }
    if ((m = /^DROP ALIAS (.+?)( IF EXISTS)? FOR DATABASE$/.exec(query))) {
      const ref = this.aliasName(m[1], language, s);
      const hit = (a: FakeAlias) => a.name.toLowerCase() === ref.full.toLowerCase() && (a.composite ?? null) === ref.composite;
      if (!s.aliases.some(hit) && !m[2]) fail("Neo.ClientError.Database.DatabaseNotFound", "42N51", `Failed to delete the specified database alias '${ref.full}': Database alias does not exist.`);
      s.aliases = s.aliases.filter((a) => !hit(a));
      // The privileges granted on the alias go with it.
      const on = new Set([`DATABASE ${bq(ref.full.toLowerCase())}`, `GRAPH ${bq(ref.full.toLowerCase())}`]);
      s.privileges = s.privileges.filter((p) => ![...on].some((o) => this.canon(p).includes(` ON ${o}`)));
      return done;
    }
    this.applied.pop();
    return syntaxFail(`fake system database does not understand: ${query}`);
  }

  /** The canonical rows of a privilege list, kept per array (a filter makes a new array; pushes go through privilege()). */
  private readonly known = new WeakMap<string[], Set<string>>();
  private knownRows(rows: string[]): Set<string> {
    let set = this.known.get(rows);
    if (!set || set.size !== rows.length) this.known.set(rows, (set = new Set(rows.map(this.canon))));
    return set;
  }

  /** Is a stored row granted or denied to role `r`? (Read with the fake's own parser.) */
  private rowIsFor(row: string, r: string): boolean {
    return this.canon(row).endsWith(` TO ${bq(r)}`);
  }

  private privilege(query: string, params: Record<string, unknown>, language: 5 | 25, s: FakeState, done: QueryResult): QueryResult {
    const localTarget = (n: string) => s.aliases.find((a) => a.name.toLowerCase() === n.toLowerCase() && a.location === "local" && !a.composite)?.database;
    const c = readCommand(query, { version: this.v, language, params, localTarget });
    if (!c) return syntaxFail(`fake system database does not understand: ${query}`);
    for (const r of c.roles) {
      if (!s.roles.includes(r)) {
        // Cypher 25 turns an impossible REVOKE into an error; Cypher 5 only notifies (Operations Manual, database privileges).
        if (c.verb === "REVOKE" && language === 5) return done;
        fail("Neo.ClientError.General.InvalidArguments", "42N10", `Role '${r}' does not exist.`);
      }
    }
    const immutable = new Set(s.immutablePrivileges ?? []);
    if (c.verb !== "REVOKE") {
      if (c.immutable) fail("Neo.ClientError.Security.Forbidden", "42NFF", "Immutable privileges can only be granted or denied while auth is disabled.");
      if (c.verb === "DENY" && this.atLeast(2026, 3)) {
        const ruled = c.roles.find((r) => (s.authRules ?? []).some((rule) => rule.roles.includes(r)));
        if (ruled) fail("Neo.ClientError.Statement.ArgumentError", "42NFF", `Failed to deny privilege to role '${ruled}': a role assigned to an auth rule cannot have denied privileges.`);
      }
      const known = this.knownRows(s.privileges);
      for (const role of c.roles)
        for (const body of c.bodies) {
          const row = printRow(c.verb, body, role);
          if (!known.has(row)) {
            s.privileges.push(row);
            known.add(row);
          }
        }
      return done;
    }
    const targets = new Set<string>();
    for (const role of c.roles) for (const body of c.bodies) for (const action of c.revokes ? [c.revokes] : (["GRANT", "DENY"] as const)) targets.add(printRow(action, body, role));
    // A plain REVOKE matches immutable rows too; with auth enabled removing one fails (and REVOKE IMMUTABLE always does).
    const hits = s.privileges.filter((p) => targets.has(this.canon(p)));
    if (c.immutable || hits.some((p) => immutable.has(p))) fail("Neo.ClientError.Security.Forbidden", "42NFF", "Immutable privileges can only be revoked while auth is disabled.");
    s.privileges = s.privileges.filter((p) => !targets.has(this.canon(p)));
    return done;
  }

  /**
   * An alias reference as the statement's language reads it: Cypher 5 `` `comp`.`alias` `` (or bare
   * comp.alias when comp is a composite) is a constituent, one quoted name a regular alias; Cypher 25 refuses
   * part-by-part quoting and resolves one name against the composite databases, first dot first.
   */
  private aliasName(text: string, language: 5 | 25, s: FakeState, creating = false): { full: string; composite: string | null } {
    const t = lex(text);
    const parts: { v: string; quoted: boolean }[] = [];
    t.forEach((x, i) => {
      if (i % 2 === 1) {
        if (!(x.t === "sym" && x.v === ".")) syntaxFail(`Invalid input '${text}'`);
        return;
      }
      if (x.t !== "name" && x.t !== "word") syntaxFail(`Invalid input '${text}'`);
      parts.push({ v: x.v, quoted: x.t === "name" });
    });
    const composites = (s.databases ?? []).filter((d) => d.type === "composite").map((d) => d.name.toLowerCase());
    if (parts.length > 1) {
      if (language === 25 && parts.some((p) => p.quoted)) fail("Neo.ClientError.Statement.SyntaxError", "42NAA", `Incorrectly formatted graph reference '${text}'. Separate name parts should not be quoted individually.`);
      const composite = parts[0].v.toLowerCase();
      const rest = parts.slice(1).map((p) => p.v).join(".");
      if (parts.every((p) => !p.quoted) && !composites.includes(composite)) return { full: parts.map((p) => p.v).join("."), composite: null };
      if (!composites.includes(composite)) fail("Neo.ClientError.Database.DatabaseNotFound", "22N51", `Composite database '${composite}' does not exist.`);
      return { full: `${composite}.${rest}`, composite };
    }
    const whole = parts[0].v;
    if (language === 25 && whole.includes(".")) {
      // Split on each dot, left to right; the first composite that exists takes it (Operations Manual).
      const segs = whole.split(".");
      for (let k = 1; k < segs.length; k++) {
        const prefix = segs.slice(0, k).join(".").toLowerCase();
        if (composites.includes(prefix)) return { full: `${prefix}.${segs.slice(k).join(".")}`, composite: prefix };
      }
    }
    void creating;
    return { full: whole, composite: null };
  }
}

/** A remote alias: the documented DRIVER checks, which run when the CREATE or ALTER executes. */
function checkRemote(opt: { url?: string; driver?: Record<string, unknown> }) {
  const d = opt.driver ?? {};
  if (d.connection_pool_max_size === 0) fail("Neo.ClientError.Statement.ArgumentError", "42N89", "Failed to parse driver settings: connection_pool_max_size must not be 0.");
  if (/^(neo4j|bolt):\/\//.test(opt.url ?? "") && d.ssl_enforced !== false) {
    fail("Neo.ClientError.Statement.ArgumentError", "42N89", `Failed to create the specified database alias: ssl_enforced is true, so the URL must use a secure scheme (neo4j+s, bolt+s, neo4j+ssc, bolt+ssc), got '${opt.url}'.`);
  }
}

function parseAliasOptions(rest: string, params: Record<string, unknown>) {
  const out: { target?: string; url?: string; user?: string; password?: string; oidc?: boolean; driver?: Record<string, unknown>; properties?: Record<string, unknown>; language?: string } = {};
  let m: RegExpExecArray | null;
  const param = (name: string) => {
    if (!(name in params)) fail("Neo.ClientError.Statement.ParameterMissing", "42N51", `Expected parameter(s): ${name}`);
    return params[name];
  };
  if ((m = /TARGET (`(?:[^`]|``)+`|\S+)/.exec(rest))) out.target = m[1].startsWith("`") ? m[1].slice(1, -1).replace(/``/g, "`") : m[1];
  if ((m = /AT \$(\w+)/.exec(rest))) out.url = String(param(m[1]));
  if ((m = /USER \$(\w+)/.exec(rest))) out.user = String(param(m[1]));
  if ((m = /PASSWORD \$(\w+)/.exec(rest))) out.password = String(param(m[1]));
  if (/OIDC CREDENTIAL FORWARDING/.test(rest)) out.oidc = true;
  if ((m = /DRIVER \$(\w+)/.exec(rest))) {
    const d = param(m[1]) as Record<string, unknown>;
    const bad = Object.keys(d).filter((k) => !DRIVER_KEYS.has(k));
    if (bad.length) fail("Neo.ClientError.Statement.ArgumentError", "42N89", `Failed to parse driver settings: unknown key(s) ${bad.join(", ")}`);
    out.driver = Object.fromEntries(Object.entries(d).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v]));
  }
  if ((m = /PROPERTIES \$(\w+)/.exec(rest))) out.properties = Object.fromEntries(Object.entries(param(m[1]) as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), v]));
  if ((m = /DEFAULT LANGUAGE CYPHER (\d+)/.exec(rest))) out.language = `CYPHER ${m[1]}`;
  // The documented clause order; PROPERTIES comes last.
  if (/PROPERTIES \$\w+ .*\S/.test(rest)) syntaxFail(`fake system database: nothing may follow PROPERTIES: ${rest}`);
  if (/[`'"]/.test(rest.replace(/TARGET (`(?:[^`]|``)+`|\S+)/, ""))) syntaxFail("fake system database: literal values are not accepted, use parameters");
  return out;
}

function clone<T>(v: T): T {
  // Structures (e.g. durations) are plain objects with a prototype; keep them by reference, copy the rest.
  if (Array.isArray(v)) return v.map(clone) as T;
  if (v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clone(x)])) as T;
  }
  return v;
}

/**
 * What must hold at EVERY state a DBMS passes through while the access runner changes it from an old
 * declared state to a new one (issue 24): nothing declared in both is missing (no gap), no declared role
 * holds a privilege outside the union of its old and new ones (no excess), and nothing undeclared changes.
 * States are the fake system database's (test/support/fake-system-db.ts) as they stand after each commit.
 * Privilege rows are compared in the form the fake server prints them (printedRows), so a difference in
 * quoting is not a gap; what counts as present is what SHOW PRIVILEGES would list.
 */
import type { Neo4jAccessConfig } from "../../domain/neo4j/access-model";
import { privilegeStatements } from "../../runtime/cypher/privilege-commands";
import type { AccessSpec } from "../../runtime/cypher/model";
import type { TransactionHooks } from "./bolt-server";
import { printRow, readCommand, type Version } from "./fake-privileges";
import type { FakeState, FakeSystemDb } from "./fake-system-db";

/**
 * The rows SHOW PRIVILEGES AS COMMANDS prints for one declared privilege, as the fake server prints them
 * (test/support/fake-privileges.ts): the statement the runner sends, read and printed by the fake, so a
 * declared item and a present one are compared in the same printed form, never through the runner's own
 * comparison. `version` is the server the rows are printed by (the fake's default, 5.26).
 */
export function printedRows(role: string, privilege: Parameters<typeof privilegeStatements>[1], version: Version = [5, 26]): string[] {
  return privilegeStatements(role, privilege).flatMap((st) => {
    const query = st.query.replace(/^CYPHER 25 /, "");
    const c = readCommand(query, { version, language: st.query.startsWith("CYPHER 25 ") ? 25 : 5, params: st.params ?? {}, localTarget: () => undefined });
    if (!c || c.verb === "REVOKE") throw new Error(`the fake cannot print ${st.query}`);
    return c.roles.flatMap((r) => c.bodies.map((body) => printRow(c.verb as "GRANT" | "DENY", body, r)));
  });
}

/** The role a printed row is granted to: the fake prints it last, always backtick-quoted. */
export function roleOfPrintedRow(row: string): string | null {
  const m = /TO `((?:[^`]|``)*)`$/.exec(row);
  return m ? m[1]!.replace(/``/g, "`") : null;
}

/** A starting server that holds things nobody declares: a foreign role, its privilege, its grant to dave. */
export function serverWithForeignAccess(): Partial<FakeState> {
  return {
    users: [
      { name: "neo4j", roles: ["admin"], home: null },
      { name: "carol", roles: ["PUBLIC"], home: null },
      { name: "dave", roles: ["PUBLIC", "foreign_role"], home: null },
    ],
    roles: ["PUBLIC", "admin", "reader", "foreign_role"],
    privileges: ["GRANT ACCESS ON HOME DATABASE TO `PUBLIC`", "GRANT ACCESS ON DATABASE `db1` TO `foreign_role`"],
  };
}

/** The fake's transaction hooks, plus a copy of its state pushed to `states` after every commit. */
export function recordingHooks(fake: FakeSystemDb, states: FakeState[]): TransactionHooks {
  return { ...fake.hooks, onCommit: (id) => (fake.hooks.onCommit!(id), void states.push(JSON.parse(JSON.stringify(fake.state)) as FakeState)) };
}

type Spec = AccessSpec | Neo4jAccessConfig;

/** The items a state declares, each as one comparable string. */
export function declaredItems(spec: Spec): Set<string> {
  const out = new Set<string>();
  for (const r of spec.roles) {
    out.add(`role ${r.name}`);
    for (const p of r.privileges) for (const row of printedRows(r.name, p)) out.add(`privilege ${row}`);
  }
  for (const u of spec.users) {
    for (const r of u.roles) out.add(`grant ${r} to ${u.name}`);
    if (u.homeDatabase !== undefined) out.add(`home ${u.name} ${u.homeDatabase.toLowerCase()}`);
  }
  for (const a of spec.localAliases) out.add(`alias ${a.name.toLowerCase()} local ${a.target}`);
  for (const a of spec.remoteAliases) out.add(`alias ${a.name.toLowerCase()} remote ${a.target}`);
  return out;
}

/** The same kinds of items as a server state holds them. */
export function presentItems(s: FakeState): Set<string> {
  const out = new Set<string>();
  for (const r of s.roles) out.add(`role ${r}`);
  for (const row of s.privileges) out.add(`privilege ${row}`);
  for (const u of s.users) {
    for (const r of u.roles) out.add(`grant ${r} to ${u.name}`);
    if (u.home) out.add(`home ${u.name} ${u.home.toLowerCase()}`);
  }
  for (const a of s.aliases) out.add(`alias ${a.name.toLowerCase()} ${a.location} ${a.database.toLowerCase()}`);
  return out;
}

/**
 * Everything about a server state that is not ours to touch: undeclared roles and their rows, role grants
 * and home databases no state declares (a declared grant of a built-in role such as reader is ours), aliases.
 */
export function undeclaredView(s: FakeState, declaredRoles: Set<string>, declaredAliases: Set<string>, declared: Set<string> = new Set()): string {
  const roles = s.roles.filter((r) => !declaredRoles.has(r)).sort();
  const rows = s.privileges.filter((p) => !declaredRoles.has(roleOfPrintedRow(p) ?? "")).sort();
  const homeDeclared = (user: string) => [...declared].some((x) => x.startsWith(`home ${user} `));
  const users = s.users
    .map((u) => `${u.name}:${u.roles.filter((r) => !declaredRoles.has(r) && !declared.has(`grant ${r} to ${u.name}`)).sort().join(",")}${homeDeclared(u.name) ? "" : `@${u.home ?? ""}`}`)
    .sort();
  const aliases = s.aliases.filter((a) => !declaredAliases.has(a.name.toLowerCase())).map((a) => JSON.stringify(a)).sort();
  return JSON.stringify({ roles, rows, users, aliases });
}

export interface StateCheck {
  /** Items declared by both states and missing here. */
  gaps: string[];
  /** Privileges or role grants of declared roles outside the union of both states. */
  excess: string[];
  /** True when something undeclared differs from the starting state. */
  touched: boolean;
}

export class TransitionChecker {
  private readonly kept: Set<string>;
  private readonly union: Set<string>;
  private readonly roles: Set<string>;
  private readonly aliases: Set<string>;
  private readonly untouched: string;

  /** `ignore`: items a concurrent administrator removed on purpose (their absence is not the runner's gap). */
  constructor(
    readonly before: Spec,
    readonly after: Spec,
    start: FakeState,
    private readonly ignore: Set<string> = new Set(),
  ) {
    const a = declaredItems(before);
    const b = declaredItems(after);
    this.kept = new Set([...a].filter((x) => b.has(x)));
    this.union = new Set([...a, ...b]);
    this.roles = new Set([...before.roles, ...after.roles].map((r) => r.name));
    this.aliases = new Set([...before.localAliases, ...before.remoteAliases, ...after.localAliases, ...after.remoteAliases].map((x) => x.name.toLowerCase()));
    this.untouched = undeclaredView(start, this.roles, this.aliases, this.union);
  }

  check(s: FakeState): StateCheck {
    const present = presentItems(s);
    const gaps = [...this.kept].filter((x) => !present.has(x) && !this.ignore.has(x));
    const excess: string[] = [];
    for (const item of present) {
      const priv = /^privilege (.*)$/.exec(item);
      if (priv && this.roles.has(roleOfPrintedRow(priv[1]) ?? "") && !this.union.has(item)) excess.push(item);
      const grant = /^grant (\S+) to /.exec(item);
      if (grant && this.roles.has(grant[1]) && !this.union.has(item)) excess.push(item);
    }
    return { gaps, excess, touched: undeclaredView(s, this.roles, this.aliases, this.union) !== this.untouched };
  }
}

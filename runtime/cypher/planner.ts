/**
 * The planner: a pure function from (desired, observed, previous) to an ordered list of statements.
 *
 * Ownership. The planner changes only what it owns: everything declared in `desired` or in `previous`
 * (the desired state applied last time). What `previous` declared and `desired` no longer does is removed;
 * everything else on the server (other roles, privileges, users' other roles, other aliases) is left alone.
 * The runners keep `previous` for us: the local-exec runner stores the state in terraform_data.input (no
 * secrets) and its destroy-time provisioner hands it back from `self.input`; the Lambda runner gets it from
 * aws_lambda_invocation as `tf.prev_input` on update and the current input on delete. Terraform state is
 * the one place that already records "what we applied", survives across CI runs and needs no extra
 * server-side marker that a DBA could delete or edit by hand.
 *
 * Order: drops first (aliases, role assignments, home databases, privileges, roles), then creates (roles,
 * aliases, privileges, role grants, home databases), so a grant never refers to an alias not yet created.
 *
 * Aliases and privileges (Operations Manual, docs/vendor-facts.md "Neo4j access"): dropping an alias drops
 * the privileges granted on it, so when an alias is dropped (or dropped and created again to switch local <->
 * remote or the credential type) the server's rows on it are treated as gone: they are re-granted in the same
 * apply and never revoked. Privileges are defined on a local alias's target, never on the alias itself.
 *
 * Privileges are compared as rows the server prints (privilege-commands.ts): each declared privilege becomes
 * the rows SHOW PRIVILEGES AS COMMANDS lists for it, each server row is parsed, never pattern-matched. PUBLIC
 * may be declared: the role is never created, dropped or granted, only the rows it declares are managed
 * (`absent: true` revokes a row someone else put there). Rows the server marks IMMUTABLE are never revoked
 * (a plain REVOKE would hit them and fail: they change only with auth disabled); a plan that would need to is
 * refused. Each privilege form is checked against the server version read from the Bolt HELLO.
 */
import { aliasFullName, PUBLIC_ROLE, type LocalAliasConfig, type RemoteAliasConfig } from "../../domain/neo4j/access-model";
import { privilegeRequirements, privilegeTarget, type Privilege } from "../../domain/neo4j/privileges";
import { driverParam, EMPTY_SPEC, PlanError, type AccessSpec, type ObservedAlias, type ObservedState, type Statement } from "./model";
import { atomKey, atomTarget, grantAtom, parsePrivilegeRow, privilegeAtoms, revokeAtom, type PrivilegeAtom } from "./privilege-commands";
import { capabilities, type ServerCapabilities } from "./server-version";
import * as S from "./statements";

export interface PlanOptions {
  /** Re-send stored alias credentials even when nothing else changed (the server never shows passwords). */
  refreshCredentials?: boolean;
  /** Destroy mode: a missing user is not an error (there is nothing of ours left on it). */
  destroying?: boolean;
}

type AnyAlias = LocalAliasConfig | RemoteAliasConfig;
const aliasKey = (a: { name: string; composite?: string }) => aliasFullName(a).toLowerCase();

export function planChanges(desired: AccessSpec, observed: ObservedState, previous: AccessSpec | null = null, options: PlanOptions = {}): Statement[] {
  const problems: string[] = [];
  const drops: Statement[] = [];
  const prev = previous ?? EMPTY_SPEC;

  const serverRoles = new Set(observed.roles);
  const desiredRoles = new Set(desired.roles.map((r) => r.name));
  // PUBLIC is never dropped: when it leaves the config, only the rows it declared are revoked.
  const droppedRoles = new Set(prev.roles.map((r) => r.name).filter((r) => r !== PUBLIC_ROLE && !desiredRoles.has(r) && serverRoles.has(r)));

  const caps = capabilities(observed.server?.agent);

  // ---- aliases (identified by their full name: `composite.alias` for a constituent)
  const obsAliases = new Map<string, ObservedAlias[]>();
  for (const a of observed.aliases) obsAliases.set(a.name.toLowerCase(), [...(obsAliases.get(a.name.toLowerCase()) ?? []), a]);
  /** The server's alias a declared one refers to: same full name, and constituent of the same composite when the server says. */
  const findAlias = (a: { name: string; composite?: string }): ObservedAlias | undefined =>
    (obsAliases.get(aliasKey(a)) ?? []).find((o) => o.composite === undefined || (o.composite ?? "").toLowerCase() === (a.composite ?? ""));
  const desiredAliasNames = new Set([...desired.localAliases, ...desired.remoteAliases].map(aliasKey));
  /** Aliases this plan drops (for good or to create again): the server forgets their privileges. */
  const droppedAliases = new Set<string>();
  for (const a of [...prev.localAliases, ...prev.remoteAliases]) {
    if (!desiredAliasNames.has(aliasKey(a)) && findAlias(a)) {
      drops.push(S.dropAlias(a, caps));
      droppedAliases.add(aliasKey(a));
    }
  }
  const composites = observed.compositeDatabases === undefined ? null : new Set(observed.compositeDatabases.map((c) => c.toLowerCase()));
  const checkAliasName = (a: AnyAlias, path: string) => {
    const full = aliasFullName(a);
    const same = obsAliases.get(full.toLowerCase()) ?? [];
    if (a.composite) {
      if (composites && !composites.has(a.composite) && !same.some((o) => o.composite)) {
        problems.push(`${path}.composite: the composite database ${a.composite} does not exist on the server; create it first (CREATE COMPOSITE DATABASE; this tool does not create databases), or leave composite out for a regular alias`);
      }
      const regular = same.find((o) => o.composite === null);
      if (regular) problems.push(`${path}.name: ${JSON.stringify(full)} exists on the server as a regular alias with a dot in its name, not as the alias ${a.name} of the composite database ${a.composite}; drop it by hand first, or declare it without composite`);
      return;
    }
    const constituent = same.find((o) => o.composite);
    if (constituent) {
      problems.push(`${path}.name: ${JSON.stringify(full)} is the alias ${full.slice(constituent.composite!.length + 1)} of the composite database ${constituent.composite} on the server; declare it as composite: ${constituent.composite} with name: ${full.slice(constituent.composite!.length + 1)}`);
      return;
    }
    // Cypher 25 takes a dotted name as a constituent when a composite database matches a prefix; Cypher 5
    // quoted whole takes it as a regular alias: refuse rather than let the language decide.
    const parts = full.split(".");
    for (let k = 1; k < parts.length && composites; k++) {
      const prefix = parts.slice(0, k).join(".").toLowerCase();
      if (composites.has(prefix) && !same.length) {
        problems.push(`${path}.name: ${JSON.stringify(full)} starts with the name of the composite database ${prefix}, so the server could take it as that database's alias ${parts.slice(k).join(".")} (Cypher 25) or as a regular alias with a dot (Cypher 5); say which: composite: ${prefix} with name: ${parts.slice(k).join(".")}, or a name without that prefix`);
        break;
      }
    }
  };
  const aliasCreates: Statement[] = [];
  desired.localAliases.forEach((a, i) => {
    checkAliasName(a, `localAliases[${i}]`);
    if (planLocalAlias(a, findAlias(a), drops, aliasCreates, caps)) droppedAliases.add(aliasKey(a));
  });
  desired.remoteAliases.forEach((a, i) => {
    checkAliasName(a, `remoteAliases[${i}]`);
    if (a.credentials.type === "oidc" && !caps.oidcForwarding) {
      problems.push(`remoteAliases[${i}].credentials: OIDC CREDENTIAL FORWARDING needs Neo4j 2026.01 or later, and this server is ${caps.version}; use {type: stored} or upgrade the server`);
    }
    if (a.defaultLanguage !== undefined && !caps.aliasDefaultLanguage) {
      problems.push(`remoteAliases[${i}].defaultLanguage: DEFAULT LANGUAGE on aliases needs Neo4j 2025.06 or later, and this server is ${caps.version}; remove defaultLanguage`);
    }
    if (planRemoteAlias(a, findAlias(a), drops, aliasCreates, options, caps)) droppedAliases.add(aliasKey(a));
  });
  // Local aliases on the server (declared or not): a privilege on one would be recorded on its target.
  const localAliasTargets = new Map<string, string>();
  for (const a of observed.aliases) if (a.location === "local" && a.database) localAliasTargets.set(a.name.toLowerCase(), a.database);
  for (const a of desired.localAliases) localAliasTargets.set(aliasKey(a), a.target);

  // ---- users: role assignments and home databases
  const obsUsers = new Map(observed.users.map((u) => [u.name, u] as const));
  const roleGrants: Statement[] = [];
  const homes: Statement[] = [];
  desired.users.forEach((u, i) => {
    const ou = obsUsers.get(u.name);
    if (!ou) {
      problems.push(`users[${i}].name: user ${JSON.stringify(u.name)} does not exist on the server; create it first (this tool grants roles and home databases, it does not create users)`);
      return;
    }
    u.roles.forEach((r, j) => {
      if (!desiredRoles.has(r) && (!serverRoles.has(r) || droppedRoles.has(r))) {
        problems.push(
          droppedRoles.has(r)
            ? `users[${i}].roles[${j}]: role ${JSON.stringify(r)} is removed from roles by this change but still granted here; remove the grant too`
            : `users[${i}].roles[${j}]: role ${JSON.stringify(r)} is neither declared in roles nor present on the server`,
        );
      } else if (!ou.roles.includes(r)) roleGrants.push(S.grantRole(r, u.name));
    });
    if (u.homeDatabase !== undefined && (ou.home ?? "").toLowerCase() !== u.homeDatabase.toLowerCase()) homes.push(S.setHome(u.name, u.homeDatabase));
  });
  for (const pu of prev.users) {
    const ou = obsUsers.get(pu.name);
    if (!ou) continue;
    const du = desired.users.find((u) => u.name === pu.name);
    for (const r of pu.roles) {
      if (du?.roles.includes(r) || droppedRoles.has(r) || !ou.roles.includes(r)) continue;
      drops.push(S.revokeRole(r, pu.name));
    }
    // Remove a home database we set, unless someone changed it since.
    if (pu.homeDatabase !== undefined && du?.homeDatabase === undefined && (ou.home ?? "").toLowerCase() === pu.homeDatabase.toLowerCase()) drops.push(S.removeHome(pu.name));
  }

  // ---- roles and privileges
  const serverRows = observedRows(observed, droppedAliases);
  const privilegeDrops: Statement[] = [];
  const privilegeGrants: Statement[] = [];
  const roleCreates: Statement[] = [];
  const authRuleRoles = new Set(caps.atLeast("2026.03") ? (observed.authRuleRoles ?? []) : []);
  const managedRoles = [...desired.roles];
  // PUBLIC left the config: it stays, its previously declared rows are revoked.
  if (!desiredRoles.has(PUBLIC_ROLE) && prev.roles.some((r) => r.name === PUBLIC_ROLE)) managedRoles.push({ name: PUBLIC_ROLE, privileges: [] });
  managedRoles.forEach((role, i) => {
    const declared = desired.roles.includes(role);
    if (role.name !== PUBLIC_ROLE && !serverRoles.has(role.name)) roleCreates.push(S.createRole(role.name));
    if (declared) role.privileges.forEach((p, j) => checkPrivilege(p, `roles[${i}].privileges[${j}]`, role.name));
    const want = new Map<string, PrivilegeAtom>();
    const unwanted = new Map<string, PrivilegeAtom>();
    for (const p of role.privileges) for (const a of privilegeAtoms(role.name, p)) (p.absent ? unwanted : want).set(atomKey(a), a);
    for (const [key, a] of unwanted) if (want.has(key)) problems.push(`roles[${i}] (${role.name}): ${grantAtom(a).query} is declared both present and absent; keep one`);
    for (const [key, a] of want) if (!serverRows.has(key)) privilegeGrants.push(grantAtom(a));
    const before = prev.roles.find((r) => r.name === role.name);
    for (const p of before?.privileges ?? []) {
      if (p.absent) continue;
      for (const a of privilegeAtoms(role.name, p)) {
        const key = atomKey(a);
        if (!want.has(key) && !unwanted.has(key)) unwanted.set(key, a);
      }
    }
    for (const [key, a] of unwanted) {
      const on = serverRows.get(key);
      if (!on || want.has(key)) continue;
      if (on.immutable) {
        problems.push(`${declared ? `roles[${i}] (${role.name})` : `role ${role.name} (left out of roles)`}: ${grantAtom(a).query} is IMMUTABLE on the server: it can be revoked only with auth disabled (Operations Manual, "Immutable roles and privileges"), so this tool never sends a REVOKE that would hit it; keep it declared, or revoke it by hand with auth disabled`);
        continue;
      }
      privilegeDrops.push(revokeAtom(a));
    }
  });
  const roleDrops = [...droppedRoles].map(S.dropRole);

  if (problems.length && !options.destroying) throw new PlanError(problems);
  return [...drops, ...privilegeDrops, ...roleDrops, ...roleCreates, ...aliasCreates, ...privilegeGrants, ...roleGrants, ...homes];

  function checkPrivilege(p: Privilege, path: string, role: string): void {
    const on = privilegeTarget(p);
    const target = on === null ? undefined : localAliasTargets.get(on.toLowerCase());
    if (target !== undefined && target.toLowerCase() !== on!.toLowerCase()) {
      problems.push(`${path}: ${on} is a local alias of ${target}; privileges are defined on the target database, not on a local alias: name ${target} instead`);
    }
    // A row that must be absent needs no feature: on a server without it the row cannot be there.
    if (p.absent) return;
    for (const r of privilegeRequirements(p)) {
      if (!caps.atLeast(r.since)) problems.push(`${path}: ${r.what} needs Neo4j ${r.since} or later, and this server is ${caps.version}; remove it or upgrade the server`);
    }
    if (p.action === "DENY" && authRuleRoles.has(role)) {
      problems.push(
        `${path}: DENY on role ${JSON.stringify(role)} is refused by the server: the role is assigned to an auth rule, and from Neo4j 2026.03 denied privileges may not be assigned to a role once it has been assigned to an auth rule (Operations Manual, "Attribute-based access control": an unmet rule must only ever reduce access); grant less instead, or take the role off the auth rule`,
      );
    }
  }
}

/**
 * The server's rows by key. Rows this tool does not model are left out (never touched); rows on an alias this
 * plan drops are left out too (they vanish with it: granted again, never revoked).
 */
function observedRows(observed: ObservedState, droppedAliases: ReadonlySet<string>): Map<string, PrivilegeAtom> {
  const immutable = new Set(observed.immutablePrivileges ?? []);
  const out = new Map<string, PrivilegeAtom>();
  for (const row of observed.privileges) {
    for (const a of parsePrivilegeRow(row, immutable.has(row)) ?? []) {
      const on = atomTarget(a);
      if (on !== null && droppedAliases.has(on.toLowerCase())) continue;
      const key = atomKey(a);
      // A mutable and an immutable twin: a plain REVOKE would hit both, so the key counts as immutable.
      const immutableNow = Boolean(out.get(key)?.immutable) || Boolean(a.immutable);
      out.set(key, { ...a, immutable: immutableNow });
    }
  }
  return out;
}

/** Destroy: remove everything `applied` declared (and nothing else). */
export function planDestroy(applied: AccessSpec, observed: ObservedState): Statement[] {
  return planChanges(EMPTY_SPEC, observed, applied, { destroying: true });
}

// ---------------------------------------------------------------------------------------------------------

/**
 * Map equality ignoring null entries and key case: SHOW ALIASES prints PROPERTIES keys lowercased
 * ({newestNorthwind: true} comes back as {newestnorthwind: TRUE}).
 */
function sameMap(a: Record<string, unknown> | null | undefined, b: Record<string, unknown> | null | undefined): boolean {
  const entries = (m: Record<string, unknown> | null | undefined) =>
    Object.entries(m ?? {})
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => [k.toLowerCase(), v] as const);
  const x = entries(a);
  const y = entries(b);
  if (x.length !== y.length) return false;
  const ym = new Map(y);
  return x.every(([k, v]) => ym.has(k) && JSON.stringify(ym.get(k)) === JSON.stringify(v));
}

/** The language number in "CYPHER 25", "25" or 25; null when unknown. */
export function languageOf(v: unknown): number | null {
  const m = /(\d+)\s*$/.exec(String(v ?? ""));
  return m ? Number(m[1]) : null;
}

/** Credential type of an observed remote alias ("stored" or "oidc"). */
export function observedCredentialType(a: ObservedAlias): "stored" | "oidc" {
  if (a.credentials) return /OIDC/i.test(a.credentials) ? "oidc" : "stored";
  return a.user ? "stored" : "oidc";
}

function languageChanged(want: 5 | 25 | undefined, o: ObservedAlias): boolean {
  if (want === undefined || o.defaultLanguage === undefined) return false;
  return languageOf(o.defaultLanguage) !== want;
}

/** Plans one local alias; true when it is dropped (and created again). */
function planLocalAlias(a: LocalAliasConfig, o: ObservedAlias | undefined, drops: Statement[], creates: Statement[], caps: ServerCapabilities): boolean {
  if (!o) return void creates.push(S.createLocalAlias(a, caps)), false;
  if (o.location !== "local") {
    // local <-> remote cannot be altered (GQLSTATUS 22N91): drop and create.
    drops.push(S.dropAlias(a, caps));
    creates.push(S.createLocalAlias(a, caps));
    return true;
  }
  const alter = S.alterAlias(a, {
    // A null target means the connecting user may not see it (no ACCESS): unknown, so not a change.
    target: o.database !== null && o.database.toLowerCase() !== a.target,
    properties: !sameMap(a.properties, o.properties),
  }, caps);
  if (alter) creates.push(alter);
  return false;
}

/** Plans one remote alias; true when it is dropped (and created again). */
function planRemoteAlias(a: RemoteAliasConfig, o: ObservedAlias | undefined, drops: Statement[], creates: Statement[], options: PlanOptions, caps: ServerCapabilities): boolean {
  if (!o) return void creates.push(S.createRemoteAlias(a, caps)), false;
  if (o.location !== "remote" || observedCredentialType(o) !== a.credentials.type) {
    // Credential type and local <-> remote cannot be altered (GQLSTATUS 22N91): drop and create.
    drops.push(S.dropAlias(a, caps));
    creates.push(S.createRemoteAlias(a, caps));
    return true;
  }
  const wantDriver = driverParam(a.driver) ?? {};
  const haveDriver = o.driver ?? {};
  const driverDiff = !sameMap(
    Object.fromEntries(Object.entries(wantDriver).map(([k, v]) => [k, v !== null && typeof v === "object" && "$durationMs" in v ? v.$durationMs : v])),
    haveDriver,
  );
  const alter = S.alterAlias(a, {
    target: (o.database !== null && o.database.toLowerCase() !== a.target) || o.url !== a.url,
    credentials: a.credentials.type === "stored" && (o.user !== a.credentials.user || options.refreshCredentials === true),
    driver: driverDiff,
    properties: !sameMap(a.properties, o.properties),
    defaultLanguage: languageChanged(a.defaultLanguage, o),
  }, caps);
  if (alter) creates.push(alter);
  return false;
}

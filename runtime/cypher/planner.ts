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
 */
import type { LocalAliasConfig, RemoteAliasConfig } from "../../domain/neo4j/access-model";
import { privilegeTarget } from "../../domain/neo4j/privileges";
import { driverParam, EMPTY_SPEC, PlanError, type AccessSpec, type ObservedAlias, type ObservedState, type Statement } from "./model";
import { normalizeCommand, privilegeRows, roleOfCommand, targetOfCommand } from "./privilege-commands";
import { capabilities, type ServerCapabilities } from "./server-version";
import * as S from "./statements";

export interface PlanOptions {
  /** Re-send stored alias credentials even when nothing else changed (the server never shows passwords). */
  refreshCredentials?: boolean;
  /** Destroy mode: a missing user is not an error (there is nothing of ours left on it). */
  destroying?: boolean;
}

export function planChanges(desired: AccessSpec, observed: ObservedState, previous: AccessSpec | null = null, options: PlanOptions = {}): Statement[] {
  const problems: string[] = [];
  const drops: Statement[] = [];
  const prev = previous ?? EMPTY_SPEC;

  const serverRoles = new Set(observed.roles);
  const desiredRoles = new Set(desired.roles.map((r) => r.name));
  const droppedRoles = new Set(prev.roles.map((r) => r.name).filter((r) => !desiredRoles.has(r) && serverRoles.has(r)));

  const caps = capabilities(observed.server?.agent);

  // ---- aliases
  const obsAlias = new Map(observed.aliases.map((a) => [a.name.toLowerCase(), a] as const));
  const desiredAliasNames = new Set([...desired.localAliases, ...desired.remoteAliases].map((a) => a.name.toLowerCase()));
  /** Aliases this plan drops (for good or to create again): the server forgets their privileges. */
  const droppedAliases = new Set<string>();
  for (const a of [...prev.localAliases, ...prev.remoteAliases]) {
    if (!desiredAliasNames.has(a.name.toLowerCase()) && obsAlias.has(a.name.toLowerCase())) {
      drops.push(S.dropAlias(a.name));
      droppedAliases.add(a.name.toLowerCase());
    }
  }
  const aliasCreates: Statement[] = [];
  for (const a of desired.localAliases) if (planLocalAlias(a, obsAlias.get(a.name.toLowerCase()), drops, aliasCreates)) droppedAliases.add(a.name.toLowerCase());
  desired.remoteAliases.forEach((a, i) => {
    if (a.credentials.type === "oidc" && !caps.oidcForwarding) {
      problems.push(`remoteAliases[${i}].credentials: OIDC CREDENTIAL FORWARDING needs Neo4j 2026.01 or later, and this server is ${caps.version}; use {type: stored} or upgrade the server`);
    }
    if (a.defaultLanguage !== undefined && !caps.aliasDefaultLanguage) {
      problems.push(`remoteAliases[${i}].defaultLanguage: DEFAULT LANGUAGE on aliases needs Neo4j 2025.06 or later, and this server is ${caps.version}; remove defaultLanguage`);
    }
    if (planRemoteAlias(a, obsAlias.get(a.name.toLowerCase()), drops, aliasCreates, options, caps)) droppedAliases.add(a.name.toLowerCase());
  });
  // Local aliases on the server (declared or not): a privilege on one would be recorded on its target.
  const localAliasTargets = new Map<string, string>();
  for (const a of observed.aliases) if (a.location === "local" && a.database) localAliasTargets.set(a.name.toLowerCase(), a.database);
  for (const a of desired.localAliases) localAliasTargets.set(a.name.toLowerCase(), a.target);

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
  const obsRows = new Map<string, Set<string>>();
  for (const cmd of observed.privileges) {
    const role = roleOfCommand(cmd);
    if (role === null) continue;
    // Rows on an alias this plan drops vanish with it: they must be granted again and never revoked.
    const on = targetOfCommand(cmd);
    if (on !== null && droppedAliases.has(on.toLowerCase())) continue;
    if (!obsRows.has(role)) obsRows.set(role, new Set());
    obsRows.get(role)!.add(normalizeCommand(cmd));
  }
  const privilegeDrops: Statement[] = [];
  const privilegeGrants: Statement[] = [];
  const roleCreates: Statement[] = [];
  desired.roles.forEach((role, i) => {
    if (!serverRoles.has(role.name)) roleCreates.push(S.createRole(role.name));
    role.privileges.forEach((p, j) => {
      const on = privilegeTarget(p);
      const target = on === null ? undefined : localAliasTargets.get(on.toLowerCase());
      if (target !== undefined && target.toLowerCase() !== on!.toLowerCase()) {
        problems.push(`roles[${i}].privileges[${j}]: ${on} is a local alias of ${target}; privileges are defined on the target database, not on a local alias: name ${target} instead`);
      }
    });
    const have = obsRows.get(role.name) ?? new Set<string>();
    const want = new Map<string, string>();
    for (const p of role.privileges) for (const row of privilegeRows(role.name, p)) want.set(normalizeCommand(row), row);
    for (const [norm, row] of want) if (!have.has(norm)) privilegeGrants.push(S.grantRow(row));
    const before = prev.roles.find((r) => r.name === role.name);
    if (before) {
      const seen = new Set<string>();
      for (const p of before.privileges) {
        for (const row of privilegeRows(role.name, p)) {
          const norm = normalizeCommand(row);
          if (want.has(norm) || !have.has(norm) || seen.has(norm)) continue;
          seen.add(norm);
          privilegeDrops.push(S.revokeRow(row));
        }
      }
    }
  });
  const roleDrops = [...droppedRoles].map(S.dropRole);

  if (problems.length && !options.destroying) throw new PlanError(problems);
  return [...drops, ...privilegeDrops, ...roleDrops, ...roleCreates, ...aliasCreates, ...privilegeGrants, ...roleGrants, ...homes];
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
function planLocalAlias(a: LocalAliasConfig, o: ObservedAlias | undefined, drops: Statement[], creates: Statement[]): boolean {
  if (!o) return void creates.push(S.createLocalAlias(a)), false;
  if (o.location !== "local") {
    // local <-> remote cannot be altered (GQLSTATUS 22N91): drop and create.
    drops.push(S.dropAlias(a.name));
    creates.push(S.createLocalAlias(a));
    return true;
  }
  const alter = S.alterAlias(a, {
    // A null target means the connecting user may not see it (no ACCESS): unknown, so not a change.
    target: o.database !== null && o.database.toLowerCase() !== a.target,
    properties: !sameMap(a.properties, o.properties),
  });
  if (alter) creates.push(alter);
  return false;
}

/** Plans one remote alias; true when it is dropped (and created again). */
function planRemoteAlias(a: RemoteAliasConfig, o: ObservedAlias | undefined, drops: Statement[], creates: Statement[], options: PlanOptions, caps: ServerCapabilities): boolean {
  if (!o) return void creates.push(S.createRemoteAlias(a, caps)), false;
  if (o.location !== "remote" || observedCredentialType(o) !== a.credentials.type) {
    // Credential type and local <-> remote cannot be altered (GQLSTATUS 22N91): drop and create.
    drops.push(S.dropAlias(a.name));
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
  });
  if (alter) creates.push(alter);
  return false;
}

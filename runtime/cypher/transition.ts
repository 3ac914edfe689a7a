/**
 * What one run of an access runner does, decided from the states Terraform hands it. Pure.
 *
 * The local-exec runner's `terraform_data` is replaced on every change, and Terraform runs the old
 * object's destroy-time provisioner first. That provisioner sees two states: the one this object applied
 * (from `self`, read out of Terraform state) and the one the configuration now declares (written into the
 * provisioner itself, which Terraform always takes from the current configuration). With both in hand it
 * makes the whole change in ONE transaction: nothing kept is ever absent, what the new state drops goes in
 * the same commit as what it adds, and a failure rolls everything back (and leaves the old object in
 * Terraform state, so the next apply tries the same change again).
 */
import type { Neo4jAccessConfig } from "../../domain/neo4j/access-model";
import { canonicalJson, stateHash } from "../../domain/state-hash";
import type { AccessSpec } from "./model";

export type RunnerStep =
  | { mode: "apply" | "plan"; state: Neo4jAccessConfig; previous: AccessSpec | null }
  | { mode: "destroy"; state: Neo4jAccessConfig };

export interface StepPlan {
  steps: RunnerStep[];
  /** One line for the log: what this run does and why. */
  note: string;
  /** True when, after the steps, the server holds `declared`: the create step that follows may skip. */
  declaredApplied: boolean;
}

/** The state without its runner settings: what identifies an applied state. */
export function stateIdentity(s: Neo4jAccessConfig): string {
  const { runner: _runner, ...rest } = s;
  return stateHash(rest);
}

/**
 * The destroy-time step of a replaced runner object: `applied` is what it applied, `declared` what the
 * configuration declares now. `sameServer` says whether both connections reach the same DBMS (resolved at
 * run time: URIs may come from environment variables).
 */
export function replacementSteps(applied: Neo4jAccessConfig, declared: Neo4jAccessConfig, sameServer: boolean): StepPlan {
  if (stateIdentity(applied) === stateIdentity(declared)) {
    return {
      steps: [],
      note: "the configuration declares the state this object applied: nothing to change (a destroy of the stack, whose removal step runs next, or a forced replacement, whose create step converges)",
      declaredApplied: false,
    };
  }
  if (!sameServer) {
    return {
      steps: [{ mode: "destroy", state: applied }],
      note: "the connection now points at another DBMS: removing what this object applied from the old one; the create step applies the new state on the new one",
      declaredApplied: false,
    };
  }
  return {
    steps: [{ mode: "apply", state: declared, previous: applied }],
    note: "changing the applied state into the declared one in one transaction (kept items stay in place; dropped items go in the same commit as the new ones)",
    declaredApplied: true,
  };
}

/**
 * Applying `state` where `previous` was applied before: one transaction on the same DBMS; when the
 * connection now reaches another one, the previous state is removed there first (nothing to keep there).
 */
export function changeSteps(previous: Neo4jAccessConfig | null, state: Neo4jAccessConfig, sameServer: boolean, mode: "apply" | "plan" = "apply"): RunnerStep[] {
  if (previous && !sameServer) return [{ mode: "destroy", state: previous }, { mode, state, previous: null }];
  return [{ mode, state, previous }];
}

/**
 * The removal step of a real destroy: everything this runner applied (`applied`, the last state given to
 * the runner) and, should the configuration have changed without an apply since, what it declares now
 * (the replaced object's own step may just have applied it). Each state is removed from its own server.
 */
export function removalSteps(applied: Neo4jAccessConfig, declared: Neo4jAccessConfig | null): RunnerStep[] {
  const steps: RunnerStep[] = [{ mode: "destroy", state: applied }];
  if (declared && stateIdentity(declared) !== stateIdentity(applied)) steps.push({ mode: "destroy", state: declared });
  return steps;
}

/**
 * Whether two resolved Neo4j URIs reach the same DBMS: same host and port, whatever the scheme's routing
 * or encryption flavour (neo4j+s://h and bolt+s://h:7687 are one server). Pure.
 */
export function sameServer(a: string, b: string): boolean {
  const key = (uri: string): string => {
    const m = /^[a-z0-9+]+:\/\/(\[[^\]]+\]|[^/:?#]+)(?::(\d+))?/i.exec(uri.trim());
    if (!m) return uri.trim();
    return `${m[1].toLowerCase()}:${m[2] ?? "7687"}`;
  };
  return key(a) === key(b);
}

/**
 * Everything any of the states declares (the first state's connection): the ownership record when which of
 * several states the server holds is not known, so that what none of them still wants is removed. Roles
 * merge their privileges, users their roles (the first home database named wins), aliases by name. Pure.
 */
export function unionSpec(states: Neo4jAccessConfig[]): Neo4jAccessConfig {
  const [first, ...rest] = states;
  const out: Neo4jAccessConfig = JSON.parse(JSON.stringify(first)) as Neo4jAccessConfig;
  for (const s of rest) {
    for (const r of s.roles) {
      const have = out.roles.find((x) => x.name === r.name);
      if (!have) out.roles.push(JSON.parse(JSON.stringify(r)));
      else {
        const seen = new Set(have.privileges.map((p) => canonicalJson(p)));
        for (const p of r.privileges) if (!seen.has(canonicalJson(p))) have.privileges.push(JSON.parse(JSON.stringify(p)));
      }
    }
    for (const u of s.users) {
      const have = out.users.find((x) => x.name === u.name);
      if (!have) out.users.push(JSON.parse(JSON.stringify(u)));
      else {
        for (const r of u.roles) if (!have.roles.includes(r)) have.roles.push(r);
        if (have.homeDatabase === undefined && u.homeDatabase !== undefined) have.homeDatabase = u.homeDatabase;
      }
    }
    const aliasNames = new Set([...out.localAliases, ...out.remoteAliases].map((a) => a.name.toLowerCase()));
    for (const a of s.localAliases) if (!aliasNames.has(a.name.toLowerCase())) out.localAliases.push(JSON.parse(JSON.stringify(a)));
    for (const a of s.remoteAliases) if (!aliasNames.has(a.name.toLowerCase())) out.remoteAliases.push(JSON.parse(JSON.stringify(a)));
  }
  return out;
}

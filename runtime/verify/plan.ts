import { auraPorts, customEndpointLabels, CUSTOM_ENDPOINT_DOMAIN, orchDomain } from "../../domain/aura/names";
import { CREDENTIALS_INSTEAD, urlCredentialsProblem, withoutCredentials } from "../../domain/url-credentials";
import { UserError } from "../cli/errors";
import type { Deployment } from "./inputs";

/**
 * Pure check planning: which names to check and which checks run for each. The runner (run.ts) does the
 * I/O; everything here is decided from the inputs alone, so it is table-tested without a network.
 */

export type CheckKind = "dns" | "tcp" | "tls1.2" | "tls1.3" | "tls1.1-refused" | "certificate" | "https" | "bolt" | "routing";

export interface PlannedCheck {
  /** Unique in a run: `<host> <kind>[:<port>]`. */
  id: string;
  host: string;
  kind: CheckKind;
  /** The Aura port checked (before any --port-map). */
  port?: number;
  title: string;
}

export type TargetRole = "instance" | "custom-endpoint" | "custom-endpoint-record";

export interface Target {
  host: string;
  role: TargetRole;
  deployment: Deployment;
  checks: PlannedCheck[];
}

const BOLT = 7687;
const HTTPS = 443;
const DBID = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const INSTANCE_HOST = /^([a-z0-9-]+)\.production-orch-([a-z0-9]+)\.neo4j\.io$/;

const TITLES: Record<CheckKind, (port?: number) => string> = {
  dns: () => "dns resolves privately",
  tcp: (p) => `tcp ${p}`,
  "tls1.2": (p) => `tls 1.2 on ${p}`,
  "tls1.3": (p) => `tls 1.3 on ${p}`,
  "tls1.1-refused": (p) => `tls 1.1 refused on ${p}`,
  certificate: (p) => `certificate on ${p}`,
  https: (p) => `https GET / on ${p}`,
  bolt: (p) => `bolt on ${p}`,
  routing: () => "routing table private",
};

function check(host: string, kind: CheckKind, port?: number): PlannedCheck {
  return { id: `${host} ${kind}${port === undefined ? "" : `:${port}`}`, host, kind, port, title: TITLES[kind](port) };
}

function tlsChecks(host: string, port: number): PlannedCheck[] {
  return [check(host, "tls1.2", port), check(host, "tls1.3", port), check(host, "tls1.1-refused", port), check(host, "certificate", port)];
}

/** Checks for one name by its role (DESIGN.md section 4, reference 001's connectivity tests). Pure. */
export function checksFor(host: string, role: TargetRole, d: Deployment): PlannedCheck[] {
  const dns = check(host, "dns");
  if (role === "custom-endpoint-record") return [dns];
  if (role === "custom-endpoint") {
    // A custom endpoint is a Bolt name for an instance (reference 001 only lists the driver URI for it).
    return [dns, check(host, "tcp", BOLT), ...tlsChecks(host, BOLT), check(host, "bolt", BOLT), check(host, "routing")];
  }
  return [
    dns,
    ...auraPorts(d.product).map((p) => check(host, "tcp", p.port)),
    ...tlsChecks(host, BOLT),
    ...tlsChecks(host, HTTPS),
    check(host, "https", HTTPS),
    check(host, "bolt", BOLT),
    check(host, "routing"),
  ];
}

/**
 * The instance host of a --dbid: `<dbid>` when the inputs hold exactly one orchestration, or the full
 * `<dbid>.production-orch-<orch>.neo4j.io`. Returns the host and the deployment serving it. Pure.
 */
export function instanceHost(dbid: string, deployments: readonly Deployment[]): { host: string; deployment: Deployment } {
  const credentials = urlCredentialsProblem(dbid, CREDENTIALS_INSTEAD.verifyTarget);
  if (credentials) throw new UserError(`--dbid ${JSON.stringify(withoutCredentials(dbid))}: ${credentials}`);
  const value = dbid.trim().toLowerCase();
  const all = deployments.flatMap((d) => d.orchestrations.map((orch) => ({ orch, d })));
  const m = INSTANCE_HOST.exec(value);
  if (m) {
    const found = all.find((x) => x.orch === m[2]);
    if (!found) {
      throw new UserError(`--dbid ${dbid}: orchestration ${m[2]} is not served by the given stacks (they serve ${all.map((x) => x.orch).join(", ") || "none"})`);
    }
    return { host: value, deployment: found.d };
  }
  if (!DBID.test(value)) {
    throw new UserError(`--dbid ${JSON.stringify(dbid)} is not an instance id; give the id shown in the Aura console (letters and digits) or <dbid>.production-orch-<orch>.neo4j.io`);
  }
  if (all.length !== 1) {
    throw new UserError(
      `--dbid ${dbid}: the given stacks serve ${all.length} orchestrations (${all.map((x) => x.orch).join(", ") || "none"}); write the full name <dbid>.production-orch-<orch>.neo4j.io`,
    );
  }
  return { host: `${value}.${orchDomain(all[0]!.orch)}`, deployment: all[0]!.d };
}

/** Every name to check with its checks: instances first, then custom endpoints and their a- to d- records. Pure. */
export function planTargets(deployments: readonly Deployment[], dbids: readonly string[]): Target[] {
  const targets: Target[] = [];
  const seen = new Set<string>();
  const add = (host: string, role: TargetRole, deployment: Deployment) => {
    if (seen.has(host)) return;
    seen.add(host);
    targets.push({ host, role, deployment, checks: checksFor(host, role, deployment) });
  };
  for (const dbid of dbids) {
    const { host, deployment } = instanceHost(dbid, deployments);
    add(host, "instance", deployment);
  }
  for (const d of deployments) {
    for (const name of d.customEndpoints) {
      const [main, ...records] = customEndpointLabels(name).map((label) => `${label}.${CUSTOM_ENDPOINT_DOMAIN}`);
      add(main!, "custom-endpoint", d);
      for (const r of records) add(r, "custom-endpoint-record", d);
    }
  }
  if (targets.length === 0) {
    throw new UserError("nothing to check: give --dbid <instance id> (repeatable), or outputs/config with custom endpoints");
  }
  return targets;
}

/**
 * The credentials paths of the runners: where the Neo4j access runner connects with the admin credentials (URL,
 * scheme, TLS mode, opt-ins, user, password reference) and how aliases reach remote DBMSs; where the key
 * registration runner sends the Aura API client credentials (base URL, references); which commands the
 * provisioners run; and what the access Lambda's role may do. Judgements: domain/neo4j/connection-posture.ts,
 * domain/aws/iam-policy-widening.ts; reading only here.
 */
import { parse as parseShell } from "shell-quote";
import { allowPatterns, isWildcard, widenedPatterns, type AllowPattern } from "../../../domain/aws/iam-policy-widening";
import { policyStatements } from "../../../domain/aws/key-policy-eval";
import { optInsTurnedOn, urlWeakenings, type UrlValue } from "../../../domain/neo4j/connection-posture";
import { canonicalJson } from "../../../domain/state-hash";
import { runnerState } from "../access-state";
import type { Provisioner, ResourceChange } from "../plan-format";
import type { RuleContext } from "../rule";
import { afterOf, beforeOf, isActive, list, str } from "../values";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | null => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : null);
const ref = (v: unknown) => (v === undefined ? "(none)" : canonicalJson(v));
const urlValue = (v: unknown): UrlValue => (typeof v === "string" ? v : obj(v) && typeof obj(v)!.env === "string" ? { env: String(obj(v)!.env) } : undefined);

/** The opt-ins that allow weaker connections (access model and the crossings' TLS opt-in). */
export const CONNECTION_OPT_INS = ["allowInsecureUrl", "allowUnverifiedTls"] as const;

/** What gets weaker in the access runner's connection and aliases; empty when nothing. */
export function connectionWeakenings(c: ResourceChange): string[] {
  const before = runnerState(c.type, beforeOf(c));
  const after = runnerState(c.type, afterOf(c));
  if (!before || !after) return [];
  const out: string[] = [];
  const bc = obj(before.connection);
  const ac = obj(after.connection);
  if (bc || ac) {
    out.push(...urlWeakenings(urlValue(bc?.uri), urlValue(ac?.uri), "the runner's connection"));
    out.push(...optInsTurnedOn(bc, ac, CONNECTION_OPT_INS, "the runner's connection"));
    if (canonicalJson(bc?.user ?? null) !== canonicalJson(ac?.user ?? null)) out.push(`the runner now logs in as ${ref(ac?.user)} (was ${ref(bc?.user)})`);
    if (canonicalJson(bc?.password ?? null) !== canonicalJson(ac?.password ?? null)) out.push(`the runner's password now comes from ${ref(ac?.password)} (was ${ref(bc?.password)})`);
  }
  const aliases = (s: Obj) => new Map(list<Obj>(s.remoteAliases).map((a) => [String(a.name), a] as const));
  const ab = aliases(before);
  for (const [name, a] of aliases(after)) {
    const old = ab.get(name);
    if (!old) continue;
    const bu = urlValue(old.url);
    const au = urlValue(a.url);
    // A new host is a re-pointed alias (AURA-ACC-1); here only the protection of the same connection.
    out.push(...urlWeakenings(bu, au, `alias ${name}`).filter((w) => !w.includes(" moves from ")));
    out.push(...optInsTurnedOn(old, a, CONNECTION_OPT_INS, `alias ${name}`));
    const bcred = obj(old.credentials);
    const acred = obj(a.credentials);
    if (canonicalJson(bcred ?? null) !== canonicalJson(acred ?? null)) {
      if (bcred?.type !== acred?.type) out.push(`alias ${name}: credentials ${String(bcred?.type ?? "none")} -> ${String(acred?.type ?? "none")}`);
      else {
        if (canonicalJson(bcred?.user ?? null) !== canonicalJson(acred?.user ?? null)) out.push(`alias ${name} now logs in as ${ref(acred?.user)} (was ${ref(bcred?.user)})`);
        if (canonicalJson(bcred?.password ?? null) !== canonicalJson(acred?.password ?? null)) out.push(`alias ${name}: password now comes from ${ref(acred?.password)} (was ${ref(bcred?.password)})`);
      }
    }
  }
  return out;
}

/** The key registration runner's spec (terraform_data input.spec: baseUrl, credentials, request), or null. */
export function registrationSpec(type: string, values: Obj | null): Obj | null {
  if (type !== "terraform_data" || !values) return null;
  const spec = obj(obj(values.input)?.spec);
  return spec && ("baseUrl" in spec || "credentials" in spec) && obj(spec.request) ? spec : null;
}

/** What changes in where the Aura API client credentials go and where they are read from. */
export function registrationWeakenings(c: ResourceChange): string[] {
  const b = registrationSpec(c.type, beforeOf(c));
  const a = registrationSpec(c.type, afterOf(c));
  if (!b || !a) return [];
  const out = urlWeakenings(urlValue(b.baseUrl) ?? "https://api.neo4j.io", urlValue(a.baseUrl) ?? "https://api.neo4j.io", "the Aura API base URL (the client id and secret are sent there)");
  const bc = obj(b.credentials);
  const ac = obj(a.credentials);
  for (const k of ["clientId", "clientSecret"]) {
    if (canonicalJson(bc?.[k] ?? null) !== canonicalJson(ac?.[k] ?? null)) out.push(`the Aura API ${k} now comes from ${ref(ac?.[k])} (was ${ref(bc?.[k])})`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Provisioner commands

/** The subcommands the package's runners run (constructs/neo4j/local-exec-runner.ts, constructs/aura/cmk-registration.ts). */
const RUNNER_COMMANDS: RegExp[] = [
  /^cypher apply --state-env [A-Z_][A-Z0-9_]*( --after-replace)? --timeout [0-9A-Za-z.]+$/,
  /^cypher destroy --state-env [A-Z_][A-Z0-9_]*( --also-env [A-Z_][A-Z0-9_]*)? --timeout [0-9A-Za-z.]+$/,
  /^cypher replace --applied-env [A-Z_][A-Z0-9_]* --declared-env [A-Z_][A-Z0-9_]* --timeout [0-9A-Za-z.]+$/,
  /^aura cmk (create|delete) --spec-env [A-Z_][A-Z0-9_]*$/,
];
const CLI_NAMES = /^(aura-secure|aura-secure\.js|cdktf-aura-secure)$/;
const basename = (p: string) => p.split("/").pop() ?? p;

/**
 * Why a provisioner command is not one the review recognizes as the package's CLI (or a plain wait), or null.
 * Recognized: `<cli> cypher apply|destroy|replace ...`, `<cli> aura cmk create|delete ...`, `sleep <seconds>`, where
 * <cli> is `npx [--no] aura-secure`, `node <path>/aura-secure[.js]`, `<path>/aura-secure[.js]`, or `true` (a
 * no-op, as tests use it); no shell operators, substitutions or variables anywhere.
 */
export function unrecognizedCommand(p: Provisioner): string | null {
  if (p.type !== "local-exec") return `a ${p.type} provisioner runs${p.command ? `: ${p.command}` : ""}`;
  if (p.command === undefined) return `a local-exec command built from ${p.commandReferences?.join(", ") || "an expression"}: the plan does not show what runs`;
  if (p.interpreter !== undefined) return `a local-exec command with interpreter ${canonicalJson(p.interpreter)}: ${p.command}`;
  const tokens = parseShell(p.command, (name) => `$${name}`);
  if (tokens.some((t) => typeof t !== "string") || /[`$]/.test(p.command)) return `the command holds shell operators, substitutions or variables: ${p.command}`;
  const words = tokens as string[];
  if (words.length === 2 && words[0] === "sleep" && /^\d+$/.test(words[1]!)) return null;
  let i = 0;
  if (words[0] === "npx") {
    i = 1;
    while (words[i]?.startsWith("-")) i++;
    if (!CLI_NAMES.test(words[i] ?? "")) return `the command runs the npm package ${words[i] ?? "(none)"}, not aura-secure: ${p.command}`;
    i++;
  } else if (words[0] === "node") {
    if (!CLI_NAMES.test(basename(words[1] ?? ""))) return `the command runs ${words[1] ?? "(nothing)"} with node, not the aura-secure CLI: ${p.command}`;
    i = 2;
  } else if (CLI_NAMES.test(basename(words[0] ?? "")) || words[0] === "true") i = 1;
  else return `the command starts ${words[0] ?? "(nothing)"}, not the aura-secure CLI: ${p.command}`;
  const rest = words.slice(i).join(" ");
  return RUNNER_COMMANDS.some((r) => r.test(rest)) ? null : `the CLI runs "${rest}", not a runner command (cypher apply/destroy/replace, aura cmk create/delete): ${p.command}`;
}

/** Provisioner commands that will run in this apply (create-time on create/replace, destroy-time on delete/replace) and are not recognized. */
export function commandFindings(c: ResourceChange): string[] {
  const runsCreate = c.kind === "create" || c.kind === "replace";
  const runsDestroy = c.kind === "delete" || c.kind === "replace";
  return (c.provisioners ?? [])
    .filter((p) => (p.when === "destroy" ? runsDestroy : runsCreate))
    .flatMap((p) => {
      const why = unrecognizedCommand(p);
      return why ? [`${p.when === "destroy" ? "on destroy, " : ""}${why}`] : [];
    });
}

// ---------------------------------------------------------------------------------------------------------
// IAM of the runner

const MANAGED_OK = /^arn:aws[a-z-]*:iam::aws:policy\/service-role\/(AWSLambdaVPCAccessExecutionRole|AWSLambdaBasicExecutionRole)$/;

function patternText(p: AllowPattern): string {
  return `${p.action} on ${p.resource}${p.conditioned ? " (with a condition)" : ""}`;
}

/** What an IAM change lets the role do more (medium), or lets more principals assume it; `severity` high for anyone. */
export function iamWidenings(c: ResourceChange, ctx: RuleContext): Array<{ detail: string; high?: boolean }> {
  const b = beforeOf(c);
  const a = afterOf(c);
  if (!a || !isActive(c)) return [];
  const out: Array<{ detail: string; high?: boolean }> = [];
  // A role referenced by an unknown value is created in this plan (a first apply).
  const roleCreated = (role: unknown) => role === null || role === undefined || ctx.stackChanges.some((x) => x.type === "aws_iam_role" && x.kind === "create" && (x.after?.name === role || x.after?.id === role));
  const judgePolicy = (before: unknown, after: unknown, where: string, firstApply: boolean) => {
    const ap = allowPatterns(after);
    if (ap === null) {
      out.push({ detail: `${where}: the policy is not JSON the review can read` });
      return;
    }
    const bp = before === null ? [] : (allowPatterns(before) ?? []);
    const added = firstApply ? ap.filter(isWildcard) : widenedPatterns(bp, ap);
    for (const p of added) out.push({ detail: `${where} now allows ${patternText(p)}${isWildcard(p) ? " (a wildcard)" : ""}` });
  };
  switch (c.type) {
    case "aws_iam_role_policy":
    case "aws_iam_policy":
      judgePolicy(b?.policy ?? null, a.policy, `${c.type === "aws_iam_role_policy" ? `the inline policy of role ${str(a.role) ?? "?"}` : `policy ${str(a.name) ?? c.address}`}`, !b && (c.type === "aws_iam_policy" || roleCreated(a.role)));
      break;
    case "aws_iam_role_policy_attachment":
      if (!b || b.policy_arn !== a.policy_arn) {
        const arn = str(a.policy_arn) ?? "(known after apply)";
        if (!(roleCreated(a.role) && MANAGED_OK.test(arn))) out.push({ detail: `policy ${arn} attached to role ${str(a.role) ?? "?"}` });
      }
      break;
    case "aws_iam_role": {
      const who = (v: Obj | null) =>
        new Set(
          (policyStatements(v?.assume_role_policy ?? "") ?? [])
            .filter((s) => s.Effect === "Allow")
            .flatMap((s) => (s.Principal === "*" ? ["*"] : Object.entries(obj(s.Principal) ?? {}).flatMap(([k, x]) => list<string>(x).map((y) => `${k}:${String(y)}`)))),
        );
      const had = who(b);
      for (const p of who(a)) if (b && !had.has(p)) out.push({ detail: `role ${str(a.name) ?? c.address} may now be assumed by ${p}`, high: p === "*" || p === "AWS:*" });
      const arns = (v: Obj | null) => list<string>(v?.managed_policy_arns).map(String);
      if (b) for (const p of arns(a).filter((x) => !arns(b).includes(x))) out.push({ detail: `policy ${p} attached to role ${str(a.name) ?? c.address}` });
      if (b && b.permissions_boundary && !a.permissions_boundary) out.push({ detail: `role ${str(a.name) ?? c.address} loses its permissions boundary ${String(b.permissions_boundary)}` });
      for (const ip of list<Obj>(a.inline_policy)) {
        const old = list<Obj>(b?.inline_policy).find((x) => x.name === ip.name);
        judgePolicy(old?.policy ?? null, ip.policy, `inline policy ${String(ip.name ?? "?")} of role ${str(a.name) ?? c.address}`, !b);
      }
      break;
    }
    case "aws_lambda_function":
      if (b && a.role !== b.role) out.push({ detail: `the function now runs as ${str(a.role) ?? "(a role known after apply)"} (was ${str(b.role) ?? "?"})` });
      break;
  }
  return out;
}

export const IAM_TYPES = ["aws_iam_role_policy", "aws_iam_policy", "aws_iam_role_policy_attachment", "aws_iam_role"];

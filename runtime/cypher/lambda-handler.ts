/**
 * AWS Lambda entry point of the Cypher access reconciler. The Lambda runner (constructs/neo4j/lambda-runner.ts)
 * invokes it through three `aws_lambda_invocation` resources with lifecycle_scope = "CRUD"; Terraform adds
 * `tf: {action, prev_input}` to each input:
 *
 * - `{state}` (the apply invocation): create -> apply the state; update -> change `tf.prev_input.state` into
 *   the state in ONE transaction (nothing kept is ever absent); delete -> nothing (the removal invocation
 *   removes). Its result records the state it applied (`state`, `stateSha256`).
 * - `{converge: {to, from}}` (the converge invocation): `from` is the state the apply invocation last
 *   applied (from its result), `to` the declared one. Normally the same: a read that finds nothing to do.
 *   They differ when an update failed, because aws_lambda_invocation keeps a failed update's input and the
 *   next plan then shows no change for it: this invocation then makes the change. Delete: nothing, so
 *   `terraform apply -replace` on it is a safe retry.
 * - `{removeOnDestroy: {owned, applied}}` (the removal invocation): create/update record only (no server);
 *   delete -> remove both states (the stack is being destroyed).
 *
 * Passwords are Secrets Manager references read here at run time (the function's role may read exactly
 * those secrets). The results returned to Terraform (stored in state) hold queries and references, never values.
 * The deadline comes from the invocation's own remaining time (context.getRemainingTimeInMillis) minus a
 * margin, so the reconciler gives up with a message before Lambda kills the function.
 */
import { parseNeo4jAccess, type Neo4jAccessConfig } from "../../domain/neo4j/access-model";
import { stateHash } from "../../domain/state-hash";
import { UserError } from "../cli/errors";
import { reconcileSteps, resolveUri, type ReconcileResult } from "./reconciler";
import { awsSdkSecretsManagerFetcher, secretResolver, type SecretsManagerFetcher } from "./secrets";
import { changeSteps, removalSteps, sameServer, unionSpec, type RunnerStep } from "./transition";
import { handleVerifyEvent, isVerifyEvent, type VerifyEvent, type VerifyEventResult } from "../verify/lambda";

type TfAction = "create" | "update" | "delete";

export interface InvocationEvent {
  state?: unknown;
  converge?: { to?: unknown; from?: unknown };
  removeOnDestroy?: { owned?: unknown; applied?: unknown };
  tf?: { action?: string; prev_input?: { state?: unknown; converge?: { to?: unknown; from?: unknown } } | null };
}

export interface HandlerResult {
  action: TfAction;
  /** Which invocation this was. */
  role: "apply" | "converge" | "remove-on-destroy";
  applied: boolean;
  attempts: number;
  statements: string[];
  /** The state this invocation left applied (apply and converge create/update): the ownership record. */
  state?: unknown;
  /** sha256 of that state's canonical JSON, as the construct computes it at synth. */
  stateSha256?: string;
}

/** The part of the Lambda context the handler reads. */
export interface LambdaContextLike {
  getRemainingTimeInMillis(): number;
}

export interface HandlerDeps {
  fetchSecretsManager: SecretsManagerFetcher;
  env?: NodeJS.ProcessEnv;
  /** Overrides the deadline (tests); otherwise derived from the context, or AURA_SECURE_TIMEOUT_MS without one. */
  timeoutMs?: number;
  log?: (line: string) => void;
}

/** Kept free at the end of an invocation: closing connections, returning the result, Lambda's own overhead. */
export const DEADLINE_MARGIN_MS = 5_000;
/** Below this, a connection and one read cannot finish: fail at once and say so. */
export const MIN_WORK_MS = 2_000;

/**
 * The reconciler's deadline inside one invocation: the function's remaining time minus a margin (a tenth of
 * it, at least DEADLINE_MARGIN_MS), never more than `configuredMs` when given. Null when too little is left. Pure.
 */
export function lambdaDeadlineMs(remainingMs: number, configuredMs?: number): number | null {
  const margin = Math.max(DEADLINE_MARGIN_MS, Math.round(remainingMs / 10));
  const budget = Math.min(remainingMs - margin, configuredMs ?? Number.POSITIVE_INFINITY);
  return budget >= MIN_WORK_MS ? budget : null;
}

function actionOf(event: InvocationEvent): TfAction {
  const action = event.tf?.action ?? "create";
  if (action !== "create" && action !== "update" && action !== "delete") throw new UserError(`unknown tf.action ${JSON.stringify(action)}; expected create, update or delete`);
  return action;
}

export function makeHandler(deps: HandlerDeps): (event: InvocationEvent, context?: LambdaContextLike) => Promise<HandlerResult> {
  return async (event, context) => {
    const action = actionOf(event);
    const env = deps.env ?? process.env;
    const configured = deps.timeoutMs ?? (env.AURA_SECURE_TIMEOUT_MS ? Number(env.AURA_SECURE_TIMEOUT_MS) : undefined);
    const remaining = context?.getRemainingTimeInMillis();
    const timeoutMs = remaining === undefined ? (configured ?? 100_000) : lambdaDeadlineMs(remaining, configured);
    if (timeoutMs === null) {
      throw new UserError(`the function has ${Math.round(remaining! / 100) / 10} s left of its timeout, too little to connect and apply; nothing was changed; raise runner.timeout`);
    }
    const run = (steps: RunnerStep[]): Promise<ReconcileResult[]> =>
      reconcileSteps(steps, {
        env,
        timeoutMs,
        resolveSecret: secretResolver({ env, fetchSecretsManager: deps.fetchSecretsManager }),
        log: deps.log ?? ((l) => console.log(l)),
      });
    const summary = (role: HandlerResult["role"], results: ReconcileResult[], applied?: { raw: unknown }): HandlerResult => ({
      action,
      role,
      applied: results.some((r) => r.applied),
      attempts: results.reduce((n, r) => n + r.attempts, 0),
      statements: results.flatMap((r) => r.statements.map((s) => s.query)),
      ...(applied ? { state: applied.raw, stateSha256: stateHash(applied.raw) } : {}),
    });
    const same = (a: Neo4jAccessConfig, b: Neo4jAccessConfig) => sameServer(resolveUri(a, env), resolveUri(b, env));

    if (event.converge !== undefined) {
      if (action === "delete") return summary("converge", []);
      const to = parseNeo4jAccess(event.converge.to, "input.converge.to");
      // What the server may hold: what the apply invocation last applied, and what this invocation was last
      // asked for (it may have applied that since, or failed). Which one is unknown, so all of them are "ours".
      const prev = event.tf?.prev_input?.converge;
      // Each labelled by the field it came from before the absent ones go, so an error names the right one.
      const candidates = ([[event.converge.from, "input.converge.from"], [prev?.to, "tf.prev_input.converge.to"], [prev?.from, "tf.prev_input.converge.from"]] as const)
        .filter(([x]) => x !== undefined && x !== null)
        .map(([x, field]) => parseNeo4jAccess(x, field));
      const elsewhere = candidates.filter((c) => !same(c, to));
      const here = candidates.filter((c) => same(c, to));
      const steps: RunnerStep[] = [
        ...elsewhere.map((state): RunnerStep => ({ mode: "destroy", state })),
        { mode: "apply", state: to, previous: here.length ? unionSpec([to, ...here]) : null },
      ];
      return summary("converge", await run(steps), { raw: event.converge.to });
    }
    if (event.removeOnDestroy !== undefined) {
      if (action !== "delete") return summary("remove-on-destroy", []);
      const owned = parseNeo4jAccess(event.removeOnDestroy.owned, "input.removeOnDestroy.owned");
      const applied = event.removeOnDestroy.applied === undefined || event.removeOnDestroy.applied === null ? null : parseNeo4jAccess(event.removeOnDestroy.applied, "input.removeOnDestroy.applied");
      return summary("remove-on-destroy", await run(removalSteps(owned, applied)));
    }
    if (event.state === undefined) throw new UserError("the invocation input has no `state`");
    const state = parseNeo4jAccess(event.state, "input.state");
    if (action === "delete") return summary("apply", []);
    const prevRaw = action === "update" ? event.tf?.prev_input?.state : undefined;
    const previous = prevRaw === undefined || prevRaw === null ? null : parseNeo4jAccess(prevRaw, "tf.prev_input.state");
    return summary("apply", await run(changeSteps(previous, state, previous === null || same(previous, state))), { raw: event.state });
  };
}

const inner = makeHandler({ fetchSecretsManager: awsSdkSecretsManagerFetcher });

/** Lambda handler: user errors become one-line failures (no stack) that Terraform shows as the function error. */
export async function handler(event: InvocationEvent | VerifyEvent, context?: LambdaContextLike): Promise<HandlerResult | VerifyEventResult> {
  try {
    // `{"action": "verify", ...}` runs `aura-secure verify` from inside the VPC (runtime/verify/lambda.ts).
    if (isVerifyEvent(event)) return await handleVerifyEvent(event, { fetchSecretsManager: awsSdkSecretsManagerFetcher });
    return await inner(event as InvocationEvent, context);
  } catch (e) {
    if (e instanceof UserError) {
      const err = new Error(e.message);
      err.name = "Neo4jAccessError";
      err.stack = `${err.name}: ${err.message}`;
      throw err;
    }
    throw e;
  }
}

/**
 * AWS Lambda entry point of the Cypher access reconciler, invoked by `aws_lambda_invocation` with
 * lifecycle_scope = "CRUD". Terraform adds `tf: {action, prev_input}` to the input it sends:
 *   create -> apply the state; update -> apply the state, removing what prev_input.state declared and the
 *   state dropped; delete -> remove what the state declared.
 * Passwords are Secrets Manager references read here at run time (the function's role may read exactly
 * those secrets). The result returned to Terraform (stored in state) holds queries only, never values.
 */
import { parseNeo4jAccess } from "../../domain/neo4j/access-model";
import { UserError } from "../cli/errors";
import { reconcile, type ReconcileResult } from "./reconciler";
import { secretResolver, type SecretsManagerFetcher } from "./secrets";
import { handleVerifyEvent, isVerifyEvent, type VerifyEvent, type VerifyEventResult } from "../verify/lambda";

export interface InvocationEvent {
  state?: unknown;
  tf?: { action?: string; prev_input?: { state?: unknown } | null };
}

export interface HandlerResult {
  action: "create" | "update" | "delete";
  applied: boolean;
  attempts: number;
  statements: string[];
}

export interface HandlerDeps {
  fetchSecretsManager: SecretsManagerFetcher;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  log?: (line: string) => void;
}

export function makeHandler(deps: HandlerDeps): (event: InvocationEvent) => Promise<HandlerResult> {
  return async (event) => {
    const action = event.tf?.action ?? "create";
    if (action !== "create" && action !== "update" && action !== "delete") throw new UserError(`unknown tf.action ${JSON.stringify(action)}; expected create, update or delete`);
    if (event.state === undefined) throw new UserError("the invocation input has no `state`");
    const state = parseNeo4jAccess(event.state, "input.state");
    const prevRaw = action === "update" ? event.tf?.prev_input?.state : undefined;
    const previous = prevRaw === undefined || prevRaw === null ? null : parseNeo4jAccess(prevRaw, "tf.prev_input.state");
    const env = deps.env ?? process.env;
    const r: ReconcileResult = await reconcile({
      mode: action === "delete" ? "destroy" : "apply",
      state,
      previous,
      env,
      timeoutMs: deps.timeoutMs ?? Number(env.AURA_SECURE_TIMEOUT_MS ?? 100_000),
      resolveSecret: secretResolver({ env, fetchSecretsManager: deps.fetchSecretsManager }),
      log: deps.log ?? ((l) => console.log(l)),
    });
    return { action, applied: r.applied, attempts: r.attempts, statements: r.statements.map((s) => s.query) };
  };
}

/** Reads SecretString with the AWS SDK v3 that the Lambda Node.js runtime provides (not bundled). */
const awsSdkFetcher: SecretsManagerFetcher = async (arn) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require("@aws-sdk/client-secrets-manager");
  const client = new sdk.SecretsManagerClient({});
  const out = await client.send(new sdk.GetSecretValueCommand({ SecretId: arn }));
  if (typeof out.SecretString !== "string") throw new Error("the secret has no SecretString");
  return out.SecretString as string;
};

const inner = makeHandler({ fetchSecretsManager: awsSdkFetcher });

/** Lambda handler: user errors become one-line failures (no stack) that Terraform shows as the function error. */
export async function handler(event: InvocationEvent | VerifyEvent): Promise<HandlerResult | VerifyEventResult> {
  try {
    // `{"action": "verify", ...}` runs `aura-secure verify` from inside the VPC (runtime/verify/lambda.ts).
    if (isVerifyEvent(event)) return await handleVerifyEvent(event, { fetchSecretsManager: awsSdkFetcher });
    return await inner(event as InvocationEvent);
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

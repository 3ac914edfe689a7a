import type { SecretRef } from "../../domain/neo4j/access-model";
import { ENV_VAR_NAME, SECRETS_MANAGER_ARN } from "../../domain/neo4j/access-model";
import type { AuraApiCredentials } from "../../domain/aura/aura-api";
import { UserError } from "../cli/errors";
import { describeSecretRef } from "../cypher/model";
import { awsSdkSecretsManagerFetcher, secretResolver, type SecretsManagerFetcher } from "../cypher/secrets";

/**
 * The Aura API client id and secret are read at run time from the references the config or the command
 * line names, never from a literal: a literal would end up in shell history, Terraform JSON or state.
 */

/**
 * Reads a reference given on the command line: `env:NAME`, `file:PATH` or a Secrets Manager ARN (with
 * `#jsonKey` to pick a field of a JSON secret). Anything else is refused without repeating it.
 */
export function parseRefFlag(text: string, flag: string): SecretRef {
  if (text.startsWith("env:")) {
    const name = text.slice(4);
    if (!ENV_VAR_NAME.test(name)) throw new UserError(`${flag}: env:${name} is not an environment variable name (letters, digits and _, not starting with a digit)`);
    return { env: name };
  }
  if (text.startsWith("file:")) {
    const file = text.slice(5);
    if (!file) throw new UserError(`${flag}: file: needs a path, e.g. file:/run/secrets/aura-client-secret`);
    return { file };
  }
  if (text.startsWith("arn:")) {
    const [arn, jsonKey] = text.split("#", 2) as [string, string | undefined];
    if (!SECRETS_MANAGER_ARN.test(arn)) throw new UserError(`${flag}: ${arn} is not a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)`);
    return jsonKey ? { secretsManagerArn: arn, jsonKey } : { secretsManagerArn: arn };
  }
  throw new UserError(`${flag}: not a secret reference (the value is not shown); give env:NAME, file:PATH or a Secrets Manager ARN, never the id or secret itself`);
}

export interface ResolveOptions {
  env?: NodeJS.ProcessEnv;
  fetchSecretsManager?: SecretsManagerFetcher;
}

/** Resolves both references; messages name the reference, never the value. */
export async function resolveCredentials(refs: AuraApiCredentials, opts: ResolveOptions = {}): Promise<{ clientId: string; clientSecret: string }> {
  const resolve = secretResolver({ env: opts.env, fetchSecretsManager: opts.fetchSecretsManager ?? awsSdkSecretsManagerFetcher });
  const one = async (ref: SecretRef, what: string) => {
    try {
      const v = await resolve(ref);
      if (/[\r\n]/.test(v)) throw new UserError(`${describeSecretRef(ref)} holds more than one line; it must hold only the ${what}`);
      return v;
    } catch (e) {
      if (e instanceof UserError) throw new UserError(`Aura API ${what} (${describeSecretRef(ref)}): ${e.message.replace(/ \(it must hold a password at apply time\)/, "")}`);
      throw e;
    }
  };
  return { clientId: await one(refs.clientId, "client id"), clientSecret: await one(refs.clientSecret, "client secret") };
}

import * as fs from "node:fs";
import { describeSecretRef } from "./model";
import type { SecretRef } from "../../domain/neo4j/access-model";
import { UserError } from "../cli/errors";

/** Reads a Secrets Manager secret's SecretString (injected: the Lambda handler passes the AWS SDK call). */
export type SecretsManagerFetcher = (arn: string) => Promise<string>;

/** What the fetcher needs of the AWS SDK v3 Secrets Manager client (GetSecretValue). */
interface SecretsManagerSdk {
  SecretsManagerClient: new (config: { region: string }) => { send(command: unknown): Promise<{ SecretString?: string; SecretBinary?: Uint8Array }> };
  GetSecretValueCommand: new (input: { SecretId: string }) => unknown;
}

/**
 * Reads a secret's SecretString with the AWS SDK v3 GetSecretValue, in the secret's own region (the ARN's,
 * whatever AWS_REGION says). The Lambda Node.js runtime provides the SDK; elsewhere it is installed next
 * to aura-secure (the package does not depend on it). A secret stored as binary (SecretBinary) is refused:
 * a password or API secret is text, and decoding bytes by guesswork could pass a wrong value on.
 */
export const awsSdkSecretsManagerFetcher: SecretsManagerFetcher = async (arn) => {
  let sdk: SecretsManagerSdk;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    sdk = require("@aws-sdk/client-secrets-manager") as SecretsManagerSdk;
  } catch {
    throw new Error("@aws-sdk/client-secrets-manager is not installed here: install it next to aura-secure, or read the secret into an environment variable and use {env}");
  }
  const region = arn.split(":")[3];
  if (!region) throw new Error("the ARN names no region");
  const out = await new sdk.SecretsManagerClient({ region }).send(new sdk.GetSecretValueCommand({ SecretId: arn }));
  if (typeof out.SecretString === "string") return out.SecretString;
  if (out.SecretBinary !== undefined) throw new Error("the secret holds binary data (SecretBinary), not text; store the value as a secret string (aws secretsmanager put-secret-value --secret-string)");
  throw new Error("the answer holds no SecretString");
};

export interface SecretResolverOptions {
  env?: NodeJS.ProcessEnv;
  fetchSecretsManager?: SecretsManagerFetcher;
}

/** Resolves secret references at apply time; each reference is read once per run. */
export function secretResolver(opts: SecretResolverOptions = {}): (ref: SecretRef) => Promise<string> {
  const env = opts.env ?? process.env;
  const cache = new Map<string, Promise<string>>();
  const read = async (ref: SecretRef): Promise<string> => {
    if ("env" in ref) {
      const v = env[ref.env];
      if (v === undefined || v === "") throw new UserError(`environment variable ${ref.env} is not set (it must hold a password at apply time)`);
      return v;
    }
    if ("file" in ref) {
      let text: string;
      try {
        text = fs.readFileSync(ref.file, "utf8");
      } catch (e) {
        throw new UserError(`cannot read secret file ${ref.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      const v = text.replace(/\r?\n$/, "");
      if (!v) throw new UserError(`secret file ${ref.file} is empty`);
      return v;
    }
    if (!opts.fetchSecretsManager) throw new UserError(`${describeSecretRef(ref)}: Secrets Manager references are resolved by the Lambda runner only; use {env} or {file} with the CLI`);
    let text: string;
    try {
      text = await opts.fetchSecretsManager(ref.secretsManagerArn);
    } catch (e) {
      throw new UserError(`cannot read ${describeSecretRef(ref)}: ${(e as Error).name}: ${(e as Error).message}`);
    }
    if (!ref.jsonKey) return text;
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch {
      throw new UserError(`${describeSecretRef(ref)}: the secret is not JSON, so jsonKey ${ref.jsonKey} cannot be read`);
    }
    const v = (obj as Record<string, unknown>)?.[ref.jsonKey];
    if (typeof v !== "string" || !v) throw new UserError(`${describeSecretRef(ref)}: the secret has no string field ${ref.jsonKey}`);
    return v;
  };
  return (ref) => {
    const key = JSON.stringify(ref);
    if (!cache.has(key)) cache.set(key, read(ref));
    return cache.get(key)!;
  };
}

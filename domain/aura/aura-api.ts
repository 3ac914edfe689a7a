import { z } from "zod";
import { HiddenInput } from "../errors";
import { cliCommandSchema } from "../shell";
import { CREDENTIALS_INSTEAD, urlCredentialsProblem, withoutCredentials } from "../url-credentials";
import { parseDurationMs, secretRefSchema, type SecretRef } from "../neo4j/access-model";
import { AURA_CONSOLE } from "./console";

/**
 * Facts and pure rules of the Aura API v1 as far as customer managed keys need them. Every fact has its
 * source in docs/vendor-facts.md, section "Aura API".
 */

/** Aura API base URL (docs/vendor-facts.md: Aura API, base URL); paths below are relative to it. */
export const AURA_API_BASE_URL = "https://api.neo4j.io";
export const AURA_TOKEN_PATH = "/oauth/token";
export const AURA_CMK_PATH = "/v1/customer-managed-keys";

/** Aura API error reasons (docs/vendor-facts.md: Aura API, error reasons). */
export const REASON_KEY_ACTIVE = "encryption-key-is-active";
export const REASON_KEY_NOT_FOUND = "encryption-key-not-found";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "[::1]", "localhost"]);

/**
 * Pure: is this an acceptable Aura API base URL? https anywhere; plain http only on loopback (tests and
 * local proxies), so a client secret never crosses a network unencrypted. Returns null when fine.
 */
export function auraApiBaseUrlProblem(url: string, credentialsInstead: string = CREDENTIALS_INSTEAD.auraApi): string | null {
  const credentials = urlCredentialsProblem(url, credentialsInstead);
  if (credentials) return credentials;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return "must be an absolute URL like https://api.neo4j.io";
  }
  if (u.search || u.hash) return "must not have a query or fragment";
  // A host is a DNS name or an address: the URL parser lets "{", "$", quotes and more through in host names.
  if (!/^([A-Za-z0-9-]+\.)*[A-Za-z0-9-]+$/.test(u.hostname) && !/^\[[0-9A-Fa-f:.]+\]$/.test(u.hostname)) return "must name its host by a DNS name or an IP address";
  // Nothing the parser would rewrite (spaces, quotes, braces and backticks get percent-encoded, the host lower-cased,
  // the scheme's own port dropped, a short address spelled out): the URL is used as written, so it is written as read.
  if (normalizeBaseUrl(u.href) !== normalizeBaseUrl(url)) return `must be written as it is read: ${normalizeBaseUrl(u.href)} (${rewriteCause(url, u)})`;
  if (u.protocol === "https:") return null;
  if (u.protocol === "http:" && (LOOPBACK_HOSTS.has(u.hostname) || /^127\.\d+\.\d+\.\d+$/.test(u.hostname))) return null;
  return "must use https:// (plain http:// is accepted only on loopback: 127.0.0.1, [::1] or localhost)";
}

/** Why the URL parser reads a base URL differently from how it is written, for the message. */
function rewriteCause(url: string, u: URL): string {
  const written = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(url)?.[1] ?? "";
  const writtenHost = written.replace(/:\d*$/, "");
  if (written.endsWith(":")) return "an empty port is left out";
  if (/:\d+$/.test(written) && !u.port) return "the scheme's own port is left out";
  if (writtenHost.toLowerCase() === u.hostname && writtenHost !== u.hostname) return "host names are lower case";
  if (writtenHost !== u.hostname) return `the host reads as ${u.hostname}`;
  return "no spaces, quotes, braces or backticks";
}

/** The base URL without a trailing slash, so paths join predictably. */
export function normalizeBaseUrl(url: string): string {
  return url.replace(/\/+$/, "");
}

// ---------------------------------------------------------------------------------------------------------
// Key statuses

export type CmkOutcome = "ready" | "wait" | "fail";

/**
 * What a customer managed key status means for a caller waiting on it. The v1 API documents "pending"
 * and "ready" (examples); "deleting" appears in older beta examples; the field is a free string, so an
 * unknown status stops the wait with the status shown instead of polling until the deadline.
 */
export function cmkStatusOutcome(status: string | undefined): { outcome: CmkOutcome; meaning: string } {
  const s = (status ?? "").trim().toLowerCase();
  switch (s) {
    case "ready":
      return { outcome: "ready", meaning: "Aura can use the key: create instances in this region with it" };
    case "pending":
    case "":
      return {
        outcome: "wait",
        meaning:
          "Aura has the key but cannot use it yet: it is checking its access (the key policy statement, the service accounts' roles or the service principal's role from the Aura console must be in place)",
      };
    case "deleting":
      return { outcome: "fail", meaning: "the registration is being removed from Aura (someone deleted it); register the key again once it is gone" };
    case "error":
    case "failed":
      return { outcome: "fail", meaning: "Aura could not use the key: check that the key exists, is enabled and grants Aura the access the console shows, then delete and register it again" };
    default:
      return { outcome: "fail", meaning: `status ${JSON.stringify(status)} is not one the Aura API documents; check the key in the ${AURA_CONSOLE.customerManagedKeys.path}` };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Registration settings (config) and the spec handed to the CLI

/**
 * A secret reference for the Aura API client id or secret. A literal value is refused, and no message ever
 * repeats what was given: the zod issue's input is replaced by a description of its shape.
 */
export const auraSecretRefSchema = z.unknown().transform((v, ctx): SecretRef => {
  const parsed = secretRefSchema.safeParse(v);
  if (parsed.success) return parsed.data;
  // Only a description of the value enters the issue, so not even the raw issues hold it; the shared
  // formatter (domain/errors.ts) prints it and lists the references allowed.
  ctx.addIssue({ code: "custom", input: new HiddenInput(v), message: "must be a secret reference, never the id or secret itself" });
  return z.NEVER;
});

const durationSchema = (what: string) =>
  z.string().refine((s) => (parseDurationMs(s) ?? 0) > 0, { error: `must be a duration like "30s", "10m" or "1h" (${what})` });

export const auraApiCredentialsSchema = z.strictObject({
  /** The Aura API client id (console > API Keys). */
  clientId: auraSecretRefSchema,
  /** The Aura API client secret, shown once when the API key is created. */
  clientSecret: auraSecretRefSchema,
});

/** How the deploy-time registration runs (the terraform_data runner). */
export const auraCmkRunnerSchema = z.strictObject({
  /** How the provisioner starts the CLI; the package's bin by default. */
  cliCommand: cliCommandSchema,
  /** Overall deadline of a registration, waiting for "ready" included. */
  timeout: durationSchema("how long to wait for the key to become ready").default("15m"),
  /** Time between status checks (the API allows 125 requests per minute for all of an account's clients). */
  pollInterval: durationSchema("time between status checks").default("15s"),
});

export type AuraApiCredentials = z.infer<typeof auraApiCredentialsSchema>;
export type AuraCmkRunnerSettings = z.infer<typeof auraCmkRunnerSchema>;

export const auraApiBaseUrlSchema = z.string().superRefine((url, ctx) => {
  const problem = auraApiBaseUrlProblem(url);
  if (problem) ctx.addIssue({ code: "custom", input: withoutCredentials(url), message: problem });
});

/** The POST body of a registration, as the API names its fields. */
export interface CmkRequestBody {
  name: string;
  tenant_id: string;
  instance_type: string;
  cloud_provider: string;
  key_id: string;
  region: string;
}

export const cmkRequestBodySchema = z.strictObject({
  name: z.string().min(1, { error: "must be the key's name in Aura" }),
  tenant_id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, { error: "must be the Aura project (tenant) id" }),
  instance_type: z.string().regex(/^[a-z][a-z0-9-]{1,40}$/, { error: 'must be an Aura instance type like "enterprise-db"' }),
  cloud_provider: z.enum(["aws", "gcp", "azure"], { error: 'must be "aws", "gcp" or "azure"' }),
  key_id: z.string().min(1, { error: "must be the key's ARN, crypto key id or key identifier" }),
  region: z.string().regex(/^[a-z0-9-]{2,40}$/, { error: 'must be a cloud region like "us-east-1", "europe-west1" or "westeurope"' }),
});

/**
 * What the registration runner hands to `aura-secure aura cmk create|delete --spec-env`: the request, the
 * credentials as references and the runner's timing. Serialised into Terraform JSON and state, so it holds
 * no secret.
 */
export const cmkRegistrationSpecSchema = z.strictObject({
  baseUrl: auraApiBaseUrlSchema.default(AURA_API_BASE_URL),
  credentials: auraApiCredentialsSchema,
  request: cmkRequestBodySchema,
  timeout: durationSchema("overall deadline").default("15m"),
  pollInterval: durationSchema("time between status checks").default("15s"),
});
export type CmkRegistrationSpec = z.infer<typeof cmkRegistrationSpecSchema>;
export type CmkRegistrationSpecInput = z.input<typeof cmkRegistrationSpecSchema>;

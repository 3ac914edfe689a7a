import { UserError } from "../cli/errors";

/**
 * Aura API failures as plain messages. The API answers errors with `{errors: [{message, reason, field}]}`
 * and an X-Request-Id header for support tickets (docs/vendor-facts.md: Aura API, errors). Messages never
 * contain the request's Authorization header, the client secret or the token.
 */

export interface AuraErrorItem {
  message?: string;
  reason?: string;
  field?: string;
}

/** An error answer of the Aura API; a UserError, so the CLI prints it without a stack trace. */
export class AuraApiError extends UserError {
  constructor(
    message: string,
    readonly status: number | null,
    readonly reasons: readonly string[] = [],
    readonly requestId?: string,
  ) {
    super(message);
    this.name = "AuraApiError";
  }

  hasReason(reason: string): boolean {
    return this.reasons.includes(reason);
  }
}

/** Pure: the `errors` items of a response body, or [] when the body is not Aura's error shape. */
export function parseErrorItems(bodyText: string): AuraErrorItem[] {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return [];
  }
  const errors = (body as { errors?: unknown })?.errors;
  if (!Array.isArray(errors)) {
    // The API gateway answers some 403s with {"error": "..."} instead (seen by the aura-cli).
    const single = (body as { error?: unknown })?.error;
    return typeof single === "string" ? [{ message: single }] : [];
  }
  return errors
    .filter((e): e is Record<string, unknown> => typeof e === "object" && e !== null)
    .map((e) => ({
      message: typeof e.message === "string" ? e.message : undefined,
      reason: typeof e.reason === "string" ? e.reason : undefined,
      field: typeof e.field === "string" ? e.field : undefined,
    }));
}

const STATUS_HINTS: Record<number, string> = {
  400: "Aura refused the request as invalid; correct it before sending it again",
  401: "Aura did not accept the credentials",
  403: "the API client may not do this: its user needs a project role that allows it (Admin is the safe choice; the exact role is unverified, docs/vendor-facts.md)",
  404: "Aura does not know this resource (wrong id or project, or the client cannot see it)",
  409: "it conflicts with what Aura already has",
  429: "Aura's rate limit (125 requests per minute) was hit and the retries ran out",
};

/**
 * Pure: one readable line for an error response. `what` says what was being done ("registering the key
 * ..."), the status and Aura's own messages follow, then a hint for the status and the request id.
 */
export function describeAuraError(what: string, status: number, bodyText: string, requestId?: string | null): string {
  const items = parseErrorItems(bodyText);
  const aura = items
    .map((e) => [e.field ? `${e.field}: ` : "", e.message ?? "(no message)", e.reason ? ` [reason ${e.reason}]` : ""].join(""))
    .join("; ");
  const hint = STATUS_HINTS[status] ?? (status >= 500 ? "Aura had a server error and the retries ran out; try again later" : undefined);
  const parts = [`${what}: Aura API answered ${status}`];
  if (aura) parts.push(`: ${aura}`);
  else if (bodyText.trim() && items.length === 0) parts.push(" (no error details in the response)");
  if (hint) parts.push(` (${hint})`);
  if (requestId) parts.push(`; X-Request-Id ${requestId} for Neo4j support`);
  return parts.join("");
}

export function auraApiError(what: string, status: number, bodyText: string, requestId?: string | null): AuraApiError {
  const reasons = parseErrorItems(bodyText)
    .map((e) => e.reason)
    .filter((r): r is string => typeof r === "string");
  return new AuraApiError(describeAuraError(what, status, bodyText, requestId), status, reasons, requestId ?? undefined);
}

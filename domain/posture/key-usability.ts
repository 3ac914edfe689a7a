/**
 * Whether a key can be used at all, whatever its access policy: enabled, not scheduled for deletion, inside its
 * validity window (not-before and expiry, judged against an injected clock), its version enabled, and allowing
 * the operations Aura needs. Cloud-neutral: the plan review reads each cloud's attributes into KeyState. Pure.
 */

export interface KeyState {
  /** false when the key (or replica) is disabled. */
  enabled?: boolean;
  /** true when the key is scheduled for deletion or destroyed. */
  scheduledForDeletion?: boolean;
  /** RFC 3339 date-times; the key is usable only inside [notBefore, expires). */
  notBefore?: string | null;
  expires?: string | null;
  /** State of the key version in use (Cloud KMS: ENABLED, DISABLED, DESTROYED, DESTROY_SCHEDULED, ...). */
  versionState?: string | null;
  /** Operations the key allows (Key Vault key_opts); undefined when the cloud has no such list. */
  operations?: readonly string[] | null;
  /** Operations Aura needs from `operations` (Key Vault: wrapKey and unwrapKey). */
  requiredOperations?: readonly string[];
}

/** Why a key in this state cannot serve Aura at `now`; empty when nothing stops it. */
export function unusableReasons(k: KeyState, now: Date): string[] {
  const out: string[] = [];
  if (k.enabled === false) out.push("the key is disabled");
  if (k.scheduledForDeletion === true) out.push("the key is scheduled for deletion");
  const date = (v: string, what: string): number | null => {
    const t = Date.parse(v);
    if (Number.isNaN(t)) {
      out.push(`its ${what} ${JSON.stringify(v)} is not a date the review can read`);
      return null;
    }
    return t;
  };
  if (k.notBefore) {
    const t = date(k.notBefore, "not-before date");
    if (t !== null && t > now.getTime()) out.push(`it is not valid before ${k.notBefore} (now is ${now.toISOString()})`);
  }
  if (k.expires) {
    const t = date(k.expires, "expiry date");
    if (t !== null && t <= now.getTime()) out.push(`it expired at ${k.expires} (now is ${now.toISOString()})`);
  }
  if (k.versionState && k.versionState.toUpperCase() !== "ENABLED") out.push(`its key version is ${k.versionState}`);
  if (k.operations && k.requiredOperations) {
    const missing = k.requiredOperations.filter((o) => !k.operations!.some((x) => x.toLowerCase() === o.toLowerCase()));
    if (missing.length) out.push(`its key operations (${k.operations.join(", ") || "none"}) lack ${missing.join(" and ")}`);
  }
  return out;
}

/** Reasons that hold after a change and did not before: what the change takes away. */
export function lostUsability(before: KeyState | null, after: KeyState, now: Date): string[] {
  const had = new Set(before ? unusableReasons(before, now) : []);
  return unusableReasons(after, now).filter((r) => !had.has(r));
}

/**
 * Small pure helpers the rules share to read a change's before/after values.
 */
import type { ResourceChange } from "./plan-format";

/** The values after the change, or before it when the resource is deleted. */
export function current(change: ResourceChange): Record<string, unknown> {
  return change.after ?? change.before ?? {};
}

export function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** A nested block Terraform shows as a one-element list, or the object itself. */
export function block(v: unknown): Record<string, unknown> | undefined {
  const x = Array.isArray(v) ? v[0] : v;
  return x !== null && typeof x === "object" ? (x as Record<string, unknown>) : undefined;
}

/** Does an `after_unknown` value hold a `true` leaf anywhere (an empty list or object holds none)? */
export function hasUnknownLeaf(v: unknown): boolean {
  if (v === true) return true;
  if (Array.isArray(v)) return v.some(hasUnknownLeaf);
  if (v !== null && typeof v === "object") return Object.values(v).some(hasUnknownLeaf);
  return false;
}

/** True when `after_unknown` marks this top-level attribute (or a part of it) as known only after apply. */
export function unknownAfter(change: ResourceChange, attr: string): boolean {
  const u = change.afterUnknown;
  return u !== null && typeof u === "object" && hasUnknownLeaf((u as Record<string, unknown>)[attr]);
}

export const isRemoval = (c: ResourceChange) => c.kind === "delete" || c.kind === "replace";

/** "replaced because service_name changed" from replace_paths and action_reason, for details. */
export function replaceReason(c: ResourceChange): string {
  if (c.kind === "delete") return c.actionReason === "delete_because_no_resource_config" ? "deleted: no longer in the configuration" : "deleted";
  if (c.kind !== "replace") return c.kind;
  const paths = c.replacePaths.map((p) => p.join(".")).filter(Boolean);
  if (paths.length) return `replaced because ${paths.join(", ")} changed`;
  if (c.actionReason === "replace_because_tainted") return "replaced because it is tainted";
  if (c.actionReason === "replace_by_request") return "replaced on request (-replace)";
  if (c.actionReason === "replace_by_triggers") return "replaced by replace_triggered_by";
  return "replaced";
}

export const list = <T = unknown>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : v === undefined || v === null ? [] : [v as T]);

/** Code-point order: the same on every machine (localeCompare depends on the ICU locale). */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The object's values before the change: null when the change creates it. */
export function beforeOf(c: ResourceChange): Record<string, unknown> | null {
  return c.kind === "create" ? null : c.before;
}

/**
 * The object's values after the change: null when it is destroyed; a forgotten object still exists (unmanaged),
 * so it keeps its values.
 */
export function afterOf(c: ResourceChange): Record<string, unknown> | null {
  if (c.kind === "delete") return null;
  if (c.kind === "forget") return c.before;
  return c.after;
}

/** Changes that exist in the plan as real actions (not no-op or read). */
export const isActive = (c: ResourceChange) => c.kind !== "no-op" && c.kind !== "read";

/** The address as shown to people: a deposed object says so. */
export function shownAddress(c: Pick<ResourceChange, "address" | "deposed">): string {
  return c.deposed ? `${c.address} (deposed object ${c.deposed})` : c.address;
}

import type { Rule } from "../rule";

/** "10368000s" (Cloud KMS duration) -> seconds. */
function seconds(v: unknown): number | null {
  const m = typeof v === "string" ? /^(\d+(?:\.\d+)?)s$/.exec(v) : null;
  return m ? Number(m[1]) : null;
}

export const keyDeletionWindow: Rule = {
  id: "AURA-KEY-2",
  severity: "medium",
  title: "Key deletion window shortened",
  meaning:
    "The deletion window is the time left to cancel a deletion by mistake. A key scheduled for deletion already stops Aura from decrypting; a shorter window leaves less time to cancel before the data is lost for good.",
  fix: "Keep the longest window (AWS KMS 30 days, Cloud KMS destroy_scheduled_duration 120 days) unless you mean to shorten it.",
  check(change) {
    if (change.kind !== "update" && change.kind !== "replace") return [];
    const b = change.before ?? {};
    const a = change.after ?? {};
    if (change.type === "aws_kms_key" || change.type === "aws_kms_replica_key") {
      const from = b.deletion_window_in_days;
      const to = a.deletion_window_in_days;
      if (typeof from === "number" && typeof to === "number" && to < from) return [{ detail: `deletion_window_in_days ${from} -> ${to}` }];
    }
    if (change.type === "google_kms_crypto_key") {
      const from = seconds(b.destroy_scheduled_duration);
      const to = seconds(a.destroy_scheduled_duration);
      if (from !== null && to !== null && to < from) return [{ detail: `destroy_scheduled_duration ${from / 86400} days -> ${to / 86400} days` }];
    }
    if (change.type === "azurerm_key_vault") {
      const from = b.soft_delete_retention_days;
      const to = a.soft_delete_retention_days;
      if (typeof from === "number" && typeof to === "number" && to < from) return [{ detail: `soft_delete_retention_days ${from} -> ${to}` }];
    }
    return [];
  },
};

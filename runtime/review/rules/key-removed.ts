import type { Rule } from "../rule";
import { isRemoval, replaceReason, str } from "../values";

/** Resource types that are, or hold, the key Aura encrypts with. */
export const KEY_TYPES = ["aws_kms_key", "aws_kms_replica_key", "google_kms_crypto_key", "google_kms_key_ring", "azurerm_key_vault", "azurerm_key_vault_key"];

export const keyRemoved: Rule = {
  id: "AURA-KEY-1",
  severity: "high",
  title: "Customer managed key deleted or replaced",
  meaning:
    "Aura encrypts the instances with this key. Once it is scheduled for deletion, disabled or replaced by a new key, Aura can no longer decrypt: the instances become unavailable, and when the deletion completes the data cannot be recovered. A replacement is a different key that Aura does not know.",
  fix: "Keep the key (restore it in the configuration; keys carry prevent_destroy). To move to another key, create the new one beside it, register it in the Aura console and re-key the instances first; delete the old key only after Aura no longer uses it.",
  check(change) {
    if (!KEY_TYPES.includes(change.type) || !isRemoval(change)) return [];
    const v = change.before ?? change.after ?? {};
    const name = str(v.name) ?? str(v.description) ?? str(v.key_id) ?? "";
    const how = change.deposed ? `deposed object ${change.deposed} (left by a failed create_before_destroy) is destroyed` : replaceReason(change);
    return [{ detail: `${change.type} ${name ? `${JSON.stringify(name)} ` : ""}${how}` }];
  },
};

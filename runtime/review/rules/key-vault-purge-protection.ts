import type { Rule } from "../rule";

export const keyVaultPurgeProtection: Rule = {
  id: "AURA-KEY-5",
  severity: "high",
  title: "Key Vault without purge protection",
  meaning: "Aura requires purge protection on the Key Vault that holds its key: without it a deleted key can be purged at once and the instances' data is lost.",
  fix: "Set purge_protection_enabled = true (it cannot be turned off again once on, which is the point).",
  check(change) {
    if (change.type !== "azurerm_key_vault" || !change.after) return [];
    if (change.kind !== "create" && change.kind !== "update" && change.kind !== "replace") return [];
    if (change.after.purge_protection_enabled !== false) return [];
    return [{ detail: change.before?.purge_protection_enabled === true ? "purge_protection_enabled true -> false" : "purge_protection_enabled = false" }];
  },
};

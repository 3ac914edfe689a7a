import type { Rule } from "../rule";
import { list } from "../values";

export const keyRotationOff: Rule = {
  id: "AURA-KEY-3",
  severity: "medium",
  title: "Automatic key rotation turned off",
  meaning: "Aura supports automatic rotation of its customer managed key; turning it off leaves one key version in use indefinitely, against the usual key-management policy (checkov CKV_AWS_7).",
  fix: "Keep rotation on (AWS enable_key_rotation, Cloud KMS rotation_period, Key Vault rotation_policy). After a Key Vault rotation, keep the previous version enabled for at least 24 hours.",
  check(change) {
    if (change.kind === "delete" || change.kind === "no-op" || change.kind === "read" || change.kind === "forget") return [];
    const b = change.before ?? {};
    const a = change.after ?? {};
    const created = change.kind === "create";
    if (change.type === "aws_kms_key" && a.enable_key_rotation === false && (created || b.enable_key_rotation === true)) {
      return [{ detail: created ? "new key with enable_key_rotation = false" : "enable_key_rotation true -> false" }];
    }
    if (change.type === "google_kms_crypto_key" && !a.rotation_period && (created || b.rotation_period)) {
      return [{ detail: created ? "new key without rotation_period" : `rotation_period ${String(b.rotation_period)} -> none` }];
    }
    if (change.type === "azurerm_key_vault_key" && list(a.rotation_policy).length === 0 && list(b.rotation_policy).length > 0) {
      return [{ detail: "rotation_policy removed" }];
    }
    return [];
  },
};

import type { Rule } from "../rule";
import { isRemoval, replaceReason, str } from "../values";

/** The roles Aura's identities hold on the key (Key Vault: current and older CMK page; Cloud KMS: both roles). */
const AURA_KEY_ROLES = [/^Key Vault Crypto Service Encryption User$/i, /^Key Vault Crypto Officer$/i, /^roles\/cloudkms\.cryptoKeyEncrypterDecrypter$/, /^roles\/cloudkms\.viewer$/];

export const keyAuraRoleRemoved: Rule = {
  id: "AURA-KEY-6",
  severity: "high",
  title: "Aura's role on the key removed",
  meaning: "Aura's service principal (Azure) or service accounts (GCP) use the key through this role. Without it Aura cannot wrap or unwrap the data key: the instances become unavailable. A replacement removes the role first and grants it again.",
  fix: "Keep the role assignment; if it must change, grant the new one before the old one is removed (create_before_destroy) and check the key in the Aura console afterwards.",
  check(change) {
    if (!isRemoval(change)) return [];
    const b = change.before ?? {};
    if (change.type === "azurerm_role_assignment" || change.type === "google_kms_crypto_key_iam_member" || change.type === "google_kms_crypto_key_iam_binding") {
      const role = str(b.role_definition_name) ?? str(b.role) ?? "";
      if (!AURA_KEY_ROLES.some((r) => r.test(role))) return [];
      const who = str(b.principal_id) ?? str(b.member) ?? (Array.isArray(b.members) ? b.members.join(", ") : "");
      return [{ detail: `${role} for ${who || "(unknown principal)"} ${replaceReason(change)}` }];
    }
    return [];
  },
};

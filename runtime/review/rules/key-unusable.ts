import { keyEvents } from "../posture/keys";
import type { Rule } from "../rule";

export const keyUnusable: Rule = {
  id: "AURA-KEY-7",
  severity: "high",
  title: "Key no longer usable",
  meaning:
    "A key Aura encrypts with must be enabled, not scheduled for deletion, inside its validity window (not-before and expiry dates), with its key version enabled (Cloud KMS) and allowing wrapKey and unwrapKey (Key Vault). After this change it is not: Aura can no longer decrypt and the instances become unavailable.",
  fix: "Keep the key enabled and valid (remove or extend the expiry date, keep wrapKey and unwrapKey, keep the key version enabled); re-key the instances in Aura before retiring a key.",
  checkStack: (ctx) => keyEvents(ctx).filter((e) => e.kind === "unusable"),
};

import { keyEvents } from "../posture/keys";
import type { Rule } from "../rule";

export const keyExposed: Rule = {
  id: "AURA-KEY-8",
  severity: "high",
  title: "Key exposed to more principals or actions",
  meaning:
    "Whoever may use the key can decrypt Aura's data keys; whoever may change its policy can give anyone anything. The effective access is compared before and after (AWS key policy statements with their conditions, grants, Cloud KMS IAM, Key Vault role assignments, access policies and firewall): this change lets someone do more than before, or lets anyone, another account, an unnamed principal or everyone on the network reach the key.",
  fix: "Grant key use only to Aura's principal as the console shows it and to principals the config names; pin \"*\" principals to accounts with kms:CallerAccount; keep kms:* for the account root; keep the vault's firewall closed to what needs it. If the widening is intended, acknowledge it in aura-review.yaml with a reason and an expiry date.",
  checkStack: (ctx) => keyEvents(ctx).filter((e) => e.kind === "exposed"),
};

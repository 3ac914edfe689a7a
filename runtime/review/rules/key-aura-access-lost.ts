import { keyEvents } from "../posture/keys";
import type { Rule } from "../rule";

export const keyAuraAccessLost: Rule = {
  id: "AURA-KEY-6",
  severity: "high",
  title: "Aura loses its access to the key",
  meaning:
    "Aura uses the key through its principal: on AWS another account allowed by the key policy (or a grant), on GCP its service accounts with Cloud KMS Encrypter/Decrypter and Viewer, on Azure its CMK application's service principal with Key Vault Crypto Service Encryption User (or an access policy with wrapKey/unwrapKey). Without it Aura cannot wrap or unwrap the data key: the instances become unavailable. A replaced grant or assignment is removed before it is made again.",
  fix: "Keep Aura's statement, grants and role assignments as the Aura console gave them; if one must change, add the new one before the old one is removed and check the key in the Aura console afterwards.",
  checkStack: (ctx) => keyEvents(ctx).filter((e) => e.kind === "aura-lost"),
};

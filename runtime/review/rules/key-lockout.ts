import { ROOT_STATEMENT_SID } from "../../../domain/aura/key-policy";
import { keyEvents } from "../posture/keys";
import type { Rule } from "../rule";

export const keyLockout: Rule = {
  id: "AURA-KEY-4",
  severity: "high",
  title: "Key policy locks the account out of its key",
  meaning:
    "After this change the key's own account root can no longer administer the key (put its policy, schedule or cancel deletion, enable or disable it, manage grants), as the key policy is evaluated (Allow and Deny statements, NotPrincipal, conditions). Nobody in the account can repair the policy; AWS support must restore access.",
  fix: `Keep the "${ROOT_STATEMENT_SID}" statement (kms:* for arn:aws:iam::<account>:root) and no Deny that reaches the account root; narrow a Deny with a Condition that can never match the account's administrators.`,
  checkStack: (ctx) => keyEvents(ctx).filter((e) => e.kind === "lockout"),
};

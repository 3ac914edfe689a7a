import { IAM_TYPES, iamWidenings } from "../posture/runners";
import type { Rule } from "../rule";

export const iamWidened: Rule = {
  id: "AURA-IAM-1",
  severity: "medium",
  title: "The runner's IAM role may do more",
  meaning:
    "The access Lambda's role reads exactly the secrets its state references (secretsmanager:GetSecretValue on their ARNs) and decrypts them through Secrets Manager. This change lets it do more (a new action or resource, a wildcard such as secretsmanager:* on *, a managed policy attached), lets more principals assume it, or moves the function to another role.",
  fix: "Keep the runner's policy to the referenced secrets; acknowledge a deliberate widening with a reason and an expiry date.",
  check(change, ctx) {
    if (![...IAM_TYPES, "aws_lambda_function"].includes(change.type)) return [];
    return iamWidenings(change, ctx).map((w) => ({ detail: w.detail, ...(w.high ? { severity: "high" as const } : {}) }));
  },
};

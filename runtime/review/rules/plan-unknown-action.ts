import type { Rule } from "../rule";

export const planUnknownAction: Rule = {
  id: "AURA-PLAN-4",
  severity: "medium",
  title: "An action the review does not know",
  meaning: "The plan lists actions for this resource that the documented plan format (JSON Output Format) does not have; a newer Terraform may have added them. The review shows it as an update, and reports it because it cannot judge it.",
  fix: "Read the change in `terraform show` and check which Terraform wrote the plan.",
  check(c) {
    return c.unknownActions ? [{ detail: `actions ${JSON.stringify(c.actions)}` }] : [];
  },
};

import type { Rule } from "../rule";

export const planImport: Rule = {
  id: "AURA-PLAN-3",
  severity: "low",
  title: "An existing object is imported",
  meaning: "Terraform adopts an object made outside it (an import block): from now on its configuration decides the object's settings. Any difference between the two is judged by the other rules as a change of that object.",
  fix: "Check that the imported object is the one you mean (its id is shown).",
  check(c) {
    return c.importing ? [{ detail: `imported from id ${c.importing.id ?? "(known after apply)"}` }] : [];
  },
};

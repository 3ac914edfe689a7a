import { coverageOf } from "../coverage";
import type { Rule } from "../rule";
import { replaceReason } from "../values";

export const planRemoval: Rule = {
  id: "AURA-PLAN-2",
  severity: "medium",
  title: "A resource is destroyed or forgotten",
  meaning:
    "Any resource the plan destroys (a deposed object left by a failed create_before_destroy included) or forgets (a `removed` block with destroy = false: the object stays, but Terraform, prevent_destroy and this review no longer manage it) is reported at least as medium, unless a posture rule judges that deletion (a removed key, endpoint or zone is judged as such; a removed allow rule only narrows).",
  fix: "Check that the object is meant to go (or to leave Terraform's management). A forgotten key or zone must be managed elsewhere from now on.",
  check(c) {
    if (c.kind === "forget") return [{ detail: `no longer managed by Terraform (removed block, destroy = false): the object stays${c.type.includes("kms") || c.type.includes("key_vault") ? "; Aura keeps using the key but nothing protects it from deletion now" : ""}` }];
    if (c.forgetsOld) return [{ detail: "replaced: the old object is forgotten (left unmanaged), a new one is created" }];
    if (c.kind !== "delete" && c.kind !== "replace") return [];
    if (coverageOf(c)?.deletionJudged) return [];
    const what = c.deposed ? `deposed object ${c.deposed} (left by a failed create_before_destroy) deleted` : replaceReason(c);
    return [{ detail: `${c.type} ${what}` }];
  },
};

/**
 * The one crossing of user text into Terraform JSON. Terraform reads `${` and `%{` in any JSON string as a
 * template, so every user string that reaches a resource argument is declared, field by field, as either
 * ESCAPED (doubled to `$${` / `%%{`, so it arrives unchanged: shell commands, policies, Cypher state) or
 * REFUSED (tags, descriptions, names: text where a template sequence is surely a mistake). The config
 * schema declares refusal with terraformText(); constructs call crossTerraform() with the same policies.
 */

export type TerraformTextPolicy = "escape" | "refuse";

const TEMPLATE = /[$%]\{/;

/** Why `text` cannot cross as a literal under the "refuse" policy, or null. */
export function templateProblem(text: string): string | null {
  return TEMPLATE.test(text) ? 'must not contain "${" or "%{" (Terraform reads them as a template); remove them' : null;
}

/**
 * `${` and `%{` doubled so Terraform reads the text literally. Pure; maps strings at every level.
 */
export function terraformLiteral<T>(value: T): T {
  // Replacement functions, because "$$" in a replacement string means a single "$".
  if (typeof value === "string") return value.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{") as T;
  if (Array.isArray(value)) return value.map(terraformLiteral) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [terraformLiteral(k), terraformLiteral(v)])) as T;
  }
  return value;
}

/** A user string on its way into Terraform JSON, under its field's declared policy: escaped, or a problem. */
export function crossTerraform(text: string, policy: TerraformTextPolicy): { text: string; problem: string | null } {
  if (policy === "escape") return { text: terraformLiteral(text), problem: null };
  return { text, problem: templateProblem(text) };
}

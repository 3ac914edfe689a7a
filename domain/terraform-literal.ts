/**
 * Terraform reads `${` and `%{` in any JSON string as a template, so user text placed in a resource
 * argument must have them doubled (`$${`, `%%{`) to arrive unchanged. Pure; maps strings at every level.
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

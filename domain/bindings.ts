import { UserError } from "./errors";

/**
 * The optional provider bindings (package.json peerDependenciesMeta): loaded only where a config or a
 * construct prop needs them, so an app that does not use a cloud installs nothing of it. The ranges are the
 * versions the constructs are written against (package.json peerDependencies).
 */
export const OPTIONAL_BINDING_RANGES = {
  "@cdktf/provider-google": "^16.12.1",
  "@cdktf/provider-azurerm": "^14.23.1",
  "@cdktf/provider-azuread": "^14.3.1",
} as const;

export type OptionalBinding = keyof typeof OPTIONAL_BINDING_RANGES;

/** Whether `err` is Node's "module not found" for (a path inside) `binding`. Pure. */
export function isMissingBinding(err: unknown, binding: OptionalBinding): boolean {
  return (err as { code?: string } | null)?.code === "MODULE_NOT_FOUND" && String((err as Error).message).includes(binding);
}

/** The one message for a missing optional binding: who needs it and the install command. Pure. */
export function missingBindingMessage(where: string, binding: OptionalBinding, needs = "this region"): string {
  return `${where}: ${needs} needs the provider binding ${binding}, which is not installed; add it to your app (npm install ${binding}@${OPTIONAL_BINDING_RANGES[binding]})`;
}

/**
 * Runs `load` (a `require` of the binding, or of a module that imports it) and turns a missing binding into
 * that message; any other failure is rethrown as it is.
 */
export function loadOptionalBinding<T>(load: () => T, binding: OptionalBinding, where: string, needs?: string): T {
  try {
    return load();
  } catch (err) {
    if (isMissingBinding(err, binding)) throw new UserError(missingBindingMessage(where, binding, needs));
    throw err;
  }
}

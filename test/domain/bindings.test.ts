import { OPTIONAL_BINDING_RANGES, isMissingBinding, loadOptionalBinding, missingBindingMessage } from "../../domain/bindings";
import { UserError } from "../../domain/errors";

/** Optional provider bindings: which failures mean "not installed", the message, and the loader. */

const notFound = (message: string, code: unknown = "MODULE_NOT_FOUND") => Object.assign(new Error(message), { code });

describe("OPTIONAL_BINDING_RANGES", () => {
  test("the peer dependency ranges", () => {
    expect(OPTIONAL_BINDING_RANGES).toEqual({
      "@cdktf/provider-google": "^16.12.1",
      "@cdktf/provider-azurerm": "^14.23.1",
      "@cdktf/provider-azuread": "^14.3.1",
    });
  });
});

describe("isMissingBinding", () => {
  test.each<[string, unknown, boolean]>([
    ["module not found for the binding", notFound("Cannot find module '@cdktf/provider-google'"), true],
    ["module not found for a path inside the binding", notFound("Cannot find module '@cdktf/provider-google/lib/compute-address'"), true],
    ["a plain object with the code and message", { code: "MODULE_NOT_FOUND", message: "Cannot find module '@cdktf/provider-google'" }, true],
    ["module not found for another binding", notFound("Cannot find module '@cdktf/provider-azurerm'"), false],
    ["module not found for another module", notFound("Cannot find module 'left-pad'"), false],
    ["another code naming the binding", notFound("Cannot find module '@cdktf/provider-google'", "ERR_REQUIRE_ESM"), false],
    ["an empty code", notFound("Cannot find module '@cdktf/provider-google'", ""), false],
    ["no code", new Error("Cannot find module '@cdktf/provider-google'"), false],
    ["null", null, false],
    ["undefined", undefined, false],
    ["a string", "MODULE_NOT_FOUND @cdktf/provider-google", false],
    ["the code with no message", { code: "MODULE_NOT_FOUND" }, false],
  ])("%s: %p", (_name, err, expected) => {
    expect(isMissingBinding(err, "@cdktf/provider-google")).toBe(expected);
  });
});

describe("missingBindingMessage", () => {
  test.each<[string, Parameters<typeof missingBindingMessage>, string]>([
    [
      "the default need",
      ["GcpRegion europe-west1", "@cdktf/provider-google"],
      "GcpRegion europe-west1: this region needs the provider binding @cdktf/provider-google, which is not installed; add it to your app (npm install @cdktf/provider-google@^16.12.1)",
    ],
    [
      "a named need",
      ["AzureKey at s/k", "@cdktf/provider-azuread", "auraApplicationId"],
      "AzureKey at s/k: auraApplicationId needs the provider binding @cdktf/provider-azuread, which is not installed; add it to your app (npm install @cdktf/provider-azuread@^14.3.1)",
    ],
    [
      "azurerm",
      ["AzureRegion eastus", "@cdktf/provider-azurerm"],
      "AzureRegion eastus: this region needs the provider binding @cdktf/provider-azurerm, which is not installed; add it to your app (npm install @cdktf/provider-azurerm@^14.23.1)",
    ],
  ])("%s", (_name, args, expected) => {
    expect(missingBindingMessage(...args)).toBe(expected);
  });
});

describe("loadOptionalBinding", () => {
  test("returns what the load returns", () => {
    const loaded = { Provider: "x" };
    expect(loadOptionalBinding(() => loaded, "@cdktf/provider-google", "GcpRegion")).toBe(loaded);
  });

  test("a missing binding becomes a UserError with the install command (default need)", () => {
    const load = () => {
      throw notFound("Cannot find module '@cdktf/provider-google'");
    };
    let thrown: unknown;
    try {
      loadOptionalBinding(load, "@cdktf/provider-google", "GcpRegion europe-west1");
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(UserError);
    expect((thrown as Error).message).toBe(
      "GcpRegion europe-west1: this region needs the provider binding @cdktf/provider-google, which is not installed; add it to your app (npm install @cdktf/provider-google@^16.12.1)",
    );
  });

  test("a missing binding with a named need", () => {
    const load = () => {
      throw notFound("Cannot find module '@cdktf/provider-azuread/lib/service-principal'");
    };
    expect(() => loadOptionalBinding(load, "@cdktf/provider-azuread", "AzureKey at s/k", "auraApplicationId")).toThrow(
      new UserError(
        "AzureKey at s/k: auraApplicationId needs the provider binding @cdktf/provider-azuread, which is not installed; add it to your app (npm install @cdktf/provider-azuread@^14.3.1)",
      ),
    );
  });

  test.each<[string, unknown]>([
    ["another module missing", notFound("Cannot find module 'left-pad'")],
    ["another binding missing", notFound("Cannot find module '@cdktf/provider-azurerm'")],
    ["another error", new TypeError("boom")],
    ["a thrown string", "boom"],
  ])("any other failure is rethrown as it is: %s", (_name, failure) => {
    let thrown: unknown = "nothing thrown";
    try {
      loadOptionalBinding(() => {
        throw failure;
      }, "@cdktf/provider-google", "GcpRegion");
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBe(failure);
  });
});

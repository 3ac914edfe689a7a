/**
 * Key usability edges (domain/posture/key-usability.ts) against an injected clock: the validity window's bounds
 * (not-before exactly now is valid, expiry exactly now is not), unreadable not-before dates, version states in any
 * case, key operations absent, empty or in another case, and a key that did not exist before.
 * First examples: test/domain/posture/posture-functions.test.ts.
 */
import { lostUsability, unusableReasons, type KeyState } from "../../../domain/posture/key-usability";

const NOW = new Date("2026-12-06T12:00:00Z");

describe("unusableReasons: the edges", () => {
  test.each<[string, KeyState, string[]]>([
    ["nothing known", {}, []],
    ["enabled undefined is not disabled", { enabled: undefined, scheduledForDeletion: false }, []],
    ["valid from exactly now", { notBefore: "2026-12-06T12:00:00Z" }, []],
    ["valid from a millisecond later", { notBefore: "2026-12-06T12:00:00.001Z" }, ["it is not valid before 2026-12-06T12:00:00.001Z (now is 2026-12-06T12:00:00.000Z)"]],
    ["expires a millisecond later", { expires: "2026-12-06T12:00:00.001Z" }, []],
    ["an unreadable not-before date", { notBefore: "tomorrow" }, ['its not-before date "tomorrow" is not a date the review can read']],
    ["null dates", { notBefore: null, expires: null }, []],
    ["version enabled in lower case", { versionState: "enabled" }, []],
    ["version scheduled for destruction", { versionState: "DESTROY_SCHEDULED" }, ["its key version is DESTROY_SCHEDULED"]],
    ["no operations list (a cloud without one)", { requiredOperations: ["wrapKey", "unwrapKey"] }, []],
    ["operations but nothing required", { operations: ["encrypt"] }, []],
    ["no operations at all", { operations: [], requiredOperations: ["wrapKey", "unwrapKey"] }, ["its key operations (none) lack wrapKey and unwrapKey"]],
    [
      "every reason at once, in order",
      { enabled: false, scheduledForDeletion: true, notBefore: "2027-01-01T00:00:00Z", expires: "2026-01-01T00:00:00Z", versionState: "DISABLED", operations: ["sign"], requiredOperations: ["unwrapKey"] },
      [
        "the key is disabled",
        "the key is scheduled for deletion",
        "it is not valid before 2027-01-01T00:00:00Z (now is 2026-12-06T12:00:00.000Z)",
        "it expired at 2026-01-01T00:00:00Z (now is 2026-12-06T12:00:00.000Z)",
        "its key version is DISABLED",
        "its key operations (sign) lack unwrapKey",
      ],
    ],
  ])("%s", (_name, state, reasons) => expect(unusableReasons(state, NOW)).toEqual(reasons));
});

describe("lostUsability", () => {
  test.each<[string, KeyState | null, KeyState, string[]]>([
    ["a new key that is disabled", null, { enabled: false }, ["the key is disabled"]],
    ["a new usable key", null, { enabled: true }, []],
    ["scheduled for deletion by the change", { scheduledForDeletion: false }, { scheduledForDeletion: true }, ["the key is scheduled for deletion"]],
    ["re-enabled", { enabled: false }, { enabled: true }, []],
  ])("%s", (_name, before, after, lost) => expect(lostUsability(before, after, NOW)).toEqual(lost));
});

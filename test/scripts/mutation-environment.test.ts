/**
 * The mutation run's test environment skips a mutant's remaining tests once one has failed (jest's bail, which
 * Stryker's jest runner cannot pass). Skipping a test of a mutant not yet killed would let it survive untested,
 * so each case where that could happen is here.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { decide } = require("../../scripts/mutation-environment.js") as {
  decide: (eventName: string, testFailed: boolean, activeMutant: string | undefined, killedMutant: string | undefined) => "run" | "skip" | "record";
};

describe("mutation bail: what a circus event does to the run", () => {
  test.each<[string, string, boolean, string | undefined, string | undefined, string]>([
    ["a failed test records its mutant as killed", "test_done", true, "42", undefined, "record"],
    ["a failed test records even when an older mutant was killed", "test_done", true, "43", "42", "record"],
    ["a passed test records nothing", "test_done", false, "42", undefined, "run"],
    ["the next test of the killed mutant is skipped", "test_start", false, "42", "42", "skip"],
    ["a test of another mutant runs (ids never repeat in a run)", "test_start", false, "43", "42", "run"],
    ["a test of a mutant nothing killed yet runs", "test_start", false, "42", undefined, "run"],
    ["the dry run (no active mutant) runs everything", "test_start", false, undefined, "42", "run"],
    ["the dry run records no failure", "test_done", true, undefined, undefined, "run"],
    ["an empty mutant id is no mutant", "test_start", false, "", "", "run"],
    ["mutant 0 is a mutant", "test_start", false, "0", "0", "skip"],
    ["other events pass through", "run_start", false, "42", "42", "run"],
  ])("%s", (_case, eventName, failed, active, killed, expected) => {
    expect(decide(eventName, failed, active, killed)).toBe(expected);
  });
});

/**
 * Jest test environment for mutation runs only (scripts/test-mutation.js sets it): once a test has failed against
 * a mutant, the mutant is killed, and the tests left for it are marked skipped instead of run. Stryker asks for
 * that (bail is its default) but its jest runner cannot pass jest's bail (not available programmatically,
 * jestjs/jest#11766), so every killed mutant ran all its covering tests, the reconciler's real-time deadline
 * tests (seconds each) among them. No result changes: a killed mutant already has its failing test, and a
 * surviving one never has a test skipped. Hand-written because neither Stryker nor jest offers it.
 */
const { TestEnvironment } = require("jest-environment-node");

/** The variable Stryker's jest runner sets to the mutant under test (INSTRUMENTER_CONSTANTS in @stryker-mutator/api). */
const ACTIVE_MUTANT = "__STRYKER_ACTIVE_MUTANT__";

/**
 * The mutant a failed test has killed. Node caches this module, so every test file a worker runs for one mutant
 * sees it; mutant ids never repeat within a run, so a stale value matches no later mutant.
 */
let killed;

/**
 * What to do with a circus event: "record" a failed test's mutant, "skip" a test of a mutant already killed,
 * "run" otherwise. Outside a mutant run (the dry run, npm test) there is no active mutant: everything runs.
 */
function decide(eventName, testFailed, activeMutant, killedMutant) {
  if (activeMutant === undefined || activeMutant === "") return "run";
  if (eventName === "test_done" && testFailed) return "record";
  if (eventName === "test_start" && killedMutant === activeMutant) return "skip";
  return "run";
}

class BailingEnvironment extends TestEnvironment {
  async handleTestEvent(event) {
    const active = process.env[ACTIVE_MUTANT];
    const action = decide(event.name, event.name === "test_done" && event.test.errors.length > 0, active, killed);
    if (action === "record") killed = active;
    // jest-circus reads the mode after test_start to decide whether the test runs.
    else if (action === "skip") event.test.mode = "skip";
  }
}

module.exports = BailingEnvironment;
module.exports.decide = decide;

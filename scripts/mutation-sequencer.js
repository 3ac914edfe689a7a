/**
 * Jest test sequencer for mutation runs only (scripts/test-mutation.js sets it). Stryker runs a mutant with
 * --findRelatedTests on the mutated file plus a test name pattern built from the tests that cover the mutant, so
 * jest still loads every test file that imports the file: a review rule reaches seven test files through
 * review.ts, each loading cdktf, fast-check or the diagram renderer, about a second each, while the covering
 * tests usually sit in one or two of them. This sequencer keeps the files that hold a test the pattern matches,
 * from a list of test names per file the harness records before Stryker starts (AURA_MUTATION_TEST_NAMES).
 * It only ever drops a file it knows has no matching test: a file missing from the list, a run without a
 * pattern (the dry run) or a pattern that matches no recorded name runs everything, as Stryker would.
 * Hand-written because neither Stryker nor jest offers a per-mutant test file selection.
 */
const fs = require("node:fs");
const path = require("node:path");
const Sequencer = require("@jest/test-sequencer").default;

function loadNames(file) {
  if (!file || !fs.existsSync(file)) return null;
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

/** Test files whose recorded names the pattern matches; null when the selection cannot be trusted. */
function coveringFiles(tests, pattern, namesByFile) {
  if (!pattern || !namesByFile) return null;
  // jest-circus tests the pattern the same way against "describe names and test name" joined by spaces.
  const matcher = new RegExp(pattern, "i");
  const kept = tests.filter((test) => {
    const names = namesByFile[path.relative(test.context.config.rootDir, test.path).split(path.sep).join("/")];
    return names === undefined || names.some((name) => matcher.test(name));
  });
  return kept.length ? kept : null;
}

class CoveringFilesSequencer extends Sequencer {
  constructor(options) {
    super(options);
    this.pattern = options.globalConfig.testNamePattern;
    this.namesByFile = loadNames(process.env.AURA_MUTATION_TEST_NAMES);
  }

  async sort(tests) {
    // jest puts the slowest files first (for parallel workers). A mutant runs in band and stops at its first failed
    // test (scripts/mutation-environment.js), so the quick files go first: a kill found there spares the slow ones.
    const sorted = (await super.sort(tests)).reverse();
    return coveringFiles(sorted, this.pattern, this.namesByFile) ?? sorted;
  }
}

module.exports = CoveringFilesSequencer;
module.exports.coveringFiles = coveringFiles;

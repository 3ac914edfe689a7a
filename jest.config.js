/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // Type checking is done once by `tsc --noEmit` in `npm test`; ts-jest only transpiles, which keeps the run fast.
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  testTimeout: 120000,
  maxWorkers: 2,
  setupFilesAfterEnv: ["<rootDir>/test/support/setup.ts"],
  // The secret sweep fails the run when a test secret appears in any output (test/support/secret-sweep.ts).
  reporters: ["default", "<rootDir>/test/support/secret-sweep-reporter.js"],
};

/**
 * Every secret value the test suite hands to the code under test, in one place. The secret sweep
 * (test/support/secret-sweep.ts) scans all output of the run for each of them: stdout and stderr of the
 * jest workers, console calls, the in-process CLI runs, and the output of every child process a test starts
 * (terraform, the CLI binary, sh, openssl, keytool...). A hit fails the run.
 *
 * A test that needs a secret takes it from here; a new secret added anywhere else escapes the sweep.
 */
export const TEST_SECRETS = {
  // Bad input rows (test/bad-input).
  password: "hunter2-Sup3r-s3cret",
  aliasPassword: "alias-pa55word-XYZ",
  awsKey: "AKIAIOSFODNN7EXAMPLE",
  githubToken: "ghp_0123456789abcdefghijABCDEFGHIJ012345",
  urlPassword: "url-pw-9876",
  keystorePassword: "keystore-pw-secret-1",
  // Neo4j users of the Bolt test server and the fake system database.
  boltServerPassword: "test-password",
  neo4jAdminPassword: "Adm1n-test-password-XYZ",
  importAdminPassword: "import-Admin-pw-3",
  remoteAliasPassword: "remote-secret-Pa55",
  cliRemoteAliasPassword: "cli-remote-Secret-77",
  runnerRemoteAliasPassword: "R3mote-user-secret-QWE",
  // Aura API clients (fake Aura API).
  auraClientSecret: "Cl1ent-s3cret-for-tests-ZZZ",
  auraCliClientSecret: "Cli-s3cret-value-for-tests-QQQ",
  auraRunnerClientSecret: "Tf-cl1ent-s3cret-never-in-state-XYZ",
  // Secrets Manager secrets the CLI reads (fake Secrets Manager), and the fake's made-up AWS secret key.
  secretsManagerAuraSecret: "Sm-st0red-aura-s3cret-KLM",
  secretsManagerAwsKey: "fake-secret-access-key-for-loopback",
  // Keystores and neo4j.conf password scripts.
  keystoreFilePassword: "correct-horse-9",
  keptKeystorePassword: "keep-the-key-1",
  confMatrixPassword: "matrix-pass-123",
  // The fake AWS secret key of offline terraform plans (test/support/terraform.ts).
  offlineAwsSecretKey: "fake-secret-for-offline-plan",
} as const;

export type TestSecretName = keyof typeof TEST_SECRETS;

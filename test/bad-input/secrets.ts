import { TEST_SECRETS } from "../support/test-secrets";

/** Secret values the bad-input rows give; the sweep asserts none appears in any message the rows produce. */
export const SECRETS = {
  password: TEST_SECRETS.password,
  aliasPassword: TEST_SECRETS.aliasPassword,
  awsKey: TEST_SECRETS.awsKey,
  githubToken: TEST_SECRETS.githubToken,
  urlPassword: TEST_SECRETS.urlPassword,
  keystorePassword: TEST_SECRETS.keystorePassword,
} as const;

/** Every message (error text, stderr, stdout) the rows produced, for the sweep. */
export const collected: string[] = [];
export function collect(...texts: Array<string | undefined>): void {
  for (const t of texts) if (t) collected.push(t);
}

/** A printed stack frame: `    at fn (file.ts:1:2)`. */
export const STACK_FRAME = /\n\s+at .+:\d+:\d+/;

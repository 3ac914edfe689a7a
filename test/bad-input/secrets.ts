/** Secret values the bad-input rows give; the sweep asserts none appears in any message the rows produce. */
export const SECRETS = {
  password: "hunter2-Sup3r-s3cret",
  aliasPassword: "alias-pa55word-XYZ",
  awsKey: "AKIAIOSFODNN7EXAMPLE",
  githubToken: "ghp_0123456789abcdefghijABCDEFGHIJ012345",
  urlPassword: "url-pw-9876",
  keystorePassword: "keystore-pw-secret-1",
} as const;

/** Every message (error text, stderr, stdout) the rows produced, for the sweep. */
export const collected: string[] = [];
export function collect(...texts: Array<string | undefined>): void {
  for (const t of texts) if (t) collected.push(t);
}

/** A printed stack frame: `    at fn (file.ts:1:2)`. */
export const STACK_FRAME = /\n\s+at .+:\d+:\d+/;

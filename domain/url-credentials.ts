/**
 * Credentials inside a URL (`scheme://user:password@host`): the one rule for every URL of the config and the
 * CLI (Neo4j connection, remote aliases, Aura API base URL, verify targets). A URL is copied into
 * cdk.tf.json, the Terraform state, plans and logs, so a password in it is a leaked password.
 *
 * Any "@" counts, not only one in the authority: a password holding "/" (`neo4j+s://admin:p/w@host`) ends a
 * parser's authority early and would slip past a check of the authority alone. None of the URLs we take
 * has a legitimate "@".
 */

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
const HIDDEN = "<credentials not shown>";

/** Why `text` cannot be used as a URL or host because it may hold credentials, or null. `instead` says where they belong. */
export function urlCredentialsProblem(text: string, instead: string): string | null {
  if (typeof text !== "string" || !text.includes("@")) return null;
  return `must not hold credentials (user:password@ before the host; the value is not shown): a URL is copied into cdk.tf.json, the Terraform state and logs; ${instead}`;
}

/** The text with everything between the scheme and the last "@" hidden, for messages. Pure. */
export function withoutCredentials(text: string): string {
  if (typeof text !== "string") return text;
  const at = text.lastIndexOf("@");
  if (at < 0) return text;
  const scheme = SCHEME.exec(text)?.[0] ?? "";
  return `${scheme}${HIDDEN}${text.slice(at)}`;
}

/** Where the credentials of each URL belong instead, for the messages. */
export const CREDENTIALS_INSTEAD = {
  neo4jConnection: "give the user in connection.user and the password as a secret reference in connection.password",
  remoteAlias: "give them as credentials: {type: stored, user, password: <secret reference>}",
  auraApi: "give clientId and clientSecret as secret references",
  cliNeo4j: "give the user with --user and the password with --password-env",
  cliAuraApi: "give --client-id and --client-secret as references (env:NAME, file:PATH or a Secrets Manager ARN)",
  verifyTarget: "give the user with --user and the password with --password-env or --password-file",
} as const;

/**
 * Credential-looking text in a message, replaced before it is printed. A user who pastes a token into the
 * wrong field (or a URL with a password) must not find it echoed in a CI log. Patterns are the documented
 * formats of common credentials; they are narrow on purpose, so ids, ARNs and paths stay readable.
 */
const PATTERNS: ReadonlyArray<[RegExp, string | ((...m: string[]) => string)]> = [
  // PEM private keys, whole block (or its start when cut short).
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, "<private key not shown>"],
  // AWS access key ids (AKIA long-term, ASIA temporary).
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/g, "<AWS access key id not shown>"],
  // GitHub, Slack, Google API, npm tokens; JSON Web Tokens.
  [/\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})\b/g, "<token not shown>"],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g, "<token not shown>"],
  [/\bAIza[0-9A-Za-z_-]{35}\b/g, "<token not shown>"],
  [/\bnpm_[A-Za-z0-9]{36}\b/g, "<token not shown>"],
  [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, "<token not shown>"],
  // user:password@ in a URL keeps the user, hides the password.
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@"']+):([^\s@/"']+)@/gi, (_m, pre) => `${pre}:<password not shown>@`],
  // password=... and "password": "..." (a secret-named key with a literal value); a config path such as
  // `connection.password: got ...` is not a value and stays, and so does the reference a plan prints in place of a
  // secret parameter (`$password = <secret from environment variable X>`): it names where the secret is, not it.
  [
    /(?<![A-Za-z])((?:password|passwd|pwd|passphrase|secret|secret_?access_?key|token|api_?key|client_?secret)\s*=\s*)(?!<secret from (?:environment variable|file|Secrets Manager) [^<>\n]*>)("[^"]*"|'[^']*'|[^\s,;"'&]+)/gi,
    (_m, pre: string) => `${pre}<not shown>`,
  ],
  [
    /("(?:password|passwd|pwd|passphrase|secret|secretAccessKey|token|apiKey|api_key|clientSecret|client_secret|privateKey)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi,
    (_m, pre: string) => `${pre}"<not shown>"`,
  ],
];

export function redactCredentials(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement as never);
  return out;
}

import { UserError } from "../cli/errors";

/**
 * Java's PKCS12 keystore lowercases aliases when it stores them (and when it looks them up), so a
 * mixed-case name would be silently changed; we ask for the lowercase form instead. The name also goes
 * verbatim into neo4j.conf (`dbms.security.key.name`), hence no spaces, `#`, `$` or quotes.
 */
export const ALIAS_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const ALIAS_RULE =
  "1-64 characters: lowercase letters, digits, '.', '_' or '-', starting with a letter or digit " +
  "(PKCS12 keystores lowercase aliases, so uppercase is refused rather than changed)";

export function validateAlias(name: string, input = "--alias"): string {
  if (!ALIAS_PATTERN.test(name)) {
    throw new UserError(`${input} ${JSON.stringify(name)} is not a valid key alias; allowed: ${ALIAS_RULE}`);
  }
  return name;
}

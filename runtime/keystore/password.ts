import { UserError } from "../cli/errors";

/** keytool itself refuses store passwords under 6 characters; we ask for a little more. */
export const MIN_PASSWORD_LENGTH = 8;

/**
 * Checks a keystore password without ever echoing it. `source` names where it came from
 * (an environment variable or stdin) so the message points at the right input.
 */
export function validateKeystorePassword(password: string | undefined, source: string): string {
  if (password === undefined || password.length === 0) {
    throw new UserError(`keystore password from ${source} is empty or not set; set it to at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new UserError(
      `keystore password from ${source} has ${password.length} characters; at least ${MIN_PASSWORD_LENGTH} are required`,
    );
  }
  // Java 17's PKCS12 keystore (and so Neo4j) refuses non-ASCII passwords ("Password is not ASCII"), and the
  // password script prints the value on one line for command expansion: printable ASCII only.
  if (!/^[\x20-\x7e]+$/.test(password)) {
    throw new UserError(
      `keystore password from ${source} contains a non-ASCII or control character; allowed: printable ASCII (Java's PKCS12 keystore rejects other passwords)`,
    );
  }
  return password;
}

/**
 * Neo4j naming rules for databases and database aliases, as the Operations Manual states them
 * (sources and dates in docs/vendor-facts.md, section "Neo4j access"). Pure functions: each returns null when
 * the name is acceptable, else what is wrong in words a user can act on.
 */

/**
 * Database names (Operations Manual, "Naming rules for databases"): 3-63 characters; first an ASCII letter
 * or (from Neo4j 2025.01) a digit; then ASCII letters, digits, dots or dashes; not ending with a dot or dash;
 * case-insensitive (the server stores them in lowercase); the `_` and `system` prefixes are reserved.
 */
export function databaseNameProblem(name: string): string | null {
  if (name.length < 3 || name.length > 63) return `must be 3-63 characters long (got ${name.length})`;
  if (!/^[A-Za-z0-9]/.test(name)) return "must start with an ASCII letter (or, from Neo4j 2025.01, a digit)";
  if (!/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(name)) return "may contain only ASCII letters, digits, dots and dashes";
  if (/[.-]$/.test(name)) return "must not end with a dot or a dash";
  if (/^system/i.test(name)) return 'must not start with "system" (reserved for internal use)';
  return null;
}

/**
 * Database alias names (Operations Manual, "Naming rules for database aliases"): any identifier up to
 * 65534 characters, quoted with backticks when needed; not ending with a dot; the `_` and `system` prefixes
 * are reserved. This tool also refuses control characters and backslashes (no name needs them, and they
 * are the only way text could leave a quoted identifier), which the server itself would accept.
 */
export function aliasNameProblem(name: string): string | null {
  if (name.length === 0) return "must not be empty";
  if (name.length > 65534) return `must be at most 65534 characters long (got ${name.length})`;
  if (name.trim() !== name) return "must not start or end with whitespace (Cypher trims it)";
  if (name.endsWith(".")) return "must not end with a dot";
  if (name.startsWith("_")) return 'must not start with "_" (reserved for internal use)';
  if (/^system/i.test(name)) return 'must not start with "system" (reserved for internal use)';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(name)) return "must not contain control characters or backslashes";
  return null;
}

/** Names that always exist on a DBMS: an alias may not take them. */
export const RESERVED_DATABASES = ["neo4j", "system"] as const;

// ---------------------------------------------------------------------------------------------------------
// When Neo4j quotes a name

/*
 * Neo4j prints a label, relationship type, property, user or procedure name bare exactly when it is a valid
 * unescaped symbolic name, which it decides with Java's identifier rules (Character.isJavaIdentifierStart for
 * the first code point, isJavaIdentifierPart for the rest: the Neo4j source's ExpressionStringifier.backtick;
 * docs/vendor-facts.md "Neo4j access"). Hand-written: JavaScript has no Java identifier predicate; these are
 * the Unicode categories Java's definition lists. Keywords are not special: a label named MATCH prints bare.
 */
const JAVA_ID_START = "\\p{L}\\p{Nl}\\p{Sc}\\p{Pc}";
const JAVA_ID_PART = `${JAVA_ID_START}\\p{Nd}\\p{Mn}\\p{Mc}\\p{Cf}\\u0000-\\u0008\\u000e-\\u001b\\u007f-\\u009f`;
const UNESCAPED_SYMBOLIC_NAME = new RegExp(`^[${JAVA_ID_START}][${JAVA_ID_PART}]*$`, "u");
/** One code point that may continue an unescaped name (for tokenizers). */
export const SYMBOLIC_NAME_PART = new RegExp(`[${JAVA_ID_PART}]`, "u");
/** One code point that may start an unescaped name (for tokenizers). */
export const SYMBOLIC_NAME_START = new RegExp(`[${JAVA_ID_START}]`, "u");

/** Is `name` printed without backticks by the server (a valid unescaped symbolic name)? */
export function isUnescapedSymbolicName(name: string): boolean {
  return UNESCAPED_SYMBOLIC_NAME.test(name);
}

/**
 * The full name of a constituent alias of a composite database: `composite.alias`, as SHOW ALIASES prints it in
 * its `name` column (Operations Manual, "Managing database aliases in composite databases").
 */
export const constituentName = (composite: string, alias: string): string => `${composite}.${alias}`;

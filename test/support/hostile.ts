import fc from "fast-check";

/**
 * Hostile text for the crossings property tests: what a shell, Terraform, a URL parser or Cypher would read
 * as something other than text. Pieces are mixed with random code units (controls and astral characters
 * included), and some values are very long.
 */
export const HOSTILE_PIECES = [
  '${file("/etc/hostname")}',
  "${",
  "%{",
  "%{ if true }x%{ endif }",
  "$${x}",
  "%%{x}",
  "$$",
  "$(id)",
  "`id`",
  "'",
  '"',
  ";",
  "\n",
  "\r\n",
  "\u0000",
  "\u2028",
  "\u2029",
  "\u0085",
  "\\",
  "\\u0060",
  "\t",
  " ",
  "&&",
  "|",
  ">",
  "<",
  "#",
  "~",
  "*",
  "?",
  "!",
  "@",
  ":",
  "/",
  "%",
  "{",
  "}",
  "[",
  "]",
  "$",
  "x` TO `admin",
  "--",
  "é",
  "名",
  "😀",
  "\u007f",
  "\u001b[31m",
] as const;

const piece = fc.constantFrom(...HOSTILE_PIECES);
const mixed = fc.array(fc.oneof(piece, piece, fc.string({ unit: "binary", maxLength: 3 })), { minLength: 1, maxLength: 8 }).map((parts) => parts.join(""));
// Cut by code points: half a surrogate pair is not text (no file, shell or parser could receive it).
const long = fc.tuple(mixed.filter((p) => p.length > 0), fc.integer({ min: 300, max: 9000 })).map(([p, n]) => [...p.repeat(Math.ceil(n / p.length))].slice(0, n).join(""));

/** Hostile text on its own. */
export const hostile: fc.Arbitrary<string> = fc.oneof({ weight: 6, arbitrary: mixed }, { weight: 2, arbitrary: piece }, { weight: 1, arbitrary: long });

/** A valid value with hostile text at its start, its end or inside: what an anchored pattern must still refuse. */
export const hostileAround = (valid: string): fc.Arbitrary<string> => fc.tuple(hostile, fc.nat({ max: valid.length })).map(([h, at]) => valid.slice(0, at) + h + valid.slice(at));

/** Either, for one field whose valid value is `valid`. */
export const hostileFor = (valid: string): fc.Arbitrary<string> => fc.oneof(hostile, hostileAround(valid));

/** The fixed seed of every crossings property test: a failure is reproduced by running the file again. */
export const CROSSINGS_SEED = 20261206;

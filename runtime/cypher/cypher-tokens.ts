/**
 * A backtick-aware tokenizer for the Cypher text the server prints (SHOW PRIVILEGES AS COMMANDS rows). Names are
 * read as tokens, never matched by patterns: a role named ``x` TO `admin`` is one name token, so a row granted
 * to it can never be read as a row of `admin`.
 *
 * Hand-written: no library tokenizes Cypher in Node without a full parser (the official parser,
 * @neo4j-cypher/language-support, is a browser-sized ANTLR bundle used in the tests, and it gives no stable
 * token API). Escapes follow the Cypher Manual ("Naming rules": a doubled backtick and `\uxxxx` inside
 * backticks; string literals with backslash escapes).
 */
import { SYMBOLIC_NAME_PART, SYMBOLIC_NAME_START } from "../../domain/neo4j/names";

// Sticky patterns read a whole word, number or parameter name at once (one regex run per token, not per character).
const WORD = new RegExp(`${SYMBOLIC_NAME_START.source}${SYMBOLIC_NAME_PART.source}*`, "uy");
const NUMBER = /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const SPACE = /\s+/y;
const PARAM_NAME = new RegExp(`${SYMBOLIC_NAME_PART.source}+`, "uy");

export type TokenKind = "word" | "name" | "string" | "number" | "param" | "punct";

export interface Token {
  kind: TokenKind;
  /** word: the bare text; name: the name inside the backticks, unescaped; string: the value, unescaped; param: the name without `$`. */
  text: string;
  /** Offsets into the source: tokens are adjacent when one ends where the next starts (globs like `apoc.*`). */
  start: number;
  end: number;
}

export class CypherTokenError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
    this.name = "CypherTokenError";
  }
}

const PUNCT2 = ["<>", "<=", ">=", "=~"];
const PUNCT1 = "{}()[],.:|=<>*?-+;/%^";
const STRING_ESCAPES: Record<string, string> = { "\\": "\\", "'": "'", '"': '"', n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", "`": "`" };

/** Splits Cypher text into tokens; throws CypherTokenError on an unterminated quote or an unknown character. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const sticky = (re: RegExp, at: number): string | null => {
    re.lastIndex = at;
    const m = re.exec(text);
    return m ? m[0] : null;
  };
  while (i < text.length) {
    const c = text[i];
    const space = sticky(SPACE, i);
    if (space) {
      i += space.length;
      continue;
    }
    const start = i;
    if (c === "`") {
      const [name, end] = readQuoted(text, i + 1, "`");
      out.push({ kind: "name", text: name, start, end });
      i = end;
      continue;
    }
    if (c === "'" || c === '"') {
      const [value, end] = readQuoted(text, i + 1, c);
      out.push({ kind: "string", text: value, start, end });
      i = end;
      continue;
    }
    if (c === "$") {
      if (text[i + 1] === "`") {
        const [name, end] = readQuoted(text, i + 2, "`");
        out.push({ kind: "param", text: name, start, end });
        i = end;
        continue;
      }
      const name = sticky(PARAM_NAME, i + 1);
      if (!name) throw new CypherTokenError(`a parameter name must follow $ at offset ${i}`, i);
      out.push({ kind: "param", text: name, start, end: i + 1 + name.length });
      i += 1 + name.length;
      continue;
    }
    const num = sticky(NUMBER, i);
    if (num) {
      out.push({ kind: "number", text: num, start, end: i + num.length });
      i += num.length;
      continue;
    }
    const word = sticky(WORD, i);
    if (word) {
      out.push({ kind: "word", text: word, start, end: i + word.length });
      i += word.length;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (PUNCT2.includes(two)) {
      out.push({ kind: "punct", text: two, start, end: i + 2 });
      i += 2;
      continue;
    }
    if (PUNCT1.includes(c)) {
      out.push({ kind: "punct", text: c, start, end: i + 1 });
      i++;
      continue;
    }
    throw new CypherTokenError(`unexpected character ${JSON.stringify(c)} at offset ${i}`, i);
  }
  return out;
}

/** Reads up to the closing quote; returns the unescaped content and the offset after the closing quote. */
function readQuoted(text: string, from: number, quote: string): [string, number] {
  let out = "";
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === quote) {
      // Inside backticks a doubled backtick is one backtick; strings end at the first unescaped quote.
      if (quote === "`" && text[i + 1] === "`") {
        out += "`";
        i += 2;
        continue;
      }
      return [out, i + 1];
    }
    if (c === "\\") {
      const next = text[i + 1];
      if (next === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
        continue;
      }
      if (quote !== "`" && next !== undefined && next in STRING_ESCAPES) {
        out += STRING_ESCAPES[next];
        i += 2;
        continue;
      }
    }
    out += c;
    i++;
  }
  throw new CypherTokenError(`unterminated ${quote === "`" ? "quoted name" : "string"} starting at offset ${from - 1}`, from - 1);
}

/**
 * Backtick-quotes any name so that tokenize() reads it back unchanged: backticks doubled, and a backslash
 * written as `\u005C` (inside backticks `\uxxxx` is an escape, so a bare backslash could start one).
 */
export function backtickName(name: string): string {
  return "`" + name.replace(/\\/g, "\\u005C").replace(/`/g, "``") + "`";
}

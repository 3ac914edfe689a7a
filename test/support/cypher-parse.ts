import { getDebugTree } from "@neo4j-cypher/language-support";

/**
 * The official Cypher parser (@neo4j-cypher/language-support) as the crossings tests use it: the leaves of
 * its parse tree, i.e. the tokens the server's grammar reads. Its debug tree is fast (under a millisecond a
 * statement); lintCypherQuery is the full check, run on samples (it takes tens of milliseconds).
 */
interface Node {
  name: string;
  children: Node[];
}

export function parseLeaves(query: string): string[] {
  const out: string[] = [];
  const walk = (n: Node) => (n.children.length === 0 ? out.push(n.name) : n.children.forEach(walk));
  walk(getDebugTree(query) as unknown as Node);
  return out;
}

/** A backtick-quoted name as Cypher reads it: the backticks removed, doubled backticks made single. */
export function unquoteIdentifier(token: string): string | null {
  if (!/^`([^`]|``)*`$/.test(token)) return null;
  return token.slice(1, -1).replace(/``/g, "`");
}

/** A single-quoted Cypher string literal as Cypher reads it (escape sequences of the Cypher manual). */
export function unquoteStringLiteral(token: string): string | null {
  if (!/^'([^'\\]|\\[\s\S])*'$/.test(token)) return null;
  const simple: Record<string, string> = { "\\": "\\", "'": "'", '"': '"', n: "\n", t: "\t", b: "\b", f: "\f", r: "\r" };
  return token.slice(1, -1).replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[\s\S])/g, (_m, e: string) =>
    e.length > 1 ? String.fromCodePoint(parseInt(e.slice(1), 16)) : (simple[e] ?? `\\${e}`),
  );
}

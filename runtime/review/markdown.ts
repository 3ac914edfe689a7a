/**
 * The review as a pull-request comment (GitHub/GitLab flavoured Markdown) and as JSON. Deterministic: the
 * same plans give byte-identical output.
 */
import type { Graph } from "./graph";
import { renderMermaid } from "./mermaid";
import type { ReviewResult } from "./review";
import { SEVERITIES, type Finding } from "./rule";

/** Escapes text that Markdown or the comment's HTML would read as markup. */
export function mdText(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/([`*_|[\]])/g, "\\$1");
}

/** A fence longer than any backtick run inside, so generated Cypher with quoted names cannot close it. */
function fence(body: string, lang: string): string {
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const f = "`".repeat(longest + 1);
  return `${f}${lang}\n${body}\n${f}`;
}

const code = (s: string) => (s.includes("`") ? `<code>${s.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</code>` : `\`${s}\``);

export function countsLine(s: ReviewResult["stacks"][number]): string {
  const c = s.counts;
  return `- ${code(s.stack)}: ${c.add} to add, ${c.change} to change, ${c.replace} to replace, ${c.destroy} to destroy`;
}

export function renderMarkdown(result: ReviewResult, graph: Graph): string {
  const out: string[] = ["## Aura plan review", ""];
  const bySeverity = SEVERITIES.map((s) => [s, result.findings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  out.push(bySeverity.length ? `**${bySeverity.map(([s, n]) => `${n} ${s}`).join(", ")}** finding(s) in ${result.stacks.length} stack(s).` : `No findings in ${result.stacks.length} stack(s).`, "");
  out.push(...result.stacks.map(countsLine), "");

  if (result.findings.length) {
    out.push("### Findings", "");
    // One section per rule and stack (a replaced endpoint updates every record: one explanation, many lines).
    const groups: Finding[][] = [];
    const cypherShown = new Set<string>();
    for (const f of result.findings) {
      const g = groups.find((x) => x[0]!.ruleId === f.ruleId && x[0]!.stack === f.stack);
      if (g) g.push(f);
      else groups.push([f]);
    }
    for (const g of groups) {
      const f = g[0]!;
      out.push(`#### ${f.severity.toUpperCase()} ${f.ruleId}: ${mdText(f.title)} (${code(f.stack)})`, "");
      for (const x of g) out.push(`- ${x.action} ${code(x.address)}: ${mdText(x.detail)}`);
      out.push("", `**What it means for Aura:** ${mdText(f.meaning)}`, "", `**What to do:** ${mdText(f.fix)}`);
      for (const x of g.filter((y) => y.cypher)) {
        const where = `${x.stack}\u0000${x.address}`;
        if (cypherShown.has(where)) {
          out.push("", `The Cypher ${code(x.address)} will run is shown above.`);
          continue;
        }
        cypherShown.add(where);
        out.push("", x.cypher!.length ? `Cypher ${code(x.address)} will run (assuming the server holds the previous state):` : `${code(x.address)} will run no Cypher.`);
        if (x.cypher!.length) out.push("", fence(x.cypher!.join(";\n") + ";", "cypher"));
      }
      out.push("");
    }
  }

  const others = result.stacks.filter((s) => s.other.length);
  if (others.length) {
    out.push("### Other changes", "");
    for (const s of others) {
      out.push(`<details><summary>${code(s.stack)}: ${s.other.length} change(s) without findings</summary>`, "");
      for (const o of s.other) out.push(`- ${o.action} ${code(o.address)}${o.attributes.length ? ` (${o.attributes.map(mdText).join(", ")})` : ""}`);
      out.push("", "</details>", "");
    }
  }

  out.push("### What the plan results in", "", fence(renderMermaid(graph).trimEnd(), "mermaid"), "");
  return out.join("\n");
}

export function renderJson(result: ReviewResult, graph: Graph): string {
  return JSON.stringify({ formatVersion: 1, stacks: result.stacks, findings: result.findings, mermaid: renderMermaid(graph) }, null, 2) + "\n";
}

/**
 * The review as a pull-request comment (GitHub/GitLab flavoured Markdown) and as JSON. Deterministic: the
 * same plans give byte-identical output.
 */
import type { Graph } from "./graph";
import { renderMermaid } from "./mermaid";
import type { ReviewResult } from "./review";
import { gates, SEVERITIES, type Finding } from "./rule";

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
  const extra = [c.forget ? `${c.forget} to forget` : "", c.import ? `${c.import} to import` : "", c.drift ? `${c.drift} changed outside Terraform` : ""].filter(Boolean);
  return `- ${code(s.stack)}: ${c.add} to add, ${c.change} to change, ${c.replace} to replace, ${c.destroy} to destroy${c.deposed ? ` (${c.deposed} deposed)` : ""}${extra.map((e) => `, ${e}`).join("")}`;
}

/** Lines shown before the rest of a long list folds into <details>. */
const SHOWN_LINES = 8;
/** A detail longer than this is cut in the list and given in full inside <details>. */
const SHOWN_DETAIL = 400;

function foldable(lines: string[], what: string): string[] {
  if (lines.length <= SHOWN_LINES) return lines;
  return [...lines.slice(0, SHOWN_LINES - 1), "", `<details><summary>${lines.length - SHOWN_LINES + 1} more ${what}</summary>`, "", ...lines.slice(SHOWN_LINES - 1), "", "</details>", ""];
}

function findingLine(x: Finding): string[] {
  const where = `${x.action} ${code(x.address)}${x.deposed ? ` (deposed object ${code(x.deposed)})` : ""}${x.drift ? " (changed outside Terraform)" : ""}`;
  const ack = x.acknowledged
    ? x.acknowledged.expired
      ? ` **Acknowledgement expired on ${x.acknowledged.expires}: gates again** (${mdText(x.acknowledged.entry)}: ${mdText(x.acknowledged.reason)})`
      : ` Acknowledged until ${x.acknowledged.expires}: ${mdText(x.acknowledged.reason)} (${mdText(x.acknowledged.entry)})`
    : "";
  if (x.detail.length <= SHOWN_DETAIL) return [`- ${where}: ${mdText(x.detail)}${ack}`];
  return [`- ${where}: ${mdText(x.detail.slice(0, SHOWN_DETAIL))}…${ack}`, `  <details><summary>full detail</summary>`, "", `  ${mdText(x.detail)}`, "", "  </details>"];
}

export function renderMarkdown(result: ReviewResult, graph: Graph): string {
  const out: string[] = ["## Aura plan review", ""];
  const open = result.findings.filter(gates);
  const accepted = result.findings.filter((f) => !gates(f));
  const bySeverity = SEVERITIES.map((s) => [s, open.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  const ackNote = accepted.length ? ` ${accepted.length} acknowledged finding(s) do not gate.` : "";
  out.push(bySeverity.length ? `**${bySeverity.map(([s, n]) => `${n} ${s}`).join(", ")}** finding(s) in ${result.stacks.length} stack(s).${ackNote}` : `No findings in ${result.stacks.length} stack(s).${ackNote}`, "");
  out.push(...result.stacks.map(countsLine), "");
  out.push(...findingSections(open, "Findings"));
  out.push(...findingSections(accepted, "Acknowledged findings (not gating)"));
  if (result.stale.length) {
    out.push("### Stale acknowledgements", "", "These entries match no finding of this review: the change they were for is gone, or the rule, address or stack does not match. Remove or fix them.", "");
    for (const st of result.stale) out.push(`- ${mdText(st.entry)}: ${st.rule} ${code(st.address)}${st.stack ? ` in ${code(st.stack)}` : ""} (expires ${st.expires}): ${mdText(st.reason)}`);
    out.push("");
  }
  return [...out, ...tail(result, graph)].join("\n");
}

function findingSections(findings: readonly Finding[], heading: string): string[] {
  const out: string[] = [];
  if (!findings.length) return out;
  out.push(`### ${heading}`, "");
  // One section per rule and stack (a replaced endpoint updates every record: one explanation, many lines).
  const groups: Finding[][] = [];
  const cypherShown = new Set<string>();
  for (const f of findings) {
    const g = groups.find((x) => x[0]!.ruleId === f.ruleId && x[0]!.stack === f.stack);
    if (g) g.push(f);
    else groups.push([f]);
  }
  for (const g of groups) {
    const f = g[0]!;
    out.push(`#### ${f.severity.toUpperCase()} ${f.ruleId}: ${mdText(f.title)} (${code(f.stack)})`, "");
    out.push(...foldable(g.flatMap(findingLine), "finding(s)"));
    out.push("", `**What it means for Aura:** ${mdText(f.meaning)}`, "", `**What to do:** ${mdText(f.fix)}`);
    for (const x of g.filter((y) => y.cypher)) {
      const where = `${x.stack}\u0000${x.address}`;
      if (cypherShown.has(where)) {
        out.push("", `The Cypher ${code(x.address)} will run is shown above.`);
        continue;
      }
      cypherShown.add(where);
      out.push("", x.cypher!.length ? `Cypher ${code(x.address)} will run (assuming the server holds the previous state):` : `${code(x.address)} will run no Cypher.`);
      if (x.cypher!.length) {
        const block = fence(x.cypher!.join(";\n") + ";", "cypher");
        if (x.cypher!.length > 20) out.push("", `<details><summary>${x.cypher!.length} statements</summary>`, "", block, "", "</details>");
        else out.push("", block);
      }
    }
    out.push("");
  }
  return out;
}

function tail(result: ReviewResult, graph: Graph): string[] {
  const out: string[] = [];
  const others = result.stacks.filter((s) => s.other.length);
  if (others.length) {
    out.push("### Other changes", "");
    for (const s of others) {
      out.push(`<details><summary>${code(s.stack)}: ${s.other.length} change(s) without findings</summary>`, "");
      for (const o of s.other) out.push(`- ${o.action} ${code(o.address)}${o.attributes.length ? ` (${o.attributes.map(mdText).join(", ")})` : ""}${o.reason ? `: ${mdText(o.reason)}` : ""}`);
      out.push("", "</details>", "");
    }
  }

  out.push("### What the plan results in", "", fence(renderMermaid(graph).trimEnd(), "mermaid"), "");
  return out;
}

export function renderJson(result: ReviewResult, graph: Graph): string {
  return JSON.stringify({ formatVersion: 1, stacks: result.stacks, findings: result.findings, staleAcknowledgements: result.stale, mermaid: renderMermaid(graph) }, null, 2) + "\n";
}

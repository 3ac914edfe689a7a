/**
 * `aura-secure review <plan.json|folder>...` and `aura-secure diagram`.
 *
 * Exit codes of review: 0 done (no finding that gates at the --fail-on level), 2 a finding reaches --fail-on
 * (acknowledged findings do not gate until their expiry date), 1 an error (unreadable or foreign JSON, a bad
 * flag, an invalid acknowledgements file), as pipeline gates expect.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Command, Option } from "commander";
import { loadConfigOption } from "../cli/config-option";
import { UserError } from "../cli/errors";
import { packageVersion } from "../cli/package-version";
import { loadAcknowledgements } from "./acknowledgements";
import { knownFromConfig } from "./known";
import { RULE_IDS, RULES } from "./rules";
import { renderSarif } from "./sarif";
import { assertInputFolder, assertOutputFile, writeOutputFile } from "../cli/input-files";
import { renderSvg } from "./dot";
import { buildGraph } from "./graph";
import { instancesFromCdktfOut, instancesFromPlans } from "./instances";
import { renderJson, renderMarkdown } from "./markdown";
import { renderMermaid } from "./mermaid";
import { networksFromConfig } from "./networks";
import { loadPlans } from "./plan-format";
import { reaches, reviewPlans } from "./review";
import type { Severity } from "./rule";

interface ReviewOpts {
  config?: string;
  format: "markdown" | "json" | "sarif";
  failOn?: Severity;
  output?: string;
  acknowledgements?: string;
  today?: string;
}

/** --today YYYY-MM-DD (a reproducible clock for key expiry and acknowledgements), else now. */
function clock(today: string | undefined): Date {
  if (today === undefined) return new Date();
  const d = /^\d{4}-\d{2}-\d{2}$/.test(today) ? new Date(`${today}T12:00:00Z`) : new Date(NaN);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== today) throw new UserError(`--today: got ${JSON.stringify(today)}; give a date like 2026-12-06 (YYYY-MM-DD)`);
  return d;
}

function write(text: string, file: string | undefined): void {
  if (file) writeOutputFile(file, text, "--output");
  else process.stdout.write(text);
}

export function reviewCommand(): Command {
  return new Command("review")
    .description("Explain what Terraform plans do to Aura (keys, endpoints, security groups, DNS, Neo4j access) as a pull-request comment")
    .argument("<plans...>", "`terraform show -json` output: files, or folders holding *.json or <stack>/plan.json")
    .option("--config <file>", "the app config, for context (which regions share a network)")
    .addOption(new Option("--format <format>", "output format: a pull-request comment, JSON, or SARIF 2.1.0 for code scanning").choices(["markdown", "json", "sarif"]).default("markdown"))
    .addOption(new Option("--fail-on <severity>", "exit 2 when a finding that is not acknowledged reaches this severity").choices(["high", "medium"]))
    .option("--output <file>", "write to this file instead of stdout")
    .option("--acknowledgements <file>", "accepted findings: {acknowledgements: [{rule, address, stack?, reason, expires}]} (default: aura-review.yaml in the working folder, if there)")
    .option("--today <date>", "the date the review judges expiry against (key validity, acknowledgements), YYYY-MM-DD; default today")
    .action((plansArg: string[], opts: ReviewOpts) => {
      if (opts.output !== undefined) assertOutputFile(opts.output, "--output");
      const now = clock(opts.today);
      const plans = loadPlans(plansArg);
      const config = opts.config ? loadConfigOption(opts.config) : undefined;
      const acknowledgements = loadAcknowledgements(opts.acknowledgements, process.cwd(), RULE_IDS);
      const result = reviewPlans(plans, {
        now,
        ...(config ? { configNetworks: networksFromConfig(config), known: knownFromConfig(config) } : {}),
        ...(acknowledgements ? { acknowledgements } : {}),
      });
      if (opts.format === "sarif") {
        const files = new Map(plans.map((p) => [p.stack, p.file]));
        const texts = new Map<string, string>();
        const text = (file: string) => texts.get(file) ?? (texts.set(file, fs.readFileSync(file, "utf8")), texts.get(file)!);
        write(
          renderSarif(result, {
            toolVersion: packageVersion(),
            rules: RULES,
            planFile: (stack) => {
              const f = files.get(stack);
              return f ? path.relative(process.cwd(), path.resolve(f)).split(path.sep).join("/") : undefined;
            },
            lineOf: (stack, address) => {
              const f = files.get(stack);
              if (!f) return 1;
              const t = text(f);
              const at = t.search(new RegExp(`"address":\\s*${JSON.stringify(address).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
              return at < 0 ? 1 : t.slice(0, at).split("\n").length;
            },
          }),
          opts.output,
        );
      } else {
        const graph = buildGraph(instancesFromPlans(plans));
        write(opts.format === "json" ? renderJson(result, graph) : renderMarkdown(result, graph), opts.output);
      }
      if (opts.failOn && reaches(result.findings, opts.failOn)) process.exitCode = 2;
    });
}

interface DiagramOpts {
  out: string;
  mermaid?: string;
  svg?: string;
}

export function diagramCommand(): Command {
  return new Command("diagram")
    .description("Draw the synthesized stacks (networks -> endpoint -> Aura, zones and records, keys) as Mermaid and SVG, no plan needed")
    .option("--out <dir>", "the synth output folder", "cdktf.out")
    .option("--mermaid <file>", "write the Mermaid flowchart to this file")
    .option("--svg <file>", "write an SVG rendered by Graphviz (WebAssembly, no browser)")
    .action(async (opts: DiagramOpts) => {
      assertInputFolder(opts.out, "--out", "the synth output folder (cdktf.out, holding stacks/; run `npm run synth` or cdktf synth first)");
      if (opts.mermaid !== undefined) assertOutputFile(opts.mermaid, "--mermaid");
      if (opts.svg !== undefined) assertOutputFile(opts.svg, "--svg");
      const graph = buildGraph(instancesFromCdktfOut(opts.out));
      if (!graph.nodes.length) throw new UserError(`${opts.out}: the stacks hold no endpoint, zone, key or access runner to draw`);
      const mermaid = renderMermaid(graph);
      if (opts.mermaid) writeOutputFile(opts.mermaid, mermaid, "--mermaid");
      if (opts.svg) writeOutputFile(opts.svg, await renderSvg(graph), "--svg");
      if (!opts.mermaid && !opts.svg) process.stdout.write(mermaid);
    });
}

/**
 * `aura-secure review <plan.json|folder>...` and `aura-secure diagram`.
 *
 * Exit codes of review: 0 done (no finding at the --fail-on level), 2 a finding reaches --fail-on,
 * 1 an error (unreadable or foreign JSON, bad flag), as pipeline gates expect.
 */
import { Command, Option } from "commander";
import { loadConfigOption } from "../cli/config-option";
import { UserError } from "../cli/errors";
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
  format: "markdown" | "json";
  failOn?: Severity;
  output?: string;
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
    .addOption(new Option("--format <format>", "output format").choices(["markdown", "json"]).default("markdown"))
    .addOption(new Option("--fail-on <severity>", "exit 2 when a finding reaches this severity").choices(["high", "medium"]))
    .option("--output <file>", "write to this file instead of stdout")
    .action((plansArg: string[], opts: ReviewOpts) => {
      if (opts.output !== undefined) assertOutputFile(opts.output, "--output");
      const plans = loadPlans(plansArg);
      const result = reviewPlans(plans, opts.config ? networksFromConfig(loadConfigOption(opts.config)) : undefined);
      const graph = buildGraph(instancesFromPlans(plans));
      write(opts.format === "json" ? renderJson(result, graph) : renderMarkdown(result, graph), opts.output);
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

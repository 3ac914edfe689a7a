import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Command } from "commander";
import { diagramCommand, reviewCommand } from "../../../runtime/review/command";
import { runProgram } from "../../support/run-cli";

/**
 * `review` and `diagram` run in-process through a program made of the exported commands (no terraform, no synth):
 * help texts, --today, the output flags checked before any work and named when a write fails, SARIF lines.
 */

const GCP = path.join(__dirname, "fixtures", "aura-gcp-europe-west1.json");
const program = () => new Command("aura-secure").addCommand(reviewCommand()).addCommand(diagramCommand());
const run = (args: string[]) => runProgram(program(), args);
/** /dev/full accepts the open and fails every write with ENOSPC: a file that passes the checks and cannot be written. */
const withDevFull = fs.existsSync("/dev/full") ? test : test.skip;

let tmp: string;
beforeAll(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "review-command-"))));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Runs with the working folder set to `dir` (relative paths, no aura-review.yaml of the repository). */
async function inFolder<T>(dir: string, f: () => Promise<T>): Promise<T> {
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    return await f();
  } finally {
    process.chdir(cwd);
  }
}

/** A cdktf.out with one stack `s` holding `resource`. */
function cdktfOut(name: string, resource: Record<string, unknown>): string {
  const out = path.join(tmp, name);
  fs.mkdirSync(path.join(out, "stacks", "s"), { recursive: true });
  fs.writeFileSync(path.join(out, "stacks", "s", "cdk.tf.json"), JSON.stringify({ resource }));
  return out;
}

describe("help texts", () => {
  const help = (c: Command) => {
    c.configureHelp({ helpWidth: 300 });
    return c.helpInformation();
  };

  test("review: every option with its description, choices and default", () => {
    expect(help(reviewCommand())).toBe(`Usage: review [options] <plans...>

Explain what Terraform plans do to Aura (keys, endpoints, security groups, DNS, Neo4j access) as a pull-request comment

Arguments:
  plans                      \`terraform show -json\` output: files, or folders holding *.json or <stack>/plan.json

Options:
  --config <file>            the app config, for context (which regions share a network)
  --format <format>          output format: a pull-request comment, JSON, or SARIF 2.1.0 for code scanning (choices: "markdown", "json", "sarif", default: "markdown")
  --fail-on <severity>       exit 2 when a finding that is not acknowledged reaches this severity (choices: "high", "medium")
  --output <file>            write to this file instead of stdout
  --acknowledgements <file>  accepted findings: {acknowledgements: [{rule, address, stack?, reason, expires}]} (default: aura-review.yaml in the working folder, if there)
  --today <date>             the date the review judges expiry against (key validity, acknowledgements), YYYY-MM-DD; default today
  -h, --help                 display help for command
`);
  });

  test("diagram: every option with its description and default", () => {
    expect(help(diagramCommand())).toBe(`Usage: diagram [options]

Draw the synthesized stacks (networks -> endpoint -> Aura, zones and records, keys) as Mermaid and SVG, no plan needed

Options:
  --out <dir>       the synth output folder (default: "cdktf.out")
  --mermaid <file>  write the Mermaid flowchart to this file
  --svg <file>      write an SVG rendered by Graphviz (WebAssembly, no browser)
  -h, --help        display help for command
`);
  });
});

describe("review --today", () => {
  test.each([
    ["a day that does not exist (JavaScript would roll it into March)", "2026-02-30"],
    ["a month that does not exist", "2026-13-01"],
    ["a two-digit year", "26-12-06"],
    ["text after the date", "2026-12-06x"],
    ["text before the date", "x2026-12-06"],
    ["a time as well", "2026-12-06T00:00:00Z"],
    ["an empty value", ""],
  ])("%s is refused: %j", async (_name, today) => {
    const r = await run(["review", GCP, "--today", today]);
    expect(r).toEqual({ code: 1, stdout: "", stderr: `error: --today: got ${JSON.stringify(today)}; give a date like 2026-12-06 (YYYY-MM-DD)\n` });
  });

  test("a real date, 29 February of a leap year, is taken", async () => {
    const r = await run(["review", GCP, "--today", "2028-02-29", "--format", "json"]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(JSON.parse(r.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(["AURA-NET-1", "AURA-DNS-4", "AURA-DNS-2"]);
  });
});

describe("review --output", () => {
  test("is checked before the plans are read: a folder is refused by its flag even when the plan is missing", async () => {
    const r = await run(["review", path.join(tmp, "no-such-plan.json"), "--output", tmp]);
    expect(r).toEqual({ code: 1, stdout: "", stderr: `error: --output ${tmp} is a folder; expected the path of the file to write\n` });
  });

  test("writes the file, not stdout; --fail-on still sets the exit code", async () => {
    const file = path.join(tmp, "review.md");
    const r = await run(["review", GCP, "--output", file, "--today", "2026-12-06", "--fail-on", "high"]);
    expect(r).toEqual({ code: 2, stdout: "", stderr: "" });
    expect(fs.readFileSync(file, "utf8")).toContain("google_compute_forwarding_rule.psc_forwarding_rule");
  });

  withDevFull("a write that fails names --output", async () => {
    const r = await run(["review", GCP, "--output", "/dev/full", "--today", "2026-12-06"]);
    expect(r).toEqual({ code: 1, stdout: "", stderr: "error: --output /dev/full cannot be written (ENOSPC)\n" });
  });
});

describe("review --format sarif: the line of each address in its plan file", () => {
  test("the line where the address is; line 1 when the plan writes the address differently (Go's \\u0026 for &)", async () => {
    const dir = path.join(tmp, "sarif-lines");
    fs.mkdirSync(path.join(dir, "plans"), { recursive: true });
    const text = fs.readFileSync(GCP, "utf8");
    const renamed = text.replace('"address": "google_compute_forwarding_rule.psc_forwarding_rule"', '"address": "google_compute_forwarding_rule.psc_forwarding_rule[\\"a\\u0026b\\"]"');
    expect(renamed).not.toBe(text);
    fs.writeFileSync(path.join(dir, "plans", "aura-gcp-europe-west1.json"), renamed);
    const r = await inFolder(dir, () => run(["review", "plans/aura-gcp-europe-west1.json", "--format", "sarif", "--today", "2026-12-06"]));
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    const results = JSON.parse(r.stdout).runs[0].results as { ruleId: string; locations: unknown[] }[];
    const uri = "plans/aura-gcp-europe-west1.json";
    expect(results.map((x) => [x.ruleId, x.locations])).toEqual([
      [
        "AURA-NET-1",
        [
          {
            physicalLocation: { artifactLocation: { uri }, region: { startLine: 1 } },
            logicalLocations: [{ fullyQualifiedName: 'aura-gcp-europe-west1/google_compute_forwarding_rule.psc_forwarding_rule["a&b"]', name: 'google_compute_forwarding_rule.psc_forwarding_rule["a&b"]', kind: "resource" }],
          },
        ],
      ],
      [
        "AURA-DNS-4",
        [
          {
            physicalLocation: { artifactLocation: { uri }, region: { startLine: 21 } },
            logicalLocations: [{ fullyQualifiedName: 'aura-gcp-europe-west1/google_dns_response_policy_rule.dns_rules_endpoints["reports-abcdef-234567"]', name: 'google_dns_response_policy_rule.dns_rules_endpoints["reports-abcdef-234567"]', kind: "resource" }],
          },
        ],
      ],
      [
        "AURA-DNS-2",
        [
          {
            physicalLocation: { artifactLocation: { uri }, region: { startLine: 21 } },
            logicalLocations: [{ fullyQualifiedName: 'aura-gcp-europe-west1/google_dns_response_policy_rule.dns_rules_endpoints["reports-abcdef-234567"]', name: 'google_dns_response_policy_rule.dns_rules_endpoints["reports-abcdef-234567"]', kind: "resource" }],
          },
        ],
      ],
    ]);
  });
});

describe("diagram", () => {
  const ENDPOINT = { aws_vpc_endpoint: { e: { vpc_id: "vpc-1", service_name: "svc" } } };
  const NOTHING = { aws_s3_bucket: { b: { bucket: "x" } } };

  test("--out defaults to cdktf.out in the working folder", async () => {
    const dir = fs.mkdtempSync(path.join(tmp, "empty-cwd-"));
    const r = await inFolder(dir, () => run(["diagram"]));
    expect(r).toEqual({ code: 1, stdout: "", stderr: "error: --out cdktf.out does not exist; expected the synth output folder (cdktf.out, holding stacks/; run `npm run synth` or cdktf synth first)\n" });
  });

  test("stacks with nothing to draw are an error naming the folder", async () => {
    const out = cdktfOut("nothing", NOTHING);
    expect(await run(["diagram", "--out", out])).toEqual({ code: 1, stdout: "", stderr: `error: ${out}: the stacks hold no endpoint, zone, key or access runner to draw\n` });
  });

  test.each(["--mermaid", "--svg"])("%s is checked before the stacks are read", async (flag) => {
    const out = cdktfOut(`nothing${flag}`, NOTHING);
    const file = path.join(tmp, "missing-folder", "x");
    expect(await run(["diagram", "--out", out, flag, file])).toEqual({ code: 1, stdout: "", stderr: `error: ${flag} ${file}: folder ${path.join(tmp, "missing-folder")} does not exist; create it first\n` });
  });

  test("without --mermaid or --svg the flowchart goes to stdout; with --mermaid to the file only", async () => {
    const out = cdktfOut("endpoint", ENDPOINT);
    const expected = `flowchart LR
  classDef created fill:#dafbe1,stroke:#1a7f37,color:#000
  classDef changed fill:#fff8c5,stroke:#9a6700,color:#000
  classDef replaced fill:#ffebe9,stroke:#cf222e,stroke-width:3px,color:#000
  classDef deleted fill:#ffebe9,stroke:#cf222e,stroke-dasharray:5 5,color:#000
  net_aws_vpc_1[("VPC vpc-1")]
  subgraph s["s"]
    aura_s(["Aura"])
    s_endpoint["VPC endpoint (PrivateLink)<br/>svc"]
  end
  net_aws_vpc_1 --> s_endpoint
  s_endpoint --> aura_s
`;
    expect(await run(["diagram", "--out", out])).toEqual({ code: 0, stdout: expected, stderr: "" });
    const file = path.join(tmp, "aura.mmd");
    expect(await run(["diagram", "--out", out, "--mermaid", file])).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(fs.readFileSync(file, "utf8")).toBe(expected);
  });

  withDevFull.each(["--mermaid", "--svg"])("a %s write that fails names the flag", async (flag) => {
    const out = cdktfOut(`endpoint${flag}`, ENDPOINT);
    expect(await run(["diagram", "--out", out, flag, "/dev/full"])).toEqual({ code: 1, stdout: "", stderr: `error: ${flag} /dev/full cannot be written (ENOSPC)\n` });
  });
});

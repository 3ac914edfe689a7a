/**
 * The review as SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), for code scanning: one run,
 * the rules as `tool.driver.rules` (title, what it means, what to do, a security-severity for GitHub), one
 * result per finding located in the plan file of its stack (line of its address) with the Terraform address as
 * a logical location. Acknowledged findings carry an accepted external suppression with the reason; expired
 * ones do not (they gate again). Stale acknowledgements are tool configuration notifications. Deterministic.
 * Facts: docs/vendor-facts.md, "SARIF".
 */
import { createHash } from "node:crypto";
import type { ReviewResult } from "./review";
import { gates, type Finding, type Rule, type Severity } from "./rule";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { high: "error", medium: "warning", low: "note" };
/** GitHub code scanning maps security-severity > 7.0 to high, 4.0-6.9 to medium, below to low. */
const SECURITY_SEVERITY: Record<Severity, string> = { high: "8.0", medium: "5.0", low: "2.0" };

export interface SarifOptions {
  toolVersion: string;
  rules: readonly Rule[];
  /** The plan file of each stack, relative to the repository root, with forward slashes. */
  planFile(stack: string): string | undefined;
  /** The 1-based line where the address appears in the plan file (terraform writes plans on one line). */
  lineOf?(stack: string, address: string): number;
}

const DRIFT_RULE = {
  id: "AURA-DRIFT-1",
  severity: "medium" as Severity,
  title: "Changed outside Terraform",
  meaning: "Someone changed this resource outside Terraform since the last apply (resource_drift); the posture rules judge the drift itself as well.",
  fix: "Find out who changed it and why; put the change into the configuration, or apply the plan to put it back.",
};

/** A URI reference for a relative file path (spaces and other characters escaped, `/` kept). */
export function fileUri(file: string): string {
  return file.split(/[\\/]/).map(encodeURIComponent).join("/");
}

function message(f: Finding): string {
  const where = `${f.action} ${f.address}${f.deposed ? ` (deposed object ${f.deposed})` : ""}${f.drift ? " (changed outside Terraform)" : ""} in ${f.stack}`;
  const ack = f.acknowledged?.expired ? ` Acknowledgement expired on ${f.acknowledged.expires} (${f.acknowledged.entry}): it gates again.` : "";
  return `${f.title}: ${where}: ${f.detail}.${ack}`;
}

export function renderSarif(result: ReviewResult, options: SarifOptions): string {
  const rules = [...options.rules.map((r) => ({ id: r.id, severity: r.severity, title: r.title, meaning: r.meaning, fix: r.fix })), DRIFT_RULE].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = result.findings.map((f) => {
    const uri = options.planFile(f.stack);
    const fingerprint = createHash("sha256").update([f.ruleId, f.stack, f.address, f.deposed ?? "", f.drift ? "drift" : "", f.detail].join("\u0000")).digest("hex");
    return {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId) ?? -1,
      level: LEVEL[f.severity],
      message: { text: message(f) },
      locations: [
        {
          ...(uri ? { physicalLocation: { artifactLocation: { uri: fileUri(uri) }, region: { startLine: options.lineOf?.(f.stack, f.address) ?? 1 } } } : {}),
          logicalLocations: [{ fullyQualifiedName: `${f.stack}/${f.address}`, name: f.address, kind: "resource" }],
        },
      ],
      partialFingerprints: { "auraReviewFinding/v1": fingerprint },
      ...(f.acknowledged && !gates(f) ? { suppressions: [{ kind: "external", status: "accepted", justification: `${f.acknowledged.reason} (until ${f.acknowledged.expires}; ${f.acknowledged.entry})` }] } : {}),
      properties: {
        severity: f.severity,
        stack: f.stack,
        address: f.address,
        action: f.action,
        ...(f.deposed ? { deposed: f.deposed } : {}),
        ...(f.drift ? { drift: true } : {}),
        ...(f.acknowledged?.expired ? { acknowledgementExpired: f.acknowledged.expires } : {}),
        ...(f.cypher?.length ? { cypher: f.cypher } : {}),
      },
    };
  });
  const log = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "aura-secure review",
            version: options.toolVersion,
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/-/g, ""),
              shortDescription: { text: r.title },
              fullDescription: { text: r.meaning },
              help: { text: r.fix },
              defaultConfiguration: { level: LEVEL[r.severity] },
              properties: { "security-severity": SECURITY_SEVERITY[r.severity], tags: ["security", "terraform", "neo4j-aura"] },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolConfigurationNotifications: result.stale.map((s) => ({
              level: "warning",
              message: { text: `${s.entry}: stale acknowledgement: ${s.rule} ${s.address}${s.stack ? ` in ${s.stack}` : ""} matches no finding; remove or fix it` },
              descriptor: { id: "AURA-ACK-STALE" },
            })),
          },
        ],
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + "\n";
}

#!/usr/bin/env node
"use strict";
/**
 * `npm run test:cdktn [-- --keep] [-- --no-cdktn-bindings]`: this package on CDK Terrain (cdktn), the community continuation of the
 * archived cdktf, in a temporary folder:
 *   1. a copy of the repository with `cdktf` aliased to `cdktn` (npm alias + overrides, so the provider
 *      bindings' own `require("cdktf")` gets cdktn too), installed: `prepare` compiles against cdktn's types;
 *   2. `npm run synth` of the example there;
 *   3. the construct tests there (test/constructs, test/app/own-app.test.ts);
 *   4. that copy packed and installed into a fresh AWS-only app on cdktn, synthesized, then checked by
 *      `terraform init -backend=false` and `terraform validate` offline (provider mirror);
 *   5. the same app with @cdktn/provider-aws in place of @cdktf/provider-aws: reported, not required (see README).
 * Prints one line per step and exits 1 when a required step fails. Packages come from the registry or the npm cache.
 */
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const CDKTN = "0.24.0";
// cdktn 0.24.0 asks for constructs >=10.6.0 <10.8.0.
const CONSTRUCTS = "10.7.2";
// The @cdktn AWS binding made for cdktn ^0.24.0 (AWS provider 6.66.0; the mirror here holds 5.100.0 only).
const CDKTN_PROVIDER_AWS = "25.7.0";

const REPO = path.resolve(__dirname, "..");
const keep = process.argv.includes("--keep");
// CI skips step 5 (informational, and it downloads a second AWS binding of about 400 MB).
const withCdktnBindings = !process.argv.includes("--no-cdktn-bindings");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "aura-cdktn-"));
const results = [];

// The npm_* variables of the `npm run` that started this script would point child npms at this package.
const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith("npm_") || k.toLowerCase() === "npm_config_cache"));

function run(cmd, args, cwd, env = {}) {
  const r = spawnSync(cmd, args, { cwd, env: { ...baseEnv, ...env }, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  return { ok: r.status === 0, output: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}` };
}

function step(name, required, fn) {
  const t0 = Date.now();
  let ok = false;
  let detail = "";
  try {
    detail = fn() ?? "";
    ok = true;
  } catch (err) {
    detail = err instanceof Error ? err.message : String(err);
  }
  const s = ((Date.now() - t0) / 1000).toFixed(0);
  results.push({ name, ok, required });
  console.log(`${ok ? "ok  " : required ? "FAIL" : "no  "} ${name} (${s} s)${detail ? `\n     ${detail.trim().split("\n").slice(-80).join("\n     ")}` : ""}`);
  return ok;
}

function must(r, what) {
  // A failing jest run: its first failure report, not only the summary at the end.
  const i = r.output.indexOf("\u25cf ");
  if (!r.ok) throw new Error(`${what} failed:\n${i >= 0 ? `${r.output.slice(i, i + 3000)}\n...\n` : ""}${r.output.slice(-1500)}`);
  return r.output;
}

const npmInstall = ["install", "--prefer-offline", "--no-audit", "--no-fund"];

/** The folder that holds registry.terraform.io/hashicorp/aws (see test/support/terraform.ts and DESIGN.md). */
function providerMirror() {
  const candidates = [process.env.AURA_TF_PROVIDER_MIRROR, "/opt/tf-plugins", "/usr/share/terraform/plugins", path.join(os.homedir(), ".terraform.d/plugins")].filter(Boolean);
  const found = candidates.find((c) => fs.existsSync(path.join(c, "registry.terraform.io/hashicorp/aws")));
  if (found) return found;
  const r = spawnSync("sh", ["-c", "find / -xdev -path /proc -prune -o -name 'terraform-provider-aws_*' -print 2>/dev/null | head -1"], { encoding: "utf8" });
  const hit = (r.stdout || "").trim();
  const i = hit.indexOf("/registry.terraform.io/");
  return i > 0 ? hit.slice(0, i) : null;
}

/** An app that uses the endpoint, DNS, key and Lambda runner constructs from the installed package. */
const APP = `
const { App, TerraformStack } = require("cdktf");
const { AwsProvider } = require("@cdktf/provider-aws/lib/provider");
const { AuraKmsKey, Neo4jAccessLambdaRunner, PrivateLinkEndpoint, Route53PrivateDns, neo4jAccessSchema, planRegionDns } = require("cdktf-aura-secure");
const app = new App();
const stack = new TerraformStack(app, "graph-network");
new AwsProvider(stack, "aws", { region: "us-east-1" });
const ep = new PrivateLinkEndpoint(stack, "aura", {
  name: "graph-aura-us-east-1", region: "us-east-1", product: "virtual-dedicated-cloud", vpcId: "vpc-0123456789abcdef0",
  endpointServiceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0",
  subnetsByAzId: { "use1-az1": "subnet-0123456789abcdef1", "use1-az2": "subnet-0123456789abcdef2" },
  allowedCidrs: [{ cidr: "10.0.0.0/16", description: "app subnets" }], allowedSecurityGroups: [],
});
const entry = ep.endpoint.dnsEntry.get(0);
new Route53PrivateDns(stack, "aura-dns", {
  zones: planRegionDns({ stack: "graph-network", configPath: "my-app", networks: ["aws:vpc-0123456789abcdef0"], orchestrations: ["0000"],
    customEndpoints: ["orders-abcdef-123456"], customEndpointRecords: "per-endpoint", existingZones: {} }),
  vpcs: [{ vpcId: "vpc-0123456789abcdef0", region: "us-east-1" }], aliasTarget: { dnsName: entry.dnsName, zoneId: entry.hostedZoneId },
});
new AuraKmsKey(stack, "cmk", { alias: "graph-aura-us-east-1", description: "Aura key", accountId: "111122223333", region: "us-east-1",
  auraStatement: { Sid: "Allow access for Neo4j", Effect: "Allow", Principal: { AWS: "*" }, Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey", "kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"], Resource: "*", Condition: { StringEquals: { "kms:CallerAccount": "999988887777" } } } });
const access = neo4jAccessSchema.parse({
  connection: { uri: "neo4j+s://a1b2c3d4.production-orch-0000.neo4j.io", user: "neo4j", password: { secretsManagerArn: "arn:aws:secretsmanager:us-east-1:111122223333:secret:neo4j-admin-AbCdEf" } },
  roles: [{ name: "graph_reader", privileges: [] }],
  runner: { type: "lambda", region: "us-east-1", vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0123456789abcdef1"], neo4jCidrs: ["10.0.8.0/24"], neo4jPorts: [7687], secretsManagerCidrs: ["10.0.9.0/28"] },
});
new Neo4jAccessLambdaRunner(stack, "access", { access, runner: access.runner });
app.synth();
`;

function makeApp(dir, tarball, providerAws) {
  fs.mkdirSync(dir, { recursive: true });
  const dependencies = { cdktf: `npm:cdktn@${CDKTN}`, constructs: CONSTRUCTS, "@cdktf/provider-aws": providerAws, "cdktf-aura-secure": `file:${tarball}` };
  // @cdktn bindings require "cdktn" by name: give them the same copy the package's "cdktf" alias resolves to.
  if (providerAws.includes("@cdktn/")) dependencies.cdktn = CDKTN;
  const overrides = { cdktf: "$cdktf", constructs: "$constructs", "@cdktf/provider-aws": "$@cdktf/provider-aws" };
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "cdktn-app", private: true, dependencies, overrides }, null, 2));
  fs.writeFileSync(path.join(dir, "main.js"), APP);
  must(run("npm", npmInstall, dir), "npm install");
  must(run(process.execPath, ["main.js"], dir, { CDKTF_OUTDIR: path.join(dir, "cdktf.out") }), "synth");
  return path.join(dir, "cdktf.out/stacks/graph-network");
}

function validate(stackDir) {
  const mirror = providerMirror();
  if (!mirror) throw new Error("no terraform provider mirror with hashicorp/aws (set AURA_TF_PROVIDER_MIRROR)");
  const rc = path.join(path.dirname(stackDir), "terraform.tfrc");
  fs.writeFileSync(rc, `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/*/*"]\n  }\n  direct { exclude = ["registry.terraform.io/*/*"] }\n}\n`);
  const env = { TF_CLI_CONFIG_FILE: rc, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };
  must(run("terraform", ["init", "-input=false", "-backend=false", "-no-color"], stackDir, env), "terraform init");
  return must(run("terraform", ["validate", "-no-color"], stackDir, env), "terraform validate").trim();
}

const repo = path.join(work, "repo");
let tarball = null;
try {
  console.log(`cdktn ${CDKTN}, constructs ${CONSTRUCTS}, in ${work}`);
  const installed = step(`repository copy installed with cdktf -> cdktn@${CDKTN} (prepare compiles against cdktn)`, true, () => {
    const files = must(run("git", ["ls-files", "-z"], REPO), "git ls-files").split("\0").filter(Boolean);
    for (const f of files) {
      if (!fs.existsSync(path.join(REPO, f))) continue;
      fs.mkdirSync(path.dirname(path.join(repo, f)), { recursive: true });
      fs.copyFileSync(path.join(REPO, f), path.join(repo, f));
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8"));
    pkg.devDependencies.cdktf = `npm:cdktn@${CDKTN}`;
    pkg.devDependencies.constructs = CONSTRUCTS;
    pkg.overrides = { ...pkg.overrides, cdktf: "$cdktf", constructs: "$constructs" };
    fs.writeFileSync(path.join(repo, "package.json"), JSON.stringify(pkg, null, 2));
    fs.rmSync(path.join(repo, "package-lock.json"), { force: true });
    must(run("npm", npmInstall, repo), "npm install");
    const core = JSON.parse(fs.readFileSync(path.join(repo, "node_modules/cdktf/package.json"), "utf8"));
    if (core.name !== "cdktn") throw new Error(`node_modules/cdktf is ${core.name}@${core.version}, not cdktn`);
    return `node_modules/cdktf is ${core.name}@${core.version}`;
  });
  if (installed) {
    step("npm run synth of the example on cdktn", true, () => {
      const out = must(run("npm", ["run", "synth", "--", "--quiet"], repo, { CDKTF_OUTDIR: path.join(work, "synth-out"), AURA_CONFIG: "" }), "npm run synth");
      const stacks = fs.readdirSync(path.join(work, "synth-out/stacks"));
      if (stacks.length === 0) throw new Error(`no stacks written\n${out}`);
      return `stacks: ${stacks.join(", ")}`;
    });
    step("construct tests on cdktn (test/constructs, test/app/own-app.test.ts)", true, () => {
      const out = must(run(process.execPath, [path.join(repo, "node_modules/jest/bin/jest.js"), "test/constructs", "test/app/own-app.test.ts"], repo), "jest");
      return (/^Tests:.*$/m.exec(out) || [""])[0];
    });
    step("npm pack of the cdktn build", true, () => {
      const out = must(run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], repo), "npm pack");
      tarball = path.join(work, JSON.parse(out)[0].filename);
      return path.basename(tarball);
    });
  }
  if (tarball) {
    step("tarball in a fresh AWS-only app on cdktn with @cdktf/provider-aws@20.1.0: synth, terraform validate offline", true, () => validate(makeApp(path.join(work, "app"), tarball, "20.1.0")));
    if (withCdktnBindings) step(`same app with @cdktn/provider-aws@${CDKTN_PROVIDER_AWS} in place of @cdktf/provider-aws: synth (no validate: no AWS 6.x provider offline)`, false, () => {
      const dir = makeApp(path.join(work, "app-cdktn-bindings"), tarball, `npm:@cdktn/provider-aws@${CDKTN_PROVIDER_AWS}`);
      const json = JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8"));
      return `synthesized ${Object.keys(json.resource).length} resource types; required aws provider ${JSON.stringify(json.terraform.required_providers.aws)}`;
    });
  }
} finally {
  if (keep) console.log(`kept ${work}`);
  else fs.rmSync(work, { recursive: true, force: true });
}
const failed = results.filter((r) => r.required && !r.ok);
console.log(failed.length ? `test:cdktn FAILED: ${failed.map((r) => r.name).join("; ")}` : "test:cdktn passed");
process.exitCode = failed.length ? 1 : 0;

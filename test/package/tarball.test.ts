import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { unsupportedAzMessage } from "../../domain/aws/availability-zones";
import { describeWithTerraform, stageStack, terraform, withOfflineAwsProviders } from "../support/terraform";
import { installedVersion, npmEnv, packInto, REPO } from "./pack";

/**
 * The package as a platform team gets it: `npm pack`, installed into a fresh CDKTF app that depends only on
 * cdktf, constructs and the AWS binding, compiled with tsc against the shipped .d.ts files, synthesized with
 * the endpoint, DNS, key and Lambda runner constructs, and validated by the real terraform, offline.
 * Packages come from the npm cache that the repository's `npm ci` filled.
 *
 * The app runs on the Node.js of AURA_TEST_NODE when it is set (a node binary: `npm run test:node-versions`
 * installs Node 22 and 24 from the npm registry and runs this file with each), else on this one: npm
 * itself, the synth, the installed CLI and the other scripts all run on that node.
 */
const NODE = process.env.AURA_TEST_NODE || process.execPath;
const nodeVersion = execFileSync(NODE, ["--version"], { encoding: "utf8" }).trim();
/** npm's own CLI, run with NODE so its engines checks (EBADENGINE) judge that Node version. */
const NPM_CLI = path.join(path.dirname(fs.realpathSync(process.execPath)), "../lib/node_modules/npm/bin/npm-cli.js");
/** The environment of the app's commands: NODE first on PATH, for the `#!/usr/bin/env node` of installed bins. */
const appEnv = (env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv => ({ ...env, PATH: `${path.dirname(NODE)}${path.delimiter}${env.PATH ?? ""}` });

const APP_MAIN = `
import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AuraKmsKey, Neo4jAccessLambdaRunner, Route53PrivateDns, neo4jAccessSchema, planRegionDns } from "cdktf-aura-secure";
import { PrivateLinkEndpoint } from "cdktf-aura-secure/aws";

const app = new App();
const stack = new TerraformStack(app, "graph-network");
new AwsProvider(stack, "aws", { region: "us-east-1" });
const endpoint = new PrivateLinkEndpoint(stack, "aura", {
  name: "graph-aura-us-east-1",
  region: "us-east-1",
  product: "virtual-dedicated-cloud",
  vpcId: "vpc-0123456789abcdef0",
  endpointServiceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0",
  subnetsByAzId: { "use1-az1": "subnet-0123456789abcdef1", "use1-az2": "subnet-0123456789abcdef2" },
  allowedCidrs: [{ cidr: "10.0.0.0/16", description: "app subnets" }],
  allowedSecurityGroups: [],
});
const entry = endpoint.endpoint.dnsEntry.get(0);
new Route53PrivateDns(stack, "aura-dns", {
  zones: planRegionDns({
    stack: "graph-network", configPath: "my-app", networks: ["aws:vpc-0123456789abcdef0"],
    orchestrations: ["0000"], customEndpoints: ["orders-abcdef-123456"], customEndpointRecords: "per-endpoint", existingZones: {},
  }),
  vpcs: [{ vpcId: "vpc-0123456789abcdef0", region: "us-east-1" }],
  aliasTarget: { dnsName: entry.dnsName, zoneId: entry.hostedZoneId },
});
new AuraKmsKey(stack, "cmk", {
  alias: "graph-aura-us-east-1",
  description: "Aura instances of the graph team",
  accountId: "111122223333",
  region: "us-east-1",
  auraStatement: {
    Sid: "Allow access for Neo4j", Effect: "Allow", Principal: { AWS: "*" },
    Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey", "kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
    Resource: "*", Condition: { StringEquals: { "kms:CallerAccount": "999988887777" } },
  },
});
const access = neo4jAccessSchema.parse({
  connection: { uri: "neo4j+s://a1b2c3d4.production-orch-0000.neo4j.io", user: "neo4j", password: { secretsManagerArn: "arn:aws:secretsmanager:us-east-1:111122223333:secret:neo4j-admin-AbCdEf" } },
  roles: [{ name: "graph_reader", privileges: [] }],
  runner: {
    type: "lambda", region: "us-east-1", vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0123456789abcdef1", "subnet-0123456789abcdef2"],
    neo4jCidrs: ["10.0.8.0/24"], neo4jPorts: [7687], secretsManagerCidrs: ["10.0.9.0/28"],
  },
});
if (access.runner?.type !== "lambda") throw new Error("expected the lambda runner");
new Neo4jAccessLambdaRunner(stack, "access", { access, runner: access.runner });
app.synth();
`;

/** The same endpoint in the AZ Aura does not serve: the construct itself must refuse it. */
const BAD_AZ = `
const { App, TerraformStack } = require("cdktf");
const { PrivateLinkEndpoint } = require("cdktf-aura-secure");
const stack = new TerraformStack(new App(), "bad-az");
new PrivateLinkEndpoint(stack, "aura", {
  name: "graph-aura-us-east-1", region: "us-east-1", product: "virtual-dedicated-cloud",
  vpcId: "vpc-0123456789abcdef0", endpointServiceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0",
  subnetsByAzId: { "use1-az3": "subnet-0123456789abcdef3" },
  allowedCidrs: [{ cidr: "10.0.0.0/16", description: "app subnets" }], allowedSecurityGroups: [],
});
`;

/** Runs a command; on failure the error carries its output (tsc prints its diagnostics on stdout). */
function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status ?? r.signal}) in ${cwd}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

describeWithTerraform(`the packed package in a fresh AWS-only CDKTF app on Node ${nodeVersion}`, () => {
  let work: string;
  let app: string;
  let pack: ReturnType<typeof packInto>;
  let synthDir: string;
  let installOutput: string;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "aura-pkg-"));
    app = path.join(work, "app");
    fs.mkdirSync(app);
    pack = packInto(work);
    const deps = {
      cdktf: installedVersion("cdktf"),
      constructs: installedVersion("constructs"),
      "@cdktf/provider-aws": installedVersion("@cdktf/provider-aws"),
      "cdktf-aura-secure": `file:${pack.tarball}`,
    };
    fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "graph-network", private: true, dependencies: deps }, null, 2));
    const install = spawnSync(NODE, [NPM_CLI, "install", "--prefer-offline", "--no-audit", "--no-fund"], { cwd: app, env: appEnv(npmEnv()), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    installOutput = `${install.stdout}\n${install.stderr}`;
    if (install.status !== 0) throw new Error(`npm install failed on Node ${nodeVersion}:\n${installOutput}`);

    // The standard CDKTF app tsconfig (commonjs, node10 resolution): subpath types come from typesVersions.
    fs.writeFileSync(path.join(app, "main.ts"), APP_MAIN);
    fs.writeFileSync(path.join(app, "tsconfig.json"), JSON.stringify({ compilerOptions: { target: "ES2022", module: "commonjs", lib: ["ES2022"], strict: true, skipLibCheck: true, types: [] }, files: ["main.ts"] }));
    run(NODE, [path.join(REPO, "node_modules/typescript/bin/tsc"), "-p", app], app);
    const outdir = path.join(app, "cdktf.out");
    run(NODE, ["main.js"], app, appEnv({ ...process.env, CDKTF_OUTDIR: outdir }));
    synthDir = path.join(outdir, "stacks", "graph-network");
  });

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test(`npm install on Node ${nodeVersion} warns of no engine mismatch (EBADENGINE) in the package or anything it brings`, () => {
    expect(installOutput).not.toMatch(/EBADENGINE|Unsupported engine/);
  });

  test("the tarball holds the built package and nothing from the working tree it does not need", () => {
    expect(pack.files).toEqual(expect.arrayContaining(["package.json", "README.md", "LICENSE", "bin/aura-secure.js", "dist/index.js", "dist/index.d.ts", "dist/aws.js", "dist/gcp.d.ts", "dist/lambda/neo4j-access/index.js"]));
    const stray = pack.files.filter((f) => !/^(package\.json|README\.md|LICENSE|bin\/aura-secure\.js|dist\/.+\.(js|d\.ts))$/.test(f));
    expect(stray).toEqual([]);
    expect(pack.files.filter((f) => /^dist\/(main|test|bench)\b/.test(f))).toEqual([]);
  });

  test("only the AWS binding is installed: no google or azurerm binding, and no build tool", () => {
    const nm = path.join(app, "node_modules");
    expect(fs.existsSync(path.join(nm, "@cdktf/provider-aws/package.json"))).toBe(true);
    for (const absent of ["@cdktf/provider-google", "@cdktf/provider-azurerm", "esbuild", "tsx", "typescript"]) {
      expect({ absent, installed: fs.existsSync(path.join(nm, absent)) }).toEqual({ absent, installed: false });
    }
  });

  test("the app synthesized every construct, the Lambda code from the prebuilt bundle", () => {
    const json = JSON.parse(fs.readFileSync(path.join(synthDir, "cdk.tf.json"), "utf8"));
    expect(Object.keys(json.resource)).toEqual(expect.arrayContaining(["aws_vpc_endpoint", "aws_route53_zone", "aws_route53_record", "aws_kms_key", "aws_lambda_function", "aws_lambda_invocation"]));
    const fn = Object.values<{ filename: string }>(json.resource.aws_lambda_function)[0]!;
    const archive = path.resolve(synthDir, fn.filename);
    expect(fs.existsSync(archive)).toBe(true);
    // The zipped handler is byte for byte the bundle the package ships (nothing was bundled at synth: no esbuild here).
    const zipped = execFileSync("unzip", ["-p", archive, "index.js"], { maxBuffer: 64 * 1024 * 1024 });
    expect(zipped.equals(fs.readFileSync(path.join(app, "node_modules/cdktf-aura-secure/dist/lambda/neo4j-access/index.js")))).toBe(true);
  });

  test("terraform init and validate accept the synthesized stack, offline", () => {
    const run = stageStack(synthDir, path.join(work, "tf"));
    withOfflineAwsProviders(run.dir);
    terraform(run, ["init", "-input=false", "-backend=false"]);
    expect(terraform(run, ["validate"])).toContain("The configuration is valid");
  });

  test("the installed aura-secure prints the package's version, from compiled JavaScript", () => {
    const version = (JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string }).version;
    const out = execFileSync(path.join(app, "node_modules/.bin/aura-secure"), ["--version"], { cwd: app, encoding: "utf8", env: appEnv() });
    expect(out.trim()).toBe(version);
    // A user mistake on this Node: one line, no stack trace.
    const wrong = spawnSync(path.join(app, "node_modules/.bin/aura-secure"), ["verify", "--outputs", "no-such-file.json"], { cwd: app, encoding: "utf8", env: appEnv() });
    expect({ status: wrong.status, stderr: wrong.stderr }).toEqual({
      status: 1,
      stderr: "error: --outputs no-such-file.json does not exist; expected `terraform output -json` of a region stack, or the file of `cdktf deploy --outputs-file`\n",
    });
  });

  test("the GCP entry needs its optional binding and says which one", () => {
    const r = spawnSync(NODE, ["-e", 'require("cdktf-aura-secure/gcp")'], { cwd: app, encoding: "utf8" });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("Cannot find module '@cdktf/provider-google/");
  });

  test("PrivateLinkEndpoint refuses use1-az3 in us-east-1 with the config's message", () => {
    fs.writeFileSync(path.join(app, "bad-az.js"), BAD_AZ);
    const r = spawnSync(NODE, ["bad-az.js"], { cwd: app, encoding: "utf8" });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(unsupportedAzMessage("us-east-1", "use1-az3"));
  });
});

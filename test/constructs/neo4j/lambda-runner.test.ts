import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import { promisify } from "node:util";
import * as path from "node:path";
import { Testing } from "cdktf";
import { parseNeo4jAccess } from "../../../domain/neo4j/access-model";
import { ADMIN_ARN, lambdaAccess, REMOTE_ARN, runner, SECRETS } from "./fixtures";
import { bundleLambdaHandler } from "../../../constructs/neo4j/lambda-bundle";
import { egressRules, Neo4jAccessLambdaRunner, partitionOf, secretsPolicy, type LambdaRunnerConfig } from "../../../constructs/neo4j/lambda-runner";
import { stateHash } from "../../../domain/state-hash";
import { BoltTestServer } from "../../support/bolt-server";
import { FakeSecretsManager } from "../../support/fake-secrets-manager";
import { FakeSystemDb } from "../../support/fake-system-db";

describe("the Lambda handler's bundle", () => {
  let server: BoltTestServer;
  let fake: FakeSystemDb;
  beforeAll(async () => {
    fake = new FakeSystemDb({ users: [{ name: "neo4j", roles: ["admin"], home: null }] });
    server = await BoltTestServer.start({ handler: fake.handler, hooks: fake.hooks, users: { neo4j: "lambda-admin-pw-1" } });
  });
  afterAll(async () => server.close());

  test("the esbuild bundle itself runs the create event, reading its passwords with the real AWS SDK (as the Lambda runtime provides it) from a loopback Secrets Manager", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lambda-bundle-run-"));
    fs.copyFileSync(path.join(bundleLambdaHandler(), "index.js"), path.join(dir, "index.js"));
    const sm = await FakeSecretsManager.start(Object.entries(SECRETS).map(([arn, string]) => ({ arn, string })));
    const smEnv = Object.fromEntries(Object.entries(sm.env()).filter((e): e is [string, string] => e[1] !== undefined));
    const { runner: _r, ...state } = lambdaAccess(server.url(), { users: [], roles: [{ name: "bundle_role", privileges: [] }], remoteAliases: [] });
    const r = await promisify(execFile)(process.execPath, ["-e", "require('./index.js').handler(JSON.parse(process.env.EVENT)).then((r) => console.log(JSON.stringify(r)), (e) => { console.error(e.message); process.exit(1); })"], {
      cwd: dir,
      // The SDK is not in the bundle: the child finds the repository's copy, as a function finds the runtime's.
      env: { PATH: process.env.PATH, NODE_PATH: path.resolve(__dirname, "../../../node_modules"), ...smEnv, EVENT: JSON.stringify({ state, tf: { action: "create", prev_input: null } }) },
      encoding: "utf8",
      timeout: 30_000,
    }).finally(() => sm.close());
    expect(JSON.parse(r.stdout.trim().split("\n").pop()!)).toEqual({ action: "create", role: "apply", applied: true, attempts: 1, statements: ["CREATE ROLE `bundle_role` IF NOT EXISTS"], state, stateSha256: stateHash(state) });
    expect(fake.state.roles).toContain("bundle_role");
    expect(sm.calls).toEqual([{ target: "secretsmanager.GetSecretValue", secretId: ADMIN_ARN, region: "eu-west-1" }]);
  });
});

describe("Lambda runner synth", () => {
  const synth = (a = lambdaAccess("neo4j+s://a.production-orch-0001.neo4j.io")) =>
    JSON.parse(Testing.synthScope((s) => void new Neo4jAccessLambdaRunner(s, "access", { access: a, runner: a.runner as LambdaRunnerConfig })));

  test("function in the VPC subnets, invocation with lifecycle_scope CRUD and the state (references only) as input", () => {
    const j = synth();
    const fn = Object.values<any>(j.resource.aws_lambda_function)[0];
    expect(fn).toMatchObject({ runtime: "nodejs20.x", handler: "index.handler", vpc_config: { subnet_ids: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"] } });
    expect(fn.vpc_config.security_group_ids).toHaveLength(1);
    const inv = Object.values<any>(j.resource.aws_lambda_invocation)[0];
    expect(inv.lifecycle_scope).toBe("CRUD");
    expect(inv.terraform_key).toBe("tf");
    const input = JSON.parse(inv.input);
    expect(input.state.connection.password).toEqual({ secretsManagerArn: ADMIN_ARN, jsonKey: "password" });
    expect(input.state.runner).toBeUndefined();
    const text = JSON.stringify(j);
    for (const pw of ["lambda-admin-pw-1", "lambda-remote-pw-2"]) expect(text).not.toContain(pw);
  });

  test("least privilege: GetSecretValue on exactly the referenced ARNs, VPC access managed policy, no ingress, egress only to Neo4j ports", () => {
    const j = synth();
    const pol = JSON.parse(Object.values<any>(j.resource.aws_iam_role_policy)[0].policy);
    expect(pol.Statement).toEqual([{ Sid: "ReadNeo4jPasswords", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [ADMIN_ARN, REMOTE_ARN] }]);
    expect(Object.values<any>(j.resource.aws_iam_role_policy_attachment)[0].policy_arn).toBe("arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole");
    const assume = JSON.parse(Object.values<any>(j.resource.aws_iam_role)[0].assume_role_policy);
    expect(assume.Statement[0].Principal).toEqual({ Service: "lambda.amazonaws.com" });
    const sg = Object.values<any>(j.resource.aws_security_group)[0];
    expect(sg.ingress).toBeUndefined();
    expect(j.resource.aws_vpc_security_group_ingress_rule).toBeUndefined();
    const egress = Object.values<any>(j.resource.aws_vpc_security_group_egress_rule).map((r) => [r.cidr_ipv4, r.from_port, r.to_port, r.ip_protocol, r.description]);
    expect(egress).toEqual([
      ["10.20.0.0/24", 443, 443, "tcp", "Neo4j HTTP API to 10.20.0.0/24"],
      ["10.20.0.0/24", 7687, 7687, "tcp", "Neo4j Bolt to 10.20.0.0/24"],
      ["10.20.1.0/28", 443, 443, "tcp", "Secrets Manager endpoint 10.20.1.0/28"],
    ]);
  });

  test("createSecretsManagerEndpoint: an interface endpoint in the function's subnets with private DNS, open on 443 to the function only", () => {
    const a = lambdaAccess("neo4j+s://a.production-orch-0001.neo4j.io", { runner: runner({ secretsManagerCidrs: [], createSecretsManagerEndpoint: true }) });
    const j = synth(a);
    const only = <T,>(m: Record<string, T>, part: string): [string, T] => {
      const found = Object.entries(m).filter(([k]) => k.includes(part));
      expect(found).toHaveLength(1);
      return found[0]!;
    };
    const [endpointId, endpoint] = only<any>(j.resource.aws_vpc_endpoint, "secretsmanager_endpoint");
    const [sgId] = only<any>(j.resource.aws_security_group, "secretsmanager_sg");
    const [fnSgId] = Object.entries<any>(j.resource.aws_security_group).find(([k]) => !k.includes("secretsmanager"))!;
    expect(endpoint).toMatchObject({
      vpc_id: "vpc-0123456789abcdef0",
      service_name: "com.amazonaws.eu-west-1.secretsmanager",
      vpc_endpoint_type: "Interface",
      private_dns_enabled: true,
      subnet_ids: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
      security_group_ids: [`\${aws_security_group.${sgId}.id}`],
    });
    const [, ingress] = only<any>(j.resource.aws_vpc_security_group_ingress_rule, "secretsmanager_ingress_443");
    expect(ingress).toMatchObject({ security_group_id: `\${aws_security_group.${sgId}.id}`, from_port: 443, to_port: 443, referenced_security_group_id: `\${aws_security_group.${fnSgId}.id}` });
    const egress = Object.values<any>(j.resource.aws_vpc_security_group_egress_rule).map((r) => [r.cidr_ipv4 ?? r.referenced_security_group_id, r.from_port]);
    expect(egress).toEqual([
      ["10.20.0.0/24", 443],
      ["10.20.0.0/24", 7687],
      [`\${aws_security_group.${sgId}.id}`, 443],
    ]);
    // The endpoint must exist before the first invocation and outlive the delete-time one.
    expect(Object.values<any>(j.resource.aws_lambda_invocation)[0].depends_on).toContain(`aws_vpc_endpoint.${endpointId}`);
  });

  test("two synths are byte-identical", () => {
    expect(JSON.stringify(synth())).toBe(JSON.stringify(synth()));
  });

  // What keeps a second synth fast (measured by `npm run bench`, never timed here): the bundle is built once
  // per content of runtime/ and domain/, then the cached folder is used.
  test("the handler is bundled once per content: later calls reuse the cached folder without building", () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), "lambda-bundle-cache-"));
    const builds: string[] = [];
    const build = (out: string) => {
      builds.push(out);
      fs.mkdirSync(out, { recursive: true });
      fs.writeFileSync(path.join(out, "index.js"), "exports.handler = async () => ({});\n");
    };
    const first = bundleLambdaHandler(cache, build);
    expect(builds).toEqual([`${first}.tmp-${process.pid}`]);
    expect(path.dirname(first)).toBe(cache);
    expect(path.basename(first)).toMatch(/^neo4j-access-lambda-[0-9a-f]{16}$/);
    expect(fs.readdirSync(cache)).toEqual([path.basename(first)]);
    expect(bundleLambdaHandler(cache, build)).toBe(first);
    expect(bundleLambdaHandler(cache, build)).toBe(first);
    expect(builds).toHaveLength(1);
  });

  test("the bundle is one index.js exporting handler, without the AWS SDK", () => {
    const dir = bundleLambdaHandler();
    expect(bundleLambdaHandler()).toBe(dir);
    const code = fs.readFileSync(path.join(dir, "index.js"), "utf8");
    expect(code).toContain("@aws-sdk/client-secrets-manager");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(typeof require(path.join(dir, "index.js")).handler).toBe("function");
  });

  test("refuses env/file references with the lambda runner", () => {
    const a = lambdaAccess("neo4j+s://a.b");
    const bad = { ...a, connection: { ...a.connection, password: { env: "PW" } } };
    expect(() => Testing.synthScope((s) => void new Neo4jAccessLambdaRunner(s, "x", { access: bad, runner: a.runner as LambdaRunnerConfig }))).toThrow(
      'neo4jAccess.connection.password: got {"env":"PW"}; the lambda runner reads passwords from {secretsManagerArn} only',
    );
  });

  test.each<[string, Record<string, unknown>, string]>([
    ["open egress", { neo4jCidrs: ["0.0.0.0/0"] }, 'neo4jAccess.runner.neo4jCidrs[0]: got "0.0.0.0/0"; 0.0.0.0/0 together cover the whole internet (3,702,258,688 public IPv4 addresses): the function\'s egress goes only to the Neo4j endpoint\'s and the Secrets Manager endpoint\'s addresses (there is no opt-in for more); list only the addresses that must be reached'],
    ["egress to the whole internet in two /1 halves", { neo4jCidrs: ["0.0.0.0/1", "128.0.0.0/1"] }, 'neo4jAccess.runner.neo4jCidrs[1]: got "128.0.0.0/1"; 128.0.0.0/1 together cover 1,609,300,992 public IPv4 addresses'],
    ["egress wide only with the Secrets Manager list", { neo4jCidrs: ["11.0.0.0/8"], secretsManagerCidrs: ["12.0.0.0/8"] }, "neo4jAccess.runner.secretsManagerCidrs: with neo4jCidrs: 11.0.0.0/8, 12.0.0.0/8 together cover 33,554,432 public IPv4 addresses"],
    ["bad CIDR", { neo4jCidrs: ["10.0.0.0/33"] }, 'neo4jAccess.runner.neo4jCidrs[0]: got "10.0.0.0/33"; must be an IPv4 CIDR'],
    ["CIDR with host bits set", { neo4jCidrs: ["10.20.0.5/24"] }, 'neo4jAccess.runner.neo4jCidrs[0]: got "10.20.0.5/24"; has host bits set: the network address of a /24 is 10.20.0.0/24'],
    ["bad port", { neo4jPorts: [22] }, "neo4jAccess.runner.neo4jPorts[0]: got 22; must be 7687 (Bolt), 443 or 7474"],
    ["bad subnet", { subnetIds: ["sub-1"] }, 'neo4jAccess.runner.subnetIds[0]: got "sub-1"; must be a subnet id'],
    ["no subnets", { subnetIds: [] }, "neo4jAccess.runner.subnetIds: got []; must list at least one subnet"],
    ["bad region", { region: "europe" }, 'neo4jAccess.runner.region: got "europe"'],
    ["env ref with lambda", {}, 'neo4jAccess.connection.password: got {"env":"PW"}; must be {secretsManagerArn} with the lambda runner'],
    [
      "no way to Secrets Manager",
      { secretsManagerCidrs: [] },
      "neo4jAccess.runner.secretsManagerCidrs: got []; is empty, so the function cannot reach Secrets Manager to read the passwords: a Lambda in a VPC reaches it only through an interface VPC endpoint",
    ],
    ["an endpoint given and one to create", { createSecretsManagerEndpoint: true }, "neo4jAccess.runner.createSecretsManagerEndpoint: got true; is set together with secretsManagerCidrs"],
  ])("schema rejects %s", (_n, over, msg) => {
    const base = lambdaAccess("neo4j+s://a.b") as any;
    const input = { ...base, runner: { ...runner(), ...over } };
    if (_n === "env ref with lambda") input.connection = { ...base.connection, password: { env: "PW" } };
    expect(() => parseNeo4jAccess(input)).toThrow(msg);
  });
});

describe("pure helpers", () => {
  test.each<[string, string]>([
    ["eu-west-1", "aws"],
    ["cn-north-1", "aws-cn"],
    ["us-gov-west-1", "aws-us-gov"],
  ])("partitionOf(%s)", (r, p) => expect(partitionOf(r)).toBe(p));

  test.each<[string, Partial<LambdaRunnerConfig>, number]>([
    ["one CIDR, Bolt only", { neo4jPorts: [7687], secretsManagerCidrs: [] }, 1],
    ["two CIDRs x two ports + SM", { neo4jCidrs: ["10.0.0.0/24", "10.0.1.0/24"], neo4jPorts: [7687, 7474], secretsManagerCidrs: ["10.0.2.0/28"] }, 5],
    ["duplicates collapse", { neo4jCidrs: ["10.0.0.0/24", "10.0.0.0/24"], neo4jPorts: [7687, 7687], secretsManagerCidrs: [] }, 1],
  ])("egressRules: %s", (_n, over, n) => expect(egressRules(runner(over) as LambdaRunnerConfig)).toHaveLength(n));

  test("secretsPolicy de-duplicates and sorts ARNs", () => {
    const a = lambdaAccess("neo4j+s://a.b");
    const twice = { ...a, connection: { ...a.connection, password: { secretsManagerArn: REMOTE_ARN } } };
    expect((secretsPolicy(twice).Statement[0] as any).Resource).toEqual([REMOTE_ARN]);
    expect(secretsPolicy(twice).Statement).toHaveLength(1);
  });

  test("secretsPolicy adds kms:Decrypt on the given keys, only via Secrets Manager of the secrets' regions", () => {
    const key = "arn:aws:kms:eu-west-1:111122223333:key/0a1b2c3d-0000-1111-2222-333344445555";
    const decrypt = secretsPolicy(lambdaAccess("neo4j+s://a.b"), [key, key]).Statement[1] as any;
    expect(decrypt).toEqual({
      Sid: "DecryptNeo4jPasswords",
      Effect: "Allow",
      Action: ["kms:Decrypt"],
      Resource: [key],
      Condition: { StringEquals: { "kms:ViaService": [`secretsmanager.${REMOTE_ARN.split(":")[3]}.amazonaws.com`] } },
    });
  });
});

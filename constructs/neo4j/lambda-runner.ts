import { AssetType, Fn, TerraformAsset, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaInvocation } from "@cdktf/provider-aws/lib/lambda-invocation";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { lambdaRunnerSchema, parseDurationMs, parseNeo4jAccess, runtimeState, secretRefs, type Neo4jAccessConfig, type RunnerConfig } from "../../domain/neo4j/access-model";
import { formatZodIssues } from "../../domain/errors";
import { UserError } from "../../domain/errors";
import { bundleLambdaHandler } from "./lambda-bundle";
import { canonicalJson, stateHash } from "../../domain/state-hash";
import { terraformLiteral } from "../../domain/terraform-literal";

export type LambdaRunnerConfig = Extract<RunnerConfig, { type: "lambda" }>;

export interface Neo4jAccessLambdaRunnerProps {
  /** Validated desired state; every password reference must be a Secrets Manager ARN. */
  readonly access: Neo4jAccessConfig;
  readonly runner: LambdaRunnerConfig;
  /** Add an AWS provider for runner.region (the stack does; apps with their own provider leave it out). */
  readonly withProvider?: boolean;
  /** Where the bundled handler is (default: bundled and cached at synth). */
  readonly bundleDir?: string;
}

/** The AWS partition of a region. Pure. */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** Egress rules of the function's security group: Neo4j ports to the Neo4j CIDRs, 443 to Secrets Manager. Pure. */
export function egressRules(r: LambdaRunnerConfig): { id: string; cidr: string; port: number; description: string }[] {
  const out: { id: string; cidr: string; port: number; description: string }[] = [];
  const ports = [...new Set(r.neo4jPorts)].sort((a, b) => a - b);
  for (const cidr of [...new Set(r.neo4jCidrs)]) {
    for (const port of ports) out.push({ id: `neo4j_${port}_${cidr}`, cidr, port, description: `Neo4j ${port === 7687 ? "Bolt" : "HTTP API"} to ${cidr}` });
  }
  for (const cidr of [...new Set(r.secretsManagerCidrs)]) out.push({ id: `secretsmanager_443_${cidr}`, cidr, port: 443, description: `Secrets Manager endpoint ${cidr}` });
  return out;
}

/** The inline policy: read exactly the referenced secrets. Pure. */
export function secretsPolicy(access: Neo4jAccessConfig, kmsKeyArns: readonly string[] = []): { Version: string; Statement: object[] } {
  const arns = [...new Set(secretRefs(access).flatMap(({ ref }) => ("secretsManagerArn" in ref ? [ref.secretsManagerArn] : [])))].sort();
  const statements: object[] = [{ Sid: "ReadNeo4jPasswords", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: arns }];
  if (kmsKeyArns.length > 0) {
    // Secrets under a customer managed key need kms:Decrypt; kms:ViaService keeps it to Secrets Manager's own calls.
    const regions = [...new Set(arns.map((arn) => arn.split(":")[3]))].sort();
    statements.push({
      Sid: "DecryptNeo4jPasswords",
      Effect: "Allow",
      Action: ["kms:Decrypt"],
      Resource: [...new Set(kmsKeyArns)].sort(),
      Condition: { StringEquals: { "kms:ViaService": regions.map((r) => `secretsmanager.${r}.amazonaws.com`) } },
    });
  }
  return { Version: "2012-10-17", Statement: statements };
}

/**
 * Applies the access state from inside the VPC, for a DBMS reachable only through the private endpoint:
 * a Lambda function in the VPC subnets running the bundled reconciler (runtime/cypher/lambda-handler.ts),
 * invoked by three aws_lambda_invocation resources with lifecycle_scope = "CRUD":
 * - `apply`, input `{state}`: create applies it; update changes `tf.prev_input`'s state into it in one
 *   transaction (nothing kept is ever absent); its result records the state it applied.
 * - `converge`, input `{converge: {to, from}}` with `from` taken from `apply`'s result: a read that finds
 *   nothing to do, unless `apply`'s last update failed. aws_lambda_invocation keeps the input of a failed
 *   update, so the next plan would show no change and the state would silently stay unapplied; `converge`
 *   sees the difference and makes the change then. A postcondition turns a failure of both into a plan
 *   error naming the safe retry (`-replace` of `converge`, whose delete does nothing).
 * - `remove_on_destroy`, input `{removeOnDestroy: {owned, applied}}`: no server work on create or update;
 *   its delete removes both states when the stack is destroyed.
 * Passwords stay in Secrets Manager and are read at run time.
 */
export class Neo4jAccessLambdaRunner extends Construct {
  readonly function: LambdaFunction;
  readonly invocation: LambdaInvocation;
  /** Changes the last applied state into the declared one when an update of `invocation` failed. */
  readonly converge: LambdaInvocation;
  /** Removes what was declared when the stack is destroyed. */
  readonly removal: LambdaInvocation;
  readonly stateSha256: string;
  readonly role: IamRole;
  readonly securityGroup: SecurityGroup;
  /** The Secrets Manager interface endpoint, when runner.createSecretsManagerEndpoint asks for one. */
  readonly secretsManagerEndpoint?: VpcEndpoint;

  constructor(scope: Construct, id: string, props: Neo4jAccessLambdaRunnerProps) {
    super(scope, id);
    // Props built by hand get the config's checks.
    const runnerCheck = lambdaRunnerSchema.safeParse(props.runner, { reportInput: true });
    if (!runnerCheck.success) {
      throw new UserError(`Neo4jAccessLambdaRunner at ${this.node.path}: invalid props:\n${formatZodIssues(runnerCheck.error.issues, { schema: lambdaRunnerSchema, input: props.runner, base: "runner" }).map((l) => `  - ${l}`).join("\n")}`);
    }
    const r = props.runner;
    const bad = secretRefs(props.access).filter(({ ref }) => typeof ref === "object" && ref !== null && !("secretsManagerArn" in ref));
    if (bad.length) {
      throw new UserError(bad.map(({ path, ref }) => `Neo4jAccessLambdaRunner at ${this.node.path}: neo4jAccess.${path}: got ${JSON.stringify(ref)}; the lambda runner reads passwords from {secretsManagerArn} only`).join("\n"));
    }
    parseNeo4jAccess(props.access, `Neo4jAccessLambdaRunner at ${this.node.path}: props.access`);
    if (props.withProvider) new AwsProvider(this, "aws", { region: r.region });
    const name = r.functionName ?? `aura-secure-neo4j-access-${props.access.id}`;
    const partition = partitionOf(r.region);

    this.role = new IamRole(this, "role", {
      name: `${name}-role`.slice(0, 64),
      assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
    });
    const vpcAccess = new IamRolePolicyAttachment(this, "vpc_access", {
      role: this.role.name,
      // Network interfaces in the VPC subnets and CloudWatch logs, nothing else.
      policyArn: `arn:${partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole`,
    });
    const secrets = new IamRolePolicy(this, "secrets", { name: "read-neo4j-passwords", role: this.role.id, policy: JSON.stringify(secretsPolicy(props.access, r.secretsKmsKeyArns)) });

    this.securityGroup = new SecurityGroup(this, "sg", {
      name: `${name}-sg`,
      description: "aura-secure Neo4j access Lambda: egress to Neo4j ports only, no ingress",
      vpcId: r.vpcId,
    });
    const rules: ITerraformDependable[] = egressRules(r).map(
      (e) =>
        new VpcSecurityGroupEgressRule(this, `egress_${e.id.replace(/[./]/g, "_")}`, {
          securityGroupId: this.securityGroup.id,
          ipProtocol: "tcp",
          fromPort: e.port,
          toPort: e.port,
          cidrIpv4: e.cidr,
          description: e.description,
        }),
    );

    if (r.createSecretsManagerEndpoint) {
      // The function's way to Secrets Manager (docs/vendor-facts.md, "Lambda runner and Secrets Manager"): an
      // interface endpoint in its subnets with private DNS, so the SDK's regional name resolves to it, open on
      // 443 to the function's security group only.
      const endpointSg = new SecurityGroup(this, "secretsmanager_sg", { name: `${name}-secretsmanager`, description: `${name}-secretsmanager`, vpcId: r.vpcId });
      rules.push(
        new VpcSecurityGroupIngressRule(this, "secretsmanager_ingress_443", {
          securityGroupId: endpointSg.id,
          ipProtocol: "tcp",
          fromPort: 443,
          toPort: 443,
          referencedSecurityGroupId: this.securityGroup.id,
          description: "HTTPS from the Neo4j access Lambda",
        }),
        new VpcSecurityGroupEgressRule(this, "egress_secretsmanager_endpoint_443", {
          securityGroupId: this.securityGroup.id,
          ipProtocol: "tcp",
          fromPort: 443,
          toPort: 443,
          referencedSecurityGroupId: endpointSg.id,
          description: "Secrets Manager interface endpoint",
        }),
      );
      this.secretsManagerEndpoint = new VpcEndpoint(this, "secretsmanager_endpoint", {
        vpcId: r.vpcId,
        serviceName: `com.amazonaws.${r.region}.secretsmanager`,
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: r.subnetIds,
        securityGroupIds: [endpointSg.id],
        tags: { Name: `${name}-secretsmanager` },
      });
    }

    const asset = new TerraformAsset(this, "code", { path: props.bundleDir ?? bundleLambdaHandler(), type: AssetType.ARCHIVE });
    const timeoutMs = parseDurationMs(r.timeout)!;
    this.function = new LambdaFunction(this, "function", {
      functionName: name,
      role: this.role.arn,
      runtime: "nodejs20.x",
      handler: "index.handler",
      filename: asset.path,
      sourceCodeHash: Fn.filebase64sha256(asset.path),
      timeout: Math.min(900, Math.ceil(timeoutMs / 1000)),
      memorySize: r.memoryMb,
      vpcConfig: { subnetIds: r.subnetIds, securityGroupIds: [this.securityGroup.id] },
      // The reconciler stops retrying a little before Lambda would kill it.
      environment: { variables: { AURA_SECURE_TIMEOUT_MS: String(Math.max(5000, timeoutMs - 10_000)) } },
      dependsOn: [vpcAccess, secrets],
    });
    const state = runtimeState(props.access);
    this.stateSha256 = stateHash(state);
    this.invocation = new LambdaInvocation(this, "apply", {
      functionName: this.function.functionName,
      // User text such as "${...}" in PROPERTIES must reach the handler as written, not as a Terraform template.
      input: terraformLiteral(canonicalJson({ state })),
      lifecycleScope: "CRUD",
      terraformKey: "tf",
      // Rules, permissions and the way to Secrets Manager must outlive the delete-time invocations.
      dependsOn: [...rules, secrets, vpcAccess, ...(this.secretsManagerEndpoint ? [this.secretsManagerEndpoint] : [])],
    });
    // Terraform expressions over the apply invocation: its declared state and the state its result says it applied
    // (try(): a result written by an older version holds no state; nothing is then removed on its account).
    const apply = `${this.invocation.terraformResourceType}.${this.invocation.friendlyUniqueId}`;
    const declared = `jsondecode(${apply}.input).state`;
    const applied = `try(jsondecode(${apply}.result).state, null)`;
    const invoke = (id: string, input: string, after: LambdaInvocation) =>
      new LambdaInvocation(this, id, { functionName: this.function.functionName, input, lifecycleScope: "CRUD", terraformKey: "tf", dependsOn: [after] });
    this.converge = invoke("converge", `\${jsonencode({converge = {to = ${declared}, from = ${applied}}})}`, this.invocation);
    const retry = `${this.converge.terraformResourceType}.${this.converge.friendlyUniqueId}`;
    this.converge.addOverride("lifecycle.postcondition", [
      {
        condition: `\${try(jsondecode(self.result).stateSha256, "") == "${this.stateSha256}"}`,
        error_message: `The declared Neo4j access state (sha256 ${this.stateSha256}) is not applied: the last invocations failed (the last apply printed why). aws_lambda_invocation keeps the input of a failed update, so plans show no change for it. Once the cause is fixed, run: terraform apply -replace=${retry} (replacing this converge invocation removes nothing; its create changes the last applied state into the declared one in one transaction).`,
      },
    ]);
    this.removal = invoke("remove_on_destroy", `\${jsonencode({removeOnDestroy = {owned = ${declared}, applied = ${applied}}})}`, this.converge);
  }
}

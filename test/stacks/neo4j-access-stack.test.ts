import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, TerraformProvider } from "cdktf";
import { parseNeo4jAccess } from "../../domain/neo4j/access-model";
import { Neo4jAccessStack } from "../../stacks/neo4j-access-stack";
import { describeWithTerraform, initValidatePlan, plannedResources, stageStack } from "../support/terraform";
import { lambdaAccess, runner } from "../constructs/neo4j/fixtures";

function synth(access: ReturnType<typeof parseNeo4jAccess>, offline = false) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "neo4j-access-stack-"));
  const app = new App({ outdir });
  const stack = new Neo4jAccessStack(app, "neo4j-access", { access });
  if (offline) {
    // Offline plan only: fake credentials come from the env; no AWS calls.
    for (const p of stack.node.findAll().filter((c): c is TerraformProvider => c instanceof TerraformProvider)) {
      p.addOverride("skip_credentials_validation", true);
      p.addOverride("skip_requesting_account_id", true);
      p.addOverride("skip_metadata_api_check", true);
    }
  }
  app.synth();
  const dir = path.join(outdir, "stacks", "neo4j-access");
  return { dir, json: JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8")) };
}

describe("Neo4jAccessStack", () => {
  test("local-exec by default: the apply and remove_on_destroy terraform_data, no provider, local state next to the working dir", () => {
    const a = parseNeo4jAccess({ connection: { uri: "neo4j+s://dbms-a.example.com", user: "alice", password: { env: "NEO4J_PASSWORD" } }, roles: [{ name: "r1" }] });
    const { dir, json } = synth(a);
    expect(Object.keys(json.resource)).toEqual(["terraform_data"]);
    expect(json.provider).toBeUndefined();
    expect(path.resolve(dir, json.terraform.backend.local.path)).toBe(path.resolve("terraform.neo4j-access.tfstate"));
    expect(Object.keys(json.resource.terraform_data).sort()).toEqual(["neo4j_access_apply", "neo4j_access_remove_on_destroy"]);
  });

  test("lambda runner: provider for the region plus function, role, security group, invocation", () => {
    const { json } = synth(lambdaAccess("neo4j+s://a.production-orch-0001.neo4j.io"));
    expect(json.provider.aws[0].region).toBe("eu-west-1");
    expect(Object.keys(json.resource).sort()).toEqual(
      ["aws_iam_role", "aws_iam_role_policy", "aws_iam_role_policy_attachment", "aws_lambda_function", "aws_lambda_invocation", "aws_security_group", "aws_vpc_security_group_egress_rule"].sort(),
    );
    expect(json.data).toBeUndefined();
  });
});

describeWithTerraform("Neo4jAccessStack (lambda runner): offline terraform validate and plan", () => {
  test("plans the function, role, policy, security group, rules and the CRUD invocation", () => {
    const note = "${not_a_reference} %{ if true }";
    const { dir } = synth(lambdaAccess("neo4j+s://a.production-orch-0001.neo4j.io", {}, { alias: { properties: { note } } }), true);
    const plan = initValidatePlan(stageStack(dir));
    const res = plannedResources(plan);
    const byType = (t: string) => res.filter((r) => r.type === t);
    expect(byType("aws_lambda_invocation")[0].values).toMatchObject({ lifecycle_scope: "CRUD", terraform_key: "tf" });
    // Template-like user text reaches the handler's input as written.
    expect(JSON.parse(byType("aws_lambda_invocation")[0].values.input as string).state.remoteAliases[0].properties).toEqual({ note });
    expect(byType("aws_lambda_function")[0].values).toMatchObject({ runtime: "nodejs20.x", handler: "index.handler", timeout: 120, memory_size: 256 });
    expect(byType("aws_vpc_security_group_egress_rule")).toHaveLength(3);
    expect(JSON.stringify(plan)).not.toMatch(/lambda-(admin|remote)-pw/);
  });

  test("with createSecretsManagerEndpoint the plan holds the interface endpoint, its security group and the rules between them", () => {
    const a = lambdaAccess("neo4j+s://a.production-orch-0001.neo4j.io", { runner: runner({ secretsManagerCidrs: [], createSecretsManagerEndpoint: true }) });
    const res = plannedResources(initValidatePlan(stageStack(synth(a, true).dir)));
    const endpoint = res.find((r) => r.type === "aws_vpc_endpoint")!;
    expect(endpoint.values).toMatchObject({ service_name: "com.amazonaws.eu-west-1.secretsmanager", vpc_endpoint_type: "Interface", private_dns_enabled: true });
    expect(res.filter((r) => r.type === "aws_security_group")).toHaveLength(2);
    expect(res.filter((r) => r.type === "aws_vpc_security_group_ingress_rule")).toHaveLength(1);
    expect(res.filter((r) => r.type === "aws_vpc_security_group_egress_rule")).toHaveLength(3);
  });
});

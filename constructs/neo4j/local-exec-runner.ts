import { TerraformResource } from "cdktf";
import { TerraformData } from "../aura/terraform-data";
import { Construct } from "constructs";
import { parseDurationMs, parseNeo4jAccess, runtimeState, secretRefs, type Neo4jAccessConfig } from "../../domain/neo4j/access-model";
import { assertProps } from "../../domain/props";
import { UserError } from "../../domain/errors";
import { canonicalJson, stateHash } from "../../domain/state-hash";
import { shellArgument, shellCommandProblem } from "../../domain/shell";
import { crossTerraform, terraformLiteral } from "../../domain/terraform-literal";

export interface Neo4jAccessLocalExecRunnerProps {
  /** The validated desired state (parseNeo4jAccess). Secret references must be {env} or {file}. */
  readonly access: Neo4jAccessConfig;
  /** How to start the CLI. Default: runner.cliCommand, else "npx --no aura-secure". */
  readonly cliCommand?: string;
  /** Overall deadline of one apply/destroy run, including retries. Default: runner.timeout, else "120s". */
  readonly timeout?: string;
  readonly dependsOn?: TerraformResource[];
}

/** The environment variable the provisioners pass the state in (avoids shell quoting of JSON). */
export const STATE_ENV = "AURA_SECURE_CYPHER_STATE";

/**
 * Applies the access state from the machine running terraform (the pipeline runner).
 *
 * A `terraform_data` whose `input.state` is the state as an object (secret REFERENCES only), so the plan
 * shows what changes field by field, and whose `triggers_replace` is its sha256: any change replaces the resource. The create-time local-exec runs `cypher apply`; the
 * destroy-time local-exec runs `cypher destroy` with the state read from `self.input` (destroy-time
 * provisioners may reference only `self`), so it removes exactly what that state declared. On a change,
 * Terraform's default replace order runs the old destroy then the new apply: owned items that stay are
 * briefly absent (fail-closed) and the result is exactly the new state. The ownership record is therefore
 * Terraform state itself; no marker is kept on the server. Passwords are read by the CLI from the
 * environment variables or files the state names, so they never reach cdk.tf.json or terraform.tfstate.
 */
export class Neo4jAccessLocalExecRunner extends Construct {
  readonly resource: TerraformData;
  readonly stateJson: string;
  readonly stateSha256: string;

  constructor(scope: Construct, id: string, props: Neo4jAccessLocalExecRunnerProps) {
    super(scope, id);
    // Props built by hand get the config's checks (a literal password is refused without being shown).
    assertProps("Neo4jAccessLocalExecRunner", this.node.path, [
      ...(props.cliCommand !== undefined && shellCommandProblem(props.cliCommand) ? [{ prop: "cliCommand", value: props.cliCommand, problem: shellCommandProblem(props.cliCommand)! }] : []),
      ...(props.timeout !== undefined && parseDurationMs(props.timeout) === null ? [{ prop: "timeout", value: props.timeout, problem: 'must be a duration like "120s", "2m" or "PT2M"' }] : []),
    ]);
    const bad = secretRefs(props.access).filter(({ ref }) => typeof ref === "object" && ref !== null && "secretsManagerArn" in ref);
    if (bad.length) {
      throw new UserError(
        bad.map(({ path, ref }) => `Neo4jAccessLocalExecRunner at ${this.node.path}: neo4jAccess.${path}: got ${JSON.stringify(ref)}; the local-exec runner reads passwords from {env} or {file}; Secrets Manager ARNs need the lambda runner`).join("\n"),
      );
    }
    parseNeo4jAccess(props.access, `Neo4jAccessLocalExecRunner at ${this.node.path}: props.access`);
    const runner = props.access.runner?.type === "local-exec" ? props.access.runner : undefined;
    // Declared "escape" (domain/terraform-literal.ts): `${HOME}/bin/aura-secure` must reach the shell as written.
    const cli = crossTerraform(props.cliCommand ?? runner?.cliCommand ?? "npx --no aura-secure", "escape").text;
    // A duration (checked above), shell-quoted all the same: every value placed into a command is.
    const timeout = crossTerraform(shellArgument(props.timeout ?? runner?.timeout ?? "120s"), "escape").text;
    const state = runtimeState(props.access);
    this.stateJson = canonicalJson(state);
    this.stateSha256 = stateHash(state);
    const env = { [STATE_ENV]: "${jsonencode(self.input.state)}" };
    this.resource = new TerraformData(this, "apply", {
      input: { state: terraformLiteral(JSON.parse(this.stateJson)) },
      triggersReplace: { state_sha256: this.stateSha256 },
      dependsOn: props.dependsOn,
      provisioners: [
        { type: "local-exec", command: `${cli} cypher apply --state-env ${STATE_ENV} --timeout ${timeout}`, environment: env },
        { type: "local-exec", when: "destroy", command: `${cli} cypher destroy --state-env ${STATE_ENV} --timeout ${timeout}`, environment: env },
      ],
    });
  }
}

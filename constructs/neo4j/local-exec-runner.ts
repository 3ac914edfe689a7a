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
/** The environment variable holding the state the configuration declares now (see the class comment). */
export const DECLARED_ENV = "AURA_SECURE_CYPHER_DECLARED";

/**
 * Applies the access state from the machine running terraform (the pipeline runner), without ever taking
 * away, even for a moment, anything the new state still declares.
 *
 * Two `terraform_data` resources (docs/neo4j-access.md, "Runners", says why this shape):
 * - `apply`: `input.state` is the state as an object (secret REFERENCES only, so the plan shows what changes
 *   field by field); `triggers_replace` is its sha256, so every change replaces it, old object first. The
 *   old object's destroy-time provisioner runs `cypher replace`: it reads the state it applied from `self`
 *   and the state the configuration declares now from its own environment, written into the provisioner
 *   (Terraform takes provisioners from the current configuration, `self` from state), and makes the whole
 *   change in one transaction. A failure rolls it back and keeps the old object, so the next apply makes
 *   the same change again. The new object's create-time provisioner runs `cypher apply --after-replace`:
 *   the first apply of a state, or nothing when the replacement step has just applied it.
 * - `remove_on_destroy`: never replaced, its `input.owned` updated in place to the last state given to the
 *   runner. Its destroy-time provisioner, which runs only when the stack is destroyed, runs `cypher destroy`:
 *   exactly what was declared goes. `apply` depends on it, so `apply` goes first.
 * Passwords are read by the CLI from the environment variables or files the state names, so they never
 * reach cdk.tf.json or terraform.tfstate.
 */
export class Neo4jAccessLocalExecRunner extends Construct {
  readonly resource: TerraformData;
  /** Holds the last state given to the runner; its destroy-time step removes it when the stack goes. */
  readonly removal: TerraformData;
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
    // The declared state as text in the provisioners: user text such as "${...}" must reach the CLI as written.
    const declared = terraformLiteral(this.stateJson);
    this.removal = new TerraformData(this, "remove_on_destroy", {
      input: { owned: terraformLiteral(JSON.parse(this.stateJson)) },
      dependsOn: props.dependsOn,
      provisioners: [
        {
          type: "local-exec",
          when: "destroy",
          command: `${cli} cypher destroy --state-env ${STATE_ENV} --also-env ${DECLARED_ENV} --timeout ${timeout}`,
          environment: { [STATE_ENV]: "${jsonencode(self.input.owned)}", [DECLARED_ENV]: declared },
        },
      ],
    });
    this.resource = new TerraformData(this, "apply", {
      input: { state: terraformLiteral(JSON.parse(this.stateJson)) },
      triggersReplace: { state_sha256: this.stateSha256 },
      dependsOn: [...(props.dependsOn ?? []), this.removal],
      provisioners: [
        { type: "local-exec", command: `${cli} cypher apply --state-env ${STATE_ENV} --after-replace --timeout ${timeout}`, environment: { [STATE_ENV]: "${jsonencode(self.input.state)}" } },
        {
          type: "local-exec",
          when: "destroy",
          command: `${cli} cypher replace --applied-env ${STATE_ENV} --declared-env ${DECLARED_ENV} --timeout ${timeout}`,
          environment: { [STATE_ENV]: "${jsonencode(self.input.state)}", [DECLARED_ENV]: declared },
        },
      ],
    });
  }
}

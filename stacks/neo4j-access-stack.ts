import type { Construct } from "constructs";
import type { Neo4jAccessConfig } from "../domain/neo4j/access-model";
import { Neo4jAccessLambdaRunner } from "../constructs/neo4j/lambda-runner";
import { Neo4jAccessLocalExecRunner } from "../constructs/neo4j/local-exec-runner";
import { AuraStack } from "./aura-stack";
import { applyBackend, type BackendConfig } from "./backend";

export interface Neo4jAccessStackProps {
  /** Validated desired state (parseNeo4jAccess); `runner` picks local-exec (default) or lambda. */
  readonly access: Neo4jAccessConfig;
  readonly backend?: BackendConfig;
}

/**
 * One DBMS's roles, privileges, role grants, home databases and aliases, applied after provisioning.
 * Holds only the runner (and, for the lambda runner, its function, role and security group).
 */
export class Neo4jAccessStack extends AuraStack {
  readonly runner: Neo4jAccessLocalExecRunner | Neo4jAccessLambdaRunner;

  constructor(scope: Construct, id: string, props: Neo4jAccessStackProps) {
    super(scope, id);
    // Local state next to the working directory unless configured (cdktf's default would be an absolute path).
    applyBackend(this, id, props.backend);
    const r = props.access.runner;
    this.runner = r?.type === "lambda" ? new Neo4jAccessLambdaRunner(this, "neo4j_access", { access: props.access, runner: r, withProvider: true }) : new Neo4jAccessLocalExecRunner(this, "neo4j_access", { access: props.access });
  }
}

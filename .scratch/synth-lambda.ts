import { Testing } from "cdktf";
import { lambdaAccess } from "../test/constructs/neo4j/fixtures";
import { Neo4jAccessLambdaRunner } from "../constructs/neo4j/lambda-runner";
const a = lambdaAccess("neo4j+s://a.production-orch-0001.neo4j.io");
const j = JSON.parse(Testing.synthScope((s) => void new Neo4jAccessLambdaRunner(s, "access", { access: a, runner: a.runner as any })));
console.log(JSON.stringify(j.resource.aws_lambda_invocation, null, 1).slice(0, 4000));

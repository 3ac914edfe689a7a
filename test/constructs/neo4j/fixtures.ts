import { parseNeo4jAccess, type Neo4jAccessInput } from "../../../domain/neo4j/access-model";
import type { LambdaRunnerConfig } from "../../../constructs/neo4j/lambda-runner";
import { dbmsA } from "../../support/dbms-a";

/** Shared fixtures of the Lambda runner tests (reference 000, DBMS A, with Secrets Manager references). */
export const ADMIN_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:neo4j-admin-AbCdEf";
export const REMOTE_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:remote-user-GhIjKl";
export const SECRETS: Record<string, string> = { [ADMIN_ARN]: JSON.stringify({ password: "lambda-admin-pw-1" }), [REMOTE_ARN]: "lambda-remote-pw-2" };

export const runner = (over: Partial<LambdaRunnerConfig> = {}) => ({
  type: "lambda" as const,
  region: "eu-west-1",
  vpcId: "vpc-0123456789abcdef0",
  subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
  neo4jCidrs: ["10.20.0.0/24"],
  neo4jPorts: [7687, 443] as (7687 | 443 | 7474)[],
  secretsManagerCidrs: ["10.20.1.0/28"],
  ...over,
});

export function lambdaAccess(uri: string, over: Partial<Neo4jAccessInput> = {}, extra: Parameters<typeof dbmsA>[2] = {}) {
  return parseNeo4jAccess({
    ...dbmsA({ uri, user: "neo4j", password: { secretsManagerArn: ADMIN_ARN, jsonKey: "password" }, allowInsecureUrl: true }, { secretsManagerArn: REMOTE_ARN }, extra),
    runner: runner(),
    ...over,
  });
}


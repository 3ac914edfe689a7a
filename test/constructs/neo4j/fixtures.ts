import { parseNeo4jAccess, type Neo4jAccessInput } from "../../../config/neo4j-access";
import type { LambdaRunnerConfig } from "../../../constructs/neo4j/lambda-runner";

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

export function lambdaAccess(uri: string, over: Partial<Neo4jAccessInput> = {}) {
  return parseNeo4jAccess({
    connection: { uri, user: "neo4j", password: { secretsManagerArn: ADMIN_ARN, jsonKey: "password" }, allowInsecureUrl: true },
    roles: [{ name: "remote_access", privileges: [{ privilege: "ACCESS", database: "db1-remote-alias" }] }],
    users: [{ name: "carol", roles: ["remote_access"] }],
    remoteAliases: [{ name: "db1-remote-alias", target: "db1", url: "neo4j+s://location:7687", credentials: { type: "stored", user: "remote_user", password: { secretsManagerArn: REMOTE_ARN } } }],
    runner: runner(),
    ...over,
  });
}


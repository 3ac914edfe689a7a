import type { Neo4jAccessInput, SecretRef } from "../../domain/neo4j/access-model";

type UserInput = NonNullable<Neo4jAccessInput["users"]>[number];
type RemoteAliasInput = NonNullable<Neo4jAccessInput["remoteAliases"]>[number];

/**
 * Reference 000, DBMS A (Alice): the remote alias db1-remote-alias to db1 on DBMS B with remote_user's stored
 * credentials, the role remote_access with ACCESS to it, granted to Carol. Raw input (not parsed), shared by
 * the config, planner, reconciler, CLI and runner tests; each adds its own connection and extras.
 */
export function dbmsA(
  connection: Neo4jAccessInput["connection"],
  remotePassword: SecretRef,
  extra: { carol?: Partial<UserInput>; alias?: Partial<RemoteAliasInput> } = {},
) {
  return {
    connection,
    roles: [{ name: "remote_access", privileges: [{ privilege: "ACCESS" as const, database: "db1-remote-alias" }] }],
    users: [{ name: "carol", roles: ["remote_access"], ...extra.carol }],
    remoteAliases: [
      {
        name: "db1-remote-alias",
        target: "db1",
        url: "neo4j+s://location:7687",
        credentials: { type: "stored" as const, user: "remote_user", password: remotePassword },
        ...extra.alias,
      },
    ],
  };
}

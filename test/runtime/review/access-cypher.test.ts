/**
 * The Cypher the review shows for an access change is planned against the server as the previous state left
 * it. Rows the server prints without the statement's CYPHER 25 prefix, DENYs and temporal rule values
 * (typed parameters when sent, `date('...')` when printed) must count as already there, or the review would
 * show them as granted again on every change.
 */
import { accessCypher } from "../../../runtime/review/access-state";
import type { ResourceChange } from "../../../runtime/review/plan-format";

const connection = { uri: "neo4j+s://db.example.com:7687", user: "admin", password: { env: "NEO4J_PW" } };
const kept = {
  name: "auditors",
  privileges: [
    { action: "DENY", privilege: "MATCH", graph: "orders", nodes: ["Secret"], properties: "*" },
    { action: "GRANT", privilege: "ALTER DATABASE", database: "orders" },
    { action: "GRANT", privilege: "TRAVERSE", graph: "orders", where: { label: "Order", property: "placed", operator: ">", value: { date: "2024-10-25" } } },
  ],
};
const state = (extraRoles: object[]) => ({ connection, roles: [kept, ...extraRoles], users: [], localAliases: [], remoteAliases: [] });
const change = (before: object, after: object): ResourceChange => ({
  stack: "aura-neo4j-access-dbms-a",
  address: "terraform_data.neo4j_access_apply",
  type: "terraform_data",
  name: "neo4j_access_apply",
  kind: "update",
  actions: ["update"],
  before: { input: { state: before } },
  after: { input: { state: after } },
  afterUnknown: {},
  replacePaths: [],
});

test("a role added next to kept DENY, CYPHER 25 and temporal rows plans only the new role", () => {
  const statements = accessCypher(change(state([]), state([{ name: "readers", privileges: [{ action: "GRANT", privilege: "ACCESS", database: "orders" }] }])));
  expect(statements).toEqual(["CREATE ROLE `readers` IF NOT EXISTS", "GRANT ACCESS ON DATABASE `orders` TO `readers`"]);
});

import { accessCypher, diffAccess, hasOwnershipPart, isAccessRunner, ownedState, privilegeText, runnerInputNotUnderstood, runnerPart, runnerState } from "../../../runtime/review/access-state";
import type { ResourceChange } from "../../../runtime/review/plan-format";
import { changeFactory } from "../../support/hand-built-plans";

/**
 * How the review reads the access runner's parts from a plan and what an access change gives and takes away, on
 * hand-built states. Expected values are written out.
 */
type Obj = Record<string, unknown>;
const rc = changeFactory("a");
const STATE = { roles: [], users: [] };

describe("the access runner's parts, by the shape of their input", () => {
  test.each<[string, string, Obj | null, ReturnType<typeof runnerPart>]>([
    ["terraform_data input.state", "terraform_data", { input: { state: { roles: [{ name: "r" }] } } }, { part: "apply", state: { roles: [{ name: "r" }] } }],
    ["a state with users only", "terraform_data", { input: { state: { users: [] } } }, { part: "apply", state: { users: [] } }],
    ["a state with remote aliases only", "terraform_data", { input: { state: { remoteAliases: [] } } }, { part: "apply", state: { remoteAliases: [] } }],
    ["a state with local aliases only", "terraform_data", { input: { state: { localAliases: [] } } }, { part: "apply", state: { localAliases: [] } }],
    ["a state whose lists are not lists", "terraform_data", { input: { state: { roles: "r", users: {} } } }, null],
    ["the Lambda's JSON text", "aws_lambda_invocation", { input: JSON.stringify({ state: STATE }) }, { part: "apply", state: STATE }],
    ["JSON text on terraform_data too", "terraform_data", { input: JSON.stringify({ state: STATE }) }, { part: "apply", state: STATE }],
    ["text that is not JSON", "aws_lambda_invocation", { input: "{state" }, null],
    ["JSON text of a list", "aws_lambda_invocation", { input: "[1]" }, null],
    ["terraform_data input.owned", "terraform_data", { input: { owned: STATE } }, { part: "ownership", state: STATE }],
    ["the Lambda's removeOnDestroy.owned", "aws_lambda_invocation", { input: JSON.stringify({ removeOnDestroy: { owned: STATE } }) }, { part: "ownership", state: STATE }],
    ["terraform_data's removeOnDestroy is not the Lambda's shape", "terraform_data", { input: { removeOnDestroy: { owned: STATE } } }, null],
    ["the Lambda's input.owned is not its shape", "aws_lambda_invocation", { input: JSON.stringify({ owned: STATE }) }, null],
    ["the Lambda's converge with to", "aws_lambda_invocation", { input: JSON.stringify({ converge: { to: STATE, from: null } }) }, { part: "converge", state: STATE }],
    ["the Lambda's converge with from only", "aws_lambda_invocation", { input: JSON.stringify({ converge: { from: STATE } }) }, { part: "converge", state: null }],
    ["a converge without to or from", "aws_lambda_invocation", { input: JSON.stringify({ converge: {} }) }, null],
    ["terraform_data has no converge part", "terraform_data", { input: { converge: { to: STATE } } }, null],
    ["another resource type", "aws_lambda_function", { input: { state: STATE } }, null],
    ["no values", "terraform_data", null, null],
    ["no input", "terraform_data", {}, null],
  ])("%s", (_name, type, values, expected) => {
    expect(runnerPart(type, values)).toEqual(expected);
  });

  test("the apply part's state, the ownership part's state, and nothing else", () => {
    const apply = { input: { state: STATE } };
    const owned = { input: { owned: STATE } };
    expect([runnerState("terraform_data", apply), runnerState("terraform_data", owned), ownedState("terraform_data", owned), ownedState("terraform_data", apply)]).toEqual([STATE, null, STATE, null]);
  });

  test.each<[string, string, Obj | null, boolean]>([
    ["an input naming roles in no runner shape", "terraform_data", { input: { desired: { roles: [] } } }, true],
    ["JSON text naming a connection", "aws_lambda_invocation", { input: '{"wanted":{"connection":{}}}' }, true],
    ["privileges", "terraform_data", { input: { x: { privileges: [] } } }, true],
    ["remote aliases", "terraform_data", { input: { x: { remoteAliases: [] } } }, true],
    ["local aliases", "terraform_data", { input: { x: { localAliases: [] } } }, true],
    ["users", "terraform_data", { input: { x: { users: [] } } }, true],
    ["a runner shape is understood", "terraform_data", { input: { state: STATE } }, false],
    ["an input about something else", "terraform_data", { input: { spec: { baseUrl: "https://api.neo4j.io" } } }, false],
    ["a field name only as a value still counts (fail closed)", "terraform_data", { input: { note: "roles" } }, true],
    ["no input", "terraform_data", {}, false],
    ["another resource type", "null_resource", { input: { x: { roles: [] } } }, false],
    ["no values", "terraform_data", null, false],
  ])("%s: not understood is %s", (_name, type, values, expected) => {
    expect(runnerInputNotUnderstood(type, values)).toBe(expected);
  });

  test.each<[string, () => ResourceChange[], boolean]>([
    ["an ownership part before", () => [rc("terraform_data", ["delete"], { input: { owned: STATE } }, null)], true],
    ["an ownership part after", () => [rc("terraform_data", ["create"], null, { input: { owned: STATE } })], true],
    ["only the apply part", () => [rc("terraform_data", ["delete"], { input: { state: STATE } }, null)], false],
    ["nothing", () => [], false],
  ])("%s: the stack holds the ownership part is %s", (_name, changes, expected) => {
    expect(hasOwnershipPart(changes())).toBe(expected);
  });

  test.each<[string, () => ResourceChange, boolean]>([
    ["created", () => rc("terraform_data", ["create"], null, { input: { state: STATE } }), true],
    ["destroyed", () => rc("terraform_data", ["delete"], { input: { state: STATE } }, null), true],
    ["the ownership part", () => rc("terraform_data", ["update"], { input: { owned: STATE } }, { input: { owned: STATE } }), false],
  ])("%s: the access runner is %s", (_name, change, expected) => {
    expect(isAccessRunner(change())).toBe(expected);
  });
});

describe("a privilege as the review shows it", () => {
  test.each<[Obj, string]>([
    [{ privilege: "ACCESS", database: "orders" }, "GRANT ACCESS ON DATABASE orders"],
    [{ action: "GRANT", privilege: "TRAVERSE", graph: "orders", nodes: ["Order", "Customer"] }, "GRANT TRAVERSE NODES Order,Customer ON GRAPH orders"],
    [{ action: "DENY", privilege: "READ", graph: "*", properties: ["ssn", "dob"], nodes: "Person" }, "DENY READ {ssn,dob} NODES Person ON GRAPH *"],
    [{ action: "GRANT", privilege: "MATCH", graph: "g", properties: "*", relationships: ["KNOWS"] }, "GRANT MATCH {*} RELATIONSHIPS KNOWS ON GRAPH g"],
    [{ action: "GRANT", privilege: "READ", graph: "g", properties: "name", nodes: "A", relationships: "R" }, "GRANT READ {name} NODES A RELATIONSHIPS R ON GRAPH g"],
    [{}, "GRANT ? ON GRAPH ?"],
  ])("%j is %s", (p, text) => {
    expect(privilegeText(p)).toBe(text);
  });
});

describe("what an access change gives and takes away", () => {
  const role = (name: string, ...privileges: Obj[]) => ({ name, privileges });
  const ACCESS = { action: "GRANT", privilege: "ACCESS", database: "orders" };
  const READ_ALL = { action: "GRANT", privilege: "READ", graph: "*", properties: "*" };
  const DENY_SECRET = { action: "DENY", privilege: "READ", graph: "orders", properties: "*", nodes: ["Secret"] };
  const remote = (over: Obj = {}) => ({ name: "people", target: "people-db", url: "neo4j+s://remote.example:7687", credentials: { type: "stored", user: "u", password: { env: "P" } }, driver: { ssl_enforced: true }, ...over });
  type Case = [string, Obj | null, Obj | null, { widened: string[]; removed: string[] }];
  test.each<Case>([
    ["nothing before or after", null, null, { widened: [], removed: [] }],
    ["the same state", { roles: [role("r", ACCESS)] }, { roles: [role("r", ACCESS)] }, { widened: [], removed: [] }],
    ["a privilege in another key order is the same", { roles: [role("r", { privilege: "ACCESS", action: "GRANT", database: "orders" })] }, { roles: [role("r", ACCESS)] }, { widened: [], removed: [] }],
    ["a new role", { roles: [] }, { roles: [role("r", ACCESS)] }, { widened: ["role r (new): GRANT ACCESS ON DATABASE orders"], removed: [] }],
    ["a grant on every database", { roles: [role("r")] }, { roles: [role("r", READ_ALL)] }, { widened: ["role r: GRANT READ {*} ON GRAPH * (every database)"], removed: [] }],
    ["a grant on every database by name", { roles: [role("r")] }, { roles: [role("r", { privilege: "ACCESS", database: "*" })] }, { widened: ["role r: GRANT ACCESS ON DATABASE * (every database)"], removed: [] }],
    ["a role dropped", { roles: [role("r", ACCESS, READ_ALL)] }, { roles: [] }, { widened: [], removed: ["role r dropped (with its 2 privilege(s))"] }],
    ["a privilege revoked", { roles: [role("r", ACCESS, READ_ALL)] }, { roles: [role("r", ACCESS)] }, { widened: [], removed: ["role r: GRANT READ {*} ON GRAPH * revoked"] }],
    ["a DENY added takes away", { roles: [role("r", ACCESS)] }, { roles: [role("r", ACCESS, DENY_SECRET)] }, { widened: [], removed: ["role r: DENY READ {*} NODES Secret ON GRAPH orders added"] }],
    ["a DENY removed gives", { roles: [role("r", ACCESS, DENY_SECRET)] }, { roles: [role("r", ACCESS)] }, { widened: ["role r: DENY READ {*} NODES Secret ON GRAPH orders removed"], removed: [] }],
    ["a role granted to a user", { users: [{ name: "ann", roles: [] }] }, { users: [{ name: "ann", roles: ["r"] }] }, { widened: ["role r granted to user ann"], removed: [] }],
    ["a role revoked from a user", { users: [{ name: "ann", roles: ["r", "s"] }] }, { users: [{ name: "ann", roles: ["s"] }] }, { widened: [], removed: ["role r revoked from user ann"] }],
    ["a user whose roles are not a list", { users: [{ name: "ann", roles: "r" }] }, { users: [{ name: "ann", roles: ["r"] }] }, { widened: ["role r granted to user ann"], removed: [] }],
    ["a local alias added", {}, { localAliases: [{ name: "current", target: "orders-2026" }] }, { widened: ["alias current added for orders-2026"], removed: [] }],
    ["a remote alias added", {}, { remoteAliases: [remote()] }, { widened: ["alias people added for people-db at neo4j+s://remote.example:7687"], removed: [] }],
    ["a local alias re-pointed", { localAliases: [{ name: "current", target: "orders-2025" }] }, { localAliases: [{ name: "current", target: "orders-2026" }] }, { widened: ["alias current now points to orders-2026 (was orders-2025)"], removed: [] }],
    ["a remote alias to another URL", { remoteAliases: [remote()] }, { remoteAliases: [remote({ url: "neo4j+s://elsewhere.example:7687" })] }, { widened: ["alias people now points to people-db at neo4j+s://elsewhere.example:7687 (was people-db at neo4j+s://remote.example:7687)"], removed: [] }],
    ["a remote alias that no longer enforces TLS", { remoteAliases: [remote()] }, { remoteAliases: [remote({ driver: { ssl_enforced: false } })] }, { widened: ["alias people: DRIVER ssl_enforced no longer true"], removed: [] }],
    ["a remote alias whose driver settings go", { remoteAliases: [remote()] }, { remoteAliases: [remote({ driver: undefined })] }, { widened: ["alias people: DRIVER ssl_enforced no longer true"], removed: [] }],
    ["a remote alias that starts enforcing TLS", { remoteAliases: [remote({ driver: { ssl_enforced: false } })] }, { remoteAliases: [remote()] }, { widened: [], removed: [] }],
    ["a remote alias's other properties change", { remoteAliases: [remote()] }, { remoteAliases: [remote({ properties: { team: "b" } })] }, { widened: [], removed: [] }],
    ["an alias dropped", { localAliases: [{ name: "current", target: "orders-2026" }] }, {}, { widened: [], removed: ["alias current dropped (privileges granted on it go with it)"] }],
    [
      "everything at once, sorted",
      { roles: [role("b", ACCESS), role("a", ACCESS)], users: [{ name: "zed", roles: ["a"] }] },
      { roles: [role("c", ACCESS), role("a", READ_ALL)], users: [{ name: "amy", roles: ["c"] }] },
      {
        widened: ["role a: GRANT READ {*} ON GRAPH * (every database)", "role c (new): GRANT ACCESS ON DATABASE orders", "role c granted to user amy"],
        removed: ["role a revoked from user zed", "role a: GRANT ACCESS ON DATABASE orders revoked", "role b dropped (with its 1 privilege(s))"],
      },
    ],
  ])("%s", (_name, before, after, expected) => {
    expect(diffAccess(before, after)).toEqual(expected);
  });
});

describe("the Cypher a runner change will run", () => {
  const connection = { uri: "neo4j+s://db.example.com:7687", user: "admin", password: { env: "NEO4J_PW" } };
  const state = (over: Obj) => ({ connection, roles: [], users: [], localAliases: [], remoteAliases: [], ...over });
  const remote = (over: Obj = {}) => ({ name: "people", target: "people-db", url: "neo4j+s://remote.example:7687", credentials: { type: "stored", user: "reader", password: { env: "ALIAS_PW" } }, driver: { connection_timeout: "5s", logging_level: "INFO", ssl_enforced: true }, ...over });
  const change = (actions: string[], before: Obj | null, after: Obj | null) => rc("terraform_data", actions, before && { input: { state: before } }, after && { input: { state: after } });

  test("an unchanged remote alias with stored credentials and driver settings plans nothing", () => {
    expect(accessCypher(change(["update"], state({ remoteAliases: [remote()] }), state({ remoteAliases: [remote()] })))).toEqual([]);
  });

  test("an unchanged local alias and a user's roles plan nothing", () => {
    const s = state({ roles: [{ name: "r", privileges: [] }], users: [{ name: "ann", roles: ["r"] }], localAliases: [{ name: "current", target: "orders" }] });
    expect(accessCypher(change(["update"], s, s))).toEqual([]);
  });

  test("a role granted to a user plans the grant only", () => {
    const before = state({ roles: [{ name: "r", privileges: [] }], users: [{ name: "ann", roles: [] }] });
    const after = state({ roles: [{ name: "r", privileges: [] }], users: [{ name: "ann", roles: ["r"] }] });
    expect(accessCypher(change(["update"], before, after))).toEqual(["GRANT ROLE `r` TO `ann`"]);
  });

  test("a state the planner refuses says why the statements cannot be shown, on one line", () => {
    const onAlias = (privilege: string) => ({ action: "GRANT", privilege, database: "current" });
    const bad = state({ roles: [{ name: "r", privileges: [onAlias("ACCESS"), onAlias("START")] }], localAliases: [{ name: "current", target: "orders" }] });
    const lines = accessCypher(change(["create"], null, bad));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\/\/ the statements cannot be shown: cannot plan Neo4j access changes: .*current is a local alias of orders.*current is a local alias of orders/);
    expect(lines[0]).not.toContain("\n");
  });
});

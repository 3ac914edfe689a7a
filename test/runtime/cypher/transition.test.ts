import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseNeo4jAccess, type Neo4jAccessInput } from "../../../domain/neo4j/access-model";
import { HANDOFF_MAX_AGE_MS, recordHandoff, takeHandoff } from "../../../runtime/cypher/handoff";
import { changeSteps, removalSteps, replacementSteps, sameServer, stateIdentity, unionSpec } from "../../../runtime/cypher/transition";

const state = (roles: string[], over: Partial<Neo4jAccessInput> = {}) =>
  parseNeo4jAccess({ connection: { uri: "neo4j+s://db.example.com", user: "neo4j", password: { env: "PW" } }, roles: roles.map((name) => ({ name })), ...over });

describe("replacementSteps: the destroy-time step of a replaced runner object", () => {
  const a = state(["a"]);
  const b = state(["b"]);

  test.each([
    ["a change on one server: one apply of the declared state with the applied one as previous", a, b, true, [{ mode: "apply", state: b, previous: a }], true],
    ["the same state (stack destroyed, or a forced replacement): nothing", a, state(["a"]), true, [], false],
    ["the same state with other runner settings: nothing", a, state(["a"], { runner: { type: "local-exec", timeout: "5m" } }), true, [], false],
    ["another server: remove the applied state there; the create step applies the new one", a, b, false, [{ mode: "destroy", state: a }], false],
  ] as const)("%s", (_name, applied, declared, same, steps, declaredApplied) => {
    const plan = replacementSteps(applied, declared, same);
    expect(plan.steps).toEqual(steps);
    expect(plan.declaredApplied).toBe(declaredApplied);
    expect(plan.note.length).toBeGreaterThan(20);
  });
});

describe("removalSteps: the stack's destroy", () => {
  test.each([
    ["only the applied state when the configuration declares the same", state(["a"]), state(["a"]), 1],
    ["both when the configuration changed since the last apply", state(["a"]), state(["b"]), 2],
    ["only the applied state when no declared one is given", state(["a"]), null, 1],
  ] as const)("%s", (_name, applied, declared, n) => {
    const steps = removalSteps(applied, declared);
    expect(steps.map((s) => s.mode)).toEqual(Array(n).fill("destroy"));
    expect(steps[0].state).toBe(applied);
  });
});

describe("sameServer", () => {
  test.each([
    ["neo4j+s://db.example.com", "bolt+s://db.example.com:7687", true],
    ["neo4j+s://DB.example.com:7687", "neo4j+s://db.example.com", true],
    ["neo4j+s://db.example.com:7687", "neo4j+s://db.example.com:7688", false],
    ["neo4j+s://a.example.com", "neo4j+s://b.example.com", false],
    ["bolt://[::1]:7687", "neo4j://[::1]", true],
  ])("%s vs %s -> %s", (a, b, same) => expect(sameServer(a, b)).toBe(same));
});

test("stateIdentity ignores the runner settings and key order", () => {
  expect(stateIdentity(state(["a"], { runner: { type: "local-exec", timeout: "5m" } }))).toBe(stateIdentity(state(["a"])));
  expect(stateIdentity(state(["a"]))).not.toBe(stateIdentity(state(["b"])));
});

describe("hand-off note between the two halves of one replacement", () => {
  test("taken once, only for the same state and working directory", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "handoff-"));
    recordHandoff("sha-1", dir);
    expect(takeHandoff("sha-2", dir)).toBe(false);
    expect(takeHandoff("sha-1", path.join(dir, "other"))).toBe(false);
    expect(takeHandoff("sha-1", dir)).toBe(true);
    expect(takeHandoff("sha-1", dir)).toBe(false);
  });

  test("a stale note does not count (and is removed)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "handoff-"));
    recordHandoff("sha-1", dir);
    expect(takeHandoff("sha-1", dir, Date.now() + HANDOFF_MAX_AGE_MS + 1000)).toBe(false);
    recordHandoff("sha-1", dir);
    expect(takeHandoff("sha-1", dir, Date.now() + HANDOFF_MAX_AGE_MS - 60_000)).toBe(true);
  });
});

describe("changeSteps", () => {
  const a = state(["a"]);
  const b = state(["b"]);
  test.each([
    ["first apply", null, true, [{ mode: "apply", state: b, previous: null }]],
    ["change on one server", a, true, [{ mode: "apply", state: b, previous: a }]],
    ["moved to another server", a, false, [{ mode: "destroy", state: a }, { mode: "apply", state: b, previous: null }]],
  ] as const)("%s", (_n, previous, same, steps) => expect(changeSteps(previous, b, same)).toEqual(steps));
});

describe("unionSpec: what any of several states declares", () => {
  test("roles merge privileges, users merge roles, aliases by name, the first connection", () => {
    const x = parseNeo4jAccess({
      connection: { uri: "neo4j+s://x.example.com", user: "neo4j", password: { env: "PW" } },
      roles: [{ name: "r", privileges: [{ privilege: "ACCESS", database: "db1" }] }],
      users: [{ name: "carol", roles: ["r"], homeDatabase: "db1" }],
      localAliases: [{ name: "films", target: "movies" }],
    });
    const y = parseNeo4jAccess({
      connection: { uri: "neo4j+s://y.example.com", user: "neo4j", password: { env: "PW" } },
      roles: [{ name: "r", privileges: [{ privilege: "ACCESS", database: "db1" }, { privilege: "ACCESS", database: "db2" }] }, { name: "s" }],
      users: [{ name: "carol", roles: ["s"], homeDatabase: "db2" }, { name: "dave", roles: ["s"] }],
      localAliases: [{ name: "FILMS", target: "other" }, { name: "books", target: "library" }],
    });
    const u = unionSpec([x, y]);
    expect(u.connection.uri).toBe("neo4j+s://x.example.com");
    expect(u.roles.map((r) => [r.name, r.privileges.map((p) => (p as { database?: string }).database)])).toEqual([["r", ["db1", "db2"]], ["s", []]]);
    expect(u.users).toEqual([{ name: "carol", roles: ["r", "s"], homeDatabase: "db1" }, { name: "dave", roles: ["s"] }]);
    expect(u.localAliases.map((a) => `${a.name}->${a.target}`)).toEqual(["films->movies", "books->library"]);
    // The inputs are not changed.
    expect(x.roles[0].privileges).toHaveLength(1);
  });
});

import { normalizeCustomEndpointName, privateUriPattern } from "../../../domain/aura/names";

describe("privateUriPattern", () => {
  test.each<[string, string]>([
    ["0000", "neo4j+s://<dbid>.production-orch-0000.neo4j.io"],
    ["abc123", "neo4j+s://<dbid>.production-orch-abc123.neo4j.io"],
  ])("%s -> %s", (orch, expected) => expect(privateUriPattern(orch)).toBe(expected));
});

describe("normalizeCustomEndpointName: trimmed, lowered, the domain taken off", () => {
  test.each<[string, string]>([
    ["  My-EP.endpoints.neo4j.io \n", "my-ep"],
    ["\tmy-ep  ", "my-ep"],
    ["my-ep.endpoints.neo4j.io", "my-ep"],
    ["MY-EP", "my-ep"],
    ["my-ep.endpoints.neo4j.io.x", "my-ep.endpoints.neo4j.io.x"],
    ["my-epxendpoints.neo4j.io", "my-epxendpoints.neo4j.io"],
    ["", ""],
  ])("%j -> %j", (value, expected) => expect(normalizeCustomEndpointName(value)).toBe(expected));
});

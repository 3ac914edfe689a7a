import { canonicalJson, stateHash } from "../../domain/state-hash";

// Expected hashes computed outside the code under test: printf '%s' '<canonical json>' | sha256sum

describe("canonicalJson", () => {
  test.each<{ name: string; value: unknown; json: string }>([
    { name: "keys sorted", value: { b: 1, a: 2 }, json: '{"a":2,"b":1}' },
    { name: "keys sorted at every level, arrays kept in order", value: { b: 1, a: { d: [{ z: 1, y: 2 }], c: null } }, json: '{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}' },
    { name: "array order is data", value: [3, 1, 2], json: "[3,1,2]" },
    { name: "objects inside arrays sorted", value: [{ b: 2, a: 1 }, "x"], json: '[{"a":1,"b":2},"x"]' },
    { name: "undefined members dropped", value: { c: undefined, b: { y: undefined, x: 0 }, a: false }, json: '{"a":false,"b":{"x":0}}' },
    { name: "undefined in a list is null", value: [undefined, 1], json: "[null,1]" },
    { name: "empty object", value: {}, json: "{}" },
    { name: "empty list", value: [], json: "[]" },
    { name: "string stays a string", value: "ab", json: '"ab"' },
    { name: "empty string", value: "", json: '""' },
    { name: "number", value: 12, json: "12" },
    { name: "zero", value: 0, json: "0" },
    { name: "true", value: true, json: "true" },
    { name: "null", value: null, json: "null" },
    { name: "null member", value: { a: null }, json: '{"a":null}' },
    // Integer-like keys: JavaScript objects always list them first in numeric order, whatever the insertion order.
    { name: "integer-like keys", value: { a: 3, "10": 1, "9": 2 }, json: '{"9":2,"10":1,"a":3}' },
  ])("$name", ({ value, json }) => {
    expect(canonicalJson(value)).toBe(json);
  });

  test("equal states in different key orders serialise to the same bytes", () => {
    expect(canonicalJson({ x: { q: 1, p: [2] }, w: "v" })).toBe(canonicalJson({ w: "v", x: { p: [2], q: 1 } }));
  });
});

describe("stateHash", () => {
  test.each<{ name: string; value: unknown; hash: string }>([
    { name: "sorted object", value: { b: 1, a: 2 }, hash: "d3626ac30a87e6f7a6428233b3c68299976865fa5508e4267c5415c76af7a772" },
    { name: "nested object", value: { b: 1, a: { d: [{ z: 1, y: 2 }], c: null } }, hash: "6b0487ed6d2bb17f2c318e17850e8ad84e302abeb194a8c9b5ecc4518044e9e3" },
    { name: "undefined member ignored", value: { a: 2, b: 1, c: undefined }, hash: "d3626ac30a87e6f7a6428233b3c68299976865fa5508e4267c5415c76af7a772" },
    { name: "empty list", value: [], hash: "4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945" },
    { name: "empty object", value: {}, hash: "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a" },
    { name: "null", value: null, hash: "74234e98afe7498fb5daf1f36ac2d78acc339464f950703b8c019892f982b90b" },
    { name: "string", value: "x", hash: "ba2df4903a2c14e86dc3bcca58911b44ac1d2514b7227bf6eb08cfb978f55a1b" },
  ])("$name", ({ value, hash }) => {
    expect(stateHash(value)).toBe(hash);
  });
});

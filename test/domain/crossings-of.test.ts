import { crossingsOf } from "../../domain/crossings";

/** domain/crossings.ts `crossingsOf`: the entry of a config field or a CLI flag, or undefined. */

describe("crossingsOf", () => {
  test("a config field", () => {
    const entry = crossingsOf("neo4jAccess.connection.user");
    expect(entry).toEqual({
      fields: ["neo4jAccess.connection.user"],
      crossings: [{ kind: "terraform", treatment: "escape" }],
      how: "a user name by pattern, sent in the driver's login (not a statement); inside the Neo4j access state, which terraformLiteral escapes as a whole (constructs/neo4j runners)",
    });
  });

  test("a config field among many of its entry", () => {
    const entry = crossingsOf("project");
    expect(entry?.fields).toContain("stackPrefix");
    expect(entry?.crossings).toEqual([{ kind: "terraform", treatment: "refuse" }]);
    expect(entry?.how).toBe("a pattern of the provider's own characters (no $, %, braces, quotes or whitespace), checked by the config schema");
  });

  test("a CLI flag (the entries after the config's)", () => {
    const entry = crossingsOf("aura-secure conf render --keystore");
    expect(entry?.crossings).toEqual([
      { kind: "shell", treatment: "refuse" },
      { kind: "file-path", treatment: "refuse" },
    ]);
    expect(entry?.fields).toEqual([
      "aura-secure conf render --keystore",
      "aura-secure conf render --script",
      "aura-secure conf render --certificates-dir",
      "aura-secure conf render --key-name",
      "aura-secure conf render --listen-address",
      "aura-secure conf render --password-env",
    ]);
  });

  test.each(["", "nope", "neo4jAccess.connection", "aura-secure conf render", "regions[]@aws"])("%j is in no entry", (field) => {
    expect(crossingsOf(field)).toBeUndefined();
  });
});

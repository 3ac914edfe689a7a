import { UserError } from "../../../runtime/cli/errors";
import { readSecret } from "../../../runtime/cli/secrets";
import { validateAlias } from "../../../runtime/keystore/alias";
import { parseAesKeySize } from "../../../runtime/keystore/key-size";
import { MIN_PASSWORD_LENGTH, validateKeystorePassword } from "../../../runtime/keystore/password";

describe("validateAlias", () => {
  test.each(["key", "neo4j-key", "alias.key_1", "0key", "a".repeat(64)])("accepts %j", (alias) => {
    expect(validateAlias(alias)).toBe(alias);
  });
  test.each([
    ["", "empty"],
    ["MyKey", "uppercase (PKCS12 lowercases aliases)"],
    ["-key", "leading dash"],
    ["my key", "space"],
    ["key#1", "comment character in neo4j.conf"],
    ["$(key)", "command expansion"],
    ["a".repeat(65), "too long"],
  ])("rejects %j (%s) naming the input and the rule", (alias) => {
    expect(() => validateAlias(alias)).toThrow(UserError);
    expect(() => validateAlias(alias)).toThrow(/--alias .* is not a valid key alias; allowed: 1-64 characters: lowercase/);
  });
});

describe("validateKeystorePassword", () => {
  test("accepts the minimum length", () => {
    expect(MIN_PASSWORD_LENGTH).toBe(8);
    expect(validateKeystorePassword("12345678", "stdin")).toBe("12345678");
  });
  test.each([
    [undefined, /environment variable X is empty or not set/],
    ["", /environment variable X is empty or not set/],
    ["short", /has 5 characters; at least 8 are required/],
    ["longenough\nsecond", /contains a non-ASCII or control character; allowed: printable ASCII/],
    ["pässwörd-ünïcode", /contains a non-ASCII or control character; allowed: printable ASCII/],
  ])("rejects %j", (password, message) => {
    expect(() => validateKeystorePassword(password, "environment variable X")).toThrow(message);
  });
  test("never puts the password in the message", () => {
    expect(() => validateKeystorePassword("secret7", "stdin")).toThrow(expect.objectContaining({ message: expect.not.stringContaining("secret7") }));
  });
});

describe("parseAesKeySize", () => {
  test("accepts 256", () => expect(parseAesKeySize("256")).toBe(256));
  test.each(["128", "192", "512", "abc", ""])("rejects %j with the allowed list", (raw) => {
    expect(() => parseAesKeySize(raw)).toThrow(/--key-size .* allowed: 256/);
  });
});

describe("readSecret", () => {
  test("reads the default variable", async () => {
    await expect(readSecret({}, "KEYSTORE_PASSWORD", { KEYSTORE_PASSWORD: "from-env-1" })).resolves.toEqual({
      value: "from-env-1",
      source: "environment variable KEYSTORE_PASSWORD",
    });
  });
  test("reads the variable named by --password-env", async () => {
    const secret = await readSecret({ passwordEnv: "OTHER" }, "KEYSTORE_PASSWORD", { OTHER: "x", KEYSTORE_PASSWORD: "y" });
    expect(secret.value).toBe("x");
  });
  test("reads stdin with --password-stdin", async () => {
    const secret = await readSecret({ passwordStdin: true }, "KEYSTORE_PASSWORD", {}, async () => "piped");
    expect(secret).toEqual({ value: "piped", source: "stdin" });
  });
  test("rejects a bad variable name and both sources at once", async () => {
    await expect(readSecret({ passwordEnv: "1BAD" }, "K", {})).rejects.toThrow(/--password-env "1BAD" is not an environment variable name/);
    await expect(readSecret({ passwordEnv: "A", passwordStdin: true }, "K", {})).rejects.toThrow(/exclusive/);
  });
});

import { randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import forge from "node-forge";
import * as path from "path";
import { pbes2Decrypt, pbes2Encrypt } from "../../../runtime/keystore/pbes2";
import { listPkcs12AliasesWithoutPassword, readPkcs12Entries } from "../../../runtime/keystore/pkcs12-read";
import { buildSecretKeyPkcs12, MAC_ITERATIONS } from "../../../runtime/keystore/pkcs12-secret-key";
import { run, testWithTools } from "../../support/real-tools";
import { runAuraSecure } from "../../support/run-cli";
import { runWithWarnings } from "../capture-stderr";
import { TEST_SECRETS } from "../../support/test-secrets";

const PASSWORD = TEST_SECRETS.keystoreFilePassword;
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "aura-keystore-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const leftovers = (folder: string) => fs.readdirSync(folder).filter((name) => name.endsWith(".tmp"));

describe("buildSecretKeyPkcs12 / readPkcs12Entries", () => {
  test("round-trips the alias, algorithm and key size", () => {
    const file = buildSecretKeyPkcs12({ alias: "neo-key", key: randomBytes(32), password: PASSWORD });
    expect(readPkcs12Entries(file, PASSWORD)).toEqual([{ alias: "neo-key", type: "secret key", algorithm: "AES", keySizeBits: 256 }]);
  });
  test("a wrong password fails the MAC check with a plain message", () => {
    const file = buildSecretKeyPkcs12({ alias: "k", key: randomBytes(32), password: PASSWORD });
    expect(() => readPkcs12Entries(file, "wrong-password")).toThrow(/keystore password is wrong, or the keystore is corrupted \(MAC check failed\)/);
  });
  test("a file that is not PKCS12 is refused", () => {
    expect(() => readPkcs12Entries(Buffer.from("hello, not a keystore"), PASSWORD)).toThrow(/not a (readable )?PKCS12 file/);
  });

  test("matches keytool's layout: secret bag, shrouded key bag, PBES2/PBKDF2-HMAC-SHA256/AES-256-CBC, SHA-256 MAC", () => {
    const { asn1 } = forge;
    const oid = (node: forge.asn1.Asn1) => asn1.derToOid(node.value as string);
    const kids = (node: forge.asn1.Asn1) => node.value as forge.asn1.Asn1[];
    const pfx = asn1.fromDer(buildSecretKeyPkcs12({ alias: "neo-key", key: randomBytes(32), password: PASSWORD }).toString("binary"));
    const [version, authSafe, macData] = kids(pfx);
    expect(asn1.derToInteger(version!.value as string)).toBe(3);
    const [digestInfo, macSalt, macIterations] = kids(macData!);
    expect(oid(kids(kids(digestInfo!)[0]!)[0]!)).toBe("2.16.840.1.101.3.4.2.1"); // SHA-256
    expect((macSalt!.value as string).length).toBe(20);
    expect(asn1.derToInteger(macIterations!.value as string)).toBe(MAC_ITERATIONS);
    expect(MAC_ITERATIONS).toBeGreaterThanOrEqual(10000);

    const contentInfos = kids(asn1.fromDer(kids(kids(authSafe!)[1]!)[0]!.value as string));
    const bag = kids(asn1.fromDer(kids(kids(contentInfos[0]!)[1]!)[0]!.value as string))[0]!;
    const [bagId, bagValue, attributes] = kids(bag);
    expect(oid(bagId!)).toBe("1.2.840.113549.1.12.10.1.5"); // secretBag
    const [secretTypeId, secretValue] = kids(kids(bagValue!)[0]!);
    expect(oid(secretTypeId!)).toBe("1.2.840.113549.1.12.10.1.2"); // pkcs8ShroudedKeyBag
    const [algorithm] = kids(asn1.fromDer(kids(secretValue!)[0]!.value as string));
    const [pbes2, [kdf, scheme]] = [kids(algorithm!)[0]!, kids(kids(algorithm!)[1]!)];
    expect(oid(pbes2)).toBe("1.2.840.113549.1.5.13"); // PBES2
    expect(oid(kids(kdf!)[0]!)).toBe("1.2.840.113549.1.5.12"); // PBKDF2
    const [salt, iterations, keyLength, prf] = kids(kids(kdf!)[1]!);
    expect((salt!.value as string).length).toBe(20);
    expect(asn1.derToInteger(iterations!.value as string)).toBe(10000);
    expect(asn1.derToInteger(keyLength!.value as string)).toBe(32);
    expect(oid(kids(prf!)[0]!)).toBe("1.2.840.113549.2.9"); // hmacWithSHA256
    expect(oid(kids(scheme!)[0]!)).toBe("2.16.840.1.101.3.4.1.42"); // aes256-CBC
    const attributeOids = kids(attributes!).map((attribute) => oid(kids(attribute)[0]!));
    expect(attributeOids).toEqual(["1.2.840.113549.1.9.20", "1.2.840.113549.1.9.21"]); // friendlyName, localKeyId
    expect(kids(kids(kids(attributes!)[0]!)[1]!)[0]!.value).toBe("neo-key");
  });

  testWithTools("openssl reads it as a secret bag with a SHA-256 MAC", ["openssl"], () => {
    const file = path.join(dir, "layout.p12");
    fs.writeFileSync(file, buildSecretKeyPkcs12({ alias: "neo-key", key: randomBytes(32), password: PASSWORD }));
    const info = run("openssl", ["pkcs12", "-info", "-in", file, "-passin", "env:PW", "-nokeys"], { env: { PW: PASSWORD } });
    const text = info.stderr + info.stdout;
    expect(text).toContain(`MAC: sha256, Iteration ${MAC_ITERATIONS}`);
    expect(text).toContain("Secret bag");
    expect(text).toContain("Bag Type: pkcs8ShroudedKeyBag");
    expect(text).toContain("friendlyName: neo-key");
  });
});

/** The file with one DER-encoded OID replaced by another of the same length (the first or the last occurrence). */
function swapOid(file: Buffer, from: string, to: string, which: "first" | "last"): Buffer {
  const der = (oid: string) => Buffer.from(forge.asn1.toDer(forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.OID, false, forge.asn1.oidToDer(oid).getBytes())).getBytes(), "binary");
  const [a, b] = [der(from), der(to)];
  expect(b.length).toBe(a.length);
  const at = which === "first" ? file.indexOf(a) : file.lastIndexOf(a);
  expect(at).toBeGreaterThanOrEqual(0);
  const out = Buffer.from(file);
  b.copy(out, at);
  return out;
}

describe("formats the reader does not verify are refused, never read past (fail closed)", () => {
  const file = () => buildSecretKeyPkcs12({ alias: "neo-key", key: randomBytes(32), password: PASSWORD });

  test("a MAC over a digest it does not know (SHA-224 instead of SHA-256)", () => {
    // The MAC's digest is the last SHA-256 OID of the file (the key's PBKDF2 uses hmacWithSHA256, another OID).
    const patched = swapOid(file(), "2.16.840.1.101.3.4.2.1", "2.16.840.1.101.3.4.2.4", "last");
    expect(() => readPkcs12Entries(patched, PASSWORD)).toThrow(new Error("keystore MAC uses digest 2.16.840.1.101.3.4.2.4; supported: SHA-1, SHA-256, SHA-384, SHA-512"));
  });

  test("public-key integrity mode (the authenticated safe is signedData, not data)", () => {
    const patched = swapOid(file(), "1.2.840.113549.1.7.1", "1.2.840.113549.1.7.2", "first");
    expect(() => readPkcs12Entries(patched, PASSWORD)).toThrow(new Error("keystore uses public-key integrity mode, which is not supported"));
    expect(() => listPkcs12AliasesWithoutPassword(patched)).toThrow(new Error("keystore uses public-key integrity mode, which is not supported"));
  });

  test("PBES2 with a PRF, a cipher or a key derivation it does not know", () => {
    const { algorithm, encrypted } = pbes2Encrypt(Buffer.from("secret key bytes"), PASSWORD, 1000);
    const params = () => forge.asn1.fromDer(forge.asn1.toDer((algorithm.value as forge.asn1.Asn1[])[1]!).getBytes());
    const patched = (from: string, to: string) => {
      const bytes = Buffer.from(forge.asn1.toDer(params()).getBytes(), "binary");
      return forge.asn1.fromDer(swapOid(bytes, from, to, "first").toString("binary"));
    };
    expect(pbes2Decrypt(params(), encrypted, PASSWORD).toString()).toBe("secret key bytes");
    // hmacWithSHA256 -> hmacWithMD5 (1.2.840.113549.2.6); aes256-CBC -> aes256-GCM (2.16.840.1.101.3.4.1.46); PBKDF2 -> PBES1 MD5/DES (1.2.840.113549.1.5.3)
    expect(() => pbes2Decrypt(patched("1.2.840.113549.2.9", "1.2.840.113549.2.6"), encrypted, PASSWORD)).toThrow(new Error("keystore uses an unsupported PBES2 cipher or PRF (2.16.840.1.101.3.4.1.42)"));
    expect(() => pbes2Decrypt(patched("2.16.840.1.101.3.4.1.42", "2.16.840.1.101.3.4.1.46"), encrypted, PASSWORD)).toThrow(new Error("keystore uses an unsupported PBES2 cipher or PRF (2.16.840.1.101.3.4.1.46)"));
    expect(() => pbes2Decrypt(patched("1.2.840.113549.1.5.12", "1.2.840.113549.1.5.3"), encrypted, PASSWORD)).toThrow(new Error("keystore uses key derivation 1.2.840.113549.1.5.3; supported: PBKDF2"));
  });
});

describe("keystore create (CLI)", () => {
  test("writes mode 0600 and refuses to overwrite without --force", async () => {
    const out = path.join(dir, "ks.p12");
    const first = await runAuraSecure(["keystore", "create", "--out", out, "--alias", "neo-key"], { KEYSTORE_PASSWORD: PASSWORD });
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout).not.toContain(PASSWORD);
    expect(first.stdout).toContain(`dbms.security.keystore.path=${path.resolve(out)}, dbms.security.key.name=neo-key`);
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    const before = fs.readFileSync(out);

    const again = await runAuraSecure(["keystore", "create", "--out", out, "--alias", "neo-key"], { KEYSTORE_PASSWORD: PASSWORD });
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`error: --out ${out} already exists; pass --force to overwrite it\n`);
    expect(fs.readFileSync(out).equals(before)).toBe(true);

    const forced = await runWithWarnings(["keystore", "create", "--out", out, "--alias", "other", "--force"], { KEYSTORE_PASSWORD: PASSWORD });
    expect(forced.code).toBe(0);
    expect(forced.stderr).toMatch(/^warning: replaced the keystore /); // the backup itself: keys-kept.test.ts
    expect(readPkcs12Entries(fs.readFileSync(out), PASSWORD).map((e) => e.alias)).toEqual(["other"]);
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    expect(leftovers(dir)).toEqual([]);
  });

  test("reads the variable named by --password-env", async () => {
    const out = path.join(dir, "env.p12");
    const result = await runAuraSecure(["keystore", "create", "--out", out, "--alias", "k1", "--password-env", "MY_KS_PW"], {
      MY_KS_PW: "another-password",
      KEYSTORE_PASSWORD: undefined,
    });
    expect(result.code).toBe(0);
    expect(readPkcs12Entries(fs.readFileSync(out), "another-password")).toHaveLength(1);
  });

  test.each([
    ["empty password", ["--alias", "k"], { KEYSTORE_PASSWORD: "" }, "error: keystore password from environment variable KEYSTORE_PASSWORD is empty or not set; set it to at least 8 characters\n"],
    ["unset password", ["--alias", "k"], { KEYSTORE_PASSWORD: undefined }, "error: keystore password from environment variable KEYSTORE_PASSWORD is empty or not set; set it to at least 8 characters\n"],
    ["short password", ["--alias", "k"], { KEYSTORE_PASSWORD: "1234567" }, "error: keystore password from environment variable KEYSTORE_PASSWORD has 7 characters; at least 8 are required\n"],
    ["unknown key size", ["--alias", "k", "--key-size", "128"], { KEYSTORE_PASSWORD: PASSWORD }, "error: --key-size 128 is not allowed; allowed: 256 (Neo4j needs an AES-256 key for alias credentials)\n"],
    ["bad alias", ["--alias", "My Key"], { KEYSTORE_PASSWORD: PASSWORD }, /^error: --alias "My Key" is not a valid key alias; allowed: /],
  ])("rejects %s and writes nothing", async (_name, args, env, message) => {
    const out = path.join(dir, `rejected-${randomBytes(4).toString("hex")}.p12`);
    const result = await runAuraSecure(["keystore", "create", "--out", out, ...args], env);
    expect(result.code).toBe(1);
    if (typeof message === "string") expect(result.stderr).toBe(message);
    else expect(result.stderr).toMatch(message);
    expect(fs.existsSync(out)).toBe(false);
    expect(leftovers(dir)).toEqual([]);
  });

  test("rejects a folder that does not exist", async () => {
    const out = path.join(dir, "missing", "ks.p12");
    const result = await runAuraSecure(["keystore", "create", "--out", out, "--alias", "k"], { KEYSTORE_PASSWORD: PASSWORD });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`error: --out ${out}: cannot use folder ${path.dirname(out)} (folder does not exist)\n`);
  });

  test("rejects an unwritable folder and leaves nothing behind", async () => {
    // root ignores mode bits, so use a read-only place that stops root too: /proc.
    const isRoot = process.getuid?.() === 0;
    const folder = isRoot ? "/proc/self" : fs.mkdtempSync(path.join(dir, "ro-"));
    if (!isRoot) fs.chmodSync(folder, 0o500);
    const out = path.join(folder, "ks.p12");
    const result = await runAuraSecure(["keystore", "create", "--out", out, "--alias", "k"], { KEYSTORE_PASSWORD: PASSWORD });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^error: --out ${out.replace(/\//g, "\\/")}: (folder .* is not writable|could not write) \\(`));
    expect(fs.existsSync(out)).toBe(false);
    if (!isRoot) {
      expect(fs.readdirSync(folder)).toEqual([]);
      fs.chmodSync(folder, 0o700);
    }
  });
});

describe("with Java's own tools", () => {
  let javaClasses: string;

  testWithTools("keytool -list shows the entry as a SecretKeyEntry", ["keytool"], async () => {
    const out = path.join(dir, "for-keytool.p12");
    await runAuraSecure(["keystore", "create", "--out", out, "--alias", "neo-key"], { KEYSTORE_PASSWORD: PASSWORD });
    const listed = run("keytool", ["-list", "-keystore", out, "-storetype", "pkcs12", "-storepass:env", "KEYSTORE_PASSWORD"], {
      env: { KEYSTORE_PASSWORD: PASSWORD },
    });
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain("Your keystore contains 1 entry");
    expect(listed.stdout).toMatch(/^neo-key, .*, SecretKeyEntry,/m);
  });

  testWithTools(
    "Java 17 KeyStore.getInstance(\"PKCS12\") loads a 32-byte AES key and uses it for AES/GCM, also with spaces and symbols in the password",
    ["javac", "java"],
    async () => {
      javaClasses = fs.mkdtempSync(path.join(os.tmpdir(), "aura-java-"));
      try {
        const compiled = run("javac", ["-d", javaClasses, path.join(__dirname, "../../support/java/KeystoreCheck.java")]);
        expect(compiled.stderr).toBe("");
        for (const password of [PASSWORD, "with spaces & symbols !~"]) {
          const out = path.join(dir, `java-${randomBytes(4).toString("hex")}.p12`);
          expect((await runAuraSecure(["keystore", "create", "--out", out, "--alias", "neo-key"], { KEYSTORE_PASSWORD: password })).code).toBe(0);
          const checked = run("java", ["-cp", javaClasses, "KeystoreCheck", out, "neo-key"], { env: { KEYSTORE_PASSWORD: password } });
          expect(checked.stderr).toBe("");
          expect(checked.stdout).toBe("aliases=neo-key\nisSecretKeyEntry=true\nalgorithm=AES\nlength=32\ngcm=secretpassword\n");
        }
      } finally {
        fs.rmSync(javaClasses, { recursive: true, force: true });
      }
    },
  );

  testWithTools("keystore inspect lists a keystore made by keytool: secret key, RSA key pair and its certificate", ["keytool"], async () => {
    const file = path.join(dir, "keytool-made.p12");
    const common = ["-storetype", "pkcs12", "-keystore", file, "-storepass:env", "KEYSTORE_PASSWORD"];
    const env = { KEYSTORE_PASSWORD: PASSWORD };
    expect(run("keytool", ["-genseckey", "-keyalg", "aes", "-keysize", "256", "-alias", "SecretOne", ...common], { env }).status).toBe(0);
    expect(run("keytool", ["-genkeypair", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=pair.test", "-alias", "pair", ...common], { env }).status).toBe(0);

    const result = await runAuraSecure(["keystore", "inspect", file, "--json"], env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      { alias: "secretone", type: "secret key", algorithm: "AES", keySizeBits: 256 },
      { alias: "pair", type: "private key", algorithm: "RSA", keySizeBits: 2048 },
      { alias: "pair", type: "certificate", algorithm: "RSA", keySizeBits: 2048, subject: "CN=pair.test" },
    ]);
    const table = await runAuraSecure(["keystore", "inspect", file], env);
    expect(table.stdout.split("\n")[1]).toMatch(/^secretone\s+secret key\s+AES\s+256 bits$/);

    const wrong = await runAuraSecure(["keystore", "inspect", file], { KEYSTORE_PASSWORD: "not-the-password" });
    expect(wrong).toMatchObject({ code: 1, stderr: `error: keystore password is wrong, or the keystore is corrupted (MAC check failed) (keystore file ${file})\n` });
  });
});

import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AURA_CIPHER_SUITES, parseTlsVersions, toJavaCipherNames } from "../../../runtime/conf/ciphers";
import { parseClientAuth, parseListenAddress, renderPasswordScript, renderSecurityConf, SecurityConfInput } from "../../../runtime/conf/render";
import { run, testWithTools } from "../../support/real-tools";
import { runAuraSecure } from "../../support/run-cli";

const base: SecurityConfInput = {
  policies: ["bolt", "https"],
  certificatesDir: "certificates",
  clientAuth: "NONE",
  tlsVersions: ["TLSv1.2", "TLSv1.3"],
  ciphers: AURA_CIPHER_SUITES.map((suite) => suite.iana),
  listenAddress: "0.0.0.0",
  boltPort: 7687,
  httpsPort: 7473,
};

const settings = (text: string) =>
  Object.fromEntries(text.split("\n").filter((line) => line && !line.startsWith("#")).map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));

describe("cipher names", () => {
  test.each([
    ["ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"],
    ["DHE-RSA-AES256-GCM-SHA384", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"],
    ["ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"],
    ["TLS_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256"],
    ["TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"],
  ])("%s -> %s", (name, iana) => expect(toJavaCipherNames([name])).toEqual([iana]));
  test("refuses suites Aura does not accept", () =>
    expect(() => toJavaCipherNames(["TLS_RSA_WITH_AES_128_CBC_SHA"])).toThrow(/is not an Aura-accepted cipher suite; allowed: TLS_AES_128_GCM_SHA256,/),
  );
  test("TLS versions: 1.2 and 1.3 only", () => {
    expect(parseTlsVersions(["TLSv1.3"])).toEqual(["TLSv1.3"]);
    expect(() => parseTlsVersions(["TLSv1.1"])).toThrow('--tls-versions "TLSv1.1" is not allowed; allowed: TLSv1.2, TLSv1.3');
  });

  testWithTools("the OpenSSL-to-IANA table agrees with openssl ciphers -stdname", ["openssl"], () => {
    for (const suite of AURA_CIPHER_SUITES.filter((s) => s.tls === "TLSv1.2")) {
      const line = run("openssl", ["ciphers", "-stdname", suite.openssl]).stdout.split("\n").find((l) => l.includes(` - ${suite.openssl} `));
      expect(line?.split(" - ")[0]?.trim()).toBe(suite.iana);
    }
  });

  testWithTools("Java 17 supports every default cipher name", ["javac", "java"], () => {
    const classes = fs.mkdtempSync(path.join(os.tmpdir(), "aura-java-ciphers-"));
    try {
      execFileSync("javac", ["-d", classes, path.join(__dirname, "../../support/java/KeystoreCheck.java")]);
      const supported = execFileSync("java", ["-cp", classes, "KeystoreCheck", "--supported-ciphers"], { encoding: "utf8" }).split("\n");
      expect(AURA_CIPHER_SUITES.map((s) => s.iana).filter((name) => !supported.includes(name))).toEqual([]);
    } finally {
      fs.rmSync(classes, { recursive: true, force: true });
    }
  });
});

describe("renderSecurityConf", () => {
  test("keystore settings use command expansion for the password", () => {
    const text = renderSecurityConf({ ...base, keystore: { keystorePath: "/secure/ks.p12", keyName: "neo-key", passwordScript: "/etc/neo4j/pw.sh" } });
    expect(settings(text)).toMatchObject({
      "dbms.security.keystore.path": "/secure/ks.p12",
      "dbms.security.keystore.password": "$(/etc/neo4j/pw.sh)",
      "dbms.security.key.name": "neo-key",
    });
  });
  test("bolt and https policies: TLS required, Aura ciphers, client_auth, listen addresses", () => {
    const s = settings(renderSecurityConf(base));
    expect(s).toMatchObject({
      "server.default_listen_address": "0.0.0.0",
      "server.bolt.tls_level": "REQUIRED",
      "server.bolt.listen_address": "0.0.0.0:7687",
      "server.http.enabled": "false",
      "server.https.enabled": "true",
      "dbms.ssl.policy.bolt.enabled": "true",
      "dbms.ssl.policy.bolt.base_directory": "certificates/bolt",
      "dbms.ssl.policy.bolt.private_key": "private.key",
      "dbms.ssl.policy.bolt.public_certificate": "public.crt",
      "dbms.ssl.policy.bolt.client_auth": "NONE",
      "dbms.ssl.policy.https.tls_versions": "TLSv1.2,TLSv1.3",
      "dbms.ssl.policy.https.ciphers": AURA_CIPHER_SUITES.map((suite) => suite.iana).join(","),
    });
    expect(Object.keys(s).some((key) => key.startsWith("dbms.security.keystore"))).toBe(false);
    expect(Object.keys(s).some((key) => key.startsWith("dbms.ssl.policy.cluster"))).toBe(false);
  });
  test("cluster always requires client certificates; IPv6 listen addresses are bracketed", () => {
    const s = settings(renderSecurityConf({ ...base, policies: ["cluster", "bolt"], clientAuth: "OPTIONAL", listenAddress: "::" }));
    expect(s["dbms.ssl.policy.cluster.client_auth"]).toBe("REQUIRE");
    expect(s["dbms.ssl.policy.bolt.client_auth"]).toBe("OPTIONAL");
    expect(s["server.bolt.listen_address"]).toBe("[::]:7687");
    expect(s["server.https.enabled"]).toBeUndefined();
  });
  test("says in the fragment that TLS 1.2 with Aura's suites needs an RSA certificate", () => {
    const note = "# TLS 1.2 below offers only RSA-authenticated suites (Aura's accepted list): with an EC certificate\n# (certs create --key-type ec) Neo4j can handshake over TLS 1.3 only.";
    expect(renderSecurityConf(base)).toContain(note);
    expect(renderSecurityConf({ ...base, tlsVersions: ["TLSv1.3"] })).not.toContain("EC certificate");
  });
  test.each([["maybe", parseClientAuth, /allowed: NONE, OPTIONAL, REQUIRE/], ["bad host!", parseListenAddress, /is not an IP address or hostname/]] as const)(
    "rejects %j",
    (raw, parse, message) => expect(() => parse(raw)).toThrow(message),
  );
});

describe("password script", () => {
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "aura-conf-"))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("prints the variable's value, and fails without it", () => {
    const script = path.join(dir, "pw.sh");
    fs.writeFileSync(script, renderPasswordScript("NEO_KS_PW"), { mode: 0o700 });
    expect(run(script, [], { env: { NEO_KS_PW: "s3cret pass $(x)" } })).toMatchObject({ status: 0, stdout: "s3cret pass $(x)\n" });
    const missing = run(script, [], { env: { NEO_KS_PW: "" } });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe("NEO_KS_PW is not set in the environment of the Neo4j process\n");
  });

  test("conf render writes the fragment at 0640 and the script at 0700, and refuses to overwrite", async () => {
    const args = ["conf", "render", "--out", dir, "--keystore", "/secure/ks.p12", "--key-name", "neo-key", "--password-env", "NEO_KS_PW"];
    const result = await runAuraSecure(args);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const conf = path.join(dir, "neo4j-security.conf");
    const script = path.join(dir, "keystore-password.sh");
    expect(fs.statSync(conf).mode & 0o777).toBe(0o640);
    expect(fs.statSync(script).mode & 0o777).toBe(0o700);
    expect(fs.readFileSync(conf, "utf8")).toContain(`dbms.security.keystore.password=$(${script})\n`);
    expect(run(script, [], { env: { NEO_KS_PW: "from-env" } }).stdout).toBe("from-env\n");

    const again = await runAuraSecure(args);
    expect(again).toMatchObject({ code: 1, stderr: `error: --out ${conf} already exists; pass --force to overwrite it\n` });
    expect((await runAuraSecure([...args, "--force"])).code).toBe(0);
  });

  const UNSAFE_PATH = "contains a space, quote, '#', '$' or '\\'; use a path without them";
  test.each([
    [["--keystore", "relative/ks.p12", "--key-name", "k"], 'error: --keystore "relative/ks.p12" must be an absolute path\n'],
    [["--keystore", "/ks.p12"], "error: --keystore and --key-name go together; give both, or neither to leave out the keystore settings\n"],
    [["--ciphers", "RC4-MD5"], /^error: --ciphers "RC4-MD5" is not an Aura-accepted cipher suite/],
    [["--bolt-port", "70000"], 'error: --bolt-port "70000" is not a port; allowed: 1-65535\n'],
    // Paths are written verbatim into neo4j.conf: a line break would add a setting, '$(' would run a command.
    [["--keystore", "/secure/ks.p12\ndbms.security.auth_enabled=false", "--key-name", "k"], `error: --keystore "/secure/ks.p12\\ndbms.security.auth_enabled=false" ${UNSAFE_PATH}\n`],
    [["--keystore", "/secure/$(id)/ks.p12", "--key-name", "k"], `error: --keystore "/secure/$(id)/ks.p12" ${UNSAFE_PATH}\n`],
    [["--keystore", "/secure/ks.p12", "--key-name", "k", "--script", "/tmp/pw #.sh"], `error: --script "/tmp/pw #.sh" ${UNSAFE_PATH}\n`],
    [["--certificates-dir", "certs\"x"], `error: --certificates-dir "certs\\"x" ${UNSAFE_PATH}\n`],
  ])("rejects %j and writes nothing", async (extra, message) => {
    const out = fs.mkdtempSync(path.join(dir, "bad-"));
    const result = await runAuraSecure(["conf", "render", "--out", out, ...extra]);
    expect(result.code).toBe(1);
    if (typeof message === "string") expect(result.stderr).toBe(message);
    else expect(result.stderr).toMatch(message);
    expect(fs.readdirSync(out)).toEqual([]);
  });
});

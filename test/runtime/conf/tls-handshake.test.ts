import { ChildProcessWithoutNullStreams, execFileSync, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AURA_CIPHER_SUITES, ecTls12Warning, TlsVersion } from "../../../runtime/conf/ciphers";
import { renderSecurityConf, SecurityConfInput } from "../../../runtime/conf/render";
import { describeUnless, missingToolsReason } from "../../support/real-tools";
import { runWithWarnings as runAuraSecure } from "../capture-stderr";

/*
 * Rendered TLS settings against real TLS stacks: a Java server (the JDK TLS Neo4j uses by default) takes
 * exactly the tls_versions and ciphers from a rendered fragment; openssl s_client connects. Combinations
 * conf render refuses are served raw, to show the handshakes they would have broken.
 */
const base: SecurityConfInput = {
  policies: ["bolt"],
  certificatesDir: "certificates",
  clientAuth: "NONE",
  tlsVersions: ["TLSv1.2", "TLSv1.3"],
  ciphers: AURA_CIPHER_SUITES.map((suite) => suite.iana),
  listenAddress: "127.0.0.1",
  boltPort: 7687,
  httpsPort: 7473,
};
const TLS13 = AURA_CIPHER_SUITES.filter((s) => s.tls === "TLSv1.3").map((s) => s.iana);
const TLS12 = AURA_CIPHER_SUITES.filter((s) => s.tls === "TLSv1.2").map((s) => s.iana);

/** tls_versions and ciphers of the bolt policy, read back from the rendered text. */
function rendered(input: Partial<SecurityConfInput>): { protocols: string; ciphers: string } {
  const text = renderSecurityConf({ ...base, ...input });
  const value = (key: string) => text.split("\n").find((line) => line.startsWith(`${key}=`))!.slice(key.length + 1);
  return { protocols: value("dbms.ssl.policy.bolt.tls_versions"), ciphers: value("dbms.ssl.policy.bolt.ciphers") };
}

describeUnless(missingToolsReason(["java", "javac", "openssl"]), "rendered TLS settings on a Java TLS server, probed with openssl s_client", () => {
  let root: string;
  let server: ChildProcessWithoutNullStreams;
  const ports: Record<string, number> = {};
  const folder = (type: string) => path.join(root, type, "bolt");

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "aura-tls-handshake-"));
    for (const type of ["rsa", "ec"]) {
      const made = await runAuraSecure(["certs", "create", "--out", path.join(root, type), "--ca-dir", path.join(root, `${type}-ca`), "--dns", "localhost", "--ip", "127.0.0.1", "--policies", "bolt", "--key-type", type, "--days", "2"]);
      expect(made).toMatchObject({ code: 0, stderr: "" });
    }
    execFileSync("javac", ["-d", path.join(root, "classes"), path.join(__dirname, "../../support/java/TlsServer.java")]);
    const listeners: Array<[string, string, { protocols: string; ciphers: string }]> = [
      ["rsa-default", "rsa", rendered({})],
      ["ec-default", "ec", rendered({})],
      ["rsa-tls13", "rsa", rendered({ tlsVersions: ["TLSv1.3"], ciphers: TLS13 })],
      ["ec-tls13", "ec", rendered({ tlsVersions: ["TLSv1.3"], ciphers: TLS13 })],
      // Refused by conf render; served raw to show the failure it prevents.
      ["raw-tls12-with-tls13-suites", "rsa", { protocols: "TLSv1.2", ciphers: TLS13.join(",") }],
      ["raw-tls13-with-tls12-suites", "rsa", { protocols: "TLSv1.3", ciphers: TLS12.join(",") }],
    ];
    server = spawn("java", ["-cp", path.join(root, "classes"), "TlsServer"]);
    server.stdin.write(listeners.map(([name, type, s]) => [name, path.join(folder(type), "private.key"), path.join(folder(type), "public.crt"), s.protocols, s.ciphers].join("\t")).join("\n") + "\n\n");
    let out = "";
    await new Promise<void>((resolve, reject) => {
      server.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("ready\n")) resolve();
      });
      server.once("exit", (code) => reject(new Error(`TlsServer exited with ${code}: ${out}`)));
    });
    for (const line of out.split("\n").filter((l) => /^\S+ \d+$/.test(l))) {
      const [name, port] = line.split(" ");
      ports[name!] = Number(port);
    }
  });
  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.stdin.end();
      await exited;
    }
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  /** One s_client handshake; returns the negotiated protocol and suite, or null when the handshake failed. */
  function probe(listener: string, type: string, args: string[]): { protocol: string; suite: string; data: string } | null {
    const result = spawnSync(
      "openssl",
      ["s_client", "-connect", `127.0.0.1:${ports[listener]}`, "-brief", "-ign_eof", "-servername", "localhost", "-verify_return_error", "-CAfile", path.join(root, `${type}-ca`, "ca.crt"), ...args],
      { encoding: "utf8", input: "", timeout: 30000 },
    );
    const protocol = /Protocol version: (\S+)/.exec(result.stderr)?.[1];
    const suite = /Ciphersuite: (\S+)/.exec(result.stderr)?.[1];
    if (result.status !== 0 || !protocol || !suite) return null;
    return { protocol, suite, data: result.stdout };
  }

  test("default render, RSA certificate: every Aura TLS 1.2 suite and every TLS 1.3 suite handshakes", () => {
    for (const suite of AURA_CIPHER_SUITES) {
      const args = suite.tls === "TLSv1.2" ? ["-tls1_2", "-cipher", suite.openssl] : ["-tls1_3", "-ciphersuites", suite.openssl];
      expect([suite.openssl, probe("rsa-default", "rsa", args)]).toEqual([suite.openssl, { protocol: suite.tls, suite: suite.openssl, data: "hello\n" }]);
    }
  });

  test("default render, EC certificate: TLS 1.3 handshakes, TLS 1.2 fails, which is what the warning says", () => {
    expect(probe("ec-default", "ec", ["-tls1_3"])).toMatchObject({ protocol: "TLSv1.3", data: "hello\n" });
    expect(probe("ec-default", "ec", ["-tls1_2"])).toBeNull();
    expect(ecTls12Warning(base.tlsVersions, base.ciphers)).toMatch(/^an EC certificate meets a TLS 1.2 list of RSA-authenticated suites only/);
  });

  test("TLS 1.3 only: handshakes over 1.3 with either key, and 1.2 clients are refused (not enabled)", () => {
    expect(ecTls12Warning(["TLSv1.3"], TLS13)).toBeNull();
    for (const [listener, type] of [["rsa-tls13", "rsa"], ["ec-tls13", "ec"]] as const) {
      expect(probe(listener, type, ["-tls1_3"])).toMatchObject({ protocol: "TLSv1.3", data: "hello\n" });
      expect(probe(listener, type, ["-tls1_2"])).toBeNull();
    }
  });

  test.each<[string, TlsVersion[], string[], string, string]>([
    ["TLS 1.2 with only TLS 1.3 suites", ["TLSv1.2"], TLS13, "raw-tls12-with-tls13-suites", "-tls1_2"],
    ["TLS 1.3 with only TLS 1.2 suites", ["TLSv1.3"], TLS12, "raw-tls13-with-tls12-suites", "-tls1_3"],
  ])("%s: conf render refuses it, and served anyway no client can handshake", (_name, tlsVersions, ciphers, listener, flag) => {
    expect(() => renderSecurityConf({ ...base, tlsVersions, ciphers })).toThrow(`is enabled but none of the ciphers (${ciphers.join(", ")}) is a ${tlsVersions[0]} suite, so every ${tlsVersions[0]} handshake would fail`);
    expect(probe(listener, "rsa", [flag])).toBeNull();
    expect(probe(listener, "rsa", [])).toBeNull();
  });

  test("conf render warns when an existing policy certificate is EC and TLS 1.2 offers only RSA suites", async () => {
    const out = fs.mkdtempSync(path.join(root, "render-"));
    const ec = await runAuraSecure(["conf", "render", "--out", out, "--policies", "bolt", "--certificates-dir", path.join(root, "ec")]);
    expect(ec.code).toBe(0);
    expect(ec.stderr).toBe(`warning: ${path.join(root, "ec", "bolt", "public.crt")}: an EC certificate meets a TLS 1.2 list of RSA-authenticated suites only: TLS 1.2 clients cannot handshake (TLS 1.3 clients can); use an RSA certificate (certbot --key-type rsa, certs create --key-type rsa) if clients need TLS 1.2, or drop TLSv1.2\n`);
    const rsa = await runAuraSecure(["conf", "render", "--out", out, "--policies", "bolt", "--certificates-dir", path.join(root, "rsa"), "--force"]);
    expect(rsa).toMatchObject({ code: 0, stderr: "" });
    const tls13 = await runAuraSecure(["conf", "render", "--out", out, "--policies", "bolt", "--certificates-dir", path.join(root, "ec"), "--tls-versions", "TLSv1.3", "--ciphers", TLS13.join(","), "--force"]);
    expect(tls13).toMatchObject({ code: 0, stderr: "" });
  });
});

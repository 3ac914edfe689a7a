import { spawnSync } from "child_process";
import { createPrivateKey, createPublicKey, generateKeyPairSync, X509Certificate } from "crypto";
import { BoltTestServer } from "../../support/bolt-server";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as tls from "tls";
import neo4j from "neo4j-driver";
import { buildProgram } from "../../../bin/cli";
import { AURA_CIPHER_SUITES } from "../../../runtime/conf/ciphers";
import { run, testWithTools } from "../../support/real-tools";
import { runAuraSecure } from "../../support/run-cli";

let root: string;
let certificates: string;
let caDir: string;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "aura-certs-"));
  certificates = path.join(root, "certificates");
  caDir = path.join(root, "ca");
  const result = await runAuraSecure([
    "certs", "create", "--out", certificates, "--ca-dir", caDir,
    "--dns", "localhost", "--dns", "neo4j.internal.example", "--ip", "127.0.0.1", "--policies", "bolt,https,cluster", "--days", "30",
  ]);
  expect(result).toMatchObject({ code: 0, stderr: "" });
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const mode = (file: string) => fs.statSync(file).mode & 0o777;

/** Starts a TLS server with a policy folder's key and certificate, runs fn against its port, and closes it. */
async function withTlsServer<T>(folder: string, options: tls.TlsOptions, fn: (port: number) => Promise<T>): Promise<T> {
  const server = tls.createServer({ key: fs.readFileSync(path.join(folder, "private.key")), cert: fs.readFileSync(path.join(folder, "public.crt")), ...options }, (socket) => socket.end("hello"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    return await fn((server.address() as { port: number }).port);
  } finally {
    server.close();
  }
}

/** Connects trusting only the folder's trusted/ca.crt, checking the certificate against `servername`; resolves "<protocol> <cipher> <data>". */
function tlsConnect(port: number, folder: string, servername: string, options: tls.ConnectionOptions = {}): Promise<string> {
  const ca = fs.readFileSync(path.join(folder, "trusted", "ca.crt"));
  return new Promise<string>((resolve, reject) => {
    const socket = tls.connect(
      { host: "127.0.0.1", port, ca, servername: servername === "127.0.0.1" ? undefined : servername, checkServerIdentity: (_host, cert) => tls.checkServerIdentity(servername, cert), ...options },
      () => {
        socket.once("data", (data) => {
          resolve(`${socket.getProtocol()} ${socket.getCipher().standardName} ${data.toString()}`);
          socket.end();
        });
      },
    );
    socket.once("error", reject);
  });
}

/** The real neo4j-driver connects over TLS to a Bolt server using the folder's certificate, trusting only the private CA. */
function driverTest(name: string, folder: () => string): void {
  test(name, async () => {
    const server = await BoltTestServer.start({ tls: { key: fs.readFileSync(path.join(folder(), "private.key")), cert: fs.readFileSync(path.join(folder(), "public.crt")) } });
    const trusting = neo4j.driver(`bolt://localhost:${server.port}`, neo4j.auth.basic("neo4j", "test-password"), {
      encrypted: "ENCRYPTION_ON",
      trust: "TRUST_CUSTOM_CA_SIGNED_CERTIFICATES",
      trustedCertificates: [path.join(folder(), "trusted", "ca.crt")],
    });
    const systemTrust = neo4j.driver(`bolt+s://localhost:${server.port}`, neo4j.auth.basic("neo4j", "test-password"), { connectionTimeout: 5000 });
    try {
      await expect(trusting.getServerInfo()).resolves.toBeDefined();
      await expect(systemTrust.getServerInfo()).rejects.toThrow(); // the private CA is not in the system store
    } finally {
      await trusting.close();
      await systemTrust.close();
      await server.close();
    }
  });
}

describe("certs create", () => {
  test("writes the Neo4j layout per policy with private keys at 0600", () => {
    for (const policy of ["bolt", "https", "cluster"]) {
      const folder = path.join(certificates, policy);
      expect(fs.readdirSync(folder).sort()).toEqual(["private.key", "public.crt", "revoked", "trusted"]);
      expect(mode(path.join(folder, "private.key"))).toBe(0o600);
      expect(fs.readFileSync(path.join(folder, "private.key"), "utf8")).toMatch(/^-----BEGIN PRIVATE KEY-----/);
      expect(fs.readdirSync(path.join(folder, "trusted"))).toEqual(["ca.crt"]);
      expect(fs.readdirSync(path.join(folder, "revoked"))).toEqual([]);
    }
    expect(mode(path.join(caDir, "ca.key"))).toBe(0o600);
    expect(fs.readdirSync(certificates).filter((name) => name.startsWith("."))).toEqual([]);
  });

  testWithTools("openssl verifies each certificate against the CA and sees every SAN", ["openssl"], () => {
    for (const policy of ["bolt", "https", "cluster"]) {
      const cert = path.join(certificates, policy, "public.crt");
      const verified = run("openssl", ["verify", "-CAfile", path.join(caDir, "ca.crt"), "-purpose", "sslserver", cert]);
      expect(verified.stdout.trim()).toBe(`${cert}: OK`);
      const text = run("openssl", ["x509", "-in", cert, "-noout", "-ext", "subjectAltName,extendedKeyUsage,basicConstraints"]).stdout;
      expect(text).toContain("DNS:localhost, DNS:neo4j.internal.example, IP Address:127.0.0.1");
      expect(text).toContain("CA:FALSE");
      expect(text.includes("TLS Web Client Authentication")).toBe(policy === "cluster");
      const modulus = (args: string[]) => run("openssl", args).stdout.trim();
      expect(modulus(["rsa", "-in", path.join(certificates, policy, "private.key"), "-noout", "-modulus"])).toBe(modulus(["x509", "-in", cert, "-noout", "-modulus"]));
    }
    const ca = run("openssl", ["x509", "-in", path.join(caDir, "ca.crt"), "-noout", "-ext", "basicConstraints,keyUsage"]).stdout;
    expect(ca).toMatch(/critical\s+CA:TRUE, pathlen:0/);
    expect(ca).toContain("Certificate Sign, CRL Sign");
  });

  test("a TLS server with the bolt certificate is trusted by the CA for localhost and 127.0.0.1, and refused for another name", async () => {
    const folder = path.join(certificates, "bolt");
    await withTlsServer(folder, { minVersion: "TLSv1.2" }, async (port) => {
      await expect(tlsConnect(port, folder, "localhost")).resolves.toMatch(/^TLSv1\.[23] \S+ hello$/);
      await expect(tlsConnect(port, folder, "127.0.0.1")).resolves.toMatch(/hello$/);
      await expect(tlsConnect(port, folder, "other.example")).rejects.toThrow(/Hostname\/IP does not match certificate's altnames/);
    });
  });

  driverTest("the real neo4j-driver connects over TLS trusting only the private CA", () => path.join(certificates, "bolt"));

  test("reuses the CA in --ca-dir and refuses existing policy folders without --force", async () => {
    const caBefore = fs.readFileSync(path.join(caDir, "ca.crt"), "utf8");
    const refused = await runAuraSecure(["certs", "create", "--out", certificates, "--ca-dir", caDir, "--dns", "localhost", "--policies", "bolt"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`error: --out ${certificates}: ${path.join(certificates, "bolt")} already exists; pass --force to replace it\n`);

    const keyBefore = fs.readFileSync(path.join(certificates, "bolt", "private.key"), "utf8");
    const forced = await runAuraSecure(["certs", "create", "--out", certificates, "--ca-dir", caDir, "--dns", "localhost", "--policies", "bolt", "--force"]);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain("reused CA");
    expect(fs.readFileSync(path.join(caDir, "ca.crt"), "utf8")).toBe(caBefore);
    expect(fs.readFileSync(path.join(certificates, "bolt", "private.key"), "utf8")).not.toBe(keyBefore);
    expect(fs.readdirSync(certificates).sort()).toEqual(["bolt", "cluster", "https"]);
  });

  test.each([
    ["no names", ["--policies", "bolt"], "error: give at least one --dns name or --ip address for the certificates\n"],
    ["an unknown key type", ["--dns", "localhost", "--key-type", "dsa"], 'error: --key-type "dsa" is not a key type; allowed: rsa, ec (P-256)\n'],
    ["a key size with EC", ["--dns", "localhost", "--key-type", "ec", "--key-size", "384"], "error: --key-size applies to RSA keys only; EC keys are always P-256 (drop --key-size, or use --key-type rsa)\n"],
    ["too many days", ["--dns", "localhost", "--days", "900"], 'error: --days "900" is out of range; allowed: whole days from 1 to 825\n'],
    ["a weak key", ["--dns", "localhost", "--key-size", "1024"], 'error: --key-size "1024" is not allowed; allowed: 2048, 3072, 4096 (bits)\n'],
  ])("rejects %s and writes nothing", async (_name, args, message) => {
    const out = path.join(root, `rejected-${Math.random().toString(16).slice(2)}`);
    const result = await runAuraSecure(["certs", "create", "--out", out, "--ca-dir", path.join(out, "ca"), ...args]);
    expect(result.code).toBe(1);
    if (typeof message === "string") expect(result.stderr).toBe(message);
    else expect(result.stderr).toMatch(message);
    expect(fs.existsSync(out)).toBe(false);
  });

  test("refuses a half-present CA", async () => {
    const lonely = path.join(root, "lonely-ca");
    fs.mkdirSync(lonely);
    fs.copyFileSync(path.join(caDir, "ca.crt"), path.join(lonely, "ca.crt"));
    const result = await runAuraSecure(["certs", "create", "--out", path.join(root, "c2"), "--ca-dir", lonely, "--dns", "localhost"]);
    expect(result.stderr).toBe(`error: --ca-dir ${lonely} holds only ca.crt; it needs both ca.key and ca.crt, or neither to create a new CA\n`);
    expect(fs.existsSync(path.join(root, "c2"))).toBe(false); // a failed create leaves no empty folder
  });
});

describe("certs create --key-type ec", () => {
  let ecCaDir: string;
  /** EC CA with EC server certificates. */
  let ecCertificates: string;
  /** The RSA CA of the suite above, reused for an EC server certificate. */
  let rsaCaEc: string;
  /** The EC CA reused for an RSA server certificate. */
  let ecCaRsa: string;

  beforeAll(async () => {
    ecCaDir = path.join(root, "ec-ca");
    ecCertificates = path.join(root, "ec-certificates");
    rsaCaEc = path.join(root, "rsa-ca-ec");
    ecCaRsa = path.join(root, "ec-ca-rsa");
    const names = ["--dns", "localhost", "--dns", "neo4j.internal.example", "--ip", "127.0.0.1"];
    const ec = await runAuraSecure(["certs", "create", "--out", ecCertificates, "--ca-dir", ecCaDir, ...names, "--policies", "bolt,https,cluster", "--key-type", "ec", "--days", "30"]);
    expect(ec).toMatchObject({ code: 0, stderr: "" });
    expect(ec.stdout).toContain(`created CA in ${ecCaDir} (EC P-256)\n`);
    expect(ec.stdout).toContain(`wrote ${path.join(ecCertificates, "bolt")}/ (EC P-256 private.key 0600`);
    expect(ec.stdout).toContain("note: EC certificates limit TLS 1.2 to ECDHE-ECDSA suites");
    const mixed = await runAuraSecure(["certs", "create", "--out", rsaCaEc, "--ca-dir", caDir, ...names, "--policies", "bolt", "--key-type", "ec", "--days", "30"]);
    expect(mixed).toMatchObject({ code: 0, stderr: "" });
    expect(mixed.stdout).toContain(`reused CA in ${caDir} (RSA 2048)\n`);
    const reverse = await runAuraSecure(["certs", "create", "--out", ecCaRsa, "--ca-dir", ecCaDir, ...names, "--policies", "bolt", "--days", "30"]);
    expect(reverse).toMatchObject({ code: 0, stderr: "" });
    expect(reverse.stdout).toContain(`reused CA in ${ecCaDir} (EC P-256)\n`);
    expect(reverse.stdout).not.toContain("note:");
  });

  /** [folder, CA folder, key type of the server key, signature algorithm the CA signs with] */
  const cases = (): Array<[string, string, "ec" | "rsa", string]> => [
    ...["bolt", "https", "cluster"].map((policy): [string, string, "ec" | "rsa", string] => [path.join(ecCertificates, policy), ecCaDir, "ec", "ecdsa-with-SHA256"]),
    [path.join(rsaCaEc, "bolt"), caDir, "ec", "sha256WithRSAEncryption"],
    [path.join(ecCaRsa, "bolt"), ecCaDir, "rsa", "ecdsa-with-SHA256"],
  ];

  test("keys are PKCS#8 PEM at 0600 and match their certificates (node crypto)", () => {
    for (const [folder, , type] of cases()) {
      const keyFile = path.join(folder, "private.key");
      expect(mode(keyFile)).toBe(0o600);
      const keyPem = fs.readFileSync(keyFile, "utf8");
      expect(keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
      const key = createPrivateKey(keyPem);
      const cert = new X509Certificate(fs.readFileSync(path.join(folder, "public.crt")));
      expect(key.asymmetricKeyType).toBe(type);
      if (type === "ec") expect(key.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
      else expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
      const spki = (k: import("crypto").KeyObject) => k.export({ type: "spki", format: "der" });
      expect(spki(createPublicKey(key)).equals(spki(cert.publicKey))).toBe(true);
    }
    expect(mode(path.join(ecCaDir, "ca.key"))).toBe(0o600);
    expect(createPrivateKey(fs.readFileSync(path.join(ecCaDir, "ca.key"))).asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
  });

  testWithTools("openssl verifies every combination and shows the EC profile", ["openssl"], () => {
    const skiOf = (file: string, ext: string) => run("openssl", ["x509", "-in", file, "-noout", "-ext", ext]).stdout.match(/(?:[0-9A-F]{2}:){19}[0-9A-F]{2}/)?.[0];
    for (const [folder, ca, type, signature] of cases()) {
      const cert = path.join(folder, "public.crt");
      expect(run("openssl", ["verify", "-CAfile", path.join(ca, "ca.crt"), "-purpose", "sslserver", cert]).stdout.trim()).toBe(`${cert}: OK`);
      const text = run("openssl", ["x509", "-in", cert, "-noout", "-text"]).stdout;
      expect(text).toContain(`Signature Algorithm: ${signature}`);
      expect(text).toContain("DNS:localhost, DNS:neo4j.internal.example, IP Address:127.0.0.1");
      expect(text).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
      expect(text.includes("TLS Web Client Authentication")).toBe(folder.endsWith("cluster"));
      if (type === "ec") {
        expect(text).toContain("Public Key Algorithm: id-ecPublicKey");
        expect(text).toContain("ASN1 OID: prime256v1");
        expect(text).toContain("NIST CURVE: P-256");
        expect(text).toMatch(/Key Usage: critical\s+Digital Signature\n/);
        expect(text).not.toContain("Key Encipherment");
      } else {
        expect(text).toContain("Public Key Algorithm: rsaEncryption");
        expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Key Encipherment\n/);
      }
      // The AKI names the CA's key, so chain building finds the right CA.
      expect(skiOf(cert, "authorityKeyIdentifier")).toBe(skiOf(path.join(ca, "ca.crt"), "subjectKeyIdentifier"));
    }
    const ca = run("openssl", ["x509", "-in", path.join(ecCaDir, "ca.crt"), "-noout", "-text"]).stdout;
    expect(ca).toContain("Public Key Algorithm: id-ecPublicKey");
    expect(ca).toContain("ASN1 OID: prime256v1");
    expect(ca).toContain("Signature Algorithm: ecdsa-with-SHA256");
    expect(ca).toMatch(/Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
    expect(ca).toMatch(/Key Usage: critical\s+Certificate Sign, CRL Sign/);
  });

  test.each([
    ["EC CA", () => path.join(ecCertificates, "bolt")],
    ["RSA CA", () => path.join(rsaCaEc, "bolt")],
  ])("a TLS server with the EC certificate (%s) handshakes over TLS 1.3 and over TLS 1.2 with ECDHE-ECDSA, checking the hostname", async (_name, folder) => {
    await withTlsServer(folder(), { minVersion: "TLSv1.2" }, async (port) => {
      await expect(tlsConnect(port, folder(), "localhost")).resolves.toMatch(/^TLSv1\.3 TLS_\S+ hello$/);
      await expect(tlsConnect(port, folder(), "neo4j.internal.example", { maxVersion: "TLSv1.2" })).resolves.toMatch(/^TLSv1\.2 TLS_ECDHE_ECDSA_WITH_\S+ hello$/);
      await expect(tlsConnect(port, folder(), "127.0.0.1", { maxVersion: "TLSv1.2" })).resolves.toMatch(/^TLSv1\.2 .* hello$/);
      await expect(tlsConnect(port, folder(), "other.example")).rejects.toThrow(/Hostname\/IP does not match certificate's altnames/);
    });
  });

  test("with Aura's accepted cipher list (the conf render default), an EC certificate handshakes over TLS 1.3 only", async () => {
    const folder = path.join(ecCertificates, "bolt");
    const ciphers = AURA_CIPHER_SUITES.map((suite) => suite.openssl).join(":");
    await withTlsServer(folder, { minVersion: "TLSv1.2", ciphers }, async (port) => {
      await expect(tlsConnect(port, folder, "localhost")).resolves.toMatch(/^TLSv1\.3 /);
      await expect(tlsConnect(port, folder, "localhost", { maxVersion: "TLSv1.2" })).rejects.toThrow(/handshake failure/);
    });
    // Control: the same server settings with the RSA certificate do handshake over TLS 1.2.
    const rsa = path.join(certificates, "bolt");
    await withTlsServer(rsa, { minVersion: "TLSv1.2", ciphers }, async (port) => {
      await expect(tlsConnect(port, rsa, "localhost", { maxVersion: "TLSv1.2" })).resolves.toMatch(/^TLSv1\.2 TLS_ECDHE_RSA_WITH_\S+ hello$/);
    });
  });

  driverTest("the real neo4j-driver connects over TLS to an EC certificate from the EC CA", () => path.join(ecCertificates, "bolt"));
  driverTest("the real neo4j-driver connects over TLS to an EC certificate from the RSA CA", () => path.join(rsaCaEc, "bolt"));

  testWithTools("reuses a P-384 CA made by openssl (SEC1 key) and signs with ECDSA-SHA384", ["openssl"], async () => {
    const p384 = path.join(root, "p384-ca");
    fs.mkdirSync(p384);
    const made = spawnSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384", "-nodes", "-keyout", path.join(p384, "pkcs8.key"), "-out", path.join(p384, "ca.crt"), "-subj", "/CN=openssl P-384 CA", "-days", "30", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"], { encoding: "utf8" });
    expect(made.status).toBe(0);
    expect(run("openssl", ["ec", "-in", path.join(p384, "pkcs8.key"), "-out", path.join(p384, "ca.key")]).status).toBe(0);
    expect(fs.readFileSync(path.join(p384, "ca.key"), "utf8")).toMatch(/^-----BEGIN EC PRIVATE KEY-----/);
    const out = path.join(root, "p384-certificates");
    const result = await runAuraSecure(["certs", "create", "--out", out, "--ca-dir", p384, "--dns", "localhost", "--policies", "bolt", "--key-type", "ec", "--days", "10"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain(`reused CA in ${p384} (EC P-384)`);
    const cert = path.join(out, "bolt", "public.crt");
    expect(run("openssl", ["verify", "-CAfile", path.join(p384, "ca.crt"), "-purpose", "sslserver", cert]).stdout.trim()).toBe(`${cert}: OK`);
    expect(run("openssl", ["x509", "-in", cert, "-noout", "-text"]).stdout).toContain("Signature Algorithm: ecdsa-with-SHA384");
  });

  test.each([
    ["an Ed25519 CA key", () => generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }) as string, (dir: string) => `error: CA key in ${dir} is ed25519; allowed: RSA, or EC on P-256 or P-384\n`],
    ["a CA key that is not the certificate's", () => generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }) as string, (dir: string) => `error: CA key and certificate in ${dir} do not belong together\n`],
  ])("refuses %s and writes nothing", async (_name, keyPem, message) => {
    const dir = fs.mkdtempSync(path.join(root, "bad-ca-"));
    fs.writeFileSync(path.join(dir, "ca.key"), keyPem(), { mode: 0o600 });
    fs.copyFileSync(path.join(ecCaDir, "ca.crt"), path.join(dir, "ca.crt"));
    const out = path.join(dir, "out");
    const result = await runAuraSecure(["certs", "create", "--out", out, "--ca-dir", dir, "--dns", "localhost", "--key-type", "ec"]);
    expect(result).toMatchObject({ code: 1, stderr: message(dir) });
    expect(fs.existsSync(out)).toBe(false);
  });

  test("--help names ec and its TLS 1.2 limit", () => {
    const create = buildProgram().commands.find((c) => c.name() === "certs")!.commands.find((c) => c.name() === "create")!;
    const help = create.helpInformation().replace(/\s+/g, " ");
    expect(help).toContain("allowed: rsa, ec (P-256, signed with ECDSA-SHA256)");
    expect(help).toContain("EC certificates limit TLS 1.2 to ECDHE-ECDSA suites");
    expect(help).toContain("RSA key size (RSA only)");
  });
});

describe("certs letsencrypt", () => {
  let live: string;
  beforeAll(() => {
    // certbot's live/<domain> holds links into archive/; mimic that.
    const archive = path.join(root, "letsencrypt", "archive", "graph.example.com");
    live = path.join(root, "letsencrypt", "live", "graph.example.com");
    fs.mkdirSync(archive, { recursive: true });
    fs.mkdirSync(live, { recursive: true });
    for (const name of ["privkey", "fullchain", "chain", "cert"]) {
      fs.writeFileSync(path.join(archive, `${name}1.pem`), `${name} v1`, { mode: name === "privkey" ? 0o600 : 0o644 });
      fs.symlinkSync(`../../archive/graph.example.com/${name}1.pem`, path.join(live, `${name}.pem`));
    }
  });

  test("links every policy folder into live/ without copying keys, and follows a renewal", async () => {
    const out = path.join(root, "le-certificates");
    const result = await runAuraSecure(["certs", "letsencrypt", "--live", live, "--out", out, "--policies", "bolt,https,cluster", "--allow-public-ca-trust"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const certbotRoot = path.join(root, "letsencrypt");
    expect(result.stdout).toContain(`chgrp -R neo4j ${certbotRoot}/live/graph.example.com ${certbotRoot}/archive/graph.example.com`);
    for (const policy of ["bolt", "https", "cluster"]) {
      const folder = path.join(out, policy);
      expect(fs.readlinkSync(path.join(folder, "private.key"))).toBe(path.join(live, "privkey.pem"));
      expect(fs.readlinkSync(path.join(folder, "public.crt"))).toBe(path.join(live, "fullchain.pem"));
      expect(fs.readlinkSync(path.join(folder, "trusted", "chain.pem"))).toBe(path.join(live, "chain.pem"));
      expect(fs.readdirSync(path.join(folder, "revoked"))).toEqual([]);
      expect(fs.lstatSync(path.join(folder, "private.key")).isSymbolicLink()).toBe(true);
    }
    // certbot renew repoints live/ at new archive files; the Neo4j layout follows without changes.
    const archive = path.join(root, "letsencrypt", "archive", "graph.example.com");
    fs.writeFileSync(path.join(archive, "privkey2.pem"), "privkey v2", { mode: 0o600 });
    fs.rmSync(path.join(live, "privkey.pem"));
    fs.symlinkSync("../../archive/graph.example.com/privkey2.pem", path.join(live, "privkey.pem"));
    expect(fs.readFileSync(path.join(out, "bolt", "private.key"), "utf8")).toBe("privkey v2");
  });

  test("refuses a folder that is not a certbot live folder", async () => {
    const result = await runAuraSecure(["certs", "letsencrypt", "--live", root, "--out", path.join(root, "le-bad")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`error: --live ${root} lacks privkey.pem, fullchain.pem, chain.pem; expected a certbot live/<domain> folder with privkey.pem, fullchain.pem, chain.pem\n`);
    expect(fs.existsSync(path.join(root, "le-bad"))).toBe(false);
  });
});

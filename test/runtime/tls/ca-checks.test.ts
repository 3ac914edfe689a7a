/**
 * The checks `certs create` makes before it signs with a CA it is given: certificates made by openssl (not by
 * our own generator), so a check that stops working, or never worked, turns this red.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { issueServerCertificate, loadCa } from "../../../runtime/tls/certificates";
import { missingToolsReason, run, testUnless } from "../../support/real-tools";
import { runAuraSecure } from "../../support/run-cli";

const NO_OPENSSL = missingToolsReason(["openssl"]);
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ca-checks-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A key and a self-signed certificate from openssl req, with the given v3 extensions; returns their paths. */
function selfSigned(name: string, extensions: string[], days = 30, keyArgs = ["-newkey", "rsa:2048"]): { key: string; crt: string } {
  const key = path.join(dir, `${name}.key`);
  const crt = path.join(dir, `${name}.crt`);
  const args = ["req", "-x509", ...keyArgs, "-nodes", "-keyout", key, "-out", crt, "-days", String(days), "-subj", `/CN=${name}`];
  for (const ext of extensions) args.push("-addext", ext);
  const result = run("openssl", args);
  if (result.status !== 0) throw new Error(`openssl failed: ${result.stderr}`);
  return { key, crt };
}

const read = (file: string) => fs.readFileSync(file, "utf8");
const notAfterOf = (crt: string) => new Date(run("openssl", ["x509", "-in", crt, "-noout", "-enddate"]).stdout.trim().replace("notAfter=", ""));

describe("loadCa refuses what cannot be a CA", () => {
  testUnless(NO_OPENSSL, "a leaf certificate (basicConstraints CA:FALSE) is not a CA", async () => {
    const leaf = selfSigned("leaf", ["basicConstraints=critical,CA:FALSE", "keyUsage=digitalSignature"]);
    await expect(loadCa(read(leaf.key), read(leaf.crt), "ca-dir")).rejects.toThrow("CA certificate in ca-dir is not a CA (basicConstraints cA is not true)");
  });

  testUnless(NO_OPENSSL, "a certificate without basicConstraints is not a CA", async () => {
    // openssl req adds basicConstraints CA:TRUE by default; -config with no extensions gives a bare v3 cert.
    const conf = path.join(dir, "bare.cnf");
    fs.writeFileSync(conf, "[req]\ndistinguished_name=dn\nx509_extensions=none\nprompt=no\n[dn]\nCN=bare\n[none]\nsubjectKeyIdentifier=hash\n");
    const key = path.join(dir, "bare.key");
    const crt = path.join(dir, "bare.crt");
    expect(run("openssl", ["req", "-x509", "-config", conf, "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", crt, "-days", "30"]).status).toBe(0);
    expect(run("openssl", ["x509", "-in", crt, "-noout", "-ext", "basicConstraints"]).stdout).not.toContain("CA:TRUE");
    await expect(loadCa(read(key), read(crt), "ca-dir")).rejects.toThrow("is not a CA (basicConstraints cA is not true)");
  });

  testUnless(NO_OPENSSL, "an expired CA is refused with its end date; the day before it is accepted", async () => {
    const ca = selfSigned("short-ca", ["basicConstraints=critical,CA:TRUE", "keyUsage=critical,keyCertSign,cRLSign"], 1);
    const end = notAfterOf(ca.crt);
    await expect(loadCa(read(ca.key), read(ca.crt), "ca-dir", end)).rejects.toThrow(`CA certificate in ca-dir expired on ${end.toISOString()}`);
    await expect(loadCa(read(ca.key), read(ca.crt), "ca-dir", new Date(end.getTime() + 86_400_000))).rejects.toThrow("expired on");
    await expect(loadCa(read(ca.key), read(ca.crt), "ca-dir", new Date(end.getTime() - 1000))).resolves.toMatchObject({ keyDescription: "RSA 2048" });
  });

  testUnless(NO_OPENSSL, "a key that does not belong to the certificate is refused", async () => {
    const a = selfSigned("ca-a", ["basicConstraints=critical,CA:TRUE"]);
    const b = selfSigned("ca-b", ["basicConstraints=critical,CA:TRUE"]);
    await expect(loadCa(read(b.key), read(a.crt), "ca-dir")).rejects.toThrow("CA key and certificate in ca-dir do not belong together");
  });

  testUnless(NO_OPENSSL, "an Ed25519 CA key is refused with the key types allowed", async () => {
    const ed = selfSigned("ed-ca", ["basicConstraints=critical,CA:TRUE"], 30, ["-newkey", "ed25519"]);
    await expect(loadCa(read(ed.key), read(ed.crt), "ca-dir")).rejects.toThrow("CA key in ca-dir is ed25519; allowed: RSA, or EC on P-256 or P-384");
  });

  test("text that is not PEM is refused with the folder named", async () => {
    await expect(loadCa("not a key", "not a cert", "ca-dir")).rejects.toThrow(/^CA in ca-dir cannot be read as a PEM private key and certificate/);
  });
});

describe("a leaf never outlives its CA", () => {
  testUnless(NO_OPENSSL, "days that end after the CA are refused; days that end before are issued", async () => {
    const ca = await (async () => {
      const files = selfSigned("ten-day-ca", ["basicConstraints=critical,CA:TRUE", "keyUsage=critical,keyCertSign,cRLSign"], 10);
      return loadCa(read(files.key), read(files.crt), "ca-dir");
    })();
    const base = { policy: "bolt" as const, dnsNames: ["neo4j.internal.example"], ips: [], key: { type: "rsa" as const, bits: 2048 as const } };
    await expect(issueServerCertificate({ ...base, days: 11, ca })).rejects.toThrow(`--days 11 would outlive the CA (valid until ${ca.cert.notAfter.toISOString()}); choose fewer days or a new CA`);
    const issued = await issueServerCertificate({ ...base, days: 9, ca });
    const crt = path.join(dir, "leaf-9.crt");
    fs.writeFileSync(crt, issued.certPem);
    fs.writeFileSync(path.join(dir, "ten-day-ca.pem"), ca.certPem);
    // openssl, not our code, says the leaf chains to the CA.
    expect(run("openssl", ["verify", "-CAfile", path.join(dir, "ten-day-ca.pem"), crt]).stdout).toBe(`${crt}: OK\n`);
  });
});

describe("certs create --ca-dir with a CA that fails the checks", () => {
  testUnless(NO_OPENSSL, "a leaf in --ca-dir: exit 1, the folder and the reason, nothing written", async () => {
    const caDir = path.join(dir, "leaf-ca-dir");
    fs.mkdirSync(caDir);
    const leaf = selfSigned("leaf-in-dir", ["basicConstraints=critical,CA:FALSE"]);
    fs.copyFileSync(leaf.key, path.join(caDir, "ca.key"));
    fs.copyFileSync(leaf.crt, path.join(caDir, "ca.crt"));
    const out = path.join(dir, "leaf-out");
    const result = await runAuraSecure(["certs", "create", "--out", out, "--ca-dir", caDir, "--dns", "localhost", "--policies", "bolt", "--days", "5"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`CA certificate in ${caDir} is not a CA (basicConstraints cA is not true)`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(out)).toBe(false);
  });
});

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AURA_CIPHER_SUITES } from "../../../runtime/conf/ciphers";
import { renderSecurityConf } from "../../../runtime/conf/render";
import { parsePolicies } from "../../../runtime/tls/inputs";
import { run, testWithTools } from "../../support/real-tools";
import { runWithWarnings as runAuraSecure } from "../capture-stderr";

let root: string;
beforeAll(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), "aura-certs-backup-"))));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("the backup SSL policy", () => {
  test("is a policy name, rendered with client_auth REQUIRE like cluster", () => {
    expect(parsePolicies("bolt,backup")).toEqual(["bolt", "backup"]);
    const text = renderSecurityConf({
      policies: ["bolt", "backup"], certificatesDir: "certificates", clientAuth: "NONE", tlsVersions: ["TLSv1.2", "TLSv1.3"],
      ciphers: AURA_CIPHER_SUITES.map((s) => s.iana), listenAddress: "0.0.0.0", boltPort: 7687, httpsPort: 7473,
    });
    expect(text).toContain("dbms.ssl.policy.backup.enabled=true\ndbms.ssl.policy.backup.base_directory=certificates/backup\n");
    expect(text).toContain("dbms.ssl.policy.backup.client_auth=REQUIRE\n");
    expect(text).toContain("dbms.ssl.policy.bolt.client_auth=NONE\n");
    expect(parsePolicies.bind(null, "bolt,backups")).toThrow('--policies "backups" is not an SSL policy; allowed: bolt, https, cluster, backup');
  });

  testWithTools("certs create --policies backup issues a server and client certificate", ["openssl"], async () => {
    const out = path.join(root, "certificates");
    const owner = process.getuid?.() === 0 ? ["--owner", "54321:54322"] : [];
    const result = await runAuraSecure(["certs", "create", "--out", out, "--ca-dir", path.join(root, "ca"), "--dns", "localhost", "--policies", "backup", "--key-type", "ec", "--days", "2", ...owner]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const cert = path.join(out, "backup", "public.crt");
    expect(run("openssl", ["verify", "-CAfile", path.join(root, "ca", "ca.crt"), "-purpose", "sslclient", cert]).stdout.trim()).toBe(`${cert}: OK`);
    expect(run("openssl", ["x509", "-in", cert, "-noout", "-ext", "extendedKeyUsage"]).stdout).toContain("TLS Web Server Authentication, TLS Web Client Authentication");
    if (owner.length > 0) {
      for (const file of ["backup", "backup/private.key", "backup/trusted/ca.crt"]) expect([fs.statSync(path.join(out, file)).uid, fs.statSync(path.join(out, file)).gid]).toEqual([54321, 54322]);
      expect(fs.statSync(path.join(root, "ca", "ca.key")).uid).toBe(0); // the CA stays with whoever ran it
      expect(result.stdout).toContain(`owner: ${path.join(out, "backup")} now belong to 54321:54322 (uid 54321, gid 54322)\n`);
    } else {
      expect(result.stdout).toContain(`make the files readable by the user running Neo4j: chown -R neo4j:neo4j ${path.join(out, "backup")} (or pass --owner neo4j:neo4j)\n`);
    }
  });

  test("a failed create (bad CA) leaves no --out folder behind, nor the parents it would have made", async () => {
    const caDir = path.join(root, "half-ca");
    fs.mkdirSync(caDir);
    fs.writeFileSync(path.join(caDir, "ca.crt"), "not a certificate");
    const out = path.join(root, "deep", "not", "there");
    const result = await runAuraSecure(["certs", "create", "--out", out, "--ca-dir", caDir, "--dns", "localhost", "--key-type", "ec"]);
    expect(result).toMatchObject({ code: 1, stderr: `error: --ca-dir ${caDir} holds only ca.crt; it needs both ca.key and ca.crt, or neither to create a new CA\n` });
    expect(fs.existsSync(path.join(root, "deep"))).toBe(false);
  });
});

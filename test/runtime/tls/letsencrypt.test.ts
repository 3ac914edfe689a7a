import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { letsEncryptPermissionCommands, renderDeployHook } from "../../../runtime/tls/letsencrypt";
import { describeUnless, rootReason } from "../../support/real-tools";
import { runWithWarnings as runAuraSecure } from "../capture-stderr";

/*
 * A fake certbot tree with real certificates, laid out and moded as certbot does: live/ and archive/ 0700,
 * <domain>/ 0755, privkeyN.pem 0600, the rest 0644, live/<domain>/*.pem links into archive/<domain>/.
 */
let root: string;
let certbot: string;
const DOMAIN = "graph.example.com";
const OTHER = "other.example.com";
const NEO4J_UID = 54321;
const NEO4J_GID = 54399;
const live = (domain = DOMAIN) => path.join(certbot, "live", domain);
const archive = (domain = DOMAIN) => path.join(certbot, "archive", domain);
const mode = (file: string) => fs.statSync(file).mode & 0o7777;

function issue(domain: string, version: number, source: string): void {
  fs.mkdirSync(archive(domain), { recursive: true, mode: 0o755 });
  fs.mkdirSync(live(domain), { recursive: true, mode: 0o755 });
  const key = fs.readFileSync(path.join(source, "private.key"));
  const cert = fs.readFileSync(path.join(source, "public.crt"));
  const ca = fs.readFileSync(path.join(source, "trusted", "ca.crt"));
  const files: Record<string, Buffer> = { privkey: key, cert, chain: ca, fullchain: Buffer.concat([cert, ca]) };
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(archive(domain), `${name}${version}.pem`);
    fs.writeFileSync(file, content, { mode: name === "privkey" ? 0o600 : 0o644 });
    fs.chownSync(file, 0, 0);
    const link = path.join(live(domain), `${name}.pem`);
    fs.rmSync(link, { force: true });
    fs.symlinkSync(`../../archive/${domain}/${name}${version}.pem`, link);
  }
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "aura-letsencrypt-"));
  fs.chmodSync(root, 0o755);
  certbot = path.join(root, "letsencrypt");
  for (const [type, out] of [["rsa", "rsa"], ["ec", "ec"], ["rsa", "rsa2"]]) {
    const made = await runAuraSecure(["certs", "create", "--out", path.join(root, "src", out!), "--ca-dir", path.join(root, "src", `${out}-ca`), "--dns", DOMAIN, "--policies", "bolt", "--key-type", type!, "--days", "2"]);
    expect(made).toMatchObject({ code: 0, stderr: "" });
  }
  fs.mkdirSync(certbot, { mode: 0o755 }); // /etc/letsencrypt itself is world-traversable
  fs.mkdirSync(path.join(certbot, "live"), { mode: 0o700 });
  fs.mkdirSync(path.join(certbot, "archive"), { mode: 0o700 });
  issue(DOMAIN, 1, path.join(root, "src", "rsa", "bolt"));
  issue(OTHER, 1, path.join(root, "src", "ec", "bolt"));
  issue("ec.example.com", 1, path.join(root, "src", "ec", "bolt"));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("certs letsencrypt: cluster trust", () => {
  test.each(["cluster", "bolt,backup", "cluster,backup"])("--policies %s trusting Let's Encrypt is refused, pointing to a private CA", async (policies) => {
    const out = path.join(root, `refused-${policies.replace(/,/g, "-")}`);
    const mutual = policies.split(",").filter((p) => p === "cluster" || p === "backup");
    const result = await runAuraSecure(["certs", "letsencrypt", "--live", live(), "--out", out, "--policies", policies]);
    expect(result).toMatchObject({
      code: 1,
      stdout: "",
      stderr:
        `error: --policies ${mutual.join(",")} with Let's Encrypt: these policies require client certificates and trust what trusted/ holds, here Let's Encrypt's chain, ` +
        `so any certificate Let's Encrypt ever issued (to anyone, for any domain) would be accepted as a ${mutual.join(" or ")} peer. ` +
        `Use a private CA for them: aura-secure certs create --policies ${mutual.join(",")} --ca-dir <ca> --dns <name> --out ${out}; or pass --allow-public-ca-trust if you accept that\n`,
    });
    expect(fs.existsSync(out)).toBe(false);
  });

  test("--allow-public-ca-trust lays it out and says what it means", async () => {
    const out = path.join(root, "allowed");
    const result = await runAuraSecure(["certs", "letsencrypt", "--live", live(), "--out", out, "--policies", "cluster", "--allow-public-ca-trust"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("warning: cluster trust Let's Encrypt (--allow-public-ca-trust): any certificate it issued is accepted as a peer\n");
    expect(fs.readlinkSync(path.join(out, "cluster", "trusted", "chain.pem"))).toBe(path.join(live(), "chain.pem"));
  });
});

describe("certs letsencrypt: key type", () => {
  test("an EC certificate (certbot's default since 2.0) is warned about; an RSA one is not", async () => {
    const ec = await runAuraSecure(["certs", "letsencrypt", "--live", live("ec.example.com"), "--out", path.join(root, "ec-out")]);
    expect(ec.code).toBe(0);
    expect(ec.stderr).toBe(
      `warning: ${path.join(live("ec.example.com"), "fullchain.pem")} holds an EC key (certbot's default since 2.0). With Aura's cipher suites (the conf render default) TLS 1.2 clients cannot handshake, only TLS 1.3: ` +
        "reissue with RSA (certbot certonly --key-type rsa --cert-name ec.example.com --force-renewal), or render --tls-versions TLSv1.3\n",
    );
    const rsa = await runAuraSecure(["certs", "letsencrypt", "--live", live(), "--out", path.join(root, "rsa-out")]);
    expect(rsa).toMatchObject({ code: 0, stderr: "" });
  });

  test("a folder outside certbot's live/ is refused", async () => {
    const odd = path.join(root, "odd", DOMAIN);
    fs.mkdirSync(odd, { recursive: true });
    for (const name of ["privkey.pem", "fullchain.pem", "chain.pem"]) fs.writeFileSync(path.join(odd, name), "x");
    const result = await runAuraSecure(["certs", "letsencrypt", "--live", odd, "--out", path.join(root, "odd-out")]);
    expect(result).toMatchObject({ code: 1, stderr: `error: --live ${odd} is not inside a certbot live/ folder; expected <certbot root>/live/<domain> (e.g. /etc/letsencrypt/live/neo4j.example.com)\n` });
    expect(fs.existsSync(path.join(root, "odd-out"))).toBe(false);
  });
});

describe("certs letsencrypt: what reaches the printed deploy hook (a shell script) is checked first", () => {
  test("a --live folder whose name holds a line break is refused before anything is laid out", async () => {
    const odd = path.join(certbot, "live", "graph.example.com\ntouch pwned");
    fs.mkdirSync(odd, { recursive: true });
    for (const name of ["privkey.pem", "fullchain.pem", "chain.pem"]) fs.writeFileSync(path.join(odd, name), "x");
    const out = path.join(root, "newline-out");
    const result = await runAuraSecure(["certs", "letsencrypt", "--live", odd, "--out", out]);
    expect(result).toMatchObject({ code: 1, stdout: "", stderr: `error: --live ${JSON.stringify(odd)} contains a line break or control character; rename the folder\n` });
    expect(fs.existsSync(out)).toBe(false);
  });

  test("a --group that is not a group name or gid is refused", async () => {
    const out = path.join(root, "group-out");
    const result = await runAuraSecure(["certs", "letsencrypt", "--live", live(), "--out", out, "--group", "neo4j; rm -rf /"]);
    expect(result).toMatchObject({ code: 1, stdout: "", stderr: 'error: --group "neo4j; rm -rf /" is not a group name or gid\n' });
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe("printed commands", () => {
  test("permission commands touch only live/<domain> and archive/<domain>, group read on files", () => {
    expect(letsEncryptPermissionCommands("/etc/letsencrypt/live/neo4j.example.com", "neo4j")).toEqual([
      "chgrp neo4j /etc/letsencrypt/live /etc/letsencrypt/archive && chmod g+x,g-w /etc/letsencrypt/live /etc/letsencrypt/archive",
      "chgrp -R neo4j /etc/letsencrypt/live/neo4j.example.com /etc/letsencrypt/archive/neo4j.example.com && chmod g+rx,g-w /etc/letsencrypt/live/neo4j.example.com /etc/letsencrypt/archive/neo4j.example.com",
      "find /etc/letsencrypt/archive/neo4j.example.com -type f -exec chmod g+r,g-wx,o-rwx {} +",
    ]);
  });
  test("paths are shell-quoted: sh reads them back byte for byte", () => {
    const live = "/x y/it's $(id)/live/d";
    const hook = renderDeployHook(live, "neo4j", "true");
    expect(hook).toContain(`[ "\${RENEWED_LINEAGE:-}" = "/x y/it's \\$(id)/live/d" ] || exit 0`);
    const line = letsEncryptPermissionCommands(live, "neo4j")[2]!;
    // The printed find command, run with `find` replaced by printf, hands over the archive path unchanged.
    const r = spawnSync("sh", ["-c", `find() { printf '%s\\n' "$1"; }; ${line}`], { encoding: "utf8" });
    expect(r.stdout).toBe("/x y/it's $(id)/archive/d\n");
  });
});


/** Reads a file as the Neo4j user (uid 54321, only group 54399); null when refused. */
function readAsNeo4j(file: string): string | null {
  const result = spawnSync("setpriv", ["--reuid", String(NEO4J_UID), "--regid", String(NEO4J_GID), "--clear-groups", "cat", file], { encoding: "utf8" });
  return result.status === 0 ? result.stdout : null;
}

describeUnless(rootReason(true), "on the fake tree, as root, read back as the Neo4j user (setpriv)", () => {
  let out: string;
  let stdout: string;
  const marker = () => path.join(root, "restarted");

  beforeAll(async () => {
    out = path.join(root, "neo4j-certificates");
    const result = await runAuraSecure([
      "certs", "letsencrypt", "--live", live(), "--out", out, "--group", String(NEO4J_GID), "--restart-command", `touch ${marker()}`, "--owner", `${NEO4J_UID}:${NEO4J_GID}`,
    ]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    stdout = result.stdout;
  });

  test("says Neo4j 5 reads certificates at start and prints a deploy hook", () => {
    expect(stdout).toContain("Neo4j 5 reads its certificates at start: after certbot renews them, restart Neo4j (the deploy hook below does). Live reload exists only from Neo4j 2025.03, with dbms.security.tls_reload_enabled=true and CALL dbms.security.reloadTLS()");
    expect(stdout).toContain(`certbot deploy hook (runs after each renewal): save as /etc/letsencrypt/renewal-hooks/deploy/neo4j and chmod 755 it:\n${renderDeployHook(live(), String(NEO4J_GID), `touch ${marker()}`)}`);
    expect(stdout).toContain(`owner: ${path.join(out, "bolt")}, ${path.join(out, "https")} now belong to ${NEO4J_UID}:${NEO4J_GID}`);
    expect(fs.lstatSync(path.join(out, "bolt", "private.key")).uid).toBe(NEO4J_UID); // the link itself
    expect(fs.statSync(path.join(archive(), "privkey1.pem")).uid).toBe(0); // certbot's file is untouched
  });

  test("before the printed commands the Neo4j user cannot read the key; after them it can, and nothing of the other domain", () => {
    const key = path.join(out, "bolt", "private.key");
    expect(readAsNeo4j(key)).toBeNull();
    const commands = stdout.split("\n").filter((line) => line.startsWith("  ")).map((line) => line.trim());
    expect(commands).toEqual(letsEncryptPermissionCommands(live(), String(NEO4J_GID)));
    for (const command of commands) expect(spawnSync("sh", ["-c", command], { encoding: "utf8" })).toMatchObject({ status: 0, stderr: "" });

    expect(readAsNeo4j(key)).toBe(fs.readFileSync(path.join(root, "src", "rsa", "bolt", "private.key"), "utf8"));
    expect(readAsNeo4j(path.join(out, "https", "public.crt"))).toContain("BEGIN CERTIFICATE");
    expect(mode(path.join(archive(), "privkey1.pem"))).toBe(0o640);
    expect(fs.statSync(path.join(archive(), "privkey1.pem")).gid).toBe(NEO4J_GID);
    expect(mode(path.join(archive(), "cert1.pem"))).toBe(0o640);
    expect(mode(path.join(certbot, "live"))).toBe(0o710); // traverse, no listing of other domains
    expect(mode(path.join(certbot, "archive"))).toBe(0o710);
    // The other domain keeps certbot's modes and group: its key stays root's alone.
    expect(mode(path.join(archive(OTHER), "privkey1.pem"))).toBe(0o600);
    expect(fs.statSync(path.join(archive(OTHER), "privkey1.pem")).gid).toBe(0);
    expect(readAsNeo4j(path.join(archive(OTHER), "privkey1.pem"))).toBeNull();
  });

  test("after a renewal the deploy hook gives the new files to the group and restarts; a hook for another lineage does nothing", () => {
    expect(stdout).toContain("#!/bin/sh");
    const hookText = stdout.slice(stdout.indexOf("#!/bin/sh"));
    const hook = path.join(root, "deploy-hook.sh");
    fs.writeFileSync(hook, hookText, { mode: 0o755 });

    // certbot renew: new archive files (privkey 0600 root), live links repointed.
    issue(DOMAIN, 2, path.join(root, "src", "rsa2", "bolt"));
    const key = path.join(out, "bolt", "private.key");
    const renewed = fs.readFileSync(path.join(root, "src", "rsa2", "bolt", "private.key"), "utf8");
    expect(fs.readFileSync(key, "utf8")).toBe(renewed); // the layout follows the links
    expect(readAsNeo4j(key)).toBeNull(); // but Neo4j's user cannot read the new key yet

    expect(spawnSync(hook, [], { env: { ...process.env, RENEWED_LINEAGE: live(OTHER) } }).status).toBe(0);
    expect(fs.existsSync(marker())).toBe(false);
    expect(readAsNeo4j(key)).toBeNull();

    const ran = spawnSync(hook, [], { encoding: "utf8", env: { ...process.env, RENEWED_LINEAGE: live() } });
    expect(ran).toMatchObject({ status: 0, stderr: "" });
    expect(fs.existsSync(marker())).toBe(true);
    expect(readAsNeo4j(key)).toBe(renewed);
    expect(mode(path.join(archive(), "privkey2.pem"))).toBe(0o640);
    expect(mode(path.join(archive(OTHER), "privkey1.pem"))).toBe(0o600);
  });
});

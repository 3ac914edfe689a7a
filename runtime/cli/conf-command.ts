import * as fs from "fs";
import { shellArgument } from "../../domain/shell";
import * as path from "path";
import { Command, Option } from "commander";
import { createPublicKey } from "crypto";
import { checkConfDir } from "../conf/check-fs";
import { assertSuitesCoverVersions, AURA_CIPHER_SUITES, ecTls12Warning, parseTlsVersions, toJavaCipherNames, TLS_VERSIONS } from "../conf/ciphers";
import { mergeConf } from "../conf/settings";
import {
  assertConfPath,
  CLIENT_AUTH_VALUES,
  parseClientAuth,
  parseListenAddress,
  parsePort,
  renderPasswordScript,
  renderSecurityConf,
  KeystoreSettings,
} from "../conf/render";
import { validateAlias } from "../keystore/alias";
import { parsePolicies, splitList, SslPolicy, SSL_POLICIES } from "../tls/inputs";
import { assertWritableTarget, backupFile, isRoot, Owner, ownerNote, parseOwner, writeFileAtomic } from "./atomic-files";
import { UserError } from "./errors";
import { assertInputFolder, assertOutputFile, readInputText } from "./input-files";
import { DEFAULT_PASSWORD_ENV } from "./keystore-command";
import { validateEnvName } from "./secrets";

export const CONF_FILE_NAME = "neo4j-security.conf";
export const PASSWORD_SCRIPT_NAME = "keystore-password.sh";
export const CONF_MODE = 0o640;
export const SCRIPT_MODE = 0o700;

interface RenderOptions {
  out: string;
  keystore?: string;
  keyName?: string;
  passwordEnv: string;
  script?: string;
  certificatesDir: string;
  policies: string;
  clientAuth: string;
  tlsVersions: string;
  ciphers: string;
  listenAddress: string;
  boltPort: string;
  httpsPort: string;
  home?: string;
  owner?: string;
  force?: boolean;
}

/**
 * The policy folders' certificates that are EC keys, when they already exist (resolved against NEO4J_HOME
 * like Neo4j resolves a relative base_directory); unreadable or absent files are simply not known yet.
 */
function ecCertificates(certificatesDir: string, home: string, policies: readonly SslPolicy[]): string[] {
  const found: string[] = [];
  for (const policy of policies) {
    const file = path.resolve(home, certificatesDir, policy, "public.crt");
    try {
      if (createPublicKey(fs.readFileSync(file)).asymmetricKeyType === "ec") found.push(file);
    } catch {
      // not there yet, or not readable by this user
    }
  }
  return found;
}

export function confCommand(): Command {
  const conf = new Command("conf").description("neo4j.conf settings for the keystore and TLS, and command-expansion checks");

  conf
    .command("render")
    .description(
      `Write ${CONF_FILE_NAME} (mode 0640) with the keystore settings, SSL policies (TLS 1.2/1.3, Aura-accepted ciphers), Bolt tls_level=REQUIRED and HTTPS, and ${PASSWORD_SCRIPT_NAME} (mode 0700) that prints the keystore password from an environment variable. Merge the fragment into neo4j.conf with conf merge (it replaces lines; appending makes duplicate settings, which Neo4j 5 refuses) and start Neo4j with --expand-commands. Refuses TLS versions without a cipher suite of their own.`,
    )
    .requiredOption("--out <dir>", "folder to write into (usually Neo4j's conf/)")
    .option("--keystore <path>", "absolute path of the PKCS12 keystore (dbms.security.keystore.path)")
    .option("--key-name <alias>", "alias of the AES key in the keystore (dbms.security.key.name)")
    .option("--password-env <NAME>", "environment variable the password script prints", DEFAULT_PASSWORD_ENV)
    .option("--script <path>", `where to write the password script (default <out>/${PASSWORD_SCRIPT_NAME}); referenced by absolute path`)
    .option("--certificates-dir <dir>", "folder holding <policy>/ certificate folders", "certificates")
    .addOption(new Option("--policies <list>", `SSL policies; allowed: ${SSL_POLICIES.join(", ")}`).default("bolt,https"))
    .addOption(new Option("--client-auth <mode>", `client_auth for bolt and https; allowed: ${CLIENT_AUTH_VALUES.join(", ")} (cluster is always REQUIRE)`).default("NONE"))
    .addOption(new Option("--tls-versions <list>", `allowed: ${TLS_VERSIONS.join(", ")}`).default(TLS_VERSIONS.join(",")))
    .addOption(new Option("--ciphers <list>", "cipher suites, IANA or OpenSSL names; default: the Aura-accepted list").default(AURA_CIPHER_SUITES.map((s) => s.iana).join(",")))
    .option("--listen-address <address>", "server.default_listen_address", "0.0.0.0")
    .option("--bolt-port <port>", "Bolt port", "7687")
    .option("--https-port <port>", "HTTPS port", "7473")
    .option("--home <dir>", "NEO4J_HOME, against which a relative --certificates-dir resolves to look at existing certificates (default: the parent of --out)")
    .option("--owner <user[:group]>", "give the written files to this user (e.g. neo4j:neo4j); needs root")
    .option("--force", "overwrite existing files")
    .action((options: RenderOptions) => {
      assertInputFolder(options.out, "--out", "the folder to write neo4j-security.conf into (usually Neo4j's conf/)");
      if (options.home !== undefined) assertInputFolder(options.home, "--home", "NEO4J_HOME");
      if (options.script !== undefined) assertOutputFile(options.script, "--script");
      const force = options.force ?? false;
      const owner = options.owner === undefined ? undefined : parseOwner(options.owner);
      const policies = parsePolicies(options.policies);
      const confPath = path.join(options.out, CONF_FILE_NAME);
      let keystore: KeystoreSettings | undefined;
      let scriptPath: string | undefined;
      if (options.keystore !== undefined || options.keyName !== undefined) {
        if (options.keystore === undefined || options.keyName === undefined) {
          throw new UserError("--keystore and --key-name go together; give both, or neither to leave out the keystore settings");
        }
        scriptPath = path.resolve(options.script ?? path.join(options.out, PASSWORD_SCRIPT_NAME));
        keystore = {
          keystorePath: assertConfPath(options.keystore, "--keystore", true),
          keyName: validateAlias(options.keyName, "--key-name"),
          passwordScript: assertConfPath(scriptPath, "--script", true),
        };
      }
      const envName = validateEnvName(options.passwordEnv, "--password-env");
      const tlsVersions = parseTlsVersions(splitList(options.tlsVersions));
      const ciphers = toJavaCipherNames(splitList(options.ciphers));
      assertSuitesCoverVersions(tlsVersions, ciphers);
      const certificatesDir = assertConfPath(options.certificatesDir.replace(/\/+$/, ""), "--certificates-dir", false);
      const text = renderSecurityConf({
        keystore,
        policies,
        certificatesDir,
        clientAuth: parseClientAuth(options.clientAuth),
        tlsVersions,
        ciphers,
        listenAddress: parseListenAddress(options.listenAddress),
        boltPort: parsePort(options.boltPort, "--bolt-port"),
        httpsPort: parsePort(options.httpsPort, "--https-port"),
      });
      assertWritableTarget(confPath, "--out", force);
      if (scriptPath) assertWritableTarget(scriptPath, "--script", force);

      const warning = ecTls12Warning(tlsVersions, ciphers);
      const ecFiles = warning ? ecCertificates(certificatesDir, options.home ?? path.dirname(path.resolve(options.out)), policies) : [];
      if (scriptPath) writeFileAtomic(scriptPath, renderPasswordScript(envName), SCRIPT_MODE, "--script", owner);
      writeFileAtomic(confPath, text, CONF_MODE, "--out", owner);
      for (const file of ecFiles) process.stderr.write(`warning: ${file}: ${warning!}\n`);
      process.stdout.write(
        `wrote ${confPath} (mode 0640)\n` +
          (scriptPath ? `wrote ${scriptPath} (mode 0700): prints $${envName}; set it in the environment of the Neo4j process\n` : "") +
          `do not append the fragment to neo4j.conf (Neo4j 5 refuses a setting declared twice); replace the lines: aura-secure conf merge --conf <conf>/neo4j.conf --fragment ${shellArgument(confPath)}\n` +
          (keystore ? "then start Neo4j with --expand-commands (the keystore password is a $(...) value)\n" : "") +
          ownerNote(scriptPath ? [confPath, scriptPath] : [confPath], owner),
      );
    });

  conf
    .command("check")
    .description(
      "Check a Neo4j conf folder: neo4j.conf and neo4j-admin.conf readable, at most 0640, owned by this user or its group (run the check as the Neo4j user), no setting declared twice (Neo4j 5 refuses to start), every $(...) program present, executable, owned by the owner of neo4j.conf or root, in a folder others cannot write; the keystore readable by this user and holding dbms.security.key.name as a secret key (with --run-password-script: opened by the password command's output, AES-256); each enabled SSL policy's private key and certificate readable by this user, the key not by others. Exits 1 when a problem is found.",
    )
    .argument("<dir>", "Neo4j conf folder holding neo4j.conf")
    .option("--home <dir>", "NEO4J_HOME, against which relative $(...) programs resolve (default: the parent of <dir>)")
    .option(
      "--run-password-script",
      "run the dbms.security.keystore.password command (it runs code from neo4j.conf, hence a flag) and check its output opens the keystore and the key is AES-256; a program the check flags is never run, and the command runs without a shell, with a minimal environment (see --pass-env) and a 10 s timeout",
    )
    .option("--pass-env <NAME>", `an environment variable the password command may see besides PATH, LANG and LC_ALL (repeatable; default ${DEFAULT_PASSWORD_ENV})`, (v: string, all: string[] = []) => [...all, v])
    .action((dir: string, options: { home?: string; runPasswordScript?: boolean; passEnv?: string[] }) => {
      assertInputFolder(dir, "conf folder", "the Neo4j conf folder holding neo4j.conf");
      if (options.home !== undefined) assertInputFolder(options.home, "--home", "NEO4J_HOME");
      const passEnv = options.passEnv?.map((name) => validateEnvName(name, "--pass-env"));
      const report = checkConfDir(dir, { home: options.home, runPasswordScript: options.runPasswordScript ?? false, passEnv });
      for (const problem of report.problems) process.stdout.write(`problem: ${problem}\n`);
      for (const note of report.notes) process.stdout.write(`note: ${note}\n`);
      if (report.problems.length === 0) {
        process.stdout.write(`ok: ${dir} passes the command-expansion checks\n`);
      } else {
        process.stdout.write(`${report.problems.length} problem(s) found\n`);
        process.exitCode = 1;
      }
    });

  conf
    .command("merge")
    .description(
      `Merge a fragment (e.g. ${CONF_FILE_NAME}) into neo4j.conf: a key already set is replaced on its line (later repeats removed), other lines are untouched, new keys are appended. Keeps neo4j.conf.bak-<timestamp>, writes atomically, keeps the file's mode and owner.`,
    )
    .requiredOption("--conf <file>", "neo4j.conf to update")
    .requiredOption("--fragment <file>", `settings to merge in (e.g. ${CONF_FILE_NAME} from conf render)`)
    .option("--owner <user[:group]>", "give the merged file to this user (default: keep the current owner); needs root")
    .option("--dry-run", "print what would change, write nothing")
    .action((options: { conf: string; fragment: string; owner?: string; dryRun?: boolean }) => {
      const owner: Owner | undefined = options.owner === undefined ? undefined : parseOwner(options.owner);
      // A linked neo4j.conf (packages often link /etc/neo4j into NEO4J_HOME/conf) is rewritten where it lives, keeping the link.
      let target = options.conf;
      try {
        target = fs.realpathSync(options.conf);
      } catch {
        // missing: read() below says so
      }
      const confText = readInputText(options.conf, "--conf", "Neo4j's neo4j.conf");
      const fragmentText = readInputText(options.fragment, "--fragment", "the settings to merge in (neo4j-security.conf from conf render)");
      const stat = fs.statSync(target);
      if (!stat.isFile()) throw new UserError(`--conf ${options.conf} is not a regular file`);
      const result = mergeConf(confText, fragmentText);
      const summary =
        `replaced in place: ${result.replaced.length ? result.replaced.join(", ") : "none"}\n` +
        `appended: ${result.appended.length ? result.appended.join(", ") : "none"}\n` +
        result.removedDuplicates.map((d) => `removed duplicate ${d.key} (line ${d.line})\n`).join("");
      if (options.dryRun) {
        process.stdout.write(`dry run, nothing written\n${summary}`);
        return;
      }
      if (result.text === confText) {
        process.stdout.write(`${options.conf} already holds every setting of ${options.fragment}; nothing written\n`);
        return;
      }
      assertWritableTarget(target, "--conf", true);
      const backup = backupFile(target, "--conf");
      const sameOwner = stat.uid === process.getuid?.() && stat.gid === process.getgid?.();
      if (!owner && !sameOwner && !isRoot()) {
        throw new UserError(`--conf ${options.conf} belongs to uid ${stat.uid} gid ${stat.gid}; a rewritten file would belong to you: run conf merge as root or as that user, so the owner is kept`);
      }
      const keepOwner = owner ?? (sameOwner ? undefined : { uid: stat.uid, gid: stat.gid });
      writeFileAtomic(target, result.text, stat.mode & 0o7777, "--conf", keepOwner);
      process.stdout.write(
        `merged ${options.fragment} into ${options.conf} (mode ${(stat.mode & 0o777).toString(8).padStart(4, "0")} kept)\n${summary}backup: ${backup}\n` +
          (owner ? ownerNote([options.conf], owner) : ""),
      );
    });

  return conf;
}

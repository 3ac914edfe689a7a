import * as fs from "fs";
import * as path from "path";
import { Command, Option } from "commander";
import { checkConfDir } from "../conf/check-fs";
import { AURA_CIPHER_SUITES, parseTlsVersions, toJavaCipherNames, TLS_VERSIONS } from "../conf/ciphers";
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
import { parsePolicies, splitList, SSL_POLICIES } from "../tls/inputs";
import { assertWritableTarget, writeFileAtomic } from "./atomic-files";
import { UserError } from "./errors";
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
  force?: boolean;
}

export function confCommand(): Command {
  const conf = new Command("conf").description("neo4j.conf settings for the keystore and TLS, and command-expansion checks");

  conf
    .command("render")
    .description(
      `Write ${CONF_FILE_NAME} (mode 0640) with the keystore settings, SSL policies (TLS 1.2/1.3, Aura-accepted ciphers), Bolt tls_level=REQUIRED and HTTPS, and ${PASSWORD_SCRIPT_NAME} (mode 0700) that prints the keystore password from an environment variable. Append the fragment to neo4j.conf and start Neo4j with --expand-commands.`,
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
    .option("--force", "overwrite existing files")
    .action((options: RenderOptions) => {
      const force = options.force ?? false;
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
      const text = renderSecurityConf({
        keystore,
        policies,
        certificatesDir: assertConfPath(options.certificatesDir.replace(/\/+$/, ""), "--certificates-dir", false),
        clientAuth: parseClientAuth(options.clientAuth),
        tlsVersions: parseTlsVersions(splitList(options.tlsVersions)),
        ciphers: toJavaCipherNames(splitList(options.ciphers)),
        listenAddress: parseListenAddress(options.listenAddress),
        boltPort: parsePort(options.boltPort, "--bolt-port"),
        httpsPort: parsePort(options.httpsPort, "--https-port"),
      });
      if (!fs.existsSync(options.out)) throw new UserError(`--out ${options.out}: folder does not exist`);
      assertWritableTarget(confPath, "--out", force);
      if (scriptPath) assertWritableTarget(scriptPath, "--script", force);

      if (scriptPath) writeFileAtomic(scriptPath, renderPasswordScript(envName), SCRIPT_MODE, "--script");
      writeFileAtomic(confPath, text, CONF_MODE, "--out");
      process.stdout.write(
        `wrote ${confPath} (mode 0640)\n` +
          (scriptPath ? `wrote ${scriptPath} (mode 0700): prints $${envName}; set it in the environment of the Neo4j process\n` : "") +
          "append the fragment to neo4j.conf (keep it at 0640) and start Neo4j with --expand-commands\n",
      );
    });

  conf
    .command("check")
    .description(
      "Check a Neo4j conf folder against the command-expansion rules: neo4j.conf and neo4j-admin.conf at most 0640, neo4j.conf owned by this user or its group (run the check as the Neo4j user), every $(...) program present and executable. Exits 1 when a problem is found.",
    )
    .argument("<dir>", "Neo4j conf folder holding neo4j.conf")
    .option("--home <dir>", "NEO4J_HOME, against which relative $(...) programs resolve (default: the parent of <dir>)")
    .action((dir: string, options: { home?: string }) => {
      if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UserError(`conf folder ${dir} does not exist or is not a folder`);
      const report = checkConfDir(dir, options.home);
      for (const problem of report.problems) process.stdout.write(`problem: ${problem}\n`);
      for (const note of report.notes) process.stdout.write(`note: ${note}\n`);
      if (report.problems.length === 0) {
        process.stdout.write(`ok: ${dir} passes the command-expansion checks\n`);
      } else {
        process.stdout.write(`${report.problems.length} problem(s) found\n`);
        process.exitCode = 1;
      }
    });

  return conf;
}

import { createPublicKey } from "crypto";
import { shellArgument, shellCommandProblem } from "../../domain/shell";
import * as fs from "fs";
import * as path from "path";
import { Command, Option } from "commander";
import { renderDeployHook, letsEncryptPermissionCommands, LETS_ENCRYPT_RELOAD_NOTE } from "../tls/letsencrypt";
import { loadOrPlanCa, writeCa } from "../tls/ca-files";
import { issueServerCertificate } from "../tls/certificates";
import {
  CA_DAYS,
  DEFAULT_RSA_KEY_SIZE,
  describeKey,
  parseDays,
  parseDnsNames,
  parseIps,
  parseKeySpec,
  MUTUAL_TLS_POLICIES,
  parsePolicies,
  RSA_KEY_SIZES,
  SERVER_DAYS,
  SSL_POLICIES,
} from "../tls/inputs";
import { assertLayoutTarget, LayoutItem, planLetsEncryptFolder, planPolicyFolder, writeLayout } from "../tls/layout";
import { ownerNote, parseOwner } from "./atomic-files";
import { UserError } from "./errors";
import { assertInputFolder, assertOutputFolder } from "./input-files";

/** Aura's accepted TLS 1.2 suites all authenticate with RSA, so an EC certificate cannot use any of them. */
export const EC_TLS12_NOTE =
  "EC certificates limit TLS 1.2 to ECDHE-ECDSA suites, and Aura's accepted list (the conf render default) has none, so with an EC certificate Neo4j handshakes over TLS 1.3 only; use rsa if clients need TLS 1.2.";

const collect = (value: string, previous: string[] = []) => [...previous, value];

interface CreateOptions {
  out: string;
  caDir: string;
  caName: string;
  dns: string[];
  ip: string[];
  policies: string;
  keyType: string;
  keySize?: string;
  days: string;
  caDays: string;
  owner?: string;
  force?: boolean;
}

interface LetsEncryptOptions {
  live: string;
  out: string;
  policies: string;
  group: string;
  restartCommand: string;
  allowPublicCaTrust?: boolean;
  owner?: string;
  force?: boolean;
}

const LIVE_FILES = ["privkey.pem", "fullchain.pem", "chain.pem"] as const;

export function certsCommand(): Command {
  const certs = new Command("certs").description("TLS certificates for Neo4j SSL policies, in the certificates/<policy>/ layout Neo4j reads");

  certs
    .command("create")
    .description(
      "Create (or reuse) a private CA and issue one server certificate per SSL policy: <out>/<policy>/private.key (0600), public.crt, trusted/ca.crt, revoked/",
    )
    .requiredOption("--out <dir>", "Neo4j certificates folder (e.g. /var/lib/neo4j/certificates)")
    .requiredOption("--ca-dir <dir>", "folder for the CA's ca.key (0600) and ca.crt; reused when both exist. Keep it off the database server")
    .option("--dns <name>", "DNS name for the subjectAltName (repeat or comma-separate)", collect, [])
    .option("--ip <address>", "IP address for the subjectAltName (repeat or comma-separate)", collect, [])
    .addOption(new Option("--policies <list>", `SSL policies, comma-separated; allowed: ${SSL_POLICIES.join(", ")}`).default("bolt,https"))
    .addOption(
      new Option(
        "--key-type <type>",
        `type of the new keys; allowed: rsa, ec (P-256, signed with ECDSA-SHA256). A reused CA keeps its own type and signs either. ${EC_TLS12_NOTE}`,
      ).default("rsa"),
    )
    .addOption(new Option("--key-size <bits>", `RSA key size (RSA only); allowed: ${RSA_KEY_SIZES.join(", ")}; default ${DEFAULT_RSA_KEY_SIZE}`))
    .addOption(new Option("--days <n>", `server certificate validity, ${SERVER_DAYS.min}-${SERVER_DAYS.max} days`).default("365"))
    .addOption(new Option("--ca-days <n>", `new CA validity, ${CA_DAYS.min}-${CA_DAYS.max} days`).default("3650"))
    .option("--ca-name <cn>", "common name of a new CA", "Neo4j private CA")
    .option("--owner <user[:group]>", "give the policy folders to this user, e.g. neo4j:neo4j (needs root); the CA stays yours")
    .option("--force", "replace existing policy folders")
    .action(async (options: CreateOptions) => {
      assertOutputFolder(options.out, "--out");
      assertOutputFolder(options.caDir, "--ca-dir");
      const owner = options.owner === undefined ? undefined : parseOwner(options.owner);
      const dnsNames = parseDnsNames(options.dns);
      const ips = parseIps(options.ip);
      if (dnsNames.length === 0 && ips.length === 0) throw new UserError("give at least one --dns name or --ip address for the certificates");
      const policies = parsePolicies(options.policies);
      const key = parseKeySpec(options.keyType, options.keySize);
      const days = parseDays(options.days, SERVER_DAYS, "--days");
      const caDays = parseDays(options.caDays, CA_DAYS, "--ca-days");
      assertLayoutTarget(options.out, policies, options.force ?? false);

      const { ca, created } = await loadOrPlanCa(options.caDir, { commonName: options.caName, days: caDays, key });
      const items: LayoutItem[] = [];
      for (const policy of policies) {
        items.push(...planPolicyFolder(policy, await issueServerCertificate({ policy, dnsNames, ips, days, key, ca }), ca.certPem));
      }
      const caDirExisted = fs.existsSync(options.caDir);
      if (created) writeCa(options.caDir, created);
      try {
        writeLayout(options.out, policies, items, owner);
      } catch (error) {
        // A new CA that signed certificates nobody received is removed with the folder it made.
        if (created && !caDirExisted) fs.rmSync(options.caDir, { recursive: true, force: true });
        throw error;
      }
      process.stdout.write(
        `${created ? "created CA" : "reused CA"} in ${options.caDir} (${ca.keyDescription})\n` +
          policies.map((policy) => `wrote ${path.join(options.out, policy)}/ (${describeKey(key)} private.key 0600, public.crt, trusted/ca.crt, revoked/)\n`).join("") +
          `subjectAltName: ${[...dnsNames.map((n) => `DNS:${n}`), ...ips.map((ip) => `IP:${ip}`)].join(", ")}\n` +
          (owner ? ownerNote(policies.map((policy) => path.join(options.out, policy)), owner) : `make the files readable by the user running Neo4j: chown -R neo4j:neo4j ${policies.map((policy) => shellArgument(path.join(options.out, policy))).join(" ")} (or pass --owner neo4j:neo4j)\n`) +
          (key.type === "ec" ? `note: ${EC_TLS12_NOTE}\n` : ""),
      );
    });

  certs
    .command("letsencrypt")
    .description(
      "Lay out symlinks from a certbot live/<domain> folder into <out>/<policy>/: private.key -> privkey.pem, public.crt -> fullchain.pem, trusted/chain.pem -> chain.pem, and an empty revoked/. Keys are never copied, so renewals are picked up at the next start (or TLS reload). Prints the permission commands and a certbot deploy hook.",
    )
    .requiredOption("--live <dir>", "certbot folder, e.g. /etc/letsencrypt/live/<domain>")
    .requiredOption("--out <dir>", "Neo4j certificates folder (e.g. /var/lib/neo4j/certificates)")
    .addOption(new Option("--policies <list>", `SSL policies, comma-separated; allowed: ${SSL_POLICIES.join(", ")} (cluster and backup need --allow-public-ca-trust)`).default("bolt,https"))
    .option("--group <group>", "group of the user running Neo4j, given read access to this domain's certbot files", "neo4j")
    .option("--restart-command <command>", "what the printed deploy hook runs after a renewal", "systemctl restart neo4j")
    .option(
      "--allow-public-ca-trust",
      "let cluster/backup policies trust the public CA: every certificate it ever issued, to anyone, is then accepted as a cluster member or backup client",
    )
    .option("--owner <user[:group]>", "give the policy folders and links to this user, e.g. neo4j:neo4j (needs root)")
    .option("--force", "replace existing policy folders")
    .action((options: LetsEncryptOptions) => {
      assertInputFolder(options.live, "--live", `a certbot live/<domain> folder with ${LIVE_FILES.join(", ")}`);
      assertOutputFolder(options.out, "--out");
      const policies = parsePolicies(options.policies);
      const owner = options.owner === undefined ? undefined : parseOwner(options.owner);
      // client_auth REQUIRE + a public CA's chain in trusted/ = any holder of that CA's certificates is a peer (docs/vendor-facts.md).
      const mutual = policies.filter((policy) => MUTUAL_TLS_POLICIES.has(policy));
      if (mutual.length > 0 && !options.allowPublicCaTrust) {
        throw new UserError(
          `--policies ${mutual.join(",")} with Let's Encrypt: these policies require client certificates and trust what trusted/ holds, here Let's Encrypt's chain, ` +
            `so any certificate Let's Encrypt ever issued (to anyone, for any domain) would be accepted as a ${mutual.join(" or ")} peer. ` +
            `Use a private CA for them: aura-secure certs create --policies ${mutual.join(",")} --ca-dir <ca> --dns <name> --out ${shellArgument(options.out)}; ` +
            "or pass --allow-public-ca-trust if you accept that",
        );
      }
      if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(options.group)) throw new UserError(`--group ${JSON.stringify(options.group)} is not a group name or gid`);
      // The folder's name goes into the deploy hook (a shell script): a line break there would start a command.
      if (/[\u0000-\u001f\u007f\u2028\u2029]/.test(options.live)) throw new UserError(`--live ${JSON.stringify(options.live)} contains a line break or control character; rename the folder`);
      const restartProblem = shellCommandProblem(options.restartCommand);
      if (restartProblem) throw new UserError(`--restart-command ${JSON.stringify(options.restartCommand)} ${restartProblem}`);
      const missing = LIVE_FILES.filter((name) => !exists(path.join(options.live, name)));
      if (missing.length > 0) {
        throw new UserError(`--live ${options.live} lacks ${missing.join(", ")}; expected a certbot live/<domain> folder with ${LIVE_FILES.join(", ")}`);
      }
      const live = path.resolve(options.live);
      if (path.basename(path.dirname(live)) !== "live") {
        throw new UserError(`--live ${options.live} is not inside a certbot live/ folder; expected <certbot root>/live/<domain> (e.g. /etc/letsencrypt/live/neo4j.example.com)`);
      }
      assertLayoutTarget(options.out, policies, options.force ?? false);
      const ec = isEcCertificate(path.join(live, "fullchain.pem"));
      writeLayout(options.out, policies, policies.flatMap((policy) => planLetsEncryptFolder(policy, options.live)), owner);
      const commands = letsEncryptPermissionCommands(live, options.group);
      process.stdout.write(
        policies.map((policy) => `linked ${path.join(options.out, policy)}/ -> ${live}\n`).join("") +
          (owner ? ownerNote(policies.map((policy) => path.join(options.out, policy)), owner) : "") +
          `let the Neo4j user's group read this domain's certbot files, and only them (run as root):\n${commands.map((line) => `  ${line}\n`).join("")}` +
          `${LETS_ENCRYPT_RELOAD_NOTE}\n` +
          `certbot deploy hook (runs after each renewal): save as /etc/letsencrypt/renewal-hooks/deploy/neo4j and chmod 755 it:\n` +
          renderDeployHook(live, options.group, options.restartCommand) +
          (mutual.length > 0 ? `warning: ${mutual.join(",")} trust Let's Encrypt (--allow-public-ca-trust): any certificate it issued is accepted as a peer\n` : ""),
      );
      if (ec) {
        // certbot >= 2.0 issues ECDSA P-256 keys unless asked for RSA (docs/vendor-facts.md, Self-managed Neo4j).
        process.stderr.write(
          `warning: ${path.join(live, "fullchain.pem")} holds an EC key (certbot's default since 2.0). With Aura's cipher suites (the conf render default) TLS 1.2 clients cannot handshake, only TLS 1.3: ` +
            `reissue with RSA (certbot certonly --key-type rsa --cert-name ${shellArgument(path.basename(live))} --force-renewal), or render --tls-versions TLSv1.3\n`,
        );
      }
    });

  return certs;
}

/** The leaf certificate's key type, read from the public fullchain.pem (privkey.pem may not be readable). */
function isEcCertificate(fullchain: string): boolean {
  try {
    return createPublicKey(fs.readFileSync(fullchain)).asymmetricKeyType === "ec";
  } catch {
    return false;
  }
}

/** lstat, not stat: certbot's live files are themselves links, and a dangling one still counts as laid out. */
function exists(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

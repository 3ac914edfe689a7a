import * as fs from "fs";
import * as path from "path";
import { Command, Option } from "commander";
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
  parsePolicies,
  RSA_KEY_SIZES,
  SERVER_DAYS,
  SSL_POLICIES,
} from "../tls/inputs";
import { assertLayoutTarget, LayoutItem, planLetsEncryptFolder, planPolicyFolder, writeLayout } from "../tls/layout";
import { UserError } from "./errors";

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
  force?: boolean;
}

interface LetsEncryptOptions {
  live: string;
  out: string;
  policies: string;
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
    .option("--force", "replace existing policy folders")
    .action(async (options: CreateOptions) => {
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
      if (created) writeCa(options.caDir, created);
      writeLayout(options.out, policies, items);
      process.stdout.write(
        `${created ? "created CA" : "reused CA"} in ${options.caDir} (${ca.keyDescription})\n` +
          policies.map((policy) => `wrote ${path.join(options.out, policy)}/ (${describeKey(key)} private.key 0600, public.crt, trusted/ca.crt, revoked/)\n`).join("") +
          `subjectAltName: ${[...dnsNames.map((n) => `DNS:${n}`), ...ips.map((ip) => `IP:${ip}`)].join(", ")}\n` +
          "make the files readable by the user running Neo4j (e.g. chown -R neo4j: <out>)\n" +
          (key.type === "ec" ? `note: ${EC_TLS12_NOTE}\n` : ""),
      );
    });

  certs
    .command("letsencrypt")
    .description(
      "Lay out symlinks from a certbot live/<domain> folder into <out>/<policy>/: private.key -> privkey.pem, public.crt -> fullchain.pem, trusted/chain.pem -> chain.pem, and an empty revoked/. Keys are never copied, so renewals are picked up.",
    )
    .requiredOption("--live <dir>", "certbot folder, e.g. /etc/letsencrypt/live/<domain>")
    .requiredOption("--out <dir>", "Neo4j certificates folder (e.g. /var/lib/neo4j/certificates)")
    .addOption(new Option("--policies <list>", `SSL policies, comma-separated; allowed: ${SSL_POLICIES.join(", ")}`).default("bolt,https"))
    .option("--force", "replace existing policy folders")
    .action((options: LetsEncryptOptions) => {
      const policies = parsePolicies(options.policies);
      const missing = LIVE_FILES.filter((name) => !exists(path.join(options.live, name)));
      if (missing.length > 0) {
        throw new UserError(`--live ${options.live} lacks ${missing.join(", ")}; expected a certbot live/<domain> folder with ${LIVE_FILES.join(", ")}`);
      }
      assertLayoutTarget(options.out, policies, options.force ?? false);
      writeLayout(options.out, policies, policies.flatMap((policy) => planLetsEncryptFolder(policy, options.live)));
      // certbot keeps live/<domain> and archive/<domain> under one root: both need the group's read access.
      const root = path.dirname(path.dirname(path.resolve(options.live)));
      const dirs = `${path.join(root, "live")} ${path.join(root, "archive")}`;
      process.stdout.write(
        policies.map((policy) => `linked ${path.join(options.out, policy)}/ -> ${path.resolve(options.live)}\n`).join("") +
          `let Neo4j read certbot's files (it runs as the neo4j user): chgrp -R neo4j ${dirs} && chmod -R g+rx ${dirs}\n`,
      );
    });

  return certs;
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

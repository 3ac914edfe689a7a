import * as path from "path";
import { shellArgument } from "../../domain/shell";

/** One quoting for every printed command (domain/shell.ts), so a printed command survives any path. */
const shellQuote = shellArgument;

/** certbot's layout: <root>/live/<domain> holds links into <root>/archive/<domain> (reference 003). */
export function certbotFolders(live: string): { root: string; domain: string; live: string; archive: string } {
  const resolved = path.resolve(live);
  const root = path.dirname(path.dirname(resolved));
  const domain = path.basename(resolved);
  return { root, domain, live: resolved, archive: path.join(root, "archive", domain) };
}

/**
 * Group read access to one domain's files only. Reference 003 opens all of /etc/letsencrypt/* (every
 * domain's key, the account key) with `chgrp -R neo4j` and `chmod -R g+rx`; here the group gets traverse
 * (x, no listing) on live/ and archive/, read on this domain's folders, read (never write or execute) on
 * its files, and others lose any access to them (docs/vendor-facts.md, Self-managed Neo4j).
 */
export function letsEncryptPermissionCommands(live: string, group: string): string[] {
  const f = certbotFolders(live);
  const q = shellQuote;
  const tops = `${q(path.join(f.root, "live"))} ${q(path.join(f.root, "archive"))}`;
  const own = `${q(f.live)} ${q(f.archive)}`;
  return [
    `chgrp ${q(group)} ${tops} && chmod g+x,g-w ${tops}`,
    `chgrp -R ${q(group)} ${own} && chmod g+rx,g-w ${own}`,
    `find ${q(f.archive)} -type f -exec chmod g+r,g-wx,o-rwx {} +`,
  ];
}

/** Neo4j 5 reads certificates at start; reload from 2025.03 (docs/vendor-facts.md, Self-managed Neo4j: the two doc versions' names differ). */
export const LETS_ENCRYPT_RELOAD_NOTE =
  "Neo4j 5 reads its certificates at start: after certbot renews them, restart Neo4j (the deploy hook below does). " +
  "Live reload exists only from Neo4j 2025.03, with dbms.security.tls_reload_enabled=true and CALL dbms.security.reloadTLS(); " +
  "there, pass that call as --restart-command (e.g. cypher-shell -a neo4j+s://<host>:7687 'CALL dbms.security.reloadTLS()').";

/**
 * A certbot deploy hook (run by certbot once per renewed certificate, with RENEWED_LINEAGE set to its
 * live/ folder): gives the Neo4j group read access to the new files, then restarts (or reloads) Neo4j.
 */
export function renderDeployHook(live: string, group: string, restartCommand: string): string {
  const f = certbotFolders(live);
  const q = shellQuote;
  return [
    "#!/bin/sh",
    `# certbot deploy hook written by aura-secure certs letsencrypt for ${f.domain}:`,
    "# lets the Neo4j group read the renewed files, then makes Neo4j load them (it reads certificates at start).",
    "set -eu",
    `[ "\${RENEWED_LINEAGE:-}" = ${q(f.live)} ] || exit 0`,
    `chgrp -R ${q(group)} ${q(f.live)} ${q(f.archive)}`,
    `chmod g+rx,g-w ${q(f.live)} ${q(f.archive)}`,
    `find ${q(f.archive)} -type f -exec chmod g+r,g-wx,o-rwx {} +`,
    restartCommand,
    "",
  ].join("\n");
}

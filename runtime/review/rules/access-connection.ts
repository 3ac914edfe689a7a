import { accessCypher, isAccessRunner } from "../access-state";
import { connectionWeakenings } from "../posture/runners";
import type { Rule } from "../rule";

export const accessConnection: Rule = {
  id: "AURA-ACC-4",
  severity: "medium",
  title: "The access runner's connection or an alias's protection changes",
  meaning:
    "The access runner logs in to the DBMS as an administrator. Its connection URL decides where those credentials go and how: neo4j+s/bolt+s encrypt and verify the server, +ssc encrypts without checking the certificate (allowUnverifiedTls), neo4j/bolt send them in clear (allowInsecureUrl). Remote aliases carry stored credentials the same way. This change moves the connection, weakens its protection, or changes the credentials it uses.",
  fix: "Keep neo4j+s:// (or bolt+s://) to the DBMS you mean; turn allowInsecureUrl or allowUnverifiedTls on only for a test server, and acknowledge it with a reason and an expiry date.",
  check(change) {
    if (!isAccessRunner(change) || (change.kind !== "update" && change.kind !== "replace")) return [];
    const weaker = connectionWeakenings(change);
    return weaker.length ? [{ detail: weaker.join("; "), cypher: accessCypher(change) }] : [];
  },
};

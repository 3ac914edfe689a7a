import { registrationWeakenings } from "../posture/runners";
import type { Rule } from "../rule";

export const credAuraApi: Rule = {
  id: "AURA-CRED-1",
  severity: "medium",
  title: "Where the Aura API credentials go changes",
  meaning:
    "The key registration runner sends the Aura API client id and secret to its base URL for a token. A different host receives them; a weaker scheme exposes them; a different reference reads another secret.",
  fix: "Keep the base URL https://api.neo4j.io (or your proxy you trust) and the references to the secrets you mean.",
  check(change) {
    if (change.kind !== "update" && change.kind !== "replace") return [];
    const weaker = registrationWeakenings(change);
    return weaker.length ? [{ detail: weaker.join("; ") }] : [];
  },
};

import { ROOT_STATEMENT_SID, ADMIN_STATEMENT_SID } from "../../../domain/aura/key-policy";
import { canonicalJson } from "../../../domain/state-hash";
import type { Hit, Rule } from "../rule";
import { jsonAttr, list } from "../values";

type Statement = Record<string, unknown>;

const statements = (policy: unknown): Statement[] | null => {
  const p = jsonAttr(policy);
  return p !== null && typeof p === "object" ? list<Statement>((p as Record<string, unknown>).Statement).filter((s) => s && typeof s === "object") : null;
};
const actions = (s: Statement) => list<string>(s.Action).map((a) => String(a).toLowerCase());
const principals = (s: Statement) => list<string>((s.Principal as Record<string, unknown> | undefined)?.AWS ?? s.Principal).map(String);
const canon = (s: Statement) => canonicalJson(s);

/** The account root with every KMS action: the statement that keeps the account in control of its key. */
export function isRootAdmin(s: Statement): boolean {
  return s.Effect === "Allow" && principals(s).some((p) => /^arn:aws[a-z-]*:iam::\d{12}:root$/.test(p) || /^\d{12}$/.test(p)) && actions(s).some((a) => a === "kms:*");
}

/** A statement that lets someone other than the account root use the key for data: Aura's statement, key users. */
export function isKeyUse(s: Statement): boolean {
  return s.Effect === "Allow" && !isRootAdmin(s) && s.Sid !== ADMIN_STATEMENT_SID && actions(s).some((a) => a === "kms:decrypt" || a === "kms:*");
}

export const keyPolicyLosesAccess: Rule = {
  id: "AURA-KEY-4",
  severity: "high",
  title: "Key policy loses the root admin or Aura's statement",
  meaning:
    "Without the account-root statement nobody in the account can administer the key any more (AWS support must restore access). Without Aura's statement, or with it changed, Aura cannot use the key: the instances become unavailable.",
  fix: `Keep the "${ROOT_STATEMENT_SID}" statement and the statement the Aura console generated exactly as given (customerManagedKey.auraStatement); change Aura's statement only to what the console shows now.`,
  check(change) {
    if (!["aws_kms_key", "aws_kms_replica_key", "aws_kms_key_policy"].includes(change.type)) return [];
    if (change.kind !== "update" && change.kind !== "replace") return [];
    const before = statements(change.before?.policy);
    const after = statements(change.after?.policy);
    if (!before || !after) return [];
    const hits: Hit[] = [];
    if (before.some(isRootAdmin) && !after.some(isRootAdmin)) hits.push({ detail: "the account-root statement (kms:* for arn:aws:iam::<account>:root) is removed" });
    const kept = new Set(after.map(canon));
    for (const s of before.filter(isKeyUse)) {
      if (kept.has(canon(s))) continue;
      const name = s.Sid ? `statement ${JSON.stringify(s.Sid)}` : `a key-use statement for ${principals(s).join(", ")}`;
      const same = after.find((x) => s.Sid !== undefined && x.Sid === s.Sid);
      hits.push({ detail: same ? `${name} is changed` : `${name} is removed` });
    }
    return hits;
  },
};

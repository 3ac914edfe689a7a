/**
 * Who may do what with an AWS KMS key, from its key policy: the one evaluation of Allow and Deny statements,
 * Principal/NotPrincipal, Action/NotAction and Conditions that the config lint, the key constructs and the plan
 * review all use (docs/vendor-facts.md, "Key policy evaluation").
 *
 * No library evaluates IAM policies offline in JavaScript, so this is written here; it follows AWS's documented
 * evaluation logic:
 * - an explicit Deny that applies wins; otherwise an Allow that applies allows; otherwise the request is denied;
 * - a principal named by account (`111122223333` or `arn:aws:iam::111122223333:root`) in Principal means every
 *   principal of that account (its IAM policies decide); in NotPrincipal it leaves out the account root only;
 * - Action patterns are case-insensitive globs (`*`, `?`); NotAction matches every action it does not list;
 * - Condition operators are ANDed, keys inside an operator are ANDed, values of one key are ORed (NORed for the
 *   negated operators); a key missing from the request makes a condition false, a negated one true; IfExists
 *   passes when the key is missing.
 *
 * Requests are asked about as "callers": the account root, an unnamed principal of an account, named roles and
 * users, service principals, an account the policy names nowhere, and an account in each organization the policy
 * names. Every answer is three-valued: "yes", "no", or "maybe" when it depends on something the policy leaves to
 * the request (kms:ViaService, encryption context, source IP, an unknown condition key or operator). Fail closed:
 * exposure counts "maybe" as allowed; usability counts "maybe" as not allowed.
 */

export type Tri = "yes" | "no" | "maybe";

/** Every KMS action (API Reference "Actions" plus permission-only ones), and one for actions AWS adds later. */
export const KMS_ACTIONS = [
  "kms:CancelKeyDeletion",
  "kms:ConnectCustomKeyStore",
  "kms:CreateAlias",
  "kms:CreateCustomKeyStore",
  "kms:CreateGrant",
  "kms:CreateKey",
  "kms:Decrypt",
  "kms:DeleteAlias",
  "kms:DeleteCustomKeyStore",
  "kms:DeleteImportedKeyMaterial",
  "kms:DeriveSharedSecret",
  "kms:DescribeCustomKeyStores",
  "kms:DescribeKey",
  "kms:DisableKey",
  "kms:DisableKeyRotation",
  "kms:DisconnectCustomKeyStore",
  "kms:EnableKey",
  "kms:EnableKeyRotation",
  "kms:Encrypt",
  "kms:GenerateDataKey",
  "kms:GenerateDataKeyPair",
  "kms:GenerateDataKeyPairWithoutPlaintext",
  "kms:GenerateDataKeyWithoutPlaintext",
  "kms:GenerateMac",
  "kms:GenerateRandom",
  "kms:GetKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:GetParametersForImport",
  "kms:GetPublicKey",
  "kms:ImportKeyMaterial",
  "kms:ListAliases",
  "kms:ListGrants",
  "kms:ListKeyPolicies",
  "kms:ListKeyRotations",
  "kms:ListKeys",
  "kms:ListResourceTags",
  "kms:ListRetirableGrants",
  "kms:PutKeyPolicy",
  "kms:ReEncryptFrom",
  "kms:ReEncryptTo",
  "kms:ReplicateKey",
  "kms:RetireGrant",
  "kms:RevokeGrant",
  "kms:RotateKeyOnDemand",
  "kms:ScheduleKeyDeletion",
  "kms:Sign",
  "kms:SynchronizeMultiRegionKey",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:UpdateAlias",
  "kms:UpdateCustomKeyStore",
  "kms:UpdateKeyDescription",
  "kms:UpdatePrimaryRegion",
  "kms:Verify",
  "kms:VerifyMac",
  // Stands for actions AWS adds later: `kms:*` and NotAction grant them too.
  "kms:FutureAction",
] as const;

/** The actions Aura (and any key user) needs to encrypt data with the key. */
export const KEY_USE_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"] as const;

/** Actions that control the key itself: whoever holds kms:PutKeyPolicy can give anyone anything. */
export const KEY_CONTROL_ACTIONS = ["kms:PutKeyPolicy", "kms:CreateGrant", "kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:DeleteImportedKeyMaterial", "kms:ReplicateKey", "kms:UpdatePrimaryRegion"] as const;

/** An account id no policy names: "any other account". */
export const OTHER_ACCOUNT = "(any other account)";

export type CallerKind = "root" | "principal" | "role" | "user" | "session" | "service" | "other";

/** Someone who may send a request to KMS. */
export interface Caller {
  kind: CallerKind;
  /** Account of the caller; undefined for service principals and others outside accounts. */
  account?: string;
  /** The principal's ARN (root, role, user, session), the service name, or the literal principal (others). */
  id?: string;
  /** Organization of the caller's account, when the policy asks about organizations. */
  orgId?: string;
}

export interface EvalContext {
  /** The key's own account: its root keeps control, its principals are "the account". */
  keyAccount?: string;
  /** The key's ARN, when known: a Resource naming another key does not apply. */
  keyArn?: string;
  /**
   * false: the key's own account root in Principal reaches only the root itself, not the account's roles and
   * users (whose access then depends on their IAM policies). Exposure asks this way, so that a role granted
   * kms:* by the key policy itself counts as more than the account's IAM already decided. Default true.
   */
  ownAccountDelegation?: boolean;
}

export type Statement = Record<string, unknown>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (typeof v === "string" ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const and = (a: Tri, b: Tri): Tri => (a === "no" || b === "no" ? "no" : a === "maybe" || b === "maybe" ? "maybe" : "yes");
const or = (a: Tri, b: Tri): Tri => (a === "yes" || b === "yes" ? "yes" : a === "maybe" || b === "maybe" ? "maybe" : "no");
const not = (a: Tri): Tri => (a === "yes" ? "no" : a === "no" ? "yes" : "maybe");

const globs = new Map<string, RegExp>();

/** IAM glob: `*` any run, `?` one character; case-insensitive when asked (actions), exact otherwise. */
export function globMatches(pattern: string, text: string, ignoreCase: boolean): boolean {
  const key = `${ignoreCase ? "i" : "s"}${pattern}`;
  let re = globs.get(key);
  if (!re) {
    re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, ignoreCase ? "is" : "s");
    if (globs.size < 10_000) globs.set(key, re);
  }
  return re.test(text);
}

/** Statements of a policy document (object or JSON text); null when it is not a policy. */
export function policyStatements(policy: unknown): Statement[] | null {
  let p = policy;
  if (typeof p === "string") {
    if (p.trim() === "") return [];
    try {
      p = JSON.parse(p);
    } catch {
      return null;
    }
  }
  if (!isObject(p)) return null;
  const s = p.Statement;
  if (s === undefined) return [];
  return (Array.isArray(s) ? s : [s]).filter(isObject);
}

const ACCOUNT_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):root$/;
const IAM_ARN = /^arn:aws[a-z-]*:(iam|sts)::(\d{12}):(role|user|assumed-role|federated-user)\/.+$/;

/** The account a principal text names (`111122223333`, `arn:aws:iam::111122223333:root`), or null. */
export function accountOfPrincipal(text: string): string | null {
  if (/^\d{12}$/.test(text)) return text;
  return ACCOUNT_ARN.exec(text)?.[1] ?? null;
}

interface PrincipalEntry {
  type: string;
  value: string;
}

function principalEntries(p: unknown): PrincipalEntry[] {
  if (p === "*") return [{ type: "AWS", value: "*" }];
  if (!isObject(p)) return [];
  return Object.entries(p).flatMap(([type, v]) => strings(v).map((value) => ({ type, value })));
}

/** Does one principal entry name this caller? `negated` for NotPrincipal (an account entry names only its root). */
function entryMatches(e: PrincipalEntry, c: Caller, negated: boolean, ctx: EvalContext): Tri {
  if (e.value === "*") return "yes";
  if (e.type === "AWS") {
    const account = accountOfPrincipal(e.value);
    if (account !== null) {
      if (c.account !== account) return "no";
      if (!negated && ctx.ownAccountDelegation === false && account === ctx.keyAccount) return c.kind === "root" ? "yes" : "no";
      return negated ? (c.kind === "root" ? "yes" : "no") : c.kind === "service" || c.kind === "other" ? "no" : "yes";
    }
    if (c.kind === "role" || c.kind === "user" || c.kind === "session") return c.id === e.value ? "yes" : "no";
    if (e.value.includes("*") || e.value.includes("?")) return "maybe"; // not a valid principal; never trust it
    return "no";
  }
  if (e.type === "Service") return c.kind === "service" && c.id === e.value ? "yes" : "no";
  return c.kind === "other" && c.id === `${e.type}:${e.value}` ? "yes" : "no";
}

function principalApplies(st: Statement, c: Caller, ctx: EvalContext): Tri {
  if (st.Principal !== undefined) return principalEntries(st.Principal).reduce<Tri>((acc, e) => or(acc, entryMatches(e, c, false, ctx)), "no");
  if (st.NotPrincipal !== undefined) return not(principalEntries(st.NotPrincipal).reduce<Tri>((acc, e) => or(acc, entryMatches(e, c, true, ctx)), "no"));
  return "no";
}

function actionApplies(st: Statement, action: string): Tri {
  const listed = (v: unknown) => strings(v).some((p) => p === "*" || globMatches(p, action, true));
  if (st.Action !== undefined) return listed(st.Action) ? "yes" : "no";
  if (st.NotAction !== undefined) return listed(st.NotAction) ? "no" : "yes";
  return "no";
}

function resourceApplies(st: Statement, ctx: EvalContext): Tri {
  if (st.Resource !== undefined) {
    const rs = strings(st.Resource);
    if (rs.includes("*")) return "yes";
    if (ctx.keyArn) return rs.some((r) => globMatches(r, ctx.keyArn!, false)) ? "yes" : "no";
    return rs.some((r) => /^arn:aws[a-z-]*:kms:/.test(r)) ? "maybe" : "no";
  }
  // NotResource: a key policy applies to its own key only; whether that key is listed needs its ARN.
  if (st.NotResource !== undefined) {
    if (ctx.keyArn) return strings(st.NotResource).some((r) => r === "*" || globMatches(r, ctx.keyArn!, false)) ? "no" : "yes";
    return "maybe";
  }
  return "no";
}

/** Stands for a name or account the policy does not spell out: `*` matches it, no written name does. */
const UNNAMED = "\u0001";

/**
 * The values a condition key may have for a caller: one per kind of request the caller stands for (an unnamed
 * principal may be a role, a user or a session); undefined when the key is absent, null when the review cannot
 * know it (a key about the request rather than the caller).
 */
function contextValues(key: string, c: Caller): string[] | undefined | null {
  const acct = c.account === OTHER_ACCOUNT || c.account?.startsWith("(") ? UNNAMED : c.account;
  switch (key.toLowerCase()) {
    case "kms:calleraccount":
    case "aws:principalaccount":
      return c.kind === "service" || c.kind === "other" ? null : [acct!];
    case "aws:principalorgid":
      return c.kind === "service" || c.kind === "other" ? null : c.orgId === undefined ? undefined : [c.orgId];
    case "aws:principalarn":
      if (c.kind === "root") return [`arn:aws:iam::${acct}:root`];
      if (c.kind === "role" || c.kind === "user" || c.kind === "session") return [c.id!];
      return null;
    case "aws:principalservicename":
      return c.kind === "service" ? [c.id!] : c.kind === "other" ? null : undefined;
    case "aws:sourceaccount":
    case "aws:sourcearn":
    case "aws:sourceorgid":
      // Present only when a service calls on behalf of a resource: never for IAM principals' own calls.
      return c.kind === "service" || c.kind === "other" ? null : undefined;
    case "aws:principaltype":
      return c.kind === "root" ? ["Account"] : c.kind === "role" || c.kind === "session" ? ["AssumedRole"] : c.kind === "user" ? ["User"] : null;
    default:
      return null;
  }
}

const STRING_OPS: Record<string, { negated: boolean; test: (pattern: string, value: string) => boolean }> = {
  stringequals: { negated: false, test: (p, v) => p === v },
  stringnotequals: { negated: true, test: (p, v) => p === v },
  stringequalsignorecase: { negated: false, test: (p, v) => p.toLowerCase() === v.toLowerCase() },
  stringnotequalsignorecase: { negated: true, test: (p, v) => p.toLowerCase() === v.toLowerCase() },
  stringlike: { negated: false, test: (p, v) => globMatches(p, v, false) },
  stringnotlike: { negated: true, test: (p, v) => globMatches(p, v, false) },
  arnequals: { negated: false, test: (p, v) => p === v },
  arnlike: { negated: false, test: (p, v) => globMatches(p, v, false) },
  arnnotequals: { negated: true, test: (p, v) => p === v },
  arnnotlike: { negated: true, test: (p, v) => globMatches(p, v, false) },
};

function conditionApplies(condition: unknown, c: Caller): Tri {
  if (condition === undefined) return "yes";
  if (!isObject(condition)) return "maybe";
  let result: Tri = "yes";
  for (const [rawOp, block] of Object.entries(condition)) {
    if (!isObject(block)) return "maybe";
    let op = rawOp.toLowerCase();
    // ForAnyValue on single-valued keys is the plain operator; ForAllValues passes on a missing key: unknown here.
    if (op.startsWith("foranyvalue:")) op = op.slice("foranyvalue:".length);
    else if (op.startsWith("forallvalues:")) {
      result = and(result, "maybe");
      continue;
    }
    const ifExists = op.endsWith("ifexists");
    if (ifExists) op = op.slice(0, -"ifexists".length);
    for (const [key, raw] of Object.entries(block)) {
      const values = strings(raw);
      const actual = contextValues(key, c);
      let r: Tri;
      if (op === "null") {
        r = actual === null ? "maybe" : values.some((v) => (v === "true") === (actual === undefined)) ? "yes" : "no";
      } else if (STRING_OPS[op] === undefined || actual === null || values.some((v) => v.includes("${"))) {
        r = "maybe";
      } else if (actual === undefined) {
        r = ifExists ? "yes" : STRING_OPS[op]!.negated ? "yes" : "no";
      } else {
        const { negated, test } = STRING_OPS[op]!;
        // Every kind of request the caller stands for must give the same answer, or it depends.
        const answers = new Set(actual.map((value) => (values.some((p) => test(p, value)) !== negated ? "yes" : "no")));
        r = answers.size === 1 ? (answers.has("yes") ? "yes" : "no") : "maybe";
        // IfExists also passes in requests that lack the key, which the callers here cannot rule out.
        if (ifExists && r === "no") r = "maybe";
      }
      result = and(result, r);
      if (result === "no") return "no";
    }
  }
  return result;
}

/**
 * The concrete requests an unnamed principal of an account stands for: a role or a user the policy does not
 * name. Each is evaluated whole, and the answers combined: the same answer, or "maybe".
 */
function representatives(c: Caller): Caller[] {
  if (c.kind !== "principal") return [c];
  const acct = c.account === OTHER_ACCOUNT || c.account?.startsWith("(") ? UNNAMED : c.account;
  return (["role", "user"] as const).map((kind) => ({ ...c, kind, id: `arn:aws:iam::${acct}:${kind}/${UNNAMED}` }));
}

const combine = (answers: Tri[]): Tri => (answers.every((a) => a === answers[0]) ? answers[0]! : "maybe");

/** Does one statement apply to a caller's request for an action (whatever its Effect)? */
export function statementApplies(st: Statement, c: Caller, action: string, ctx: EvalContext = {}): Tri {
  return combine(representatives(c).map((r) => statementAppliesOne(st, r, action, ctx)));
}

function statementAppliesOne(st: Statement, c: Caller, action: string, ctx: EvalContext): Tri {
  const base = statementBase(st, c, ctx);
  return base === "no" ? "no" : and(base, actionApplies(st, action));
}

/** Whether a statement applies to a caller, whatever the action: principal, resource and condition. */
function statementBase(st: Statement, c: Caller, ctx: EvalContext): Tri {
  let r = principalApplies(st, c, ctx);
  if (r === "no") return "no";
  r = and(r, resourceApplies(st, ctx));
  if (r === "no") return "no";
  return and(r, conditionApplies(st.Condition, c));
}

/** Is the request allowed by the key policy? Deny wins over Allow; nothing applying means denied. */
export function isAllowed(statements: readonly Statement[], c: Caller, action: string, ctx: EvalContext = {}): Tri {
  return combine(representatives(c).map((r) => isAllowedOne(statements, r, action, ctx)));
}

function isAllowedOne(statements: readonly Statement[], c: Caller, action: string, ctx: EvalContext, bases?: readonly Tri[]): Tri {
  let allow: Tri = "no";
  let deny: Tri = "no";
  for (const [i, st] of statements.entries()) {
    const base = bases ? bases[i]! : statementBase(st, c, ctx);
    if (base === "no") continue;
    const applies = and(base, actionApplies(st, action));
    if (applies === "no") continue;
    if (st.Effect === "Deny") deny = or(deny, applies);
    else if (st.Effect === "Allow") allow = or(allow, applies);
  }
  if (deny === "yes") return "no";
  return deny === "maybe" ? and(allow, "maybe") : allow;
}

/** Accounts, organizations, named principals and services a set of policies mentions. */
function mentioned(policies: ReadonlyArray<readonly Statement[]>): { accounts: Set<string>; orgs: Set<string>; arns: Map<string, string>; services: Set<string>; others: Set<string> } {
  const accounts = new Set<string>();
  const orgs = new Set<string>();
  const arns = new Map<string, string>();
  const services = new Set<string>();
  const others = new Set<string>();
  for (const st of policies.flat()) {
    for (const e of [...principalEntries(st.Principal), ...principalEntries(st.NotPrincipal)]) {
      if (e.value === "*") continue;
      if (e.type === "AWS") {
        const account = accountOfPrincipal(e.value);
        const iam = IAM_ARN.exec(e.value);
        if (account) accounts.add(account);
        else if (iam) {
          accounts.add(iam[2]!);
          arns.set(e.value, iam[2]!);
        }
      } else if (e.type === "Service") services.add(e.value);
      else others.add(`${e.type}:${e.value}`);
    }
    if (isObject(st.Condition)) {
      for (const block of Object.values(st.Condition)) {
        if (!isObject(block)) continue;
        for (const [key, raw] of Object.entries(block)) {
          const k = key.toLowerCase();
          for (const v of strings(raw)) {
            if ((k === "kms:calleraccount" || k === "aws:principalaccount" || k === "aws:sourceaccount") && /^\d{12}$/.test(v)) accounts.add(v);
            if (k === "aws:principalorgid" && !v.includes("*")) orgs.add(v);
            if (k === "aws:principalarn") {
              const iam = IAM_ARN.exec(v);
              if (iam) {
                accounts.add(iam[2]!);
                arns.set(v, iam[2]!);
              }
              const acct = ACCOUNT_ARN.exec(v)?.[1];
              if (acct) accounts.add(acct);
            }
          }
        }
      }
    }
  }
  return { accounts, orgs, arns, services, others };
}

/**
 * The callers worth asking about for these policies (pass the before and the after policy together, so both are
 * asked about the same callers): per named account its root, an unnamed principal and its named roles/users;
 * every named service; an account named nowhere; and an unnamed account in each named organization.
 */
export function callersOf(policies: ReadonlyArray<readonly Statement[]>, ctx: EvalContext = {}): Caller[] {
  const m = mentioned(policies);
  if (ctx.keyAccount) m.accounts.add(ctx.keyAccount);
  const out: Caller[] = [];
  for (const account of [...m.accounts].sort()) {
    out.push({ kind: "root", account, id: `arn:aws:iam::${account}:root` });
    out.push({ kind: "principal", account });
    for (const [arn, acct] of [...m.arns].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (acct !== account) continue;
      const kind = arn.includes(":role/") ? "role" : arn.includes(":user/") ? "user" : "session";
      out.push({ kind, account, id: arn });
    }
  }
  out.push({ kind: "root", account: OTHER_ACCOUNT, id: "arn:aws:iam::(any other account):root" });
  out.push({ kind: "principal", account: OTHER_ACCOUNT });
  for (const orgId of [...m.orgs].sort()) out.push({ kind: "principal", account: `(an account of ${orgId})`, orgId });
  for (const s of [...m.services].sort()) out.push({ kind: "service", id: s });
  for (const o of [...m.others].sort()) out.push({ kind: "other", id: o });
  return out;
}

/** Who a caller is, for messages. */
export function describeCaller(c: Caller, ctx: EvalContext = {}): string {
  const acct = c.account === OTHER_ACCOUNT ? "any account the policy does not name" : c.orgId ? `any account of organization ${c.orgId}` : c.account === ctx.keyAccount ? `the key's account ${c.account}` : `account ${c.account}`;
  switch (c.kind) {
    case "root":
      return c.account === OTHER_ACCOUNT ? "the root of any account the policy does not name" : `the root of ${acct}`;
    case "principal":
      return `any principal of ${acct}`;
    case "role":
    case "user":
    case "session":
      return c.id!;
    case "service":
      return `the service ${c.id}`;
    default:
      return `the principal ${c.id}`;
  }
}

/** Is this caller outside the key's own account (another account, an organization, anyone)? */
export function isForeign(c: Caller, ctx: EvalContext): boolean {
  return c.kind !== "service" && c.account !== ctx.keyAccount;
}

export interface Access {
  caller: Caller;
  /** Actions that are allowed or may be (exposure). */
  may: string[];
  /** Actions that are certainly allowed (usability). */
  sure: string[];
}

/** What each caller may and surely can do with the key. Pure. */
export function effectiveAccess(statements: readonly Statement[], callers: readonly Caller[], ctx: EvalContext = {}): Access[] {
  return callers.map((caller) => {
    const may: string[] = [];
    const sure: string[] = [];
    // What does not depend on the action is decided once per caller and statement.
    const reps = representatives(caller).map((r) => ({ r, bases: statements.map((st) => statementBase(st, r, ctx)) }));
    for (const action of KMS_ACTIONS) {
      const r = combine(reps.map(({ r: rep, bases }) => isAllowedOne(statements, rep, action, ctx, bases)));
      if (r !== "no") may.push(action);
      if (r === "yes") sure.push(action);
    }
    return { caller, may, sure };
  });
}

export interface AccessChange {
  caller: Caller;
  actions: string[];
}

const callerKey = (c: Caller) => `${c.kind}|${c.account ?? ""}|${c.id ?? ""}|${c.orgId ?? ""}`;

/** Actions callers may do after and could not before (exposure widened). */
export function widenedAccess(before: readonly Access[], after: readonly Access[]): AccessChange[] {
  const had = new Map(before.map((a) => [callerKey(a.caller), new Set(a.may)]));
  return after
    .map((a) => ({ caller: a.caller, actions: a.may.filter((x) => !had.get(callerKey(a.caller))?.has(x)) }))
    .filter((c) => c.actions.length > 0);
}

/** Actions callers surely could do before and can no longer be shown to (usability lost). */
export function lostAccess(before: readonly Access[], after: readonly Access[]): AccessChange[] {
  const has = new Map(after.map((a) => [callerKey(a.caller), new Set(a.sure)]));
  return before
    .map((b) => ({ caller: b.caller, actions: b.sure.filter((x) => !has.get(callerKey(b.caller))?.has(x)) }))
    .filter((c) => c.actions.length > 0);
}

/** A short list of actions: "every KMS action" when all, otherwise the names. */
export function describeActions(actions: readonly string[]): string {
  if (KMS_ACTIONS.every((a) => actions.includes(a))) return "every KMS action (kms:*)";
  const shown = actions.filter((a) => a !== "kms:FutureAction");
  const extra = actions.includes("kms:FutureAction") ? " and actions AWS adds later" : "";
  return `${shown.join(", ")}${extra}`;
}

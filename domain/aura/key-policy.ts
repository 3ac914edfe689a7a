/**
 * AWS KMS key policy for an Aura customer managed key: composition and lint. Pure functions, no provider
 * imports (docs/vendor-facts.md, "AWS and GCP customer managed keys"). The statement Aura's console generates is not published, so it is taken
 * from the user as given and checked here before it can lock the account out of its own key.
 */

import { UserError } from "../errors";
import { callersOf, globMatches, KMS_ACTIONS, OTHER_ACCOUNT, statementApplies, type Caller } from "../aws/key-policy-eval";

export type PolicyStatement = Record<string, unknown>;

export interface KeyPolicy {
  Version: "2012-10-17";
  Id: string;
  Statement: PolicyStatement[];
}

/** A statement with the place it came from, for messages: `customerManagedKey.auraStatement[1]`. */
export interface LocatedStatement {
  statement: PolicyStatement;
  where: string;
}

export const ROOT_STATEMENT_SID = "Enable IAM User Permissions";
export const ADMIN_STATEMENT_SID = "Allow access for Key Administrators";
export const USER_STATEMENT_SID = "Allow use of the key";

/** What a key administrator may do: AWS's default key-admin list, without using the key for data. */
export const KEY_ADMIN_ACTIONS = [
  "kms:Create*",
  "kms:Describe*",
  "kms:Enable*",
  "kms:List*",
  "kms:Put*",
  "kms:Update*",
  "kms:Revoke*",
  "kms:Disable*",
  "kms:Get*",
  "kms:Delete*",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:ScheduleKeyDeletion",
  "kms:CancelKeyDeletion",
  "kms:RotateKeyOnDemand",
] as const;

export const KEY_USER_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"] as const;

/** Actions the account root must keep: losing any of them means the key can no longer be administered. */
export const ROOT_ADMIN_ACTIONS = [
  "kms:PutKeyPolicy",
  "kms:GetKeyPolicy",
  "kms:ScheduleKeyDeletion",
  "kms:CancelKeyDeletion",
  "kms:EnableKey",
  "kms:DisableKey",
  "kms:EnableKeyRotation",
  "kms:DisableKeyRotation",
  "kms:CreateGrant",
  "kms:RevokeGrant",
] as const;

/** Condition keys that pin a "*" principal to accounts, as the Aura console's statement does. */
export const ACCOUNT_CONDITION_KEYS = ["kms:CallerAccount", "aws:PrincipalAccount", "aws:SourceAccount"] as const;

const STATEMENT_KEYS = new Set(["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"]);
const POLICY_KEYS = new Set(["Version", "Id", "Statement"]);

export function awsPartition(region: string): "aws" | "aws-cn" | "aws-us-gov" {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

export function accountRootArn(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:root`;
}

/** IAM principals a key policy may name: the account root, users and roles. */
export const IAM_PRINCIPAL_ARN_PATTERN = /^arn:(aws|aws-cn|aws-us-gov):iam::[0-9]{12}:(root|user\/[\w+=,.@/-]{1,512}|role\/[\w+=,.@/-]{1,512})$/;

function show(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return [];
}

function isStringOrStrings(value: unknown): boolean {
  return typeof value === "string" || (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string"));
}

function label(s: LocatedStatement): string {
  return typeof s.statement.Sid === "string" ? `${s.where} (Sid ${JSON.stringify(s.statement.Sid)})` : s.where;
}

/**
 * Turns what the user pasted into located statements: a JSON string, one statement, an array of
 * statements, or a whole policy `{ Version, Statement }`, exactly as the Aura console gives them.
 */
export function parseAuraStatements(value: unknown, where: string): { statements: LocatedStatement[]; errors: string[] } {
  let parsed = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch (err) {
      return {
        statements: [],
        errors: [`${where}: got ${show(value)}; not valid JSON (${(err as Error).message}); paste the JSON the Aura console generated, unchanged`],
      };
    }
  }
  if (Array.isArray(parsed)) return located(parsed, (i) => `${where}[${i}]`);
  if (isObject(parsed) && "Statement" in parsed) {
    const errors: string[] = [];
    for (const key of Object.keys(parsed).filter((k) => !POLICY_KEYS.has(k))) {
      errors.push(`${where}: got policy key ${JSON.stringify(key)}; a whole policy has only Version, Id and Statement`);
    }
    if (parsed.Version !== undefined && parsed.Version !== "2012-10-17") {
      errors.push(`${where}.Version: got ${show(parsed.Version)}; key policies use "2012-10-17"`);
    }
    const inner = parsed.Statement;
    const result = Array.isArray(inner) ? located(inner, (i) => `${where}.Statement[${i}]`) : located([inner], () => `${where}.Statement`);
    return { statements: result.statements, errors: [...errors, ...result.errors] };
  }
  return located([parsed], () => where);
}

function located(items: unknown[], whereOf: (i: number) => string): { statements: LocatedStatement[]; errors: string[] } {
  const statements: LocatedStatement[] = [];
  const errors: string[] = [];
  if (items.length === 0) errors.push(`${whereOf(0).replace(/\[0\]$/, "")}: got []; give at least the one statement the Aura console generated`);
  items.forEach((item, i) => {
    if (isObject(item)) statements.push({ statement: item, where: whereOf(i) });
    else errors.push(`${whereOf(i)}: got ${show(item)}; a policy statement is a JSON object with Sid, Effect, Principal, Action, Resource`);
  });
  return { statements, errors };
}

/** The statements this package always writes, before the user's and Aura's. */
export function baseStatements(input: Pick<KeyPolicyInput, "accountId" | "partition" | "adminPrincipals" | "userPrincipals">): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    {
      // First and unconditional: the account keeps control of the key whatever else the policy says.
      Sid: ROOT_STATEMENT_SID,
      Effect: "Allow",
      Principal: { AWS: accountRootArn(input.partition, input.accountId) },
      Action: "kms:*",
      Resource: "*",
    },
  ];
  if (input.adminPrincipals.length > 0) {
    statements.push({ Sid: ADMIN_STATEMENT_SID, Effect: "Allow", Principal: { AWS: [...input.adminPrincipals] }, Action: [...KEY_ADMIN_ACTIONS], Resource: "*" });
  }
  if (input.userPrincipals.length > 0) {
    statements.push({ Sid: USER_STATEMENT_SID, Effect: "Allow", Principal: { AWS: [...input.userPrincipals] }, Action: [...KEY_USER_ACTIONS], Resource: "*" });
  }
  return statements;
}

export interface KeyPolicyInput {
  accountId: string;
  partition: string;
  adminPrincipals: readonly string[];
  userPrincipals: readonly string[];
  /** What the Aura console generated: JSON text, a statement, an array of statements or a whole policy. */
  auraStatement: unknown;
  keyRegion: string;
  instanceRegion: string;
  /** false adds a warning; undefined means the caller does not know. */
  rotationEnabled?: boolean;
  /** Config path of the key, used in messages. */
  configPath?: string;
  /** Where the Aura statements came from, when not `<configPath>.auraStatement` (e.g. a file). */
  auraStatementWhere?: string;
}

export interface KeyPolicyResult {
  policy: KeyPolicy;
  errors: string[];
  warnings: string[];
}

/** An unsafe or invalid policy is the user's mistake: a UserError, printed without a stack trace. */
export class KeyPolicyError extends UserError {
  constructor(readonly problems: readonly string[]) {
    super(`The key policy is unsafe or invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "KeyPolicyError";
  }
}

/** Composes and lints without throwing: root admin first, then admins, users, then Aura's statement(s). */
export function buildKeyPolicy(input: KeyPolicyInput): KeyPolicyResult {
  const configPath = input.configPath ?? "customerManagedKey";
  const parsed = parseAuraStatements(input.auraStatement, input.auraStatementWhere ?? `${configPath}.auraStatement`);
  const base = baseStatements(input).map((statement, i) => ({ statement, where: `(generated statement ${i})` }));
  // Deep copies: the policy must not share objects with the config it came from.
  const aura = parsed.statements.map((s) => ({ ...s, statement: JSON.parse(JSON.stringify(s.statement)) as PolicyStatement }));
  const policy: KeyPolicy = { Version: "2012-10-17", Id: "aura-customer-managed-key", Statement: [...base, ...aura].map((s) => s.statement) };
  const lint = lintKeyPolicy({ ...input, configPath, statements: [...base, ...aura], firstUserStatement: base.length });
  return { policy, errors: [...parsed.errors, ...lint.errors], warnings: lint.warnings };
}

/** Composes the policy or throws KeyPolicyError listing every problem. */
export function composeKeyPolicy(input: KeyPolicyInput): { policy: KeyPolicy; warnings: string[] } {
  const { policy, errors, warnings } = buildKeyPolicy(input);
  if (errors.length > 0) throw new KeyPolicyError(errors);
  return { policy, warnings };
}

export interface LintInput {
  accountId: string;
  partition: string;
  keyRegion: string;
  instanceRegion: string;
  rotationEnabled?: boolean;
  configPath?: string;
  statements: readonly LocatedStatement[];
  /** Statements before this index were generated here and are trusted (the root statement grants kms:*). */
  firstUserStatement?: number;
}

/** Every check of the policy: structure, unique Sids, lock-out, unconditioned "*", kms:* grants, region. */
export function lintKeyPolicy(input: LintInput): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  const configPath = input.configPath ?? "customerManagedKey";
  const root = accountRootArn(input.partition, input.accountId);
  const first = input.firstUserStatement ?? 0;

  if (input.keyRegion !== input.instanceRegion) {
    errors.push(
      `${configPath}.instanceRegion: got ${show(input.instanceRegion)}, but the key is in ${input.keyRegion}; Aura only uses keys in the instance's own region: configure the key in the ${input.instanceRegion} entry, or make this key multiRegion with a replica in ${input.instanceRegion}`,
    );
  }
  if (input.rotationEnabled === false) {
    warnings.push(`${configPath}.rotation: automatic key rotation is off; Aura supports automatic rotation and rotating regularly is best practice`);
  }

  const sids = new Map<string, string>();
  let grantsUse = false;
  input.statements.forEach((s, index) => {
    const st = s.statement;
    const where = label(s);
    if (st.Sid !== undefined) {
      if (typeof st.Sid !== "string") errors.push(`${s.where}.Sid: got ${show(st.Sid)}; a Sid is a string`);
      else {
        const prior = sids.get(st.Sid);
        if (prior !== undefined) errors.push(`${where}: got Sid ${JSON.stringify(st.Sid)} again (first used by ${prior}); every Sid in a key policy must be unique: rename one`);
        else sids.set(st.Sid, s.where);
      }
    }
    if (index < first) return;

    const structural = structureProblems(s);
    errors.push(...structural);
    if (structural.length > 0) return;

    const hasCondition = isObject(st.Condition) && Object.keys(st.Condition).length > 0;
    // Stryker disable next-line ObjectLiteral: keyAccount only adds the key account's root and unnamed principal to callersOf (both excluded by unpinned and by accountItself below) and matters in statementApplies only with ownAccountDelegation false, never set here
    const ctx = { keyAccount: input.accountId };
    const rootCaller: Caller = { kind: "root", account: input.accountId, id: root };

    if (st.Effect === "Deny") {
      // The one evaluation (domain/aws/key-policy-eval.ts): does this Deny reach the account root's admin actions?
      const cut = ROOT_ADMIN_ACTIONS.filter((a) => statementApplies(st, rootCaller, a, ctx) === "yes");
      const maybe = ROOT_ADMIN_ACTIONS.filter((a) => statementApplies(st, rootCaller, a, ctx) === "maybe");
      const whom = show(st.NotPrincipal !== undefined ? { NotPrincipal: st.NotPrincipal } : st.Principal);
      if (cut.length > 0) {
        errors.push(
          `${where}: got a Deny of ${cut.join(", ")} for ${whom} ${hasCondition ? `whose Condition ${show(st.Condition)} matches the account root` : "without a Condition"}; it would lock the account root (${root}) out of the key. Remove it, narrow it with a Condition, or name principals other than the account root`,
        );
      } else if (maybe.length > 0) {
        warnings.push(`${where}: a Deny of ${maybe.join(", ")} that reaches the account root depends on its Condition; check that the Condition can never match the account's administrators`);
      }
      return;
    }

    // Allow statements from here on.
    if (st.NotPrincipal !== undefined) {
      errors.push(`${where}: got an Allow with NotPrincipal ${show(st.NotPrincipal)}; that grants the key to everyone not listed. Name the principals in Principal instead`);
      return;
    }
    const callers = callersOf([[st]], ctx);
    const grants = (c: Caller, action: string) => statementApplies(st, c, action, ctx) !== "no";
    // Unpinned: the statement may reach an account it does not name, or any account of an organization.
    const unpinned = callers.filter((c) => (c.account === OTHER_ACCOUNT || c.orgId !== undefined) && KMS_ACTIONS.some((a) => grants(c, a)));
    if (unpinned.length > 0) {
      errors.push(
        `${where}: got Principal ${show(st.Principal)} with ${hasCondition ? `Condition ${show(st.Condition)}` : "no Condition"}; a "*" principal must be pinned to accounts by a Condition such as { "StringEquals": { "kms:CallerAccount": "<12-digit account>" } } (or aws:PrincipalAccount / aws:SourceAccount), as the statement the Aura console generates is`,
      );
    }
    // Full control (every action, or kms:PutKeyPolicy which gives any other) for anyone but the key's account.
    const accountItself = (c: Caller) => c.account === input.accountId && (c.kind === "root" || c.kind === "principal");
    const controls = callers.filter((c) => !accountItself(c) && (grants(c, "kms:PutKeyPolicy") || KMS_ACTIONS.every((a) => grants(c, a))));
    if (controls.length > 0) {
      errors.push(
        `${where}: got ${st.NotAction !== undefined ? `NotAction ${show(st.NotAction)}` : `Action ${show(st.Action)}`} for ${show(st.Principal)}; full control (kms:*) is for the account root only (the first statement grants it). List the actions Aura needs, e.g. kms:Encrypt, kms:Decrypt, kms:ReEncrypt*, kms:GenerateDataKey*, kms:DescribeKey`,
      );
    }
    errors.push(...conditionScopeProblems(where, st.Condition, input.keyRegion, input.accountId));
    const actions = strings(st.Action);
    if (["kms:Encrypt", "kms:Decrypt"].every((a) => actions.some((p) => p === "*" || globMatches(p, a, true)))) grantsUse = true;
  });

  if (input.statements.length > first && !grantsUse) {
    warnings.push(`${configPath}.auraStatement: no Aura statement allows both kms:Encrypt and kms:Decrypt; Aura could not use this key. Check that you pasted the statement the Aura console generated`);
  }
  return { errors, warnings };
}

function structureProblems(s: LocatedStatement): string[] {
  const st = s.statement;
  const where = label(s);
  const problems: string[] = [];
  for (const key of Object.keys(st).filter((k) => !STATEMENT_KEYS.has(k))) {
    problems.push(`${where}: got key ${JSON.stringify(key)}; a statement has only Sid, Effect, Principal or NotPrincipal, Action or NotAction, Resource or NotResource, Condition`);
  }
  if (st.Effect !== "Allow" && st.Effect !== "Deny") problems.push(`${where}.Effect: got ${show(st.Effect)}; must be "Allow" or "Deny"`);
  const pairs: Array<[string, string]> = [
    ["Principal", "NotPrincipal"],
    ["Action", "NotAction"],
    ["Resource", "NotResource"],
  ];
  for (const [a, b] of pairs) {
    const count = (st[a] !== undefined ? 1 : 0) + (st[b] !== undefined ? 1 : 0);
    if (count !== 1) problems.push(`${where}: got ${count === 0 ? `neither ${a} nor ${b}` : `both ${a} and ${b}`}; a key policy statement needs exactly one of them`);
  }
  for (const key of ["Action", "NotAction", "Resource", "NotResource"]) {
    if (st[key] !== undefined && !isStringOrStrings(st[key])) problems.push(`${where}.${key}: got ${show(st[key])}; must be a string or a non-empty list of strings`);
  }
  for (const key of ["Principal", "NotPrincipal"]) {
    const p = st[key];
    if (p === undefined) continue;
    const ok = p === "*" || (isObject(p) && Object.keys(p).length > 0 && Object.values(p).every(isStringOrStrings));
    if (!ok) problems.push(`${where}.${key}: got ${show(p)}; must be "*" or an object like { "AWS": "arn:aws:iam::111122223333:root" }`);
  }
  if (st.Condition !== undefined && !(isObject(st.Condition) && Object.values(st.Condition).every(isObject))) {
    problems.push(`${where}.Condition: got ${show(st.Condition)}; must be an object of operators, e.g. { "StringEquals": { "kms:CallerAccount": "111122223333" } }`);
  }
  return problems;
}

/**
 * Conditions of an Allow that name another region or another key account than the key's: such a
 * statement can never match the calls made to this key (a pasted statement of another region's key, or
 * one edited by hand), so Aura would be refused at run time. aws:RequestedRegion and kms:ViaService name
 * the region of the call; aws:ResourceAccount and KMS key ARNs name the key's side. The caller's account
 * (kms:CallerAccount, aws:PrincipalAccount, aws:SourceAccount) is Aura's and may differ. Pure.
 */
export function conditionScopeProblems(where: string, condition: unknown, keyRegion: string, keyAccount: string): string[] {
  if (!isObject(condition)) return [];
  const problems: string[] = [];
  for (const [operator, block] of Object.entries(condition)) {
    // A negated operator (and Null) matches calls of other regions and accounts; so does one behind a set
    // qualifier (ForAnyValue:StringNotEquals), which an anchored test of the operator alone missed.
    if (!isObject(block) || /^(StringNot|ArnNot|Null)/.test(operator.replace(/^(ForAnyValue|ForAllValues):/, ""))) continue;
    for (const [key, value] of Object.entries(block)) {
      const k = key.toLowerCase();
      const at = `${where}.Condition.${operator}["${key}"]`;
      for (const v of strings(value)) {
        if (k === "aws:requestedregion" && !v.includes("*") && v !== keyRegion) {
          problems.push(`${at}: got ${JSON.stringify(v)}; the key is in ${keyRegion}, so calls to it are made in ${keyRegion} and this statement never matches. Use ${keyRegion} (the statement of the Aura console for this region)`);
        }
        const via = /^[a-z0-9-]+\.([a-z]{2}(?:-gov)?-[a-z]+-[0-9]+)\.amazonaws\.com$/.exec(v);
        if (k === "kms:viaservice" && via && via[1] !== keyRegion) {
          problems.push(`${at}: got ${JSON.stringify(v)}; a service calls the key from the key's region (${keyRegion}), so this statement never matches. Use the ${keyRegion} endpoint`);
        }
        if (k === "aws:resourceaccount" && /^[0-9]{12}$/.test(v) && v !== keyAccount) {
          problems.push(`${at}: got ${JSON.stringify(v)}; aws:ResourceAccount is the key's own account, ${keyAccount}; this statement never matches`);
        }
        const arn = /^arn:[a-z-]+:kms:([a-z0-9-]*):([0-9]{12}):key\//.exec(v);
        if (arn && (arn[1] !== keyRegion || arn[2] !== keyAccount)) {
          problems.push(`${at}: got ${JSON.stringify(v)}; names a key of ${arn[1] !== keyRegion ? `region ${arn[1]}` : ""}${arn[1] !== keyRegion && arn[2] !== keyAccount ? " and " : ""}${arn[2] !== keyAccount ? `account ${arn[2]}` : ""}, but this key is in ${keyRegion}, account ${keyAccount}; use the statement the Aura console generated for this key`);
        }
      }
    }
  }
  return problems;
}

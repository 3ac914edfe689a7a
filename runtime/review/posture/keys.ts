/**
 * The key posture of one stack before and after its plan, for every cloud: who may use or control the key
 * (AWS key policies and grants, Cloud KMS IAM, Key Vault role assignments, access policies and firewall),
 * whether Aura keeps its access, and whether the key stays usable. The judgements are the domain's
 * (domain/aws/key-policy-eval.ts, domain/gcp/key-iam.ts, domain/azure/key-vault-access.ts,
 * domain/posture/key-usability.ts); this file only reads the resources' attributes into them.
 */
import { ROOT_ADMIN_ACTIONS } from "../../../domain/aura/key-policy";
import {
  accountOfPrincipal,
  callersOf,
  describeActions,
  describeCaller,
  effectiveAccess,
  KEY_USE_ACTIONS,
  KMS_ACTIONS,
  lostAccess,
  OTHER_ACCOUNT,
  policyStatements,
  widenedAccess,
  type Access,
  type Caller,
  type EvalContext,
  type Statement,
} from "../../../domain/aws/key-policy-eval";
import { AURA_VAULT_ROLES, azureScopeCovers, cryptoPermissions, isCryptoRole, vaultReach, vaultRoleName, type RoleGrant } from "../../../domain/azure/key-vault-access";
import { isKeyRole, isPublicMember, lostAuraGrants, widenedGrants, type IamGrant } from "../../../domain/gcp/key-iam";
import { exposureWidening } from "../../../domain/network-exposure";
import { lostUsability, type KeyState } from "../../../domain/posture/key-usability";
import type { ResourceChange } from "../plan-format";
import type { KnownPrincipals, RuleContext, Severity, StackHit } from "../rule";
import { afterOf, beforeOf, block, isActive, list, str, unknownAfter } from "../values";

export type KeyEventKind = "lockout" | "aura-lost" | "unusable" | "exposed";

export interface KeyEvent extends StackHit {
  kind: KeyEventKind;
}

export const AWS_KEY_TYPES = ["aws_kms_key", "aws_kms_replica_key", "aws_kms_external_key", "aws_kms_replica_external_key"];
const USE_AND_GRANT = [...KEY_USE_ACTIONS, "kms:CreateGrant"];

const cache = new WeakMap<readonly ResourceChange[], KeyEvent[]>();

/** Every key event of the stack (computed once per stack). */
export function keyEvents(ctx: RuleContext): KeyEvent[] {
  const hit = cache.get(ctx.stackChanges);
  if (hit) return hit;
  const events = [...awsKeyEvents(ctx), ...gcpKeyEvents(ctx), ...azureKeyEvents(ctx)];
  cache.set(ctx.stackChanges, events);
  return events;
}

const accountOfArn = (arn: unknown) => (typeof arn === "string" ? /^arn:aws[a-z-]*:kms:[^:]*:(\d{12}):/.exec(arn)?.[1] : undefined);

/** The key's account: from its ARN, else from the statement that gives an account root every action. */
function keyAccountOf(values: Array<Record<string, unknown> | null>, policies: Array<Statement[] | null>): string | undefined {
  for (const v of values) {
    const a = accountOfArn(v?.arn) ?? accountOfArn(v?.key_id);
    if (a) return a;
  }
  for (const p of policies) {
    for (const st of p ?? []) {
      const actions = list<string>(st.Action).map(String);
      if (st.Effect !== "Allow" || !actions.some((a) => a === "*" || a.toLowerCase() === "kms:*")) continue;
      const principal = st.Principal as Record<string, unknown> | undefined;
      for (const p2 of list<string>(principal?.AWS)) {
        const acct = accountOfPrincipal(String(p2));
        if (acct) return acct;
      }
    }
  }
  return undefined;
}

/** One event per account (any principal of it covers its root and roles), the most general caller first. */
function perAccount(changes: Array<{ caller: Caller; actions: string[] }>): Array<{ caller: Caller; actions: string[] }> {
  const order = { principal: 0, root: 1, role: 2, user: 3, session: 4, service: 5, other: 6 } as const;
  const out = new Map<string, { caller: Caller; actions: string[] }>();
  for (const c of [...changes].sort((a, b) => order[a.caller.kind] - order[b.caller.kind])) {
    const key = c.caller.kind === "principal" || c.caller.kind === "root" ? `acct:${c.caller.account}` : `id:${c.caller.id}`;
    const prior = out.get(key) ?? (c.caller.account ? out.get(`acct:${c.caller.account}`) : undefined);
    if (prior && c.actions.every((a) => prior.actions.includes(a))) continue;
    out.set(key, c);
  }
  return [...out.values()];
}

interface PolicyView {
  change: ResourceChange;
  before: Statement[] | null;
  after: Statement[] | null;
  keyAccount?: string;
  keyArn?: string;
}

function awsKeyEvents(ctx: RuleContext): KeyEvent[] {
  const events: KeyEvent[] = [];
  const push = (change: ResourceChange, kind: KeyEventKind, detail: string, severity?: Severity) => events.push({ change, kind, detail, ...(severity ? { severity } : {}) });
  const changes = ctx.stackChanges.filter(isActive);
  const keys = ctx.stackChanges.filter((c) => AWS_KEY_TYPES.includes(c.type) && !c.deposed);
  const views: PolicyView[] = [];

  for (const c of changes) {
    const isKey = AWS_KEY_TYPES.includes(c.type);
    if (!isKey && c.type !== "aws_kms_key_policy") continue;
    const b = beforeOf(c);
    const a = afterOf(c);
    if (a && unknownAfter(c, "policy")) {
      push(c, "exposed", "the key policy becomes known only after apply: the review cannot judge who may use the key", "medium");
      continue;
    }
    let before = b ? policyStatements(b.policy ?? "") : null;
    let after = a ? policyStatements(a.policy ?? "") : null;
    if ((b && before === null) || (a && after === null)) {
      push(c, "exposed", "the key policy is not a JSON policy document the review can read", "medium");
      continue;
    }
    if (c.type === "aws_kms_key_policy") {
      const keyId = str(a?.key_id) ?? str(b?.key_id);
      const key = keys.find((k) => [k.before?.key_id, k.before?.id, k.before?.arn, k.after?.key_id, k.after?.arn].some((x) => x !== undefined && x !== null && x === keyId));
      if (c.kind === "create") {
        push(c, "exposed", `a separate key policy resource takes over the policy of key ${keyId ?? "(known after apply)"}; what it allows is judged below`, "high");
        if (key?.before) before = policyStatements(key.before.policy ?? "");
      }
      if (!a) {
        push(c, "aura-lost", `the key policy resource of key ${keyId ?? "?"} is ${c.kind === "forget" ? "forgotten" : "destroyed"}: AWS puts back the default key policy (the account root only), so Aura's statement goes`);
        continue;
      }
      if (a.bypass_policy_lockout_safety_check === true && b?.bypass_policy_lockout_safety_check !== true) {
        push(c, "exposed", "bypass_policy_lockout_safety_check = true: KMS no longer refuses a policy that locks the account out of its key");
      }
      views.push({ change: c, before, after, keyAccount: keyAccountOf([key?.before ?? null, key?.after ?? null], [before, after]), keyArn: str(key?.before?.arn) });
      continue;
    }
    if (a?.bypass_policy_lockout_safety_check === true && b?.bypass_policy_lockout_safety_check !== true) {
      push(c, "exposed", "bypass_policy_lockout_safety_check = true: KMS no longer refuses a policy that locks the account out of its key");
    }
    if (a) views.push({ change: c, before, after, keyAccount: keyAccountOf([b, a], [before, after]), ...(str(b?.arn) ? { keyArn: str(b?.arn)! } : {}) });
    usabilityEvents(c, awsKeyState(c.type, b), a ? awsKeyState(c.type, a) : null, ctx, push);
  }

  for (const v of views) policyEvents(v, ctx, push);
  grantEvents(changes, keys, ctx, push);
  return events;
}

function awsKeyState(type: string, v: Record<string, unknown> | null): KeyState | null {
  if (!v) return null;
  const enabled = type === "aws_kms_key" ? v.is_enabled : v.enabled;
  return { ...(typeof enabled === "boolean" ? { enabled } : {}), ...(typeof v.valid_to === "string" && v.valid_to ? { expires: v.valid_to } : {}) };
}

function usabilityEvents(c: ResourceChange, before: KeyState | null, after: KeyState | null, ctx: RuleContext, push: (c: ResourceChange, k: KeyEventKind, d: string, s?: Severity) => void): void {
  if (!after) return;
  for (const reason of lostUsability(before, after, ctx.now)) push(c, "unusable", reason);
}

function policyEvents(v: PolicyView, ctx: RuleContext, push: (c: ResourceChange, k: KeyEventKind, d: string, s?: Severity) => void): void {
  const ectx: EvalContext = { ...(v.keyAccount ? { keyAccount: v.keyAccount } : {}), ...(v.keyArn ? { keyArn: v.keyArn } : {}) };
  const known = ctx.known;
  const callers = callersOf([v.before ?? [], v.after ?? []], ectx);
  for (const acct of known?.awsAuraAccounts ?? []) {
    if (!callers.some((c) => c.account === acct)) callers.push({ kind: "principal", account: acct });
  }
  const after = effectiveAccess(v.after ?? [], callers, ectx);
  const before: Access[] | null = v.before ? effectiveAccess(v.before, callers, ectx) : null;
  // Exposure asks without the account's own delegation: a role the policy itself gives kms:* gets more than IAM decided.
  const direct = { ...ectx, ownAccountDelegation: false };
  const afterDirect = effectiveAccess(v.after ?? [], callers, direct);
  const beforeDirect: Access[] | null = v.before ? effectiveAccess(v.before, callers, direct) : null;
  const accountItself = (c: Caller) => c.account !== undefined && c.account === v.keyAccount && (c.kind === "root" || c.kind === "principal");
  const foreign = (c: Caller) => c.account !== undefined && c.account !== v.keyAccount && c.account !== OTHER_ACCOUNT && c.orgId === undefined && c.kind !== "service";

  // The account root keeps control (a lock-out needs AWS support to undo).
  if (v.keyAccount) {
    const root = callers.find((c) => c.kind === "root" && c.account === v.keyAccount)!;
    const had = before ? before.find((x) => x.caller === root)!.sure : [...ROOT_ADMIN_ACTIONS];
    const has = new Set(after.find((x) => x.caller === root)!.sure);
    const lost = ROOT_ADMIN_ACTIONS.filter((a) => had.includes(a) && !has.has(a));
    if (lost.length) push(v.change, "lockout", `the account root (${root.id}) can no longer ${lost.join(", ")}${after.find((x) => x.caller === root)!.may.some((a) => lost.includes(a as never)) ? " for certain (it depends on a condition the review cannot evaluate)" : ""}`);
  }

  // Aura (an account other than the key's; with --config, the accounts of Aura's statement) keeps key use.
  if (before) {
    const auraAccounts = known?.awsAuraAccounts;
    const lost = lostAccess(before, after)
      .filter((l) => foreign(l.caller) && (!auraAccounts?.size || auraAccounts.has(l.caller.account!)))
      .map((l) => ({ caller: l.caller, actions: l.actions.filter((a) => USE_AND_GRANT.includes(a)) }))
      .filter((l) => l.actions.length > 0);
    for (const l of perAccount(lost)) {
      const maybe = after.find((x) => x.caller === l.caller)!.may.some((a) => l.actions.includes(a));
      push(v.change, "aura-lost", `${describeCaller(l.caller, ectx)} (Aura's side of the key) can no longer ${describeActions(l.actions)}${maybe ? ": it now depends on a condition the review cannot evaluate" : ""}`);
    }
  }

  // Exposure: who may do more than before (or, for a new policy, more than Aura's pinned use).
  const widened = beforeDirect
    ? widenedAccess(beforeDirect, afterDirect)
    : afterDirect
        .filter((x) => x.may.length > 0)
        .map((x) => ({
          caller: x.caller,
          actions:
            x.caller.account === OTHER_ACCOUNT || x.caller.orgId !== undefined || (known && foreign(x.caller) && !known.awsAuraAccounts.has(x.caller.account!))
              ? x.may
              : // A new key's own administrators (the key's account) are by design; full control elsewhere is not.
                KMS_ACTIONS.every((k) => x.may.includes(k)) || (foreign(x.caller) && x.may.includes("kms:PutKeyPolicy"))
                ? x.may
                : [],
        }))
        .filter((x) => x.actions.length > 0);
  const expected = (c: Caller, actions: string[]) =>
    accountItself(c) ||
    (known !== undefined && c.id !== undefined && known.awsPrincipals.has(c.id) && !actions.includes("kms:PutKeyPolicy")) ||
    (known !== undefined && c.account !== undefined && known.awsAuraAccounts.has(c.account) && actions.every((a) => USE_AND_GRANT.includes(a) || a.startsWith("kms:List") || a.startsWith("kms:RevokeGrant") || a.startsWith("kms:RetireGrant")));
  for (const w of perAccount(widened.filter((w) => !expected(w.caller, w.actions)))) {
    const why =
      w.caller.account === OTHER_ACCOUNT ? " (a \"*\" principal not pinned to accounts)" : w.caller.orgId ? " (pinned to an organization, not to accounts)" : w.actions.includes("kms:PutKeyPolicy") ? " (full control: whoever may put the key policy may give anyone anything)" : "";
    push(v.change, "exposed", `${describeCaller(w.caller, ectx)} may now ${describeActions(w.actions)}${why}`);
  }
}

function grantEvents(changes: readonly ResourceChange[], keys: readonly ResourceChange[], ctx: RuleContext, push: (c: ResourceChange, k: KeyEventKind, d: string, s?: Severity) => void): void {
  const keyAccount = keys.map((k) => accountOfArn(k.before?.arn) ?? accountOfArn(k.after?.arn)).find((a) => a);
  for (const c of changes.filter((x) => x.type === "aws_kms_grant")) {
    const b = beforeOf(c);
    const a = afterOf(c);
    const text = (v: Record<string, unknown>) => `${list<string>(v.operations).join(", ") || "(operations known after apply)"} to ${str(v.grantee_principal) ?? "(grantee known after apply)"}`;
    if (a && (!b || JSON.stringify([a.operations, a.grantee_principal, a.constraints]) !== JSON.stringify([b.operations, b.grantee_principal, b.constraints]))) {
      push(c, "exposed", `a grant gives ${text(a)} outside the key policy${ctx.known?.awsPrincipals.has(str(a.grantee_principal) ?? "") ? " (a principal the config names)" : ""}`);
    }
    if (b && (!a || c.kind === "replace")) {
      const grantee = str(b.grantee_principal) ?? "";
      const acct = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(grantee)?.[1] ?? accountOfPrincipal(grantee);
      if (acct && acct !== keyAccount) push(c, "aura-lost", `the grant of ${text(b)} (another account: Aura's side may rely on it) is ${c.kind === "replace" ? "replaced (revoked, then created again)" : "revoked"}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// GCP

const GCP_IAM: Record<string, { scope: string; kind: "member" | "binding" | "policy" }> = {
  google_kms_crypto_key_iam_member: { scope: "crypto_key_id", kind: "member" },
  google_kms_crypto_key_iam_binding: { scope: "crypto_key_id", kind: "binding" },
  google_kms_crypto_key_iam_policy: { scope: "crypto_key_id", kind: "policy" },
  google_kms_key_ring_iam_member: { scope: "key_ring_id", kind: "member" },
  google_kms_key_ring_iam_binding: { scope: "key_ring_id", kind: "binding" },
  google_kms_key_ring_iam_policy: { scope: "key_ring_id", kind: "policy" },
  google_project_iam_member: { scope: "project", kind: "member" },
  google_project_iam_binding: { scope: "project", kind: "binding" },
  google_project_iam_policy: { scope: "project", kind: "policy" },
};
export const GCP_IAM_TYPES = Object.keys(GCP_IAM);
const NEW_SCOPE = "(a key or key ring created in this plan)";

function gcpGrants(c: ResourceChange, v: Record<string, unknown> | null, unknownScope: boolean): IamGrant[] | null {
  const spec = GCP_IAM[c.type];
  if (!spec || !v) return [];
  const scope = unknownScope ? NEW_SCOPE : (str(v[spec.scope]) ?? NEW_SCOPE);
  const conditioned = list(v.condition).length > 0;
  if (spec.kind === "member") return str(v.member) && str(v.role) ? [{ member: str(v.member)!, role: str(v.role)!, scope, conditioned }] : [];
  if (spec.kind === "binding") return list<string>(v.members).map((member) => ({ member: String(member), role: str(v.role) ?? "?", scope, conditioned }));
  let data: unknown;
  try {
    data = typeof v.policy_data === "string" ? JSON.parse(v.policy_data) : null;
  } catch {
    return null;
  }
  const bindings = list<Record<string, unknown>>((data as Record<string, unknown> | null)?.bindings);
  return bindings.flatMap((bd) => list<string>(bd.members).map((member) => ({ member: String(member), role: str(bd.role) ?? "?", scope, conditioned: bd.condition !== undefined })));
}

function gcpKeyEvents(ctx: RuleContext): KeyEvent[] {
  const events: KeyEvent[] = [];
  const push = (change: ResourceChange, kind: KeyEventKind, detail: string, severity?: Severity) => events.push({ change, kind, detail, ...(severity ? { severity } : {}) });
  const iam = ctx.stackChanges.filter((c) => GCP_IAM_TYPES.includes(c.type));
  const known = ctx.known;
  const named = known && known.gcpAuraMembers.size ? new Set(known.gcpAuraMembers) : undefined;
  const beforeAll: IamGrant[] = [];
  const byChange: Array<{ c: ResourceChange; before: IamGrant[]; after: IamGrant[] }> = [];
  for (const c of iam) {
    const scopeUnknown = unknownAfter(c, GCP_IAM[c.type]!.scope);
    const b = gcpGrants(c, beforeOf(c), false);
    const a = gcpGrants(c, afterOf(c), scopeUnknown);
    if (b === null || a === null) {
      push(c, "exposed", "the IAM policy_data is not JSON the review can read", "medium");
      continue;
    }
    const whoUnknown = Boolean(afterOf(c)) && (unknownAfter(c, "member") || unknownAfter(c, "members") || unknownAfter(c, "policy_data"));
    if (whoUnknown) push(c, "exposed", "who gets the role becomes known only after apply: the review cannot judge it", "medium");
    beforeAll.push(...b);
    // Who holds the role after is unknown, not nobody: that is the medium finding above, never a loss of Aura's role
    // (or a widening) read from the empty value the plan shows for it.
    byChange.push({ c, before: b, after: whoUnknown ? b : a });
  }
  const afterAll = byChange.flatMap((x) => x.after);
  for (const { c, after } of byChange) {
    if (!isActive(c)) continue;
    // Grants on a key created in this plan are a first apply: only anyone (or, with --config, unnamed members) counts.
    const firstApply = after.filter((g) => g.scope === NEW_SCOPE);
    const later = after.filter((g) => g.scope !== NEW_SCOPE);
    const widened = [...widenedGrants(beforeAll, firstApply, named ?? new Set(firstApply.map((g) => g.member))), ...widenedGrants(beforeAll, later, named)];
    for (const w of widened) {
      const who = w.reason === "public" ? `${w.member} (anyone${w.member === "allAuthenticatedUsers" ? " with a Google account" : ""})` : w.member;
      push(c, "exposed", `${who} gets ${w.role} on ${w.scope}${w.reason === "unnamed" ? " (a member the config does not name)" : ""}${w.conditioned ? " (with an IAM condition the review cannot evaluate)" : ""}`);
    }
  }
  // Aura's service accounts keep both roles (whatever resource grants them).
  const lost = lostAuraGrants(beforeAll, afterAll, named);
  for (const g of lost) {
    const cause = byChange.find((x) => x.before.some((y) => y.member === g.member && y.role === g.role && y.scope === g.scope) && !x.after.some((y) => y.member === g.member && y.role === g.role))?.c;
    if (cause) push(cause, "aura-lost", `${g.member} loses ${g.role} on ${g.scope}`);
  }
  // Public members with any role at all (viewer included) are reported above only for key roles: add the rest.
  for (const { c, after } of byChange) {
    for (const g of after.filter((x) => isPublicMember(x.member) && !isKeyRole(x.role) && !beforeAll.some((y) => y.member === x.member && y.role === x.role && y.scope === x.scope))) {
      push(c, "exposed", `${g.member} gets ${g.role} on ${g.scope} (anyone can see the key)`, "medium");
    }
  }
  // Usability: the key version in use and the key's primary version.
  for (const c of ctx.stackChanges.filter(isActive)) {
    if (c.type === "google_kms_crypto_key_version") {
      const b = beforeOf(c);
      if (!afterOf(c) && b) push(c, "unusable", `key version ${str(b.name) ?? c.address} is destroyed (data encrypted under it can no longer be decrypted)`);
      else usabilityEvents(c, b ? { versionState: str(b.state) ?? null } : null, { versionState: str(afterOf(c)?.state) ?? null }, ctx, push);
    }
    if (c.type === "google_kms_crypto_key") {
      const state = (v: Record<string, unknown> | null) => str(block(v?.primary)?.state) ?? null;
      const b = beforeOf(c);
      const a = afterOf(c);
      if (a && state(a) !== null) usabilityEvents(c, b ? { versionState: state(b) } : null, { versionState: state(a) }, ctx, push);
    }
  }
  return events;
}

// ---------------------------------------------------------------------------------------------------------
// Azure

const roleOf = (v: Record<string, unknown>) => vaultRoleName(str(v.role_definition_name) ?? str(v.role_definition_id) ?? "(role known after apply)");

/**
 * The config may name Aura's service principal by its Application ID (auraApplicationId): the stack then holds
 * an azuread_service_principal with that client_id, whose object id (known once it exists) is the principal
 * the role assignment names. Those object ids join the known Aura principals.
 */
function withAuraServicePrincipals(known: KnownPrincipals | undefined, changes: readonly ResourceChange[]): KnownPrincipals | undefined {
  if (!known?.azureAuraApplications.size) return known;
  const ids = changes
    .filter((c) => c.type === "azuread_service_principal")
    .flatMap((c) => [beforeOf(c), afterOf(c)])
    .filter((v): v is Record<string, unknown> => v !== null && known.azureAuraApplications.has(str(v.client_id) ?? ""))
    .flatMap((v) => str(v.object_id) ?? []);
  const apps = [...known.azureAuraApplications].map(applicationPrincipal);
  return { ...known, azureAuraPrincipals: new Set([...known.azureAuraPrincipals, ...ids, ...apps]), azurePrincipals: new Set([...known.azurePrincipals, ...ids, ...apps]) };
}

/** How a principal is named while only its application is known (a service principal created by this plan). */
const applicationPrincipal = (clientId: string) => `the service principal of application ${clientId}`;

/**
 * The principal of a role assignment whose principal_id is known only after apply, when the configuration
 * ties it to an azuread_service_principal of the plan: that principal's object id, or its application.
 */
function referencedPrincipal(c: ResourceChange, changes: readonly ResourceChange[]): string | null {
  for (const ref of c.references?.principal_id ?? []) {
    const m = /^(azuread_service_principal\.[^.[]+)(?:\[[^\]]*\])?\.object_id$/.exec(ref);
    if (!m) continue;
    const sp = changes.find((x) => x.type === "azuread_service_principal" && (x.configAddress ?? x.address) === m[1] && !x.deposed);
    const v = sp ? (afterOf(sp) ?? beforeOf(sp)) : null;
    const id = str(v?.object_id) ?? (str(v?.client_id) ? applicationPrincipal(str(v?.client_id)!) : undefined);
    if (id) return id;
  }
  return null;
}

function azureKeyEvents(ctx: RuleContext): KeyEvent[] {
  const events: KeyEvent[] = [];
  const push = (change: ResourceChange, kind: KeyEventKind, detail: string, severity?: Severity) => events.push({ change, kind, detail, ...(severity ? { severity } : {}) });
  const changes = ctx.stackChanges;
  const known = withAuraServicePrincipals(ctx.known, changes);
  const firstApply = changes.some((c) => c.type === "azurerm_key_vault" && c.kind === "create");
  const unnamed = (principal: string) => (known ? !known.azurePrincipals.has(principal) : !firstApply);
  const auraPrincipal = (p: string, roles: string[]) => (known?.azureAuraPrincipals.size ? known.azureAuraPrincipals.has(p) : roles.some((r) => (AURA_VAULT_ROLES as readonly string[]).includes(r)));

  // Role assignments.
  const grants = (v: Record<string, unknown> | null, c?: ResourceChange): RoleGrant[] =>
    v ? [{ principal: str(v.principal_id) ?? (c && referencedPrincipal(c, changes)) ?? "(principal known after apply)", role: roleOf(v), scope: str(v.scope) ?? "(scope known after apply)" }] : [];
  const ra = changes.filter((c) => c.type === "azurerm_role_assignment");
  const beforeGrants = ra.flatMap((c) => grants(beforeOf(c)));
  for (const c of ra.filter(isActive)) {
    for (const g of grants(afterOf(c), c)) {
      if (!isCryptoRole(g.role) || beforeGrants.some((x) => x.principal === g.principal && x.role === g.role && x.scope === g.scope)) continue;
      if (unknownAfter(c, "principal_id") && !referencedPrincipal(c, changes)) push(c, "exposed", `${g.role} goes to a principal known only after apply: the review cannot judge it`, "medium");
      else if (unnamed(g.principal)) push(c, "exposed", `${g.role} given to ${g.principal} on ${g.scope}${known ? " (a principal the config does not name)" : ""}`);
    }
  }
  // A replaced assignment is deleted before it is created again (Azure refuses a second identical assignment), and a
  // forgotten one is no longer managed: neither keeps Aura's role through the apply.
  const keptGrants = ra.filter((c) => c.kind !== "replace" && c.kind !== "forget").flatMap((c) => grants(afterOf(c), c));
  for (const g of beforeGrants) {
    if (!(AURA_VAULT_ROLES as readonly string[]).includes(g.role) || !auraPrincipal(g.principal, [g.role])) continue;
    // Kept only by the same role on the same vault or a scope that holds it: the role on another vault is a loss.
    if (keptGrants.some((x) => x.principal === g.principal && x.role === g.role && azureScopeCovers(x.scope, g.scope))) continue;
    const cause = ra.find((c) => grants(beforeOf(c)).some((x) => x.principal === g.principal && x.role === g.role && x.scope === g.scope))!;
    push(cause, "aura-lost", `${g.role} for ${g.principal} ${cause.kind === "replace" ? "is replaced (removed, then assigned again)" : cause.kind === "forget" ? "is no longer managed" : "is removed"}`);
  }

  // Aura's service principal itself (auraApplicationId): destroying or replacing it takes every role it holds.
  for (const c of changes.filter((x) => x.type === "azuread_service_principal" && isActive(x) && (x.kind === "delete" || x.kind === "replace"))) {
    const b = beforeOf(c);
    const id = str(b?.object_id);
    const app = str(b?.client_id);
    const holdsAuraRole = id !== undefined && beforeGrants.some((g) => g.principal === id && (AURA_VAULT_ROLES as readonly string[]).includes(g.role));
    const isAuras = app !== undefined && (known?.azureAuraApplications.has(app) ?? false);
    if (holdsAuraRole || isAuras) push(c, "aura-lost", `the service principal of application ${app ?? "?"}${id ? ` (${id})` : ""} is ${c.kind === "replace" ? "replaced: its role assignments go with the old one" : "destroyed, and its role assignments with it"}`);
  }

  // Access policies (vaults without RBAC): inline blocks and separate resources.
  const policies = (c: ResourceChange, v: Record<string, unknown> | null) =>
    !v ? [] : c.type === "azurerm_key_vault" ? list<Record<string, unknown>>(v.access_policy).map((p) => ({ principal: str(p.object_id) ?? "?", perms: list<string>(p.key_permissions).map(String) })) : c.type === "azurerm_key_vault_access_policy" ? [{ principal: str(v.object_id) ?? "?", perms: list<string>(v.key_permissions).map(String) }] : [];
  const ap = changes.filter((c) => c.type === "azurerm_key_vault" || c.type === "azurerm_key_vault_access_policy");
  const beforePolicies = ap.flatMap((c) => policies(c, beforeOf(c)));
  const afterPolicies = ap.flatMap((c) => policies(c, afterOf(c)));
  const permsOf = (list2: Array<{ principal: string; perms: string[] }>, p: string) => new Set(list2.filter((x) => x.principal === p).flatMap((x) => x.perms.map((y) => y.toLowerCase())));
  for (const c of ap.filter(isActive)) {
    for (const p of policies(c, afterOf(c))) {
      const had = permsOf(beforePolicies, p.principal);
      const added = cryptoPermissions(p.perms).filter((x) => !had.has(x.toLowerCase()));
      if (added.length && unnamed(p.principal)) push(c, "exposed", `access policy gives ${p.principal} key permissions ${added.join(", ")}${known ? " (a principal the config does not name)" : ""}`);
    }
  }
  for (const p of new Set(beforePolicies.map((x) => x.principal))) {
    const had = permsOf(beforePolicies, p);
    if (!(had.has("wrapkey") && had.has("unwrapkey")) || (known?.azureAuraPrincipals.size && !known.azureAuraPrincipals.has(p))) continue;
    const has = permsOf(afterPolicies, p);
    const lost = ["wrapKey", "unwrapKey"].filter((x) => !has.has(x.toLowerCase()));
    const cause = ap.find((c) => policies(c, beforeOf(c)).some((x) => x.principal === p) && isActive(c));
    if (lost.length && cause) push(cause, "aura-lost", `access policy of ${p} loses ${lost.join(" and ")}`);
  }

  // The vault: network, authorization model, disk encryption; the key: operations and validity.
  for (const c of changes.filter(isActive)) {
    const b = beforeOf(c);
    const a = afterOf(c);
    if (c.type === "azurerm_key_vault" && a) {
      const reach = (v: Record<string, unknown>) => {
        const acl = block(v.network_acls);
        return vaultReach({
          publicNetworkAccessEnabled: typeof v.public_network_access_enabled === "boolean" ? v.public_network_access_enabled : null,
          defaultAction: str(acl?.default_action) ?? (acl ? null : "Allow"),
          ipRules: list<string>(acl?.ip_rules).map(String),
          subnetIds: list<string>(acl?.virtual_network_subnet_ids).map(String),
          bypass: str(acl?.bypass) ?? null,
        });
      };
      if (b) {
        // The firewall admits or refuses an address for the whole vault (HTTPS), not per port: the widening is the
        // same for every protocol of the one rule, so it is reported once.
        const w = exposureWidening([reach(b)], [reach(a)])[0];
        if (w) {
          const all = w.afterSpan.exposure === "internet";
          const what = [w.added.ipv4 + w.added.ipv6 > 0n ? (all ? "every address (all networks)" : `${w.afterCidrs.filter((x) => !w.beforeCidrs.includes(x)).join(", ")}`) : "", ...w.addedNamed].filter(Boolean).join(", ");
          push(c, "exposed", `the vault's firewall now admits ${what}`);
        }
        const rbac = (v: Record<string, unknown>) => v.rbac_authorization_enabled ?? v.enable_rbac_authorization;
        if (rbac(b) === true && rbac(a) === false) push(c, "aura-lost", "RBAC authorization is turned off: role assignments (Aura's included) no longer apply; only access policies do");
      }
      if (b?.enabled_for_disk_encryption === true && a.enabled_for_disk_encryption === false) push(c, "unusable", "enabled_for_disk_encryption true -> false: Aura's CMK page requires Azure Disk Encryption for volume encryption");
    }
    if (c.type === "azurerm_key_vault_key" && a) {
      const state = (v: Record<string, unknown>): KeyState => ({
        ...(typeof v.enabled === "boolean" ? { enabled: v.enabled } : {}),
        notBefore: str(v.not_before_date) ?? null,
        expires: str(v.expiration_date) ?? null,
        operations: list<string>(v.key_opts).map(String),
        requiredOperations: ["wrapKey", "unwrapKey"],
      });
      usabilityEvents(c, b ? state(b) : null, state(a), ctx, push);
    }
  }
  return events;
}

/** Every review rule, in id order. Adding a rule: one file in this folder and one line here. */
import type { Rule } from "../rule";
import { accessConnection } from "./access-connection";
import { accessFirstApply } from "./access-first-apply";
import { accessInputUnknown } from "./access-input-unknown";
import { accessRemoved } from "./access-removed";
import { accessWidened } from "./access-widened";
import { credAuraApi } from "./cred-aura-api";
import { credCommands } from "./cred-commands";
import { dnsNameLost } from "./dns-name-lost";
import { dnsRecordTarget } from "./dns-record-target";
import { dnsWildcardSharedNetwork } from "./dns-wildcard-shared-network";
import { dnsZoneRemoved } from "./dns-zone-removed";
import { endpointReplaced } from "./endpoint-replaced";
import { iamWidened } from "./iam-widened";
import { keyAuraAccessLost } from "./key-aura-access-lost";
import { keyDeletionWindow } from "./key-deletion-window";
import { keyExposed } from "./key-exposed";
import { keyLockout } from "./key-lockout";
import { keyRemoved } from "./key-removed";
import { keyRotationOff } from "./key-rotation-off";
import { keyUnusable } from "./key-unusable";
import { keyVaultPurgeProtection } from "./key-vault-purge-protection";
import { planImport } from "./plan-import";
import { planRemoval } from "./plan-removal";
import { planUnknownAction } from "./plan-unknown-action";
import { planUnreviewed } from "./plan-unreviewed";
import { sgDenyChanged } from "./sg-deny-changed";
import { sgEgressWider } from "./sg-egress-wider";
import { sgNewPort } from "./sg-new-port";
import { sgNewSource } from "./sg-new-source";
import { sgWholeInternet } from "./sg-whole-internet";
import { sgWider } from "./sg-wider";

export const RULES: readonly Rule[] = [
  accessWidened,
  accessRemoved,
  accessFirstApply,
  accessConnection,
  accessInputUnknown,
  credAuraApi,
  credCommands,
  dnsZoneRemoved,
  dnsRecordTarget,
  dnsWildcardSharedNetwork,
  dnsNameLost,
  iamWidened,
  keyRemoved,
  keyDeletionWindow,
  keyRotationOff,
  keyLockout,
  keyVaultPurgeProtection,
  keyAuraAccessLost,
  keyUnusable,
  keyExposed,
  endpointReplaced,
  planUnreviewed,
  planRemoval,
  planImport,
  planUnknownAction,
  sgWholeInternet,
  sgWider,
  sgNewSource,
  sgNewPort,
  sgEgressWider,
  sgDenyChanged,
];

/** Rules that judge what changed; the plan-shape rules (AURA-PLAN-*) and the first-apply note do not apply to drift. */
export const DRIFT_RULES: readonly Rule[] = RULES.filter((r) => !r.id.startsWith("AURA-PLAN-") && r.id !== "AURA-ACC-3");

/** Every rule id a finding can carry (the drift summary included), for acknowledgements and SARIF. */
export const RULE_IDS: readonly string[] = [...RULES.map((r) => r.id), "AURA-DRIFT-1"].sort();

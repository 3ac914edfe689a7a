/** Every review rule, in id order. Adding a rule: one file in this folder and one line here. */
import type { Rule } from "../rule";
import { accessFirstApply } from "./access-first-apply";
import { accessRemoved } from "./access-removed";
import { accessWidened } from "./access-widened";
import { dnsRecordTarget } from "./dns-record-target";
import { dnsWildcardSharedNetwork } from "./dns-wildcard-shared-network";
import { dnsZoneRemoved } from "./dns-zone-removed";
import { endpointReplaced } from "./endpoint-replaced";
import { keyAuraRoleRemoved } from "./key-aura-role-removed";
import { keyDeletionWindow } from "./key-deletion-window";
import { keyPolicyLosesAccess } from "./key-policy";
import { keyRemoved } from "./key-removed";
import { keyRotationOff } from "./key-rotation-off";
import { keyVaultPurgeProtection } from "./key-vault-purge-protection";
import { sgNewPort } from "./sg-new-port";
import { sgNewSource } from "./sg-new-source";
import { sgOpenToWorld } from "./sg-open-to-world";
import { sgWiderCidr } from "./sg-wider-cidr";

export const RULES: readonly Rule[] = [
  accessWidened,
  accessRemoved,
  accessFirstApply,
  dnsZoneRemoved,
  dnsRecordTarget,
  dnsWildcardSharedNetwork,
  keyRemoved,
  keyDeletionWindow,
  keyRotationOff,
  keyPolicyLosesAccess,
  keyVaultPurgeProtection,
  keyAuraRoleRemoved,
  endpointReplaced,
  sgOpenToWorld,
  sgWiderCidr,
  sgNewSource,
  sgNewPort,
];

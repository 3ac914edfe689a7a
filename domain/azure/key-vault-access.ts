/**
 * Who can reach and use a Key Vault key: the vault's network exposure (public access, default action, IP rules,
 * subnets, trusted-service bypass), RBAC role assignments on the vault or key, and access policies of vaults
 * that do not use RBAC. Pure; the plan review reads the azurerm attributes into these shapes.
 * Sources: docs/vendor-facts.md, "Key Vault access".
 */
import type { AccessRule } from "../network-exposure";

/** Built-in Key Vault roles by name, with their role definition ids (Azure built-in roles page). */
export const KEY_VAULT_ROLES: Readonly<Record<string, string>> = {
  "Key Vault Administrator": "00482a5a-887f-4fb3-b363-3b7fe8e74483",
  "Key Vault Crypto Officer": "14b46e9e-c2b7-41b4-b07b-48a6ebf60603",
  "Key Vault Crypto Service Encryption User": "e147488a-f6f5-4113-8e2d-b22465e65bf6",
  "Key Vault Crypto User": "12338af0-0e69-4776-bea7-57ae8d297424",
  "Key Vault Reader": "21090545-7ca7-4776-b22c-e363652d74d2",
};

/** Roles through which Aura's CMK application uses the key (current CMK page; Crypto Officer on an older one). */
export const AURA_VAULT_ROLES = ["Key Vault Crypto Service Encryption User", "Key Vault Crypto Officer"] as const;

/** Roles that show metadata only. Every other role on a vault or key counts as access to the key (fail closed). */
const METADATA_ONLY = new Set(["Key Vault Reader", "Reader"]);

/**
 * Does a role assignment on `outer` reach what one on `inner` reached? The same scope or one that holds it (a
 * subscription holds its resource groups, a group its vaults, a vault its keys): Azure RBAC assignments are
 * inherited by child scopes (docs/vendor-facts.md, "Azure RBAC scopes"). Resource ids compare without case, as
 * Azure compares them.
 */
export function azureScopeCovers(outer: string, inner: string): boolean {
  const o = outer.toLowerCase().replace(/\/+$/, "");
  const i = inner.toLowerCase().replace(/\/+$/, "");
  return o !== "" && (i === o || i.startsWith(`${o}/`));
}

/** A role's name from role_definition_name or the GUID at the end of role_definition_id. */
export function vaultRoleName(nameOrId: string): string {
  const guid = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(nameOrId)?.[1]?.toLowerCase();
  if (guid) return Object.entries(KEY_VAULT_ROLES).find(([, id]) => id === guid)?.[0] ?? nameOrId;
  return nameOrId;
}

export const isCryptoRole = (role: string) => !METADATA_ONLY.has(vaultRoleName(role));

export interface RoleGrant {
  principal: string;
  role: string;
  scope: string;
}

/** Key permissions of an access policy that touch key material or control (everything but list). */
export function cryptoPermissions(permissions: readonly string[]): string[] {
  return permissions.filter((p) => p.toLowerCase() !== "list");
}

export interface VaultNetwork {
  publicNetworkAccessEnabled?: boolean | null;
  defaultAction?: string | null;
  ipRules?: readonly string[] | null;
  subnetIds?: readonly string[] | null;
  bypass?: string | null;
}

/**
 * Who reaches the vault over the network, as one all-protocol rule: nobody when public access is off, every
 * address when the firewall's default action is Allow, else the IP rules (single addresses are /32) and the
 * named subnets and trusted services.
 */
export function vaultReach(n: VaultNetwork): AccessRule {
  const rule = (cidrs: string[], named: string[]): AccessRule => ({ protocol: "all", fromPort: 0, toPort: 65535, cidrs, named });
  if (n.publicNetworkAccessEnabled === false) return rule([], []);
  if ((n.defaultAction ?? "Allow").toLowerCase() === "allow") return rule(["0.0.0.0/0", "::/0"], []);
  const cidrs = (n.ipRules ?? []).map((ip) => (ip.includes("/") ? ip : ip.includes(":") ? `${ip}/128` : `${ip}/32`));
  const named = [...(n.subnetIds ?? []).map((s) => `subnet ${s}`), ...((n.bypass ?? "").toLowerCase() === "azureservices" ? ["trusted Microsoft services"] : [])];
  return rule(cidrs, named);
}

/**
 * Who holds which role on a Cloud KMS key (or its key ring, or the project), and how a change widens or takes
 * it away. Roles that let a member use or control key material are "key roles"; viewer roles only show metadata.
 * allUsers and allAuthenticatedUsers are anyone. Custom roles cannot be read from a plan: they count as key
 * roles (fail closed). Pure. Sources: docs/vendor-facts.md, "Cloud KMS IAM".
 */

export interface IamGrant {
  member: string;
  role: string;
  /** Where the grant applies: the key, its key ring, or the project (resource id or address). */
  scope: string;
  /** An IAM condition narrows the grant; it still counts (the review cannot evaluate CEL). */
  conditioned?: boolean;
}

export const PUBLIC_MEMBERS = ["allUsers", "allAuthenticatedUsers"] as const;

/** The roles each of Aura's service accounts needs on the key (DESIGN.md section 5). */
export const AURA_KEY_ROLES = ["roles/cloudkms.cryptoKeyEncrypterDecrypter", "roles/cloudkms.viewer"] as const;

const METADATA_ONLY = new Set(["roles/cloudkms.viewer", "roles/cloudkms.publicKeyViewer", "roles/viewer", "roles/browser", "roles/iam.securityReviewer"]);

/** Does this role let its member use or control the key (encrypt, decrypt, sign, administer, set IAM)? */
export function isKeyRole(role: string): boolean {
  if (METADATA_ONLY.has(role)) return false;
  if (role.startsWith("roles/cloudkms.")) return true;
  if (role === "roles/owner" || role === "roles/editor") return true;
  // Custom roles (projects/x/roles/y, organizations/x/roles/y) may hold cloudkms permissions: count them.
  return !role.startsWith("roles/") || role.startsWith("roles/cloudkms");
}

export const isPublicMember = (m: string) => (PUBLIC_MEMBERS as readonly string[]).includes(m);

const key = (g: IamGrant) => `${g.scope}\u0000${g.role}\u0000${g.member}`;

/**
 * Key-role grants after that were not before: to anyone (public members) always, to others unless `named` lists
 * them. A public member with a metadata-only role can see the key but not use it: the caller reports that apart.
 */
export type WidenedGrant = IamGrant & { reason: "public" | "unnamed" | "new" };

export function widenedGrants(before: readonly IamGrant[], after: readonly IamGrant[], named?: ReadonlySet<string>): WidenedGrant[] {
  const had = new Set(before.map(key));
  return after
    .filter((g) => !had.has(key(g)) && isKeyRole(g.role))
    .flatMap((g): WidenedGrant[] => {
      if (isPublicMember(g.member)) return [{ ...g, reason: "public" }];
      if (named) return named.has(g.member) ? [] : [{ ...g, reason: "unnamed" }];
      return [{ ...g, reason: "new" }];
    });
}

/**
 * Does a grant on `outer` reach what a grant on `inner` reached? The same resource, or one that holds it: a key
 * ring holds its keys, a project (its id or projects/<id>) everything in it. Roles are inherited downward
 * (docs/vendor-facts.md, "Cloud KMS roles are inherited"). Folders and organizations are not in a plan's key ids.
 */
export function scopeCovers(outer: string, inner: string): boolean {
  if (outer === inner || inner.startsWith(`${outer}/`)) return true;
  const project = /^projects\/([^/]+)\//.exec(inner)?.[1];
  return project !== undefined && outer === project;
}

/**
 * Aura's grants (members in `aura`, or when unknown every service account holding a key-use role) lost: no grant
 * after gives the member the role on the same key or on something that holds it (a grant moved to another key is
 * a loss on the first).
 */
export function lostAuraGrants(before: readonly IamGrant[], after: readonly IamGrant[], aura?: ReadonlySet<string>): IamGrant[] {
  const auraMembers = aura ?? new Set(before.filter((g) => g.role === AURA_KEY_ROLES[0] && g.member.startsWith("serviceAccount:")).map((g) => g.member));
  return before.filter((g) => auraMembers.has(g.member) && (AURA_KEY_ROLES as readonly string[]).includes(g.role) && !after.some((a) => a.role === g.role && a.member === g.member && scopeCovers(a.scope, g.scope)));
}

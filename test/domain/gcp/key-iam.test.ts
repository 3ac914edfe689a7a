import { isKeyRole, isPublicMember, lostAuraGrants, scopeCovers, widenedGrants, type IamGrant } from "../../../domain/gcp/key-iam";

const KEY = "projects/acme-prod/locations/europe-west1/keyRings/aura/cryptoKeys/aura-key";
const RING = "projects/acme-prod/locations/europe-west1/keyRings/aura";
const OTHER_KEY = "projects/acme-prod/locations/europe-west1/keyRings/aura/cryptoKeys/other-key";
const AURA_SA = "serviceAccount:aura-0000@neo4j-aura.iam.gserviceaccount.com";
const ENC = "roles/cloudkms.cryptoKeyEncrypterDecrypter";
const VIEWER = "roles/cloudkms.viewer";

describe("isKeyRole", () => {
  test.each<[string, boolean]>([
    // Metadata only.
    ["roles/cloudkms.viewer", false],
    ["roles/cloudkms.publicKeyViewer", false],
    ["roles/viewer", false],
    ["roles/browser", false],
    ["roles/iam.securityReviewer", false],
    // Cloud KMS roles that use or control the key.
    ["roles/cloudkms.cryptoKeyEncrypterDecrypter", true],
    ["roles/cloudkms.admin", true],
    ["roles/cloudkms", true],
    ["roles/cloudkms_custom", true],
    // Basic roles that hold everything.
    ["roles/owner", true],
    ["roles/editor", true],
    // Other predefined roles.
    ["roles/storage.admin", false],
    ["roles/x.roles/cloudkms.", false],
    ["roles/editorx", false],
    // Custom roles (and anything that is no predefined role) fail closed.
    ["projects/acme-prod/roles/keyUser", true],
    ["organizations/123/roles/keyUser", true],
    ["", true],
  ])("%j -> %s", (role, expected) => expect(isKeyRole(role)).toBe(expected));
});

describe("isPublicMember", () => {
  test.each<[string, boolean]>([
    ["allUsers", true],
    ["allAuthenticatedUsers", true],
    ["user:alice@example.com", false],
    ["allusers", false],
    ["", false],
  ])("%j -> %s", (member, expected) => expect(isPublicMember(member)).toBe(expected));
});

describe("widenedGrants", () => {
  const g = (member: string, role: string, scope = KEY): IamGrant => ({ member, role, scope });
  test.each<[string, IamGrant[], IamGrant[], ReadonlySet<string> | undefined, unknown[]]>([
    ["a new key role next to an existing grant", [g(AURA_SA, ENC)], [g(AURA_SA, ENC), g("user:bob@example.com", ENC)], undefined, [{ member: "user:bob@example.com", role: ENC, scope: KEY, reason: "new" }]],
    ["an unchanged grant is no widening", [g(AURA_SA, ENC)], [g(AURA_SA, ENC)], undefined, []],
    ["the same member and role on another scope is new", [g(AURA_SA, ENC)], [g(AURA_SA, ENC, RING)], undefined, [{ member: AURA_SA, role: ENC, scope: RING, reason: "new" }]],
    ["the same member and scope with another role is new", [g(AURA_SA, VIEWER)], [g(AURA_SA, "roles/cloudkms.admin")], undefined, [{ member: AURA_SA, role: "roles/cloudkms.admin", scope: KEY, reason: "new" }]],
    ["a public member is public even when named", [], [g("allUsers", ENC)], new Set(["allUsers"]), [{ member: "allUsers", role: ENC, scope: KEY, reason: "public" }]],
    ["allAuthenticatedUsers is public", [g(AURA_SA, ENC)], [g("allAuthenticatedUsers", "roles/owner")], undefined, [{ member: "allAuthenticatedUsers", role: "roles/owner", scope: KEY, reason: "public" }]],
    ["a public viewer is left to the caller", [], [g("allUsers", VIEWER)], undefined, []],
    ["a named member is expected", [], [g(AURA_SA, ENC)], new Set([AURA_SA]), []],
    ["a member not named is unnamed", [], [g("user:eve@example.com", ENC)], new Set([AURA_SA]), [{ member: "user:eve@example.com", role: ENC, scope: KEY, reason: "unnamed" }]],
  ])("%s", (_name, before, after, named, expected) => {
    expect(widenedGrants(before, after, named)).toEqual(expected);
  });
});

describe("scopeCovers", () => {
  test.each<[string, string, boolean]>([
    [KEY, KEY, true],
    [RING, KEY, true],
    ["projects/acme-prod", KEY, true],
    ["acme-prod", KEY, true],
    ["acme-prod", RING, true],
    // A single-character project id is still read whole.
    ["a", "projects/a/locations/x/keyRings/r", true],
    ["other-prod", KEY, false],
    [KEY, RING, false],
    [OTHER_KEY, KEY, false],
    // A key ring whose name starts like another's does not hold it.
    ["projects/acme-prod/locations/europe-west1/keyRings/au", KEY, false],
    // The project id is read only at the start of the inner scope.
    ["acme-prod", "x/projects/acme-prod/locations/y", false],
    // An inner scope that names no project.
    ["acme-prod", "acme-prod-key", false],
    ["a", "b", false],
    ["", "projects//x", false],
  ])("%j covers %j: %s", (outer, inner, expected) => expect(scopeCovers(outer, inner)).toBe(expected));
});

describe("lostAuraGrants", () => {
  const g = (member: string, role: string, scope = KEY): IamGrant => ({ member, role, scope });
  test.each<[string, IamGrant[], IamGrant[], ReadonlySet<string> | undefined, IamGrant[]]>([
    ["kept on the same key", [g(AURA_SA, ENC), g(AURA_SA, VIEWER)], [g(AURA_SA, ENC), g(AURA_SA, VIEWER)], undefined, []],
    ["moved up to the key ring", [g(AURA_SA, ENC)], [g(AURA_SA, ENC, RING)], undefined, []],
    ["moved to another key is lost", [g(AURA_SA, ENC)], [g(AURA_SA, ENC, OTHER_KEY)], undefined, [g(AURA_SA, ENC)]],
    ["the encrypter role lost while the viewer stays", [g(AURA_SA, ENC), g(AURA_SA, VIEWER)], [g(AURA_SA, VIEWER)], undefined, [g(AURA_SA, ENC)]],
    ["both roles lost", [g(AURA_SA, ENC), g(AURA_SA, VIEWER)], [], undefined, [g(AURA_SA, ENC), g(AURA_SA, VIEWER)]],
    // Unknown Aura members: only service accounts holding the encrypter role count.
    ["a service account holding only the viewer role is not Aura's", [g("serviceAccount:ops@acme-prod.iam.gserviceaccount.com", VIEWER)], [], undefined, []],
    ["a user holding the encrypter role is not Aura's", [g("user:alice@example.com", ENC)], [], undefined, []],
    ["other roles of Aura's account are not Aura's grants", [g(AURA_SA, ENC), g(AURA_SA, "roles/cloudkms.admin")], [g(AURA_SA, ENC)], undefined, []],
    // Named Aura members.
    ["named members: a user's loss counts", [g("user:alice@example.com", VIEWER)], [], new Set(["user:alice@example.com"]), [g("user:alice@example.com", VIEWER)]],
    ["named members: others do not", [g(AURA_SA, ENC)], [], new Set(["user:alice@example.com"]), []],
    ["another member taking the grant does not keep it", [g(AURA_SA, ENC)], [g("serviceAccount:other@acme-prod.iam.gserviceaccount.com", ENC)], undefined, [g(AURA_SA, ENC)]],
  ])("%s", (_name, before, after, aura, expected) => {
    expect(lostAuraGrants(before, after, aura)).toEqual(expected);
  });
});

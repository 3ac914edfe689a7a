import type { AuraSecureConfig } from "../../../config/schema";
import { knownFromConfig } from "../../../runtime/review/known";

/** Only `regions` (cloud, customerManagedKey) is read: a hand-built config of just that. */
const config = (...regions: object[]) => ({ regions }) as unknown as AuraSecureConfig;
const sets = (k: ReturnType<typeof knownFromConfig>) => Object.fromEntries(Object.entries(k).map(([name, s]) => [name, [...(s as Set<string>)]]));
const none = { awsAuraAccounts: [], awsPrincipals: [], gcpAuraMembers: [], azureAuraPrincipals: [], azureAuraApplications: [], azurePrincipals: [] };

describe("principals the app config names", () => {
  test("AWS: accounts of Aura's statement from Principal and NotPrincipal (account, root, role, assumed role, any partition)", () => {
    const statements = [
      { Effect: "Allow", Principal: { AWS: "111111111111" }, Action: "kms:Decrypt", Resource: "*" },
      { Effect: "Allow", Principal: { AWS: ["arn:aws:iam::222222222222:root", "arn:aws:iam::333333333333:role/neo4j-aura"] }, Action: "kms:Decrypt", Resource: "*" },
      { Effect: "Deny", NotPrincipal: { AWS: "arn:aws:sts::444444444444:assumed-role/aura/session" }, Action: "kms:Decrypt", Resource: "*" },
      { Effect: "Allow", Principal: { AWS: "arn:aws-us-gov:iam::555555555555:user/u" }, Action: "kms:Decrypt", Resource: "*" },
    ];
    expect(sets(knownFromConfig(config({ cloud: "aws", customerManagedKey: { auraStatement: { inline: statements } } })))).toEqual({
      ...none,
      awsAuraAccounts: ["111111111111", "222222222222", "333333333333", "444444444444", "555555555555"],
    });
  });

  test("AWS: what is not an account is not taken (a star, a service, other partitions' shapes, short ids, non-strings)", () => {
    const statements = [
      { Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" },
      { Effect: "Allow", Principal: null, Action: "kms:Decrypt", Resource: "*" },
      { Effect: "Allow", Principal: { Service: "arn:aws:iam::666666666666:root" }, Action: "kms:Decrypt", Resource: "*" },
      { Effect: "Allow", Principal: { AWS: ["x-arn:aws:iam::777777777777:role/r", "arn:aws:iam::7777:role/r", "arn:aws:s3:::888888888888:x", 999999999999, "arn:aws:iam::abcdefghijkl:role/r"] }, Action: "kms:Decrypt", Resource: "*" },
    ];
    expect(sets(knownFromConfig(config({ cloud: "aws", customerManagedKey: { auraStatement: { inline: statements } } })))).toEqual(none);
  });

  test("AWS: accounts of Aura's statement from its account conditions, any letter case; others are not", () => {
    const statement = {
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: "kms:Decrypt",
      Resource: "*",
      Condition: {
        StringEquals: { "kms:CallerAccount": "111111111111", "aws:PrincipalAccount": ["222222222222", "x222222222222", "2222222222223", 123456789012] },
        StringLike: { "AWS:SourceAccount": "333333333333", "aws:SourceOwner": "444444444444", "aws:PrincipalOrgID": "o-555555555555" },
      },
    };
    expect(sets(knownFromConfig(config({ cloud: "aws", customerManagedKey: { auraStatement: { inline: [statement] } } })))).toEqual({
      ...none,
      awsAuraAccounts: ["111111111111", "222222222222", "333333333333"],
    });
  });

  test("AWS: a whole policy pasted as JSON text; administrators and users; no Aura statement at all", () => {
    const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::121212121212:root" }, Action: "kms:*", Resource: "*" }] });
    const k = knownFromConfig(
      config(
        { cloud: "aws", customerManagedKey: { auraStatement: { inline: policy }, adminPrincipals: ["arn:aws:iam::1:role/admin"], userPrincipals: ["arn:aws:iam::1:role/user"] } },
        { cloud: "aws", customerManagedKey: { userPrincipals: ["arn:aws:iam::2:role/only-user"] } },
        { cloud: "aws", customerManagedKey: { adminPrincipals: ["arn:aws:iam::3:role/only-admin"] } },
        { cloud: "aws" },
      ),
    );
    expect(sets(k)).toEqual({ ...none, awsAuraAccounts: ["121212121212"], awsPrincipals: ["arn:aws:iam::1:role/admin", "arn:aws:iam::1:role/user", "arn:aws:iam::2:role/only-user", "arn:aws:iam::3:role/only-admin"] });
  });

  test("GCP: Aura's service accounts as members", () => {
    const k = knownFromConfig(config({ cloud: "gcp", customerManagedKey: { auraServiceAccounts: ["a@p.iam.gserviceaccount.com", "b@p.iam.gserviceaccount.com"] } }, { cloud: "gcp", customerManagedKey: {} }));
    expect(sets(k)).toEqual({ ...none, gcpAuraMembers: ["serviceAccount:a@p.iam.gserviceaccount.com", "serviceAccount:b@p.iam.gserviceaccount.com"] });
  });

  test("Azure: Aura's service principal, its application, the vault administrators; each only when given", () => {
    const k = knownFromConfig(
      config(
        { cloud: "azure", customerManagedKey: { auraServicePrincipalObjectId: "sp-1", administratorObjectIds: ["adm-1", "adm-2"] } },
        { cloud: "azure", customerManagedKey: { auraApplicationId: "app-1" } },
        { cloud: "azure", customerManagedKey: {} },
      ),
    );
    expect(sets(k)).toEqual({ ...none, azureAuraPrincipals: ["sp-1"], azureAuraApplications: ["app-1"], azurePrincipals: ["sp-1", "adm-1", "adm-2"] });
  });

  test("a cloud this review does not know names nobody, whatever its key says", () => {
    const k = knownFromConfig(config({ cloud: "oci", customerManagedKey: { auraServicePrincipalObjectId: "sp-9", auraApplicationId: "app-9", administratorObjectIds: ["adm-9"], auraServiceAccounts: ["x@y"], userPrincipals: ["u"] } }));
    expect(sets(k)).toEqual(none);
  });
});

import {
  ACCOUNT_CONDITION_KEYS,
  ADMIN_STATEMENT_SID,
  awsPartition,
  buildKeyPolicy,
  composeKeyPolicy,
  KeyPolicyError,
  parseAuraStatements,
  ROOT_STATEMENT_SID,
  USER_STATEMENT_SID,
  type KeyPolicyInput,
} from "../../../domain/aura/key-policy";
import { AURA_API_NOT_SET, auraCmkApiRequest, auraCmkRequestBody, AURA_CMK_API_URL, cmkConsoleSteps } from "../../../domain/aura/cmk-handoff";
import { auraSampleStatement } from "../../support/fixtures";

const ACCOUNT = "111122223333";
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;

function input(over: Partial<KeyPolicyInput> = {}): KeyPolicyInput {
  return {
    accountId: ACCOUNT,
    partition: "aws",
    adminPrincipals: [],
    userPrincipals: [],
    auraStatement: auraSampleStatement(),
    keyRegion: "us-east-1",
    instanceRegion: "us-east-1",
    configPath: "regions[0].customerManagedKey",
    ...over,
  };
}

const sids = (p: { Statement: Array<Record<string, unknown>> }) => p.Statement.map((s) => s.Sid);

describe("composeKeyPolicy", () => {
  const compositions: Array<[string, Partial<KeyPolicyInput>, unknown[]]> = [
    ["one statement object", {}, [ROOT_STATEMENT_SID, "Allow access for Neo4j"]],
    ["the same statement as JSON text", { auraStatement: JSON.stringify(auraSampleStatement()) }, [ROOT_STATEMENT_SID, "Allow access for Neo4j"]],
    ["an array of statements", { auraStatement: [auraSampleStatement(), { ...auraSampleStatement(), Sid: "Second" }] }, [ROOT_STATEMENT_SID, "Allow access for Neo4j", "Second"]],
    ["a whole policy", { auraStatement: { Version: "2012-10-17", Statement: [auraSampleStatement()] } }, [ROOT_STATEMENT_SID, "Allow access for Neo4j"]],
    ["a whole policy with one Statement object", { auraStatement: { Statement: auraSampleStatement() } }, [ROOT_STATEMENT_SID, "Allow access for Neo4j"]],
    [
      "admins and users between root and Aura",
      { adminPrincipals: ["arn:aws:iam::111122223333:role/kms-admin"], userPrincipals: ["arn:aws:iam::111122223333:role/app"] },
      [ROOT_STATEMENT_SID, ADMIN_STATEMENT_SID, USER_STATEMENT_SID, "Allow access for Neo4j"],
    ],
    ["a statement without Sid", { auraStatement: (({ Sid: _s, ...rest }) => rest)(auraSampleStatement()) }, [ROOT_STATEMENT_SID, undefined]],
  ];

  test.each(compositions)("%s", (_name, over, expected) => {
    const { policy, warnings } = composeKeyPolicy(input(over));
    expect(sids(policy)).toEqual(expected);
    expect(policy.Version).toBe("2012-10-17");
    expect(warnings).toEqual([]);
    expect(policy.Statement[0]).toEqual({ Sid: ROOT_STATEMENT_SID, Effect: "Allow", Principal: { AWS: ROOT }, Action: "kms:*", Resource: "*" });
  });

  test("keeps Aura's statement exactly as given, and does not share objects with the input", () => {
    const sample = auraSampleStatement();
    const { policy } = composeKeyPolicy(input({ auraStatement: sample }));
    expect(policy.Statement[1]).toEqual(sample);
    expect(policy.Statement[1]).not.toBe(sample);
  });

  test("uses the partition of the region for the root ARN", () => {
    expect(awsPartition("cn-north-1")).toBe("aws-cn");
    expect(awsPartition("us-gov-west-1")).toBe("aws-us-gov");
    expect(awsPartition("eu-west-1")).toBe("aws");
    const { policy } = composeKeyPolicy(input({ partition: "aws-cn", keyRegion: "cn-north-1", instanceRegion: "cn-north-1" }));
    expect(policy.Statement[0]!.Principal).toEqual({ AWS: `arn:aws-cn:iam::${ACCOUNT}:root` });
  });

  test("is deterministic", () => {
    expect(JSON.stringify(composeKeyPolicy(input()).policy)).toBe(JSON.stringify(composeKeyPolicy(input()).policy));
  });

  test("throws KeyPolicyError listing every problem", () => {
    expect(() => composeKeyPolicy(input({ auraStatement: "{", instanceRegion: "eu-west-1" }))).toThrow(KeyPolicyError);
    try {
      composeKeyPolicy(input({ auraStatement: "{", instanceRegion: "eu-west-1" }));
    } catch (err) {
      expect((err as KeyPolicyError).problems).toHaveLength(2);
    }
  });
});

const at = "regions[0].customerManagedKey";
const s0 = `${at}.auraStatement`;
const withStatement = (over: Record<string, unknown>) => ({ auraStatement: { ...auraSampleStatement(), ...over } });
const denyAll = { Sid: "DenyAll", Effect: "Deny", Principal: "*", Action: "kms:*", Resource: "*" };

// Each rejection: the input change, and fragments the single error must contain (path/Sid, value, what is allowed).
const rejections: Array<[string, Partial<KeyPolicyInput>, string[]]> = [
  ["invalid JSON text", { auraStatement: '{"Sid": "x",' }, [`${s0}: got "{\\"Sid\\": \\"x\\","`, "not valid JSON", "paste the JSON the Aura console generated"]],
  ["not an object", { auraStatement: [42] }, [`${s0}[0]: got 42`, "JSON object"]],
  ["empty list", { auraStatement: [] }, [`${s0}: got []`, "at least the one statement"]],
  ["policy with another Version", { auraStatement: { Version: "2008-10-17", Statement: [auraSampleStatement()] } }, [`${s0}.Version: got "2008-10-17"`, '"2012-10-17"']],
  ["policy with an unknown key", { auraStatement: { Statement: [auraSampleStatement()], Extra: 1 } }, [`${s0}: got policy key "Extra"`, "Version, Id and Statement"]],
  ["duplicate Sid inside Aura's statements", { auraStatement: [auraSampleStatement(), auraSampleStatement()] }, [`${s0}[1] (Sid "Allow access for Neo4j"): got Sid "Allow access for Neo4j" again`, `first used by ${s0}[0]`, "must be unique"]],
  ["Aura statement reusing the root Sid", withStatement({ Sid: ROOT_STATEMENT_SID }), [`${s0} (Sid "${ROOT_STATEMENT_SID}"): got Sid`, "again", "rename one"]],
  ["unknown statement key", withStatement({ Principals: "x" }), [`${s0} (Sid "Allow access for Neo4j"): got key "Principals"`, "a statement has only"]],
  ["bad Effect", withStatement({ Effect: "allow" }), [`${s0} (Sid "Allow access for Neo4j").Effect: got "allow"`, '"Allow" or "Deny"']],
  ["no Action", { auraStatement: (({ Action: _a, ...rest }) => rest)(auraSampleStatement()) }, ["got neither Action nor NotAction", "exactly one of them"]],
  ["both Resource and NotResource", withStatement({ NotResource: "*" }), ["got both Resource and NotResource"]],
  ["Action not strings", withStatement({ Action: [1] }), [".Action: got [1]", "list of strings"]],
  ["bad Principal shape", withStatement({ Principal: ["*"] }), ['.Principal: got ["*"]', '"*" or an object']],
  ["bad Condition shape", withStatement({ Condition: "x" }), ['.Condition: got "x"', "object of operators"]],
  ["Deny for everyone on kms:*", { auraStatement: [auraSampleStatement(), denyAll] }, [`${s0}[1] (Sid "DenyAll"): got a Deny of kms:PutKeyPolicy`, "kms:ScheduleKeyDeletion", `lock the account root (${ROOT}) out`, "narrow it with a Condition"]],
  ["Deny for the root on PutKeyPolicy", { auraStatement: [auraSampleStatement(), { ...denyAll, Principal: { AWS: ROOT }, Action: "kms:PutKeyPolicy" }] }, ['(Sid "DenyAll"): got a Deny of kms:PutKeyPolicy for', "lock the account root"]],
  ["Deny for the bare account id on kms:Schedule*", { auraStatement: [auraSampleStatement(), { ...denyAll, Principal: { AWS: ACCOUNT }, Action: "kms:schedule*" }] }, ["got a Deny of kms:ScheduleKeyDeletion for"]],
  ["Deny with NotPrincipal that leaves out the root", { auraStatement: [auraSampleStatement(), { Sid: "DenyOthers", Effect: "Deny", NotPrincipal: { AWS: "arn:aws:iam::111122223333:role/x" }, Action: "*", Resource: "*" }] }, ['(Sid "DenyOthers"): got a Deny of', "NotPrincipal"]],
  ["Deny with NotAction that leaves admin actions in", { auraStatement: [auraSampleStatement(), { ...denyAll, Action: undefined, NotAction: "kms:Decrypt" }] }, ['(Sid "DenyAll"): got a Deny of kms:PutKeyPolicy']],
  ['"*" principal without Condition', withStatement({ Condition: undefined }), [`${s0} (Sid "Allow access for Neo4j"): got Principal {"AWS":"*"} with no Condition`, "kms:CallerAccount", "aws:PrincipalAccount / aws:SourceAccount"]],
  ['Principal "*" string without Condition', withStatement({ Principal: "*", Condition: undefined }), ['got Principal "*" with no Condition']],
  ['"*" principal with an unrelated Condition', withStatement({ Condition: { Bool: { "aws:SecureTransport": "true" } } }), ['got Principal {"AWS":"*"} with Condition {"Bool"']],
  ['"*" principal with an IfExists account condition', withStatement({ Condition: { StringEqualsIfExists: { "kms:CallerAccount": "999988887777" } } }), ["with Condition", "StringEqualsIfExists"]],
  ['"*" principal with a wildcard account', withStatement({ Condition: { StringLike: { "kms:CallerAccount": "*" } } }), ["with Condition", "StringLike"]],
  ["Allow with NotPrincipal", withStatement({ Principal: undefined, NotPrincipal: { AWS: ROOT } }), ["got an Allow with NotPrincipal", "Name the principals in Principal"]],
  ["kms:* to a role", withStatement({ Principal: { AWS: "arn:aws:iam::999988887777:role/aura" }, Action: "kms:*", Condition: undefined }), ['got Action "kms:*" for {"AWS":"arn:aws:iam::999988887777:role/aura"}', "for the account root only"]],
  ["* action to a conditioned everyone", withStatement({ Action: "*" }), ['got Action "*" for {"AWS":"*"}', "for the account root only"]],
  ["NotAction Allow to a role", withStatement({ Principal: { AWS: "arn:aws:iam::999988887777:role/aura" }, Action: undefined, NotAction: "kms:Delete*", Condition: undefined }), ['got NotAction "kms:Delete*"', "for the account root only"]],
  ["key region other than the instance region", { instanceRegion: "eu-west-1" }, [`${at}.instanceRegion: got "eu-west-1", but the key is in us-east-1`, "instance's own region", "replica in eu-west-1"]],
];

describe("lintKeyPolicy rejections", () => {
  test.each(rejections)("%s", (_name, over, fragments) => {
    const { errors } = buildKeyPolicy(input(over));
    expect(errors).toHaveLength(1);
    for (const f of fragments) expect(errors[0]).toContain(f);
  });
});

describe("lintKeyPolicy accepts", () => {
  const accepted: Array<[string, Partial<KeyPolicyInput>]> = [
    ...ACCOUNT_CONDITION_KEYS.map((k): [string, Partial<KeyPolicyInput>] => [`"*" pinned by ${k}`, withStatement({ Condition: { StringEquals: { [k]: ["999988887777", "111122223333"] } } })]),
    ["condition key in other case", withStatement({ Condition: { StringEquals: { "KMS:callerAccount": "999988887777" } } })],
    ["kms:* to the root by bare account id", { auraStatement: [auraSampleStatement(), { Sid: "Root2", Effect: "Allow", Principal: { AWS: ACCOUNT }, Action: "kms:*", Resource: "*" }] }],
    ["a Deny of data use for everyone", { auraStatement: [auraSampleStatement(), { ...denyAll, Action: ["kms:Decrypt"] }] }],
    ["a Deny with NotPrincipal that keeps the root", { auraStatement: [auraSampleStatement(), { Sid: "D", Effect: "Deny", NotPrincipal: { AWS: [ROOT, "arn:aws:iam::111122223333:role/x"] }, Action: "kms:*", Resource: "*" }] }],
    ["a service principal", { auraStatement: [auraSampleStatement(), { Sid: "Logs", Effect: "Allow", Principal: { Service: "logs.amazonaws.com" }, Action: "kms:Encrypt*", Resource: "*" }] }],
  ];
  test.each(accepted)("%s", (_name, over) => {
    expect(buildKeyPolicy(input(over)).errors).toEqual([]);
  });
});

describe("lintKeyPolicy warnings", () => {
  const warned: Array<[string, Partial<KeyPolicyInput>, string]> = [
    ["rotation off", { rotationEnabled: false }, `${at}.rotation: automatic key rotation is off`],
    ["a conditioned Deny that reaches the root", { auraStatement: [auraSampleStatement(), { ...denyAll, Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } }] }, "depends on its Condition"],
    ["no statement grants Encrypt and Decrypt", withStatement({ Action: ["kms:DescribeKey"] }), "Aura could not use this key"],
  ];
  test.each(warned)("%s", (_name, over, fragment) => {
    const { errors, warnings } = buildKeyPolicy(input(over));
    expect(errors).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(fragment);
  });
});

describe("parseAuraStatements", () => {
  test("labels statements by where they came from", () => {
    expect(parseAuraStatements({ Statement: [auraSampleStatement()] }, "x").statements[0]!.where).toBe("x.Statement[0]");
    expect(parseAuraStatements([auraSampleStatement()], "x").statements[0]!.where).toBe("x[0]");
    expect(parseAuraStatements(auraSampleStatement(), "x").statements[0]!.where).toBe("x");
  });
});

describe("Aura CMK hand-off", () => {
  test("request body has the documented fields in order", () => {
    const body = auraCmkRequestBody({ name: "k", tenantId: "t", instanceType: "enterprise-db", cloud: "aws", keyId: "arn", region: "us-east-1" });
    expect(Object.keys(body)).toEqual(["name", "tenant_id", "instance_type", "cloud_provider", "key_id", "region"]);
    expect(body).toEqual({ name: "k", tenant_id: "t", instance_type: "enterprise-db", cloud_provider: "aws", key_id: "arn", region: "us-east-1" });
    expect(AURA_CMK_API_URL).toBe("https://api.neo4j.io/v1/customer-managed-keys");
  });
  test.each([
    ["no auraApi: what to set", undefined, "virtual-dedicated-cloud", AURA_API_NOT_SET],
    [
      "AuraDB: enterprise-db by default",
      { name: "k", tenantId: "t" },
      "virtual-dedicated-cloud",
      { method: "POST", url: AURA_CMK_API_URL, body: { name: "k", tenant_id: "t", instance_type: "enterprise-db", cloud_provider: "gcp", key_id: "id", region: "europe-west1" } },
    ],
    [
      "AuraDS: enterprise-ds by default",
      { name: "k", tenantId: "t" },
      "ds-enterprise",
      { method: "POST", url: AURA_CMK_API_URL, body: { name: "k", tenant_id: "t", instance_type: "enterprise-ds", cloud_provider: "gcp", key_id: "id", region: "europe-west1" } },
    ],
    [
      "the configured instance type wins",
      { name: "k", tenantId: "t", instanceType: "business-critical" },
      "ds-enterprise",
      { method: "POST", url: AURA_CMK_API_URL, body: { name: "k", tenant_id: "t", instance_type: "business-critical", cloud_provider: "gcp", key_id: "id", region: "europe-west1" } },
    ],
  ] as const)("API request: %s", (_name, api, product, expected) => {
    expect(auraCmkApiRequest(api, { product, cloud: "gcp", keyId: "id", region: "europe-west1" })).toEqual(expected);
  });
  test.each(["aws", "gcp", "azure"] as const)("%s steps point at aura_api.body only when auraApi is set", (cloud) => {
    expect(cmkConsoleSteps(cloud, true).join("\n")).toContain("POST aura_api.body to aura_api.url");
    const without = cmkConsoleSteps(cloud, false).join("\n");
    expect(without).not.toContain("aura_api.body");
    expect(without).toContain("set customerManagedKey.auraApi (name, tenantId)");
  });
  test("Azure steps carry the 24 h wait", () => {
    expect(cmkConsoleSteps("azure").join("\n")).toContain("24 hours");
  });
});

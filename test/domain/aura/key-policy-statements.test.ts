/**
 * The key policy's parts one by one: how pasted statements are located, the statements this package writes,
 * every structural check, Sids, Deny lock-outs, Allow checks (NotPrincipal, unpinned "*", full control), the
 * use warning, and the condition scope checks (region, ViaService endpoint, resource account, key ARN).
 * Every expected value is written out.
 */
import {
  baseStatements,
  buildKeyPolicy,
  composeKeyPolicy,
  conditionScopeProblems,
  KeyPolicyError,
  lintKeyPolicy,
  parseAuraStatements,
  type LintInput,
  type PolicyStatement,
} from "../../../domain/aura/key-policy";
import { UserError } from "../../../domain/errors";

const ACCOUNT = "111122223333";
const AURA_ACCOUNT = "999988887777";
const NO_USE = "cmk.auraStatement: no Aura statement allows both kms:Encrypt and kms:Decrypt; Aura could not use this key. Check that you pasted the statement the Aura console generated";

/** A statement shaped like the one the Aura console generates: "*" pinned to Aura's account. */
function aura(over: PolicyStatement = {}): PolicyStatement {
  return {
    Sid: "Aura",
    Effect: "Allow",
    Principal: { AWS: "*" },
    Action: ["kms:Encrypt", "kms:Decrypt"],
    Resource: "*",
    Condition: { StringEquals: { "kms:CallerAccount": AURA_ACCOUNT } },
    ...over,
  };
}

function without(st: PolicyStatement, ...keys: string[]): PolicyStatement {
  return Object.fromEntries(Object.entries(st).filter(([k]) => !keys.includes(k)));
}

function lint(statements: PolicyStatement[], over: Partial<LintInput> = {}) {
  return lintKeyPolicy({
    accountId: ACCOUNT,
    partition: "aws",
    keyRegion: "us-east-1",
    instanceRegion: "us-east-1",
    configPath: "cmk",
    statements: statements.map((statement, i) => ({ statement, where: `cmk.auraStatement[${i}]` })),
    ...over,
  });
}

const L0 = 'cmk.auraStatement[0] (Sid "Aura")';
const L1 = 'cmk.auraStatement[1] (Sid "Aura")';

describe("parseAuraStatements", () => {
  const x98 = "x".repeat(98);
  const cases: Array<[string, unknown, { statements: Array<{ statement: unknown; where: string }>; errors: string[] }]> = [
    ["one statement object", { Sid: "a" }, { statements: [{ statement: { Sid: "a" }, where: "w" }], errors: [] }],
    ["JSON text of an array", '[{"Sid":"a"},{"Sid":"b"}]', { statements: [{ statement: { Sid: "a" }, where: "w[0]" }, { statement: { Sid: "b" }, where: "w[1]" }], errors: [] }],
    ["an empty array", [], { statements: [], errors: ["w: got []; give at least the one statement the Aura console generated"] }],
    ["an empty array as JSON text", "[]", { statements: [], errors: ["w: got []; give at least the one statement the Aura console generated"] }],
    [
      "a number among statements",
      [5, { Sid: "b" }],
      { statements: [{ statement: { Sid: "b" }, where: "w[1]" }], errors: ["w[0]: got 5; a policy statement is a JSON object with Sid, Effect, Principal, Action, Resource"] },
    ],
    ["null", null, { statements: [], errors: ["w: got null; a policy statement is a JSON object with Sid, Effect, Principal, Action, Resource"] }],
    ["undefined", undefined, { statements: [], errors: ["w: got undefined; a policy statement is a JSON object with Sid, Effect, Principal, Action, Resource"] }],
    ["a number", 7, { statements: [], errors: ["w: got 7; a policy statement is a JSON object with Sid, Effect, Principal, Action, Resource"] }],
    [
      "a text whose JSON is exactly 100 characters: shown whole",
      [x98],
      { statements: [], errors: [`w[0]: got "${x98}"; a policy statement is a JSON object with Sid, Effect, Principal, Action, Resource`] },
    ],
    [
      "a text whose JSON is 101 characters: cut to 97 and ...",
      [`${x98}x`],
      { statements: [], errors: [`w[0]: got "${"x".repeat(96)}...; a policy statement is a JSON object with Sid, Effect, Principal, Action, Resource`] },
    ],
    ["a whole policy with one statement object", { Statement: { Sid: "a" } }, { statements: [{ statement: { Sid: "a" }, where: "w.Statement" }], errors: [] }],
    ["a whole policy whose Statement is a number", { Statement: 5 }, { statements: [], errors: ["w.Statement: got 5; a policy statement is a JSON object with Sid, Effect, Principal, Action, Resource"] }],
    ["a whole policy with no statements", { Version: "2012-10-17", Statement: [] }, { statements: [], errors: ["w.Statement: got []; give at least the one statement the Aura console generated"] }],
    [
      "a whole policy with an array",
      { Version: "2012-10-17", Id: "k", Statement: [{ Sid: "a" }, "b"] },
      {
        statements: [{ statement: { Sid: "a" }, where: "w.Statement[0]" }],
        errors: ['w.Statement[1]: got "b"; a policy statement is a JSON object with Sid, Effect, Principal, Action, Resource'],
      },
    ],
    [
      "a whole policy with an unknown key and an old Version",
      { Version: "2008-10-17", Extra: 1, Statement: [{ Sid: "a" }] },
      {
        statements: [{ statement: { Sid: "a" }, where: "w.Statement[0]" }],
        errors: ['w: got policy key "Extra"; a whole policy has only Version, Id and Statement', 'w.Version: got "2008-10-17"; key policies use "2012-10-17"'],
      },
    ],
  ];
  test.each(cases)("%s", (_name, value, expected) => {
    expect(parseAuraStatements(value, "w")).toEqual(expected);
  });
});

describe("baseStatements", () => {
  const root = { Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*", Resource: "*" };
  const admin = {
    Sid: "Allow access for Key Administrators",
    Effect: "Allow",
    Principal: { AWS: ["arn:aws:iam::111122223333:role/kms-admin", "arn:aws:iam::111122223333:user/alice"] },
    Action: [
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
    ],
    Resource: "*",
  };
  const user = {
    Sid: "Allow use of the key",
    Effect: "Allow",
    Principal: { AWS: ["arn:aws:iam::111122223333:role/app"] },
    Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
    Resource: "*",
  };
  const admins = ["arn:aws:iam::111122223333:role/kms-admin", "arn:aws:iam::111122223333:user/alice"];
  const users = ["arn:aws:iam::111122223333:role/app"];
  const cases: Array<[string, readonly string[], readonly string[], unknown[]]> = [
    ["root only", [], [], [root]],
    ["root and admins", admins, [], [root, admin]],
    ["root and users", [], users, [root, user]],
    ["root, admins, users", admins, users, [root, admin, user]],
  ];
  test.each(cases)("%s", (_name, adminPrincipals, userPrincipals, expected) => {
    expect(baseStatements({ accountId: ACCOUNT, partition: "aws", adminPrincipals, userPrincipals })).toEqual(expected);
  });

  test("the root ARN carries the partition", () => {
    expect(baseStatements({ accountId: ACCOUNT, partition: "aws-us-gov", adminPrincipals: [], userPrincipals: [] })).toEqual([
      { Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: "arn:aws-us-gov:iam::111122223333:root" }, Action: "kms:*", Resource: "*" },
    ]);
  });
});

describe("KeyPolicyError", () => {
  test("lists every problem on its own line", () => {
    const err = new KeyPolicyError(["first", "second"]);
    expect(err.message).toBe("The key policy is unsafe or invalid:\n  - first\n  - second");
    expect(err.name).toBe("KeyPolicyError");
    expect(err.problems).toEqual(["first", "second"]);
    expect(err).toBeInstanceOf(UserError);
  });
});

describe("buildKeyPolicy", () => {
  const base = { accountId: ACCOUNT, partition: "aws", adminPrincipals: [] as string[], userPrincipals: [] as string[], keyRegion: "us-east-1", instanceRegion: "us-east-1" };
  const rootStatement = { Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*", Resource: "*" };

  test("the whole policy: Version, Id, root statement, then Aura's", () => {
    expect(buildKeyPolicy({ ...base, auraStatement: aura() })).toEqual({
      policy: {
        Version: "2012-10-17",
        Id: "aura-customer-managed-key",
        Statement: [
          rootStatement,
          {
            Sid: "Aura",
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: ["kms:Encrypt", "kms:Decrypt"],
            Resource: "*",
            Condition: { StringEquals: { "kms:CallerAccount": "999988887777" } },
          },
        ],
      },
      errors: [],
      warnings: [],
    });
  });

  test("messages name customerManagedKey when no config path is given; parse errors come first", () => {
    const result = buildKeyPolicy({ ...base, auraStatement: "[]", instanceRegion: "eu-west-1", rotationEnabled: false });
    expect(result.errors).toEqual([
      "customerManagedKey.auraStatement: got []; give at least the one statement the Aura console generated",
      'customerManagedKey.instanceRegion: got "eu-west-1", but the key is in us-east-1; Aura only uses keys in the instance\'s own region: configure the key in the eu-west-1 entry, or make this key multiRegion with a replica in eu-west-1',
    ]);
    expect(result.warnings).toEqual(["customerManagedKey.rotation: automatic key rotation is off; Aura supports automatic rotation and rotating regularly is best practice"]);
    expect(result.policy.Statement).toEqual([rootStatement]);
  });

  test("a Sid the package already uses names the generated statement", () => {
    expect(buildKeyPolicy({ ...base, auraStatement: aura({ Sid: "Enable IAM User Permissions" }) }).errors).toEqual([
      'customerManagedKey.auraStatement (Sid "Enable IAM User Permissions"): got Sid "Enable IAM User Permissions" again (first used by (generated statement 0)); every Sid in a key policy must be unique: rename one',
    ]);
  });

  test("a file named as the source of the statements", () => {
    expect(buildKeyPolicy({ ...base, auraStatement: 5, auraStatementWhere: "aura.json", configPath: "regions[0].customerManagedKey" }).errors).toEqual([
      "aura.json: got 5; a policy statement is a JSON object with Sid, Effect, Principal, Action, Resource",
    ]);
  });

  test("composeKeyPolicy throws the same problems", () => {
    let thrown: unknown;
    try {
      composeKeyPolicy({ ...base, auraStatement: 5, configPath: "c" });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(KeyPolicyError);
    expect((thrown as KeyPolicyError).problems).toEqual(["c.auraStatement: got 5; a policy statement is a JSON object with Sid, Effect, Principal, Action, Resource"]);
  });
});

describe("lintKeyPolicy: region, rotation, empty input", () => {
  test("no statements at all: nothing to say", () => {
    expect(lint([])).toEqual({ errors: [], warnings: [] });
  });

  test("only trusted statements: no use warning", () => {
    expect(lint([{ Sid: "x", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*", Resource: "*" }], { firstUserStatement: 1 })).toEqual({ errors: [], warnings: [] });
  });

  test("trusted statements are not checked for structure, but their Sids count", () => {
    expect(lint([{ Sid: "Aura", Action: 5 }, aura()], { firstUserStatement: 1 })).toEqual({
      errors: [`${L1}: got Sid "Aura" again (first used by cmk.auraStatement[0]); every Sid in a key policy must be unique: rename one`],
      warnings: [],
    });
  });

  test("default config path", () => {
    expect(lintKeyPolicy({ accountId: ACCOUNT, partition: "aws", keyRegion: "us-east-1", instanceRegion: "us-east-1", rotationEnabled: false, statements: [] })).toEqual({
      errors: [],
      warnings: ["customerManagedKey.rotation: automatic key rotation is off; Aura supports automatic rotation and rotating regularly is best practice"],
    });
  });

  const rotation: Array<[boolean | undefined, string[]]> = [
    [false, ["cmk.rotation: automatic key rotation is off; Aura supports automatic rotation and rotating regularly is best practice"]],
    [true, []],
    [undefined, []],
  ];
  test.each(rotation)("rotationEnabled %s", (rotationEnabled, warnings) => {
    expect(lint([aura()], { rotationEnabled })).toEqual({ errors: [], warnings });
  });
});

describe("lintKeyPolicy: structure", () => {
  const onlyNeeds = "a key policy statement needs exactly one of them";
  const stringList = "must be a string or a non-empty list of strings";
  const principalShape = 'must be "*" or an object like { "AWS": "arn:aws:iam::111122223333:root" }';
  const conditionShape = 'must be an object of operators, e.g. { "StringEquals": { "kms:CallerAccount": "111122223333" } }';
  const cases: Array<[string, PolicyStatement, string[]]> = [
    ["an unknown key", aura({ Extra: 1 }), [`${L0}: got key "Extra"; a statement has only Sid, Effect, Principal or NotPrincipal, Action or NotAction, Resource or NotResource, Condition`]],
    ["Effect in lower case", aura({ Effect: "allow" }), [`${L0}.Effect: got "allow"; must be "Allow" or "Deny"`]],
    ["no Effect", without(aura(), "Effect"), [`${L0}.Effect: got undefined; must be "Allow" or "Deny"`]],
    ["no Sid: the place alone", without(aura({ Effect: "Maybe" }), "Sid"), ['cmk.auraStatement[0].Effect: got "Maybe"; must be "Allow" or "Deny"']],
    ["neither Principal nor NotPrincipal", without(aura(), "Principal"), [`${L0}: got neither Principal nor NotPrincipal; ${onlyNeeds}`]],
    ["both Action and NotAction", aura({ NotAction: "kms:Sign" }), [`${L0}: got both Action and NotAction; ${onlyNeeds}`]],
    ["neither Resource nor NotResource", without(aura(), "Resource"), [`${L0}: got neither Resource nor NotResource; ${onlyNeeds}`]],
    ["Action a number", aura({ Action: 5 }), [`${L0}.Action: got 5; ${stringList}`]],
    ["Action an empty list", aura({ Action: [] }), [`${L0}.Action: got []; ${stringList}`]],
    ["Action a list with a number", aura({ Action: ["kms:Encrypt", 5] }), [`${L0}.Action: got ["kms:Encrypt",5]; ${stringList}`]],
    ["Action an object with a length", aura({ Action: { length: 1 } }), [`${L0}.Action: got {"length":1}; ${stringList}`]],
    ["NotAction a number", without(aura({ NotAction: 5 }), "Action"), [`${L0}.NotAction: got 5; ${stringList}`]],
    ["Resource a number", aura({ Resource: 5 }), [`${L0}.Resource: got 5; ${stringList}`]],
    ["NotResource an empty list", without(aura({ NotResource: [] }), "Resource"), [`${L0}.NotResource: got []; ${stringList}`]],
    ["Principal an empty object", aura({ Principal: {} }), [`${L0}.Principal: got {}; ${principalShape}`]],
    ["Principal with a number among its values", aura({ Principal: { AWS: "*", Service: 5 } }), [`${L0}.Principal: got {"AWS":"*","Service":5}; ${principalShape}`]],
    ["Principal an ARN string", aura({ Principal: "arn:aws:iam::999988887777:root" }), [`${L0}.Principal: got "arn:aws:iam::999988887777:root"; ${principalShape}`]],
    ["NotPrincipal a number", without(aura({ Effect: "Deny", NotPrincipal: 5 }), "Principal"), [`${L0}.NotPrincipal: got 5; ${principalShape}`]],
    ["Condition a number", aura({ Condition: 5 }), [`${L0}.Condition: got 5; ${conditionShape}`]],
    ["Condition a list", aura({ Condition: [] }), [`${L0}.Condition: got []; ${conditionShape}`]],
    [
      "Condition with one operator that is not an object",
      aura({ Condition: { StringEquals: { "kms:CallerAccount": AURA_ACCOUNT }, Bool: 5 } }),
      [`${L0}.Condition: got {"StringEquals":{"kms:CallerAccount":"999988887777"},"Bool":5}; ${conditionShape}`],
    ],
  ];
  test.each(cases)("%s", (_name, statement, errors) => {
    expect(lint([statement])).toEqual({ errors, warnings: [NO_USE] });
  });

  test("a valid statement passes every check", () => {
    expect(lint([aura()])).toEqual({ errors: [], warnings: [] });
  });

  test("a Sid that is not a string", () => {
    expect(lint([aura({ Sid: 5 })])).toEqual({ errors: ["cmk.auraStatement[0].Sid: got 5; a Sid is a string"], warnings: [] });
  });

  test("the same Sid twice", () => {
    expect(lint([aura(), aura()])).toEqual({
      errors: [`${L1}: got Sid "Aura" again (first used by cmk.auraStatement[0]); every Sid in a key policy must be unique: rename one`],
      warnings: [],
    });
  });
});

describe("lintKeyPolicy: Deny statements", () => {
  const lockOut = "it would lock the account root (arn:aws:iam::111122223333:root) out of the key. Remove it, narrow it with a Condition, or name principals other than the account root";
  const cases: Array<[string, PolicyStatement, { errors: string[]; warnings: string[] }]> = [
    [
      "a Deny of admin actions for everyone",
      { Sid: "D", Effect: "Deny", Principal: "*", Action: ["kms:ScheduleKeyDeletion", "kms:Encrypt", "kms:PutKeyPolicy"], Resource: "*" },
      { errors: [`cmk.auraStatement[1] (Sid "D"): got a Deny of kms:PutKeyPolicy, kms:ScheduleKeyDeletion for "*" without a Condition; ${lockOut}`], warnings: [] },
    ],
    [
      "a Deny whose Condition matches the account root",
      { Sid: "D", Effect: "Deny", Principal: "*", Action: "kms:DisableKey", Resource: "*", Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT } } },
      {
        errors: [`cmk.auraStatement[1] (Sid "D"): got a Deny of kms:DisableKey for "*" whose Condition {"StringEquals":{"kms:CallerAccount":"111122223333"}} matches the account root; ${lockOut}`],
        warnings: [],
      },
    ],
    [
      "a Deny for everyone but another account",
      { Sid: "D", Effect: "Deny", NotPrincipal: { AWS: "arn:aws:iam::999988887777:root" }, Action: "kms:DisableKey", Resource: "*" },
      { errors: [`cmk.auraStatement[1] (Sid "D"): got a Deny of kms:DisableKey for {"NotPrincipal":{"AWS":"arn:aws:iam::999988887777:root"}} without a Condition; ${lockOut}`], warnings: [] },
    ],
    [
      "a Deny that depends on a condition the lint cannot evaluate",
      { Sid: "D", Effect: "Deny", Principal: "*", Action: ["kms:GetKeyPolicy", "kms:PutKeyPolicy"], Resource: "*", Condition: { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } } },
      {
        errors: [],
        warnings: [
          `cmk.auraStatement[1] (Sid "D"): a Deny of kms:PutKeyPolicy, kms:GetKeyPolicy that reaches the account root depends on its Condition; check that the Condition can never match the account's administrators`,
        ],
      },
    ],
    [
      "a Deny for another account's role does not reach the root",
      { Sid: "D", Effect: "Deny", Principal: { AWS: "arn:aws:iam::999988887777:role/x" }, Action: "kms:*", Resource: "*" },
      { errors: [], warnings: [] },
    ],
    [
      "a Deny whose Condition never matches the root",
      { Sid: "D", Effect: "Deny", Principal: "*", Action: "kms:*", Resource: "*", Condition: { StringEquals: { "kms:CallerAccount": AURA_ACCOUNT } } },
      { errors: [], warnings: [] },
    ],
  ];
  test.each(cases)("%s", (_name, deny, expected) => {
    expect(lint([aura(), deny])).toEqual(expected);
  });

  test("a Deny grants no use", () => {
    expect(lint([{ Effect: "Deny", Principal: { AWS: "arn:aws:iam::999988887777:role/x" }, Action: ["kms:Encrypt", "kms:Decrypt"], Resource: "*" }])).toEqual({ errors: [], warnings: [NO_USE] });
  });
});

describe("lintKeyPolicy: Allow statements", () => {
  const pinHint =
    'a "*" principal must be pinned to accounts by a Condition such as { "StringEquals": { "kms:CallerAccount": "<12-digit account>" } } (or aws:PrincipalAccount / aws:SourceAccount), as the statement the Aura console generates is';
  const fullControl =
    "full control (kms:*) is for the account root only (the first statement grants it). List the actions Aura needs, e.g. kms:Encrypt, kms:Decrypt, kms:ReEncrypt*, kms:GenerateDataKey*, kms:DescribeKey";
  const cases: Array<[string, PolicyStatement, string[]]> = [
    [
      "NotPrincipal in an Allow",
      without(aura({ NotPrincipal: { AWS: "arn:aws:iam::999988887777:root" } }), "Principal"),
      [`${L1}: got an Allow with NotPrincipal {"AWS":"arn:aws:iam::999988887777:root"}; that grants the key to everyone not listed. Name the principals in Principal instead`],
    ],
    ['"*" without a Condition', without(aura(), "Condition"), [`${L1}: got Principal {"AWS":"*"} with no Condition; ${pinHint}`]],
    ['"*" with an empty Condition', aura({ Condition: {} }), [`${L1}: got Principal {"AWS":"*"} with no Condition; ${pinHint}`]],
    [
      '"*" pinned to an organization only',
      aura({ Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } }),
      [`${L1}: got Principal {"AWS":"*"} with Condition {"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}; ${pinHint}`],
    ],
    ["kms:* for another account", aura({ Principal: { AWS: "arn:aws:iam::999988887777:root" }, Action: "kms:*", Condition: undefined }), [`${L1}: got Action "kms:*" for {"AWS":"arn:aws:iam::999988887777:root"}; ${fullControl}`]],
    [
      "kms:PutKeyPolicy alone for another account",
      aura({ Principal: { AWS: "arn:aws:iam::999988887777:root" }, Action: "kms:PutKeyPolicy", Condition: undefined }),
      [`${L1}: got Action "kms:PutKeyPolicy" for {"AWS":"arn:aws:iam::999988887777:root"}; ${fullControl}`],
    ],
    [
      "NotAction for another account",
      without(aura({ Principal: { AWS: "arn:aws:iam::999988887777:root" }, NotAction: "kms:Encrypt", Condition: undefined }), "Action"),
      [`${L1}: got NotAction "kms:Encrypt" for {"AWS":"arn:aws:iam::999988887777:root"}; ${fullControl}`],
    ],
    [
      "kms:* for a role of the key's own account",
      aura({ Principal: { AWS: "arn:aws:iam::111122223333:role/admin" }, Action: "kms:*", Condition: undefined }),
      [`${L1}: got Action "kms:*" for {"AWS":"arn:aws:iam::111122223333:role/admin"}; ${fullControl}`],
    ],
    ["kms:* for the key's own account root", aura({ Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*", Condition: undefined }), []],
    [
      "a Condition naming another region",
      aura({ Condition: { StringEquals: { "kms:CallerAccount": AURA_ACCOUNT, "aws:RequestedRegion": "eu-west-1" } } }),
      [
        `${L1}.Condition.StringEquals["aws:RequestedRegion"]: got "eu-west-1"; the key is in us-east-1, so calls to it are made in us-east-1 and this statement never matches. Use us-east-1 (the statement of the Aura console for this region)`,
      ],
    ],
  ];
  test.each(cases)("%s", (_name, statement, errors) => {
    // Condition: undefined is dropped the way JSON drops it.
    const st = JSON.parse(JSON.stringify(statement)) as PolicyStatement;
    expect(lint([aura({ Sid: "First" }), st])).toEqual({ errors, warnings: [] });
  });
});

describe("lintKeyPolicy: does any Aura statement allow kms:Encrypt and kms:Decrypt?", () => {
  const ownRoot = { Principal: { AWS: "arn:aws:iam::111122223333:root" }, Condition: undefined };
  const cases: Array<[string, PolicyStatement, string[]]> = [
    ["both", aura(), []],
    ["only kms:Encrypt", aura({ Action: ["kms:Encrypt", "kms:DescribeKey"] }), [NO_USE]],
    ["only kms:Decrypt", aura({ Action: "kms:Decrypt" }), [NO_USE]],
    ["both, in other letter cases", aura({ Action: ["KMS:ENCRYPT", "kms:decrypt"] }), []],
    ["both through globs", aura({ Action: ["kms:En*", "kms:?ecrypt"] }), []],
    ["kms:* as one string", aura({ ...ownRoot, Action: "kms:*" }), []],
    ["* as one string", aura({ ...ownRoot, Action: "*" }), []],
    ["an empty action", aura({ Action: "" }), [NO_USE]],
    ["NotAction counts for nothing here", without(aura({ ...ownRoot, NotAction: "kms:Sign" }), "Action"), [NO_USE]],
  ];
  test.each(cases)("%s", (_name, statement, warnings) => {
    expect(lint([JSON.parse(JSON.stringify(statement)) as PolicyStatement])).toEqual({ errors: [], warnings });
  });

  test("one statement with each is not enough", () => {
    expect(lint([aura({ Sid: "A", Action: "kms:Encrypt" }), aura({ Sid: "B", Action: "kms:Decrypt" })])).toEqual({ errors: [], warnings: [NO_USE] });
  });

  test("a later statement may be the one", () => {
    expect(lint([aura({ Sid: "A", Action: "kms:DescribeKey" }), aura({ Sid: "B" })])).toEqual({ errors: [], warnings: [] });
  });
});

describe("conditionScopeProblems", () => {
  const region = (v: string) =>
    `w.Condition.StringEquals["aws:RequestedRegion"]: got "${v}"; the key is in us-east-1, so calls to it are made in us-east-1 and this statement never matches. Use us-east-1 (the statement of the Aura console for this region)`;
  const via = (v: string) => `w.Condition.StringEquals["kms:ViaService"]: got "${v}"; a service calls the key from the key's region (us-east-1), so this statement never matches. Use the us-east-1 endpoint`;
  const resourceAccount = (v: string) => `w.Condition.StringEquals["aws:ResourceAccount"]: got "${v}"; aws:ResourceAccount is the key's own account, 111122223333; this statement never matches`;
  const arn = (v: string, names: string) =>
    `w.Condition.ArnEquals["example:AnyKey"]: got "${v}"; names a key of ${names}, but this key is in us-east-1, account 111122223333; use the statement the Aura console generated for this key`;
  const KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";

  const cases: Array<[string, unknown, string[]]> = [
    ["no condition", undefined, []],
    ["a number", 5, []],
    ["a list", [{ StringEquals: { "aws:RequestedRegion": "eu-west-1" } }], []],
    ["an operator that is null", { StringEquals: null }, []],
    ["an operator that is text", { StringEquals: "aws:RequestedRegion" }, []],
    // aws:RequestedRegion
    ["another region", { StringEquals: { "aws:RequestedRegion": "eu-west-1" } }, [region("eu-west-1")]],
    [
      "the key name in lower case, quoted as written",
      { StringEquals: { "aws:requestedregion": "eu-west-1" } },
      [
        'w.Condition.StringEquals["aws:requestedregion"]: got "eu-west-1"; the key is in us-east-1, so calls to it are made in us-east-1 and this statement never matches. Use us-east-1 (the statement of the Aura console for this region)',
      ],
    ],
    ["the key's region", { StringEquals: { "aws:RequestedRegion": "us-east-1" } }, []],
    ["a region pattern", { StringEquals: { "aws:RequestedRegion": "eu-*" } }, []],
    ["a list of regions: only the other one", { StringEquals: { "aws:RequestedRegion": ["us-east-1", "eu-west-1", "ap-south-1"] } }, [region("eu-west-1"), region("ap-south-1")]],
    ["a list with a number in it", { StringEquals: { "aws:RequestedRegion": ["eu-west-1", 5] } }, [region("eu-west-1")]],
    ["a value that is a number", { StringEquals: { "aws:RequestedRegion": 5 } }, []],
    ["a value that is an object", { StringEquals: { "aws:RequestedRegion": { a: "eu-west-1" } } }, []],
    ["StringNotEquals is not checked", { StringNotEquals: { "aws:RequestedRegion": "eu-west-1" } }, []],
    ["StringNotEqualsIfExists is not checked", { StringNotEqualsIfExists: { "aws:RequestedRegion": "eu-west-1" } }, []],
    ["ForAnyValue:StringNotEquals is not checked", { "ForAnyValue:StringNotEquals": { "aws:RequestedRegion": "eu-west-1" } }, []],
    ["ForAllValues:ArnNotLike is not checked", { "ForAllValues:ArnNotLike": { "kms:GrantConstraintType": "arn:aws:kms:eu-west-1:999988887777:key/x" } }, []],
    [
      "ForAnyValue:StringEquals of another region is checked",
      { "ForAnyValue:StringEquals": { "aws:RequestedRegion": "eu-west-1" } },
      ['w.Condition.ForAnyValue:StringEquals["aws:RequestedRegion"]: got "eu-west-1"; the key is in us-east-1, so calls to it are made in us-east-1 and this statement never matches. Use us-east-1 (the statement of the Aura console for this region)'],
    ],
    ["ArnNotLike is not checked", { ArnNotLike: { "example:AnyKey": `arn:aws:kms:eu-west-1:111122223333:key/${KEY_ID}` } }, []],
    ["Null is not checked", { Null: { "aws:RequestedRegion": "eu-west-1" } }, []],
    [
      "every operator is checked",
      { StringEquals: { "aws:RequestedRegion": "eu-west-1" }, StringLike: { "aws:RequestedRegion": "ap-south-1" } },
      [region("eu-west-1"), 'w.Condition.StringLike["aws:RequestedRegion"]: got "ap-south-1"; the key is in us-east-1, so calls to it are made in us-east-1 and this statement never matches. Use us-east-1 (the statement of the Aura console for this region)'],
    ],
    ["a region under another key", { StringEquals: { "kms:CallerAccount": "eu-west-1" } }, []],
    // kms:ViaService
    ["an endpoint of another region", { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } }, [via("secretsmanager.eu-west-1.amazonaws.com")]],
    ["an endpoint of the key's region", { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } }, []],
    ["a GovCloud endpoint", { StringEquals: { "kms:ViaService": "kms.us-gov-west-1.amazonaws.com" } }, [via("kms.us-gov-west-1.amazonaws.com")]],
    ["a region number of two digits (format only)", { StringEquals: { "kms:ViaService": "rds.us-east-12.amazonaws.com" } }, [via("rds.us-east-12.amazonaws.com")]],
    ["a service name with digits and dashes", { StringEquals: { "kms:ViaService": "s3-x9.eu-west-1.amazonaws.com" } }, [via("s3-x9.eu-west-1.amazonaws.com")]],
    ["an endpoint with junk at the start", { StringEquals: { "kms:ViaService": "Rds.eu-west-1.amazonaws.com" } }, []],
    ["an endpoint with a label before the service", { StringEquals: { "kms:ViaService": "x.rds.eu-west-1.amazonaws.com" } }, []],
    ["an endpoint with junk at the end", { StringEquals: { "kms:ViaService": "rds.eu-west-1.amazonaws.com.x" } }, []],
    ["a region without its number", { StringEquals: { "kms:ViaService": "rds.eu-west-x.amazonaws.com" } }, []],
    ["a pattern", { StringEquals: { "kms:ViaService": "*" } }, []],
    ["an endpoint under another key", { StringEquals: { "kms:EncryptionContext:service": "rds.eu-west-1.amazonaws.com" } }, []],
    ["StringNotEquals on an endpoint", { StringNotEquals: { "kms:ViaService": "rds.eu-west-1.amazonaws.com" } }, []],
    // aws:ResourceAccount
    ["another resource account", { StringEquals: { "aws:ResourceAccount": "444455556666" } }, [resourceAccount("444455556666")]],
    ["the key's account", { StringEquals: { "aws:ResourceAccount": ACCOUNT } }, []],
    ["13 digits", { StringEquals: { "aws:ResourceAccount": "4444555566667" } }, []],
    ["11 digits", { StringEquals: { "aws:ResourceAccount": "44445555666" } }, []],
    ["junk before 12 digits", { StringEquals: { "aws:ResourceAccount": "x444455556666" } }, []],
    ["12 letters", { StringEquals: { "aws:ResourceAccount": "abcdefghijkl" } }, []],
    ["a pattern", { StringEquals: { "aws:ResourceAccount": "4444*" } }, []],
    ["an account under another key", { StringEquals: { "kms:CallerAccount": "444455556666" } }, []],
    // KMS key ARNs, under any key
    ["a key ARN of another region", { ArnEquals: { "example:AnyKey": `arn:aws:kms:eu-west-1:111122223333:key/${KEY_ID}` } }, [arn(`arn:aws:kms:eu-west-1:111122223333:key/${KEY_ID}`, "region eu-west-1")]],
    ["a key ARN of another account", { ArnEquals: { "example:AnyKey": `arn:aws:kms:us-east-1:444455556666:key/${KEY_ID}` } }, [arn(`arn:aws:kms:us-east-1:444455556666:key/${KEY_ID}`, "account 444455556666")]],
    [
      "a key ARN of another region and account",
      { ArnEquals: { "example:AnyKey": `arn:aws:kms:eu-west-1:444455556666:key/${KEY_ID}` } },
      [arn(`arn:aws:kms:eu-west-1:444455556666:key/${KEY_ID}`, "region eu-west-1 and account 444455556666")],
    ],
    ["this key's ARN", { ArnEquals: { "example:AnyKey": `arn:aws:kms:us-east-1:111122223333:key/${KEY_ID}` } }, []],
    [
      "a GovCloud key ARN",
      { ArnEquals: { "example:AnyKey": `arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/${KEY_ID}` } },
      [arn(`arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/${KEY_ID}`, "region us-gov-west-1")],
    ],
    ["an alias ARN", { ArnEquals: { "example:AnyKey": "arn:aws:kms:eu-west-1:444455556666:alias/aura" } }, []],
    ["junk before the ARN", { ArnEquals: { "example:AnyKey": `Xarn:aws:kms:eu-west-1:444455556666:key/${KEY_ID}` } }, []],
    ["an 11-digit account in the ARN", { ArnEquals: { "example:AnyKey": `arn:aws:kms:eu-west-1:44445555666:key/${KEY_ID}` } }, []],
    ["a partition in capitals", { ArnEquals: { "example:AnyKey": `arn:AWS:kms:eu-west-1:444455556666:key/${KEY_ID}` } }, []],
    ["a region in capitals", { ArnEquals: { "example:AnyKey": `arn:aws:kms:EU-WEST-1:444455556666:key/${KEY_ID}` } }, []],
  ];
  test.each(cases)("%s", (_name, condition, expected) => {
    expect(conditionScopeProblems("w", condition, "us-east-1", ACCOUNT)).toEqual(expected);
  });
});

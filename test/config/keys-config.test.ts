import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { formatZodIssues } from "../../domain/errors";
import { exampleConfig } from "../../config/example";
import { azureKeySchema, gcpKeySchema } from "../../config/keys";
import { loadConfigFile, parseConfig } from "../../config/load";
import { configProblems } from "../support/config-errors";
import { auraSampleStatement } from "../support/fixtures";

const STATEMENT = auraSampleStatement();

function awsRegion(region: string, key?: Record<string, unknown>): any {
  const az = { "us-east-1": "use1-az1", "eu-west-1": "euw1-az1" }[region] ?? "use1-az1";
  return {
    cloud: "aws",
    region,
    product: "virtual-dedicated-cloud",
    accountId: "111122223333",
    orchestrations: [region === "us-east-1" ? "0000" : "0001"],
    endpointServiceName: `com.amazonaws.vpce.${region}.vpce-svc-0123456789abcdef0`,
    network: { vpcId: "vpc-0123456789abcdef0", subnets: { [az]: "subnet-0123456789abcdef1" }, allowedCidrs: [{ cidr: "10.0.0.0/16", description: "apps" }] },
    ...(key ? { customerManagedKey: key } : {}),
  };
}

function base(key: Record<string, unknown> = { auraStatement: STATEMENT }): any {
  return { project: "acme", regions: [awsRegion("us-east-1", key), awsRegion("eu-west-1")] };
}

const k = "regions[0].customerManagedKey";
const mrk = "arn:aws:kms:us-east-1:111122223333:key/mrk-0123456789abcdef0123456789abcdef";

const badKeys: Array<[string, Record<string, unknown>, string[]]> = [
  ["no auraStatement", {}, [`${k}.auraStatement: is missing`]],
  ["auraStatement a number", { auraStatement: 42 }, [`${k}.auraStatement: got 42`, "file"]],
  ["rotation period too short", { auraStatement: STATEMENT, rotationPeriodDays: 30 }, [`${k}.rotationPeriodDays: got 30`, "at least 90 days"]],
  ["rotation period too long", { auraStatement: STATEMENT, rotationPeriodDays: 3000 }, [`${k}.rotationPeriodDays: got 3000`, "at most 2560 days"]],
  ["rotation period with rotation off", { auraStatement: STATEMENT, rotation: false, rotationPeriodDays: 365 }, [`${k}.rotationPeriodDays: got 365`, "rotation is false"]],
  ["deletion window too short", { auraStatement: STATEMENT, deletionWindowDays: 3 }, [`${k}.deletionWindowDays: got 3`, "at least 7"]],
  ["deletion window too long", { auraStatement: STATEMENT, deletionWindowDays: 31 }, [`${k}.deletionWindowDays: got 31`, "at most 30"]],
  ["allowDestroy false", { auraStatement: STATEMENT, allowDestroy: false }, [`${k}.allowDestroy: got false`, "set to true only"]],
  ["alias reserved", { auraStatement: STATEMENT, alias: "alias/aws/ebs" }, [`${k}.alias: got "aws/ebs"`, 'must not start with "aws/"']],
  ["alias characters", { auraStatement: STATEMENT, alias: "my key" }, [`${k}.alias: got "my key"`, "1-250 letters"]],
  ["admin principal not an ARN", { auraStatement: STATEMENT, adminPrincipals: ["admin"] }, [`${k}.adminPrincipals[0]: got "admin"`, "IAM principal ARN"]],
  ["user principal of another partition", { auraStatement: STATEMENT, userPrincipals: ["arn:aws-cn:iam::111122223333:role/app"] }, [`${k}.userPrincipals[0]: got "arn:aws-cn:iam::111122223333:role/app"`, "partition aws"]],
  ["replicas without multiRegion", { auraStatement: STATEMENT, replicas: ["eu-west-1"] }, [`${k}.replicas: got ["eu-west-1"]`, "multiRegion: true"]],
  ["replica in the key's own region", { auraStatement: STATEMENT, multiRegion: true, replicas: ["us-east-1"] }, [`${k}.replicas[0]: got "us-east-1"`, "own region"]],
  ["replica in an unconfigured region", { auraStatement: STATEMENT, multiRegion: true, replicas: ["ap-south-1"] }, [`${k}.replicas[0]: got "ap-south-1"`, "no AWS region ap-south-1 is configured"]],
  ["primaryKeyArn without replicas", { auraStatement: STATEMENT, multiRegion: true, primaryKeyArn: mrk }, [`${k}.primaryKeyArn: got "${mrk}"`, "only used to create replicas"]],
  ["primaryKeyArn not multi-Region", { auraStatement: STATEMENT, multiRegion: true, replicas: ["eu-west-1"], primaryKeyArn: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" }, [`${k}.primaryKeyArn: got`, "multi-Region key"]],
  ["primaryKeyArn of another region", { auraStatement: STATEMENT, multiRegion: true, replicas: ["eu-west-1"], primaryKeyArn: mrk.replace("us-east-1", "eu-west-1") }, [`${k}.primaryKeyArn: got`, "in us-east-1 and account 111122223333"]],
  ["instance in another region", { auraStatement: STATEMENT, instanceRegion: "eu-west-1" }, [`${k}.instanceRegion: got "eu-west-1", but the key is in us-east-1`]],
  ["unconditioned star principal", { auraStatement: { ...STATEMENT, Condition: undefined } }, [`${k}.auraStatement (Sid "Allow access for Neo4j"): got Principal {"AWS":"*"} with no Condition`]],
  ["invalid JSON text", { auraStatement: "{ not json" }, [`${k}.auraStatement: got "{ not json"`, "not valid JSON"]],
  ["missing statement file", { auraStatement: { file: "nope/aura.json" } }, [`${k}.auraStatement.file: got "nope/aura.json"`, "cannot read", "(ENOENT)"]],
  ["unknown key", { auraStatement: STATEMENT, rotate: true }, [`${k}.rotate: unknown key; did you mean "rotation"?`]],
  ["aura api tenant", { auraStatement: STATEMENT, auraApi: { name: "k", tenantId: "not a tenant" } }, [`${k}.auraApi.tenantId: got "not a tenant"`, "project (tenant) id"]],
];

describe("AWS customerManagedKey config rejections", () => {
  test.each(badKeys)("%s", (_name, key, fragments) => {
    const problems = configProblems(base(key));
    expect(problems).toHaveLength(1);
    for (const f of fragments) expect(problems[0]).toContain(f);
  });

  test("alias used twice in one region (a replica and the region's own key)", () => {
    const c = base({ auraStatement: STATEMENT, alias: "aura", multiRegion: true, replicas: ["eu-west-1"] });
    c.regions[1].customerManagedKey = { auraStatement: STATEMENT, alias: "aura" };
    const problems = configProblems(c);
    expect(problems).toEqual([expect.stringContaining('regions[1].customerManagedKey.alias: got "aura"; alias/aura is already used in eu-west-1')]);
  });

  test("a written alias that takes the default alias of a replica hosted in the same region", () => {
    // The us-east-1 key has no alias, so its replica in eu-west-1 gets the default acme-aura-us-east-1.
    const c = base({ auraStatement: STATEMENT, multiRegion: true, replicas: ["eu-west-1"] });
    c.regions[1].customerManagedKey = { auraStatement: STATEMENT, alias: "acme-aura-us-east-1" };
    const problems = configProblems(c);
    expect(problems).toEqual([expect.stringContaining('regions[1].customerManagedKey.alias: got "acme-aura-us-east-1"; alias/acme-aura-us-east-1 is already used in eu-west-1')]);
  });
});

describe("AWS customerManagedKey defaults and sources", () => {
  test("defaults: rotation on, 30-day window, prevent_destroy kept, no replicas", () => {
    const key = (parseConfig(base()).regions[0] as any).customerManagedKey;
    expect(key).toMatchObject({ rotation: true, deletionWindowDays: 30, multiRegion: false, replicas: [], adminPrincipals: [], userPrincipals: [] });
    expect(key.allowDestroy).toBeUndefined();
    expect(key.rotationPeriodDays).toBeUndefined();
    expect(key.auraStatement.inline).toEqual(STATEMENT);
  });

  test("accepts the alias with or without the alias/ prefix", () => {
    expect((parseConfig(base({ auraStatement: STATEMENT, alias: "alias/aura-key" })).regions[0] as any).customerManagedKey.alias).toBe("aura-key");
  });

  const sources: Array<[string, unknown]> = [
    ["JSON text", JSON.stringify(STATEMENT)],
    ["an array", [STATEMENT]],
    ["a whole policy", { Version: "2012-10-17", Statement: [STATEMENT] }],
  ];
  test.each(sources)("takes the statement as %s", (_name, source) => {
    expect(() => parseConfig(base({ auraStatement: source }))).not.toThrow();
  });

  test("reads a statement file relative to the config file's folder", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aura-keys-"));
    fs.mkdirSync(path.join(dir, "keys"));
    fs.writeFileSync(path.join(dir, "keys", "aura-statement.json"), JSON.stringify([STATEMENT], null, 2));
    fs.writeFileSync(path.join(dir, "aura.json"), JSON.stringify(base({ auraStatement: { file: "keys/aura-statement.json" } })));
    const key = (loadConfigFile(path.join(dir, "aura.json")).regions[0] as any).customerManagedKey;
    expect(key.auraStatement).toEqual({ file: "keys/aura-statement.json", inline: [STATEMENT] });
  });

  test("reports a statement file's lint errors with the file named", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aura-keys-"));
    fs.writeFileSync(path.join(dir, "s.json"), JSON.stringify({ Statement: [{ ...STATEMENT, Action: "kms:*" }] }));
    const problems = configProblems(base({ auraStatement: { file: "s.json" } }), dir);
    expect(problems).toEqual([expect.stringContaining(`${k}.auraStatement.file (s.json).Statement[0] (Sid "Allow access for Neo4j"): got Action "kms:*"`)]);
  });

  test("reports invalid JSON in a statement file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aura-keys-"));
    fs.writeFileSync(path.join(dir, "s.json"), "{ nope");
    expect(configProblems(base({ auraStatement: { file: "s.json" } }), dir)).toEqual([expect.stringMatching(/auraStatement\.file: got "s\.json"; .*s\.json is not valid JSON/)]);
  });
});

function zodProblems(schema: typeof gcpKeySchema | typeof azureKeySchema, input: unknown): string[] {
  const r = schema.safeParse(input, { reportInput: true });
  return r.success ? [] : formatZodIssues(r.error.issues);
}

describe("GCP key config", () => {
  const ok = { auraServiceAccounts: ["aura-kms-1@neo4j-aura-prod.iam.gserviceaccount.com"] };
  test("defaults", () => {
    expect(gcpKeySchema.parse(ok)).toMatchObject({ keyName: "aura-cmk", rotation: true, rotationPeriodDays: 365, destroyScheduledDays: 120, protectionLevel: "SOFTWARE" });
  });
  const bad: Array<[string, unknown, string]> = [
    ["no service accounts", { auraServiceAccounts: [] }, "auraServiceAccounts: got []; list the service accounts"],
    ["service account not an email", { auraServiceAccounts: ["aura@gmail.com"] }, 'auraServiceAccounts[0]: got "aura@gmail.com"; must be a service account email'],
    ["service account twice", { auraServiceAccounts: [ok.auraServiceAccounts[0], ok.auraServiceAccounts[0]] }, "twice"],
    ["destroy period too long", { ...ok, destroyScheduledDays: 200 }, "destroyScheduledDays: got 200; must be at most 120 days"],
    ["allowDestroy false", { ...ok, allowDestroy: false }, "allowDestroy: got false; set to true only"],
    ["protection level", { ...ok, protectionLevel: "EXTERNAL" }, 'protectionLevel: got "EXTERNAL"; must be "SOFTWARE" or "HSM"'],
    ["label value GCP refuses", { ...ok, labels: { team: "Graph Team" } }, 'labels.team: got "Graph Team"; label values are at most 63 lowercase'],
  ];
  test.each(bad)("%s", (_n, input, fragment) => {
    const problems = zodProblems(gcpKeySchema, input);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(fragment);
  });
});

describe("Azure key config", () => {
  const ok = { vaultName: "kv-acme-aura", tenantId: "11111111-2222-3333-4444-555555555555", auraServicePrincipalObjectId: "6f1e2d3c-4b5a-4968-8776-655443322110" };
  test("defaults", () => {
    expect(azureKeySchema.parse(ok)).toMatchObject({ keyName: "aura-cmk", keyType: "RSA", keySize: 4096, rotation: true, rotateAfterDays: 365, softDeleteRetentionDays: 90, sku: "standard", auraKeyIdentifier: "versioned" });
  });
  test("the service principal by the Neo4j CMK Application ID instead of an object id", () => {
    const parsed = azureKeySchema.parse({ ...ok, auraServicePrincipalObjectId: undefined, auraApplicationId: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" });
    expect(parsed.auraApplicationId).toBe("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
    expect(parsed.auraServicePrincipalObjectId).toBeUndefined();
  });
  const bad: Array<[string, unknown, string]> = [
    ["key size", { ...ok, keySize: 1024 }, "keySize: got 1024; must be 2048, 3072 or 4096"],
    ["vault name", { ...ok, vaultName: "kv" }, 'vaultName: got "kv"; must be 3-24'],
    ["vault name with double hyphen", { ...ok, vaultName: "kv--acme" }, 'vaultName: got "kv--acme"'],
    ["object id", { ...ok, auraServicePrincipalObjectId: "aura" }, 'auraServicePrincipalObjectId: got "aura"; must be the object id'],
    ["HSM key on standard", { ...ok, keyType: "RSA-HSM" }, 'keyType: got "RSA-HSM"; HSM-backed keys need sku: "premium"'],
    ["soft delete too long", { ...ok, softDeleteRetentionDays: 120 }, "softDeleteRetentionDays: got 120; must be at most 90 days"],
    ["rotation too often", { ...ok, rotateAfterDays: 3 }, "rotateAfterDays: got 3; must be at least 7 days"],
    ["vault resource group ending with a dot", { ...ok, resourceGroupName: "rg-keys." }, 'resourceGroupName: got "rg-keys."; must be the name of an existing resource group'],
    ["instance region", { ...ok, instanceRegion: "east-us-2" }, 'instanceRegion: got "east-us-2"; must be an Azure location'],
    ["application id", { ...ok, auraServicePrincipalObjectId: undefined, auraApplicationId: "neo4j" }, 'auraApplicationId: got "neo4j"; must be the "Neo4j CMK Application ID"'],
    [
      "both the application id and the object id",
      { ...ok, auraApplicationId: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" },
      'auraServicePrincipalObjectId: got "6f1e2d3c-4b5a-4968-8776-655443322110"; is given together with auraApplicationId; give exactly one',
    ],
    ["neither the application id nor the object id", { ...ok, auraServicePrincipalObjectId: undefined }, "give auraApplicationId (the Neo4j CMK Application ID from the Aura console"],
    ["key identifier", { ...ok, auraKeyIdentifier: "latest" }, 'auraKeyIdentifier: got "latest"; must be "versioned"'],
  ];
  test.each(bad)("%s", (_n, input, fragment) => {
    const problems = zodProblems(azureKeySchema, input);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(fragment);
  });
});

describe("keys in the example and across clouds", () => {
  test("the example has a customer managed key on each cloud", () => {
    const config = parseConfig(exampleConfig);
    const clouds = config.regions.filter((r) => (r as { customerManagedKey?: unknown }).customerManagedKey).map((r) => r.cloud);
    expect(new Set(clouds)).toEqual(new Set(["aws", "gcp", "azure"]));
  });

  test("an Azure key's instanceRegion is compared as a location: \"East US\" is eastus", () => {
    const c = JSON.parse(JSON.stringify(exampleConfig));
    c.regions.find((r: any) => r.cloud === "azure").customerManagedKey.instanceRegion = "East US";
    expect(() => parseConfig(c)).not.toThrow();
  });

  test("a GCP or Azure key for an instance in another region is refused", () => {
    const c = JSON.parse(JSON.stringify(exampleConfig));
    const gcp = c.regions.findIndex((r: any) => r.cloud === "gcp");
    const azure = c.regions.findIndex((r: any) => r.cloud === "azure");
    c.regions[gcp].customerManagedKey.instanceRegion = "europe-west4";
    c.regions[azure].customerManagedKey.instanceRegion = "westeurope";
    expect(configProblems(c)).toEqual([
      expect.stringContaining(`regions[${gcp}].customerManagedKey.instanceRegion: got "europe-west4", but the key is created in europe-west1`),
      expect.stringContaining(`regions[${azure}].customerManagedKey.instanceRegion: got "westeurope", but the key is created in eastus`),
    ]);
  });
});

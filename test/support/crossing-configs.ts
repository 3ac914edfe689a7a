/**
 * Configs that hold every string field of the config schema, for the crossings tests: each inventoried
 * field (domain/crossings.ts) is found in one of them, set to a hostile value and the config validated or
 * synthesized. Paths use the inventory's notation: `a.b`, `[]` (an element), `{key}` and `{}` (a record's
 * key and value), `@aws` (the union member whose cloud/type is aws).
 */
import type { z } from "zod";
import { exampleConfig } from "../../config/example";
import { auraSampleStatement } from "./fixtures";

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const ARN_SECRET = "arn:aws:secretsmanager:us-east-1:111122223333:secret:neo4j-admin-AbCdEf";
const TENANT = "6f1e2d3c-4b5a-4968-8776-655443322110";
const SUB = "00000000-1111-2222-3333-444444444444";
const auraApi = () => ({
  name: "acme-key",
  tenantId: TENANT,
  instanceType: "enterprise-db",
  baseUrl: "https://api.neo4j.io",
  credentials: { clientId: { env: "AURA_CLIENT_ID" }, clientSecret: { file: "/run/secrets/aura-client-secret" } },
  runner: { cliCommand: "npx --no aura-secure", timeout: "15m", pollInterval: "15s" },
});

/** The embedded example's regions, each with every optional string field it lacks filled in. */
const exampleRegion = (i: number): Json => clone(exampleConfig.regions![i]);
const awsRegion = (): Json => {
  const r = exampleRegion(0);
  r.network.subnets = { "use1-az1": "subnet-0a1b2c3d4e5f60711" };
  Object.assign(r.network, {
    additionalVpcs: [{ vpcId: "vpc-0a1b2c3d4e5f60799", region: "us-east-1" }],
    otherAccountVpcs: [{ vpcId: "vpc-0a1b2c3d4e5f60700", region: "us-east-1", accountId: "444455556666", roleArn: "arn:aws:iam::444455556666:role/route53-association" }],
  });
  Object.assign(r.dns, { existingZones: { "production-orch-0000.neo4j.io": "Z0123456789ABCDEFGHIJ" }, sharedResolvers: ["corp-dns"] });
  r.tags = { team: "graph" };
  Object.assign(r, { assumeRoleArn: "arn:aws:iam::111122223333:role/aura-deploy", assumeRoleExternalId: "acme-graph-ci", assumeRoleSessionName: "aura-pipeline" });
  Object.assign(r.customerManagedKey, {
    description: "Aura customer managed key",
    multiRegion: true,
    replicas: ["eu-west-1"],
    primaryKeyArn: "arn:aws:kms:us-east-1:111122223333:key/mrk-0123456789abcdef0123456789abcdef",
    userPrincipals: ["arn:aws:iam::111122223333:role/kms-user"],
    auraStatement: auraSampleStatement(),
    instanceRegion: "us-east-1",
    auraApi: auraApi(),
    tags: { key: "aura" },
  });
  return r;
};
const awsSecondRegion = (): Json => {
  const r = exampleRegion(1);
  delete r.network.subnets;
  r.network.subnetIds = ["subnet-0f1e2d3c4b5a69781"];
  return r;
};
const gcpRegion = (): Json => {
  const r = exampleRegion(2);
  Object.assign(r.network, { address: "10.10.0.5", additionalNetworks: ["projects/acme-graph-prod/global/networks/tools"] });
  // existingZones apply to the managed-zone mode.
  r.dns = { customEndpoints: ["reports-abcdef-234567"], existingZones: { "production-orch-0002.neo4j.io": "aura-orch-0002" }, sharedResolvers: ["corp-dns"] };
  r.labels = { team: "graph" };
  Object.assign(r.customerManagedKey, { keyRing: "acme-aura-europe-west1", keyName: "aura-cmk", instanceRegion: "europe-west1", auraApi: auraApi(), labels: { key: "aura" } });
  return r;
};
const azureRegion = (): Json => {
  const r = exampleRegion(3);
  r.requestMessage = "acme-graph, platform team";
  r.network.additionalVnetIds = [`/subscriptions/${SUB}/resourceGroups/rg-acme-graph-network/providers/Microsoft.Network/virtualNetworks/vnet-tools-eastus`];
  Object.assign(r.dns, {
    existingZones: { "production-orch-0003.neo4j.io": `/subscriptions/${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/production-orch-0003.neo4j.io` },
    sharedResolvers: ["corp-dns"],
  });
  r.tags = { team: "graph" };
  Object.assign(r.customerManagedKey, {
    resourceGroupName: "rg-acme-graph-keys",
    keyName: "aura-cmk",
    publicNetworkAccess: "selected",
    allowedIpRanges: ["203.0.113.0/24"],
    allowedSubnetIds: [`/subscriptions/${SUB}/resourceGroups/rg-acme-graph-network/providers/Microsoft.Network/virtualNetworks/vnet-apps-eastus/subnets/snet-apps`],
    instanceRegion: "eastus",
    auraApi: auraApi(),
    tags: { key: "aura" },
  });
  return r;
};

/** The Azure key given Aura's service principal by object id instead of the Application ID (exactly one of them). */
const azureRegionByObjectId = (): Json => {
  const r = exampleRegion(3);
  delete r.customerManagedKey.auraApplicationId;
  r.customerManagedKey.auraServicePrincipalObjectId = "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d";
  return r;
};

const privileges = [
  { privilege: "ACCESS", database: "orders" },
  { privilege: "MATCH", graph: "orders", nodes: ["Order"], properties: ["total"] },
  { privilege: "READ", graph: "orders", properties: ["total"], where: { label: "Order", property: "region", operator: "=", value: "emea" } },
  { privilege: "TRAVERSE", graph: "orders", relationships: ["PLACED"] },
  { privilege: "SET LABEL", graph: "orders", labels: ["Archived"] },
  { privilege: "SHOW TRANSACTION", database: "orders", users: ["carol"] },
  { privilege: "EXECUTE PROCEDURE", procedures: ["apoc.coll.*"] },
  { privilege: "EXECUTE FUNCTION", functions: ["apoc.text.*"] },
  { privilege: "SHOW SETTING", settings: ["server.bolt.*"] },
  { privilege: "READ", graph: "orders", properties: ["total"], where: { labels: ["Order", "Invoice"], property: "region", operator: "IN", value: ["emea", "apac"] } },
  { privilege: "TRAVERSE", graph: "orders", where: { relationship: true, types: ["PLACED"], property: "channel", operator: "=", value: "web" } },
  ...["date", "localtime", "time", "localdatetime", "datetime"].map((kind, i) => ({
    privilege: "TRAVERSE",
    graph: "orders",
    where: { label: "Order", property: `t${i}`, operator: ">", value: { [kind]: { date: "2024-10-25", localtime: "12:30:00", time: "12:30:00Z", localdatetime: "2024-10-25T12:30:00", datetime: "2024-10-25T12:30:00Z" }[kind] } },
  })),
  { privilege: "LOAD", cidr: "10.20.0.0/16" },
];
const access = (connection: Json, aliasPassword: Json, runner: Json) => ({
  id: "dbms-a",
  connection,
  roles: [{ name: "orders_readers", privileges }],
  users: [{ name: "carol", roles: ["orders_readers"], homeDatabase: "orders-local" }],
  localAliases: [
    { name: "orders-local", target: "orders", properties: { team: "graph" } },
    { name: "orders-part", composite: "garden", target: "orders" },
  ],
  remoteAliases: [
    {
      name: "orders-aura",
      target: "neo4j",
      url: "neo4j+s://abcd1234.production-orch-0000.neo4j.io:7687",
      credentials: { type: "stored", user: "alias_user", password: aliasPassword },
      driver: { connection_timeout: "5s", connection_max_lifetime: "1h", connection_pool_acquisition_timeout: "30s", connection_pool_idle_test: "PT1M" },
      properties: { owner: "platform" },
    },
    {
      name: "orders-far",
      composite: "garden",
      target: "neo4j",
      url: "neo4j+s://abcd1234.production-orch-0000.neo4j.io:7687",
      credentials: { type: "stored", user: "alias_user", password: aliasPassword },
    },
  ],
  runner,
});

/** Every base config; a field is looked up in them in this order. */
export function crossingConfigs(): Json[] {
  const local = { type: "local", stateDir: "state" };
  const noRegions: Json[] = [];
  return [
    { project: "acme-graph", stackPrefix: "aura", tags: { owner: "platform" }, backend: local, regions: [awsRegion(), awsSecondRegion()] },
    { project: "acme-graph", backend: local, regions: [gcpRegion()] },
    { project: "acme-graph", backend: local, regions: [azureRegion()] },
    { project: "acme-graph", backend: local, regions: [azureRegionByObjectId()] },
    {
      project: "acme-graph",
      backend: { type: "gcs", bucket: "acme-graph-state", prefix: "aura/prod", kmsEncryptionKey: "projects/acme-graph-prod/locations/europe-west1/keyRings/state/cryptoKeys/tfstate", impersonateServiceAccount: "state-writer@acme-graph-prod.iam.gserviceaccount.com" },
      regions: [gcpRegion()],
    },
    {
      project: "acme-graph",
      backend: { type: "azurerm", storageAccountName: "acmegraphstate", containerName: "tfstate", keyPrefix: "aura/prod", resourceGroupName: "rg-state", subscriptionId: SUB, tenantId: TENANT },
      regions: [azureRegion()],
    },
    { project: "acme-graph", backend: { type: "cloud", organization: "acme", hostname: "tfe.example.com", project: "Aura Graph", workspaces: { namePrefix: "aura-" } }, regions: [awsRegion()] },
    { project: "acme-graph", backend: { type: "cloud", organization: "acme", workspaces: { tags: ["aura", "prod"] } }, regions: [awsRegion()] },
    {
      project: "acme-graph",
      backend: { type: "s3", bucket: "acme-state", region: "eu-west-1", keyPrefix: "aura/prod", kmsKeyId: "arn:aws:kms:eu-west-1:111122223333:key/0123abcd-12ab-34cd-56ef-1234567890ab", roleArn: "arn:aws:iam::111122223333:role/state" },
      regions: noRegions,
      neo4jAccess: access({ uri: "neo4j+s://db.example.com:7687", user: "admin", password: { env: "NEO4J_PW" } }, { env: "ALIAS_PW" }, { type: "local-exec", cliCommand: "npx --no aura-secure", timeout: "120s" }),
    },
    {
      project: "acme-graph",
      backend: local,
      regions: noRegions,
      neo4jAccess: access({ uri: { env: "NEO4J_URI" }, user: { env: "NEO4J_USER" }, password: { file: "/run/secrets/neo4j" } }, { file: "/run/secrets/alias" }, undefined),
    },
    {
      project: "acme-graph",
      backend: local,
      regions: noRegions,
      neo4jAccess: access({ uri: "neo4j+s://db.example.com:7687", user: "admin", password: { secretsManagerArn: ARN_SECRET, jsonKey: "password" } }, { secretsManagerArn: ARN_SECRET, jsonKey: "alias" }, {
        type: "lambda",
        region: "us-east-1",
        vpcId: "vpc-0a1b2c3d4e5f60718",
        subnetIds: ["subnet-0a1b2c3d4e5f60711"],
        neo4jCidrs: ["10.20.0.0/24"],
        secretsManagerCidrs: ["10.20.1.0/28"],
        secretsKmsKeyArns: ["arn:aws:kms:us-east-1:111122223333:key/0123abcd-12ab-34cd-56ef-1234567890ab"],
        functionName: "neo4j-access",
        timeout: "120s",
      }),
    },
  ];
}

// ---------------------------------------------------------------------------------------------------------
// Paths

export type Segment = { key: string } | { each: true } | { recordKey: true } | { recordValue: true } | { variant: string };

export function parseFieldPath(pattern: string): Segment[] {
  const out: Segment[] = [];
  const re = /([A-Za-z_][A-Za-z0-9_]*)|\[\]|\{key\}|\{\}|@([a-z0-9-]+)|\./g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(pattern))) {
    if (m[1]) out.push({ key: m[1] });
    else if (m[0] === "[]") out.push({ each: true });
    else if (m[0] === "{key}") out.push({ recordKey: true });
    else if (m[0] === "{}") out.push({ recordValue: true });
    else if (m[2]) out.push({ variant: m[2] });
  }
  return out;
}

/** A concrete location: the container, the key in it, and the zod-style path (for messages). */
export interface Location {
  path: Array<string | number>;
  /** Sets the field (or renames the record key) to `value`. */
  set(value: string): void;
  value: string;
}

const variantOf = (v: Json) => (v && typeof v === "object" ? (v.cloud ?? v.type) : undefined);

/** Finds the first place `pattern` holds a string in `config`, or null. */
export function locate(config: Json, pattern: string): Location | null {
  const segs = parseFieldPath(pattern);
  const walk = (node: Json, i: number, path: Array<string | number>, parent: Json, key: string | number | null): Location | null => {
    if (i === segs.length) {
      if (typeof node !== "string" || parent === null || key === null) return null;
      return { path, value: node, set: (v) => void (parent[key] = v) };
    }
    const s = segs[i]!;
    if ("key" in s) return node && typeof node === "object" && !Array.isArray(node) && s.key in node ? walk(node[s.key], i + 1, [...path, s.key], node, s.key) : null;
    if ("variant" in s) return variantOf(node) === s.variant ? walk(node, i + 1, path, parent, key) : null;
    if ("each" in s) {
      if (!Array.isArray(node)) return null;
      for (let j = 0; j < node.length; j++) {
        const found = walk(node[j], i + 1, [...path, j], node, j);
        if (found) return found;
      }
      return null;
    }
    if (!node || typeof node !== "object" || Array.isArray(node)) return null;
    const first = Object.keys(node)[0];
    if (first === undefined) return null;
    if ("recordValue" in s) return walk(node[first], i + 1, [...path, first], node, first);
    // A record key: renaming it keeps its value (and its place among the keys).
    if (i !== segs.length - 1) return null;
    const record = node;
    return {
      path,
      value: first,
      set: (v) => {
        const entries = Object.entries(record);
        for (const k of Object.keys(record)) delete record[k];
        for (const [k, val] of entries) record[k === first ? v : k] = val;
      },
    };
  };
  return walk(config, 0, [], null, null);
}

export const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** The first base config holding the field, cloned, with its location; null when none holds it. */
export function configWith(pattern: string): { config: Json; at: Location; base: number } | null {
  const bases = crossingConfigs();
  for (let base = 0; base < bases.length; base++) {
    const config = clone(bases[base]);
    const at = locate(config, pattern);
    if (at) return { config, at, base };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// The schema's string fields

type Def = { type: string; [k: string]: Json };
const defOf = (s: z.core.$ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/**
 * Every string leaf of a zod schema, in the inventory's path notation (literals and enums are fixed words,
 * not text, and are left out; `unknown` leaves, which take any JSON, are listed).
 */
export function stringFields(schema: z.core.$ZodType, base = ""): string[] {
  const out = new Set<string>();
  const seen = new Set<unknown>();
  const walk = (s: z.core.$ZodType, path: string) => {
    const d = defOf(s);
    switch (d.type) {
      case "optional":
      case "nullable":
      case "default":
      case "prefault":
      case "readonly":
      case "catch":
      case "nonoptional":
        return walk(d.innerType, path);
      case "pipe":
        walk(d.in, path);
        if (defOf(d.out).type !== "transform") walk(d.out, path);
        return;
      case "lazy":
        if (seen.has(s)) return;
        seen.add(s);
        return walk(d.getter(), path);
      case "object":
        for (const [k, v] of Object.entries(d.shape as Record<string, z.core.$ZodType>)) walk(v, path ? `${path}.${k}` : k);
        return;
      case "array":
        return walk(d.element, `${path}[]`);
      case "record":
        walk(d.keyType, `${path}{key}`);
        walk(d.valueType, `${path}{}`);
        return;
      case "union":
        for (const o of d.options as z.core.$ZodType[]) {
          if (!d.discriminator) {
            walk(o, path);
            continue;
          }
          let field = defOf(o).shape?.[d.discriminator] as z.core.$ZodType | undefined;
          while (field && !defOf(field).values) field = defOf(field).innerType;
          walk(o, `${path}@${String(defOf(field!).values[0])}`);
        }
        return;
      case "intersection":
        walk(d.left, path);
        walk(d.right, path);
        return;
      case "string":
      case "unknown":
      case "any":
        out.add(path);
        return;
      case "transform":
      case "literal":
      case "enum":
      case "boolean":
      case "number":
      case "int":
      case "bigint":
      case "null":
      case "undefined":
      case "never":
        return;
      default:
        // A kind of schema this walker does not know: reported as a field, so the inventory test fails on it.
        out.add(`${path}<${d.type}>`);
    }
  };
  walk(schema, base);
  return [...out];
}

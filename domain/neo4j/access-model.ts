import { z } from "zod";
import { UserError, formatZodIssues } from "../errors";
import { sourceSpanIssues } from "../address-span-issues";
import { ipv4CidrProblem } from "../cidr";
import { cliCommandSchema } from "../shell";
import { CREDENTIALS_INSTEAD, urlCredentialsProblem, withoutCredentials } from "../url-credentials";
import { aliasNameProblem, constituentName, databaseNameProblem, RESERVED_DATABASES } from "./names";
import { privilegeSchema, privilegeTarget } from "./privileges";

/**
 * Desired access-control state of ONE Neo4j DBMS: roles and their privileges, role grants to users, home
 * databases, local and remote database aliases. It is applied with Cypher after provisioning by
 * runtime/cypher (CLI or Lambda handler). The state holds secret REFERENCES only (environment variable,
 * file or Secrets Manager ARN): it is serialised into Terraform JSON and state, so it must never hold a secret.
 *
 * Facts used here: DESIGN.md section 6 and reference 000 (remote database aliases).
 */

// ---------------------------------------------------------------------------------------------------------
// Names

/** Role names as Neo4j documents them: a letter first, then letters, digits and underscores. */
export const ROLE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,127}$/;
/** User names: letters, digits and `_ . @ + -` (covers e-mail style names), 1-128 characters. */
export const USER_NAME = /^[A-Za-z0-9_.@+-]{1,128}$/;
/** Label, relationship type and property names in privileges, and PROPERTIES keys. */
export const SIMPLE_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
export const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
export const SECRETS_MANAGER_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;

/** Roles that ship with Neo4j. They are never created or dropped by this tool; grant them to users instead. */
export const BUILT_IN_ROLES = ["PUBLIC", "admin", "architect", "publisher", "editor", "reader"] as const;
/**
 * PUBLIC: every user has it, it cannot be created, dropped or granted, but its privileges can be granted and
 * revoked (Operations Manual, "Built-in roles"; docs/vendor-facts.md). Declared in `roles`, only the privilege
 * rows it lists are managed.
 */
export const PUBLIC_ROLE = "PUBLIC";

/** TLS with the certificate checked against the system's trusted CAs: the default. */
export const SECURE_URL_SCHEMES = ["neo4j+s", "bolt+s"] as const;
/** TLS that accepts any certificate ("self-signed certificate"): only with allowUnverifiedTls: true. */
export const UNVERIFIED_TLS_URL_SCHEMES = ["neo4j+ssc", "bolt+ssc"] as const;
/** No TLS at all: only with allowInsecureUrl: true. */
export const INSECURE_URL_SCHEMES = ["neo4j", "bolt"] as const;

const roleName = z
  .string()
  .regex(ROLE_NAME, { error: "must be a role name: a letter, then letters, digits or underscores (at most 128)" });
/** Database names per the Operations Manual (names.ts); the server stores them in lowercase, so do we. */
const databaseName = z
  .string({ error: "must be a database name" })
  .superRefine((s, ctx) => {
    const why = databaseNameProblem(s);
    if (why) ctx.addIssue({ code: "custom", input: s, message: `must be a database name that ${why}` });
  })
  .transform((s) => s.toLowerCase());
/** Alias names per the Operations Manual (names.ts). */
const aliasName = z.string({ error: "must be an alias name" }).superRefine((s, ctx) => {
  const why = aliasNameProblem(s);
  if (why) ctx.addIssue({ code: "custom", input: s, message: `must be an alias name that ${why}` });
});
const userName = z.string().regex(USER_NAME, { error: "must be a user name: 1-128 of letters, digits and _ . @ + -" });
const identifier = z
  .string()
  .regex(SIMPLE_IDENTIFIER, { error: "must be an identifier: a letter or underscore, then letters, digits or underscores" });

// ---------------------------------------------------------------------------------------------------------
// Secret and value references

export const secretRefSchema = z.union(
  [
    z.strictObject({ env: z.string().regex(ENV_VAR_NAME, { error: "must be an environment variable name" }) }),
    z.strictObject({
      file: z
        .string()
        .min(1, { error: "must be a file path" })
        // No file name needs them, and a NUL cannot be passed to the file system at all.
        .refine((f) => !/[\u0000-\u001f\u007f]/.test(f), { error: "must be a file path without control characters (line breaks, tabs, NUL)" }),
    }),
    z.strictObject({
      secretsManagerArn: z.string().regex(SECRETS_MANAGER_ARN, { error: "must be an AWS Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)" }),
      jsonKey: identifier.optional(),
    }),
  ],
  { error: "must be a secret reference: {env: NAME}, {file: PATH} or {secretsManagerArn: ARN, jsonKey?}; never the secret itself" },
);
export type SecretRef = z.infer<typeof secretRefSchema>;

/** A non-secret value given literally or read from an environment variable at apply time. */
const valueOrEnv = (inner: z.ZodString) =>
  z.union([inner, z.strictObject({ env: z.string().regex(ENV_VAR_NAME, { error: "must be an environment variable name" }) })], {
    error: "must be a string or {env: NAME}",
  });

// ---------------------------------------------------------------------------------------------------------
// URLs

/** The explicit choices a Neo4j URL may need, and how the caller names them in messages (config keys or CLI flags). */
export interface Neo4jUrlOptIns {
  allowInsecureUrl?: boolean;
  allowUnverifiedTls?: boolean;
  /** How to say "set the opt-in" where the URL came from; default the config keys. */
  names?: { insecure: string; unverified: string };
  /** Where credentials belong instead of the URL (for the message). */
  credentialsInstead?: string;
}

/** DNS labels (underscores too: container networks use them), IPv4, or a bracketed IPv6 address. */
const NEO4J_HOST = "(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*|\\[[0-9A-Fa-f:.]+\\])";
/** scheme://host[:port][/][?routing context]: what the driver takes, and nothing a shell, Terraform or a log could read otherwise. */
const NEO4J_URL = new RegExp(`^([a-z0-9+]+)://${NEO4J_HOST}(?::[0-9]{1,5})?/?(?:\\?[A-Za-z0-9_.~%=&-]*)?$`);

const CONFIG_OPT_IN_NAMES = { insecure: "set allowInsecureUrl: true", unverified: "set allowUnverifiedTls: true" };

/**
 * Pure: is this URL acceptable for a connection or a remote alias? Returns null when fine, else why not.
 * `+s` is the default; `+ssc` (encrypted, certificate not checked) needs allowUnverifiedTls, plain
 * `neo4j`/`bolt` needs allowInsecureUrl. A boolean is the allowInsecureUrl of callers that know no other opt-in.
 */
export function checkNeo4jUrl(url: string, optIns: boolean | Neo4jUrlOptIns): string | null {
  const o: Neo4jUrlOptIns = typeof optIns === "boolean" ? { allowInsecureUrl: optIns } : optIns;
  const names = o.names ?? CONFIG_OPT_IN_NAMES;
  const credentials = urlCredentialsProblem(url, o.credentialsInstead ?? CREDENTIALS_INSTEAD.neo4jConnection);
  if (credentials) return credentials;
  const m = NEO4J_URL.exec(url);
  if (!m) return "must be a URL like neo4j+s://host:7687: a scheme, a host name or address, an optional port and routing context (?key=value), nothing else";
  const scheme = m[1]!;
  const allowed = [...SECURE_URL_SCHEMES, ...(o.allowUnverifiedTls ? UNVERIFIED_TLS_URL_SCHEMES : []), ...(o.allowInsecureUrl ? INSECURE_URL_SCHEMES : [])].join(", ");
  if ((SECURE_URL_SCHEMES as readonly string[]).includes(scheme)) return null;
  if ((UNVERIFIED_TLS_URL_SCHEMES as readonly string[]).includes(scheme)) {
    if (o.allowUnverifiedTls) return null;
    const verified = scheme.replace("+ssc", "+s");
    return (
      `uses ${scheme}://, which encrypts but accepts any certificate (self-signed, expired or issued for another host): it never checks who answers, ` +
      `so anyone on the network path can pose as the server and receive the user and password; use ${verified}:// with a certificate your system trusts, ` +
      `or ${names.unverified} if you really mean it`
    );
  }
  if ((INSECURE_URL_SCHEMES as readonly string[]).includes(scheme)) {
    return o.allowInsecureUrl ? null : `uses the unencrypted scheme ${scheme}://; allowed: ${allowed} (or ${names.insecure})`;
  }
  return `has unknown scheme ${scheme}://; allowed: ${allowed}`;
}

/** A URL as shown in messages: credentials (if any) hidden. */
export const showNeo4jUrl = withoutCredentials;

// ---------------------------------------------------------------------------------------------------------
// Privileges

/** Parses "500ms", "5s", "2m", "1h" or an ISO-8601 time duration "PT1M30S" into milliseconds; null if invalid. */
export function parseDurationMs(text: string): number | null {
  const simple = /^(\d+)(ms|s|m|h)$/.exec(text);
  if (simple) return Number(simple[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[simple[2] as "ms" | "s" | "m" | "h"];
  const iso = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,3})?)S)?$/.exec(text);
  if (iso && text !== "PT") return (Number(iso[1] ?? 0) * 3600 + Number(iso[2] ?? 0) * 60 + Number(iso[3] ?? 0)) * 1000;
  return null;
}

const duration = z.string().refine((s) => parseDurationMs(s) !== null, { error: 'must be a duration like "500ms", "5s", "2m", "1h" or "PT1M30S"' });

export { privilegeSchema, type Privilege } from "./privileges";

// ---------------------------------------------------------------------------------------------------------
// Aliases

/** The DRIVER keys Neo4j documents for remote aliases, with their value types. */
export const driverSchema = z.strictObject(
  {
    ssl_enforced: z.boolean().optional(),
    connection_timeout: duration.optional(),
    connection_max_lifetime: duration.optional(),
    connection_pool_acquisition_timeout: duration.optional(),
    connection_pool_idle_test: duration.optional(),
    /** Negative means unlimited; 0 is not allowed (Operations Manual, dbms.routing.driver.connection.pool.max_size). */
    connection_pool_max_size: z
      .number()
      .int()
      .min(-1)
      .max(10_000)
      .refine((n) => n !== 0, { error: "must not be 0 (Neo4j refuses a pool of 0); -1 means unlimited" })
      .optional(),
    logging_level: z.enum(["DEBUG", "INFO", "WARN", "ERROR", "NONE"]).optional(),
  },
  {
    error: (iss) =>
      iss.code === "unrecognized_keys"
        ? `unknown DRIVER setting(s) ${iss.keys.join(", ")}; allowed: ssl_enforced, connection_timeout, connection_max_lifetime, connection_pool_acquisition_timeout, connection_pool_idle_test, connection_pool_max_size, logging_level`
        : "must be a map of DRIVER settings",
  },
);
export type DriverSettings = z.infer<typeof driverSchema>;

const propertiesSchema = z.record(identifier, z.union([z.string(), z.number().finite(), z.boolean()]), {
  error: "must be a map of identifier keys to string, number or boolean values",
});
const defaultLanguage = z.union([z.literal(5), z.literal(25)], { error: "must be 5 or 25 (DEFAULT LANGUAGE CYPHER 5|25)" });

/**
 * The composite database an alias is a constituent of. Its name is then `name` inside that composite, and SHOW
 * ALIASES lists it as `composite.name`. Without it, a name with dots is a regular alias (the planner refuses a
 * dotted name whose prefix is a composite database on the server, which would otherwise decide for us).
 */
const compositeName = z
  .string({ error: "must be the name of a composite database" })
  .superRefine((s, ctx) => {
    const why = databaseNameProblem(s);
    if (why) ctx.addIssue({ code: "custom", input: s, message: `must be a composite database name that ${why}` });
  })
  .transform((s) => s.toLowerCase());

/** No defaultLanguage: a local alias always uses its target database's Cypher version. */
export const localAliasSchema = z.strictObject({
  name: aliasName,
  composite: compositeName.optional(),
  target: databaseName,
  properties: propertiesSchema.optional(),
});

export const remoteAliasSchema = z.strictObject({
  name: aliasName,
  composite: compositeName.optional(),
  /** Database name on the remote DBMS. */
  target: databaseName,
  url: z.string(),
  /** Accept neo4j:// and bolt:// (no TLS) for this alias. */
  allowInsecureUrl: z.boolean().optional(),
  /** Accept neo4j+ssc:// and bolt+ssc:// (TLS without certificate checks) for this alias. */
  allowUnverifiedTls: z.boolean().optional(),
  credentials: z.discriminatedUnion(
    "type",
    [
      /** STORED NATIVE CREDENTIALS: a native user of the remote DBMS; the password is a reference resolved at apply time. */
      z.strictObject({ type: z.literal("stored"), user: userName, password: secretRefSchema }),
      /** OIDC CREDENTIAL FORWARDING (Neo4j 2026.01+): forwards the logged-in user's OIDC token. */
      z.strictObject({ type: z.literal("oidc") }),
    ],
    { error: 'must be {type: "stored", user, password: <secret reference>} or {type: "oidc"}' },
  ),
  driver: driverSchema.optional(),
  properties: propertiesSchema.optional(),
  defaultLanguage: defaultLanguage.optional(),
});

// ---------------------------------------------------------------------------------------------------------
// Runners (how the state is applied). Not part of the state handed to the CLI or the Lambda handler.

const cidr = z
  .string({ error: "must be an IPv4 CIDR like 10.0.0.0/16" })
  .superRefine((value, ctx) => {
    const problem = ipv4CidrProblem(value);
    if (problem) ctx.addIssue({ code: "custom", input: value, message: problem });
  });

/**
 * The Lambda runner's egress, judged by the address-span rule (domain/address-span.ts): egress goes only to
 * the Neo4j endpoint's and the Secrets Manager endpoint's addresses, so no opt-in widens it past one /8 of
 * public addresses, and two /1 halves are refused like 0.0.0.0/0.
 */
const EGRESS_WHAT = "the function's egress goes only to the Neo4j endpoint's and the Secrets Manager endpoint's addresses (there is no opt-in for more)";
function egressSpanIssues(r: { neo4jCidrs: string[]; secretsManagerCidrs: string[] }, ctx: z.RefinementCtx): void {
  const valid = (c: string) => ipv4CidrProblem(c) === null;
  let found = false;
  for (const field of ["neo4jCidrs", "secretsManagerCidrs"] as const) {
    for (const { index, problem } of sourceSpanIssues(r[field], EGRESS_WHAT, null, valid)) {
      found = true;
      ctx.addIssue({ code: "custom", path: index === null ? [field] : [field, index], input: index === null ? r[field] : r[field][index], message: problem });
    }
  }
  if (found) return;
  // Each list may be fine on its own and the two together still too wide: the function's egress is their union.
  for (const { problem } of sourceSpanIssues([...r.neo4jCidrs, ...r.secretsManagerCidrs], EGRESS_WHAT, null, valid)) {
    ctx.addIssue({ code: "custom", path: ["secretsManagerCidrs"], input: undefined, params: { noValue: true }, message: `with neo4jCidrs: ${problem}` });
  }
}

export const localExecRunnerSchema = z.strictObject({
  type: z.literal("local-exec"),
  /** How the provisioner starts the CLI; the package's bin by default. */
  cliCommand: cliCommandSchema,
  timeout: duration.default("120s"),
});
export const lambdaRunnerSchema = z.strictObject({
  type: z.literal("lambda"),
  region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d+$/, { error: 'must be an AWS region like "eu-west-1"' }),
  vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, { error: "must be a VPC id like vpc-0123456789abcdef0" }),
  subnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, { error: "must be a subnet id like subnet-0123456789abcdef0" })).min(1, { error: "must list at least one subnet" }),
  /** Where Neo4j is reachable from the subnets (e.g. the private endpoint's subnets); egress goes only there. */
  neo4jCidrs: z.array(cidr).min(1, { error: "must list at least one CIDR" }),
  neo4jPorts: z
    .array(z.union([z.literal(7687), z.literal(443), z.literal(7474)], { error: "must be 7687 (Bolt), 443 or 7474 (HTTPS/HTTP API)" }))
    .min(1)
    .default([7687]),
  /** Addresses of the Secrets Manager interface endpoint (egress 443 to read the passwords). */
  secretsManagerCidrs: z.array(cidr).default([]),
  /** Create a Secrets Manager interface endpoint (private DNS on) in subnetIds, reachable from the function only. */
  createSecretsManagerEndpoint: z.boolean({ error: "must be true or false" }).optional(),
  /** Customer managed KMS keys that encrypt the password secrets: the function may decrypt through Secrets Manager only. */
  secretsKmsKeyArns: z
    .array(z.string().regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/, { error: "must be a KMS key ARN like arn:aws:kms:eu-west-1:111122223333:key/<id>" }))
    .default([]),
  functionName: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: "must be a Lambda function name (1-64 letters, digits, - or _)" }).optional(),
  timeout: duration.default("120s"),
  memoryMb: z.number().int().min(128).max(10240).default(256),
}).superRefine((r, ctx) => {
  egressSpanIssues(r, ctx);
  // A function in a VPC reaches Secrets Manager only through an interface endpoint (or a NAT), and its
  // security group lets it out only to neo4jCidrs and secretsManagerCidrs: without a path the invocation can
  // only time out at apply (docs/vendor-facts.md, "Lambda runner and Secrets Manager").
  if (r.secretsManagerCidrs.length === 0 && !r.createSecretsManagerEndpoint) {
    ctx.addIssue({
      code: "custom",
      path: ["secretsManagerCidrs"],
      input: r.secretsManagerCidrs,
      message:
        "is empty, so the function cannot reach Secrets Manager to read the passwords: a Lambda in a VPC reaches it only through an interface VPC endpoint, and its security group allows egress only to neo4jCidrs and secretsManagerCidrs. List the addresses of the VPC's Secrets Manager interface endpoint here, or set createSecretsManagerEndpoint: true to create one in subnetIds",
    });
  }
  if (r.secretsManagerCidrs.length > 0 && r.createSecretsManagerEndpoint) {
    ctx.addIssue({
      code: "custom",
      path: ["createSecretsManagerEndpoint"],
      input: true,
      message:
        "is set together with secretsManagerCidrs (an endpoint you have); a second Secrets Manager endpoint with private DNS in the same VPC is refused by AWS: give one of the two",
    });
  }
});
export const runnerSchema = z.discriminatedUnion("type", [localExecRunnerSchema, lambdaRunnerSchema], { error: 'must have type "local-exec" or "lambda"' });
export type RunnerConfig = z.output<typeof runnerSchema>;

// ---------------------------------------------------------------------------------------------------------
// The whole desired state

export const roleSchema = z.strictObject({ name: roleName, privileges: z.array(privilegeSchema).default([]) });
export const userSchema = z.strictObject({
  name: userName,
  /** Roles granted to the user: roles declared here or roles that already exist on the server (e.g. reader). */
  roles: z.array(roleName).default([]),
  /** A database or alias name. */
  homeDatabase: aliasName.optional(),
});

export const connectionSchema = z.strictObject({
  uri: valueOrEnv(z.string()),
  user: valueOrEnv(userName),
  password: secretRefSchema,
  /** Accept neo4j:// and bolt:// (no TLS) for the connection. */
  allowInsecureUrl: z.boolean().optional(),
  /** Accept neo4j+ssc:// and bolt+ssc:// (TLS without certificate checks) for the connection. */
  allowUnverifiedTls: z.boolean().optional(),
});

export const neo4jAccessSchema = z
  .strictObject({
    /**
     * Identifies this desired state among several applied to the same DBMS (e.g. one per stack); used in
     * resource names. Lowercase letters, digits and dashes.
     */
    id: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, { error: "must be 1-40 lowercase letters, digits or dashes, starting with a letter" }).default("default"),
    connection: connectionSchema,
    roles: z.array(roleSchema).default([]),
    users: z.array(userSchema).default([]),
    localAliases: z.array(localAliasSchema).default([]),
    remoteAliases: z.array(remoteAliasSchema).default([]),
    /** How the state is applied: the CLI from the pipeline (default) or a Lambda inside the VPC. */
    runner: runnerSchema.optional(),
  })
  .superRefine((s, ctx) => {
    const dup = (items: { name: string }[], key: string) => {
      const seen = new Map<string, number>();
      items.forEach((it, i) => {
        const k = it.name.toLowerCase();
        if (seen.has(k)) ctx.addIssue({ code: "custom", path: [key, i, "name"], input: it.name, message: `duplicates ${key}[${seen.get(k)}].name; names must be unique` });
        else seen.set(k, i);
      });
    };
    dup(s.roles, "roles");
    dup(s.users, "users");
    const aliases = [...s.localAliases.map((a, i) => ({ ...a, key: "localAliases", i })), ...s.remoteAliases.map((a, i) => ({ ...a, key: "remoteAliases", i }))];
    const aliasSeen = new Map<string, string>();
    for (const a of aliases) {
      const full = aliasFullName(a);
      const where = aliasSeen.get(full);
      if (where) ctx.addIssue({ code: "custom", path: [a.key, a.i, "name"], input: a.name, message: `duplicates ${where}; alias names must be unique${a.composite ? ` (${full} inside its composite database)` : ""}` });
      else aliasSeen.set(full, `${a.key}[${a.i}].name`);
      if (!a.composite && (RESERVED_DATABASES as readonly string[]).includes(a.name.toLowerCase())) {
        ctx.addIssue({ code: "custom", path: [a.key, a.i, "name"], input: a.name, message: `is the name of a database every DBMS has (${RESERVED_DATABASES.join(", ")}); an alias needs a name of its own` });
      }
    }
    const localTargets = new Map<string, string>();
    s.localAliases.forEach((a, i) => {
      localTargets.set(aliasFullName(a).toLowerCase(), a.target);
      if (aliasFullName(a).toLowerCase() === a.target) ctx.addIssue({ code: "custom", path: ["localAliases", i, "name"], input: a.name, message: `is the name of its own target database; an alias needs a name of its own` });
    });
    s.roles.forEach((r, i) => {
      if (r.name !== PUBLIC_ROLE && (BUILT_IN_ROLES as readonly string[]).includes(r.name)) {
        ctx.addIssue({
          code: "custom",
          path: ["roles", i, "name"],
          input: r.name,
          message: `is a built-in role (${BUILT_IN_ROLES.join(", ")}); declared roles are created and dropped by this tool, so declare your own role and grant built-in roles through users[].roles (only PUBLIC may be declared, to manage its privileges)`,
        });
      }
      r.privileges.forEach((p, j) => {
        // Privileges are defined on the target database, not on a local alias (Operations Manual, "Manage
        // aliases for standard databases"; docs/vendor-facts.md): the server records the target, so a
        // privilege written on the alias would be re-granted on every run and never revoked.
        const on = privilegeTarget(p);
        const target = on === null ? undefined : localTargets.get(on.toLowerCase());
        if (target !== undefined) {
          const field = p.graph !== undefined ? "graph" : "database";
          ctx.addIssue({ code: "custom", path: ["roles", i, "privileges", j, field], input: on, message: `names the local alias ${on}; privileges are defined on the target database, not on a local alias: write ${field}: ${target}` });
        }
      });
    });
    s.users.forEach((u, i) => {
      const seen = new Set<string>();
      u.roles.forEach((r, j) => {
        if (r === "PUBLIC") ctx.addIssue({ code: "custom", path: ["users", i, "roles", j], input: r, message: "PUBLIC is granted to every user implicitly and cannot be granted" });
        if (seen.has(r)) ctx.addIssue({ code: "custom", path: ["users", i, "roles", j], input: r, message: "is listed twice" });
        seen.add(r);
      });
    });
    const uri = s.connection.uri;
    if (typeof uri === "string") {
      const why = checkNeo4jUrl(uri, s.connection);
      if (why) ctx.addIssue({ code: "custom", path: ["connection", "uri"], input: withoutCredentials(uri), message: why });
    }
    if (s.runner) {
      const lambda = s.runner.type === "lambda";
      for (const { path, ref } of secretRefs(s)) {
        const isArn = "secretsManagerArn" in ref;
        if (lambda !== isArn) {
          ctx.addIssue({
            code: "custom",
            path: path.split(/\.|\[|\]\.?/).filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
            input: ref,
            message: lambda ? "must be {secretsManagerArn} with the lambda runner (the function reads it at run time)" : "must be {env} or {file} with the local-exec runner (Secrets Manager ARNs need the lambda runner)",
          });
        }
      }
    }
    s.remoteAliases.forEach((a, i) => {
      const why = checkNeo4jUrl(a.url, { ...a, credentialsInstead: CREDENTIALS_INSTEAD.remoteAlias });
      if (why) ctx.addIssue({ code: "custom", path: ["remoteAliases", i, "url"], input: withoutCredentials(a.url), message: why });
      if (a.driver?.ssl_enforced === false && !a.allowInsecureUrl) {
        ctx.addIssue({ code: "custom", path: ["remoteAliases", i, "driver", "ssl_enforced"], input: false, message: "false disables TLS to the remote DBMS; allowed only with allowInsecureUrl: true" });
      }
      const problem = !why ? remoteAliasSchemeProblem(a.url, a.driver) : null;
      if (problem) ctx.addIssue({ code: "custom", path: ["remoteAliases", i, "driver", "ssl_enforced"], input: a.driver?.ssl_enforced, message: problem });
      if (a.composite && a.defaultLanguage !== undefined) {
        ctx.addIssue({ code: "custom", path: ["remoteAliases", i, "defaultLanguage"], input: a.defaultLanguage, message: `must be left out for an alias in the composite database ${a.composite}: it always uses the composite database's Cypher version` });
      }
    });
  });

/**
 * A remote alias on an unencrypted scheme (neo4j://, bolt://) is created only when its DRIVER says
 * `ssl_enforced: false`: the setting defaults to true, which makes the server demand a secure scheme when the
 * CREATE runs, failing it and rolling back the whole apply (Operations Manual, "Manage aliases for standard
 * databases", driver settings). Null when fine.
 */
export function remoteAliasSchemeProblem(url: string, driver: { ssl_enforced?: boolean } | undefined): string | null {
  const scheme = /^([a-z0-9+]+):\/\//.exec(url)?.[1];
  if (!scheme || !(INSECURE_URL_SCHEMES as readonly string[]).includes(scheme) || driver?.ssl_enforced === false) return null;
  return `${driver?.ssl_enforced === undefined ? "defaults to true" : "is true"}, but the URL uses the unencrypted scheme ${scheme}://: the server enforces a secure scheme unless the alias's DRIVER says ssl_enforced: false, so the CREATE would fail and roll back the whole apply; set driver: {ssl_enforced: false} (with allowInsecureUrl: true), or use ${scheme}+s://`;
}

/** An alias's full name: `composite.name` for a constituent of a composite database, else its name. */
export function aliasFullName(a: { name: string; composite?: string }): string {
  return a.composite ? constituentName(a.composite, a.name) : a.name;
}

/** The validated desired state (the input type is `Neo4jAccessInput`). */
export type Neo4jAccessConfig = z.output<typeof neo4jAccessSchema>;
export type Neo4jAccessInput = z.input<typeof neo4jAccessSchema>;
export type LocalAliasConfig = Neo4jAccessConfig["localAliases"][number];
export type RemoteAliasConfig = Neo4jAccessConfig["remoteAliases"][number];

/** Thrown for invalid desired state; one line per problem, each naming the path, the value and what is allowed. */
export class Neo4jAccessConfigError extends UserError {
  constructor(readonly problems: string[]) {
    super(`invalid Neo4j access config:\n  ${problems.join("\n  ")}`);
    this.name = "Neo4jAccessConfigError";
  }
}

function formatPath(base: string, path: readonly PropertyKey[]): string {
  let out = base;
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

function show(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** Formats zod issues as `path: got <value>; <what is allowed>`. */
export function formatIssues(error: z.ZodError, base: string): string[] {
  return error.issues.map((iss) => {
    let input = (iss as { input?: unknown }).input;
    // A discriminated union reports the whole object at the discriminator's path: show the discriminator.
    const disc = (iss as { discriminator?: string }).discriminator;
    if (disc && input && typeof input === "object" && disc in input) input = (input as Record<string, unknown>)[disc];
    return `${formatPath(base, iss.path)}: got ${show(input)}; ${iss.message}`;
  });
}

/** Validates a desired state. `base` is the config path shown in errors (e.g. "neo4jAccess"). */
export function parseNeo4jAccess(input: unknown, base = "neo4jAccess"): Neo4jAccessConfig {
  const r = neo4jAccessSchema.safeParse(input, { reportInput: true });
  // The shared formatter: values at secret paths are never shown, unions list their shapes, unknown keys suggest the nearest.
  if (!r.success) throw new Neo4jAccessConfigError(formatZodIssues(r.error.issues, { schema: neo4jAccessSchema, input, base }));
  return r.data;
}

/** All secret references of a state with their config paths (used by runners to check reference kinds). */
export function secretRefs(state: Pick<Neo4jAccessConfig, "connection" | "remoteAliases">): { path: string; ref: SecretRef }[] {
  const out: { path: string; ref: SecretRef }[] = [{ path: "connection.password", ref: state.connection.password }];
  state.remoteAliases.forEach((a, i) => {
    if (a.credentials.type === "stored") out.push({ path: `remoteAliases[${i}].credentials.password`, ref: a.credentials.password });
  });
  return out;
}

/** The state the CLI and the Lambda handler receive: everything but the runner settings. */
export function runtimeState(state: Neo4jAccessConfig): Neo4jAccessConfig {
  const { runner: _runner, ...rest } = state;
  void _runner;
  return rest;
}

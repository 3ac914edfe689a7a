/**
 * The inventory of crossings: every config field and CLI flag whose text reaches a shell command, a
 * Terraform expression, a URL, a Cypher statement, a file path or an HTTP header, with the treatment each
 * crossing gets. The tests walk the zod schemas and the CLI and fail on a string field or flag missing
 * here (test/domain/crossings-inventory.test.ts); a property test feeds every field hostile text and checks
 * the treatment holds (test/crossings/).
 *
 * Treatments:
 * - escape: rewritten so the other side reads it literally (Terraform `${` -> `$${` by terraformLiteral,
 *   base64 in a Basic auth header, encodeURIComponent in a URL query);
 * - quote: wrapped in the other side's quoting (shell-quote for sh, backticks for Cypher identifiers, a
 *   Cypher string literal where a statement takes no parameter);
 * - parameterize: handed over beside the statement or command, never inside it (Cypher $parameters, JSON
 *   in an environment variable for provisioners, an argument of a file-system call, a JSON request body);
 * - refuse: what the other side would read differently is refused at validation, naming the field
 *   (a pattern of the cloud's own characters, templateProblem, checkNeo4jUrl, shellCommandProblem...).
 *
 * Paths: `a.b`, `[]` an element, `{key}` / `{}` a record's keys / values, `@aws` the union member whose
 * cloud or type is aws. CLI entries are `aura-secure <command> --flag` or `<argument>`.
 */

export type CrossingKind = "shell" | "terraform" | "url" | "cypher-identifier" | "cypher-literal" | "cypher-parameter" | "file-path" | "http-header";
export type Treatment = "escape" | "quote" | "parameterize" | "refuse";

export const CROSSING_KINDS: readonly CrossingKind[] = ["shell", "terraform", "url", "cypher-identifier", "cypher-literal", "cypher-parameter", "file-path", "http-header"];

export interface Crossing {
  kind: CrossingKind;
  treatment: Treatment;
}

export interface InventoryEntry {
  fields: readonly string[];
  /** Empty: the text reaches no crossing (and `how` says where it goes instead). */
  crossings: readonly Crossing[];
  /** The function or rule that gives the treatment. */
  how: string;
}

const c = (kind: CrossingKind, treatment: Treatment): Crossing => ({ kind, treatment });
const CLOUDS = ["aws", "gcp", "azure"] as const;
const inRegions = (clouds: readonly string[], ...fields: string[]) => clouds.flatMap((cloud) => fields.map((f) => `regions[]@${cloud}.${f}`));
const secretRefFields = (at: string) => [`${at}.env`, `${at}.file`, `${at}.secretsManagerArn`, `${at}.jsonKey`];

const PATTERN = "a pattern of the provider's own characters (no $, %, braces, quotes or whitespace), checked by the config schema";
const TEMPLATE = "templateProblem (domain/terraform-literal.ts) refuses ${ and %{; the rest is JSON text, not a template";
const STATE = "inside the Neo4j access state, which terraformLiteral escapes as a whole (constructs/neo4j runners)";
const QUOTE_IDENT = "quoteIdent (runtime/cypher/privilege-commands.ts): backticks, inner backticks doubled; control characters and backslashes refused by the schema";

export const CONFIG_CROSSINGS: readonly InventoryEntry[] = [
  // --- Names and ids that become resource arguments: the cloud's own characters only.
  {
    fields: [
      "project",
      "stackPrefix",
      ...inRegions(CLOUDS, "region", "orchestrations[]", "dns.customEndpoints[]", "dns.existingZones{key}", "dns.existingZones{}", "customerManagedKey.instanceRegion"),
      ...inRegions(["aws"], "accountId", "endpointServiceName", "network.vpcId", "network.subnets{key}", "network.subnets{}", "network.subnetIds[]", "network.allowedCidrs[].cidr"),
      ...inRegions(["aws"], "network.allowedSecurityGroups[].id", "network.additionalVpcs[].vpcId", "network.additionalVpcs[].region"),
      ...inRegions(["aws"], "network.otherAccountVpcs[].vpcId", "network.otherAccountVpcs[].region", "network.otherAccountVpcs[].accountId", "network.otherAccountVpcs[].roleArn"),
      ...inRegions(["aws"], "customerManagedKey.alias", "customerManagedKey.replicas[]", "customerManagedKey.primaryKeyArn", "customerManagedKey.adminPrincipals[]", "customerManagedKey.userPrincipals[]"),
      ...inRegions(["gcp"], "projectId", "serviceAttachment", "network.network", "network.subnetwork", "network.address", "network.additionalNetworks[]"),
      ...inRegions(["gcp"], "customerManagedKey.keyRing", "customerManagedKey.keyName", "customerManagedKey.auraServiceAccounts[]"),
      ...inRegions(["azure"], "subscriptionId", "resourceGroupName", "privateLinkServiceAlias", "network.subnetId", "network.additionalVnetIds[]"),
      ...inRegions(["azure"], "customerManagedKey.vaultName", "customerManagedKey.resourceGroupName", "customerManagedKey.tenantId", "customerManagedKey.keyName"),
      ...inRegions(["azure"], "customerManagedKey.auraServicePrincipalObjectId", "customerManagedKey.administratorObjectIds[]", "customerManagedKey.allowedIpRanges[]", "customerManagedKey.allowedSubnetIds[]"),
      "backend@s3.bucket",
      "backend@s3.region",
      "backend@s3.keyPrefix",
      "backend@s3.kmsKeyId",
      "backend@s3.roleArn",
      "backend@gcs.bucket",
      "backend@gcs.prefix",
      "backend@gcs.kmsEncryptionKey",
      "backend@gcs.impersonateServiceAccount",
      "backend@azurerm.storageAccountName",
      "backend@azurerm.containerName",
      "backend@azurerm.keyPrefix",
      "backend@azurerm.resourceGroupName",
      "backend@azurerm.subscriptionId",
      "backend@azurerm.tenantId",
      "backend@cloud.organization",
      "backend@cloud.hostname",
      "backend@cloud.workspaces.namePrefix",
      "backend@cloud.workspaces.tags[]",
      ...inRegions(["aws"], "assumeRoleArn", "assumeRoleExternalId", "assumeRoleSessionName"),
      ...inRegions(["azure"], "customerManagedKey.auraApplicationId"),
      "neo4jAccess.id",
      "neo4jAccess.runner@lambda.region",
      "neo4jAccess.runner@lambda.vpcId",
      "neo4jAccess.runner@lambda.subnetIds[]",
      "neo4jAccess.runner@lambda.neo4jCidrs[]",
      "neo4jAccess.runner@lambda.secretsManagerCidrs[]",
      "neo4jAccess.runner@lambda.secretsKmsKeyArns[]",
      "neo4jAccess.runner@lambda.functionName",
      "neo4jAccess.runner@lambda.timeout",
    ],
    crossings: [c("terraform", "refuse")],
    how: PATTERN,
  },
  // --- Free text that becomes a resource argument: template sequences refused.
  {
    fields: [
      "tags{key}",
      "tags{}",
      ...inRegions(["aws", "azure"], "tags{key}", "tags{}", "customerManagedKey.tags{key}", "customerManagedKey.tags{}"),
      ...inRegions(["gcp"], "labels{key}", "labels{}", "customerManagedKey.labels{key}", "customerManagedKey.labels{}"),
      ...inRegions(["aws"], "network.allowedCidrs[].description", "network.allowedSecurityGroups[].description", "customerManagedKey.description"),
      ...inRegions(["azure"], "requestMessage"),
    ],
    crossings: [c("terraform", "refuse")],
    how: `${TEMPLATE}; tags and labels also follow each cloud's tag rules (domain/tags.ts)`,
  },
  {
    fields: ["backend@cloud.project"],
    crossings: [c("terraform", "refuse")],
    how: "an HCP Terraform project name by pattern: letters, digits, spaces, - and _ (config/backend.ts); no $, %, braces or quotes",
  },
  {
    fields: ["backend@local.stateDir"],
    crossings: [c("terraform", "refuse"), c("file-path", "refuse")],
    how: `${TEMPLATE}; control characters refused (config/backend.ts); the local backend's path is relative to the stack folder`,
  },
  {
    fields: inRegions(CLOUDS, "dns.sharedResolvers[]"),
    crossings: [],
    how: "names compared between regions by the cross-region DNS checks (stacks/region-dns.ts); never written to Terraform, a command or a URL",
  },
  // --- Customer managed keys: the Aura statement and the registration runner.
  {
    fields: inRegions(["aws"], "customerManagedKey.auraStatement"),
    crossings: [c("terraform", "escape"), c("file-path", "parameterize")],
    how: "parsed as JSON (or read from { file } with fs, no shell), linted, merged into the key policy and escaped with terraformLiteral (constructs/aws/kms-key-policy.ts): IAM policy variables such as ${aws:username} reach AWS as written",
  },
  {
    fields: inRegions(CLOUDS, "customerManagedKey.auraApi.name", "customerManagedKey.auraApi.instanceType", "customerManagedKey.auraApi.runner.timeout", "customerManagedKey.auraApi.runner.pollInterval"),
    crossings: [c("terraform", "refuse")],
    how: `${PATTERN}; the registration spec is also escaped with terraformLiteral and reaches the CLI as JSON in an environment variable`,
  },
  {
    fields: inRegions(CLOUDS, "customerManagedKey.auraApi.tenantId"),
    crossings: [c("terraform", "refuse"), c("shell", "quote"), c("url", "escape")],
    how: `${PATTERN}; shell-quoted in the printed status_command (domain/shell.ts); encodeURIComponent in the Aura API query (runtime/aura-api/cmk.ts)`,
  },
  {
    fields: inRegions(CLOUDS, "customerManagedKey.auraApi.baseUrl"),
    crossings: [c("url", "refuse"), c("terraform", "escape"), c("shell", "quote")],
    how: "auraApiBaseUrlProblem (domain/aura/aura-api.ts): https (http on loopback only), no credentials (domain/url-credentials.ts), a DNS name or address, nothing the URL parser rewrites; terraformLiteral in the spec; shell-quoted in status_command",
  },
  {
    fields: inRegions(CLOUDS, "customerManagedKey.auraApi.credentials.clientId", "customerManagedKey.auraApi.credentials.clientSecret"),
    crossings: [c("terraform", "escape"), c("shell", "quote"), c("file-path", "parameterize"), c("http-header", "escape")],
    how: "a secret reference ({env}, {file} or {secretsManagerArn}), never the value: escaped with terraformLiteral in the spec, shell-quoted in status_command, a {file} read with fs (no shell); the value read through it goes into the token request's Basic header base64-encoded (runtime/aura-api/client.ts)",
  },
  {
    fields: inRegions(CLOUDS, "customerManagedKey.auraApi.runner.cliCommand"),
    crossings: [c("shell", "refuse"), c("terraform", "escape")],
    how: "the user's own command: shellCommandProblem (domain/shell.ts) refuses line breaks and control characters, so our arguments stay on its line; crossTerraform(..., \"escape\") in the provisioner (constructs/aura/cmk-registration.ts)",
  },
  // --- Neo4j access: connection and secret references.
  {
    fields: ["neo4jAccess.connection.uri", "neo4jAccess.remoteAliases[].url"],
    crossings: [c("url", "refuse"), c("terraform", "escape"), c("cypher-parameter", "parameterize")],
    how: `checkNeo4jUrl (domain/neo4j/access-model.ts): +s schemes by default, +ssc only with allowUnverifiedTls, plain only with allowInsecureUrl, no credentials, scheme://host[:port][?context] only; ${STATE}; an alias URL is the $url parameter`,
  },
  {
    fields: [
      "neo4jAccess.connection.uri.env",
      "neo4jAccess.connection.user.env",
      ...secretRefFields("neo4jAccess.connection.password").filter((f) => !f.endsWith(".file")),
      ...secretRefFields("neo4jAccess.remoteAliases[].credentials@stored.password").filter((f) => !f.endsWith(".file")),
    ],
    crossings: [c("terraform", "refuse")],
    how: `environment variable names, Secrets Manager ARNs and JSON keys by pattern; ${STATE}; the ARNs also in the Lambda role's policy (JSON text)`,
  },
  {
    fields: ["neo4jAccess.connection.password.file", "neo4jAccess.remoteAliases[].credentials@stored.password.file"],
    crossings: [c("file-path", "parameterize"), c("terraform", "escape")],
    how: `read with fs.readFileSync at apply time, never through a shell (runtime/cypher/secrets.ts); control characters refused by secretRefSchema; ${STATE}`,
  },
  {
    fields: ["neo4jAccess.connection.user"],
    crossings: [c("terraform", "escape")],
    how: `a user name by pattern, sent in the driver's login (not a statement); ${STATE}`,
  },
  // --- Neo4j access: names in statements.
  {
    fields: [
      "neo4jAccess.roles[].name",
      "neo4jAccess.users[].name",
      "neo4jAccess.users[].roles[]",
      "neo4jAccess.users[].homeDatabase",
      "neo4jAccess.localAliases[].name",
      "neo4jAccess.localAliases[].target",
      "neo4jAccess.remoteAliases[].name",
      "neo4jAccess.remoteAliases[].target",
      "neo4jAccess.roles[].privileges[].graph",
      "neo4jAccess.roles[].privileges[].database",
      "neo4jAccess.roles[].privileges[].nodes[]",
      "neo4jAccess.roles[].privileges[].relationships[]",
      "neo4jAccess.roles[].privileges[].properties[]",
      "neo4jAccess.roles[].privileges[].labels[]",
      "neo4jAccess.roles[].privileges[].where.label",
      "neo4jAccess.roles[].privileges[].where.labels[]",
      "neo4jAccess.roles[].privileges[].where.types[]",
      "neo4jAccess.localAliases[].composite",
      "neo4jAccess.remoteAliases[].composite",
      "neo4jAccess.roles[].privileges[].where.property",
      "neo4jAccess.roles[].privileges[].users[]",
    ],
    crossings: [c("cypher-identifier", "quote"), c("terraform", "escape")],
    how: `${QUOTE_IDENT}; ${STATE}`,
  },
  {
    fields: ["neo4jAccess.roles[].privileges[].procedures[]", "neo4jAccess.roles[].privileges[].functions[]", "neo4jAccess.roles[].privileges[].settings[]"],
    crossings: [c("cypher-identifier", "refuse"), c("terraform", "refuse")],
    how: "name globs rendered unquoted (the server takes no quoted glob), so the pattern admits only letters, digits, _ . * ? (domain/neo4j/privileges.ts)",
  },
  {
    fields: ["neo4jAccess.roles[].privileges[].where.value", "neo4jAccess.roles[].privileges[].where.value[]"],
    crossings: [c("cypher-literal", "quote"), c("terraform", "escape")],
    how: `privilege commands take no parameters: cypherLiteral (runtime/cypher/privilege-commands.ts) writes a single-quoted string, backslashes and quotes escaped; ${STATE}`,
  },
  {
    fields: ["date", "localtime", "time", "localdatetime", "datetime"].map((k) => `neo4jAccess.roles[].privileges[].where.value.${k}`),
    crossings: [c("cypher-parameter", "refuse"), c("terraform", "escape")],
    how: `an ISO-8601 text by pattern (TEMPORAL_PATTERNS, domain/neo4j/privileges.ts), sent as a typed temporal parameter (runtime/cypher/temporal.ts); ${STATE}`,
  },
  {
    fields: ["neo4jAccess.roles[].privileges[].cidr"],
    crossings: [c("cypher-literal", "refuse"), c("terraform", "escape")],
    how: `loadCidrProblem (domain/neo4j/privileges.ts) admits only an IPv4 or IPv6 block, written as a string literal by cypherLiteral (LOAD ON CIDR takes no parameter); ${STATE}`,
  },
  {
    fields: [
      "neo4jAccess.localAliases[].properties{key}",
      "neo4jAccess.localAliases[].properties{}",
      "neo4jAccess.remoteAliases[].properties{key}",
      "neo4jAccess.remoteAliases[].properties{}",
      "neo4jAccess.remoteAliases[].credentials@stored.user",
      "neo4jAccess.remoteAliases[].driver.connection_timeout",
      "neo4jAccess.remoteAliases[].driver.connection_max_lifetime",
      "neo4jAccess.remoteAliases[].driver.connection_pool_acquisition_timeout",
      "neo4jAccess.remoteAliases[].driver.connection_pool_idle_test",
    ],
    crossings: [c("cypher-parameter", "parameterize"), c("terraform", "escape")],
    how: `the $properties, $user and $driver parameters of CREATE/ALTER ALIAS (runtime/cypher/statements.ts), never statement text; ${STATE}`,
  },
  // --- Runners.
  {
    fields: ["neo4jAccess.runner@local-exec.cliCommand"],
    crossings: [c("shell", "refuse"), c("terraform", "escape")],
    how: "the user's own command: shellCommandProblem (domain/shell.ts); crossTerraform(..., \"escape\") in the provisioner (constructs/neo4j/local-exec-runner.ts); the state itself travels as JSON in an environment variable",
  },
  {
    fields: ["neo4jAccess.runner@local-exec.timeout"],
    crossings: [c("shell", "quote"), c("terraform", "escape")],
    how: "a duration by pattern, shell-quoted (shellArgument) and escaped (crossTerraform) in the provisioner command",
  },
];

const cli = (command: string, ...flags: string[]) => flags.map((f) => `aura-secure ${command} ${f}`);
const FS = "an argument of a file-system call, never a shell";

export const CLI_CROSSINGS: readonly InventoryEntry[] = [
  {
    fields: [
      ...cli("keystore create", "--out"),
      "aura-secure keystore inspect <file>",
      ...cli("certs create", "--out", "--ca-dir"),
      ...cli("certs letsencrypt", "--out"),
      ...cli("conf render", "--out", "--home"),
      ...cli("conf check", "--home"),
      "aura-secure conf check <dir>",
      ...cli("conf merge", "--conf", "--fragment"),
      ...cli("cypher plan", "--config", "--state", "--previous"),
      ...cli("cypher apply", "--config", "--state", "--previous"),
      ...cli("cypher destroy", "--config", "--state", "--also"),
      ...cli("cypher replace", "--applied", "--declared"),
      ...cli("cypher import", "--out"),
      ...cli("verify", "--outputs", "--config", "--ca-file", "--password-file", "--junit"),
      ...cli("review", "--config", "--output", "--acknowledgements"),
      "aura-secure review <plans>",
      ...cli("diagram", "--out", "--mermaid", "--svg"),
    ],
    crossings: [c("file-path", "parameterize")],
    how: `${FS}; --state/--previous take inline JSON when the text starts with "{"`,
  },
  {
    fields: [...cli("conf render", "--keystore", "--script", "--certificates-dir", "--key-name", "--listen-address", "--password-env")],
    crossings: [c("shell", "refuse"), c("file-path", "refuse")],
    how: "written into neo4j.conf, whose $(...) values Neo4j runs, and into the password script: paths without spaces, quotes, #, $ or backslashes (assertConfPath), an alias name (validateAlias), an address (parseListenAddress), an environment variable name (validateEnvName)",
  },
  {
    fields: [
      ...cli("keystore create", "--password-env"),
      ...cli("keystore inspect", "--password-env"),
      ...cli("conf check", "--pass-env"),
      ...cli("cypher plan", "--state-env", "--previous-env"),
      ...cli("cypher apply", "--state-env", "--previous-env"),
      ...cli("cypher destroy", "--state-env", "--also-env"),
      ...cli("cypher replace", "--applied-env", "--declared-env"),
      ...cli("cypher import", "--password-env"),
      ...cli("aura cmk create", "--spec-env"),
      ...cli("aura cmk delete", "--spec-env"),
      ...cli("verify", "--password-env"),
    ],
    crossings: [],
    how: "environment variable names, read with process.env (never expanded by a shell); conf check --pass-env by pattern",
  },
  {
    fields: [
      ...cli("keystore create", "--alias", "--key-size", "--owner"),
      ...cli("certs create", "--dns", "--ip", "--policies", "--key-type", "--key-size", "--days", "--ca-days", "--ca-name", "--owner"),
      ...cli("certs letsencrypt", "--policies", "--owner"),
      ...cli("conf render", "--policies", "--client-auth", "--tls-versions", "--ciphers", "--bolt-port", "--https-port", "--owner"),
      ...cli("conf merge", "--owner"),
      ...cli("cypher plan", "--timeout"),
      ...cli("cypher apply", "--timeout"),
      ...cli("cypher destroy", "--timeout"),
      ...cli("cypher replace", "--timeout"),
      ...cli("cypher import", "--user", "--id", "--timeout"),
      ...cli("aura cmk create", "--timeout", "--name", "--type", "--cloud-provider", "--region", "--poll-interval"),
      ...cli("aura cmk status", "--timeout", "--poll-interval"),
      ...cli("aura cmk list", "--timeout"),
      ...cli("aura cmk delete", "--timeout"),
      ...cli("verify", "--timeout", "--retries", "--retry-delay", "--user", "--private-cidr", "--port-map"),
      ...cli("review", "--format", "--fail-on", "--today"),
    ],
    crossings: [],
    how: "names, numbers, durations and choices validated by the command (a pattern or a list); they reach certificates (node-forge), a JSON body, the imported YAML (validated as a state), a login or `id -u -- <user>` run without a shell, never a shell line, Terraform or Cypher text",
  },
  {
    fields: [...cli("cypher import", "--roles")],
    crossings: [],
    how: "a regular expression matched against role names read from the server; compiled by RegExp, refused with the flag when invalid",
  },
  {
    fields: [
      ...cli("aura cmk create", "--tenant-id", "--key-id"),
      ...cli("aura cmk status", "--tenant-id", "--key-id"),
      "aura-secure aura cmk status <id>",
      ...cli("aura cmk list", "--tenant-id"),
      ...cli("aura cmk delete", "--tenant-id", "--key-id"),
      "aura-secure aura cmk delete <id>",
    ],
    crossings: [c("url", "escape")],
    how: "encodeURIComponent in the Aura API path or query (runtime/aura-api/cmk.ts); a tenant id by pattern",
  },
  {
    fields: [...cli("cypher import", "--uri")],
    crossings: [c("url", "refuse")],
    how: "checkNeo4jUrl with --allow-insecure-url / --allow-unverified-tls: no credentials (domain/url-credentials.ts), +ssc and plain only with the opt-in, written into the imported YAML as the connection uri",
  },
  {
    fields: [...cli("aura cmk create", "--base-url"), ...cli("aura cmk status", "--base-url"), ...cli("aura cmk list", "--base-url"), ...cli("aura cmk delete", "--base-url")],
    crossings: [c("url", "refuse")],
    how: "auraApiBaseUrlProblem before any secret is read: https (http on loopback), no credentials, a DNS name or address",
  },
  {
    fields: [...cli("aura cmk create", "--client-id", "--client-secret"), ...cli("aura cmk status", "--client-id", "--client-secret"), ...cli("aura cmk list", "--client-id", "--client-secret"), ...cli("aura cmk delete", "--client-id", "--client-secret")],
    crossings: [c("file-path", "parameterize"), c("http-header", "escape")],
    how: "references only (env:NAME, file:PATH, a Secrets Manager ARN; a literal is refused unshown): file:PATH read with fs; the value goes into the Basic header base64-encoded",
  },
  {
    fields: [...cli("verify", "--dbid", "--dns-server")],
    crossings: [c("url", "refuse")],
    how: "an instance id or Aura host name by pattern, a host:port by pattern; credentials refused unshown (domain/url-credentials.ts)",
  },
  {
    fields: [...cli("certs letsencrypt", "--live", "--group")],
    crossings: [c("shell", "quote"), c("file-path", "parameterize")],
    how: "shell-quoted (shellArgument, domain/shell.ts) in the printed permission commands and the deploy hook; the live folder is read with fs",
  },
  {
    fields: [...cli("certs letsencrypt", "--restart-command")],
    crossings: [c("shell", "refuse")],
    how: "the user's own command, written as the deploy hook's last line: shellCommandProblem refuses line breaks and control characters",
  },
];

/** The entry of a field or flag, or undefined. */
export function crossingsOf(field: string): InventoryEntry | undefined {
  return [...CONFIG_CROSSINGS, ...CLI_CROSSINGS].find((e) => e.fields.includes(field));
}

import type { ITerraformDependable } from "cdktf";
import { TerraformData } from "./terraform-data";
import { Construct } from "constructs";
import {
  AURA_API_BASE_URL,
  auraApiBaseUrlProblem,
  auraApiCredentialsSchema,
  auraCmkRunnerSchema,
  cmkRequestBodySchema,
  normalizeBaseUrl,
  type AuraApiCredentials,
  type AuraCmkRunnerSettings,
} from "../../domain/aura/aura-api";
import type { CmkCloud } from "../../domain/aura/cmk-handoff";
import { UserError, formatZodIssues } from "../../domain/errors";
import type { SecretRef } from "../../domain/neo4j/access-model";
import { isToken } from "../../domain/props";
import { shellArgument, shellArguments } from "../../domain/shell";
import { crossTerraform, terraformLiteral } from "../../domain/terraform-literal";
import { withoutCredentials } from "../../domain/url-credentials";

export interface AuraCmkRegistrationProps {
  /** The key's name in Aura. */
  readonly name: string;
  /** The Aura project (tenant) id. */
  readonly tenantId: string;
  readonly instanceType: string;
  readonly cloud: CmkCloud;
  /** AWS key ARN, GCP crypto key id or Azure key id; usually a Terraform reference to the key resource. */
  readonly keyId: string;
  /**
   * What identifies the key across its versions, when keyId names one version (Azure: the versionless id).
   * It replaces keyId in triggers_replace, and the key id is kept as registered: a new key version neither
   * registers the key again nor changes the registration.
   */
  readonly keyIdentity?: string;
  /** Region of the instances that use the key. */
  readonly region: string;
  /** Default https://api.neo4j.io; plain http only on loopback. */
  readonly baseUrl?: string;
  /** Where the Aura API client id and secret are read at apply time: references only. */
  readonly credentials: AuraApiCredentials;
  readonly runner?: Partial<AuraCmkRunnerSettings>;
  /** What Aura's access to the key depends on (key policy, IAM bindings, role assignments). */
  readonly dependsOn?: ITerraformDependable[];
  /** Config path for messages. */
  readonly configPath?: string;
}

/** Request fields as the props name them, for messages. */
const REQUEST_PROPS: Record<string, string> = { tenant_id: "tenantId", instance_type: "instanceType", cloud_provider: "cloud", key_id: "keyId" };

/** The environment variable the provisioners pass the spec in (avoids shell quoting of JSON). */
export const CMK_SPEC_ENV = "AURA_SECURE_CMK_SPEC";

/** A command-line form of a reference (`aura cmk --client-id` syntax), for the status command printed in the outputs. */
function refFlag(ref: SecretRef): string {
  if ("env" in ref) return `env:${ref.env}`;
  if ("file" in ref) return `file:${ref.file}`;
  return ref.jsonKey ? `${ref.secretsManagerArn}#${ref.jsonKey}` : ref.secretsManagerArn;
}

/**
 * Registers a customer managed key with Aura from the machine running terraform, after the key and the
 * access Aura needs exist, and waits until Aura reports it ready.
 *
 * A `terraform_data` like the Cypher runner: `input.spec` holds the request, the credential REFERENCES
 * and the timing (no secret), the create-time local-exec runs `aura cmk create --spec-env` (idempotent:
 * an existing registration of the same key id in the project is reused), and the destroy-time local-exec
 * runs `aura cmk delete --spec-env` with the spec read from `self` (destroy provisioners may reference only
 * `self`). Destroy removes the registration only, never the key in the cloud KMS; Aura refuses it while
 * instances use the key, and the destroy then fails with Aura's reason.
 *
 * `triggers_replace` holds what identifies the registration (project, key, type, cloud, region, API):
 * changing credentials, name or timing updates the input in place and never re-registers. Terraform
 * cannot read what a provisioner prints, so the Aura key id and status are in the apply log and behind
 * `statusCommand`, not in Terraform outputs.
 */
export class AuraCmkRegistration extends Construct {
  readonly resource: TerraformData;
  readonly tenantId: string;
  readonly keyId: string;
  /** `aura-secure aura cmk status ...` for this key: prints the Aura id, status and what it means. */
  readonly statusCommand: string;

  constructor(scope: Construct, id: string, props: AuraCmkRegistrationProps) {
    super(scope, id);
    const at = props.configPath ?? "auraApi";
    this.tenantId = props.tenantId;
    this.keyId = props.keyId;
    const baseUrl = normalizeBaseUrl(props.baseUrl ?? AURA_API_BASE_URL);
    const urlProblem = auraApiBaseUrlProblem(baseUrl);
    if (urlProblem) throw new UserError(`${at}.baseUrl: got ${JSON.stringify(withoutCredentials(props.baseUrl ?? ""))}; ${urlProblem}`);
    const creds = auraApiCredentialsSchema.safeParse(props.credentials, { reportInput: true });
    if (!creds.success) throw new UserError(formatZodIssues(creds.error.issues).map((l) => `${at}.credentials.${l}`).join("\n"));
    const runner = auraCmkRunnerSchema.safeParse(props.runner ?? {}, { reportInput: true });
    if (!runner.success) throw new UserError(formatZodIssues(runner.error.issues).map((l) => `${at}.runner.${l}`).join("\n"));
    // Props built by hand get the checks the CLI applies to the spec (what reaches the API and the printed command).
    const request = { name: props.name, tenant_id: props.tenantId, instance_type: props.instanceType, cloud_provider: props.cloud, key_id: props.keyId, region: props.region };
    const requestCheck = cmkRequestBodySchema.safeParse(request, { reportInput: true });
    const requestIssues = requestCheck.success ? [] : requestCheck.error.issues.filter((i) => !isToken(request[i.path[0] as keyof typeof request]));
    if (requestIssues.length) throw new UserError(formatZodIssues(requestIssues).map((l) => `${at}.${l.replace(/^(\w+)/, (k) => REQUEST_PROPS[k] ?? k)}`).join("\n"));
    const { timeout, pollInterval } = runner.data;
    // Declared "escape" (domain/terraform-literal.ts), like the Neo4j runner's: `${HOME}/bin/aura-secure` reaches the shell as written.
    const cliCommand = crossTerraform(runner.data.cliCommand, "escape").text;
    // A literal key id (props built by hand) is user text like the rest; a reference must stay one.
    const keyId = isToken(props.keyId) ? props.keyId : terraformLiteral(props.keyId);
    const keyIdentity = props.keyIdentity === undefined ? keyId : isToken(props.keyIdentity) ? props.keyIdentity : terraformLiteral(props.keyIdentity);

    const identity = { tenant_id: props.tenantId, instance_type: props.instanceType, cloud_provider: props.cloud, region: props.region };
    const spec = {
      ...terraformLiteral({ baseUrl, credentials: creds.data, timeout, pollInterval }),
      // The key id is a Terraform reference to the key resource: it must stay unescaped.
      request: { ...terraformLiteral({ name: props.name, ...identity }), key_id: keyId },
    };
    const env = { [CMK_SPEC_ENV]: "${jsonencode(self.input.spec)}" };
    this.resource = new TerraformData(this, "register", {
      input: { spec },
      triggersReplace: { ...terraformLiteral({ ...identity, base_url: baseUrl }), key_id: keyIdentity },
      // The destroy step finds the registration by the key id it was made with (the input), so that id stays.
      lifecycle: props.keyIdentity !== undefined ? { ignoreChanges: ["input.spec.request.key_id"] } : undefined,
      dependsOn: props.dependsOn,
      provisioners: [
        { type: "local-exec", command: `${cliCommand} aura cmk create --spec-env ${CMK_SPEC_ENV}`, environment: env },
        { type: "local-exec", when: "destroy", command: `${cliCommand} aura cmk delete --spec-env ${CMK_SPEC_ENV}`, environment: env },
      ],
    });
    // Every value is shell-quoted: the command is copied into a terminal, and `file:/tmp/x y/$(id)` must stay one argument.
    // The key id is a reference resolved at apply time (an ARN or key id, never holding a quote): single quotes keep it one word.
    const args = [
      "aura", "cmk", "status",
      ...(baseUrl === AURA_API_BASE_URL ? [] : ["--base-url", baseUrl]),
      "--client-id", refFlag(creds.data.clientId),
      "--client-secret", refFlag(creds.data.clientSecret),
      "--tenant-id", props.tenantId,
    ];
    const quotedKeyId = isToken(props.keyId) ? `'${props.keyId}'` : terraformLiteral(shellArgument(props.keyId));
    this.statusCommand = `${cliCommand} ${terraformLiteral(shellArguments(args))} --key-id ${quotedKeyId}`;
  }
}

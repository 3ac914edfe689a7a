import type { ITerraformDependable } from "cdktf";
import { TerraformData } from "./terraform-data";
import { Construct } from "constructs";
import {
  AURA_API_BASE_URL,
  auraApiBaseUrlProblem,
  auraApiCredentialsSchema,
  auraCmkRunnerSchema,
  normalizeBaseUrl,
  type AuraApiCredentials,
  type AuraCmkRunnerSettings,
} from "../../domain/aura/aura-api";
import type { CmkCloud } from "../../domain/aura/cmk-handoff";
import { UserError, formatZodIssues } from "../../domain/errors";
import type { SecretRef } from "../../domain/neo4j/access-model";
import { terraformLiteral } from "../../domain/terraform-literal";

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

/** The environment variable the provisioners pass the spec in (avoids shell quoting of JSON). */
export const CMK_SPEC_ENV = "AURA_SECURE_CMK_SPEC";

/** A command-line form of a reference, for the status command printed in the outputs. */
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
    if (urlProblem) throw new UserError(`${at}.baseUrl: got ${JSON.stringify(props.baseUrl)}; ${urlProblem}`);
    const creds = auraApiCredentialsSchema.safeParse(props.credentials, { reportInput: true });
    if (!creds.success) throw new UserError(formatZodIssues(creds.error.issues).map((l) => `${at}.credentials.${l}`).join("\n"));
    const runner = auraCmkRunnerSchema.safeParse(props.runner ?? {}, { reportInput: true });
    if (!runner.success) throw new UserError(formatZodIssues(runner.error.issues).map((l) => `${at}.runner.${l}`).join("\n"));
    const { cliCommand, timeout, pollInterval } = runner.data;

    const identity = { tenant_id: props.tenantId, instance_type: props.instanceType, cloud_provider: props.cloud, region: props.region };
    const spec = {
      ...terraformLiteral({ baseUrl, credentials: creds.data, timeout, pollInterval }),
      // The key id is a Terraform reference to the key resource: it must stay unescaped.
      request: { ...terraformLiteral({ name: props.name, ...identity }), key_id: props.keyId },
    };
    const env = { [CMK_SPEC_ENV]: "${jsonencode(self.input.spec)}" };
    this.resource = new TerraformData(this, "register", {
      input: { spec },
      triggersReplace: { ...terraformLiteral({ ...identity, base_url: baseUrl }), key_id: props.keyIdentity ?? props.keyId },
      // The destroy step finds the registration by the key id it was made with (the input), so that id stays.
      lifecycle: props.keyIdentity !== undefined ? { ignoreChanges: ["input.spec.request.key_id"] } : undefined,
      dependsOn: props.dependsOn,
      provisioners: [
        { type: "local-exec", command: `${cliCommand} aura cmk create --spec-env ${CMK_SPEC_ENV}`, environment: env },
        { type: "local-exec", when: "destroy", command: `${cliCommand} aura cmk delete --spec-env ${CMK_SPEC_ENV}`, environment: env },
      ],
    });
    const base = baseUrl === AURA_API_BASE_URL ? "" : ` --base-url ${baseUrl}`;
    this.statusCommand = terraformLiteral(
      `${cliCommand} aura cmk status${base} --client-id ${refFlag(creds.data.clientId)} --client-secret ${refFlag(creds.data.clientSecret)} --tenant-id ${props.tenantId} --key-id `,
    ) + props.keyId;
  }
}

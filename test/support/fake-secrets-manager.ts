import type * as http from "node:http";
import { LoopbackHttp } from "./loopback-http";
import { TEST_SECRETS } from "./test-secrets";

/**
 * A loopback stand-in for AWS Secrets Manager's GetSecretValue, for the real AWS SDK v3 client (point it here
 * with AWS_ENDPOINT_URL_SECRETS_MANAGER, see `env()`). It answers as the API reference documents
 * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html, read 2026-12-06):
 * the JSON 1.1 protocol (`X-Amz-Target: secretsmanager.GetSecretValue`, `{"SecretId": ...}`), an answer of
 * ARN, Name, VersionId, VersionStages, CreatedDate and either SecretString or SecretBinary (base64 on the
 * wire), and HTTP 400 errors `{"__type": <code>, "Message": ...}` with the codes the reference lists
 * (ResourceNotFoundException, InvalidRequestException for a secret marked for deletion, DecryptionFailure)
 * plus the common AccessDeniedException. Secrets are regional: a secret is found only by a request signed
 * for its own region (the SigV4 credential scope), as each region is its own endpoint. Everything it
 * answers comes from its own table, never from the request. Signatures are not verified.
 */

export interface FakeSecret {
  arn: string;
  /** Exactly one of the two, as in Secrets Manager. */
  string?: string;
  binary?: Buffer;
  /** Marked for deletion: GetSecretValue answers InvalidRequestException. */
  deleted?: boolean;
  /** The caller may not read it: AccessDeniedException. */
  denied?: boolean;
  /** Its KMS key cannot decrypt it (key disabled, or no kms:Decrypt): DecryptionFailure. */
  undecryptable?: boolean;
}

export interface SecretsManagerCall {
  target: string;
  secretId: string;
  /** The region of the request's signature. */
  region: string;
}

const CALLER = "arn:aws:sts::111122223333:assumed-role/ci-deploy/pipeline";

/** The region of a SigV4 Authorization header: `Credential=<key>/<date>/<region>/secretsmanager/aws4_request`. */
function regionOf(authorization: string | undefined): string {
  return /Credential=[^/]+\/\d{8}\/([^/]+)\/secretsmanager\/aws4_request/.exec(authorization ?? "")?.[1] ?? "";
}

export class FakeSecretsManager {
  readonly calls: SecretsManagerCall[] = [];

  private constructor(
    private readonly http: LoopbackHttp,
    private readonly secrets: readonly FakeSecret[],
  ) {}

  static async start(secrets: readonly FakeSecret[]): Promise<FakeSecretsManager> {
    let self: FakeSecretsManager | undefined;
    const http = await LoopbackHttp.listen((req, res) => void self!.handle(req, res));
    self = new FakeSecretsManager(http, secrets);
    return self;
  }

  get url(): string {
    return this.http.url;
  }

  /**
   * Points this process's AWS SDK here (`env()` written into process.env) for in-process tests; returns the
   * function that puts the previous values back.
   */
  useInProcess(): () => void {
    const saved: Record<string, string | undefined> = {};
    const set = (vars: Record<string, string | undefined>) => {
      for (const [k, v] of Object.entries(vars)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    };
    for (const k of Object.keys(this.env())) saved[k] = process.env[k];
    set(this.env());
    return () => set(saved);
  }

  /** The environment that sends the AWS SDK here with made-up credentials and no default region. */
  env(): Record<string, string | undefined> {
    return {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: this.url,
      AWS_ACCESS_KEY_ID: "AKIAFAKESECRETSMGR01",
      AWS_SECRET_ACCESS_KEY: TEST_SECRETS.secretsManagerAwsKey,
      AWS_SESSION_TOKEN: undefined,
      AWS_REGION: undefined,
      AWS_DEFAULT_REGION: undefined,
      AWS_PROFILE: undefined,
      AWS_EC2_METADATA_DISABLED: "true",
    };
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private send(res: http.ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { "Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": `0a1b2c3d-0000-4000-8000-${String(this.calls.length).padStart(12, "0")}` });
    res.end(JSON.stringify(body));
  }

  private error(res: http.ServerResponse, code: string, message: string): void {
    this.send(res, 400, { __type: code, Message: message });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const target = String(req.headers["x-amz-target"] ?? "");
    const region = regionOf(req.headers.authorization);
    let input: { SecretId?: unknown } = {};
    try {
      input = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as typeof input;
    } catch {
      return this.error(res, "SerializationException", "Start of structure or map found where not expected.");
    }
    const secretId = typeof input.SecretId === "string" ? input.SecretId : "";
    this.calls.push({ target, secretId, region });
    if (target !== "secretsmanager.GetSecretValue") return this.error(res, "UnknownOperationException", "");
    if (!secretId) return this.error(res, "InvalidParameterException", "Invalid parameter: SecretId must be given.");
    const secret = this.secrets.find((s) => (s.arn === secretId || name(s.arn) === secretId) && s.arn.split(":")[3] === region);
    if (!secret) return this.error(res, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
    if (secret.denied) {
      return this.error(res, "AccessDeniedException", `User: ${CALLER} is not authorized to perform: secretsmanager:GetSecretValue on resource: ${secret.arn} because no identity-based policy allows the secretsmanager:GetSecretValue action`);
    }
    if (secret.deleted) return this.error(res, "InvalidRequestException", "You can't perform this operation on the secret because it was marked for deletion.");
    if (secret.undecryptable) return this.error(res, "DecryptionFailure", "Secrets Manager can't decrypt the protected secret text using the provided KMS key.");
    this.send(res, 200, {
      ARN: secret.arn,
      Name: name(secret.arn),
      VersionId: "EXAMPLE1-90ab-cdef-fedc-ba987SECRET1",
      VersionStages: ["AWSCURRENT"],
      CreatedDate: 1764950400.123,
      ...(secret.binary !== undefined ? { SecretBinary: secret.binary.toString("base64") } : { SecretString: secret.string }),
    });
  }
}

/** The secret's name: the ARN's last part without the six random characters Secrets Manager appends. */
function name(arn: string): string {
  return arn.replace(/^.*:secret:/, "").replace(/-[A-Za-z0-9]{6}$/, "");
}

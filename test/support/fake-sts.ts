import * as http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback stand-in for AWS STS (Query API, version 2011-06-15), enough for the AWS provider to learn
 * which account its credentials belong to: GetCallerIdentity and AssumeRole. It answers as STS documents
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html, API_AssumeRole.html):
 * the caller is identified by the access key id in the request's SigV4 signature, and a role assumed
 * belongs to the account in its ARN, whatever the caller's own account is. Signatures are not verified.
 *
 * Point a provider at it with the AWS SDK's service endpoint variable (AWS_ENDPOINT_URL_STS=<url>) or the
 * provider's `endpoints { sts = <url> }`.
 */

/** A principal the fake knows by its access key id (what the pipeline's credentials are). */
export interface FakeStsCaller {
  account: string;
  /** The caller's ARN, e.g. arn:aws:iam::444455556666:user/ci. */
  arn: string;
}

/** A role that exists: who may assume it and the external id its trust policy requires (if any). */
export interface FakeStsRole {
  /** Accounts whose callers the trust policy lets in. */
  trustedAccounts: string[];
  externalId?: string;
}

export interface FakeSts {
  url: string;
  /** One line per request: the action, the caller's account, and for AssumeRole the role, external id and session name. */
  calls: string[];
  close(): Promise<void>;
}

const NS = 'xmlns="https://sts.amazonaws.com/doc/2011-06-15/"';

function errorXml(code: string, message: string): string {
  return `<ErrorResponse ${NS}><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>0a1b2c3d-0000-4000-8000-000000000000</RequestId></ErrorResponse>`;
}

/** The access key id of a SigV4 Authorization header: `AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/sts/aws4_request, ...`. */
function accessKeyOf(authorization: string | undefined): string | undefined {
  return /Credential=([^/,\s]+)\//.exec(authorization ?? "")?.[1];
}

export async function startFakeSts(callers: Readonly<Record<string, FakeStsCaller>>, roles: Readonly<Record<string, FakeStsRole>> = {}): Promise<FakeSts> {
  const calls: string[] = [];
  // Temporary credentials handed out by AssumeRole: access key id -> the assumed role's identity.
  const sessions = new Map<string, FakeStsCaller>();
  let issued = 0;

  const answer = (params: URLSearchParams, key: string | undefined): { status: number; body: string } => {
    const caller = key ? (callers[key] ?? sessions.get(key)) : undefined;
    const action = params.get("Action") ?? "";
    if (!caller) {
      calls.push(`${action} unknown-key`);
      return { status: 403, body: errorXml("InvalidClientTokenId", "The security token included in the request is invalid.") };
    }
    switch (action) {
      case "GetCallerIdentity":
        calls.push(`GetCallerIdentity ${caller.account}`);
        return {
          status: 200,
          body: `<GetCallerIdentityResponse ${NS}><GetCallerIdentityResult><Arn>${caller.arn}</Arn><UserId>AIDAFAKEUSERID000001</UserId><Account>${caller.account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>0a1b2c3d-0000-4000-8000-000000000001</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
        };
      case "AssumeRole": {
        const roleArn = params.get("RoleArn") ?? "";
        const externalId = params.get("ExternalId") ?? "";
        const session = params.get("RoleSessionName") ?? "";
        calls.push(`AssumeRole ${caller.account} ${roleArn} external-id=${externalId || "-"} session=${session || "-"}`);
        const role = roles[roleArn];
        const denied = errorXml("AccessDenied", `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
        if (!role || !role.trustedAccounts.includes(caller.account)) return { status: 403, body: denied };
        if (role.externalId !== undefined && role.externalId !== externalId) return { status: 403, body: denied };
        const m = /^arn:(aws[a-z-]*):iam::([0-9]{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn)!;
        const assumedArn = `arn:${m[1]}:sts::${m[2]}:assumed-role/${m[3]}/${session}`;
        const accessKeyId = `ASIAFAKESESSION${String(++issued).padStart(5, "0")}`;
        sessions.set(accessKeyId, { account: m[2]!, arn: assumedArn });
        const expiration = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
        return {
          status: 200,
          body:
            `<AssumeRoleResponse ${NS}><AssumeRoleResult><AssumedRoleUser><Arn>${assumedArn}</Arn><AssumedRoleId>AROAFAKEROLEID000001:${session}</AssumedRoleId></AssumedRoleUser>` +
            `<Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>fake-session-secret</SecretAccessKey><SessionToken>fake-session-token</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
            `</AssumeRoleResult><ResponseMetadata><RequestId>0a1b2c3d-0000-4000-8000-000000000002</RequestId></ResponseMetadata></AssumeRoleResponse>`,
        };
      }
      default:
        calls.push(`${action} ${caller.account}`);
        return { status: 400, body: errorXml("InvalidAction", `fake STS does not answer ${action}`) };
    }
  };

  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      const { status, body: xml } = answer(new URLSearchParams(body), accessKeyOf(req.headers.authorization));
      res.writeHead(status, { "content-type": "text/xml" });
      res.end(xml);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, calls, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

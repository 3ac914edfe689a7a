import { redactCredentials } from "../../domain/redact";
import { TEST_SECRETS } from "../support/test-secrets";

const { password, awsKey, githubToken, urlPassword, auraClientSecret } = TEST_SECRETS;

describe("redactCredentials", () => {
  test.each<{ name: string; text: string; shown: string }>([
    { name: "URL password hidden, user kept", text: `connect to postgres://admin:${urlPassword}@db.example.com:5432/x`, shown: "connect to postgres://admin:<password not shown>@db.example.com:5432/x" },
    { name: "URL password, upper-case scheme", text: `HTTPS://neo4j:${urlPassword}@host`, shown: "HTTPS://neo4j:<password not shown>@host" },
    { name: "password=value", text: `password=${password} next`, shown: "password=<not shown> next" },
    { name: "api_key = 'quoted'", text: `api_key = '${auraClientSecret}'`, shown: "api_key = <not shown>" },
    { name: "client_secret=value;rest", text: `client_secret=${auraClientSecret};mode=x`, shown: "client_secret=<not shown>;mode=x" },
    { name: "JSON password member", text: `{"password": "${password}", "user": "neo4j"}`, shown: '{"password": "<not shown>", "user": "neo4j"}' },
    { name: "JSON clientSecret member", text: `{"clientSecret":"${auraClientSecret}"}`, shown: '{"clientSecret":"<not shown>"}' },
    { name: "AWS access key id", text: `key ${awsKey} used`, shown: "key <AWS access key id not shown> used" },
    { name: "GitHub token", text: `token is ${githubToken}.`, shown: "token is <token not shown>." },
    { name: "config path with a secret name is kept", text: "connection.password: got a literal string", shown: "connection.password: got a literal string" },
    { name: "URL without a password is kept", text: "https://user@host/path", shown: "https://user@host/path" },
    { name: "plain text kept", text: "arn:aws:kms:us-east-1:123456789012:key/abc", shown: "arn:aws:kms:us-east-1:123456789012:key/abc" },
    { name: "a plan's reference to a secret parameter is kept", text: "    $password = <secret from environment variable T_REMOTE_PW>", shown: "    $password = <secret from environment variable T_REMOTE_PW>" },
    { name: "a reference to a file is kept", text: "$password = <secret from file /run/secrets/pw>", shown: "$password = <secret from file /run/secrets/pw>" },
    { name: "a reference to Secrets Manager is kept", text: "$password = <secret from Secrets Manager arn:aws:secretsmanager:eu-west-1:123456789012:secret:pw-AbCdEf (key password)>", shown: "$password = <secret from Secrets Manager arn:aws:secretsmanager:eu-west-1:123456789012:secret:pw-AbCdEf (key password)>" },
    { name: "an unclosed reference is a value", text: "password=<secret from environment variable", shown: "password=<not shown> from environment variable" },
  ])("$name", ({ text, shown }) => {
    expect(redactCredentials(text)).toBe(shown);
  });
});

import { urlCredentialsProblem, withoutCredentials } from "../../domain/url-credentials";

/** The credentials-in-a-URL rule and the masking of messages, with the edges: any "@", schemes, no scheme. */

describe("urlCredentialsProblem", () => {
  const problem = (instead: string) =>
    `must not hold credentials (user:password@ before the host; the value is not shown): a URL is copied into cdk.tf.json, the Terraform state and logs; ${instead}`;

  test.each<[string, unknown, string | null]>([
    ["a URL without credentials", "neo4j+s://abc.databases.neo4j.io", null],
    ["a host", "abc.databases.neo4j.io:7687", null],
    ["the empty string", "", null],
    ["not a string", 42, null],
    ["user and password", "neo4j+s://admin:secret@abc.databases.neo4j.io", problem("say where")],
    ["a user only", "neo4j+s://admin@host", problem("say where")],
    ["a password holding / (ends the authority early)", "neo4j+s://admin:p/w@host", problem("say where")],
    ["an @ in the path", "https://host/a@b", problem("say where")],
    ["a lone @", "@", problem("say where")],
  ])("%s", (_name, text, expected) => {
    expect(urlCredentialsProblem(text as string, "say where")).toBe(expected);
  });
});

describe("withoutCredentials", () => {
  test.each<[string, unknown, unknown]>([
    ["no @: unchanged", "neo4j+s://host:7687", "neo4j+s://host:7687"],
    ["user and password hidden, scheme and host kept", "neo4j+s://admin:secret@host:7687", "neo4j+s://<credentials not shown>@host:7687"],
    ["everything up to the last @ hidden", "bolt://a@b:c@host", "bolt://<credentials not shown>@host"],
    ["a password holding /", "neo4j://admin:p/w@host", "neo4j://<credentials not shown>@host"],
    ["no scheme: all before the @ hidden", "admin:secret@host", "<credentials not shown>@host"],
    ["a scheme with digits, + . -", "x1+a.b-c://u:p@h", "x1+a.b-c://<credentials not shown>@h"],
    ["a scheme-like text not at the start is no scheme", "see neo4j://u:p@h", "<credentials not shown>@h"],
    ["a scheme starting with a digit is no scheme", "1x://u:p@h", "<credentials not shown>@h"],
    ["an @ at the start", "@host", "<credentials not shown>@host"],
    ["not a string: unchanged", 7, 7],
  ])("%s", (_name, text, expected) => {
    expect(withoutCredentials(text as string)).toBe(expected);
  });
});

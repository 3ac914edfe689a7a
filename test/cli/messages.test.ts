import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { inCallerTerms } from "../../runtime/cli/errors";
import { readConfigFile } from "../../config/load";
import { runAuraSecure } from "../support/run-cli";
import { closedPort } from "../support/verify/aura-mimic";

/** Messages in the caller's language: flags for a CLI user, config paths for a config; files named for what they are. */

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "aura-messages-"));
  fs.copyFileSync(path.join(__dirname, "../runtime/review/fixtures/aura-azure-eastus.json"), path.join(dir, "plan.json"));
});

test.each([
  ["connection.uri and connection.user and connection.password", { "connection.uri": "--uri", "connection.user and connection.password": "--user and --password-env" }, "--uri and --user and --password-env"],
  ["check connection.uri, the network path", { "connection.uri": "--uri" }, "check --uri, the network path"],
  ["nothing to rename", { "connection.uri": "--uri" }, "nothing to rename"],
])("inCallerTerms(%j)", (message, names, expected) => expect(inCallerTerms(message, names)).toBe(expected));

test("cypher import speaks of --uri and --allow-insecure-url, not connection.uri and allowInsecureUrl", async () => {
  const insecure = await runAuraSecure(["cypher", "import", "--uri", "bolt://127.0.0.1:7687", "--user", "neo4j", "--password-env", "PW"], { PW: "pw" });
  expect(insecure).toMatchObject({
    code: 1,
    stderr: 'error: --uri: got "bolt://127.0.0.1:7687"; uses the unencrypted scheme bolt://; allowed: neo4j+s, bolt+s (or pass --allow-insecure-url)\n',
  });
  const port = await closedPort();
  const unreachable = await runAuraSecure(["cypher", "import", "--uri", `neo4j+s://127.0.0.1:${port}`, "--user", "neo4j", "--password-env", "PW", "--timeout", "2s"], { PW: "pw" });
  expect(unreachable.code).toBe(1);
  expect(unreachable.stderr).not.toMatch(/connection\.(uri|user|password)|allowInsecureUrl/);
  expect(unreachable.stderr).toMatch(/^error: .*--uri/);
});

test("verify --outputs with a plan says it is a plan, not schema errors about aura_console", async () => {
  const r = await runAuraSecure(["verify", "--outputs", path.join(dir, "plan.json"), "--dbid", "abcd1234"]);
  expect(r).toMatchObject({
    code: 1,
    stderr: `error: --outputs ${path.join(dir, "plan.json")}: this is a Terraform plan (\`terraform show -json plan.bin\`), not \`terraform output -json\` of a region stack, or the file of \`cdktf deploy --outputs-file\`\n`,
  });
});

test.each([
  ["JSON", "dup.json", '{\n  "project": "a",\n  "regions": [],\n  "project": "b"\n}\n', "the key project is given twice (line 4, column 3)"],
  ["YAML, nested", "dup.yaml", "project: a\nregions:\n  - cloud: aws\n    region: us-east-1\n    region: eu-west-1\n", "the key regions[0].region is given twice (line 5, column 5)"],
])("a key given twice in %s is named with its path", (_kind, name, text, message) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  expect(() => readConfigFile(file)).toThrow(`${file}: ${message}; keep one (the later one would silently win)`);
});

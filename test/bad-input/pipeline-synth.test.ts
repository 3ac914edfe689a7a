import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App } from "cdktf";
import { parseConfig } from "../../config/load";
import { UserError } from "../../domain/errors";
import { composeApp } from "../../stacks/compose";
import { freshConfig } from "./config-rows";
import { STACK_FRAME } from "./secrets";

/**
 * Bad input only the composition can see (it needs every stack's name or every region at once): refused
 * while composing, before anything is written, naming the config path and what to change.
 */

type Mutate = (c: any) => void;
const lambda = (c: any, vpcId: string) => {
  const arn = "arn:aws:secretsmanager:us-east-1:111122223333:secret:dbms-a-admin-AbCdEf";
  c.neo4jAccess.runner = { type: "lambda", region: "us-east-1", vpcId, subnetIds: ["subnet-0a1b2c3d4e5f60711"], neo4jCidrs: ["10.20.8.0/24"], secretsManagerCidrs: ["10.20.9.0/28"] };
  c.neo4jAccess.connection.password = { secretsManagerArn: arn };
  c.neo4jAccess.remoteAliases[0].credentials.password = { secretsManagerArn: arn, jsonKey: "alias" };
};

const rows: Array<[string, Mutate, string, string]> = [
  [
    "an HCP workspace name prefix that makes a stack's workspace name too long",
    (c) => (c.backend = { type: "cloud", organization: "acme", workspaces: { namePrefix: "x".repeat(70) } }),
    "backend.workspaces.namePrefix",
    "HCP Terraform allows at most 90: shorten the prefix or stackPrefix",
  ],
  [
    "the Lambda runner's VPC listed in regions of two accounts",
    (c) => {
      lambda(c, "vpc-0a1b2c3d4e5f60718");
      c.regions[1].accountId = "777788889999";
      c.regions[1].dns.customEndpointRecords = "per-endpoint";
      c.regions[1].network.additionalVpcs = [{ vpcId: "vpc-0a1b2c3d4e5f60718", region: "us-east-1" }];
    },
    "neo4jAccess.runner.vpcId",
    "one VPC belongs to one account",
  ],
];

describe("composition rows (composeApp)", () => {
  test.each(rows)("%s", (_name, mutate, where, hint) => {
    const config = freshConfig();
    mutate(config);
    const parsed = parseConfig(config);
    let message = "";
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "aura-compose-"));
    try {
      composeApp(new App({ outdir, stackTraces: false }), parsed);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      message = err.message;
    }
    // Refused before any stack was synthesized (cdktf makes the folders as stacks are created, no files).
    expect(fs.readdirSync(outdir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name)).toEqual([]);
    const line = message.split("\n").find((l) => l.includes(where)) ?? "";
    expect(line).toContain(hint);
    expect(message).not.toMatch(STACK_FRAME);
  });
});

import { exampleConfig } from "../../config/example";
import { ConfigError } from "../../domain/errors";
import { parseConfig } from "../../config/load";
import { clone, synthConfig } from "../support/synth";

describe("composeApp", () => {
  test("the example gives a stack per cloud and region plus the Neo4j access stack", () => {
    const synth = synthConfig(exampleConfig);
    expect(synth.stacks.map((s) => s.name)).toEqual(["aura-aws-us-east-1", "aura-aws-eu-west-1", "aura-gcp-europe-west1", "aura-azure-eastus", "aura-neo4j-access-dbms-a"]);
    const access = synth.json("aura-neo4j-access-dbms-a");
    expect(Object.keys(access.resource)).toEqual(["terraform_data"]);
    // The state handed to the CLI names where passwords are, never a password.
    expect(access.resource.terraform_data.neo4j_access_apply.input.state.remoteAliases[0].credentials.password).toEqual({ env: "AURA_ALIAS_USER_PASSWORD" });
  });

  test("a config with only neo4jAccess is valid and gives one stack", () => {
    const c = clone(exampleConfig) as any;
    c.regions = [];
    expect(synthConfig(c).stacks.map((s) => s.name)).toEqual(["aura-neo4j-access-dbms-a"]);
  });

  test("a config with neither regions nor neo4jAccess is refused", () => {
    expect(() => parseConfig({ project: "acme" })).toThrow(ConfigError);
    expect(() => parseConfig({ project: "acme" })).toThrow(/regions: got \[\]; list at least one region \(or give neo4jAccess\)/);
  });

  test("problems in neo4jAccess are reported with their full config path", () => {
    const c = clone(exampleConfig) as any;
    c.neo4jAccess.remoteAliases[0].url = "neo4j://abcd1234.production-orch-0000.neo4j.io";
    expect(() => parseConfig(c)).toThrow(/neo4jAccess\.remoteAliases\[0\]\.url: got "neo4j:\/\/abcd1234/);
  });
});

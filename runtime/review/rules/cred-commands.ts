import { commandFindings } from "../posture/runners";
import type { Rule } from "../rule";

export const credCommands: Rule = {
  id: "AURA-CRED-2",
  severity: "medium",
  title: "A provisioner command the review does not recognize will run",
  meaning:
    "Provisioners run on the machine that applies the plan, with its environment: the Neo4j admin password and the Aura API secret the runners read are there. The runners' commands are `<cli> cypher apply|destroy` and `<cli> aura cmk create|delete`, the CLI being aura-secure; this apply runs another command, an expression the plan does not show, or one with shell operators or substitutions.",
  fix: "Keep runner.cliCommand to the aura-secure CLI (npx --no aura-secure, or a path to it); read the command in the configuration before applying.",
  check(change) {
    return commandFindings(change).map((detail) => ({ detail }));
  },
};

import { Command } from "commander";
import { runCli } from "../runtime/cli/errors";
import { certsCommand } from "../runtime/cli/certs-command";
import { confCommand } from "../runtime/cli/conf-command";
import { keystoreCommand } from "../runtime/cli/keystore-command";
import { cypherCommand } from "../runtime/cypher/cli";
import { auraCommand } from "../runtime/aura-api/cli";
import { verifyCommand } from "../runtime/verify/command";
import { diagramCommand, reviewCommand } from "../runtime/review/command";
import { packageVersion } from "../runtime/cli/package-version";

/**
 * The `aura-secure` program. Each command group comes from a function returning a commander Command,
 * so adding a group is one import and one `addCommand` line.
 */
export function buildProgram(): Command {
  const program = new Command("aura-secure")
    .description("Tooling for Neo4j Aura private networking and self-managed Neo4j security")
    .version(packageVersion(), "-V, --version", "print the version of cdktf-aura-secure")
    .showHelpAfterError("(run with --help for usage)");
  program.addCommand(keystoreCommand());
  program.addCommand(certsCommand());
  program.addCommand(confCommand());
  program.addCommand(cypherCommand());
  program.addCommand(auraCommand());
  program.addCommand(verifyCommand());
  program.addCommand(reviewCommand());
  program.addCommand(diagramCommand());
  return program;
}

export async function main(argv: readonly string[] = process.argv): Promise<void> {
  await runCli(buildProgram(), argv);
}

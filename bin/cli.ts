import { Command } from "commander";
import { runCli, UserError } from "../runtime/cli/errors";
import { packageVersion } from "../runtime/cli/package-version";

/**
 * The `aura-secure` program. A command group is a name, the one line `aura-secure --help` shows, and a
 * function that builds its commander Command. The group's modules (the driver, cdktf, crypto, zod) are
 * required only when that group runs, so `--help` and `--version` start fast. Adding a group is one entry
 * here; a new flag goes into the group's own file as before.
 */
export interface CommandGroup {
  readonly name: string;
  readonly summary: string;
  readonly load: () => Command;
}

// `require` inside each load (typed by `import type`) keeps the module out of the start-up path.
export const COMMAND_GROUPS: readonly CommandGroup[] = [
  {
    name: "keystore",
    summary: "PKCS12 keystore with the AES-256 key Neo4j uses for stored remote alias credentials",
    load: () => (require("../runtime/cli/keystore-command") as typeof import("../runtime/cli/keystore-command")).keystoreCommand(),
  },
  {
    name: "certs",
    summary: "TLS certificates for Neo4j SSL policies: a private CA, or Let's Encrypt links",
    load: () => (require("../runtime/cli/certs-command") as typeof import("../runtime/cli/certs-command")).certsCommand(),
  },
  {
    name: "conf",
    summary: "neo4j.conf settings for the keystore and TLS: render, merge, check",
    load: () => (require("../runtime/cli/conf-command") as typeof import("../runtime/cli/conf-command")).confCommand(),
  },
  {
    name: "cypher",
    summary: "Plan, apply, import or remove Neo4j roles, privileges, users' roles and aliases",
    load: () => (require("../runtime/cypher/cli") as typeof import("../runtime/cypher/cli")).cypherCommand(),
  },
  {
    name: "aura",
    summary: "Aura API: register customer managed keys (aura cmk create|status|list|delete)",
    load: () => (require("../runtime/aura-api/cli") as typeof import("../runtime/aura-api/cli")).auraCommand(),
  },
  {
    name: "verify",
    summary: "After deploy, check from inside the network that DNS, ports, TLS and Bolt reach Aura privately",
    load: () => (require("../runtime/verify/command") as typeof import("../runtime/verify/command")).verifyCommand(),
  },
  {
    name: "review",
    summary: "Explain what Terraform plans do to Aura, as a pull-request comment and a pipeline gate",
    load: () => (require("../runtime/review/command") as typeof import("../runtime/review/command")).reviewCommand(),
  },
  {
    name: "diagram",
    summary: "Draw the synthesized stacks as Mermaid and SVG, no plan needed",
    load: () => (require("../runtime/review/command") as typeof import("../runtime/review/command")).diagramCommand(),
  },
];

/** Names people try for a group that has another name: hidden commands that say where it lives. */
export const COMMAND_HINTS: Readonly<Record<string, string>> = {
  tls: "certs",
  ssl: "certs",
  cert: "certs",
  certificate: "certs",
  certificates: "certs",
  cmk: "aura cmk",
  kms: "aura cmk",
};

/** The group the arguments run (`aura-secure <group> ...` or `aura-secure help <group>`), if any. Pure. */
export function selectedGroup(args: readonly string[]): string | undefined {
  const operands = args.filter((a) => !a.startsWith("-"));
  return operands[0] === "help" ? operands[1] : operands[0];
}

function hintCommand(name: string, target: string): Command {
  return new Command(name)
    .description(`not a command: see aura-secure ${target}`)
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => {
      throw new UserError(`unknown command '${name}': it is \`aura-secure ${target}\` (see aura-secure ${target} --help)`);
    });
}

/**
 * The program. With `args` (argv after the program name) only the group they run is loaded; the others
 * are placeholders that list their name and summary. Without, every group is loaded (tests, docs).
 */
export function buildProgram(args?: readonly string[]): Command {
  const program = new Command("aura-secure")
    .description("Tooling for Neo4j Aura private networking and self-managed Neo4j security")
    .version(packageVersion(), "-V, --version", "print the version of cdktf-aura-secure")
    .showHelpAfterError("(run with --help for usage)")
    .showSuggestionAfterError();
  const selected = args === undefined ? undefined : selectedGroup(args);
  for (const group of COMMAND_GROUPS) {
    const load = args === undefined || group.name === selected;
    const command = load ? group.load() : new Command(group.name);
    program.addCommand(command.summary(group.summary));
  }
  for (const [name, target] of Object.entries(COMMAND_HINTS)) program.addCommand(hintCommand(name, target), { hidden: true });
  return program;
}

export async function main(argv: readonly string[] = process.argv): Promise<void> {
  await runCli(buildProgram(argv.slice(2)), argv);
}

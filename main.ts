import * as fs from "node:fs";
import * as path from "node:path";
import { App } from "cdktf";
import { Command, CommanderError } from "commander";
import { UserError } from "./domain/errors";
import { exampleConfig } from "./config/example";
import { displayPath, loadConfigFile, npmSwallowedOptionsHint, parseConfig, resolveConfigFile } from "./config/load";
import { composeApp } from "./stacks/compose";
import { OFFLINE_PREVIEW_OUTDIR, offlinePreviewConfig, offlinePreviewStack } from "./stacks/offline-preview";
import { runByCdktfCli, synthWarnings } from "./stacks/warnings";

/** Folders under cdktf.out/stacks that this synth did not write: left over from another config. */
function staleStackFolders(stacksDir: string, written: readonly string[]): string[] {
  if (!fs.existsSync(stacksDir)) return [];
  return fs
    .readdirSync(stacksDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !written.includes(e.name))
    .map((e) => e.name)
    .sort();
}

/**
 * The app: `npm run synth` (or `cdktf synth` / `cdktf deploy '*'`) builds one stack per cloud and region
 * from the config given by --config or AURA_CONFIG, or from the embedded example when neither is set.
 */
function main(argv: string[]): number {
  const program = new Command("synth")
    .description("Synthesize the Aura private-connectivity stacks into cdktf.out/")
    .option("--config <file>", "JSON or YAML config file (default: $AURA_CONFIG, else the embedded example)")
    .option("--quiet", "print nothing on success")
    .option(
      "--offline-preview",
      `stacks for a terraform plan without cloud credentials, in ${OFFLINE_PREVIEW_OUTDIR}/: no VPC DNS check (it reads the VPCs), no backend (empty local state), fake AWS keys (never apply them)`,
    )
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  // `npm run synth --config x` without "--": npm keeps the option and commander would only say "too many arguments".
  const npmHint = npmSwallowedOptionsHint(argv.slice(2), process.env);
  if (npmHint) {
    console.error(npmHint);
    return 1;
  }
  try {
    program.parse(argv);
  } catch (err) {
    return err instanceof CommanderError ? err.exitCode : 1;
  }
  const opts = program.opts<{ config?: string; quiet?: boolean; offlinePreview?: boolean }>();

  try {
    const file = resolveConfigFile(opts.config, process.env);
    const loaded = file ? loadConfigFile(file) : parseConfig(exampleConfig, "embedded example config");
    const config = opts.offlinePreview ? offlinePreviewConfig(loaded) : loaded;
    // No stack traces in the manifest's annotations: they hold absolute paths and would differ per machine.
    const app = new App({ stackTraces: false, ...(opts.offlinePreview ? { outdir: OFFLINE_PREVIEW_OUTDIR } : {}) });
    const stacks = composeApp(app, config);
    app.synth();
    if (opts.offlinePreview) {
      for (const s of stacks) {
        const json = path.join(app.outdir, "stacks", s.name, "cdk.tf.json");
        fs.writeFileSync(json, `${JSON.stringify(offlinePreviewStack(JSON.parse(fs.readFileSync(json, "utf8"))), null, 2)}\n`);
      }
    }
    if (!opts.quiet) {
      console.log(`Synthesized ${stacks.length} stack(s) from ${file ? displayPath(path.resolve(file)) : "the embedded example config"} into ${app.outdir}/stacks:`);
      for (const s of stacks) console.log(`  ${s.name.padEnd(28)} ${s.description}`);
      if (opts.offlinePreview) {
        console.log("Offline preview: local empty state, no cloud reads, fake AWS keys; plan these stacks to see the shape of a change, never apply them.");
      }
    }
    // Under cdktf-cli the CLI shows the annotations (once, as WARN) and removes stale stack folders itself;
    // anything the app wrote to stderr would appear a second time, as [ERROR].
    if (runByCdktfCli(process.env)) return 0;
    for (const warning of synthWarnings(app)) console.warn(`warning: ${warning}`);
    const stale = staleStackFolders(path.join(app.outdir, "stacks"), stacks.map((s) => s.name));
    if (stale.length > 0) {
      // Not deleted here: a stack folder may hold that stack's local-backend state.
      console.warn(
        `warning: ${path.join(app.outdir, "stacks")} also holds ${stale.join(", ")} from an earlier synth, which this config does not produce; ` +
          "remove them before a pipeline plans every folder (move out any terraform.*.tfstate first)",
      );
    }
    return 0;
  } catch (err) {
    if (err instanceof UserError) {
      console.error(err.message);
      return 1;
    }
    if (process.env.AURA_SECURE_DEBUG) throw err;
    // cdktf's validations (e.g. no terraform on PATH for terraform_data's version check) say what is wrong.
    if (err instanceof Error && /validation failed with the following errors/i.test(err.message)) {
      console.error(err.message.trim());
      return 1;
    }
    // A bug, not the user's input: one line, the stack only when asked for (as the aura-secure CLI does).
    console.error(
      `internal error in the synth: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}\n` +
        "This is a bug, not your input: please report it with the output of the same command run with AURA_SECURE_DEBUG=1.",
    );
    return 1;
  }
}

process.exitCode = main(process.argv);

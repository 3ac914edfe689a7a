import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const REPO = path.resolve(__dirname, "../..");
let built: { file: string } | undefined;

/**
 * The CLI of this working tree (bin/cli.ts and everything it imports) bundled by esbuild into one file, for
 * tests where terraform starts the CLI many times: it starts in a fraction of the time tsx needs, and runs
 * the same sources (dependencies stay in node_modules, found through NODE_PATH). Built once per test file
 * into the file's temp folder.
 */
export function bundledCli(): { command: string; env: Record<string, string> } {
  if (!built || !fs.existsSync(built.file)) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-bundle-"));
    const file = path.join(dir, "aura-secure.js");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require("esbuild") as typeof import("esbuild");
    esbuild.buildSync({
      stdin: {
        // What bin/aura-secure.js does: run the command, then exit (an abandoned connection must not keep it alive).
        contents: `require(${JSON.stringify(path.join(REPO, "bin/cli.ts"))}).main().then(() => process.exit());`,
        resolveDir: REPO,
        loader: "js",
      },
      bundle: true,
      platform: "node",
      target: "node20",
      format: "cjs",
      outfile: file,
      packages: "external",
      logLevel: "error",
    });
    built = { file };
  }
  return { command: `${JSON.stringify(process.execPath)} ${JSON.stringify(built.file)}`, env: { NODE_PATH: path.join(REPO, "node_modules") } };
}

import * as fs from "node:fs";
import * as readline from "node:readline";

/**
 * The side of a twin host process that talks to the test: the config file named on the command line,
 * one JSON line on stdout when the host is ready (the test waits for it instead of sleeping), JSON lines
 * on stdin for changes, and exit when stdin closes, so a host never outlives the test that started it.
 */

export function readConfig<T>(): T {
  const file = process.argv[2];
  if (!file) throw new Error("usage: <host>.ts <config.json>");
  return JSON.parse(fs.readFileSync(file, "utf8")) as T;
}

export function report(message: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

/** Runs the host; `onMessage` answers each stdin line (a reload). Any startup error exits with it on stderr. */
export function runHost(start: () => Promise<Record<string, unknown>>, onMessage?: (message: Record<string, unknown>) => Promise<Record<string, unknown>>): void {
  const lines = readline.createInterface({ input: process.stdin });
  lines.on("close", () => process.exit(0));
  start().then(
    (ready) => {
      report({ ready: true, ...ready });
      lines.on("line", (line) => {
        if (!line.trim()) return;
        if (!onMessage) return report({ error: "this host takes no messages" });
        onMessage(JSON.parse(line) as Record<string, unknown>).then(report, (e: Error) => report({ error: e.message }));
      });
    },
    (e: Error) => {
      process.stderr.write(`${e.stack ?? e.message}\n`);
      process.exit(1);
    },
  );
}

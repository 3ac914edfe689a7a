import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";

/**
 * Network namespaces of the twin, named `twin-<pid>-<random>-<role>` so concurrent runs never collide and
 * a run can recognise namespaces left by a run whose process is gone. Commands go through iproute2
 * (`ip -batch -` per namespace: one process for many commands).
 */

const PREFIX = /^twin-(\d+)-[a-z0-9]+-/;

export function newRunId(): string {
  return `twin-${process.pid}-${randomBytes(3).toString("hex")}`;
}

export function run(command: string, args: readonly string[], input?: string): string {
  const r = spawnSync(command, args, { encoding: "utf8", input, timeout: 60_000 });
  if (r.error) throw new Error(`${command} ${args.join(" ")}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${r.status}): ${(r.stderr || r.stdout).trim()}\n${input ?? ""}`);
  return r.stdout;
}

/** Runs iproute2 commands (one per line, without the leading `ip`), in a namespace or in the root one. */
export function ipBatch(lines: readonly string[], namespace?: string): void {
  if (!lines.length) return;
  run("ip", [...(namespace ? ["-n", namespace] : []), "-batch", "-"], `${lines.join("\n")}\n`);
}

export function listNamespaces(): string[] {
  return run("ip", ["netns", "list"])
    .split("\n")
    .map((l) => l.split(" ")[0]!)
    .filter(Boolean);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Kills the processes inside a namespace the twin made (ours by name) and deletes it. */
export function removeNamespace(name: string): void {
  if (!PREFIX.test(name)) throw new Error(`refusing to remove namespace ${name}: not one of the twin's`);
  const pids = spawnSync("ip", ["netns", "pids", name], { encoding: "utf8" }).stdout ?? "";
  for (const pid of pids.split(/\s+/).filter(Boolean).map(Number)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  spawnSync("ip", ["netns", "del", name], { encoding: "utf8" });
}

/** Namespaces of earlier runs whose process is gone (a crash or a killed worker): removed before a new run. */
export function removeStaleNamespaces(): string[] {
  const stale = listNamespaces().filter((n) => {
    const m = PREFIX.exec(n);
    return m !== null && Number(m[1]) !== process.pid && !alive(Number(m[1]));
  });
  for (const n of stale) removeNamespace(n);
  return stale;
}

/** Why the twin cannot run here, or null: root, `ip netns` and nft are needed. */
export function twinUnavailable(): string | null {
  if (process.platform !== "linux") return "not Linux";
  if (typeof process.getuid === "function" && process.getuid() !== 0) return "not running as root (network namespaces need it)";
  for (const [tool, args] of [
    ["ip", ["netns", "list"]],
    ["nft", ["--version"]],
  ] as const) {
    const r = spawnSync(tool, args, { encoding: "utf8" });
    if (r.error || r.status !== 0) return `${tool} ${args.join(" ")} unavailable (${r.error?.message ?? r.stderr.trim()}); install iproute2 and nftables`;
  }
  // Root is not always enough (a container without CAP_NET_ADMIN/CAP_SYS_ADMIN): try one namespace.
  const probe = `${newRunId()}-probe`;
  try {
    run("ip", ["netns", "add", probe]);
    run("ip", ["netns", "exec", probe, "nft", "list", "ruleset"]);
    return null;
  } catch (e) {
    return `network namespaces with nftables do not work here (${(e as Error).message.split("\n")[0]})`;
  } finally {
    removeNamespace(probe);
  }
}

import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as readline from "node:readline";
import type { DnsHostConfig } from "../hosts/dns-host";
import type { EndpointHostConfig } from "../hosts/endpoint-host";
import type { PlannedClient, TwinPlan } from "../plan";
import { ipBatch, newRunId, removeNamespace, removeStaleNamespaces, run } from "./namespaces";

/**
 * A twin plan made real: one namespace per host (router, resolver, public resolver, each endpoint, each
 * client), each host joined to the router by a veth pair and routed by /32 (the router plays the VPC's
 * implicit router and the way to the internet), nftables on the endpoint hosts, and the host processes
 * (hosts/*.ts) started with the repository's tsx. Only addresses of the plan are used, all inside the
 * namespaces. close() removes every namespace and process, also after a failure.
 */

const ROOT = path.resolve(__dirname, "../../..");
const TSX = require.resolve("tsx/cjs");
const GATEWAY = "169.254.0.1";
const READY_TIMEOUT_MS = 60_000;

export interface TwinTls {
  caFile: string;
  /** Key and certificate for an endpoint host serving these names. */
  certificate(names: string[]): Promise<{ key: string; cert: string }>;
}

interface Host {
  ns: string;
  addresses: string[];
}

interface HostProcess {
  name: string;
  child: ChildProcess;
  stderr: string[];
  waiters: Array<(message: Record<string, unknown>) => void>;
}

const live = new Set<TwinWorld>();
process.on("exit", () => {
  for (const w of live) w.removeNow();
});

export class TwinWorld {
  private readonly namespaces: string[] = [];
  private readonly processes: HostProcess[] = [];
  private readonly clientHosts = new Map<string, Host>();
  private resolver?: HostProcess;
  private closed = false;

  private constructor(
    readonly runId: string,
    readonly dir: string,
    public plan: TwinPlan,
  ) {}

  /** Builds the twin of a plan; on any failure everything made so far is removed before the error is thrown. */
  static async start(plan: TwinPlan, tls: TwinTls, dir: string): Promise<TwinWorld> {
    removeStaleNamespaces();
    const world = new TwinWorld(newRunId(), dir, plan);
    live.add(world);
    try {
      await world.build(tls);
      return world;
    } catch (e) {
      await world.close();
      throw e;
    }
  }

  private ns(role: string): string {
    const name = `${this.runId}-${role}`;
    this.namespaces.push(name);
    return name;
  }

  private async build(tls: TwinTls): Promise<void> {
    const p = this.plan;
    const router = this.ns("rt");
    const resolver: Host = { ns: this.ns("dns"), addresses: p.networks.map((n) => n.resolver) };
    const pub: Host = { ns: this.ns("pub"), addresses: [p.publicResolver] };
    const endpoints: Host[] = p.endpoints.map((e, i) => ({ ns: this.ns(`ep${i}`), addresses: e.addresses }));
    p.clients.forEach((c, i) => this.clientHosts.set(c.label, { ns: this.ns(`cl${i}`), addresses: [c.address] }));
    const hosts = [resolver, pub, ...endpoints, ...this.clientHosts.values()];

    ipBatch(this.namespaces.map((n) => `netns add ${n}`));
    ipBatch([
      "link set lo up",
      ...hosts.flatMap((h, i) => [
        `link add h${i} type veth peer name eth0 netns ${h.ns}`,
        `link set h${i} up`,
        `addr add ${GATEWAY}/32 dev h${i}`,
        ...h.addresses.map((a) => `route add ${a}/32 dev h${i}`),
      ]),
    ], router);
    // /proc/sys/net shows the namespace of the process that reads it (sysctl(8) is not on every minimal image).
    run("ip", ["netns", "exec", router, "sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_forward"]);
    for (const h of hosts) {
      ipBatch(["link set lo up", "link set eth0 up", ...h.addresses.map((a) => `addr add ${a}/32 dev eth0`), `route add ${GATEWAY}/32 dev eth0`, `route add default via ${GATEWAY} dev eth0`], h.ns);
    }
    p.endpoints.forEach((e, i) => this.loadRuleset(endpoints[i]!.ns, e.ruleset, `ep${i}`));

    const names = (i: number) => {
      const e = p.endpoints[i]!;
      return [...e.aura.orchestrations.map((o) => `*.production-orch-${o}.neo4j.io`), ...(e.aura.customEndpoints.length ? ["*.endpoints.neo4j.io"] : [])];
    };
    const starts: Array<Promise<unknown>> = [
      this.startHost(pub.ns, "pub", "dns-host.ts", { role: "public", address: p.publicResolver, records: p.publicRecords } satisfies DnsHostConfig),
      this.startHost(resolver.ns, "dns", "dns-host.ts", this.resolverConfig()).then((h) => (this.resolver = h)),
      ...endpoints.map(async (h, i) => {
        const cert = await tls.certificate(names(i));
        const config: EndpointHostConfig = { addresses: h.addresses, ports: p.endpoints[i]!.ports, ...cert };
        return this.startHost(h.ns, `ep${i}`, "endpoint-host.ts", config);
      }),
    ];
    await Promise.all(starts);
  }

  private resolverConfig(): DnsHostConfig {
    return {
      role: "resolver",
      listeners: this.plan.networks.map((n) => ({ address: n.resolver, view: this.plan.views.find((v) => v.network === n.id)! })),
      upstream: `${this.plan.publicResolver}:53`,
    };
  }

  private loadRuleset(ns: string, ruleset: string, name: string): void {
    const file = path.join(this.dir, `${this.runId}-${name}.nft`);
    fs.writeFileSync(file, ruleset);
    run("ip", ["netns", "exec", ns, "nft", "-f", file]);
  }

  private startHost(ns: string, name: string, entry: string, config: object): Promise<HostProcess> {
    const file = path.join(this.dir, `${this.runId}-${name}.json`);
    fs.writeFileSync(file, JSON.stringify(config), { mode: 0o600 });
    const child = spawn("ip", ["netns", "exec", ns, process.execPath, "-r", TSX, path.join(__dirname, "../hosts", entry), file], {
      cwd: ROOT,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const host: HostProcess = { name, child, stderr: [], waiters: [] };
    this.processes.push(host);
    child.stderr!.setEncoding("utf8").on("data", (d: string) => host.stderr.push(d));
    readline.createInterface({ input: child.stdout! }).on("line", (line) => {
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      host.waiters.shift()?.(message);
    });
    return this.nextMessage(host, `${name} to start`).then(() => host);
  }

  private nextMessage(host: HostProcess, what: string): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(`no answer within ${READY_TIMEOUT_MS / 1000} s`), READY_TIMEOUT_MS);
      const fail = (why: string) => {
        clearTimeout(timer);
        host.child.off("exit", onExit);
        reject(new Error(`twin host ${host.name}: waiting for ${what}: ${why}\n${host.stderr.join("")}`));
      };
      const onExit = (code: number | null) => fail(`exited (${code})`);
      host.child.once("exit", onExit);
      host.waiters.push((message) => {
        clearTimeout(timer);
        host.child.off("exit", onExit);
        if (message.error) reject(new Error(`twin host ${host.name}: ${String(message.error)}`));
        else resolve(message);
      });
    });
  }

  /**
   * Applies a new plan of the same topology (same hosts and addresses) to the running twin: security group
   * rules and DNS change, as a changed stack applied by terraform would change them.
   */
  async apply(plan: TwinPlan): Promise<void> {
    const shape = (q: TwinPlan) =>
      JSON.stringify([q.networks, q.endpoints.map((e) => [e.stack, e.addresses, e.ports]), q.clients.map((c) => [c.label, c.address])]);
    if (shape(plan) !== shape(this.plan)) throw new Error("the new plan changes the twin's hosts or addresses; build a new twin for it");
    this.plan = plan;
    plan.endpoints.forEach((e, i) => this.loadRuleset(`${this.runId}-ep${i}`, e.ruleset, `ep${i}`));
    const answer = this.nextMessage(this.resolver!, "the new DNS views");
    this.resolver!.child.stdin!.write(`${JSON.stringify(this.resolverConfig())}\n`);
    await answer;
  }

  client(label: string): PlannedClient & { ns: string } {
    const c = this.plan.clients.find((x) => x.label === label);
    const host = this.clientHosts.get(label);
    if (!c || !host) throw new Error(`no twin client ${label}; clients: ${this.plan.clients.map((x) => x.label).join("; ")}`);
    return { ...c, ns: host.ns };
  }

  /** Runs a command inside a client's namespace (what a user runs on that machine). */
  exec(label: string, command: string, args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    const { ns } = this.client(label);
    return new Promise((resolve) => {
      const child = spawn("ip", ["netns", "exec", ns, command, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
      child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
      child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
  }

  /** Stops the host processes (stdin closed: they exit) and removes every namespace of this run. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(
      this.processes.map(
        (p) =>
          new Promise<void>((resolve) => {
            if (p.child.exitCode !== null || p.child.signalCode !== null) return resolve();
            const timer = setTimeout(() => p.child.kill("SIGKILL"), 5000);
            p.child.once("exit", () => {
              clearTimeout(timer);
              resolve();
            });
            p.child.stdin!.end();
          }),
      ),
    );
    this.removeNow();
  }

  /** Synchronous removal (also from the process's exit handler). */
  removeNow(): void {
    for (const p of this.processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    for (const n of this.namespaces) removeNamespace(n);
    this.namespaces.length = 0;
    live.delete(this);
  }
}

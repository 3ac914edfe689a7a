import * as net from "node:net";
import { BoltTestServer } from "../../support/bolt-server";
import { AURA_TLS, startDiscoveryServer, startTlsServer } from "../../support/verify/aura-mimic";
import { readConfig, runHost } from "./host-process";

/**
 * The Aura side of a private endpoint, inside the endpoint host's namespace: the Bolt test server and
 * HTTPS discovery behind TLS with a certificate for Aura's names (from the twin's test CA), and a port
 * for AuraDS's 8491. The shared servers listen on loopback only (test/support keeps them there); the
 * endpoint's interface addresses forward Aura's ports to them, as the endpoint's load balancer does.
 */

export interface EndpointHostConfig {
  addresses: string[];
  ports: number[];
  key: string;
  cert: string;
}

const INSTANCE = /^([a-z0-9-]+)\.(production-orch-[a-z0-9]+\.neo4j\.io)$/;

/**
 * The routing table of an instance names other hosts of its orchestration's domain, as Aura's do
 * (docs/vendor-facts.md, "Verify": the driver follows the routing table), so only the wildcard record
 * makes them resolve. Other names (custom endpoints) route to themselves.
 */
export function routingTable(address: string): { routers: string[]; readers: string[]; writers: string[] } {
  const [host, port] = [address.replace(/:\d+$/, ""), /:(\d+)$/.exec(address)?.[1] ?? "7687"];
  const m = INSTANCE.exec(host.toLowerCase());
  if (!m) return { routers: [address], readers: [address], writers: [address] };
  const member = (n: number) => `p-${m[1]}-000${n}.${m[2]}:${port}`;
  return { routers: [member(1), member(2), member(3)], readers: [member(2), member(3)], writers: [member(1)] };
}

function forward(address: string, port: number, target: number): Promise<net.Server> {
  const server = net.createServer((client) => {
    const upstream = net.connect(target, "127.0.0.1");
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
    client.pipe(upstream).pipe(client);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, address, () => resolve(server));
  });
}

if (require.main === module) {
  const config = readConfig<EndpointHostConfig>();
  runHost(async () => {
    const tls = { key: config.key, cert: config.cert };
    const bolt = await BoltTestServer.start({ tls, routingTable });
    const https = await startDiscoveryServer(tls);
    const gds = await startTlsServer({ ...tls, ...AURA_TLS });
    // 7474 answers like 443 (verify checks that it connects; Aura's HTTP API port).
    const local: Record<number, number> = { 7687: bolt.port, 443: https.port, 7474: https.port, 8491: gds.port };
    for (const address of config.addresses) {
      for (const port of config.ports) {
        if (!local[port]) throw new Error(`no server for Aura port ${port}`);
        await forward(address, port, local[port]!);
      }
    }
    return { addresses: config.addresses, ports: config.ports };
  });
}

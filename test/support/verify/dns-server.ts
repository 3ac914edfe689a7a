import { isIP } from "node:net";
import dns2 from "dns2";

const { Packet } = dns2;

/**
 * A real DNS server on a loopback UDP and TCP port (dns2), answering from a fixed table like a private
 * zone: names it holds get their A/AAAA records, every other name NXDOMAIN (Route53 private zones do the
 * same for names under their domain). `server` is the `host:port` to pass as --dns-server.
 */
export interface TestDnsServer {
  server: string;
  /** Queries received, for assertions (`name TYPE`). */
  queries: string[];
  close(): Promise<void>;
}

export async function startDnsServer(records: Record<string, string[]>): Promise<TestDnsServer> {
  const table = new Map(Object.entries(records).map(([k, v]) => [k.toLowerCase(), v]));
  const queries: string[] = [];
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const q = request.questions[0];
      if (!q) return void send(response);
      const name = q.name.toLowerCase().replace(/\.$/, "");
      queries.push(`${name} ${Packet.typeName(q.type)}`);
      const addresses = table.get(name);
      if (!addresses) {
        response.header.rcode = Packet.RCODE.NXDOMAIN;
        return void send(response);
      }
      const want = q.type === Packet.TYPE.A ? 4 : q.type === Packet.TYPE.AAAA ? 6 : 0;
      for (const address of addresses.filter((a) => isIP(a) === want)) {
        // dns2 encodes plain record objects; its Resource type also declares the encoder's methods.
        response.answers.push({ name: q.name, type: q.type, class: Packet.CLASS.IN, ttl: 1, address } as unknown as dns2.Packet.Resource);
      }
      void send(response);
    },
  });
  const addresses = await server.listen({ udp: { port: 0, address: "127.0.0.1" } });
  return {
    server: `127.0.0.1:${addresses.udp!.port}`,
    queries,
    close: () => server.close(),
  };
}

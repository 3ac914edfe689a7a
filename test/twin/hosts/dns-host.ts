import { promises as dnsPromises } from "node:dns";
import dns2 from "dns2";
import { resolveInView, resolvePublic, type Answer, type DnsView } from "../dns/resolution";
import { readConfig, runHost } from "./host-process";

const { Packet } = dns2;

/**
 * A DNS host of the twin (dns2 on UDP port 53). As the resolver host it listens on each network's
 * resolver address and answers with that network's view (dns/resolution.ts), forwarding what no private
 * zone or policy answers to the public resolver host; as the public host it answers the "internet".
 * A reload message replaces the views (a mutation applied to a running twin).
 */

export type DnsHostConfig =
  | { role: "resolver"; listeners: Array<{ address: string; view: DnsView }>; upstream: string }
  | { role: "public"; address: string; records: Record<string, string[]> };

type Rcode = "NOERROR" | "NXDOMAIN" | "SERVFAIL";
const RCODE: Record<Rcode, number> = { NOERROR: Packet.RCODE.NOERROR, NXDOMAIN: Packet.RCODE.NXDOMAIN, SERVFAIL: Packet.RCODE.SERVFAIL };

/** Asks the public resolver, as a recursive resolver would, and maps node's errors back to response codes. */
async function forward(resolver: dnsPromises.Resolver, name: string, type: string): Promise<{ rcode: Rcode; answers: Answer[] }> {
  if (type !== "A" && type !== "AAAA") return { rcode: "NOERROR", answers: [] };
  try {
    const values = type === "A" ? await resolver.resolve4(name) : await resolver.resolve6(name);
    return { rcode: "NOERROR", answers: values.map((value) => ({ name, type, value })) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOTFOUND") return { rcode: "NXDOMAIN", answers: [] };
    if (code === "ENODATA") return { rcode: "NOERROR", answers: [] };
    return { rcode: "SERVFAIL", answers: [] };
  }
}

function server(answer: (name: string, type: string) => Promise<{ rcode: Rcode; answers: Answer[] }>) {
  return dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const q = request.questions[0];
      if (!q) return void send(response);
      const type = Packet.typeName(q.type) ?? String(q.type);
      answer(q.name, type).then(
        (r) => {
          response.header.rcode = RCODE[r.rcode];
          response.header.ra = 1;
          for (const a of r.answers) {
            // dns2 encodes plain record objects; its Resource type also declares the encoder's methods.
            response.answers.push({ name: q.name, type: q.type, class: Packet.CLASS.IN, ttl: 1, address: a.value } as unknown as dns2.Packet.Resource);
          }
          send(response);
        },
        () => {
          response.header.rcode = RCODE.SERVFAIL;
          send(response);
        },
      );
    },
  });
}

if (require.main === module) {
  const config = readConfig<DnsHostConfig>();
  if (config.role === "public") {
    runHost(async () => {
      await server(async (name, type) => resolvePublic(config.records, name, type)).listen({ udp: { port: 53, address: config.address } });
      return { address: config.address };
    });
  } else {
    const views = new Map(config.listeners.map((l) => [l.address, l.view]));
    const upstream = new dnsPromises.Resolver({ timeout: 2000, tries: 1 });
    upstream.setServers([config.upstream]);
    let generation = 0;
    runHost(
      async () => {
        for (const address of views.keys()) {
          const s = server(async (name, type) => {
            const r = resolveInView(views.get(address)!, name, type);
            return r.kind === "forward" ? forward(upstream, name, type) : r;
          });
          await s.listen({ udp: { port: 53, address } });
        }
        return { addresses: [...views.keys()] };
      },
      async (message) => {
        for (const l of message.listeners as Array<{ address: string; view: DnsView }>) {
          if (!views.has(l.address)) throw new Error(`no listener on ${l.address}: the twin's topology changed`);
          views.set(l.address, l.view);
        }
        return { reloaded: ++generation };
      },
    );
  }
}

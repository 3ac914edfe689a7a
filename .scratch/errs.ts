import neo4j from "neo4j-driver";
import * as net from "node:net";
async function tryIt(uri: string, opts: any = {}) {
  const t = Date.now();
  const d = neo4j.driver(uri, neo4j.auth.basic("a", "b"), { connectionTimeout: 3000, connectionAcquisitionTimeout: 4000, maxConnectionRetryTime: 4000, logging: { level: "error", logger: () => undefined }, ...opts });
  const s = d.session({ database: "system" });
  try { await s.run("RETURN 1"); } catch (e: any) {
    console.log(uri, Date.now() - t, "ms", { name: e.name, code: e.code, retriable: e.retriable, msg: String(e.message).slice(0, 300), cause: e.cause ? { code: e.cause.code, message: String(e.cause.message).slice(0,200) } : undefined });
  } finally { await s.close().catch(() => 0); await d.close().catch(() => 0); }
}
(async () => {
  const lookup = (h: string, o: any, cb: any) => cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${h}`), { code: "ENOTFOUND", hostname: h }));
  await tryIt("bolt://127.0.0.1:1");
  await tryIt("neo4j://127.0.0.1:1");
  // tls to a plain tcp server that closes
  const srv = net.createServer((s) => s.end()).listen(0, "127.0.0.1");
  await new Promise((r) => srv.on("listening", r));
  const port = (srv.address() as any).port;
  await tryIt(`bolt+s://127.0.0.1:${port}`);
  await tryIt(`neo4j+s://localhost:${port}`);
  srv.close();
})();

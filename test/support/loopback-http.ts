import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** An HTTP server of a fake (Aura API, Lambda) listening on 127.0.0.1, a free port; closed with its connections. */
export class LoopbackHttp {
  private constructor(readonly server: http.Server) {}

  static async listen(handler: http.RequestListener): Promise<LoopbackHttp> {
    const server = http.createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return new LoopbackHttp(server);
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

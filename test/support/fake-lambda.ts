import { LoopbackHttp } from "./loopback-http";

/**
 * The AWS Lambda Invoke API (POST /2015-03-31/functions/{name}/invocations, RequestResponse) on loopback,
 * answering with a handler that runs in this process, so the real AWS provider's aws_lambda_invocation
 * (pointed here with `endpoints { lambda = url }`) invokes the real reconciler handler. As Lambda documents
 * it: the payload is the event, the answer's body the handler's result, and a handler error is a 200 with
 * `X-Amz-Function-Error: Unhandled` and `{errorMessage, errorType}`.
 */
export type InvokeHandler = (event: unknown, context: { getRemainingTimeInMillis(): number }) => Promise<unknown>;

export class FakeLambda {
  /** Every event received, in order. */
  readonly events: unknown[] = [];

  private constructor(
    private readonly http: LoopbackHttp,
    readonly functionName: string,
  ) {}

  static async start(functionName: string, handler: InvokeHandler, timeoutMs = 60_000): Promise<FakeLambda> {
    let self: FakeLambda | undefined;
    const http = await LoopbackHttp.listen((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const m = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(req.url ?? "");
        if (req.method !== "POST" || !m || decodeURIComponent(m[1]) !== functionName) {
          res.writeHead(404, { "Content-Type": "application/json", "x-amzn-ErrorType": "ResourceNotFoundException" });
          res.end(JSON.stringify({ Type: "User", message: `Function not found: ${decodeURIComponent(m?.[1] ?? "")}` }));
          return;
        }
        const event = JSON.parse(Buffer.concat(chunks).toString("utf8") || "null") as unknown;
        self!.events.push(event);
        const started = Date.now();
        handler(event, { getRemainingTimeInMillis: () => timeoutMs - (Date.now() - started) }).then(
          (result) => {
            res.writeHead(200, { "Content-Type": "application/json", "X-Amz-Executed-Version": "$LATEST" });
            res.end(JSON.stringify(result ?? null));
          },
          (e: Error) => {
            res.writeHead(200, { "Content-Type": "application/json", "X-Amz-Function-Error": "Unhandled", "X-Amz-Executed-Version": "$LATEST" });
            res.end(JSON.stringify({ errorMessage: e.message, errorType: e.name }));
          },
        );
      });
    });
    self = new FakeLambda(http, functionName);
    return self;
  }

  get url(): string {
    return this.http.url;
  }

  close(): Promise<void> {
    return this.http.close();
  }
}

import { parseDurationMs, type SecretRef } from "../../domain/neo4j/access-model";
import { UserError } from "../cli/errors";
import { urlCredentialsProblem, withoutCredentials } from "../../domain/url-credentials";

/** Option parsers shared by the CLI and the Lambda event (kept free of commander and the config loader). */

/** Pure: `--timeout 5s` and the like, in milliseconds. */
export function parseDuration(value: string, flag: string): number {
  const ms = parseDurationMs(value);
  if (ms === null) throw new UserError(`${flag} ${JSON.stringify(value)} is not a duration; write e.g. 500ms, 5s or 1m`);
  return ms;
}

/** Pure: `host:port` (or `[v6]:port`, or a bare host for port 53) of the DNS server. */
export function parseDnsServer(value: string, flag = "--dns-server"): string {
  const credentials = urlCredentialsProblem(value, "a DNS server takes no credentials");
  if (credentials) throw new UserError(`${flag} ${JSON.stringify(withoutCredentials(value))}: ${credentials}`);
  const m = /^\[([0-9a-fA-F:]+)\](?::(\d{1,5}))?$/.exec(value) ?? /^([^:\s]+)(?::(\d{1,5}))?$/.exec(value);
  const port = m?.[2] === undefined ? 53 : Number(m[2]);
  if (!m || port < 1 || port > 65535) throw new UserError(`${flag} ${JSON.stringify(value)} must be host:port (e.g. 10.0.0.2:53 or [fd00::2]:53)`);
  return value;
}

/** Pure: `--port-map 7687=41234` pairs (Aura port = local port). */
export function parsePortMap(values: readonly string[], flag = "--port-map"): Record<number, number> {
  const out: Record<number, number> = {};
  for (const v of values) {
    const m = /^(7687|443|7474|8491)=(\d{1,5})$/.exec(v);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) throw new UserError(`${flag} ${JSON.stringify(v)} must be <aura port>=<port>, aura port one of 7687, 443, 7474, 8491`);
    out[Number(m[1])] = Number(m[2]);
  }
  return out;
}

/** Pure: the password reference from the flags (at most one), like the access config's secret references. */
export function passwordRef(o: { passwordEnv?: string; passwordFile?: string }): SecretRef | undefined {
  if (o.passwordEnv && o.passwordFile) throw new UserError("give --password-env or --password-file, not both");
  if (o.passwordEnv) return { env: o.passwordEnv };
  if (o.passwordFile) return { file: o.passwordFile };
  return undefined;
}

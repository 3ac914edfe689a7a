/** Stack outputs as `terraform output -json` prints them for a GCP region stack (private_ip known). */
export function gcpOutputs(opts: { orch: string; privateIp: string; customEndpoints?: string[]; product?: string }): Record<string, unknown> {
  const wrap = (value: unknown, type: unknown = "string") => ({ sensitive: false, type, value });
  const host = `<dbid>.production-orch-${opts.orch}.neo4j.io`;
  return {
    private_ip: wrap(opts.privateIp),
    private_uri_patterns: wrap([`neo4j+s://${host}`], ["list", "string"]),
    dns_records: wrap([`*.production-orch-${opts.orch}.neo4j.io`], ["list", "string"]),
    zone_ids: wrap({}, ["map", "string"]),
    aura_console: wrap(
      {
        product: opts.product ?? "AuraDB Virtual Dedicated Cloud",
        region: "europe-west1",
        project_to_allow_list: "acme-graph-prod",
        steps: ["1. ..."],
        connectivity_checks: [
          `nslookup ${host}`,
          `nc -vz ${host} 7687`,
          ...(opts.customEndpoints ?? []).flatMap((n) => [`nslookup ${n}.endpoints.neo4j.io`, `nc -vz ${n}.endpoints.neo4j.io 7687`]),
        ],
      },
      ["object", {}],
    ),
  };
}

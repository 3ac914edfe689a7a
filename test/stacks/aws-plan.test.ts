import { exampleConfig } from "../../config/example";
import { parseConfig } from "../../config/load";
import { describeWithTerraform, initValidatePlan, plannedResources, stageStack, terraform, withOfflineAwsProviders, type PlanJson } from "../support/terraform";
import { synthConfig } from "../support/synth";

/**
 * Every AWS stack of the embedded example goes through real `terraform init`, `validate` and `plan`,
 * offline, and the assertions read `terraform show -json` of the saved plan.
 */
describeWithTerraform("terraform plan of every AWS stack of the example", () => {
  const config = parseConfig(exampleConfig);
  const synth = synthConfig(exampleConfig);
  const awsRegions = config.regions.filter((r) => r.cloud === "aws");

  test("the example has AWS stacks to plan", () => {
    expect(awsRegions.length).toBeGreaterThanOrEqual(2);
  });

  for (const region of awsRegions) {
    if (region.cloud !== "aws") continue;
    const stackName = `aura-aws-${region.region}`;

    describe(stackName, () => {
      let plan: PlanJson;
      beforeAll(() => {
        const run = stageStack(synth.stackDir(stackName));
        withOfflineAwsProviders(run.dir);
        plan = initValidatePlan(run);
      });

      test("plans to create the endpoint, its security group and rules, the zones and records", () => {
        const types = new Set(plannedResources(plan).map((r) => r.type));
        for (const t of ["aws_vpc_endpoint", "aws_security_group", "aws_vpc_security_group_ingress_rule", "aws_route53_zone", "aws_route53_record"]) {
          expect(types).toContain(t);
        }
        expect([...new Set((plan.resource_changes ?? []).map((c) => c.change.actions.join()))]).toEqual(["create"]);
      });

      test("the endpoint is an interface endpoint to the configured service with private DNS off", () => {
        const endpoint = plannedResources(plan).find((r) => r.type === "aws_vpc_endpoint");
        expect(endpoint?.values).toMatchObject({
          service_name: region.endpointServiceName,
          vpc_endpoint_type: "Interface",
          private_dns_enabled: false,
          vpc_id: region.network.vpcId,
          subnet_ids: expect.arrayContaining(Object.values(region.network.subnets ?? {})),
        });
      });

      test("the security group opens exactly the product's ports, only to configured sources, every rule described", () => {
        const rules = plannedResources(plan).filter((r) => r.type === "aws_vpc_security_group_ingress_rule");
        const ports = [...new Set(rules.map((r) => r.values.from_port as number))].sort((a, b) => a - b);
        // Aura's ports (DESIGN.md section 4): Bolt, HTTPS and HTTP API, and 8491 (Arrow Flight) for AuraDS only.
        expect(ports).toEqual(region.product === "ds-enterprise" ? [443, 7474, 7687, 8491] : [443, 7474, 7687]);
        for (const r of rules) {
          expect(r.values.to_port).toBe(r.values.from_port);
          expect(r.values.cidr_ipv4).not.toBe("0.0.0.0/0");
          expect(String(r.values.description ?? "")).not.toBe("");
        }
        const sources = region.network.allowedCidrs.length + region.network.allowedSecurityGroups.length;
        expect(rules).toHaveLength(ports.length * sources);
      });

      test("a wildcard alias record per orchestration domain", () => {
        const records = plannedResources(plan).filter((r) => r.type === "aws_route53_record");
        for (const orch of region.orchestrations) {
          const wildcard = records.find((r) => r.values.name === `*.production-orch-${orch}.neo4j.io`);
          expect(wildcard?.values.type).toBe("A");
          expect(wildcard?.values.alias).toEqual([expect.objectContaining({ evaluate_target_health: false })]);
        }
      });

      test("custom endpoint names get zones of their own unless the records are a wildcard; no data source is read", () => {
        const zones = plannedResources(plan).filter((r) => r.type === "aws_route53_zone").map((r) => r.values.name as string);
        if (region.dns.customEndpointRecords === "wildcard") {
          expect(zones).toContain("endpoints.neo4j.io");
        } else {
          expect(zones).not.toContain("endpoints.neo4j.io");
          for (const name of region.dns.customEndpoints) expect(zones).toEqual(expect.arrayContaining([`${name}.endpoints.neo4j.io`, `a-${name}.endpoints.neo4j.io`, `d-${name}.endpoints.neo4j.io`]));
        }
        expect(JSON.stringify(plan.configuration)).not.toContain('"mode":"data"');
      });

      test("outputs tell what to paste in the Aura console", () => {
        const consoleOutput = plan.output_changes?.aura_console?.after as Record<string, unknown>;
        expect(consoleOutput.account_to_allow_list).toBe(region.accountId);
        expect(consoleOutput.region).toBe(region.region);
        expect((consoleOutput.steps as string[]).join("\n")).toContain('Do not enable the endpoint\'s "Enable private DNS name"');
        expect(consoleOutput.connectivity_checks).toContain(`curl https://<dbid>.production-orch-${region.orchestrations[0]}.neo4j.io`);
        expect(plan.output_changes?.private_uri_patterns?.after).toEqual(region.orchestrations.map((o) => `neo4j+s://<dbid>.production-orch-${o}.neo4j.io`));
      });
    });
  }
});

describeWithTerraform("terraform validate of the subnet-id-only variant (AZ checked at plan by a data source)", () => {
  test("the data-source postcondition and the endpoint precondition are valid Terraform", () => {
    const c = JSON.parse(JSON.stringify(exampleConfig)) as any;
    c.regions = [c.regions[0]];
    c.regions[0].network.subnetIds = Object.values(c.regions[0].network.subnets);
    delete c.regions[0].network.subnets;
    const synth = synthConfig(c);
    const run = stageStack(synth.stackDir("aura-aws-us-east-1"));
    withOfflineAwsProviders(run.dir);
    terraform(run, ["init", "-input=false"]);
    expect(terraform(run, ["validate", "-json"])).toContain('"valid": true');
    const json = synth.json("aura-aws-us-east-1");
    expect(Object.keys(json.data.aws_subnet)).toHaveLength(3);
  });
});

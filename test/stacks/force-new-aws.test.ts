import * as fs from "node:fs";
import * as path from "node:path";
import { exampleConfig } from "../../config/example";
import { priorStateFromPlan, writePriorState } from "../support/plan-state";
import { synthConfig } from "../support/synth";
import { describeWithTerraform, stageStack, terraform, withOfflineAwsProviders } from "../support/terraform";
import { FORCE_NEW } from "./force-new/attributes";

/**
 * Where the AWS lists of test/stacks/force-new/attributes.ts come from, checked against the real provider
 * (hashicorp/aws 5.100.0 from the offline mirror): `terraform providers schema -json` does not say which
 * arguments force a replacement, but a plan does. The example's us-east-1 stack (every AWS resource type of
 * the example) is planned against a state in which every string, number, bool and string collection argument
 * differs from the config; the plan's `replace_paths` are the arguments that force a replacement. The
 * lifecycle blocks are taken out first, so neither prevent_destroy nor ignore_changes hides one.
 */

const STACK = "aura-aws-us-east-1";

/** A value of the attribute's type that differs from `v`; undefined for types not probed (nested objects). */
function differing(type: unknown, v: unknown): unknown {
  if (type === "string") return typeof v === "string" ? `${v}-old` : "old";
  if (type === "number") return typeof v === "number" ? v + 1 : 1;
  if (type === "bool") return v !== true;
  if (Array.isArray(type) && (type[0] === "list" || type[0] === "set") && type[1] === "string") return [...(Array.isArray(v) ? v : []), "old"];
  if (Array.isArray(type) && type[0] === "map" && type[1] === "string") return { ...((v as object | null) ?? {}), old: "old" };
  return undefined;
}

describeWithTerraform("the AWS provider's own answer: which arguments force a replacement", () => {
  test("a plan against a state where every argument differs replaces exactly on the listed arguments", () => {
    const synth = synthConfig(exampleConfig);
    const run = stageStack(synth.stackDir(STACK));
    withOfflineAwsProviders(run.dir);
    const file = path.join(run.dir, "cdk.tf.json");
    const config = JSON.parse(fs.readFileSync(file, "utf8"));
    for (const byName of Object.values<Record<string, Record<string, unknown>>>(config.resource)) for (const r of Object.values(byName)) delete r.lifecycle;
    fs.writeFileSync(file, JSON.stringify(config));
    terraform(run, ["init", "-input=false"]);
    terraform(run, ["plan", "-input=false", "-lock=false", "-refresh=false", "-out=create.bin"]);
    const state = priorStateFromPlan(JSON.parse(terraform(run, ["show", "-json", "create.bin"])), synth.json(STACK), "us-east-1") as {
      resources: Array<{ type: string; instances: Array<{ attributes: Record<string, unknown> }> }>;
    };
    const schemas = JSON.parse(terraform(run, ["providers", "schema", "-json"])).provider_schemas["registry.terraform.io/hashicorp/aws"].resource_schemas as Record<
      string,
      { block: { attributes: Record<string, { type: unknown; required?: boolean; optional?: boolean }> } }
    >;
    for (const r of state.resources) {
      for (const instance of r.instances) {
        for (const [name, a] of Object.entries(schemas[r.type]!.block.attributes)) {
          if (name === "id" || name === "tags_all" || !(a.required || a.optional)) continue;
          const value = differing(a.type, instance.attributes[name]);
          if (value !== undefined) instance.attributes[name] = value;
        }
      }
    }
    writePriorState(run.dir, state);
    terraform(run, ["plan", "-input=false", "-lock=false", "-refresh=false", "-out=changed.bin"]);
    const plan = JSON.parse(terraform(run, ["show", "-json", "changed.bin"])) as { resource_changes: Array<{ type: string; change: { replace_paths?: string[][] } }> };
    const found: Record<string, Set<string>> = {};
    for (const rc of plan.resource_changes) {
      found[rc.type] ??= new Set();
      for (const p of rc.change.replace_paths ?? []) found[rc.type]!.add(p.join("."));
    }
    const types = Object.keys(found).sort();
    expect(types).toEqual(["aws_kms_alias", "aws_kms_key", "aws_route53_record", "aws_route53_zone", "aws_security_group", "aws_vpc_endpoint", "aws_vpc_security_group_ingress_rule"]);
    expect(Object.fromEntries(types.map((t) => [t, [...found[t]!].sort()]))).toEqual(Object.fromEntries(types.map((t) => [t, [...FORCE_NEW[t]!]])));
  });
});

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { instancesFromCdktfJson, instancesFromCdktfOut, instancesFromPlans } from "../../../runtime/review/instances";
import { errorOf } from "../../support/error-of";
import { changeFactory } from "../../support/hand-built-plans";

describe("instances from plans", () => {
  test("every change but deposed objects, with its current values and status", () => {
    const c = changeFactory("i");
    const created = c("aws_x", ["create"], null, { a: 1 });
    const deleted = c("aws_x", ["delete"], { b: 2 }, null);
    const deposed = c("aws_x", ["delete"], { old: true }, null, { deposed: "d1" });
    expect(instancesFromPlans([{ stack: "st", file: "f", changes: [created, deleted, deposed], drift: [] }])).toEqual([
      { stack: "st", address: "aws_x.i1", type: "aws_x", values: { a: 1 }, status: "created" },
      { stack: "st", address: "aws_x.i2", type: "aws_x", values: { b: 2 }, status: "deleted" },
    ]);
  });
});

describe("instances from a cdk.tf.json", () => {
  test("a literal for_each map: each.key, each.value and each.value.x, in lists and nested objects; other values kept", () => {
    const json = {
      resource: {
        aws_x: {
          r: {
            for_each: { k1: { name: "n1", port: 1 }, k2: null },
            key: "${each.key}",
            whole: "${each.value}",
            name: "${each.value.name}",
            list: ["${each.key}", 5, null, { deep: "${each.value.port}" }],
            count: 3,
            flag: false,
            nothing: null,
            prefixed: "x${each.key}",
            suffixed: "${each.key}x",
            other: "${each.other}",
          },
        },
      },
    };
    const body = { count: 3, flag: false, nothing: null, prefixed: "x${each.key}", suffixed: "${each.key}x", other: "${each.other}" };
    expect(instancesFromCdktfJson("s", json)).toEqual([
      {
        stack: "s",
        address: 'aws_x.r["k1"]',
        type: "aws_x",
        values: { for_each: { k1: { name: "n1", port: 1 }, k2: null }, key: "k1", whole: { name: "n1", port: 1 }, name: "n1", list: ["k1", 5, null, { deep: 1 }], ...body },
        status: "unchanged",
      },
      {
        stack: "s",
        address: 'aws_x.r["k2"]',
        type: "aws_x",
        values: { for_each: { k1: { name: "n1", port: 1 }, k2: null }, key: "k2", whole: null, name: undefined, list: ["k2", 5, null, { deep: undefined }], ...body },
        status: "unchanged",
      },
    ]);
  });

  test("references to another resource's literal string attribute are resolved; others are kept", () => {
    const json = {
      resource: {
        zone: { z: { name: "example.internal", ref: "${zone.y.name}", nums: [1, true, null] } },
        rec: {
          r: {
            zone_name: "${zone.z.name}",
            missing_type: "${nope.z.name}",
            missing_name: "${zone.nope.name}",
            missing_attr: "${zone.z.nope}",
            not_literal: "${zone.z.ref}",
            not_string: "${zone.z.nums}",
            two: "${zone.z.name}/${zone.z.name}",
            nested: [{ a: "${zone.z.name}" }, 7, false],
          },
        },
      },
    };
    expect(instancesFromCdktfJson("s", json)).toEqual([
      { stack: "s", address: "zone.z", type: "zone", values: { name: "example.internal", ref: "${zone.y.name}", nums: [1, true, null] }, status: "unchanged" },
      {
        stack: "s",
        address: "rec.r",
        type: "rec",
        values: {
          zone_name: "example.internal",
          missing_type: "${nope.z.name}",
          missing_name: "${zone.nope.name}",
          missing_attr: "${zone.z.nope}",
          not_literal: "${zone.z.ref}",
          not_string: "${zone.z.nums}",
          two: "example.internal/example.internal",
          nested: [{ a: "example.internal" }, 7, false],
        },
        status: "unchanged",
      },
    ]);
  });

  test("a for_each naming another resource with a literal map: each.value is that resource's instance", () => {
    const json = {
      resource: {
        zone: { z: { for_each: { a: { n: "a.internal" } }, name: "${each.value.n}" } },
        rec: { r: { for_each: "${zone.z}", zone_name: "${each.value.name}" } },
      },
    };
    expect(instancesFromCdktfJson("s", json).map((i) => [i.address, i.values.name ?? i.values.zone_name])).toEqual([
      ['zone.z["a"]', "a.internal"],
      ['rec.r["a"]', "a.internal"],
    ]);
  });

  test.each([
    ["a for_each naming an unknown type", "${nope.z}"],
    ["a for_each naming an unknown resource", "${zone.nope}"],
    ["a for_each naming a resource without for_each", "${zone.plain}"],
    ["a for_each naming a resource whose for_each is null", "${zone.nulled}"],
    ["a for_each naming a resource whose for_each is an expression", "${zone.expr}"],
    ["a for_each naming a resource whose for_each is a list", "${zone.listed}"],
    ["a reference with text before it", "x${zone.z}"],
    ["a reference with text after it", "${zone.z}x"],
    ["a list holding a reference", ["${zone.z}"]],
    ["a number", 3],
  ])("%s is one instance, as configured", (_what, forEach) => {
    const zones = { z: { for_each: { a: {} } }, plain: { name: "p" }, nulled: { for_each: null }, expr: { for_each: "${var.zones}" }, listed: { for_each: ["a"] } };
    const got = instancesFromCdktfJson("s", { resource: { zone: zones, rec: { r: { for_each: forEach } } } }).filter((i) => i.type === "rec");
    expect(got).toEqual([{ stack: "s", address: "rec.r", type: "rec", values: { for_each: forEach }, status: "unchanged" }]);
  });

  test("no resources: no instances", () => {
    expect(instancesFromCdktfJson("s", {})).toEqual([]);
  });
});

describe("instances from a cdktf.out folder", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "aura-instances-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const put = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };

  test("every stack folder with a cdk.tf.json, in name order; other files and folders are skipped", () => {
    put("stacks/zz/cdk.tf.json", JSON.stringify({ resource: { aws_x: { b: { v: 2 } } } }));
    put("stacks/aa/cdk.tf.json", JSON.stringify({ resource: { aws_x: { a: { v: 1 } } } }));
    put("stacks/mm/other.json", "{}");
    put("stacks/cdk.tf.json", "not json");
    expect(instancesFromCdktfOut(dir)).toEqual([
      { stack: "aa", address: "aws_x.a", type: "aws_x", values: { v: 1 }, status: "unchanged" },
      { stack: "zz", address: "aws_x.b", type: "aws_x", values: { v: 2 }, status: "unchanged" },
    ]);
  });

  test("no stacks folder, an empty one, and a file that is not JSON are named", () => {
    expect(errorOf(() => instancesFromCdktfOut(dir))).toBe(`${dir}: no stacks folder; run \`npm run synth\` (or cdktf synth) first, or pass --out <cdktf.out>`);
    fs.mkdirSync(path.join(dir, "stacks", "empty"), { recursive: true });
    expect(errorOf(() => instancesFromCdktfOut(dir))).toBe(`${path.join(dir, "stacks")} holds no <stack>/cdk.tf.json; run the synth first`);
    put("stacks/bad/cdk.tf.json", "{ nope");
    const message = errorOf(() => instancesFromCdktfOut(dir));
    const prefix = `${path.join(dir, "stacks", "bad", "cdk.tf.json")}: not valid JSON (`;
    expect([message.startsWith(prefix), message.endsWith(")"), message.length > prefix.length + 1]).toEqual([true, true, true]);
  });
});

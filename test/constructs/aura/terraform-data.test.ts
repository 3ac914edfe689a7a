import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DataResource, Testing } from "cdktf";
import { TerraformData, TerraformDataVersionCheck } from "../../../constructs/aura/terraform-data";

/**
 * TerraformData writes what cdktf's DataResource writes, and its Terraform version check runs `terraform
 * version` once per binary per process, and not at all while a cached answer for the same file exists.
 */

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "aura-tfdata-"))));

/** A fake terraform that prints `output` and counts its runs in `<name>.runs`. */
function fakeTerraform(name: string, output: string): { bin: string; runs: () => number } {
  const bin = path.join(dir, name);
  const runs = `${bin}.runs`;
  fs.writeFileSync(bin, `#!/bin/sh\necho x >> ${JSON.stringify(runs)}\nprintf '%s\\n' ${JSON.stringify(output)}\n`, { mode: 0o755 });
  return { bin, runs: () => (fs.existsSync(runs) ? fs.readFileSync(runs, "utf8").split("\n").filter(Boolean).length : 0) };
}

function check(binary: string): string[] {
  const saved = process.env.TERRAFORM_BINARY_NAME;
  process.env.TERRAFORM_BINARY_NAME = binary;
  try {
    return new TerraformDataVersionCheck().validate();
  } finally {
    if (saved === undefined) delete process.env.TERRAFORM_BINARY_NAME;
    else process.env.TERRAFORM_BINARY_NAME = saved;
  }
}

test.each([
  ["Terraform v1.11.4\non linux_amd64", []],
  ["Terraform v1.4.0", []],
  ["Terraform v2.0.1", []],
  ["Terraform v1.3.9", ["terraform-1.3.9 version 1.3.9 is lower than the required version >=1.4 for this construct. The built-in Terraform data resource is only supported for Terraform >=1.4. Please upgrade your Terraform version."]],
  ["no version here", ["Could not determine version of terraform-garbage (running terraform-garbage version)"]],
] as const)("terraform version printing %j", (output, expected) => {
  const name = output.includes("1.3.9") ? "terraform-1.3.9" : output.includes("no version") ? "terraform-garbage" : `terraform-${output.split("\n")[0]!.replace(/\W+/g, "")}`;
  const { bin } = fakeTerraform(name, output);
  const errors = check(bin);
  expect(errors.map((e) => e.split(bin).join(name))).toEqual(expected);
});

test("a binary that is not there fails the check, as cdktf's does", () => {
  expect(check(path.join(dir, "no-such-terraform"))[0]).toMatch(/^Could not determine version of .*no-such-terraform, .*no-such-terraform version failed: /);
});

test("asked once per process, and not again while the same binary file is cached", () => {
  const fake = fakeTerraform("terraform-counted", "Terraform v1.11.4");
  expect(check(fake.bin)).toEqual([]);
  expect(check(fake.bin)).toEqual([]);
  expect(fake.runs()).toBe(1);
  // Another name for the same file (a fresh process would start like this): the cache answers.
  const link = path.join(dir, "terraform-link");
  fs.symlinkSync(fake.bin, link);
  expect(check(link)).toEqual([]);
  expect(fake.runs()).toBe(1);
  // A new Terraform is a new file: asked again.
  fs.writeFileSync(fake.bin, `#!/bin/sh\necho x >> ${JSON.stringify(`${fake.bin}.runs`)}\necho 'Terraform v1.12.0 (upgraded)'\n`, { mode: 0o755 });
  fs.utimesSync(fake.bin, new Date(), new Date(Date.now() + 5000));
  const again = path.join(dir, "terraform-link-2");
  fs.symlinkSync(fake.bin, again);
  expect(check(again)).toEqual([]);
  expect(fake.runs()).toBe(2);
});

test("the same JSON as cdktf's DataResource", () => {
  const config = { input: { spec: { a: 1, b: ["x"] } }, triggersReplace: { sha: "abc" }, provisioners: [{ type: "local-exec" as const, command: "echo hi" }] };
  const ours = Testing.synthScope((scope) => void new TerraformData(scope, "run", config));
  const theirs = Testing.synthScope((scope) => void new DataResource(scope, "run", config));
  expect(JSON.parse(ours)).toEqual(JSON.parse(theirs));
});

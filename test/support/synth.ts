import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, Testing } from "cdktf";
import type { Construct } from "constructs";
import { AuraStack } from "../../stacks/aura-stack";
import { parseConfig } from "../../config/load";
import { composeApp, type ComposedStack } from "../../stacks/compose";

export interface SynthResult {
  outdir: string;
  stacks: ComposedStack[];
  /** The synthesized cdk.tf.json of a stack, parsed. */
  json(stack: string): Record<string, any>;
  stackDir(stack: string): string;
}

/** Validates a config and synthesizes all its stacks into a fresh temp dir, as `npm run synth` would. */
export function synthConfig(input: unknown): SynthResult {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "aura-synth-"));
  const app = new App({ outdir, stackTraces: false });
  const stacks = composeApp(app, parseConfig(input));
  app.synth();
  const stackDir = (stack: string) => path.join(outdir, "stacks", stack);
  return {
    outdir,
    stacks,
    stackDir,
    json: (stack) => JSON.parse(fs.readFileSync(path.join(stackDir(stack), "cdk.tf.json"), "utf8")),
  };
}

/** A deep copy of a config object, so tests can change one field without touching the shared example. */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Like Testing.synthScope, but inside an AuraStack so logical ids are the readable ones users see. */
export function synthInAuraStack(build: (scope: Construct) => void): string {
  const app = Testing.app();
  const stack = new AuraStack(app, "test");
  build(stack);
  return Testing.synth(stack);
}

import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { exampleConfig } from "../../config/example";
import { startFakeSts, type FakeSts } from "../support/fake-sts";
import { clone, synthConfig } from "../support/synth";
import { describeWithTerraform, stageStack, type TerraformRun } from "../support/terraform";

/**
 * Real `terraform plan` of an AWS region stack as the app synthesizes it (no test-only provider flags), with
 * STS answered by a loopback fake: the provider asks STS which account its credentials belong to and
 * refuses any account but the configured one, with its own message. The role to assume per region and the
 * spoke account's role are assumed through the same fake.
 */

const execFileAsync = promisify(execFile);
const STACK = "aura-aws-us-east-1";
const TARGET = "111122223333"; // the example's accountId
const OTHER = "444455556666"; // another account whose credentials a pipeline might hold
const TOOLING = "999900001111"; // a pipeline's own account in a multi-account setup
const SPOKE = "555566667777";
const DEPLOY_ROLE = `arn:aws:iam::${TARGET}:role/aura-deploy`;
const SPOKE_ROLE = `arn:aws:iam::${SPOKE}:role/route53-association`;
const KEYS = { other: "AKIAOTHERACCOUNT0001", target: "AKIATARGETACCOUNT001", tooling: "AKIATOOLINGACCOUNT01" };

function config(assumeRole: boolean): any {
  const c = clone(exampleConfig) as any;
  c.regions = [c.regions[0]];
  delete c.neo4jAccess;
  delete c.regions[0].customerManagedKey;
  if (assumeRole) {
    Object.assign(c.regions[0], { assumeRoleArn: DEPLOY_ROLE, assumeRoleExternalId: "aura-pipeline-7f3a" });
    c.regions[0].network.otherAccountVpcs = [{ vpcId: "vpc-0c1b2c3d4e5f60718", region: "us-east-1", accountId: SPOKE, roleArn: SPOKE_ROLE }];
  }
  return c;
}

/** Async, so the fake STS in this process answers while terraform runs. */
async function tf(run: TerraformRun, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number; output: string }> {
  try {
    const r = await execFileAsync("terraform", [...args, "-no-color"], { cwd: run.dir, env: { ...run.env, ...env }, maxBuffer: 256 * 1024 * 1024, timeout: 900_000 });
    return { status: 0, output: `${r.stdout}${r.stderr}` };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { status: typeof e.code === "number" ? e.code : 1, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

// The AWS provider starts once per plan (minutes on a loaded machine): two inits and three plans in all.
jest.setTimeout(1_800_000);

describeWithTerraform("the configured account, enforced by the AWS provider against a fake STS", () => {
  let sts: FakeSts;
  const pinned = synthConfig(config(false));
  const withRole = synthConfig(config(true));
  const runPinned = stageStack(pinned.stackDir(STACK));
  const runRole = stageStack(withRole.stackDir(STACK));
  const credentials = (key: string) => ({ AWS_ACCESS_KEY_ID: key, AWS_SECRET_ACCESS_KEY: "fake-secret", AWS_SESSION_TOKEN: "", AWS_ENDPOINT_URL_STS: sts.url });

  beforeAll(async () => {
    sts = await startFakeSts(
      {
        [KEYS.other]: { account: OTHER, arn: `arn:aws:iam::${OTHER}:user/ci` },
        [KEYS.target]: { account: TARGET, arn: `arn:aws:iam::${TARGET}:user/ci` },
        [KEYS.tooling]: { account: TOOLING, arn: `arn:aws:iam::${TOOLING}:role/pipeline-runner` },
      },
      {
        [DEPLOY_ROLE]: { trustedAccounts: [TOOLING], externalId: "aura-pipeline-7f3a" },
        [SPOKE_ROLE]: { trustedAccounts: [TOOLING] },
      },
    );
    for (const run of [runPinned, runRole]) {
      const init = await tf(run, ["init", "-input=false"]);
      if (init.status !== 0) throw new Error(`terraform init failed:\n${init.output}`);
    }
  });
  afterAll(async () => {
    await sts?.close();
    for (const dir of [path.dirname(runPinned.dir), path.dirname(runRole.dir), pinned.outdir, withRole.outdir]) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("synth: every provider block names its account; the role, external id and session name are in the main provider", () => {
    expect(pinned.json(STACK).provider.aws).toEqual([expect.objectContaining({ region: "us-east-1", allowed_account_ids: [TARGET] })]);
    expect(pinned.json(STACK).provider.aws[0].assume_role).toBeUndefined();
    const providers = withRole.json(STACK).provider.aws as any[];
    expect(providers.map((p) => [p.alias ?? "(default)", p.allowed_account_ids, p.assume_role])).toEqual([
      ["(default)", [TARGET], [{ role_arn: DEPLOY_ROLE, external_id: "aura-pipeline-7f3a", session_name: "cdktf-aura-secure" }]],
      [`account_${SPOKE}_us-east-1`, [SPOKE], [{ role_arn: SPOKE_ROLE, session_name: "cdktf-aura-secure-dns" }]],
    ]);
  });

  test("credentials of another account: the plan is refused with the provider's message, before anything is planned", async () => {
    sts.calls.length = 0;
    const r = await tf(runPinned, ["plan", "-input=false", "-lock=false", "-refresh=false"], credentials(KEYS.other));
    expect(r.status).toBe(1);
    expect(r.output).toContain(`Error: AWS account ID not allowed: ${OTHER}`);
    expect(r.output).not.toContain("Plan:");
    expect(sts.calls).toContain(`GetCallerIdentity ${OTHER}`);
  });

  test("credentials of the configured account: the plan goes through", async () => {
    sts.calls.length = 0;
    const r = await tf(runPinned, ["plan", "-input=false", "-lock=false", "-refresh=false"], credentials(KEYS.target));
    expect({ status: r.status, output: r.status === 0 ? "" : r.output }).toEqual({ status: 0, output: "" });
    expect(r.output).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy/);
    expect(sts.calls).toEqual([`GetCallerIdentity ${TARGET}`]);
  });

  test("a tooling account's credentials with assumeRoleArn: each provider assumes its role and lands in its pinned account", async () => {
    sts.calls.length = 0;
    const r = await tf(runRole, ["plan", "-input=false", "-lock=false", "-refresh=false"], credentials(KEYS.tooling));
    expect({ status: r.status, output: r.status === 0 ? "" : r.output }).toEqual({ status: 0, output: "" });
    expect(r.output).toMatch(/Plan: \d+ to add/);
    expect(new Set(sts.calls)).toEqual(
      new Set([
        `AssumeRole ${TOOLING} ${DEPLOY_ROLE} external-id=aura-pipeline-7f3a session=cdktf-aura-secure`,
        `AssumeRole ${TOOLING} ${SPOKE_ROLE} external-id=- session=cdktf-aura-secure-dns`,
        `GetCallerIdentity ${TARGET}`,
        `GetCallerIdentity ${SPOKE}`,
      ]),
    );
  });
});

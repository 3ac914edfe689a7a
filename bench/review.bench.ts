/**
 * Bench: review one large plan: 2,000 DNS records in 200 per-name zones attached to 3 VPCs (one VPC detached),
 * 500 security group rules on 50 groups (every 10th widened), a key policy of 40 statements, 300 Cloud KMS
 * IAM members and 50 unmodeled resources. Target: the whole review (posture before and after, every rule)
 * under 2 s. Run: npm run bench -- review
 */
import type { ResourceChange, StackPlan } from "../runtime/review/plan-format";
import { changeKind } from "../runtime/review/plan-format";
import { reviewPlans } from "../runtime/review/review";

const TARGET_MS = 2000;
let n = 0;
const rc = (type: string, actions: string[], before: Record<string, unknown> | null, after: Record<string, unknown> | null): ResourceChange => ({
  stack: "bench",
  address: `${type}.r${++n}`,
  type,
  name: `r${n}`,
  kind: changeKind(actions),
  actions,
  before,
  after,
  afterUnknown: {},
  replacePaths: [],
});

const changes: ResourceChange[] = [];
for (let z = 0; z < 200; z++) {
  const zone = { name: `ep${z}.endpoints.neo4j.io`, zone_id: `Z${z}`, vpc: [{ vpc_id: "vpc-a" }, { vpc_id: "vpc-b" }, { vpc_id: "vpc-c" }] };
  changes.push(rc("aws_route53_zone", ["update"], zone, { ...zone, vpc: zone.vpc.slice(0, 2) }));
  for (let r = 0; r < 10; r++) {
    const rec = { zone_id: `Z${z}`, name: `${r ? `x${r}-` : ""}ep${z}.endpoints.neo4j.io`, type: "A", records: ["10.0.0.1"] };
    changes.push(rc("aws_route53_record", ["no-op"], rec, rec));
  }
}
for (let i = 0; i < 500; i++) {
  const rule = { security_group_id: `sg-${i % 50}`, cidr_ipv4: `10.${i % 250}.0.0/16`, from_port: 7687, to_port: 7687, ip_protocol: "tcp" };
  changes.push(rc("aws_vpc_security_group_ingress_rule", ["update"], rule, i % 10 === 0 ? { ...rule, cidr_ipv4: "10.0.0.0/8" } : rule));
}
const statement = (i: number) => ({ Sid: `S${i}`, Effect: "Allow", Principal: { AWS: `arn:aws:iam::${String(100000000000 + i)}:root` }, Action: ["kms:Encrypt", "kms:Decrypt"], Resource: "*" });
const policy = (extra: object[]) => JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*", Resource: "*" }, ...Array.from({ length: 39 }, (_, i) => statement(i)), ...extra] });
changes.push(rc("aws_kms_key", ["update"], { arn: "arn:aws:kms:us-east-1:111122223333:key/k", policy: policy([]) }, { arn: "arn:aws:kms:us-east-1:111122223333:key/k", policy: policy([{ Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" }]) }));
for (let i = 0; i < 300; i++) {
  const m = { crypto_key_id: "projects/p/locations/l/keyRings/r/cryptoKeys/k", member: `serviceAccount:sa${i}@p.iam.gserviceaccount.com`, role: "roles/cloudkms.cryptoKeyEncrypterDecrypter" };
  changes.push(rc("google_kms_crypto_key_iam_member", i % 100 === 0 ? ["delete"] : ["no-op"], m, i % 100 === 0 ? null : m));
}
for (let i = 0; i < 50; i++) changes.push(rc("aws_ssm_parameter", ["update"], { name: `p${i}`, value: "a" }, { name: `p${i}`, value: "b" }));

const plan: StackPlan = { stack: "bench", file: "bench.json", changes, drift: [] };
const heap0 = process.memoryUsage().heapUsed;
const t0 = performance.now();
const result = reviewPlans([plan], { now: new Date("2026-12-06T00:00:00Z") });
const ms = performance.now() - t0;
const heapMb = (process.memoryUsage().heapUsed - heap0) / 1024 / 1024;
const bySeverity = ["high", "medium", "low"].map((s) => `${result.findings.filter((f) => f.severity === s).length} ${s}`).join(", ");
console.log(`review of ${changes.length} resource changes: ${ms.toFixed(0)} ms (target < ${TARGET_MS} ms), heap +${heapMb.toFixed(0)} MB; ${bySeverity}`);
if (ms > TARGET_MS) process.exitCode = 1;

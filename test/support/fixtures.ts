/**
 * The only key statement Aura ever published (DESIGN.md section 5), as the Aura console shows it; the
 * embedded example config uses the same one. A fresh copy per call, so a test may change or compare it.
 */
export function auraSampleStatement(): Record<string, unknown> {
  return {
    Sid: "Allow access for Neo4j",
    Effect: "Allow",
    Principal: { AWS: "*" },
    Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey", "kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
    Resource: "*",
    Condition: { StringEquals: { "kms:CallerAccount": "999988887777" } },
  };
}

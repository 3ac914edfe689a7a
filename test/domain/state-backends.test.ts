import { cloudWorkspaceName, cloudWorkspaceTags, gcsBucketNameProblem, CLOUD_KMS_KEY_PATTERN, SERVICE_ACCOUNT_EMAIL_PATTERN } from "../../domain/state-backends";

describe("gcsBucketNameProblem", () => {
  test.each<[string, string | null]>([
    ["acme-tf-state", null],
    ["acme_tf_state", null],
    ["a1b", null],
    ["state.acme.example.com", null],
    ["a".repeat(63), null],
    ["ab", "must be a Cloud Storage bucket name: 3-63 characters (up to 222 with dots, each dot-separated part 1-63)"],
    ["a".repeat(64), "must be a Cloud Storage bucket name: 3-63 characters (up to 222 with dots, each dot-separated part 1-63)"],
    [`${"a".repeat(64)}.example`, "must be a Cloud Storage bucket name: 3-63 characters (up to 222 with dots, each dot-separated part 1-63)"],
    ["acme..state", "must be a Cloud Storage bucket name: 3-63 characters (up to 222 with dots, each dot-separated part 1-63)"],
    ["Acme-State", "must be a Cloud Storage bucket name: lowercase letters, digits, - _ and ., starting and ending with a letter or digit"],
    ["-acme", "must be a Cloud Storage bucket name: lowercase letters, digits, - _ and ., starting and ending with a letter or digit"],
    ["acme-", "must be a Cloud Storage bucket name: lowercase letters, digits, - _ and ., starting and ending with a letter or digit"],
    ["gs://acme", "must be a Cloud Storage bucket name: lowercase letters, digits, - _ and ., starting and ending with a letter or digit"],
    ["192.168.5.4", "must be a Cloud Storage bucket name, not an IP address"],
    ["goog-state", 'must be a Cloud Storage bucket name: Cloud Storage refuses names starting with "goog" or containing "google"'],
    ["my-google-state", 'must be a Cloud Storage bucket name: Cloud Storage refuses names starting with "goog" or containing "google"'],
  ])("%s -> %s", (name, problem) => {
    expect(gcsBucketNameProblem(name)).toBe(problem);
  });
});

describe("cloud workspaces", () => {
  test.each<[string, string, ReturnType<typeof cloudWorkspaceName>]>([
    ["aura-", "aura-aws-us-east-1", { name: "aura-aura-aws-us-east-1" }],
    ["", "aura-aws-us-east-1", { name: "aura-aws-us-east-1" }],
    ["x".repeat(72), "aura-aws-us-east-1", { name: `${"x".repeat(72)}aura-aws-us-east-1` }],
    [
      "x".repeat(73),
      "aura-aws-us-east-1",
      { problem: `gives stack aura-aws-us-east-1 the workspace name ${"x".repeat(73)}aura-aws-us-east-1 (91 characters); HCP Terraform allows at most 90: shorten the prefix or stackPrefix` },
    ],
  ])("prefix %j + %s", (prefix, stack, expected) => {
    expect(cloudWorkspaceName(prefix, stack)).toEqual(expected);
  });

  test("tags select the stack's own workspace: the configured tags plus the stack's name, once", () => {
    expect(cloudWorkspaceTags(["aura", "env:prod"], "aura-aws-us-east-1")).toEqual(["aura", "env:prod", "aura-aws-us-east-1"]);
    expect(cloudWorkspaceTags(["aura-aws-us-east-1"], "aura-aws-us-east-1")).toEqual(["aura-aws-us-east-1"]);
  });
});

describe("GCS backend names", () => {
  test.each<[string, RegExp, string, boolean]>([
    ["KMS key", CLOUD_KMS_KEY_PATTERN, "projects/acme-graph-prod/locations/europe-west1/keyRings/tf/cryptoKeys/state", true],
    ["KMS key version", CLOUD_KMS_KEY_PATTERN, "projects/acme-graph-prod/locations/global/keyRings/tf/cryptoKeys/state/cryptoKeyVersions/1", false],
    ["KMS key without its path", CLOUD_KMS_KEY_PATTERN, "acme-graph-prod/tf/state", false],
    ["service account", SERVICE_ACCOUNT_EMAIL_PATTERN, "state-writer@acme-graph-prod.iam.gserviceaccount.com", true],
    ["service account with a suffix", SERVICE_ACCOUNT_EMAIL_PATTERN, "state-writer@acme-graph-prod.iam.gserviceaccount.com.evil", false],
    ["a default compute account", SERVICE_ACCOUNT_EMAIL_PATTERN, "12345@developer.gserviceaccount.com", false],
  ])("%s: %s -> %s", (_name, pattern, value, ok) => {
    expect(pattern.test(value)).toBe(ok);
  });
});

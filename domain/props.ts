import { UserError, describeInput } from "./errors";

/**
 * Construct props checked like the config: each construct calls its rule (a pure function in domain/, the
 * same one the config schema uses) at the top of its constructor, and a problem throws PropsError naming
 * the construct, its path, the prop, the value and what is allowed.
 */
export interface PropProblem {
  /** `subnetsByAzId["use1-az3"]`, `allowedCidrs[0].cidr` */
  prop: string;
  value: unknown;
  problem: string;
}

export class PropsError extends UserError {
  constructor(
    readonly construct: string,
    readonly path: string,
    readonly problems: readonly PropProblem[],
  ) {
    super(`${construct} at ${path}: invalid props:\n${problems.map((p) => `  - ${p.prop}: got ${describeInput(p.prop.split(/[.[\]"]+/), p.value)}; ${p.problem}`).join("\n")}`);
    this.name = "PropsError";
  }
}

export function assertProps(construct: string, path: string, problems: readonly PropProblem[]): void {
  if (problems.length > 0) throw new PropsError(construct, path, problems);
}

/** A cdktf token (a value known at apply time, e.g. another resource's attribute): checked by the cloud, not here. */
export function isToken(value: unknown): boolean {
  return typeof value === "string" && value.includes("${TfToken[");
}

/** `key` as shown after a prop name: `.name` or `["use1-az1"]`. */
export function propKey(key: string | number): string {
  if (typeof key === "number") return `[${key}]`;
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/** Problems of a tag map under prop `prop`, from a domain tag rule. */
export function tagPropProblems(prop: string, tags: Readonly<Record<string, string>> | undefined, rule: (t: Readonly<Record<string, string>>) => Array<{ key?: string; problem: string }>): PropProblem[] {
  if (!tags) return [];
  return rule(tags).map(({ key, problem }) => ({ prop: key === undefined ? prop : `${prop}${propKey(key)}`, value: key === undefined ? tags : tags[key], problem }));
}

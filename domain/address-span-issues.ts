import { sourceSpanProblem } from "./address-span";

/** A span problem of a list of CIDR blocks: at one entry (`index`), or of the list as a whole (`index` null). */
export interface SourceSpanIssue {
  index: number | null;
  problem: string;
}

/**
 * The address-span rule (domain/address-span.ts) applied to a list the way messages should point at it: an
 * entry that is too wide on its own is named by its index; entries that are each fine but together cover
 * too much (0.0.0.0/1 + 128.0.0.0/1) are reported on the list. Entries `valid` refuses are left out (the
 * caller's own CIDR check reports them), so one mistake gets one message.
 */
export function sourceSpanIssues(
  cidrs: readonly string[],
  what: string,
  optIn: { name: string; given: boolean } | null,
  valid: (cidr: string) => boolean = () => true,
): SourceSpanIssue[] {
  const judged = cidrs.map((cidr, index) => ({ cidr, index })).filter(({ cidr }) => valid(cidr));
  const each = judged.flatMap(({ cidr, index }) => {
    const problem = sourceSpanProblem([cidr], what, optIn);
    return problem ? [{ index, problem }] : [];
  });
  if (each.length > 0) return each;
  const together = sourceSpanProblem(judged.map((j) => j.cidr), what, optIn);
  return together ? [{ index: null, problem: together }] : [];
}

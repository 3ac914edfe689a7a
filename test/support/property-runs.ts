/**
 * How many cases a fast-check property tries: the number the test gives, or at most AURA_MUTATION_PROPERTY_RUNS
 * when scripts/test-mutation.js sets it. A mutant that survives reruns every property that reaches it in full,
 * which made the runs reaching the address-span rules take seconds a mutant; fewer cases can only kill fewer
 * mutants, so the score it reports is never higher than with every case.
 */
export function propertyRuns(n: number): number {
  const cap = Number(process.env.AURA_MUTATION_PROPERTY_RUNS);
  return Number.isInteger(cap) && cap > 0 ? Math.min(n, cap) : n;
}

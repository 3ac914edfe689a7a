/** The message a function throws, or "(no error)": a rejection table compares it with the text written out. */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return "(no error)";
}

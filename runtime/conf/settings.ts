import { UserError } from "../cli/errors";

/**
 * neo4j.conf as lines: `key=value`, `#` comments, empty lines (Operations Manual, "The neo4j.conf file";
 * docs/vendor-facts.md, Self-managed Neo4j). Neo4j 5 validates strictly: a key set twice stops the server,
 * except server.jvm.additional, where each line adds one JVM argument.
 */
export const MULTI_VALUE_SETTINGS: ReadonlySet<string> = new Set(["server.jvm.additional"]);

export interface ConfSetting {
  /** 1-based line number. */
  line: number;
  key: string;
  value: string;
}

/** Settings in file order; comments, empty lines and lines without '=' are not settings. */
export function parseConfSettings(text: string): ConfSetting[] {
  const settings: ConfSetting[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return;
    const eq = trimmed.indexOf("=");
    if (eq <= 0) return;
    settings.push({ line: index + 1, key: trimmed.slice(0, eq).trim(), value: trimmed.slice(eq + 1).trim() });
  });
  return settings;
}

export interface DuplicateSetting {
  key: string;
  lines: number[];
}

/** Keys declared more than once (server.jvm.additional excepted), in order of first appearance. */
export function findDuplicateSettings(settings: readonly ConfSetting[]): DuplicateSetting[] {
  const lines = new Map<string, number[]>();
  for (const setting of settings) {
    if (MULTI_VALUE_SETTINGS.has(setting.key)) continue;
    lines.set(setting.key, [...(lines.get(setting.key) ?? []), setting.line]);
  }
  return [...lines.entries()].filter(([, at]) => at.length > 1).map(([key, at]) => ({ key, lines: at }));
}

/** The last value of each key, as a map (what a reader such as `conf check` uses to find the keystore settings). */
export function settingValues(settings: readonly ConfSetting[]): Map<string, string> {
  return new Map(settings.map((setting) => [setting.key, setting.value]));
}

export interface MergeResult {
  text: string;
  replaced: string[];
  appended: string[];
  /** Later declarations of a replaced key, dropped so the result starts. */
  removedDuplicates: Array<{ key: string; line: number }>;
}

export const MERGE_HEADER = "# Added by aura-secure conf merge";

/**
 * Merges a fragment into neo4j.conf: a key already set is replaced on its own line (later repeats of it
 * are removed, since Neo4j refuses them), other lines are kept byte for byte, new keys are appended under
 * one header. Multi-value keys are appended unless the same value is already there.
 */
export function mergeConf(confText: string, fragmentText: string, fragmentName = "--fragment"): MergeResult {
  const fragment = parseConfSettings(fragmentText);
  const fragmentDuplicates = findDuplicateSettings(fragment);
  if (fragmentDuplicates.length > 0) {
    const list = fragmentDuplicates.map((d) => `${d.key} (lines ${d.lines.join(", ")})`).join("; ");
    throw new UserError(`${fragmentName} sets a key more than once: ${list}; Neo4j 5 refuses duplicate settings, so fix the fragment first`);
  }
  const wanted = new Map(fragment.filter((s) => !MULTI_VALUE_SETTINGS.has(s.key)).map((s) => [s.key, s.value]));
  const existing = parseConfSettings(confText);
  const existingByLine = new Map(existing.map((s) => [s.line, s]));
  const newline = confText.includes("\r\n") ? "\r\n" : "\n";
  const lines = confText.split(/\r?\n/);
  const trailingNewline = lines.length > 0 && lines[lines.length - 1] === "";
  if (trailingNewline) lines.pop();

  const replaced: string[] = [];
  const removedDuplicates: Array<{ key: string; line: number }> = [];
  const seen = new Set<string>();
  const out: string[] = [];
  lines.forEach((text, index) => {
    const setting = existingByLine.get(index + 1);
    if (!setting || !wanted.has(setting.key)) {
      out.push(text);
      return;
    }
    if (seen.has(setting.key)) {
      removedDuplicates.push({ key: setting.key, line: setting.line });
      return;
    }
    seen.add(setting.key);
    replaced.push(setting.key);
    out.push(`${setting.key}=${wanted.get(setting.key)!}`);
  });

  const appendLines: string[] = [];
  const appended: string[] = [];
  for (const setting of fragment) {
    if (MULTI_VALUE_SETTINGS.has(setting.key)) {
      if (existing.some((s) => s.key === setting.key && s.value === setting.value)) continue;
    } else if (seen.has(setting.key)) {
      continue;
    }
    appendLines.push(`${setting.key}=${setting.value}`);
    appended.push(setting.key);
  }
  if (appendLines.length > 0) {
    if (out.length > 0 && out[out.length - 1]!.trim() !== "") out.push("");
    out.push(MERGE_HEADER, ...appendLines);
  }
  return { text: out.join(newline) + (trailingNewline || appendLines.length > 0 ? newline : ""), replaced, appended, removedDuplicates };
}

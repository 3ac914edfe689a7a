import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The fenced code blocks of the README and docs/, with the markers written just above them as HTML
 * comments (invisible when rendered), so the docs tests find what to check by content and markers, not by
 * position: several people edit these files at once.
 *
 *   <!-- file: aura.yaml -->                 the block is that file of the docs' working folder
 *   <!-- docs: invalid -->                   a config shown for its errors (must fail validation)
 *   <!-- docs: recipe offline-preview -->    a shell recipe the tests run verbatim
 *   <!-- docs: skip <reason> -->             not checked (the reason is required)
 */

export const REPO = path.resolve(__dirname, "../..");

export interface Block {
  /** Repository-relative file and 1-based line of the opening fence. */
  file: string;
  line: number;
  lang: string;
  text: string;
  markers: Record<string, string>;
}

export function docFiles(): string[] {
  const docs = fs.readdirSync(path.join(REPO, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`);
  return ["README.md", ...docs.sort()];
}

const MARKER = /^<!--\s*(file|docs):\s*(.*?)\s*-->$/;

export function blocksOf(file: string): Block[] {
  const lines = fs.readFileSync(path.join(REPO, file), "utf8").split("\n");
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, lang] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !new RegExp(`^\\s*${fence![0]}{${fence!.length},}\\s*$`).test(lines[j]!); j++) body.push(lines[j]!.slice(indent!.length));
    const markers: Record<string, string> = {};
    for (let k = i - 1; k >= 0; k--) {
      const m = MARKER.exec(lines[k]!.trim());
      if (!m) {
        if (lines[k]!.trim() === "") continue;
        break;
      }
      if (m[1] === "file") markers.file = m[2]!;
      else {
        const [key, ...rest] = m[2]!.split(/\s+/);
        markers[key!] = rest.join(" ");
      }
    }
    out.push({ file, line: i + 1, lang: lang ?? "", text: body.join("\n") + "\n", markers });
    i = j;
  }
  return out;
}

export function allBlocks(): Block[] {
  return docFiles().flatMap(blocksOf);
}

export const where = (b: Block) => `${b.file}:${b.line}`;

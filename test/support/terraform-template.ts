/**
 * A model of how Terraform reads a string of JSON configuration (HCL template syntax): `$${` and `%%{`
 * are a literal `${` and `%{`, while `${...}` and `%{...}` are live templates. The crossings tests use it
 * on every case; real terraform checks it on samples (test/crossings/terraform-shell.test.ts).
 */
/** HCL's reading of a template string: `$${` and `%%{` are literal, `${` and `%{` start a template. */
export function readTemplate(raw: string): { text: string; live: string[] } {
  let text = "";
  const live: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const two = raw.slice(i, i + 3);
    if (two === "$${" || two === "%%{") {
      text += `${raw[i]}{`;
      i += 2;
    } else if ((raw[i] === "$" || raw[i] === "%") && raw[i + 1] === "{") {
      let depth = 0;
      let j = i + 1;
      for (; j < raw.length; j++) {
        if (raw[j] === "{") depth++;
        else if (raw[j] === "}" && --depth === 0) break;
      }
      live.push(raw.slice(i, j + 1));
      text += raw.slice(i, j + 1);
      i = j;
    } else text += raw[i];
  }
  return { text, live };
}

/** Every string of a JSON document, keys included. */
export function stringsOf(json: unknown, out: string[] = []): string[] {
  if (typeof json === "string") out.push(json);
  else if (Array.isArray(json)) json.forEach((v) => stringsOf(v, out));
  else if (json && typeof json === "object") Object.entries(json).forEach(([k, v]) => (stringsOf(k, out), stringsOf(v, out)));
  return out;
}


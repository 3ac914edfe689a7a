import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { lintCypherQuery, isNotParamError } from "@neo4j-cypher/language-support";
import { auraApiBaseUrlProblem } from "../../domain/aura/aura-api";
import { checkNeo4jUrl, parseNeo4jAccess, secretRefSchema, type RemoteAliasConfig } from "../../domain/neo4j/access-model";
import { shellArgument, shellCommandProblem, shellValueProblem } from "../../domain/shell";
import { crossTerraform, terraformLiteral } from "../../domain/terraform-literal";
import { urlCredentialsProblem, withoutCredentials } from "../../domain/url-credentials";
import { AuraApiClient } from "../../runtime/aura-api/client";
import { cypherLiteral, privilegeStatements, quoteIdent } from "../../runtime/cypher/privilege-commands";
import { secretResolver } from "../../runtime/cypher/secrets";
import { createLocalAlias, createRemoteAlias } from "../../runtime/cypher/statements";
import { parseLeaves, unquoteIdentifier, unquoteStringLiteral } from "../support/cypher-parse";
import { CROSSINGS_SEED, hostile, hostileAround } from "../support/hostile";
import { readTemplate } from "../support/terraform-template";

/**
 * Each kind of crossing, at least 1,000 hostile cases through the one function that gives its treatment,
 * checked against the other side where it is cheap to ask: sh itself for the shell (one process for all
 * cases), the official Cypher parser, real files, the header an HTTP client would send. Terraform's own
 * reading is checked on samples by terraform itself (terraform-shell.test.ts); here by its documented model.
 */
const RUNS = 1000;
const opts = { numRuns: RUNS, seed: CROSSINGS_SEED };
const CONTROL = /[\u0000-\u001f\u007f]/;

test("terraform: every escaped text reads back as written and holds no live template; refuse refuses exactly the template sequences", () => {
  fc.assert(
    fc.property(hostile, (v) => {
      const read = readTemplate(terraformLiteral(v));
      expect(read.live).toEqual([]);
      expect(read.text).toBe(v);
      expect(crossTerraform(v, "refuse").problem !== null).toBe(/[$%]\{/.test(v));
    }),
    opts,
  );
});

test("shell: sh reads every quoted value back byte for byte (one sh for all cases); NUL is refused", () => {
  const values = fc.sample(hostile, { numRuns: RUNS + 200, seed: CROSSINGS_SEED });
  const passable = values.filter((v) => shellValueProblem(v) === null);
  expect([...new Set(values.filter((v) => v.includes("\u0000")).map((v) => shellValueProblem(v) !== null))]).toEqual([true]);
  expect(passable.length).toBeGreaterThanOrEqual(RUNS);
  // The script comes in on stdin: no limit on its size, and printf is a builtin (no argument-size limit).
  const script = passable.map((v) => `printf '%s\\0' ${shellArgument(v)}`).join("\n");
  const r = spawnSync("sh", ["-s"], { input: script, maxBuffer: 256 * 1024 * 1024 });
  expect(r.status).toBe(0);
  const got = r.stdout.toString("utf8").split("\u0000").slice(0, -1);
  expect(got.length).toBe(passable.length);
  const wrong = passable.map((v, i) => [v, got[i]]).filter(([v, g]) => v !== g);
  expect(wrong).toEqual([]);
});

test("shell: a command the user writes stays one line, so nothing we append can start a command of its own", () => {
  fc.assert(
    fc.property(hostileAround("npx --no aura-secure"), (command) => {
      const problem = shellCommandProblem(command);
      const breaks = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/.test(command) || command.trim() === "";
      expect(problem !== null).toBe(breaks);
    }),
    opts,
  );
});

describe("url", () => {
  const USERINFO = /:\/\/(.*)@/s;
  const unsafe = (u: string) => /[\s@"'`<>\\^{|}$]/.test(u) || CONTROL.test(u);

  test("Neo4j URLs: accepted ones are plain, credentials are refused and never shown", () => {
    const candidates = fc.oneof(
      hostileAround("neo4j+s://db.example.com:7687"),
      hostile.map((h) => `neo4j+s://admin:${h}@db.example.com:7687`),
      hostile.map((h) => `bolt+ssc://${h}`),
    );
    fc.assert(
      fc.property(candidates, (url) => {
        const problem = checkNeo4jUrl(url, { allowInsecureUrl: true, allowUnverifiedTls: true });
        if (problem === null) expect(unsafe(url)).toBe(false);
        if (url.includes("@")) {
          expect(problem).toContain("must not hold credentials");
          const secret = USERINFO.exec(url)?.[1];
          const shown = `${problem} ${withoutCredentials(url)}`;
          if (secret && secret.length > 3) expect(shown).not.toContain(secret);
        }
        expect(urlCredentialsProblem(url, "x") !== null).toBe(url.includes("@"));
      }),
      opts,
    );
  });

  test("+ssc is refused unless allowUnverifiedTls, whatever follows", () => {
    fc.assert(
      fc.property(fc.constantFrom("neo4j+ssc", "bolt+ssc"), fc.domain(), (scheme, host) => {
        const url = `${scheme}://${host}:7687`;
        expect(checkNeo4jUrl(url, { allowInsecureUrl: true })).toContain("accepts any certificate");
        expect(checkNeo4jUrl(url, { allowUnverifiedTls: true })).toBeNull();
      }),
      opts,
    );
  });

  test("Aura API base URLs: accepted ones are plain https (or loopback http), credentials refused", () => {
    const candidates = fc.oneof(hostileAround("https://api.neo4j.io"), hostile.map((h) => `https://${h}@api.neo4j.io`), hostileAround("http://127.0.0.1:8080/v"));
    // In a path, $ ( ) ' ; are URL characters like any other (the status command quotes the URL for the shell).
    const unsafeHere = (u: string) => /[\s@"`<>\\^{|}]/.test(u) || CONTROL.test(u);
    fc.assert(
      fc.property(candidates, (url) => {
        const problem = auraApiBaseUrlProblem(url);
        if (problem === null) {
          expect(unsafeHere(url.replace(/^https?:\/\//, ""))).toBe(false);
          expect(/^(https:\/\/|http:\/\/(127\.|\[::1\]|localhost))/.test(url)).toBe(true);
        }
        if (url.includes("@")) expect(problem).toContain("must not hold credentials");
      }),
      opts,
    );
  });
});

describe("cypher", () => {
  test("identifiers: the official parser reads every quoted name as one token that is the name; control characters and backslashes are refused", () => {
    let quoted = 0;
    let refused = 0;
    fc.assert(
      fc.property(hostile, (name) => {
        if (name === "" || /[\u0000-\u001f\u007f\\]/.test(name)) {
          expect(() => quoteIdent(name)).toThrow();
          refused++;
          return;
        }
        const q = quoteIdent(name);
        const leaves = parseLeaves(`GRANT ROLE ${q} TO \`carol\``);
        expect(leaves).toEqual(["GRANT", "ROLE", q, "TO", "`carol`"]);
        expect(unquoteIdentifier(leaves[2]!)).toBe(name);
        quoted++;
      }),
      opts,
    );
    expect(quoted).toBeGreaterThan(RUNS / 3);
    expect(refused).toBeGreaterThan(0);
  });

  test("identifiers and literals: a sample of the statements lints clean with the full parser (Cypher 5)", () => {
    const names = fc.sample(hostile.filter((n) => n !== "" && !/[\u0000-\u001f\u007f\\]/.test(n) && n.length < 200), { numRuns: 25, seed: CROSSINGS_SEED });
    const statements = names.flatMap((n) => privilegeStatements("app", { privilege: "TRAVERSE", graph: n, where: { label: n, property: n, operator: "=", value: n } }).map((s) => s.query));
    const { diagnostics } = lintCypherQuery(statements.join(";\n"), { defaultLanguage: "CYPHER 5" });
    const errors = diagnostics.filter((d) => d.severity === 1 && isNotParamError({ message: String(d.message) }));
    expect(errors.map((d) => `${statements[d.range.start.line]}: ${String(d.message)}`)).toEqual([]);
  });

  test("literals (property rules take no parameters): the parser reads every quoted value back as written", () => {
    fc.assert(
      fc.property(hostile, (value) => {
        const lit = cypherLiteral(value);
        const [row] = privilegeStatements("app", { privilege: "TRAVERSE", graph: "films", where: { label: "Doc", property: "level", operator: "=", value } }).map((s) => s.query);
        const leaves = parseLeaves(row!);
        const literal = leaves.filter((l) => l.startsWith("'"));
        expect(literal).toEqual([lit]);
        expect(unquoteStringLiteral(literal[0]!)).toBe(value);
        expect(leaves[leaves.length - 1]).toBe("`app`");
      }),
      opts,
    );
  });

  test("parameters: alias URLs, users and properties never enter the statement text, and arrive exactly as parameters", () => {
    const shape = (a: RemoteAliasConfig) => createRemoteAlias(a).query;
    const alias = (url: string, user: string, prop: string): RemoteAliasConfig => ({
      name: "far",
      target: "films",
      url,
      credentials: { type: "stored", user, password: { env: "PW" } },
      properties: { note: prop },
    });
    const plain = shape(alias("neo4j+s://h:7687", "u", "p"));
    fc.assert(
      fc.property(hostile, hostile, hostile, (url, user, prop) => {
        const st = createRemoteAlias(alias(url, user, prop));
        expect(st.query).toBe(plain);
        expect(st.params).toMatchObject({ url, user, properties: { note: prop } });
        const local = createLocalAlias({ name: "near", target: "films", properties: { note: prop } });
        expect(local.query).toBe("CREATE ALIAS `near` FOR DATABASE `films` PROPERTIES $properties");
        expect(local.params).toEqual({ properties: { note: prop } });
      }),
      opts,
    );
  });
});

test("file paths: every readable name is read as that file, with no shell; control characters are refused with the field's path", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crossing-files-"));
  const names = fc.sample(hostile, { numRuns: RUNS * 2, seed: CROSSINGS_SEED });
  let read = 0;
  for (const [i, name] of names.entries()) {
    const refused = secretRefSchema.safeParse({ file: name });
    if (name === "" || CONTROL.test(name)) {
      expect(refused.success).toBe(false);
      expect(parseNeo4jAccessMessage(name)).toContain("neo4jAccess.connection.password");
      continue;
    }
    expect(refused.success).toBe(true);
    // A file named exactly so (no "/" in a name; "." and ".." are folders), holding a marker of its own.
    const base = name.replace(/\//g, "∕");
    if (base === "." || base === ".." || Buffer.byteLength(base) > 255) continue;
    const file = path.join(dir, base);
    fs.writeFileSync(file, `marker-${i}`);
    // A resolver of its own each time: it caches by reference, and the sample may repeat a name.
    expect(await secretResolver({ env: {} })({ file })).toBe(`marker-${i}`);
    fs.rmSync(file);
    read++;
  }
  expect(read).toBeGreaterThanOrEqual(RUNS);
  fs.rmSync(dir, { recursive: true, force: true });
});

function parseNeo4jAccessMessage(file: string): string {
  try {
    parseNeo4jAccess({ connection: { uri: "neo4j+s://h:7687", user: "u", password: { file } } });
    return "";
  } catch (e) {
    return (e as Error).message;
  }
}

test("HTTP header: any client id and secret reach the token request base64-encoded in one Basic header", async () => {
  // An empty id or secret is refused by the client before any request: those pairs are left out.
  const pairs = fc.sample(fc.tuple(hostile, hostile), { numRuns: RUNS + 100, seed: CROSSINGS_SEED }).filter(([id, secret]) => id !== "" && secret !== "");
  expect(pairs.length).toBeGreaterThanOrEqual(RUNS);
  for (const [clientId, clientSecret] of pairs) {
    let header = "";
    const fetch = (async (_url: string, init: { headers: Record<string, string> }) => {
      header = init.headers.Authorization!;
      return new Response(JSON.stringify({ access_token: "t", token_type: "bearer", expires_in: 3600 }), { status: 200, headers: { "content-type": "application/json" } });
    }) as unknown as typeof globalThis.fetch;
    const client = new AuraApiClient({ clientId, clientSecret, deadline: Date.now() + 60_000, fetch });
    await client.token();
    expect(header).toMatch(/^Basic [A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(header.slice("Basic ".length), "base64").toString("utf8")).toBe(Buffer.from(`${clientId}:${clientSecret}`, "utf8").toString("utf8"));
  }
});

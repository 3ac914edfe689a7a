/**
 * Jest reporter of the secret sweep (test/support/secret-sweep.ts). It gives the workers a folder for their
 * hits (AURA_SECRET_SWEEP_DIR, set before any worker starts) and, when the run is complete, fails the run if
 * any worker recorded a test secret in any output, even one written after its test file's own check ran.
 * Plain JavaScript: jest loads reporters without transforming them.
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

class SecretSweepReporter {
  constructor() {
    this.error = undefined;
    this.dir = undefined;
  }

  onRunStart() {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "aura-secret-sweep-"));
    process.env.AURA_SECRET_SWEEP_DIR = this.dir;
  }

  onRunComplete() {
    if (!this.dir) return;
    const hits = [];
    for (const file of fs.readdirSync(this.dir)) {
      for (const line of fs.readFileSync(path.join(this.dir, file), "utf8").split("\n")) {
        if (line.trim()) hits.push(JSON.parse(line));
      }
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
    delete process.env.AURA_SECRET_SWEEP_DIR;
    if (hits.length === 0) return;
    const lines = [...new Set(hits.map((h) => `  - TEST_SECRETS.${h.secret} in ${h.source} (${path.relative(process.cwd(), h.file)}${h.test ? `: "${h.test}"` : ""})`))];
    this.error = new Error(`secret sweep: ${hits.length} test secret(s) appeared in the output of the run:\n${lines.join("\n")}`);
    process.stderr.write(`\n${this.error.message}\n`);
  }

  getLastError() {
    return this.error;
  }
}

module.exports = SecretSweepReporter;

const Module = require("module");
const orig = Module.prototype.require;
const stack = [];
const self = {};
Module.prototype.require = function (id) {
  const s = performance.now();
  stack.push(0);
  try { return orig.apply(this, arguments); } finally {
    const child = stack.pop();
    const ms = performance.now() - s;
    if (stack.length) stack[stack.length-1] += ms;
    let name = id.startsWith(".") ? require("path").relative(process.cwd(), require("path").resolve(require("path").dirname(this.filename), id)) : id;
    name = name.replace(/^node_modules\//, "");
    const key = name.split("/").slice(0, name.startsWith("@")?2:1).join("/");
    const k = key === "dist" ? name : key;
    self[k] = (self[k]||0) + (ms - child);
  }
};
process.on("exit", () => { const e = Object.entries(self).sort((a,b)=>b[1]-a[1]).slice(0,30); for (const [k,v] of e) process.stderr.write(`${v.toFixed(1).padStart(8)} ${k}\n`); });

#!/usr/bin/env node
/**
 * Summarise a `node --cpu-prof` profile: self time by package/file and by function, and total (inclusive) time of
 * the functions that matter, so a bench regression can be pinned on a module without opening DevTools.
 *
 *   node bench/profile-summary.mjs bench/.out/profiles/strict-10000.cpuprofile [--top 25]
 */
import fs from "node:fs";

const [file, ...rest] = process.argv.slice(2);
if (!file) {
  console.error("usage: node bench/profile-summary.mjs <file.cpuprofile> [--top N]");
  process.exit(2);
}
const top = Number(rest[rest.indexOf("--top") + 1]) || 25;
const profile = JSON.parse(fs.readFileSync(file, "utf8"));

const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Sample counts -> self time per node (timeDeltas are microseconds between samples).
const self = new Map();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const totalUs = [...self.values()].reduce((a, b) => a + b, 0);

/** Where a function lives: the npm package, our dist/ module, or node internals. */
function area(url) {
  if (!url) return "(native/gc/idle)";
  const nm = url.lastIndexOf("node_modules/");
  if (nm !== -1) {
    const parts = url.slice(nm + 13).split("/");
    return parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const dist = url.indexOf("/dist/");
  if (dist !== -1) return `kube:${url.slice(dist + 6)}`;
  return url.startsWith("node:") ? "node:internal" : url.replace(/^file:\/\//, "");
}

const byArea = new Map();
const byFunction = new Map();
const inclusive = new Map();
for (const [id, us] of self) {
  const n = nodes.get(id);
  const cf = n.callFrame;
  const a = area(cf.url);
  byArea.set(a, (byArea.get(a) ?? 0) + us);
  const fn = `${cf.functionName || "(anonymous)"}  ${a}:${cf.lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  // inclusive: count once per distinct function on the stack
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const c = nodes.get(cur).callFrame;
    const key = `${c.functionName || "(anonymous)"}  ${area(c.url)}:${c.lineNumber + 1}`;
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + us);
  }
}

const pct = (us) => `${((100 * us) / totalUs).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms`;
const print = (title, map, filter = () => true) => {
  console.log(`\n${title}`);
  [...map.entries()]
    .filter(([k]) => filter(k))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .forEach(([k, us]) => console.log(`${pct(us)}  ${k}`));
};
console.log(`${file}: ${(totalUs / 1e6).toFixed(2)} s sampled`);
print("self time by area", byArea);
print("self time by function", byFunction);
print("inclusive time, plugin functions (kube:)", inclusive, (k) => k.includes("kube:"));

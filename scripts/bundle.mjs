/**
 * After `tsc` (npm run build, prepack, the tests' global setup): bundles dist/'s JavaScript into a few files. Node's
 * ESM loader costs ~0.5 ms per module and the plugin was 130 of them: loading it took ~50 ms more than one bundle
 * does, in every `eslint` process, `--concurrency` worker and pre-commit run (docs/performance.md, round 10).
 *
 * Entries keep their paths (`main`, `bin`, the resolve hooks Node loads by URL, the core modules the bench imports),
 * and all the code they share is one chunk: one copy of each module's state (the index cache, the snapshot switch
 * kube-lint sets). tsc's declarations stay as they are. Without rolldown (a platform it has no binary for), dist/
 * stays as tsc wrote it: slower to load, the same behaviour.
 */
import fs from "node:fs";
import path from "node:path";
import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DIST = path.join(ROOT, "dist");
// A sibling of dist/ at the same depth: the source maps' relative paths stay right once the files move into dist/.
const OUT = `${DIST}.bundle`;

/** Modules imported by path from outside: the plugin, the CLI, its resolve hooks, what bench/rule-timing.mjs times. */
const ENTRIES = [
  "index",
  "cli/kube-lint",
  "cli/resolve-hooks",
  "core/workspace/workspace",
  "core/workspace/scan",
  "core/settings",
  "core/tenancy/namespaces",
  "core/tenancy/protection",
  "rules/support/rule",
];

let rolldown;
try {
  ({ rolldown } = await import("rolldown"));
} catch {
  console.log("bundle: rolldown is not installed here; dist/ stays as tsc wrote it");
  process.exit(0);
}

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const packages = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies, ...pkg.devDependencies });
const builtins = new Set(builtinModules);
const isExternal = (id) =>
  id.startsWith("node:") || builtins.has(id) || packages.some((p) => id === p || id.startsWith(`${p}/`));

fs.rmSync(OUT, { recursive: true, force: true });
const bundle = await rolldown({
  input: Object.fromEntries(ENTRIES.map((e) => [e, path.join(DIST, `${e}.js`)])),
  platform: "node",
  external: isExternal,
});
await bundle.write({
  dir: OUT,
  format: "esm",
  entryFileNames: "[name].js",
  chunkFileNames: "chunks/[name]-[hash].js",
  sourcemap: true,
  // The CLI's code stays in its entry (importing the plugin must not load ESLint's API or the CLI's); everything else
  // the entries share is one chunk, instead of a chunk per set of entries that share a module.
  codeSplitting: { groups: [{ name: "plugin", test: (id) => !/^cli[\\/]/.test(path.relative(DIST, id)) }] },
  // Module bodies run in source order, as unbundled: kube-lint turns a V8 flag off before the plugin's modules run.
  strictExecutionOrder: true,
});
await bundle.close();

// Swap: tsc's JavaScript (and maps) out, the bundle in; declarations stay.
for (const file of walk(DIST)) if (/\.js(\.map)?$/.test(file)) fs.rmSync(file);
for (const file of walk(OUT)) {
  const target = path.join(DIST, path.relative(OUT, file));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.renameSync(file, target);
}
fs.rmSync(OUT, { recursive: true, force: true });

function* walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}

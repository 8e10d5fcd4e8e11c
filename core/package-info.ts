/**
 * The plugin's own package.json (name, version). Found by walking up from this module, so the same code works from
 * the sources (`core/`) under vitest and from the build (`dist/core/`).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface PackageInfo {
  name: string;
  version: string;
}

let cached: PackageInfo | undefined;

export function packageInfo(): PackageInfo {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, "package.json");
    if (fs.existsSync(candidate)) {
      const pkg = JSON.parse(fs.readFileSync(candidate, "utf8")) as Partial<PackageInfo>;
      if (pkg.name === "eslint-plugin-kube" && typeof pkg.version === "string") {
        cached = { name: pkg.name, version: pkg.version };
        return cached;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("eslint-plugin-kube: cannot find its own package.json");
    dir = parent;
  }
}

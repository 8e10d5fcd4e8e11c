/** e2e suites run the built plugin (dist/) through the real eslint binary: build once before any test. */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
  try {
    execFileSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], {
      cwd: root,
      stdio: "inherit",
    });
  } catch {
    // CI builds (and fails) before testing; here a broken build only means e2e suites see the last good dist/.
    console.error("\n*** tsc build failed: e2e tests run against the previous dist/ ***\n");
  }
}

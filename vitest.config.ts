import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // e2e suites spawn the real eslint / pre-commit binaries; give them room on CI's 2 cores.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ["tests/helpers/global-setup.ts"],
  },
});

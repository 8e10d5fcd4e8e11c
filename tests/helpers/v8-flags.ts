/**
 * Tests of the plugin's V8 tuning (burst.ts, gc-pacing.ts): record the flags it would set instead of setting them,
 * so the test process's own collector stays as it is; and run a body with one environment variable set.
 */
import v8 from "node:v8";
import { afterEach, beforeEach, vi } from "vitest";

/** Records every `v8.setFlagsFromString` call of each test into the returned list (emptied before each test). */
export function recordV8Flags(): string[] {
  const flags: string[] = [];
  beforeEach(() => {
    flags.length = 0;
    vi.spyOn(v8, "setFlagsFromString").mockImplementation((flag: string) => void flags.push(flag));
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  return flags;
}

/** Runs `body` with an environment variable set, restoring it after. */
export async function withEnv(name: string, value: string, body: () => Promise<void>): Promise<void> {
  const saved = process.env[name];
  process.env[name] = value;
  try {
    await body();
  } finally {
    if (saved === undefined) delete process.env[name];
    else process.env[name] = saved;
  }
}

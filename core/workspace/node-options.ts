/**
 * Whether the process was started with a given node/V8 option (on the command line or in NODE_OPTIONS): the
 * plugin's V8 tuning (burst.ts, gc-pacing.ts) never overrides what the user chose.
 */

/** `--name` or `--name=value`, with V8's `_` spelling accepted for `-`. */
export function nodeOptionGiven(name: string): boolean {
  const tokens = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)];
  return tokens.some((token) => {
    const option = token.split("=")[0]?.replace(/_/g, "-");
    return option === `--${name}`;
  });
}
